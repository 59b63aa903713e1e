//! The life of a team, as three laptops live it: 王书记 (the admin) makes the team; 张秘书, who
//! assists 李校长, and 陈老师 of the employment office join with a request and a welcome; they exchange
//! changes through a shared folder; a clash is settled on one laptop and seen settled on the
//! others; 陈老师 leaves, and what her laptop signs after that is refused. Then every bad
//! bundle, refused whole, leaving every file of the store as it was.
use std::path::Path;
use visitdesk_core::access::Access;
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::error::ErrorCode;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Person, Role, Visit};
use visitdesk_core::store::{Store, records};
use visitdesk_core::team::{self, FolderPass};
use visitdesk_core::testing::*;

struct Laptop {
    _dir: tempfile::TempDir,
    store: Store,
}

impl Laptop {
    fn pass(&mut self, day: u32) -> FolderPass {
        team::sync_own_folder(&mut self.store, at(2022, 4, day)).unwrap().expect("a team folder is set")
    }

    fn visit(&self, id: &Id) -> Visit {
        records::get::<Visit>(self.store.conn(), id).unwrap().data
    }

    fn edit(&mut self, id: &Id, day: u32, change: impl FnOnce(&mut Visit)) {
        let mut v = self.visit(id);
        change(&mut v);
        self.store.write(at(2022, 4, day), |tx| tx.update(id, v).map(drop)).unwrap();
    }
}

/// A newcomer's laptop: the request, the fingerprint checked by the admin, the welcome.
fn join(admin: &mut Laptop, name: &str, access: Access, day: u32) -> Laptop {
    let dir = tempfile::tempdir().unwrap();
    let secret = format!("{name}的口令二〇二二年");
    let (created, request) = team::join_request(
        dir.path(),
        name,
        Role::Staff,
        &format!("{name}的电脑"),
        &secret,
        KdfParams::TEST,
        at(2022, 4, day),
    )
    .unwrap();
    let bytes = request.to_bytes().unwrap();
    let wrong = team::accept_checked(&mut admin.store, &bytes, "0000 0000 0000 0000", access, at(2022, 4, day));
    assert_eq!(wrong.map(drop).unwrap_err().code(), "team.fingerprint_mismatch");
    let (_, welcome) =
        team::accept_checked(&mut admin.store, &bytes, &request.fingerprint(), access, at(2022, 4, day)).unwrap();
    let mut store = created.store;
    team::join(&mut store, &welcome, at(2022, 4, day)).unwrap();
    Laptop { _dir: dir, store }
}

fn set_folder(l: &mut Laptop, folder: &Path) {
    l.store.write(at(2022, 4, 5), |tx| team::set_folder(tx, Some(folder))).unwrap();
}

#[test]
fn a_team_lives_its_whole_life_through_a_shared_folder() {
    let (dir, mut store) = new_store();
    let (li, visit) = store
        .write(at(2022, 4, 1), |tx| {
            let li = tx.insert(Person::new("李校长", Role::President))?.id;
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
            Ok((li.clone(), tx.insert(visit(&e, &li, at(2022, 4, 20)))?.id))
        })
        .unwrap();
    team::create(&mut store, "王书记的笔记本", at(2022, 4, 2)).unwrap();
    let mut admin = Laptop { _dir: dir, store };
    let mut zhang = join(&mut admin, "张秘书", Access::Assistant, 3);
    let mut chen = join(&mut admin, "陈老师", Access::Admin, 3);
    let zhang_id = zhang.store.actor().clone();
    admin
        .store
        .write(at(2022, 4, 4), |tx| {
            visitdesk_core::people::set_access(tx, &zhang_id, Access::Assistant, Some(vec![li.clone()]), None)
        })
        .unwrap();

    // Each laptop is pointed at the shared folder once; then passes carry everything.
    let shared = tempfile::tempdir().unwrap();
    for l in [&mut admin, &mut zhang, &mut chen] {
        set_folder(l, shared.path());
    }
    admin.pass(5);
    for l in [&mut zhang, &mut chen] {
        let pass = l.pass(5);
        assert!(pass.read.iter().all(|r| r.error.is_none()), "{pass:?}");
    }
    admin.pass(5);
    let status = team::status(admin.store.conn()).unwrap().unwrap();
    assert!(status.devices.iter().filter(|d| d.id != status.device_id).all(|d| d.last_heard.is_some()), "{status:?}");

    // The admin and 张秘书 change the visit's objectives apart; 陈老师 only reads.
    admin.edit(&visit, 6, |v| v.objectives = "谈共建实习基地".into());
    zhang.edit(&visit, 6, |v| v.objectives = "谈春季招聘".into());
    zhang.edit(&visit, 6, |v| v.guests = "校友会王老师".into());
    for _ in 0..2 {
        for l in [&mut admin, &mut zhang, &mut chen] {
            l.pass(6);
        }
    }
    let shown = admin.visit(&visit);
    for l in [&admin, &zhang, &chen] {
        assert_eq!(l.visit(&visit), shown, "one record on every laptop");
        let listed = team::conflicts(l.store.conn()).unwrap();
        assert_eq!((listed.len(), listed[0].field.as_str()), (1, "objectives"), "{listed:?}");
    }
    assert_eq!(shown.guests, "校友会王老师", "the field edited on one laptop only is kept");

    // 张秘书 settles it on her laptop; the others see it settled after their passes.
    zhang.store.write(at(2022, 4, 7), |tx| team::resolve(tx, &visit, "objectives", "谈共建实习基地".into())).unwrap();
    zhang.pass(7);
    for l in [&mut admin, &mut chen] {
        l.pass(7);
    }
    for l in [&admin, &zhang, &chen] {
        assert!(team::conflicts(l.store.conn()).unwrap().is_empty());
        assert_eq!(l.visit(&visit).objectives, "谈共建实习基地");
    }
    // History names who made the change, on which laptop.
    let (by, device): (String, Option<String>) = admin
        .store
        .conn()
        .query_row("SELECT by, device FROM history WHERE record_id = ?1 ORDER BY seq DESC LIMIT 1", [&visit], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(by, zhang_id.to_string());
    assert!(device.is_some());

    // 陈老师 leaves. Her laptop keeps what it had; what it signs from now on is refused, and
    // later bundles are not encrypted to it.
    let chen_id = chen.store.actor().clone();
    let removed = admin.store.write(at(2022, 4, 8), |tx| team::remove_member(tx, &chen_id)).unwrap();
    assert_eq!(removed.len(), 1);
    admin.pass(8);
    chen.edit(&visit, 8, |v| v.travel_note = "她离开之后写的".into());
    let hers = chen.pass(8);
    assert!(
        hers.read.iter().any(|r| r.error == Some(ErrorCode::TeamNotARecipient)),
        "the admin's new bundle is not for her: {hers:?}"
    );
    let read = admin.pass(9);
    assert!(read.read.iter().any(|r| r.error == Some(ErrorCode::TeamRemovedMember)), "{read:?}");
    assert_ne!(admin.visit(&visit).travel_note, "她离开之后写的");
    assert_eq!(chen.visit(&visit).objectives, "谈共建实习基地", "she keeps what she had");
}

/// The store's files and their checksums, but the WAL's index (`-shm`): shared memory that
/// every reader writes its read marks into, which holds no data.
fn files(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut all = file_tree(dir);
    all.retain(|name, _| !name.ends_with("-shm"));
    assert!(all.keys().any(|name| name.ends_with("-wal")), "the store is open, its changes in the WAL: {all:?}");
    all
}

#[test]
fn every_bad_bundle_is_refused_whole_and_leaves_every_file_of_the_store_as_it_was() {
    let (dir, mut store) = new_store();
    let visit = store
        .write(at(2022, 4, 1), |tx| {
            let me = tx.actor().clone();
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
            Ok(tx.insert(visit(&e, &me, at(2022, 4, 20)))?.id)
        })
        .unwrap();
    team::create(&mut store, "王书记的笔记本", at(2022, 4, 2)).unwrap();
    let mut admin = Laptop { _dir: dir, store };
    let mut zhang = join(&mut admin, "张秘书", Access::Admin, 3);
    let mut chen = join(&mut admin, "陈老师", Access::Admin, 3);
    let first = team::export(&mut admin.store, at(2022, 4, 4)).unwrap();
    team::import(&mut zhang.store, &first, at(2022, 4, 4)).unwrap();
    team::import(&mut chen.store, &first, at(2022, 4, 4)).unwrap();

    admin.edit(&visit, 5, |v| v.objectives = "谈共建实习基地".into());
    let good = team::export(&mut admin.store, at(2022, 4, 5)).unwrap();
    // Another team's, written by a store that made its own.
    let (_odir, mut other) = new_store();
    team::create(&mut other, "别校的电脑", at(2022, 4, 2)).unwrap();
    let foreign = team::export(&mut other, at(2022, 4, 5)).unwrap();
    // 陈老师 removed; then a bundle she signs, and one the admin writes without her.
    let chen_id = chen.store.actor().clone();
    admin.store.write(at(2022, 4, 6), |tx| team::remove_member(tx, &chen_id).map(drop)).unwrap();
    chen.edit(&visit, 6, |v| v.guests = "她离开之后写的".into());
    let from_removed = team::export(&mut chen.store, at(2022, 4, 6)).unwrap();
    let not_for_her = team::export(&mut admin.store, at(2022, 4, 6)).unwrap();

    let flip = |at: usize| {
        let mut b = good.clone();
        b[at] ^= 0x20;
        b
    };
    // Which laptop reads it: 0 张秘书, 1 the admin, 2 陈老师.
    let cases: Vec<(&str, usize, Vec<u8>, &str)> = vec![
        ("a changed byte in the encrypted body", 0, flip(good.len() - 100), "team.bad_signature"),
        ("a changed byte in the header", 0, flip(40), "team.damaged"),
        ("cut in half, as a copy in progress", 0, good[..good.len() / 2].to_vec(), "team.bad_signature"),
        ("no bundle at all", 0, b"PK\x03\x04 a workbook".to_vec(), "team.damaged"),
        ("another team's", 0, foreign, "team.other_team"),
        ("from a member removed, signed after", 1, from_removed, "team.removed_member"),
        ("encrypted to other devices", 2, not_for_her, "team.not_a_recipient"),
    ];
    let mut laptops = [&mut zhang, &mut admin, &mut chen];
    for (what, reader, bundle, code) in cases {
        let laptop = &mut laptops[reader];
        let dir = laptop.store.dir().to_path_buf();
        let before = files(&dir);
        let refused = team::import(&mut laptop.store, &bundle, at(2022, 4, 7));
        assert_eq!(refused.map(drop).unwrap_err().code(), code, "{what}");
        assert_eq!(files(&dir), before, "{what}: every file as it was");
    }
    // And the good one still applies.
    assert_eq!(team::import(&mut zhang.store, &good, at(2022, 4, 7)).unwrap().records, 1);
    assert_eq!(zhang.visit(&visit).objectives, "谈共建实习基地");
}
