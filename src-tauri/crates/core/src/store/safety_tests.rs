//! Keys, rekey, swaps, throttling, backups and restore.
use super::*;
use crate::access::Access;
use crate::model::{Employer, Person, Role};
use crate::testing::{
    self, PASSPHRASE, damage_a_salt, employer, file_tree as tree, give_passphrase, new_options, person,
};
use chrono::{Duration, TimeZone};
use std::collections::BTreeMap;

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 3, d, h, 0, 0).unwrap()
}

const NEW: &str = "a new passphrase after the leak";

fn without_throttle(mut t: BTreeMap<String, String>) -> BTreeMap<String, String> {
    t.remove(throttle::FILE);
    t
}

/// A store with two employers, unlocked by 王书记; returns it with its recovery key.
fn store_with_data() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let created = Store::init(dir.path(), new_options()).unwrap();
    let mut store = created.store;
    store
        .write(at(2, 1), |tx| {
            tx.insert(employer("苏州绿叶精密机械有限公司"))?;
            tx.insert(employer("无锡蓝天电子有限公司"))
        })
        .unwrap();
    (dir, store, created.recovery_key.to_string())
}

fn employers(store: &Store) -> Vec<String> {
    records::list::<Employer>(store.conn(), "1", "id", []).unwrap().into_iter().map(|e| e.data.name).collect()
}

fn opens(dir: &Path, passphrase: &str) -> bool {
    match Store::unlock(dir, None, passphrase, at(20, 1)) {
        Ok(store) => {
            assert!(store.check().unwrap().is_empty());
            assert_eq!(employers(&store).len(), 2);
            true
        }
        Err(e) => {
            assert_eq!(e.code(), "store.wrong_secret", "{e}");
            false
        }
    }
}

fn recovers(dir: &Path, key: &str) -> bool {
    KeySlots::load(dir).unwrap().open(&Secret::Recovery(key)).is_ok()
}

#[test]
fn rekey_re_encrypts_everything_and_only_the_new_secrets_open_it() {
    let (dir, mut store, old_recovery) = store_with_data();
    let li = store.write(at(2, 2), |tx| tx.insert(person("李老师", Role::Teacher))).unwrap().id;
    give_passphrase(&mut store, &li, "李老师的口令二〇二二");
    let old_backup = backups::make_now(&store, at(2, 3)).unwrap();
    let old_db = std::fs::read(dir.path().join(DB_FILE)).unwrap();

    let new_recovery = store.rekey(PASSPHRASE, NEW, KdfParams::TEST, at(3, 1)).unwrap().recovery_key.clone();
    // The store goes on working under the new key.
    assert_eq!(employers(&store).len(), 2);
    store.write(at(3, 2), |tx| tx.insert(employer("常州新材料有限公司"))).unwrap();
    drop(store);

    let new_db = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let same_pages = old_db.chunks(4096).zip(new_db.chunks(4096)).filter(|(a, b)| a == b).count();
    assert_eq!(same_pages, 0, "every page is encrypted anew");
    assert_eq!(Store::unlock(dir.path(), None, PASSPHRASE, at(4, 1)).err().unwrap().code(), "store.wrong_secret");
    assert!(!recovers(dir.path(), &old_recovery));
    assert!(recovers(dir.path(), &new_recovery));
    let store = Store::unlock(dir.path(), None, NEW, at(4, 1)).unwrap();
    assert_eq!(employers(&store).len(), 3);
    // Only the person who rekeyed keeps a passphrase; the old backups are gone, a new one made.
    let labels: Vec<String> = Store::slots(dir.path()).unwrap().into_iter().map(|s| s.label).collect();
    assert_eq!(labels, ["王书记"]);
    let now = backups::list(dir.path()).unwrap();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0].path, old_backup.path);
    assert!(backups::newest_good(dir.path(), &store.key).unwrap().is_some());
    // Bad input changes nothing.
    drop(store);
    let before = tree(dir.path());
    let mut store = Store::unlock(dir.path(), None, NEW, at(4, 2)).unwrap();
    assert_eq!(store.rekey(NEW, "short", KdfParams::TEST, at(4, 2)).err().unwrap().code(), "validation.too_short");
    drop(store);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_rekey_needs_an_admin_who_retypes_their_passphrase() {
    let (dir, store, li, _) = store_with_li_and_a_backup();
    let me = store.actor().clone();
    drop(store);
    let before = without_throttle(tree(dir.path()));
    let mut store = Store::unlock(dir.path(), Some(&me), PASSPHRASE, at(3, 1)).unwrap();
    assert_eq!(
        store.rekey("a wrong guess", NEW, KdfParams::TEST, at(3, 1)).err().unwrap().code(),
        "store.wrong_secret"
    );
    drop(store);
    let mut as_li = Store::unlock(dir.path(), Some(&li), LI, at(3, 2)).unwrap();
    assert_eq!(as_li.rekey(LI, NEW, KdfParams::TEST, at(3, 2)).err().unwrap().code(), "access.forbidden");
    drop(as_li);
    assert_eq!(without_throttle(tree(dir.path())), before);
}

#[test]
fn past_its_commit_point_a_rekey_returns_the_new_recovery_key_whatever_fails_after() {
    let (dir, mut store, _) = store_with_data();
    // The backups folder cannot be listed or written (a file in its place fails even as root).
    std::fs::remove_dir_all(dir.path().join(BACKUP_DIR)).unwrap();
    std::fs::write(dir.path().join(BACKUP_DIR), b"not a folder").unwrap();
    let rekeyed = store.rekey(PASSPHRASE, NEW, KdfParams::TEST, at(3, 1)).unwrap();
    assert!(rekeyed.warning.is_some(), "the failed backup is reported");
    drop(store);
    assert!(recovers(dir.path(), &rekeyed.recovery_key));
    assert!(opens(dir.path(), NEW));
}

/// A rekey cut short at each point of its protocol leaves a store that opens with the old
/// secrets or with the new ones, never both and never neither, with all its records.
#[test]
fn an_interrupted_rekey_leaves_the_old_store_or_the_new_one() {
    // Crash points: 0 = a staged database half written; 1 = staged, key slots not yet;
    // 2 = prepared; 3.. = after each step of the commit.
    let points = 3 + swap::commit_len();
    let mut outcomes = Vec::new();
    for point in 0..points {
        let (dir, store, old_recovery) = store_with_data();
        let dir_path = dir.path().to_path_buf();
        let (_new_key, new_recovery) = store.prepare_rekey(NEW, KdfParams::TEST).unwrap();
        // The crash: the process dies with its connection open and its last writes still in
        // the WAL (dropping the store would close it and checkpoint).
        std::mem::forget(store);
        match point {
            0 => {
                std::fs::remove_file(dir_path.join(swap::NEXT_SLOTS)).unwrap();
                let staged = std::fs::read(dir_path.join(swap::NEXT_DB)).unwrap();
                std::fs::write(dir_path.join(swap::NEXT_DB), &staged[..staged.len() / 2]).unwrap();
            }
            1 => std::fs::rename(dir_path.join(swap::NEXT_SLOTS), dir_path.join(".keyslots.json.next.tmp")).unwrap(),
            n => swap::commit_steps(&dir_path, n - 2).unwrap(),
        }
        let old = opens(&dir_path, PASSPHRASE);
        let new = opens(&dir_path, NEW);
        assert!(old != new, "crash point {point}: old opens {old}, new opens {new}");
        assert_eq!(recovers(&dir_path, &old_recovery), old, "crash point {point}");
        assert_eq!(recovers(&dir_path, &new_recovery), new, "crash point {point}");
        // Nothing of the swap is left over.
        let names: Vec<String> = std::fs::read_dir(&dir_path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".next") || n.contains(".prev"))
            .collect();
        assert!(names.iter().all(|n| n.ends_with(".tmp")), "crash point {point}: {names:?}");
        outcomes.push(new);
    }
    // Before the commit point (the second commit step) the old store stands; from it on, the new.
    let commit_point = 2 + 2;
    let expected: Vec<bool> = (0..points).map(|p| p >= commit_point).collect();
    assert_eq!(outcomes, expected);
}

#[test]
fn a_slot_change_cut_short_leaves_the_old_passphrase_working() {
    let (dir, store, _) = store_with_data();
    let me = store.actor().clone();
    // What set_passphrase writes, stopped before the rename that makes it count.
    let mut slots = KeySlots::load(dir.path()).unwrap();
    slots.add(SlotKind::Passphrase, Some(&me), "王书记", NEW.as_bytes(), KdfParams::TEST, &store.key).unwrap();
    slots.save_as(&dir.path().join(".keyslots.json.tmp")).unwrap();
    drop(store);
    assert!(opens(dir.path(), PASSPHRASE));
    assert!(!opens(dir.path(), NEW));
    std::fs::rename(dir.path().join(".keyslots.json.tmp"), dir.path().join(keys::FILE)).unwrap();
    assert!(!opens(dir.path(), PASSPHRASE));
    assert!(opens(dir.path(), NEW));
}

const LI: &str = "李老师的口令二〇二二";
const LI_NEW: &str = "李老师换过的口令";

/// Whether `passphrase` opens any slot of the key slots in `dir` (a store or a backup).
fn slot_opens(dir: &Path, passphrase: &str) -> bool {
    KeySlots::load(dir).unwrap().open(&Secret::Passphrase { person_id: None, passphrase }).is_ok()
}

/// 王书记's store with 李老师 (an assistant) who has a passphrase, and a backup taken then.
fn store_with_li_and_a_backup() -> (tempfile::TempDir, Store, Id, backups::Backup) {
    let (dir, mut store, _) = store_with_data();
    let li = store.write(at(2, 2), |tx| tx.insert(person("李老师", Role::Teacher))).unwrap().id;
    give_passphrase(&mut store, &li, LI);
    let backup = backups::make_now(&store, at(2, 3)).unwrap();
    assert!(slot_opens(&backup.path, LI));
    (dir, store, li, backup)
}

#[test]
fn a_removed_persons_passphrase_opens_neither_the_store_nor_any_backup() {
    let (dir, mut store, li, backup) = store_with_li_and_a_backup();
    store.remove_person(&li, at(2, 4)).unwrap();
    drop(store);
    assert_eq!(Store::unlock(dir.path(), Some(&li), LI, at(3, 1)).err().unwrap().code(), "store.no_such_slot");
    assert_eq!(Store::unlock(dir.path(), None, LI, at(3, 1)).err().unwrap().code(), "store.wrong_secret");
    assert!(!slot_opens(&backup.path, LI), "the kept backup no longer knows her passphrase");
    assert!(slot_opens(&backup.path, PASSPHRASE));
    assert!(opens(dir.path(), PASSPHRASE));
}

#[test]
fn the_last_admin_and_the_last_passphrase_stay() {
    let (dir, mut store, li, _) = store_with_li_and_a_backup();
    let me = store.actor().clone();
    assert_eq!(store.remove_person(&me, at(2, 4)).unwrap_err().code(), "access.last_admin");
    let demoted = Person { access: Access::Leader, ..records::get::<Person>(store.conn(), &me).unwrap().data };
    assert_eq!(store.write(at(2, 4), |tx| tx.update(&me, demoted)).unwrap_err().code(), "access.last_admin");
    // With a second admin (without a passphrase), 王书记 may go as an admin, but once 李老师
    // is gone his is the last passphrase.
    let zhang = Person { access: Access::Admin, ..person("张主任", Role::Staff) };
    store.write(at(2, 4), |tx| tx.insert(zhang)).unwrap();
    store.remove_person(&li, at(2, 5)).unwrap();
    assert_eq!(store.remove_person(&me, at(2, 5)).unwrap_err().code(), "store.last_passphrase");
    assert!(records::find::<Person>(store.conn(), &me).unwrap().is_some(), "a refused removal changes nothing");
    drop(store);
    assert_eq!(Store::unlock(dir.path(), Some(&li), LI, at(3, 1)).err().unwrap().code(), "store.no_such_slot");
    assert!(Store::unlock(dir.path(), Some(&me), PASSPHRASE, at(3, 1)).is_ok());
    // The recovery slot is not a passphrase and survives.
    assert!(KeySlots::load(dir.path()).unwrap().slots().iter().any(|s| s.kind == SlotKind::Recovery));
}

#[test]
fn changed_passphrases_stop_opening_the_backups_and_a_restore_keeps_todays() {
    let (dir, mut store, li, backup) = store_with_li_and_a_backup();
    let me = store.actor().clone();
    store.set_passphrase(&me, NEW, PASSPHRASE, KdfParams::TEST, at(2, 4)).unwrap();
    drop(store);
    let mut as_li = Store::unlock(dir.path(), Some(&li), LI, at(2, 5)).unwrap();
    as_li.set_passphrase(&li, LI_NEW, LI, KdfParams::TEST, at(2, 5)).unwrap();
    // An assistant may not restore.
    drop(as_li);
    let li_secret = Secret::Passphrase { person_id: Some(&li), passphrase: LI_NEW };
    assert_eq!(
        backups::restore(dir.path(), &backup.path, &li_secret, at(2, 6)).unwrap_err().code(),
        "access.forbidden"
    );
    for old in [PASSPHRASE, LI] {
        assert!(!slot_opens(&backup.path, old), "{old} still opens the backup");
    }

    let secret = Secret::Passphrase { person_id: Some(&me), passphrase: NEW };
    backups::restore(dir.path(), &backup.path, &secret, at(3, 1)).unwrap();
    assert!(Store::unlock(dir.path(), Some(&li), LI_NEW, at(3, 2)).is_ok());
    assert_eq!(Store::unlock(dir.path(), Some(&li), LI, at(3, 2)).err().unwrap().code(), "store.wrong_secret");
    assert!(opens(dir.path(), NEW));
    assert!(!opens(dir.path(), PASSPHRASE));
}

#[test]
fn a_backup_under_another_key_is_restored_under_todays() {
    let (_from, store, _) = store_with_data();
    let backup = backups::make_now(&store, at(2, 3)).unwrap();
    drop(store);
    // Another store, made with the same passphrase (a laptop set up anew) and its own key.
    let here = tempfile::tempdir().unwrap();
    drop(Store::init(here.path(), new_options()).unwrap());
    let own_slots = std::fs::read(here.path().join(keys::FILE)).unwrap();
    let secret = Secret::Passphrase { person_id: None, passphrase: PASSPHRASE };
    backups::restore(here.path(), &backup.path, &secret, at(3, 1)).unwrap();
    assert_eq!(std::fs::read(here.path().join(keys::FILE)).unwrap(), own_slots, "today's slots stay");
    assert!(opens(here.path(), PASSPHRASE), "the backup's records, under today's key");
}

#[test]
fn repeated_wrong_passphrases_must_wait_even_across_restarts() {
    let (dir, store, recovery) = store_with_data();
    let me = store.actor().clone();
    drop(store);
    let t0 = at(5, 1);
    for i in 0..throttle::FREE_FAILURES {
        let err = Store::unlock(dir.path(), None, "wrong guess number x", t0 + Duration::seconds(i.into()));
        assert_eq!(err.err().unwrap().code(), "store.wrong_secret");
    }
    let last = t0 + Duration::seconds(4);
    // Even the right passphrase, and the recovery key, wait; nothing is derived meanwhile.
    let err = Store::unlock(dir.path(), None, PASSPHRASE, last + Duration::seconds(3)).err().unwrap();
    assert!(matches!(err, Error::Store(StoreError::Throttled { wait_seconds: 7 })), "{err:?}");
    let err = Store::recover(dir.path(), &recovery, &me, NEW, KdfParams::TEST, last).err().unwrap();
    assert_eq!(err.code(), "store.throttled");
    // Another wrong one after the wait doubles it.
    let after = last + Duration::seconds(10);
    assert_eq!(Store::unlock(dir.path(), None, "wrong again", after).err().unwrap().code(), "store.wrong_secret");
    let err = Store::unlock(dir.path(), None, PASSPHRASE, after + Duration::seconds(10)).err().unwrap();
    assert!(matches!(err, Error::Store(StoreError::Throttled { wait_seconds: 10 })), "{err:?}");
    // The right one after the wait opens and clears the count.
    drop(Store::unlock(dir.path(), None, PASSPHRASE, after + Duration::seconds(20)).unwrap());
    assert_eq!(throttle::load(dir.path()), throttle::Failures::default());
}

#[test]
fn rotation_keeps_seven_days_and_four_weeks() {
    let now = Utc.with_ymd_and_hms(2022, 6, 30, 12, 0, 0).unwrap();
    // Three backups a day for 60 days, newest first in time.
    let taken: Vec<DateTime<Utc>> = (0..180).map(|i| now - Duration::hours(8 * i + 1)).collect();
    let delete = rotation(&taken, now);
    let mut kept: Vec<DateTime<Utc>> = (0..taken.len()).filter(|i| !delete.contains(i)).map(|i| taken[i]).collect();
    kept.sort();
    kept.reverse();
    let days: Vec<String> = kept.iter().map(|t| t.format("%m-%d %H").to_string()).collect();
    // The newest of each of the last 7 days; then the newest of each earlier week (ISO weeks
    // start on Monday: June 30 2022 is a Thursday).
    assert_eq!(
        days,
        [
            "06-30 11", "06-29 19", "06-28 19", "06-27 19", "06-26 19", "06-25 19", "06-24 19",
            // Weeks: this week (Mon 27th) and last (Mon 20th) already kept above; then
            "06-19 19", "06-12 19"
        ]
    );
    assert!(rotation(&[], now).is_empty());
    // Days with backups count, not calendar days: a month away deletes nothing needed.
    let sparse = [now - Duration::days(40), now - Duration::days(70)];
    assert!(rotation(&sparse, now).is_empty());
    // A backup dated in the future (a clock set back) is kept and not counted.
    let future = [now + Duration::days(2), now - Duration::hours(1), now - Duration::hours(2)];
    assert_eq!(rotation(&future, now), [2]);
}

fn rotation(taken: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<usize> {
    backups::rotation(taken, now)
}

#[test]
fn backups_are_exports_under_the_data_key_and_made_when_due() {
    let (dir, store, _) = store_with_data();
    assert!(backups::list(dir.path()).unwrap().is_empty());
    let first = backups::auto(&store, at(2, 3)).unwrap().unwrap();
    assert_eq!((first.name.as_str(), first.taken_at), ("20220302T030000Z", at(2, 3)));
    // Not again within the hour; again after it.
    assert!(backups::auto(&store, at(2, 3) + Duration::minutes(59)).unwrap().is_none());
    assert!(backups::auto(&store, at(2, 4)).unwrap().is_some());
    // Two in the same second get distinct names.
    let again = backups::make_now(&store, at(2, 4)).unwrap();
    assert_eq!(again.name, "20220302T040000Z-2");
    // Rotation keeps the newest of the day only.
    let names: Vec<String> = backups::list(dir.path()).unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, [again.name.as_str()]);
    // A backup folder opens as a store, with the same passphrase, and holds no plaintext.
    let copy = Store::unlock(&again.path, None, PASSPHRASE, at(2, 5)).unwrap();
    assert_eq!(employers(&copy), employers(&store));
    drop(copy);
    let bytes = std::fs::read(again.path.join(DB_FILE)).unwrap();
    let needle = "绿叶精密".as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    assert!(!bytes.starts_with(b"SQLite format 3"));
    // An existing destination is refused.
    assert_eq!(backups::make(&store, &again.path).unwrap_err().code(), "store.exists");
    // Automatic backups rotate: after a backup a day until the 25th, the last 7 days' and the
    // newest of each earlier week (weeks start on Mondays: March 7, 14, 21) are left.
    for d in 3..=25 {
        backups::auto(&store, at(d, 1)).unwrap();
    }
    let names: Vec<String> = backups::list(dir.path()).unwrap().into_iter().map(|b| b.name[4..8].to_string()).collect();
    assert_eq!(names, ["0306", "0313", "0319", "0320", "0321", "0322", "0323", "0324", "0325"]);
}

/// Flips one byte in the middle of page `page` (1-based) of a closed database file.
fn flip(db: &Path, page: usize) {
    let mut bytes = std::fs::read(db).unwrap();
    let at = (page - 1) * 4096 + 2000;
    bytes[at] ^= 0x5a;
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_damaged_page_is_found_and_the_newest_good_backup_named_and_restored() {
    let (dir, store, _) = store_with_data();
    let good = backups::make_now(&store, at(2, 3)).unwrap();
    let me = store.actor().clone();
    // A page that opening the store does not read: the (empty) contacts table's.
    let page: i64 =
        store.conn().query_row("SELECT rootpage FROM sqlite_master WHERE name = 'contacts'", [], |r| r.get(0)).unwrap();
    drop(store);
    let db = dir.path().join(DB_FILE);
    flip(&db, page as usize);
    let store = Store::unlock(dir.path(), None, PASSPHRASE, at(3, 1)).unwrap();
    let health = backups::health(&store).unwrap();
    assert!(!health.ok());
    assert_eq!(health.newest_good_backup.as_ref().map(|b| &b.name), Some(&good.name));
    drop(store);
    let secret = Secret::Passphrase { person_id: Some(&me), passphrase: PASSPHRASE };
    let health = backups::check_dir(dir.path(), &secret, at(3, 1)).unwrap();
    assert_eq!(health.newest_good_backup.map(|b| b.name), Some(good.name.clone()));

    let kept = backups::restore(dir.path(), &good.path, &secret, at(3, 2)).unwrap().unwrap();
    assert_eq!(kept.name, "20220303T020000Z-before-restore");
    let store = Store::unlock(dir.path(), None, PASSPHRASE, at(3, 3)).unwrap();
    assert!(store.check().unwrap().is_empty());
    assert_eq!(employers(&store).len(), 2);
    // The damaged store was kept as it was, and is not a good backup.
    assert_eq!(backups::newest_good(dir.path(), &store.key).unwrap().map(|b| b.name), Some(good.name));
}

#[test]
fn damaged_key_slots_are_damage_and_the_backup_restores() {
    let (dir, store, _) = store_with_data();
    let good = backups::make_now(&store, at(2, 3)).unwrap();
    drop(store);
    damage_a_salt(dir.path());
    assert_eq!(Store::unlock(dir.path(), None, PASSPHRASE, at(3, 1)).err().unwrap().code(), "store.damaged");
    let secret = Secret::Passphrase { person_id: None, passphrase: PASSPHRASE };
    let health = backups::check_dir(dir.path(), &secret, at(3, 1)).unwrap();
    assert_eq!(health.newest_good_backup.map(|b| b.name), Some(good.name.clone()));
    backups::restore(dir.path(), &good.path, &secret, at(3, 2)).unwrap();
    assert!(opens(dir.path(), PASSPHRASE));
}

#[test]
fn a_restore_refused_changes_nothing() {
    let (dir, mut store, recovery) = store_with_data();
    let good = backups::make_now(&store, at(2, 3)).unwrap();
    store.write(at(2, 4), |tx| tx.insert(employer("常州新材料有限公司"))).unwrap();
    drop(store);
    // A damaged copy of the backup, outside the store.
    let elsewhere = tempfile::tempdir().unwrap();
    let damaged = elsewhere.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    for f in [DB_FILE, keys::FILE] {
        std::fs::copy(good.path.join(f), damaged.join(f)).unwrap();
    }
    flip(&damaged.join(DB_FILE), 3);
    let before = tree(dir.path());
    let wrong = Secret::Passphrase { person_id: None, passphrase: "not the passphrase" };
    assert_eq!(backups::restore(dir.path(), &good.path, &wrong, at(3, 1)).unwrap_err().code(), "store.wrong_secret");
    let wrong_key = Secret::Recovery("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA");
    assert_eq!(
        backups::restore(dir.path(), &good.path, &wrong_key, at(3, 1)).unwrap_err().code(),
        "store.wrong_secret"
    );
    assert_eq!(without_throttle(tree(dir.path())), before);
    let right = Secret::Recovery(&recovery);
    assert_eq!(backups::restore(dir.path(), &damaged, &right, at(3, 1)).unwrap_err().code(), "store.damaged");
    let not_a_backup = elsewhere.path().join("nothing");
    assert_eq!(backups::restore(dir.path(), &not_a_backup, &right, at(3, 1)).unwrap_err().code(), "store.missing");
    assert_eq!(without_throttle(tree(dir.path())), before);
    // The store still has the change made after the backup.
    let store = Store::unlock(dir.path(), None, PASSPHRASE, at(3, 2)).unwrap();
    assert_eq!(employers(&store).len(), 3);
}

#[test]
fn a_restore_keeps_passphrases_set_since_the_backup() {
    let (dir, mut store, _) = store_with_data();
    let good = backups::make_now(&store, at(2, 3)).unwrap();
    let li = store.write(at(2, 4), |tx| tx.insert(person("李老师", Role::Teacher))).unwrap().id;
    give_passphrase(&mut store, &li, "李老师的口令二〇二二");
    drop(store);
    let secret = Secret::Passphrase { person_id: None, passphrase: PASSPHRASE };
    backups::restore(dir.path(), &good.path, &secret, at(3, 1)).unwrap();
    // 李老师 is not in the restored records, but her slot, set after the backup, stays.
    let store = Store::unlock(dir.path(), Some(&li), "李老师的口令二〇二二", at(3, 2)).unwrap();
    assert_eq!(employers(&store).len(), 2);
    drop(store);
    // On another computer: restored into a new folder, with the backup's own key slots.
    let elsewhere = tempfile::tempdir().unwrap();
    let new_home = elsewhere.path().join("store");
    assert_eq!(backups::restore(&new_home, &good.path, &secret, at(4, 1)).unwrap(), None);
    assert!(opens(&new_home, PASSPHRASE));
    // The backup's key slots followed the store's: 李老师's, set after it was taken, opens it.
    assert_eq!(Store::slots(&new_home).unwrap().len(), 2);
}

/// Unlocking does not wait for the automatic backup (the shells make it after: the app's guard
/// on its first tick, the CLI at once); made then, not again within the hour.
#[test]
fn the_automatic_backup_follows_the_unlock_not_inside_it() {
    let (dir, store) = testing::new_store();
    let me = store.actor().clone();
    drop(store);
    let (store, _) = crate::session::unlock(dir.path(), &me, PASSPHRASE, at(2, 1)).unwrap();
    assert_eq!(backups::list(dir.path()).unwrap().len(), 0, "the unlock made none");
    assert!(backups::auto(&store, at(2, 1)).unwrap().is_some());
    let later = at(2, 1) + chrono::Duration::minutes(59);
    assert!(backups::auto(&store, later).unwrap().is_none(), "not again within the hour");
    assert_eq!(backups::list(dir.path()).unwrap().len(), 1);
}

#[test]
fn a_closed_store_refuses_writes_rather_than_lose_them() {
    let (_dir, mut store, _) = store_with_data();
    store.close().unwrap();
    let err = store.write(at(3, 1), |tx| tx.insert(employer("常州新材料有限公司"))).unwrap_err();
    // Refused as a write (query_only), before any table is looked for.
    assert_eq!(err.code(), "store.read_only");
}

#[test]
fn eight_parallel_wrong_attempts_after_the_free_ones_derive_a_key_once() {
    const WRONG: &str = "eight threads guessing at once";
    // A derivation of some 40 ms, so that attempts not made one at a time would overlap.
    let kdf = KdfParams { memory_kib: 16 * 1024, iterations: 2, parallelism: 1 };
    let dir = tempfile::tempdir().unwrap();
    drop(Store::init(dir.path(), InitOptions { kdf, ..new_options() }).unwrap());
    let t0 = at(5, 1);
    for _ in 0..throttle::FREE_FAILURES {
        assert_eq!(Store::unlock(dir.path(), None, WRONG, t0).err().unwrap().code(), "store.wrong_secret");
    }
    // The first delay is over, and eight guesses arrive at once.
    let later = t0 + throttle::delay(throttle::FREE_FAILURES);
    let before = crypto::derivations::of(WRONG.as_bytes());
    let start = std::sync::Barrier::new(8);
    let mut codes: Vec<String> = std::thread::scope(|s| {
        let guesses: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    Store::unlock(dir.path(), None, WRONG, later).err().unwrap().code().to_string()
                })
            })
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap()).collect()
    });
    assert_eq!(crypto::derivations::of(WRONG.as_bytes()) - before, 1, "Argon2 runs");
    codes.sort();
    let mut expected = vec!["store.throttled".to_string(); 7];
    expected.push("store.wrong_secret".into());
    assert_eq!(codes, expected);
}

#[test]
fn restore_and_the_check_of_damaged_key_slots_are_throttled_too() {
    let (dir, store, _) = store_with_data();
    let good = backups::make_now(&store, at(2, 3)).unwrap();
    drop(store);
    let wrong = Secret::Passphrase { person_id: None, passphrase: "wrong guess number x" };
    let right = Secret::Passphrase { person_id: None, passphrase: PASSPHRASE };
    let t0 = at(5, 1);
    for _ in 0..throttle::FREE_FAILURES {
        assert_eq!(backups::restore(dir.path(), &good.path, &wrong, t0).unwrap_err().code(), "store.wrong_secret");
    }
    assert_eq!(backups::restore(dir.path(), &good.path, &right, t0).unwrap_err().code(), "store.throttled");
    throttle::succeeded(dir.path()).unwrap();

    // With the store's key slots damaged, the check tries each backup's own: a secret that opens
    // none of them is a wrong secret, counted, and after the free ones the check waits.
    damage_a_salt(dir.path());
    for _ in 0..throttle::FREE_FAILURES {
        assert_eq!(backups::check_dir(dir.path(), &wrong, t0).unwrap_err().code(), "store.wrong_secret");
    }
    assert_eq!(backups::check_dir(dir.path(), &right, t0).unwrap_err().code(), "store.throttled");
    let later = t0 + throttle::delay(throttle::FREE_FAILURES);
    let health = backups::check_dir(dir.path(), &right, later).unwrap();
    assert_eq!(health.newest_good_backup.map(|b| b.name), Some(good.name));
}

#[cfg(unix)]
#[test]
fn the_store_folder_is_0700_and_its_files_0600() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &Path| std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o777;
    let check = |dir: &Path, when: &str| {
        let backups = backups::list(dir).unwrap();
        assert!(!backups.is_empty());
        let mut expected = vec![(dir.to_path_buf(), 0o700), (dir.join(BACKUP_DIR), 0o700)];
        for name in [DB_FILE, "visitdesk.db-wal", "visitdesk.db-shm", keys::FILE, throttle::FILE] {
            expected.push((dir.join(name), 0o600));
        }
        for b in backups {
            expected.extend([(b.path.join(DB_FILE), 0o600), (b.path.join(keys::FILE), 0o600), (b.path.clone(), 0o700)]);
        }
        let found: Vec<(PathBuf, u32)> = expected.iter().map(|(p, _)| (p.clone(), mode(p))).collect();
        assert_eq!(found, expected, "{when}");
    };
    let (dir, mut store, _) = store_with_data();
    backups::make_now(&store, at(2, 3)).unwrap();
    store.write(at(2, 4), |tx| tx.insert(employer("常州新材料有限公司"))).unwrap();
    assert!(Store::unlock(dir.path(), None, "a wrong guess", at(2, 4)).is_err());
    // While it is open, with its WAL and shared memory files.
    check(dir.path(), "a new store");
    drop(store);

    // A store whose files were made before, or copied in, with group and other permissions is
    // tightened when it opens.
    let loosen = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let backup = backups::list(dir.path()).unwrap()[0].path.clone();
    for folder in [dir.path(), &dir.path().join(BACKUP_DIR), &backup] {
        loosen(folder, 0o755);
    }
    for file in [dir.path().join(DB_FILE), dir.path().join(keys::FILE), backup.join(DB_FILE)] {
        loosen(&file, 0o644);
    }
    let _open = Store::unlock(dir.path(), None, PASSPHRASE, at(2, 5)).unwrap();
    assert!(Store::unlock(dir.path(), None, "a wrong guess", at(2, 5)).is_err());
    check(dir.path(), "a loose store, opened");
}
