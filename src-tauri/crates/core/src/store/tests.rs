use super::*;
use crate::access::Access;
use crate::model::{Employer, EmployerSize, Kind, Origin, Ownership, Role, Visit, VisitMode, VisitStatus};
use crate::testing::give_passphrase;
use chrono::{NaiveDate, TimeZone};

pub(crate) fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 3, 15, h, 0, 0).unwrap()
}

fn new_store(dir: &Path) -> Created {
    Store::init(
        dir,
        InitOptions {
            person: Person {
                name: "王书记".into(),
                role: Role::Secretary,
                title: "党委书记".into(),
                phone: None,
                email: None,
                ..Person::new("", Role::Secretary)
            },
            passphrase: "correct horse battery",
            school: "示例职业技术学院",
            campaign: Campaign::new(
                "2022年访企拓岗",
                NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2022, 8, 31).unwrap(),
            ),
            kdf: KdfParams::TEST,
            now: at(1),
        },
    )
    .unwrap()
}

fn employer(name: &str) -> Employer {
    Employer {
        name: name.into(),
        credit_code: None,
        industry: "制造业".into(),
        ownership: Ownership::Private,
        size: EmployerSize::Medium,
        region: "江苏省苏州市".into(),
        address: String::new(),
        park: "苏州工业园区".into(),
        is_key: false,
        origin: Origin::Existing,
        developed_on: None,
        notes: String::new(),
        merged_into: None,
    }
}

fn file_digests(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), crypto::checksum(&std::fs::read(&p).unwrap())))
        .collect();
    out.sort();
    out
}

#[test]
fn init_then_unlock_with_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let created = new_store(dir.path());
    assert_eq!(created.recovery_key.len(), 39);
    let actor = created.store.actor().clone();
    drop(created);
    let store = Store::unlock(dir.path(), None, "correct horse battery", at(5)).unwrap();
    assert_eq!(store.actor(), &actor);
    let me: Stored<Person> = records::get(store.conn(), &actor).unwrap();
    assert_eq!(me.data.name, "王书记");
    assert_eq!(store.setting("school").unwrap().as_deref(), Some("示例职业技术学院"));
    assert!(store.check().unwrap().is_empty());
    let slots = Store::slots(dir.path()).unwrap();
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].label, "王书记");
}

/// The page cache follows the database's size: a quarter of it, between 16 and 256 MiB; a new
/// store gets the floor on both of its connections.
#[test]
fn the_page_cache_is_sized_to_the_database() {
    const MIB: u64 = 1024 * 1024;
    assert_eq!(cache_kib(0), 16 * 1024);
    assert_eq!(cache_kib(60 * MIB), 16 * 1024);
    assert_eq!(cache_kib(400 * MIB), 100 * 1024);
    assert_eq!(cache_kib(1400 * MIB), 256 * 1024);
    assert_eq!(cache_kib(u64::MAX), 256 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path()).store;
    let cache = |conn: &rusqlite::Connection| -> i64 { conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap() };
    assert_eq!(cache(store.conn()), -16 * 1024);
    assert_eq!(store.reader().read(|conn| Ok(cache(conn))).unwrap(), -16 * 1024);
}

#[test]
fn a_wrong_passphrase_is_its_own_error_and_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path()));
    let before = file_digests(dir.path());
    let err = Store::unlock(dir.path(), None, "wrong horse battery", at(5)).err().unwrap();
    assert_eq!(err.code(), "store.wrong_secret");
    // Only the count of wrong secrets, kept for the unlock delay, is written.
    let mut after = file_digests(dir.path());
    after.retain(|(name, _)| name != throttle::FILE);
    assert_eq!(after, before);
    assert_eq!(throttle::load(dir.path()), throttle::Failures { count: 1, last: Some(at(5)) });
}

#[test]
fn damaged_key_slots_read_as_damaged_not_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path()));
    crate::testing::damage_a_salt(dir.path());
    let err = Store::unlock(dir.path(), None, "correct horse battery", at(5)).err().unwrap();
    assert_eq!(err.code(), "store.damaged");
}

#[test]
fn a_damaged_database_header_reads_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path()));
    let db = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[3] ^= 0xff;
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::unlock(dir.path(), None, "correct horse battery", at(5)).err().unwrap();
    assert_eq!(err.code(), "store.damaged");
}

#[test]
fn the_database_holds_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    store.write(at(2), |tx| tx.insert(employer("苏州绿叶精密机械有限公司")).map(|_| ())).unwrap();
    let needle = "绿叶精密".as_bytes();
    let holds_plaintext = |bytes: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // While the store is open the change is in the WAL (commits do not checkpoint it, see
    // `connection_pragmas`); closing checkpoints it into the database and deletes the WAL.
    let wal = std::fs::read(dir.path().join("visitdesk.db-wal")).expect("the WAL, while the store is open");
    assert!(wal.len() > 4096, "the change is in the WAL: {} bytes", wal.len());
    assert!(!holds_plaintext(&wal), "the WAL holds plaintext");
    drop(store);
    let db = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    assert!(!holds_plaintext(&db), "the database holds plaintext");
    assert!(!db.starts_with(b"SQLite format 3"), "the database is not encrypted");
}

#[test]
fn init_refuses_an_existing_store_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_store(dir.path()));
    let again = Store::init(
        dir.path(),
        InitOptions {
            person: Person::new("李校长", Role::President),
            passphrase: "another long one",
            school: "学院",
            campaign: Campaign::new(
                "x",
                NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2022, 8, 31).unwrap(),
            ),
            kdf: KdfParams::TEST,
            now: at(1),
        },
    );
    assert_eq!(again.err().unwrap().code(), "store.exists");
    let fresh = tempfile::tempdir().unwrap();
    let short = Store::init(
        fresh.path(),
        InitOptions {
            person: Person::new("李校长", Role::President),
            passphrase: "short",
            school: "学院",
            campaign: Campaign::new(
                "x",
                NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2022, 8, 31).unwrap(),
            ),
            kdf: KdfParams::TEST,
            now: at(1),
        },
    );
    assert_eq!(short.err().unwrap().code(), "validation.too_short");
    assert_eq!(std::fs::read_dir(fresh.path()).unwrap().count(), 0);
}

#[test]
fn bad_input_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let history_before: i64 = store.conn().query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap();
    let err = store
        .write(at(2), |tx| {
            tx.insert(employer("好公司"))?;
            tx.insert(Employer { credit_code: Some("91350100M000100Y44".into()), ..employer("坏公司") })
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation.credit_code_check");
    let employers: i64 = store.conn().query_row("SELECT count(*) FROM employers", [], |r| r.get(0)).unwrap();
    assert_eq!(employers, 0);
    let history_after: i64 = store.conn().query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap();
    assert_eq!(history_after, history_before);
    // A reference to a record that does not exist is refused too.
    let ghost = crate::ids::Id::new(at(2));
    let err = store.write(at(2), |tx| tx.insert(crate::testing::contact(&ghost, "张经理"))).unwrap_err();
    assert_eq!(err.code(), "validation.unknown_reference");
}

fn visit(employer_id: &crate::ids::Id, lead: &crate::ids::Id) -> Visit {
    Visit {
        employer_id: employer_id.clone(),
        lead_id: lead.clone(),
        participant_ids: vec![],
        guests: String::new(),
        status: VisitStatus::Planned,
        mode: VisitMode::OnSite,
        planned_start: at(2),
        planned_end: at(4),
        time_zone: "Asia/Shanghai".into(),
        actual_start: None,
        actual_end: None,
        objectives: "洽谈实习基地".into(),
        summary: String::new(),
        cancel_reason: String::new(),
        outcome: Default::default(),
        trip_id: None,
        trip_seq: None,
        travel_note: String::new(),
        completed_by: None,
        confirmed_by: None,
        replan_of: None,
    }
}

#[test]
fn delete_cascades_to_the_trash_and_restores_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let me = store.actor().clone();
    let (e, v) = store
        .write(at(2), |tx| {
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?;
            let v = tx.insert(visit(&e.id, &me))?;
            Ok((e.id, v.id))
        })
        .unwrap();
    let moved = store.write(at(3), |tx| tx.delete(Kind::Employer, &e)).unwrap();
    assert_eq!(moved, 2);
    assert!(records::find::<Visit>(store.conn(), &v).unwrap().is_none());
    assert!(crate::search::search(store.conn(), "绿叶", 10).unwrap().is_empty());
    let trash = records::trash(store.conn()).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(
        (trash[0].kind, trash[0].records, trash[0].title.as_str()),
        (Kind::Employer, 2, "苏州绿叶精密机械有限公司")
    );
    let restored = store.write(at(4), |tx| tx.restore(Kind::Employer, &e)).unwrap();
    assert_eq!(restored, 2);
    assert!(records::find::<Visit>(store.conn(), &v).unwrap().is_some());
    assert!(records::trash(store.conn()).unwrap().is_empty());
    assert_eq!(crate::search::search(store.conn(), "绿叶", 10).unwrap().len(), 1);
    let people: i64 =
        store.conn().query_row("SELECT count(*) FROM visit_people WHERE visit_id = ?1", [&v], |r| r.get(0)).unwrap();
    assert_eq!(people, 1);
}

#[test]
fn undo_reverts_the_last_edit_and_then_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let e = store.write(at(2), |tx| tx.insert(employer("旧名称有限公司"))).unwrap().id;
    store.write(at(3), |tx| tx.update(&e, Employer { name: "新名称有限公司".into(), ..employer("") })).unwrap();
    assert_eq!(records::get::<Employer>(store.conn(), &e).unwrap().data.name, "新名称有限公司");
    assert_eq!(store.write(at(4), |tx| tx.undo_last()).unwrap(), 1);
    assert_eq!(records::get::<Employer>(store.conn(), &e).unwrap().data.name, "旧名称有限公司");
    assert_eq!(crate::search::search(store.conn(), "旧名", 10).unwrap().len(), 1);
    assert!(crate::search::search(store.conn(), "新名", 10).unwrap().is_empty());
    // Undoing the creation moves the employer to the trash.
    store.write(at(5), |tx| tx.undo_last()).unwrap();
    assert!(records::find::<Employer>(store.conn(), &e).unwrap().is_none());
    // The store's own first records (the first person, the campaign) came from init: undoing
    // them would leave a store nobody can unlock, so it is refused and changes nothing.
    let err = store.write(at(6), |tx| tx.undo_last()).unwrap_err();
    assert_eq!(err.code(), "record.not_deletable");
    assert!(records::find::<crate::model::Person>(store.conn(), store.actor()).unwrap().is_some());
    assert_eq!(crate::ledger::today(store.conn(), at(7)).unwrap().campaign.data.name, "2022年访企拓岗");
}

#[test]
fn undo_refuses_when_someone_changed_the_record_since() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let e = store.write(at(2), |tx| tx.insert(employer("甲公司"))).unwrap().id;
    // Another person edits it later (simulated by writing as a different actor).
    let other = crate::ids::Id::new(at(3));
    {
        let tx = store.conn.transaction().unwrap();
        let tx = Tx::new(tx, at(3), &other);
        tx.update(&e, employer("乙公司")).unwrap();
        tx.commit().unwrap();
    }
    let err = store.write(at(4), |tx| tx.undo_last()).unwrap_err();
    assert_eq!(err.code(), "undo.conflict");
    assert_eq!(records::get::<Employer>(store.conn(), &e).unwrap().data.name, "乙公司");
}

#[test]
fn changing_a_passphrase_rewraps_the_slot_only() {
    let dir = tempfile::tempdir().unwrap();
    let me = new_store(dir.path()).store.actor().clone();
    let mut store = Store::unlock(dir.path(), None, "correct horse battery", at(5)).unwrap();
    let db_before = file_digests(dir.path());
    give_passphrase(&mut store, &me, "a brand new passphrase");
    let db_after = file_digests(dir.path());
    drop(store);
    let changed: Vec<&str> =
        db_before.iter().zip(&db_after).filter(|(b, a)| b != a).map(|(b, _)| b.0.as_str()).collect();
    assert_eq!(changed, [keys::FILE]);
    assert_eq!(
        Store::unlock(dir.path(), None, "correct horse battery", at(5)).err().unwrap().code(),
        "store.wrong_secret"
    );
    Store::unlock(dir.path(), Some(&me), "a brand new passphrase", at(5)).unwrap();
}

#[test]
fn the_recovery_key_unlocks_and_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let created = new_store(dir.path());
    let me = created.store.actor().clone();
    let key = created.recovery_key.to_string();
    drop(created);
    let before = file_digests(dir.path());
    let wrong = Store::recover(
        dir.path(),
        "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
        &me,
        "new passphrase!",
        KdfParams::TEST,
        at(5),
    );
    assert_eq!(wrong.err().unwrap().code(), "store.wrong_secret");
    let mut after = file_digests(dir.path());
    after.retain(|(name, _)| name != throttle::FILE);
    assert_eq!(after, before);
    let typed = key.to_lowercase().replace('-', " ");
    drop(Store::recover(dir.path(), &typed, &me, "new passphrase!", KdfParams::TEST, at(5)).unwrap());
    Store::unlock(dir.path(), Some(&me), "new passphrase!", at(5)).unwrap();
    assert!(Store::unlock(dir.path(), Some(&me), "correct horse battery", at(5)).is_err());
}

#[test]
fn a_newer_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path()).store;
    store.conn().execute_batch("PRAGMA user_version = 999").unwrap();
    drop(store);
    let before = file_digests(dir.path());
    let err = Store::unlock(dir.path(), None, "correct horse battery", at(5)).err().unwrap();
    assert_eq!(err.code(), "store.too_new");
    assert_eq!(file_digests(dir.path()), before);
}

#[test]
fn save_inserts_without_an_id_and_updates_with_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let added = store.write(at(2), |tx| tx.save(None, employer("苏州精密制造有限公司"))).unwrap();
    let renamed = Employer { name: "苏州精密科技有限公司".into(), ..added.data.clone() };
    let saved = store.write(at(3), |tx| tx.save(Some(&added.id), renamed)).unwrap();
    assert_eq!((saved.id.clone(), saved.data.name.as_str()), (added.id.clone(), "苏州精密科技有限公司"));
    assert_eq!(saved.audit.created_at, added.audit.created_at);
    assert_ne!(saved.audit.updated_at, added.audit.updated_at);
    // An id that is not an employer's (here, a person's) is not found.
    let person = store.actor().clone();
    let missing = store.write(at(4), |tx| tx.save(Some(&person), employer("x")));
    assert_eq!(missing.unwrap_err().code(), "not_found");
    assert_eq!(
        records::columns("v"),
        "v.id, v.data, v.created_at, v.updated_at, v.created_by, v.updated_by, v.deleted_at"
    );
}

#[test]
fn undoing_a_restore_puts_the_records_back_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    let me = store.actor().clone();
    let e = store
        .write(at(2), |tx| {
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?;
            tx.insert(visit(&e.id, &me))?;
            Ok(e.id)
        })
        .unwrap();
    store.write(at(3), |tx| tx.delete(Kind::Employer, &e)).unwrap();
    store.write(at(4), |tx| tx.restore(Kind::Employer, &e)).unwrap();
    assert!(records::trash(store.conn()).unwrap().is_empty());
    assert_eq!(store.write(at(5), |tx| tx.undo_last()).unwrap(), 2);
    let trash = records::trash(store.conn()).unwrap();
    assert_eq!((trash.len(), trash[0].records), (1, 2));
    // And it can be restored again.
    assert_eq!(store.write(at(6), |tx| tx.restore(Kind::Employer, &e)).unwrap(), 2);
    assert!(records::find::<Employer>(store.conn(), &e).unwrap().is_some());
}

/// Commits leave their pages in the WAL, however many, until the store is tidied (or closes);
/// the search index, merged only then, finds what every commit added.
#[test]
fn commits_leave_the_wal_and_the_index_merges_to_tidy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path()).store;
    store.tidy().unwrap();
    let db = dir.path().join(DB_FILE);
    let before = std::fs::metadata(&db).unwrap().len();
    // Far more than the 1,000 pages at which SQLite would checkpoint on its own.
    for batch in 0..20 {
        store
            .write(at(2), |tx| {
                for i in 0..100 {
                    let name = match (batch, i) {
                        (0, 0) => "首批首家".to_string(),
                        (19, 99) => "末批末家".to_string(),
                        _ => format!("企业{batch}-{i}"),
                    };
                    tx.insert(Employer { notes: "备注".repeat(1000), ..employer(&name) })?;
                }
                Ok(())
            })
            .unwrap();
    }
    assert_eq!(std::fs::metadata(&db).unwrap().len(), before, "no commit wrote to the database file");
    store.tidy().unwrap();
    let after = std::fs::metadata(&db).unwrap().len();
    assert!(after > before + 1000 * 4096, "the database grew from {before} to {after} bytes");
    let count: i64 = store.conn().query_row("SELECT count(*) FROM employers", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 2000);
    for name in ["首批首家", "末批末家"] {
        let hits = crate::search::search(store.conn(), name, 10).unwrap();
        assert!(hits.iter().any(|h| h.title == name), "{name}: {hits:?}");
    }
}

/// Every way a `Tx` writes checks the actor's rights: insert, update (as it was and as it
/// becomes), delete, restore, undo, and the campaign's settings.
#[test]
fn rights_are_checked_on_every_kind_of_write() {
    use crate::testing::{employer, visit};
    let dir = tempfile::tempdir().unwrap();
    let mut admin = new_store(dir.path()).store;
    let me = admin.actor().clone();
    let (_li, zhang, e, his, mine) = admin
        .write(at(1), |tx| {
            let li = tx.insert(Person::new("李校长", Role::President))?.id;
            let zhang = tx.insert(Person { assists: vec![li.clone()], ..Person::new("张秘书", Role::Staff) })?.id;
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
            let his = tx.insert(visit(&e, &li, at(9)))?.id;
            let mine = tx.insert(visit(&e, &me, at(10)))?.id;
            Ok((li, zhang, e, his, mine))
        })
        .unwrap();
    let mut zhang_s = Store::open_with_key(dir.path(), admin.key.clone(), zhang.clone()).unwrap();
    let refused = |r: Result<usize>| match r {
        Err(Error::Forbidden { right }) => right.as_str(),
        other => panic!("{other:?}"),
    };
    let get = |s: &Store, id: &Id| records::get::<Visit>(s.conn(), id).unwrap().data;

    // Her leader's visit she may change; handing it to another leader she may not.
    let edited = Visit { objectives: "谈实习基地".into(), ..get(&zhang_s, &his) };
    zhang_s.write(at(2), |tx| tx.update(&his, edited)).unwrap();
    let handed = Visit { lead_id: me.clone(), ..get(&zhang_s, &his) };
    assert_eq!(refused(zhang_s.write(at(2), |tx| tx.update(&his, handed).map(|_| 0))), "leader_work");
    let planned = visit(&e, &me, at(11));
    assert_eq!(refused(zhang_s.write(at(2), |tx| tx.insert(planned).map(|_| 0))), "leader_work");
    assert_eq!(refused(zhang_s.write(at(2), |tx| tx.delete(Kind::Visit, &mine))), "leader_work");
    assert_eq!(refused(zhang_s.write(at(2), |tx| tx.delete(Kind::Employer, &e))), "manage_employers");
    let settings = zhang_s.write(at(2), |tx| crate::settings::save(tx, "别的学校", 10).map(|_| 0));
    assert_eq!(refused(settings), "manage_campaign");
    let day_off = crate::model::OfficialDay {
        on: NaiveDate::from_ymd_opt(2027, 10, 1).unwrap(),
        day_type: crate::model::DayType::Holiday,
        name: "国庆节".into(),
    };
    assert_eq!(refused(zhang_s.write(at(2), |tx| tx.insert(day_off).map(|_| 0))), "manage_campaign");

    // Undo and restore follow today's rights: once she no longer assists 李校长, her edit
    // stays, and a visit an admin put in the trash is not hers to bring back.
    admin.write(at(3), |tx| crate::people::set_access(tx, &zhang, Access::Assistant, Some(vec![]), None)).unwrap();
    assert_eq!(refused(zhang_s.write(at(4), |tx| tx.undo_last())), "leader_work");
    assert_eq!(get(&admin, &his).objectives, "谈实习基地", "refusals changed nothing");
    admin.write(at(4), |tx| tx.delete(Kind::Employer, &e)).unwrap();
    assert_eq!(refused(zhang_s.write(at(5), |tx| tx.restore(Kind::Employer, &e))), "manage_employers");
}
