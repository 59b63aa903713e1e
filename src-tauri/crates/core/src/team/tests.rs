//! Two laptops side by side: 王书记's (the admin, who made the team) and 张秘书's (who joined
//! with a request and a welcome), exchanging bundles both ways.
use super::*;
use crate::access::Access;
use crate::model::Visit;
use crate::store::records;
use crate::testing::{PASSPHRASE, at, dump_records as dump, employer, new_store, visit};

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
    send(&mut admin, &mut zhang);
    Pair { admin, zhang, visit, li }
}

fn send(from: &mut Laptop, to: &mut Laptop) -> Imported {
    let bundle = export(&mut from.store, at(2022, 3, 6)).unwrap();
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
    send(&mut admin, &mut zhang);
    send(&mut zhang, &mut admin);
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
    send(&mut admin, &mut zhang);
    send(&mut zhang, &mut admin);
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
        // Who made each value, in the same order.
        let who = |text: &str| {
            let i = listed[0].values.iter().position(|v| v == text).unwrap();
            listed[0].by[i].clone().unwrap()
        };
        assert_eq!((&who("谈共建基地"), &who("谈招聘")), (admin.store.actor(), zhang.store.actor()));
    }
    // Keeping the value shown settles it too, everywhere: the document gets it again.
    let shown = a.objectives.clone();
    admin.store.write(at(2022, 3, 8), |tx| resolve(tx, &visit, "objectives", serde_json::json!(shown))).unwrap();
    assert!(conflicts(admin.store.conn()).unwrap().is_empty());
    send(&mut admin, &mut zhang);
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
    let bundle = export(&mut admin.store, at(2022, 3, 8)).unwrap();
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
    let bundle = export(&mut admin.store, at(2022, 3, 8)).unwrap();
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
    let foreign = export(&mut other, at(2022, 3, 8)).unwrap();
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
    let hers = export(&mut zhang.store, at(2022, 3, 9)).unwrap();
    let before = dump(admin.store.conn());
    assert_eq!(import(&mut admin.store, &hers, at(2022, 3, 9)).unwrap_err().code(), "team.removed_member");
    assert_eq!(dump(admin.store.conn()), before);
    // Later bundles are not encrypted to her.
    let next = export(&mut admin.store, at(2022, 3, 10)).unwrap();
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
    send(&mut admin, &mut zhang);
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
    let imported = send(&mut zhang, &mut admin);
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

#[test]
fn a_change_forged_in_another_members_name_is_refused_with_its_whole_bundle() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    // A visit of the admin's own, which 张秘书 may not change.
    let me = admin.store.actor().clone();
    let e = get_visit(&admin, &visit).employer_id;
    let his =
        admin.store.write(at(2022, 3, 8), |tx| tx.insert(crate::testing::visit(&e, &me, at(2022, 3, 12)))).unwrap().id;
    send(&mut admin, &mut zhang);
    let admin_device = Me::load(admin.store.conn()).unwrap().device_id;
    for signed in [true, false] {
        // A tampered app writes the change under the admin's device, as if he had made it.
        zhang
            .store
            .write(at(2022, 3, 9), |tx| {
                let saved: Vec<u8> =
                    tx.conn().query_row("SELECT doc FROM team_docs WHERE record_id = ?1", [&his], |r| r.get(0))?;
                let mut doc = AutoCommit::load(&saved)?.with_actor(ActorId::from(admin_device.as_str().as_bytes()));
                let before = snapshot(tx.conn(), Kind::Visit, &his)?.unwrap().data;
                let mut after = before.clone();
                after["objectives"] = "冒他之名改的".into();
                doc::change(&mut doc, &before, &after, None)?;
                let hash = doc.commit().unwrap();
                if signed {
                    // With her own key, since his she has not.
                    let local = Local::of(tx.conn())?.unwrap();
                    let sig = local.key.sign(&signed_change(&hash)).to_bytes();
                    keep_signature(tx.conn(), &his, &hash.0, admin_device.as_str(), &sig)?;
                }
                save_doc(tx.conn(), Kind::Visit, &his, &mut doc)
            })
            .unwrap();
        let forged = export(&mut zhang.store, at(2022, 3, 9)).unwrap();
        let before = dump(admin.store.conn());
        assert_eq!(import(&mut admin.store, &forged, at(2022, 3, 9)).unwrap_err().code(), "team.bad_signature");
        assert_eq!(dump(admin.store.conn()), before);
    }
}

/// A completion of two hours on 10 March.
fn done2() -> crate::visits::Completion {
    crate::visits::Completion {
        actual_start: at(2022, 3, 10),
        actual_end: at(2022, 3, 10) + chrono::Duration::hours(2),
        summary: "谈妥了实习".into(),
        outcome: Default::default(),
        job_postings: vec![],
        internship_bases: vec![],
    }
}

#[test]
fn a_completion_an_assistant_records_waits_for_the_leader_and_only_the_leader_or_an_admin_confirms() {
    let Pair { mut admin, mut zhang, visit, li } = pair();
    zhang.store.write(at(2022, 3, 10), |tx| crate::visits::complete(tx, &visit, done2()).map(drop)).unwrap();
    assert!(get_visit(&zhang, &visit).awaiting_confirmation());
    // She may not confirm it herself, here or by a tampered document.
    let refused = zhang.store.write(at(2022, 3, 10), |tx| crate::visits::confirm(tx, &visit).map(drop));
    assert!(matches!(refused, Err(Error::Forbidden { right: Right::ConfirmVisits })), "{refused:?}");
    send(&mut zhang, &mut admin);
    let figures =
        |l: &Laptop| crate::ledger::figures(l.store.conn(), None, None, at(2022, 3, 11).date_naive()).unwrap();
    assert_eq!((figures(&admin).visits_completed, figures(&admin).visits_awaiting), (1, 1));

    // The admin confirms; her laptop hears of it.
    admin.store.write(at(2022, 3, 12), |tx| crate::visits::confirm(tx, &visit).map(drop)).unwrap();
    assert_eq!(figures(&admin).visits_awaiting, 0);
    send(&mut admin, &mut zhang);
    assert_eq!(get_visit(&zhang, &visit).confirmed_by.as_ref(), Some(admin.store.actor()));
    assert_eq!(figures(&zhang).visits_awaiting, 0);
    crate::store::totals::assert_in_step(zhang.store.conn());

    // A tampered app that confirms it in 李校长's name, on another visit she recorded: the
    // change is set aside.
    let visit = zhang
        .store
        .write(at(2022, 3, 13), |tx| {
            let e = records::get::<Visit>(tx.conn(), &visit)?.data.employer_id;
            let v = tx.insert(crate::testing::visit(&e, &li, at(2022, 3, 14)))?.id;
            crate::visits::complete(tx, &v, done2())?;
            Ok(v)
        })
        .unwrap();
    send(&mut zhang, &mut admin);
    assert!(get_visit(&admin, &visit).awaiting_confirmation());
    let mut forged = get_visit(&zhang, &visit);
    forged.confirmed_by = Some(li.clone());
    zhang
        .store
        .write(at(2022, 3, 11), |tx| {
            let local = Local::of(tx.conn())?.unwrap();
            let before = snapshot(tx.conn(), Kind::Visit, &visit)?.unwrap();
            let after = Snapshot { data: serde_json::to_value(&forged)?, deleted_at: None };
            record_local(tx.conn(), &local, Kind::Visit, &visit, Some(&before), &after)
        })
        .unwrap();
    let imported = send(&mut zhang, &mut admin);
    assert_eq!(imported.refused.len(), 1, "{imported:?}");
    assert_eq!(get_visit(&admin, &visit).confirmed_by, None);
}

#[test]
fn a_record_edited_on_one_laptop_and_deleted_on_another_stays_in_the_trash_flagged_on_both() {
    for restore in [true, false] {
        let Pair { mut admin, mut zhang, visit, .. } = pair();
        admin.store.write(at(2022, 3, 8), |tx| tx.delete(Kind::Visit, &visit).map(drop)).unwrap();
        edit(&mut zhang, &visit, |v| v.objectives = "她同时改的".into()).unwrap();
        send(&mut zhang, &mut admin);
        send(&mut admin, &mut zhang);
        for l in [&admin, &zhang] {
            let kept = snapshot(l.store.conn(), Kind::Visit, &visit).unwrap().unwrap();
            assert!(kept.deleted_at.is_some(), "deleted wins");
            assert_eq!(kept.data["objectives"], "她同时改的", "the edit is kept");
            let flagged = conflicts(l.store.conn()).unwrap();
            assert_eq!(flagged.len(), 1, "{flagged:?}");
            assert_eq!((flagged[0].field.as_str(), &flagged[0].values[1]), (DELETED, &serde_json::Value::Null));
        }
        assert_eq!(dump(admin.store.conn()), dump(zhang.store.conn()));
        // Settled on one laptop, settled on both.
        let choice =
            if restore { serde_json::Value::Null } else { conflicts(admin.store.conn()).unwrap()[0].values[0].clone() };
        admin.store.write(at(2022, 3, 9), |tx| resolve(tx, &visit, DELETED, choice)).unwrap();
        send(&mut admin, &mut zhang);
        for l in [&admin, &zhang] {
            assert!(conflicts(l.store.conn()).unwrap().is_empty());
            let now = snapshot(l.store.conn(), Kind::Visit, &visit).unwrap().unwrap();
            assert_eq!(now.deleted_at.is_none(), restore);
            assert_eq!(now.data["objectives"], "她同时改的");
        }
        assert_eq!(dump(admin.store.conn()), dump(zhang.store.conn()));
    }
}

#[test]
fn a_bundle_from_a_newer_version_is_refused_and_changes_nothing() {
    let Pair { admin, mut zhang, .. } = pair();
    let me = Me::member(admin.store.conn()).unwrap();
    let header = wire::Header {
        format: 1,
        schema: crate::store::migrations::RECORDS + 1,
        kind: "changes".into(),
        team_id: me.team_id().into(),
        from_device: me.device_id.to_string(),
        bundle_id: Id::new(at(2022, 3, 8)).to_string(),
        body_hash: String::new(),
    };
    let to: Vec<_> = recipients(admin.store.conn(), &me.device_id).unwrap().into_iter().map(|(_, r)| r).collect();
    let newer = wire::seal(header, b"", &to, &me.signing_key).unwrap();
    let before = dump(zhang.store.conn());
    assert_eq!(import(&mut zhang.store, &newer, at(2022, 3, 8)).unwrap_err().code(), "team.newer_schema");
    assert_eq!(dump(zhang.store.conn()), before);
}

#[test]
fn a_laptop_restored_from_a_backup_starts_a_new_stream_and_its_new_changes_still_travel() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    let backup = crate::store::backups::make_now(&admin.store, at(2022, 3, 7)).unwrap();
    edit(&mut admin, &visit, |v| v.objectives = "备份之后改的".into()).unwrap();
    send(&mut admin, &mut zhang);
    send(&mut zhang, &mut admin);
    let me = admin.store.actor().clone();
    let dir = admin.store.dir().to_path_buf();
    let Laptop { _dir: kept, store } = admin;
    drop(store);
    let secret = crate::store::Secret::Passphrase { person_id: Some(&me), passphrase: PASSPHRASE };
    crate::store::backups::restore(&dir, &backup.path, &secret, at(2022, 3, 8)).unwrap();
    let mut admin = Laptop { _dir: kept, store: Store::unlock(&dir, Some(&me), PASSPHRASE, at(2022, 3, 8)).unwrap() };
    assert_ne!(Me::load(admin.store.conn()).unwrap().generation, 0);
    assert_ne!(get_visit(&admin, &visit).objectives, "备份之后改的", "set back to the backup's day");

    // Without a new stream, this change would take the number of the one made after the
    // backup, and the others would take it for that one.
    edit(&mut admin, &visit, |v| v.guests = "恢复之后加的".into()).unwrap();
    send(&mut admin, &mut zhang);
    assert_eq!(get_visit(&zhang, &visit).guests, "恢复之后加的");
    assert_eq!(get_visit(&zhang, &visit).objectives, "备份之后改的");
    send(&mut zhang, &mut admin);
    assert_eq!(get_visit(&admin, &visit).objectives, "备份之后改的", "what the backup lost comes back");
    assert_eq!(dump(admin.store.conn()), dump(zhang.store.conn()));
}

#[test]
fn the_same_employer_added_on_two_laptops_is_kept_twice_and_flagged() {
    let Pair { mut admin, mut zhang, .. } = pair();
    let a = admin.store.write(at(2022, 3, 8), |tx| tx.insert(employer("无锡蓝天电子有限公司"))).unwrap().id;
    let z = zhang.store.write(at(2022, 3, 8), |tx| tx.insert(employer("无锡蓝天电子有限公司"))).unwrap().id;
    let imported = send(&mut zhang, &mut admin);
    assert_eq!(imported.duplicates, vec![z.clone()]);
    send(&mut admin, &mut zhang);
    for l in [&admin, &zhang] {
        let detail = crate::employers::detail(l.store.conn(), &a).unwrap();
        assert_eq!(detail.duplicates.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), vec![z.clone()]);
    }
}

#[test]
fn the_folder_mark_moves_when_a_bundle_arrives_or_a_record_changes_and_only_then() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    assert_eq!(folder_mark(admin.store.conn()).unwrap(), None, "no folder yet");
    let shared = tempfile::tempdir().unwrap();
    for l in [&mut admin, &mut zhang] {
        l.store.write(at(2022, 3, 8), |tx| set_folder(tx, Some(shared.path()))).unwrap();
        sync_own_folder(&mut l.store, at(2022, 3, 8)).unwrap().unwrap();
    }
    let settled = folder_mark(admin.store.conn()).unwrap().unwrap();
    assert_eq!(folder_mark(admin.store.conn()).unwrap(), Some(settled));
    edit(&mut zhang, &visit, |v| v.guests = "校友会".into()).unwrap();
    assert_eq!(folder_mark(admin.store.conn()).unwrap(), Some(settled), "nothing new in the folder yet");
    sync_own_folder(&mut zhang.store, at(2022, 3, 9)).unwrap();
    let arrived = folder_mark(admin.store.conn()).unwrap().unwrap();
    assert_ne!(arrived, settled);
    sync_own_folder(&mut admin.store, at(2022, 3, 9)).unwrap();
    assert_eq!(get_visit(&admin, &visit).guests, "校友会");
    edit(&mut admin, &visit, |v| v.objectives = "谈实习".into()).unwrap();
    assert_ne!(folder_mark(admin.store.conn()).unwrap().unwrap(), arrived);
    let missing = std::path::Path::new("/nonexistent/visitdesk");
    assert!(admin.store.write(at(2022, 3, 9), |tx| set_folder(tx, Some(missing))).is_err());
}

#[test]
fn a_store_waiting_for_its_welcome_unlocks_to_wait_and_shows_its_request_again() {
    let dir = tempfile::tempdir().unwrap();
    let (created, request) =
        join_request(dir.path(), "张秘书", Role::Staff, "张秘书的电脑", ZHANG, crypto::KdfParams::TEST, at(2022, 3, 3))
            .unwrap();
    let me = created.store.actor().clone();
    drop(created);
    let (store, session) = crate::session::unlock_any(dir.path(), &me, ZHANG, at(2022, 3, 4)).unwrap();
    assert!(session.is_none());
    let again = pending_request(store.conn()).unwrap();
    assert_eq!(again.fingerprint(), request.fingerprint());
    assert_eq!(Waiting::from(&again).fingerprint, request.fingerprint());
    drop(store);
    let refused = crate::session::unlock(dir.path(), &me, ZHANG, at(2022, 3, 4)).map(drop);
    assert_eq!(refused.unwrap_err().code(), "team.pending");
}

/// Three laptops make random edits (clashing on one field, apart on others, deletes against
/// edits, one employer added twice), and their bundles arrive in any order, some twice, some
/// late. In the end all three hold the same records, every edit is in every laptop's history
/// of the record, and every clash the engine holds is listed, alike on all three.
mod convergence {
    use super::*;
    use automerge::ReadDoc;
    use proptest::prelude::*;

    /// Cases per run: a few in `make test`, many in `make test-deep` (`VISITDESK_TEAM_CASES`).
    #[allow(clippy::disallowed_methods, reason = "a test's own knob, not the app's configuration")]
    fn cases() -> u32 {
        std::env::var("VISITDESK_TEAM_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(12)
    }

    const FIELDS: [&str; 3] = ["objectives", "guests", "travel_note"];
    const NAMES: [&str; 2] = ["无锡蓝天电子有限公司", "常州新材料科技有限公司"];

    #[derive(Debug, Clone)]
    enum Op {
        Edit { laptop: usize, visit: usize, field: usize },
        Delete { laptop: usize, visit: usize },
        AddEmployer { laptop: usize, name: usize },
        Send { from: usize },
        Deliver { to: usize, pick: usize },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..3usize, 0..3usize, 0..3usize).prop_map(|(laptop, visit, field)| Op::Edit { laptop, visit, field }),
            1 => (0..3usize, 0..3usize).prop_map(|(laptop, visit)| Op::Delete { laptop, visit }),
            1 => (0..3usize, 0..2usize).prop_map(|(laptop, name)| Op::AddEmployer { laptop, name }),
            3 => (0..3usize).prop_map(|from| Op::Send { from }),
            4 => (0..3usize, 0..16usize).prop_map(|(to, pick)| Op::Deliver { to, pick }),
        ]
    }

    /// The admin's laptop with three visits, and two laptops that joined as admins (rights
    /// are tested apart), all knowing each other.
    fn three() -> (Vec<Laptop>, Vec<Id>) {
        let (dir, mut store) = new_store();
        let visits = store
            .write(at(2022, 3, 1), |tx| {
                let me = tx.actor().clone();
                let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
                (0..3).map(|d| Ok(tx.insert(visit(&e, &me, at(2022, 3, 10 + d)))?.id)).collect::<Result<Vec<_>>>()
            })
            .unwrap();
        create(&mut store, "一号机", at(2022, 3, 2)).unwrap();
        let mut laptops = vec![Laptop { _dir: dir, store }];
        for name in ["二号机", "三号机"] {
            let dir = tempfile::tempdir().unwrap();
            let (created, request) =
                join_request(dir.path(), name, Role::Staff, name, ZHANG, crypto::KdfParams::TEST, at(2022, 3, 3))
                    .unwrap();
            let welcome = accept(&mut laptops[0].store, &request, Access::Admin, at(2022, 3, 3)).unwrap();
            let mut store = created.store;
            join(&mut store, &welcome, at(2022, 3, 3)).unwrap();
            laptops.push(Laptop { _dir: dir, store });
        }
        let bundle = export(&mut laptops[0].store, at(2022, 3, 4)).unwrap();
        for l in &mut laptops[1..] {
            import(&mut l.store, &bundle, at(2022, 3, 4)).unwrap();
        }
        (laptops, visits)
    }

    /// Every text any change of any record's document ever put, on one laptop.
    fn history(conn: &Connection) -> std::collections::HashSet<String> {
        let mut out = std::collections::HashSet::new();
        let mut stmt = conn.prepare("SELECT doc FROM team_docs").unwrap();
        for doc in stmt.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap() {
            let mut doc = AutoCommit::load(&doc.unwrap()).unwrap();
            for change in doc.get_changes(&[]) {
                for op in change.decode().operations {
                    if let automerge::legacy::OpType::Put(automerge::ScalarValue::Str(s)) = op.action {
                        out.insert(s.to_string());
                    }
                }
            }
        }
        out
    }

    /// The fields the engine holds two values of, by its own `get_all`: what must be listed.
    fn engine_clashes(conn: &Connection) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stmt = conn.prepare("SELECT record_id, doc FROM team_docs ORDER BY record_id").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))).unwrap();
        for row in rows {
            let (id, doc) = row.unwrap();
            let doc = AutoCommit::load(&doc).unwrap();
            let Ok(Some((_, data))) = doc.get(automerge::ROOT, "data") else { continue };
            for field in FIELDS {
                let mut values: Vec<String> =
                    doc.get_all(&data, field).unwrap().into_iter().map(|(v, _)| v.to_string()).collect();
                values.sort();
                values.dedup();
                if values.len() > 1 {
                    out.push((id.clone(), field.to_string()));
                }
            }
            let trash = doc.get_all(automerge::ROOT, "deleted_at").unwrap();
            let deleted = trash.iter().any(|(v, _)| matches!(v, automerge::Value::Scalar(s) if matches!(s.as_ref(), automerge::ScalarValue::Str(_))));
            if deleted && trash.iter().any(|(v, _)| !matches!(v, automerge::Value::Scalar(s) if matches!(s.as_ref(), automerge::ScalarValue::Str(_)))) {
                out.push((id.clone(), DELETED.to_string()));
            }
        }
        out.sort();
        out
    }

    fn listed(conn: &Connection) -> Vec<(String, String)> {
        let mut out: Vec<_> =
            conflicts(conn).unwrap().into_iter().map(|c| (c.record_id.to_string(), c.field)).collect();
        out.sort();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]
        #[test]
        fn three_laptops_converge_whatever_the_order(ops in prop::collection::vec(op(), 10..40)) {
            let (mut laptops, visits) = three();
            let mut mail: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 3];
            let mut edits = Vec::new();
            let mut added = Vec::new();
            let when = at(2022, 3, 20);
            for (n, op) in ops.iter().enumerate() {
                match *op {
                    Op::Edit { laptop, visit, field } => {
                        let l = &mut laptops[laptop];
                        let Some(mut v) = records::find::<Visit>(l.store.conn(), &visits[visit]).unwrap() else { continue };
                        let value = format!("{laptop}号机第{n}步");
                        match field {
                            0 => v.data.objectives = value.clone(),
                            1 => v.data.guests = value.clone(),
                            _ => v.data.travel_note = value.clone(),
                        }
                        l.store.write(when, |tx| tx.update(&visits[visit], v.data).map(drop)).unwrap();
                        edits.push(value);
                    }
                    Op::Delete { laptop, visit } => {
                        let l = &mut laptops[laptop];
                        if records::find::<Visit>(l.store.conn(), &visits[visit]).unwrap().is_some() {
                            l.store.write(when, |tx| tx.delete(Kind::Visit, &visits[visit]).map(drop)).unwrap();
                        }
                    }
                    Op::AddEmployer { laptop, name } => {
                        let id = laptops[laptop].store.write(when, |tx| tx.insert(employer(NAMES[name]))).unwrap().id;
                        added.push((id, name));
                    }
                    Op::Send { from } => {
                        let bundle = export(&mut laptops[from].store, when).unwrap();
                        for (to, inbox) in mail.iter_mut().enumerate() {
                            if to != from {
                                inbox.push(bundle.clone());
                            }
                        }
                    }
                    Op::Deliver { to, pick } => {
                        // Kept in the inbox: it may arrive again, or after a later one.
                        if let Some(bundle) = mail[to].get(pick % mail[to].len().max(1)).cloned() {
                            import(&mut laptops[to].store, &bundle, when).unwrap();
                        }
                    }
                }
            }
            // Everyone sends and everyone reads, until nothing is new.
            for _ in 0..2 {
                for from in 0..3 {
                    let bundle = export(&mut laptops[from].store, when).unwrap();
                    for to in (0..3).filter(|&to| to != from) {
                        import(&mut laptops[to].store, &bundle, when).unwrap();
                    }
                }
            }
            let first = dump(laptops[0].store.conn());
            for l in &laptops[1..] {
                prop_assert_eq!(&dump(l.store.conn()), &first);
            }
            for l in &laptops {
                // The ledger's running totals are those of the records the merges left.
                crate::store::totals::assert_in_step(l.store.conn());
                let history = history(l.store.conn());
                for value in &edits {
                    prop_assert!(history.contains(value), "{} is missing from a laptop's history", value);
                }
                let expected = engine_clashes(l.store.conn());
                prop_assert_eq!(listed(l.store.conn()), expected.clone());
                prop_assert_eq!(&expected, &engine_clashes(laptops[0].store.conn()));
                for (id, name) in &added {
                    let twice = added.iter().filter(|(_, n)| n == name).count() > 1;
                    let found = crate::employers::detail(l.store.conn(), id).unwrap().duplicates;
                    prop_assert_eq!(!found.is_empty(), twice);
                }
            }
        }
    }
}

#[test]
fn a_save_writes_its_history_only_and_the_documents_catch_up_before_a_bundle_leaves() {
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    send(&mut admin, &mut zhang);
    send(&mut zhang, &mut admin);
    let revs = |l: &Laptop| -> i64 {
        l.store.conn().query_row("SELECT coalesce(max(rev), 0) FROM team_docs", [], |r| r.get(0)).unwrap()
    };
    let before = revs(&admin);
    assert_eq!(status(admin.store.conn()).unwrap().unwrap().unsent, 0);
    edit(&mut admin, &visit, |v| v.objectives = "谈共建基地".into()).unwrap();
    assert_eq!(revs(&admin), before, "the save left the documents alone");
    assert_eq!(status(admin.store.conn()).unwrap().unwrap().unsent, 1, "but it counts as not sent");
    send(&mut admin, &mut zhang);
    assert!(revs(&admin) > before);
    assert_eq!(get_visit(&zhang, &visit).objectives, "谈共建基地");
}

#[test]
fn attachments_travel_once_after_the_records_that_name_them() {
    use crate::attachments::{self, Target};
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("协议.pdf");
    std::fs::write(&path, b"%PDF-1.4 the signed agreement").unwrap();
    let to = Target { kind: Kind::Visit, id: visit.clone() };
    let added = attachments::attach(&mut admin.store, &to, &[path], at(2022, 3, 7)).unwrap().added.remove(0);
    // Nobody has said they lack it: no files bundle yet.
    assert!(export_files(&mut admin.store, at(2022, 3, 7)).unwrap().is_none());

    // The record goes first; 张秘书's laptop lists it, its content not here yet.
    assert!(send(&mut admin, &mut zhang).records >= 1);
    let listed = |l: &Laptop| attachments::list(l.store.conn(), &l.store.vault(), &to).unwrap();
    assert_eq!(listed(&zhang).iter().map(|l| l.here).collect::<Vec<_>>(), [false]);
    // Its next changes bundle says what it lacks; the admin's files bundle carries it.
    send(&mut zhang, &mut admin);
    let bundle = export_files(&mut admin.store, at(2022, 3, 8)).unwrap().expect("a files bundle");
    assert_eq!(import(&mut zhang.store, &bundle, at(2022, 3, 8)).unwrap().files, 1);
    assert!(listed(&zhang)[0].here);
    let out = files.path().join("out.pdf");
    attachments::export(zhang.store.conn(), &zhang.store.vault(), &added.id, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.4 the signed agreement");
    // Once it says it has it, it is never sent again.
    send(&mut zhang, &mut admin);
    assert!(export_files(&mut admin.store, at(2022, 3, 9)).unwrap().is_none());

    // Content that does not match its checksum is refused whole.
    let mut forged = bundle.clone();
    let n = forged.len();
    forged[n - 40] ^= 1;
    assert!(import(&mut zhang.store, &forged, at(2022, 3, 9)).is_err());
}

#[test]
fn a_shared_folder_carries_attachments_after_their_records() {
    use crate::attachments::{self, Target};
    let Pair { mut admin, mut zhang, visit, .. } = pair();
    let shared = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("合影.jpg");
    std::fs::write(&path, crate::testing::photos::jpeg(320, 240)).unwrap();
    let to = Target { kind: Kind::Visit, id: visit.clone() };
    attachments::attach(&mut admin.store, &to, &[path], at(2022, 3, 7)).unwrap();
    let here = |l: &Laptop| attachments::list(l.store.conn(), &l.store.vault(), &to).unwrap()[0].here;
    sync_folder(&mut admin.store, shared.path(), at(2022, 3, 8)).unwrap();
    sync_folder(&mut zhang.store, shared.path(), at(2022, 3, 8)).unwrap();
    assert!(!here(&zhang));
    sync_folder(&mut admin.store, shared.path(), at(2022, 3, 8)).unwrap();
    let pass = sync_folder(&mut zhang.store, shared.path(), at(2022, 3, 8)).unwrap();
    assert!(here(&zhang), "{pass:?}");
    assert!(attachments::list(zhang.store.conn(), &zhang.store.vault(), &to).unwrap()[0].thumb.is_some());
    // Once both have it, no files bundle is left in the folder.
    sync_folder(&mut admin.store, shared.path(), at(2022, 3, 9)).unwrap();
    let team_folder = std::fs::read_dir(shared.path()).unwrap().next().unwrap().unwrap().path();
    let left: Vec<_> = std::fs::read_dir(&team_folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vdfiles"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
