//! What the app's first-run and unlock screens need: whether there is a store and who can
//! unlock it, creating a store from the first-run form, and who is working in it.
use crate::access::{Actor, Rights};
use crate::crypto::KdfParams;
use crate::error::{Result, StoreError};
use crate::ids::Id;
use crate::model::{Campaign, Person, Role};
use crate::store::records::{self, Stored, Tx};
use crate::store::{DB_FILE, InitOptions, KeySlots, Store};
use crate::{ledger, settings};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;
use zeroize::Zeroize;

/// A person who can unlock the store, as the unlock screen lists them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SlotInfo {
    pub person_id: Id,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StoreStatus {
    pub exists: bool,
    pub unlocked: bool,
    pub people: Vec<SlotInfo>,
}

/// Why the app locked on its own: idle for the delay in the settings, the machine slept (or
/// was about to), or the desktop session was locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AutoLock {
    Idle,
    Suspend,
    ScreenLock,
}

/// Whether `dir` holds a store and who can unlock it; reads only the plaintext key slots.
pub fn status(dir: &Path, unlocked: bool) -> Result<StoreStatus> {
    if !KeySlots::exists(dir) {
        if dir.join(DB_FILE).exists() {
            // A database without its key slots cannot be opened; say so rather than offer to create one.
            return Err(StoreError::Damaged(format!("{} is missing", crate::store::keys::FILE)).into());
        }
        return Ok(StoreStatus { exists: false, unlocked: false, people: Vec::new() });
    }
    let people = Store::slots(dir)?
        .into_iter()
        .filter_map(|s| Some(SlotInfo { person_id: s.person_id?, label: s.label }))
        .collect();
    Ok(StoreStatus { exists: true, unlocked, people })
}

/// The first-run form. The passphrase is wiped from memory when the form is dropped.
#[derive(Clone, Deserialize, TS)]
pub struct NewStore {
    pub school: String,
    pub person_name: String,
    pub role: Role,
    pub passphrase: String,
    pub campaign_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Drop for NewStore {
    fn drop(&mut self) {
        self.passphrase.zeroize();
    }
}

impl std::fmt::Debug for NewStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStore")
            .field("school", &self.school)
            .field("person_name", &self.person_name)
            .field("role", &self.role)
            .field("passphrase", &"…")
            .field("campaign_name", &self.campaign_name)
            .field("starts_on", &self.starts_on)
            .field("ends_on", &self.ends_on)
            .finish()
    }
}

/// The demo store's passphrase: it guards only made-up data, and the screen that offers the
/// demo says so.
pub const DEMO_PASSPHRASE: &str = "visitdesk-demo";

/// Opens the demo store in `dir` (its own folder, never the real store's), making it first if
/// it is not there: a fictional school's campaign in progress around `now` (`demo::fill`,
/// campus size), marked 示例数据 (`settings::DEMO`). It is made in a folder beside `dir` and
/// renamed into place, so a demo cut short is never opened half made.
pub fn try_demo(dir: &Path, kdf: KdfParams, now: DateTime<Utc>) -> Result<(Store, Session)> {
    if !KeySlots::exists(dir) {
        let making = dir.with_extension("making");
        if making.exists() {
            std::fs::remove_dir_all(&making)?;
        }
        let today = now.date_naive();
        let form = NewStore {
            school: "示例职业技术学院".into(),
            person_name: "周明远".into(),
            role: Role::Secretary,
            passphrase: DEMO_PASSPHRASE.into(),
            campaign_name: "书记校长访企拓岗促就业专项行动".into(),
            starts_on: today - chrono::Days::new(90),
            ends_on: today + chrono::Days::new(90),
        };
        let (mut store, _) = create(&making, &form, kdf, now)?;
        crate::demo::fill(&mut store, crate::demo::Size::Campus, 1, now)?;
        store.write(now, |tx| tx.set_setting(settings::DEMO, "1"))?;
        store.lock()?;
        std::fs::rename(&making, dir)?;
    }
    opened(Store::unlock(dir, None, DEMO_PASSPHRASE, now)?, now)
}

/// What Help → 关于 shows: the version, where the store lives and where its backups are.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct About {
    pub version: String,
    pub store_dir: String,
    pub backups_dir: String,
    /// The demo store is open.
    pub demo: bool,
}

impl About {
    pub fn of(dir: &Path, version: &str, demo: bool) -> About {
        About {
            version: version.into(),
            store_dir: dir.display().to_string(),
            backups_dir: dir.join(crate::store::BACKUP_DIR).display().to_string(),
            demo,
        }
    }
}

/// Who is working, for which school, in which campaign.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Session {
    pub person: Stored<Person>,
    pub school: String,
    pub campaign: Stored<Campaign>,
    /// Someone else (an admin) set this person's passphrase since their last unlock: told once,
    /// at the unlock that follows.
    #[ts(optional = nullable)]
    pub passphrase_changed: Option<PassphraseChanged>,
    /// What they may do.
    pub rights: Rights,
    /// The demo store (示例数据), never a real school's record: every screen says so.
    pub demo: bool,
}

/// Who set a person's passphrase for them, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PassphraseChanged {
    pub by: Id,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// The setting that keeps [`PassphraseChanged`] for `person` until their next unlock.
fn passphrase_changed_key(person: &Id) -> String {
    format!("passphrase_changed.{person}")
}

/// Notes that the actor of `tx` set `person`'s passphrase, to tell them at their next unlock.
pub(crate) fn passphrase_changed_by(tx: &Tx<'_>, person: &Id) -> Result<()> {
    let by: Stored<Person> = records::get(tx.conn(), tx.actor())?;
    let change = PassphraseChanged { by: by.id, by_name: by.data.name, at: tx.now() };
    tx.set_setting(&passphrase_changed_key(person), &serde_json::to_string(&change)?)
}

/// The session of the person who unlocked `store`.
pub fn session(store: &Store, now: DateTime<Utc>) -> Result<Session> {
    let conn = store.conn();
    // A store that waits for its team's welcome has no campaign yet: say what it waits for.
    if crate::team::status(conn)?.is_some_and(|t| t.pending) {
        return Err(crate::team::TeamError::Pending.into());
    }
    Ok(Session {
        person: records::get(conn, store.actor())?,
        school: settings::printed_school(conn)?,
        campaign: ledger::today(conn, now)?.campaign,
        passphrase_changed: None,
        rights: Rights::of(&Actor::of(conn, store.actor())?, conn)?,
        demo: settings::is_demo(conn)?,
    })
}

/// A new store: its recovery key, shown once and never stored, and the first person's session.
#[derive(Clone, Serialize, TS)]
pub struct Created {
    pub recovery_key: String,
    pub session: Session,
}

impl Drop for Created {
    fn drop(&mut self) {
        self.recovery_key.zeroize();
    }
}

impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Created").field("recovery_key", &"…").field("session", &self.session).finish()
    }
}

/// Creates a store in `dir` from the first-run form and unlocks it as the person who filled it in.
/// The campaign gets the default zone and targets; the settings page changes them.
pub fn create(dir: &Path, form: &NewStore, kdf: KdfParams, now: DateTime<Utc>) -> Result<(Store, Created)> {
    let created = Store::init(
        dir,
        InitOptions {
            person: Person::new(&form.person_name, form.role),
            passphrase: &form.passphrase,
            school: &form.school,
            campaign: Campaign::new(&form.campaign_name, form.starts_on, form.ends_on),
            kdf,
            now,
        },
    )?;
    let session = session(&created.store, now)?;
    Ok((created.store, Created { recovery_key: created.recovery_key.to_string(), session }))
}

/// Unlocks `dir` with a person's passphrase and returns their session. A store that waits for
/// its team's welcome is `team.pending`.
pub fn unlock(dir: &Path, person_id: &Id, passphrase: &str, now: DateTime<Utc>) -> Result<(Store, Session)> {
    match unlock_any(dir, person_id, passphrase, now)? {
        (store, Some(session)) => Ok((store, session)),
        (_, None) => Err(crate::team::TeamError::Pending.into()),
    }
}

/// [`unlock`], keeping open a store that waits for its team's welcome (no session yet: the
/// app's waiting screen shows the join request and opens the welcome in it).
pub fn unlock_any(
    dir: &Path,
    person_id: &Id,
    passphrase: &str,
    now: DateTime<Utc>,
) -> Result<(Store, Option<Session>)> {
    let store = Store::unlock(dir, Some(person_id), passphrase, now)?;
    if crate::team::status(store.conn())?.is_some_and(|t| t.pending) {
        return Ok((store, None));
    }
    let (store, session) = opened(store, now)?;
    Ok((store, Some(session)))
}

/// The session of a store just unlocked: what every shell does once a secret has opened the
/// store (the CLI unlocks with whichever person's passphrase it is given, so it calls
/// `Store::unlock` itself, then this).
///
/// The automatic backup ([`crate::store::backups::auto`]) is the shell's to make after this: reading the
/// whole store, it took most of the unlock on a large one (16–19 s). The app's guard makes it
/// on the store's reader on its first tick after an unlock; the CLI at once.
pub fn opened(mut store: Store, now: DateTime<Utc>) -> Result<(Store, Session)> {
    let key = passphrase_changed_key(store.actor());
    let passphrase_changed = match store.setting(&key)? {
        Some(json) => {
            store.write(now, |tx| tx.remove_setting(&key))?;
            serde_json::from_str(&json).ok()
        }
        None => None,
    };
    let session = Session { passphrase_changed, ..session(&store, now)? };
    Ok((store, session))
}

/// A forgotten passphrase: unlocks `dir` with the recovery key and at once sets a new
/// passphrase for `person_id`, then returns their session as [`unlock`] does. A wrong key
/// (`store.wrong_secret`), a passphrase the core refuses or a person who is not in the store
/// changes nothing.
pub fn recover(
    dir: &Path,
    recovery_key: &str,
    person_id: &Id,
    new_passphrase: &str,
    kdf: KdfParams,
    now: DateTime<Utc>,
) -> Result<(Store, Session)> {
    let store = Store::recover(dir, recovery_key, person_id, new_passphrase, kdf, now)?;
    opened(store, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::Problem;
    use crate::testing::*;

    #[test]
    fn the_demo_store_is_made_once_apart_and_marked_on_every_screen_and_document() {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("store-demo");
        let (store, session) = try_demo(&demo, KdfParams::TEST, at(2022, 6, 1)).unwrap();
        assert!(session.demo);
        assert_eq!(session.school, "示例职业技术学院（示例数据）");
        assert!(!demo.with_extension("making").exists(), "made aside, then moved into place");
        let visits: i64 = store.conn().query_row("SELECT count(*) FROM visits", [], |r| r.get(0)).unwrap();
        assert!(visits > 300, "{visits}");
        // A document it prints says so.
        let doc = crate::report::summary(store.conn(), &store.vault(), None, None, at(2022, 6, 1)).unwrap();
        assert_eq!(doc.school, "示例职业技术学院（示例数据）");
        store.lock().unwrap();
        // Opened again, not made again; a real store never says it.
        let (_, again) = try_demo(&demo, KdfParams::TEST, at(2022, 6, 2)).unwrap();
        assert_eq!(again.person.id, session.person.id);
        let (_real_dir, real) = new_store();
        let real = super::session(&real, at(2022, 6, 1)).unwrap();
        assert!(!real.demo && !real.school.contains("示例数据"));
    }

    #[test]
    fn first_run_then_unlock() {
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        assert_eq!(status(&store_dir, false).unwrap(), StoreStatus { exists: false, unlocked: false, people: vec![] });

        let (store, created) = create(&store_dir, &first_run_form(), KdfParams::TEST, at(2022, 2, 1)).unwrap();
        assert_eq!(created.recovery_key.len(), 39);
        assert_eq!(created.session.person.data.name, "王书记");
        assert_eq!(created.session.person.id, *store.actor());
        assert_eq!(created.session.school, "示例职业技术学院");
        assert_eq!(created.session.campaign.data.time_zone, "Asia/Shanghai");
        assert!(!format!("{created:?}").contains(&created.recovery_key));
        drop(store);

        let st = status(&store_dir, false).unwrap();
        assert!(st.exists && !st.unlocked);
        assert_eq!(st.people, vec![SlotInfo { person_id: created.session.person.id.clone(), label: "王书记".into() }]);

        let me = &created.session.person.id;
        let wrong = unlock(&store_dir, me, "not the passphrase", at(2022, 3, 1)).map(|_| ()).unwrap_err();
        assert_eq!(wrong.code(), "store.wrong_secret");
        let (store, session) = unlock(&store_dir, me, PASSPHRASE, at(2022, 3, 1)).unwrap();
        assert_eq!(session, created.session);
        assert_eq!(store.actor(), me);

        // A second store in the same folder is refused.
        let again = create(&store_dir, &first_run_form(), KdfParams::TEST, at(2022, 2, 1)).map(|_| ()).unwrap_err();
        assert_eq!(again.code(), "store.exists");
    }

    #[test]
    fn the_form_is_validated_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let with = |change: fn(&mut NewStore)| {
            let mut f = first_run_form();
            change(&mut f);
            f
        };
        let cases = [
            (with(|f| f.passphrase = "short".into()), "passphrase", Problem::TooShort { min: 8 }),
            (with(|f| f.school = " ".into()), "settings.school", Problem::Required),
            (with(|f| f.person_name = String::new()), "person.name", Problem::Required),
            (with(|f| f.ends_on = day(2022, 2, 1)), "campaign.ends_on", Problem::EndBeforeStart),
        ];
        for (bad, field, problem) in cases {
            match create(dir.path(), &bad, KdfParams::TEST, at(2022, 2, 1)) {
                Err(Error::Validation(v)) => assert_eq!((v.field, v.problem), (field, problem)),
                other => panic!("{bad:?}: {:?}", other.map(|_| ())),
            }
            assert!(!status(dir.path(), false).unwrap().exists);
        }
        assert!(!format!("{:?}", first_run_form()).contains(PASSPHRASE));
    }

    /// A store created from the form, with 李老师 added later (so without a key slot).
    fn store_with_a_new_person() -> (tempfile::TempDir, std::path::PathBuf, Created, Id) {
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        let (mut store, created) = create(&store_dir, &first_run_form(), KdfParams::TEST, at(2022, 2, 1)).unwrap();
        let added = store.write(at(2022, 2, 2), |tx| tx.insert(person("李老师", Role::Teacher))).unwrap().id;
        (dir, store_dir, created, added)
    }

    fn labels(dir: &Path) -> Vec<String> {
        status(dir, false).unwrap().people.into_iter().map(|p| p.label).collect()
    }

    const LI: &str = "李老师的新口令二〇二二";

    #[test]
    fn a_person_added_later_can_unlock_once_an_admin_gives_them_a_passphrase() {
        let (_dir, store_dir, created, li) = store_with_a_new_person();
        let me = created.session.person.id.clone();
        assert_eq!(labels(&store_dir), ["王书记"]);
        let no_slot = unlock(&store_dir, &li, LI, at(2022, 3, 1)).map(|_| ()).unwrap_err();
        assert_eq!(no_slot.code(), "store.no_such_slot");

        let (mut store, _) = unlock(&store_dir, &me, PASSPHRASE, at(2022, 3, 1)).unwrap();
        let set = |store: &mut Store, who: &Id, new: &str, mine: &str| {
            store.set_passphrase(who, new, mine, KdfParams::TEST, at(2022, 3, 1)).map_err(|e| e.code())
        };
        // The core's rule for passphrases applies, only to people in the store, and only when
        // the admin retypes their own.
        match store.set_passphrase(&li, "short", PASSPHRASE, KdfParams::TEST, at(2022, 3, 1)) {
            Err(Error::Validation(v)) => assert_eq!((v.field, v.problem), ("passphrase", Problem::TooShort { min: 8 })),
            other => panic!("{other:?}"),
        }
        assert_eq!(set(&mut store, &Id::new(at(2022, 3, 1)), LI, PASSPHRASE).unwrap_err(), "not_found");
        assert_eq!(set(&mut store, &li, LI, "not my passphrase").unwrap_err(), "store.wrong_secret");
        assert_eq!(labels(&store_dir), ["王书记"]);

        set(&mut store, &li, LI, PASSPHRASE).unwrap();
        let st = status(&store_dir, true).unwrap();
        assert_eq!(
            st.people,
            vec![
                SlotInfo { person_id: me.clone(), label: "王书记".into() },
                SlotInfo { person_id: li.clone(), label: "李老师".into() },
            ]
        );
        drop(store);

        // 李老师 is told who set it, once.
        let (mut store, session) = unlock(&store_dir, &li, LI, at(2022, 3, 2)).unwrap();
        assert_eq!((store.actor(), session.person.data.name.as_str()), (&li, "李老师"));
        let told = session.passphrase_changed.expect("told at the next unlock");
        assert_eq!((told.by, told.by_name.as_str(), told.at), (me.clone(), "王书记", at(2022, 3, 1)));
        // An assistant may not set an admin's passphrase, even knowing their own.
        assert_eq!(set(&mut store, &me, "王书记换了口令二〇二二", LI).unwrap_err(), "access.forbidden");
        // Their own needs their current one.
        assert_eq!(set(&mut store, &li, "李老师又换了口令", "a wrong guess").unwrap_err(), "store.wrong_secret");
        set(&mut store, &li, "李老师又换了口令", LI).unwrap();
        drop(store);
        let (_, again) = unlock(&store_dir, &li, "李老师又换了口令", at(2022, 3, 3)).unwrap();
        assert_eq!(again.passphrase_changed, None, "told once, and not for their own change");
        assert_eq!(unlock(&store_dir, &me, PASSPHRASE, at(2022, 3, 3)).unwrap().1.person.id, me);
        assert_eq!(labels(&store_dir), ["王书记", "李老师"]);
    }

    #[test]
    fn a_person_in_the_trash_gets_no_passphrase() {
        let (_dir, store_dir, created, li) = store_with_a_new_person();
        let (mut store, _) = unlock(&store_dir, &created.session.person.id, PASSPHRASE, at(2022, 3, 1)).unwrap();
        store.remove_person(&li, at(2022, 3, 1)).unwrap();
        assert_eq!(
            store.set_passphrase(&li, LI, PASSPHRASE, KdfParams::TEST, at(2022, 3, 1)).unwrap_err().code(),
            "not_found"
        );
        assert_eq!(labels(&store_dir), ["王书记"]);
    }

    #[test]
    fn the_recovery_key_unlocks_and_replaces_a_forgotten_passphrase() {
        let (_dir, store_dir, created, li) = store_with_a_new_person();
        let me = created.session.person.id.clone();
        let key = created.recovery_key.clone();
        let slots_before = std::fs::read(store_dir.join(crate::store::keys::FILE)).unwrap();
        let unchanged = || assert_eq!(std::fs::read(store_dir.join(crate::store::keys::FILE)).unwrap(), slots_before);

        let wrong_key = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
        let wrong = recover(&store_dir, wrong_key, &me, "王书记的新口令二〇二二", KdfParams::TEST, at(2022, 3, 1));
        assert_eq!(wrong.map(|_| ()).unwrap_err().code(), "store.wrong_secret");
        let not_a_key =
            recover(&store_dir, "not a key", &me, "王书记的新口令二〇二二", KdfParams::TEST, at(2022, 3, 1));
        assert_eq!(not_a_key.map(|_| ()).unwrap_err().code(), "store.wrong_secret");
        let short = recover(&store_dir, &key, &me, "short", KdfParams::TEST, at(2022, 3, 1));
        assert_eq!(short.map(|_| ()).unwrap_err().code(), "validation.too_short");
        let stranger = Id::new(at(2022, 3, 1));
        let nobody = recover(&store_dir, &key, &stranger, "王书记的新口令二〇二二", KdfParams::TEST, at(2022, 3, 1));
        assert_eq!(nobody.map(|_| ()).unwrap_err().code(), "not_found");
        unchanged();

        // Typed loosely (lower case, spaces for hyphens), for the person who forgot theirs.
        let typed = key.to_lowercase().replace('-', " ");
        let (store, session) =
            recover(&store_dir, &typed, &me, "王书记的新口令二〇二二", KdfParams::TEST, at(2022, 3, 1)).unwrap();
        assert_eq!(store.actor(), &me);
        assert_eq!(session.person.id, me);
        assert_eq!(session.school, "示例职业技术学院");
        drop(store);
        assert_eq!(
            unlock(&store_dir, &me, PASSPHRASE, at(2022, 3, 1)).map(|_| ()).unwrap_err().code(),
            "store.wrong_secret"
        );
        drop(unlock(&store_dir, &me, "王书记的新口令二〇二二", at(2022, 3, 1)).unwrap());

        // It also gives a person without a slot their first passphrase.
        let (store, session) =
            recover(&store_dir, &key, &li, "李老师的新口令二〇二二", KdfParams::TEST, at(2022, 3, 1)).unwrap();
        assert_eq!((store.actor(), &session.person.id), (&li, &li));
        drop(store);
        assert_eq!(labels(&store_dir), ["王书记", "李老师"]);
        drop(unlock(&store_dir, &li, "李老师的新口令二〇二二", at(2022, 3, 1)).unwrap());
    }

    #[test]
    fn a_database_without_key_slots_is_damaged_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DB_FILE), b"").unwrap();
        assert_eq!(status(dir.path(), false).unwrap_err().code(), "store.damaged");
    }
}
