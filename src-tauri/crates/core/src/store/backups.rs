//! Encrypted backups, made with SQLCipher's export (never by copying a live file), and restore.
//!
//! A backup is a folder that is itself a store: `visitdesk.db`, exported under the data key,
//! and a copy of `keyslots.json`, so it opens even when the store's own key slots are damaged.
//! The copies follow the store's slots ([`follow`]): a changed or removed passphrase stops
//! opening the kept backups too. Automatic ones live in `STORE/backups/`, named
//! by the time they were taken (`20220315T010000Z`); [`rotation`] keeps the newest of each of
//! the last 7 days and of each of the last 4 weeks.
use super::fsutil::{keep_private, sync_dir};
use super::reader::Held;
use super::vault::{self, Vault, VaultError};
use super::{BACKUP_DIR, DB_FILE, KeySlots, Reader, Secret, Store, integrity_problems, keyed, keys, open_slot, swap};
use crate::access::{Actor, Right};
use crate::crypto::{self, SecretKey};
use crate::error::{Error, Result, StoreError, io_error};
use crate::ids::Id;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use zeroize::Zeroizing;

/// An automatic backup is made when the newest is older than this (just after an unlock, and
/// whenever the app asks while it stays unlocked).
pub const AUTO_INTERVAL: Duration = Duration::hours(1);
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const BEFORE_RESTORE: &str = "before-restore";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backup {
    pub name: String,
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
}

impl Backup {
    /// Whether this is the store as it was before a restore, kept by [`restore`].
    pub fn before_restore(&self) -> bool {
        self.name.contains(BEFORE_RESTORE)
    }
}

/// What `check` found: the problems (none when sound) and, when there are some, the newest
/// backup that passes both integrity checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    pub problems: Vec<String>,
    pub newest_good_backup: Option<Backup>,
}

impl Health {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A backup as the app's settings page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BackupInfo {
    pub name: String,
    pub taken_at: DateTime<Utc>,
    /// The size of its files.
    pub bytes: u64,
    pub kind: BackupKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made automatically or on demand.
    Regular,
    /// The store as it was before a restore, kept by [`restore`].
    BeforeRestore,
}

impl From<Backup> for BackupInfo {
    fn from(b: Backup) -> BackupInfo {
        let bytes = std::fs::read_dir(&b.path)
            .map(|files| files.filter_map(|f| f.ok()?.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0);
        let kind = if b.before_restore() { BackupKind::BeforeRestore } else { BackupKind::Regular };
        BackupInfo { name: b.name, taken_at: b.taken_at, bytes, kind }
    }
}

/// [`Health`] as the unlock screen shows it when the store is damaged.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StoreHealth {
    pub problems: Vec<String>,
    pub newest_good_backup: Option<BackupInfo>,
}

impl From<Health> for StoreHealth {
    fn from(h: Health) -> StoreHealth {
        StoreHealth { problems: h.problems, newest_good_backup: h.newest_good_backup.map(BackupInfo::from) }
    }
}

fn folder(dir: &Path) -> PathBuf {
    dir.join(BACKUP_DIR)
}

/// The backups in `STORE/backups/`, oldest first. Needs no key.
pub fn list(dir: &Path) -> Result<Vec<Backup>> {
    let entries = match std::fs::read_dir(folder(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        let stamp = name.get(..16).and_then(|s| NaiveDateTime::parse_from_str(s, STAMP).ok());
        if let Some(stamp) = stamp.filter(|_| path.join(DB_FILE).is_file()) {
            out.push(Backup { name, path, taken_at: stamp.and_utc() });
        }
    }
    out.sort_by(|a, b| (a.taken_at, &a.name).cmp(&(b.taken_at, &b.name)));
    Ok(out)
}

/// Which of the backups taken at `taken` to delete: all but the newest of each of the
/// [`KEEP_DAILY`] most recent days that have one and the newest of each of the [`KEEP_WEEKLY`]
/// most recent ISO weeks that have one (days and weeks in UTC). Counting days that have a
/// backup, not calendar days, means a month away from the app deletes nothing it still needs.
/// Backups dated after `now` (a clock set back) are kept and not counted. Of two taken at the
/// same time, the later in `taken` counts as the newer ([`list`]'s order).
pub fn rotation(taken: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<usize> {
    let mut newest_first: Vec<usize> = (0..taken.len()).filter(|&i| taken[i] <= now).collect();
    newest_first.sort_by(|&a, &b| (taken[b], b).cmp(&(taken[a], a)));
    let mut keep = BTreeSet::new();
    let mut keep_newest_per = |period: &dyn Fn(DateTime<Utc>) -> (i32, u32), count: usize| {
        let mut seen = Vec::new();
        for &i in &newest_first {
            let p = period(taken[i]);
            if !seen.contains(&p) {
                if seen.len() == count {
                    break;
                }
                seen.push(p);
                keep.insert(i);
            }
        }
    };
    keep_newest_per(&|t| (t.year(), t.ordinal()), KEEP_DAILY);
    keep_newest_per(&|t| (t.iso_week().year(), t.iso_week().week()), KEEP_WEEKLY);
    newest_first.into_iter().filter(|i| !keep.contains(i)).collect()
}

/// Exports the open database under `key` into a new file at `dest`, and flushes it. The export
/// runs in one read transaction, so it is the database as of one moment even while another
/// connection commits meanwhile.
pub(super) fn export(conn: &Connection, key: &SecretKey, dest: &Path) -> Result<()> {
    let dest_text = dest.to_str().ok_or_else(|| Error::Invalid(format!("not a UTF-8 path: {}", dest.display())))?;
    let raw = Zeroizing::new(format!("x'{}'", crypto::hex(key.as_ref())));
    {
        let _one_at_a_time = super::keying();
        conn.execute("ATTACH DATABASE ?1 AS export KEY ?2", [dest_text, raw.as_str()])?;
    }
    let result = (|| -> Result<()> {
        // (A database is attached and detached only outside a transaction.)
        let tx = conn.unchecked_transaction()?;
        let version: i64 = tx.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        tx.query_row("SELECT sqlcipher_export('export')", [], |_| Ok(()))?;
        tx.execute_batch(&format!("PRAGMA export.user_version = {version}"))?;
        Ok(tx.commit()?)
    })();
    conn.execute_batch("DETACH DATABASE export")?;
    result?;
    std::fs::File::open(dest)?.sync_all()?;
    Ok(())
}

/// Copies a closed file and flushes the copy.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)?;
    std::fs::File::open(to)?.sync_all()?;
    Ok(())
}

/// Builds a backup folder at `dest` through a temporary folder beside it, so `dest` appears
/// whole or not at all. `fill` writes the files into the temporary folder.
fn build(dest: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::Exists(dest.display().to_string()).into());
    }
    let parent = dest.parent().unwrap_or(Path::new("."));
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("backup");
    let tmp = parent.join(format!(".{name}.tmp"));
    let result = (|| -> Result<()> {
        std::fs::create_dir_all(parent)?;
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir(&tmp)?;
        fill(&tmp)?;
        keep_private(&tmp);
        sync_dir(&tmp)?;
        std::fs::rename(&tmp, dest)?;
        sync_dir(parent).map_err(io_error)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Makes a backup of the unlocked store into the new folder `dest` (`visitdesk backup --out`).
/// Backups are made on the store's reader (from a [`Store`] or a [`Reader`]), so the store's
/// other work goes on meanwhile.
pub fn make(source: &impl AsRef<Reader>, dest: &Path) -> Result<()> {
    source.as_ref().hold(|held| make_into(held, dest))
}

fn make_into(held: &Held<'_>, dest: &Path) -> Result<()> {
    build(dest, |tmp| {
        held.export(&tmp.join(DB_FILE))?;
        vault::link_all(held.dir(), tmp)?;
        copy_file(&held.dir().join(keys::FILE), &tmp.join(keys::FILE))
    })
}

/// A free name in `STORE/backups/` for a backup taken at `now`.
fn new_path(dir: &Path, now: DateTime<Utc>, suffix: Option<&str>) -> PathBuf {
    let stamp = now.format(STAMP).to_string();
    let base = match suffix {
        Some(s) => format!("{stamp}-{s}"),
        None => stamp,
    };
    let mut path = folder(dir).join(&base);
    let mut n = 2;
    while path.exists() {
        path = folder(dir).join(format!("{base}-{n}"));
        n += 1;
    }
    path
}

fn found(path: PathBuf) -> Result<Backup> {
    list(path.parent().and_then(Path::parent).unwrap_or(Path::new(".")))?
        .into_iter()
        .find(|b| b.path == path)
        .ok_or_else(|| StoreError::Damaged(format!("backup {} vanished", path.display())).into())
}

/// Makes a backup in `STORE/backups/` now, then rotates.
pub fn make_now(source: &impl AsRef<Reader>, now: DateTime<Utc>) -> Result<Backup> {
    source.as_ref().hold(|held| make_dated(held, now))
}

fn make_dated(held: &Held<'_>, now: DateTime<Utc>) -> Result<Backup> {
    let path = new_path(held.dir(), now, None);
    make_into(held, &path)?;
    rotate(held.dir(), now)?;
    found(path)
}

/// The automatic backup: made unless one was made within [`AUTO_INTERVAL`]. The app's guard
/// calls it on its first tick after an unlock and then on a timer, on the store's reader; the
/// CLI right after unlocking.
pub fn auto(source: &impl AsRef<Reader>, now: DateTime<Utc>) -> Result<Option<Backup>> {
    source.as_ref().hold(|held| {
        let recent = list(held.dir())?.iter().any(|b| b.taken_at <= now && now - b.taken_at < AUTO_INTERVAL);
        if recent { Ok(None) } else { make_dated(held, now).map(Some) }
    })
}

/// Deletes the backups [`rotation`] does not keep.
pub fn rotate(dir: &Path, now: DateTime<Utc>) -> Result<()> {
    let all = list(dir)?;
    let taken: Vec<DateTime<Utc>> = all.iter().map(|b| b.taken_at).collect();
    for i in rotation(&taken, now) {
        std::fs::remove_dir_all(&all[i].path)?;
    }
    Ok(())
}

/// Writes `slots`, the store's key slots just saved, into every kept backup whose database is
/// under the same data key `key` (all of them, but a `…-before-restore` of another key).
pub(super) fn follow(dir: &Path, key: &SecretKey, slots: &KeySlots) -> Result<()> {
    for b in list(dir)? {
        let db = b.path.join(DB_FILE);
        if keyed(&db, key, OpenFlags::SQLITE_OPEN_READ_WRITE).and_then(close).is_ok() {
            slots.save_as(&b.path.join(keys::FILE))?;
        }
    }
    Ok(())
}

fn close(conn: Connection) -> Result<()> {
    conn.close().map_err(|(_, e)| Error::from(e))
}

/// Deletes every backup in `STORE/backups/` (after a rekey they open with the old secrets).
pub(super) fn discard_all(dir: &Path) -> Result<()> {
    for b in list(dir)? {
        std::fs::remove_dir_all(&b.path)?;
    }
    Ok(())
}

fn beside(db: &Path, ext: &str) -> PathBuf {
    PathBuf::from(format!("{}-{ext}", db.display()))
}

/// Deletes a database file and its companions, where they exist.
fn remove_db_files(db: &Path) -> Result<()> {
    for path in [db.to_path_buf(), beside(db, "wal"), beside(db, "shm"), beside(db, "journal")] {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Copies a backup's database (and WAL, if it has one) to `db`, opens the copy with `key`, runs
/// both integrity checks on it and closes it, so the backup itself is never opened or changed.
/// Leaves the checked copy, in rollback-journal form, at `db`, re-encrypted under `rekey_to`
/// if given.
fn checked_copy(backup: &Path, key: &SecretKey, db: &Path, rekey_to: Option<&SecretKey>) -> Result<()> {
    // A WAL left beside `db` by an earlier crash belongs to another database: never apply it.
    remove_db_files(db)?;
    copy_file(&backup.join(DB_FILE), db)?;
    if beside(&backup.join(DB_FILE), "wal").exists() {
        copy_file(&beside(&backup.join(DB_FILE), "wal"), &beside(db, "wal"))?;
    }
    let conn = keyed(db, key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let problems = integrity_problems(&conn)?;
    if !problems.is_empty() {
        return Err(StoreError::Damaged(format!("backup {}: {}", backup.display(), problems.join("; "))).into());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Damaged(format!("backup {}: journal mode {mode}", backup.display())).into());
    }
    if let Some(new) = rekey_to {
        conn.execute_batch(&Zeroizing::new(format!("PRAGMA rekey = \"x'{}'\";", crypto::hex(new.as_ref()))))?;
    }
    conn.close().map_err(|(_, e)| Error::from(e))?;
    std::fs::File::open(db)?.sync_all()?;
    Ok(())
}

/// Checks the store and, when it has problems, finds the newest backup that is sound.
pub fn health(store: &Store) -> Result<Health> {
    let problems = store.check()?;
    if problems.is_empty() {
        return Ok(Health { problems, newest_good_backup: None });
    }
    Ok(Health { problems, newest_good_backup: newest_good(&store.dir, &store.key)? })
}

/// The newest backup that opens with `key` and passes both integrity checks.
pub fn newest_good(dir: &Path, key: &SecretKey) -> Result<Option<Backup>> {
    newest_sound(dir, |_| Some(key.clone()))
}

/// The newest backup that opens with the key `key_for` gives it and passes both checks.
fn newest_sound(dir: &Path, key_for: impl Fn(&Backup) -> Option<SecretKey>) -> Result<Option<Backup>> {
    let scratch = dir.join(".verify.db");
    for b in list(dir)?.into_iter().rev() {
        let Some(key) = key_for(&b) else { continue };
        let sound = checked_copy(&b.path, &key, &scratch, None).is_ok();
        remove_db_files(&scratch)?;
        if sound {
            return Ok(Some(b));
        }
    }
    Ok(None)
}

/// Restores the backup folder `backup` into the locked store in `dir`, with a secret. The
/// backup is checked first: a damaged one, or a secret that does not open it, is refused with
/// the store untouched. The store as it was is kept first as a backup (`…-before-restore`, its
/// files copied as they are, since it may be too damaged to export).
///
/// A restore brings back the data and keeps today's key slots: the secret must open them, and
/// passphrases changed or removed since stay so. It needs an admin (`manage_people`) or the
/// recovery key, unless the store is too damaged to tell who is an admin. A backup under
/// another key (taken before a rekey, or brought from elsewhere) is opened with the same secret
/// through its own slots and re-encrypted under today's key. `dir` may be a new folder (a
/// backup brought to another computer): then the backup's slots come with it. Returns the kept
/// backup (none when there was no database to keep).
pub fn restore(dir: &Path, backup: &Path, secret: &Secret<'_>, now: DateTime<Utc>) -> Result<Option<Backup>> {
    swap::settle(dir)?;
    let backup_slots = KeySlots::load(backup)?;
    let own = KeySlots::load(dir).ok();
    let (key, person) = {
        let (key, slot) = open_slot(dir, own.as_ref().unwrap_or(&backup_slots), secret, now)?;
        (key, slot.person_id.clone())
    };
    may_restore(dir, &key, person.as_ref())?;
    let backup_key = if keyed(&backup.join(DB_FILE), &key, OpenFlags::SQLITE_OPEN_READ_ONLY).is_ok() {
        key.clone()
    } else {
        backup_slots.open(secret)?.0
    };
    std::fs::create_dir_all(folder(dir))?;
    let staged = dir.join(swap::NEXT_DB);
    let prepared = (|| -> Result<Option<Backup>> {
        checked_copy(backup, &backup_key, &staged, (*backup_key != *key).then_some(&key))?;
        // A team member's store, set back to the backup's day, starts a new stream of changes
        // (see `team::restored`).
        let conn = keyed(&staged, &key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        super::migrations::run(&conn)?;
        crate::team::restored(&conn)?;
        // The backup's attachments come back beside today's (which the restored records may
        // not name: those are swept later). Under another key, each is encrypted anew.
        if *backup_key == *key {
            vault::link_all(backup, dir)?;
        } else {
            let (from, to) = (Vault::new(backup, &backup_key), Vault::new(dir, &key));
            for checksum in crate::attachments::live(&conn)? {
                match from.copy_to(&checksum, &to) {
                    Ok(()) | Err(VaultError::Missing | VaultError::Damaged) => {}
                    Err(VaultError::Store(e)) => return Err(e.into()),
                }
            }
        }
        conn.close().map_err(|(_, e)| Error::from(e))?;
        let before = if dir.join(DB_FILE).exists() {
            let path = new_path(dir, now, Some(BEFORE_RESTORE));
            build(&path, |tmp| {
                for name in [DB_FILE, &format!("{DB_FILE}-wal"), keys::FILE] {
                    if dir.join(name).exists() {
                        copy_file(&dir.join(name), &tmp.join(name))?;
                    }
                }
                vault::link_all(dir, tmp)
            })?;
            Some(found(path)?)
        } else {
            None
        };
        own.unwrap_or(backup_slots).save_as(&dir.join(swap::NEXT_SLOTS))?;
        Ok(before)
    })();
    match prepared {
        Ok(before) => match swap::commit(dir) {
            Ok(()) => Ok(before),
            Err(e) => {
                let committed = swap::past_commit_point(dir);
                swap::settle(dir)?;
                if committed { Ok(before) } else { Err(e) }
            }
        },
        Err(e) => {
            swap::settle(dir)?;
            Err(e)
        }
    }
}

/// Whether the person whose secret opened the store's slots (`None`: the recovery key) may
/// restore it: an admin may. A store whose database does not open, or cannot say, is being
/// rescued, and anyone with a secret that opens it may.
fn may_restore(dir: &Path, key: &SecretKey, person: Option<&Id>) -> Result<()> {
    let Some(person) = person else { return Ok(()) };
    let Ok(conn) = super::open_db(&dir.join(DB_FILE), key, false) else { return Ok(()) };
    if super::migrations::run(&conn).is_err() {
        return Ok(());
    }
    Actor::of(&conn, person)?.require(Right::ManagePeople)
}

/// `check` for a store that may not even open, with a secret instead of an unlocked store: the
/// problems found, and the newest sound backup when there are some. A database too damaged to
/// open is a problem found, not an error; so are damaged key slots, and then each backup is
/// tried with its own key slots.
pub fn check_dir(dir: &Path, secret: &Secret<'_>, now: DateTime<Utc>) -> Result<Health> {
    let damaged = |why: String, newest_good_backup| Ok(Health { problems: vec![why], newest_good_backup });
    match super::settled_slots(dir) {
        Ok(slots) => {
            let (key, _) = open_slot(dir, &slots, secret, now)?;
            match super::open_db(&dir.join(DB_FILE), &key, false) {
                Ok(conn) => {
                    let problems = integrity_problems(&conn)?;
                    drop(conn);
                    let newest_good_backup = if problems.is_empty() { None } else { newest_good(dir, &key)? };
                    Ok(Health { problems, newest_good_backup })
                }
                Err(Error::Store(StoreError::Damaged(why))) => damaged(why, newest_good(dir, &key)?),
                Err(e) => Err(e),
            }
        }
        Err(Error::Store(StoreError::Damaged(why))) => {
            // One throttled attempt over all the backups' key slots: a secret that opens none
            // of them, and is wrong for some, is counted as a wrong secret.
            let newest = super::throttle::attempt(dir, now, || {
                let (opened, wrong) = (Cell::new(false), Cell::new(false));
                let found = newest_sound(dir, |b| match KeySlots::load(&b.path).and_then(|s| Ok(s.open(secret)?.0)) {
                    Ok(key) => {
                        opened.set(true);
                        Some(key)
                    }
                    Err(e) => {
                        wrong.set(wrong.get() || matches!(e, Error::Store(StoreError::WrongSecret)));
                        None
                    }
                })?;
                if !opened.get() && wrong.get() { Err(StoreError::WrongSecret.into()) } else { Ok(found) }
            })?;
            damaged(why, newest)
        }
        Err(e) => Err(e),
    }
}
