//! Two laptops side by side: 王书记's (the admin, who made the team) and 张秘书's (who joined
//! with a request and a welcome), exchanging bundles both ways.
use super::*;
use crate::access::Access;
use crate::model::Visit;
use crate::store::records;
use crate::testing::{PASSPHRASE, at, employer, new_store, visit};

const ZHANG: &str = "张秘书的口令二〇二二";

struct Laptop {
    _dir: tempfile::TempDir,
    store: Store,
}

struct Pair {
    admin: Laptop,
    zhang: Laptop,
    visit: Id,
    li: Id,
}

/// Both laptops, a visit of 李校长's whom 张秘书 assists, and everything exchanged once.
fn pair() -> Pair {
    let (dir, mut store) = new_store();
    let (li, visit) = store
        .write(at(2022, 3, 1), |tx| {
            let li = tx.insert(Person::new("李校长", Role::President))?.id;
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
            Ok((li.clone(), tx.insert(visit(&e, &li, at(2022, 3, 10)))?.id))
        })
        .unwrap();
    create(&mut store, "王书记的笔记本", at(2022, 3, 2)).unwrap();
    let admin = Laptop { _dir: dir, store };

    let zdir = tempfile::tempdir().unwrap();
    let (created, request) = join_request(
        zdir.path(),
        "张秘书",
        Role::Staff,
        "张秘书的电脑",
        ZHANG,
        crypto::KdfParams::TEST,
        at(2022, 3, 3),
    )
    .unwrap();
    let mut zhang = Laptop { _dir: zdir, store: created.store };
    assert_eq!(request.fingerprint().len(), 19);
    let mut admin = admin;
    let welcome = accept(&mut admin.store, &request, Access::Assistant, at(2022, 3, 3)).unwrap();
    let records = join(&mut zhang.store, &welcome, at(2022, 3, 4)).unwrap();
    assert!(records >= 6, "the campaign, the people, the devices, the employer, the visit: {records}");
    // 张秘书 assists 李校长, set by the admin: a change that travels.
    let zhang_id = zhang.store.actor().clone();
    admin
        .store
        .write(at(2022, 3, 5), |tx| {
            crate::people::set_access(tx, &zhang_id, Access::Assistant, Some(vec![li.clone()]), None)
        })
        .unwrap();
    send(&admin, &mut zhang);
    Pair { admin, zhang, visit, li }
}

fn send(from: &Laptop, to: &mut Laptop) -> Imported {
    let bundle = export(from.store.conn(), at(2022, 3, 6)).unwrap();
    import(&mut to.store, &bundle, at(2022, 3, 6)).unwrap()
}

fn get_visit(l: &Laptop, id: &Id) -> Visit {
    records::get::<Visit>(l.store.conn(), id).unwrap().data
}

fn edit(l: &mut Laptop, id: &Id, change: impl FnOnce(&mut Visit)) -> Result<()> {
    let mut v = get_visit(l, id);
    change(&mut v);
    l.store.write(at(2022, 3, 7), |tx| tx.update(id, v).map(drop))
}

/// Every record table, as rows of (id, data, deleted_at), for comparing two laptops.
fn dump(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let sql = format!("SELECT id, data, deleted_at FROM {} ORDER BY id", kind.table());
        let mut stmt = conn.prepare(&sql).unwrap();
        out.extend(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()));
    }
    out
}

#[test]
fn a_newcomer_joins_with_a_request_and_a_welcome_and_holds_everything() {
    let p = pair();
    assert_eq!(dump(p.admin.store.conn()), dump(p.zhang.store.conn()));
    let me = p.zhang.store.actor().clone();
    let status = status(p.admin.store.conn()).unwrap().unwrap();
    assert_eq!(status.devices.len(), 2);
    assert!(status.devices.iter().any(|d| d.person_id == me));
    // Her own laptop keeps its own key and her passphrase: she unlocks it as herself, and the
    // admin's passphrase does not open it.
    let Laptop { _dir: kept, store } = p.zhang;
    let dir = store.dir().to_path_buf();
    drop(store);
    Store::unlock(&dir, Some(&me), ZHANG, at(2022, 3, 5)).unwrap();
    assert_eq!(Store::unlock(&dir, None, PASSPHRASE, at(2022, 3, 5)).err().unwrap().code(), "store.wrong_secret");
    drop(kept);
}

#[test]
fn edits_of_different_fields_on_two_laptops_both_survive() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    edit(&mut admin, &visit, |v| v.objectives = "洽谈共建实习基地".into()).unwrap();
    edit(&mut zhang, &visit, |v| v.guests = "校友会王老师".into()).unwrap();
    send(&admin, &mut zhang);
    send(&zhang, &mut admin);
    for l in [&admin, &zhang] {
        let v = get_visit(l, &visit);
        assert_eq!((v.objectives.as_str(), v.guests.as_str()), ("洽谈共建实习基地", "校友会王老师"));
        assert!(conflicts(l.store.conn()).unwrap().is_empty());
    }
    assert_eq!(dump(admin.store.conn()), dump(zhang.store.conn()));
    // The merged record is searchable on both, as a local edit is.
    let hits = crate::search::search(zhang.store.conn(), "校友会", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
}

#[test]
fn the_same_field_edited_on_both_keeps_one_value_everywhere_and_is_listed() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    edit(&mut admin, &visit, |v| v.objectives = "谈共建基地".into()).unwrap();
    edit(&mut zhang, &visit, |v| v.objectives = "谈招聘".into()).unwrap();
    send(&admin, &mut zhang);
    send(&zhang, &mut admin);
    let (a, z) = (get_visit(&admin, &visit), get_visit(&zhang, &visit));
    assert_eq!(a.objectives, z.objectives, "the same winner on both");
    for l in [&admin, &zhang] {
        let listed = conflicts(l.store.conn()).unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0].field, "objectives");
        let mut values: Vec<&str> = listed[0].values.iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(values[0], a.objectives, "the value shown comes first");
        values.sort();
        assert_eq!(values, ["谈共建基地", "谈招聘"]);
    }
    // Keeping the value shown settles it too, everywhere: the document gets it again.
    let shown = a.objectives.clone();
    admin.store.write(at(2022, 3, 8), |tx| resolve(tx, &visit, "objectives", serde_json::json!(shown))).unwrap();
    assert!(conflicts(admin.store.conn()).unwrap().is_empty());
    send(&admin, &mut zhang);
    assert!(conflicts(zhang.store.conn()).unwrap().is_empty());
    assert_eq!(get_visit(&zhang, &visit).objectives, shown);
    // A field that is not there is refused.
    let bad = admin.store.write(at(2022, 3, 8), |tx| resolve(tx, &visit, "no_such_field", serde_json::json!(1)));
    assert_eq!(bad.unwrap_err().code(), "invalid");
}

#[test]
fn a_bundle_applied_twice_changes_nothing_the_second_time() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    edit(&mut admin, &visit, |v| v.objectives = "谈共建基地".into()).unwrap();
    let bundle = export(admin.store.conn(), at(2022, 3, 8)).unwrap();
    assert!(import(&mut zhang.store, &bundle, at(2022, 3, 8)).unwrap().records >= 1);
    let before = dump(zhang.store.conn());
    let again = import(&mut zhang.store, &bundle, at(2022, 3, 9)).unwrap();
    assert!(again.replay);
    assert_eq!(dump(zhang.store.conn()), before);
}

#[test]
fn a_hostile_bundle_is_refused_with_its_reason_and_changes_nothing() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    edit(&mut admin, &visit, |v| v.objectives = "谈共建基地".into()).unwrap();
    let bundle = export(admin.store.conn(), at(2022, 3, 8)).unwrap();
    let before = dump(zhang.store.conn());
    let flip = |at: usize| {
        let mut b = bundle.clone();
        b[at] ^= 1;
        b
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (flip(bundle.len() - 10), "team.bad_signature"),
        (flip(30), "team.damaged"),
        (bundle[..bundle.len() / 2].to_vec(), "team.bad_signature"),
        (b"not a bundle".to_vec(), "team.damaged"),
        (vec![0; wire::MAX_BUNDLE + 1], "team.too_large"),
    ];
    for (bad, code) in cases {
        assert_eq!(import(&mut zhang.store, &bad, at(2022, 3, 8)).unwrap_err().code(), code);
    }
    // A bundle of another team, and one for someone else.
    let (_odir, mut other) = new_store();
    create(&mut other, "别的学校", at(2022, 3, 2)).unwrap();
    let foreign = export(other.conn(), at(2022, 3, 8)).unwrap();
    assert_eq!(import(&mut zhang.store, &foreign, at(2022, 3, 8)).unwrap_err().code(), "team.other_team");
    assert_eq!(dump(zhang.store.conn()), before);
}

#[test]
fn a_removed_device_is_left_out_and_what_it_signs_is_refused() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    let zhang_device = Me::load(zhang.store.conn()).unwrap().device_id;
    admin.store.write(at(2022, 3, 8), |tx| remove_device(tx, &zhang_device)).unwrap();
    // Unaware, she edits and sends.
    edit(&mut zhang, &visit, |v| v.objectives = "她被移除后写的".into()).unwrap();
    let hers = export(zhang.store.conn(), at(2022, 3, 9)).unwrap();
    let before = dump(admin.store.conn());
    assert_eq!(import(&mut admin.store, &hers, at(2022, 3, 9)).unwrap_err().code(), "team.removed_member");
    assert_eq!(dump(admin.store.conn()), before);
    // Later bundles are not encrypted to her.
    let next = export(admin.store.conn(), at(2022, 3, 10)).unwrap();
    assert_eq!(import(&mut zhang.store, &next, at(2022, 3, 10)).unwrap_err().code(), "team.not_a_recipient");
}

#[test]
fn a_change_beyond_its_authors_rights_is_set_aside_and_the_rest_applies() {
    let Pair { mut admin, mut zhang, visit, li } = pair();
    // A visit of 王书记's, which 张秘书 does not assist.
    let me = admin.store.actor().clone();
    let e = records::get::<Visit>(admin.store.conn(), &visit).unwrap().data.employer_id;
    let his =
        admin.store.write(at(2022, 3, 8), |tx| tx.insert(crate::testing::visit(&e, &me, at(2022, 3, 12)))).unwrap().id;
    send(&admin, &mut zhang);
    // Her laptop would refuse the edit; a tampered app writes the document anyway.
    let mut hostile = get_visit(&zhang, &his);
    hostile.objectives = "不该由她改".into();
    zhang
        .store
        .write(at(2022, 3, 9), |tx| {
            let local = Local::of(tx.conn())?.unwrap();
            let before = snapshot(tx.conn(), Kind::Visit, &his)?.unwrap();
            let after = Snapshot { data: serde_json::to_value(&hostile)?, deleted_at: None };
            record_local(tx.conn(), &local, Kind::Visit, &his, Some(&before), &after)
        })
        .unwrap();
    // And a change she may make, to her leader's visit.
    edit(&mut zhang, &visit, |v| v.objectives = "李校长的走访".into()).unwrap();
    // And an employer she adds, which anyone may.
    let added = zhang.store.write(at(2022, 3, 9), |tx| tx.insert(employer("无锡蓝天电子有限公司"))).unwrap().id;
    let imported = send(&zhang, &mut admin);
    assert!(records::find::<crate::model::Employer>(admin.store.conn(), &added).unwrap().is_some());
    assert_eq!(imported.refused.len(), 1, "{imported:?}");
    assert_eq!(
        (imported.refused[0].record_id.clone(), imported.refused[0].code),
        (his.clone(), ErrorCode::AccessForbidden)
    );
    assert_ne!(get_visit(&admin, &his).objectives, "不该由她改");
    assert_eq!(get_visit(&admin, &visit).objectives, "李校长的走访");
    assert_eq!(get_visit(&admin, &visit).lead_id, li);
}

#[test]
fn only_an_admin_makes_a_team_or_accepts_a_member() {
    let (_dir, mut store) = new_store();
    let li = store.write(at(2022, 3, 1), |tx| tx.insert(Person::new("李校长", Role::President))).unwrap().id;
    crate::testing::give_passphrase(&mut store, &li, "李校长的口令二〇二二");
    let dir = store.dir().to_path_buf();
    drop(store);
    let mut as_li = Store::unlock(&dir, Some(&li), "李校长的口令二〇二二", at(2022, 3, 2)).unwrap();
    assert_eq!(create(&mut as_li, "李校长的电脑", at(2022, 3, 2)).unwrap_err().code(), "access.forbidden");
    assert!(status(as_li.conn()).unwrap().is_none());
}

#[test]
fn a_shared_folder_carries_the_bundles_both_ways_and_skips_a_half_copied_file() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    let shared = tempfile::tempdir().unwrap();
    edit(&mut admin, &visit, |v| v.objectives = "谈共建基地".into()).unwrap();
    let first = sync_folder(&mut admin.store, shared.path(), at(2022, 3, 8)).unwrap();
    assert!(first.wrote_bytes > 0);
    let pass = sync_folder(&mut zhang.store, shared.path(), at(2022, 3, 8)).unwrap();
    assert_eq!(pass.read.len(), 1, "{pass:?}");
    assert!(pass.read[0].imported.as_ref().unwrap().records >= 1);
    assert_eq!(get_visit(&zhang, &visit).objectives, "谈共建基地");

    edit(&mut zhang, &visit, |v| v.guests = "校友会王老师".into()).unwrap();
    sync_folder(&mut zhang.store, shared.path(), at(2022, 3, 9)).unwrap();
    // A third member's file the cloud client is still copying: refused, listed, the rest read.
    let team_folder = std::fs::read_dir(shared.path()).unwrap().next().unwrap().unwrap().path();
    let hers = std::fs::read_dir(&team_folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.ends_with(format!("{}.vdsync", Me::load(admin.store.conn()).unwrap().device_id)))
        .unwrap();
    let bytes = std::fs::read(&hers).unwrap();
    std::fs::write(team_folder.join("zz-half-copied.vdsync"), &bytes[..bytes.len() / 2]).unwrap();
    let pass = sync_folder(&mut admin.store, shared.path(), at(2022, 3, 9)).unwrap();
    assert_eq!(pass.read.len(), 2, "{pass:?}");
    assert_eq!(pass.read[1].error, Some(ErrorCode::TeamBadSignature));
    assert_eq!(get_visit(&admin, &visit).guests, "校友会王老师");
}
