//! The encrypted store: a folder with a SQLCipher database and its key slots.
//!
//! ```text
//! STORE/visitdesk.db     SQLCipher, keyed with a random 256-bit data key (raw key)
//! STORE/keyslots.json    the data key wrapped per person (Argon2id + XChaCha20-Poly1305)
//! STORE/backups/        encrypted backups (see `backups`)
//! STORE/unlock-failures.json   wrong secrets in a row, for the unlock delay (see `throttle`)
//! ```
pub mod backups;
mod facts;
pub(crate) mod fsutil;
pub mod keys;
mod memory;
pub(crate) mod migrations;
mod reader;
pub mod records;
pub mod swap;
pub mod throttle;
pub(crate) mod totals;
pub mod vault;

pub use keys::{KeySlots, Secret, Slot, SlotKind};
pub use reader::Reader;
pub use records::{Audit, Stored, TrashEntry, Tx};

use crate::access::{Access, Actor, Right};
use crate::crypto::{self, KdfParams, SecretKey};
use crate::error::{Error, ErrorCode, Result, StoreError};
use crate::ids::Id;
use crate::model::{Campaign, Kind, Person, Problem, Record, ValidationError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use zeroize::{Zeroize, Zeroizing};

pub const DB_FILE: &str = "visitdesk.db";
pub const BACKUP_DIR: &str = "backups";
/// Page cache per connection, sized to the database: a quarter of its file, within bounds.
///
/// The ceiling was chosen for decryption by make bench on the large demo store (1.3 GB): the
/// same reads took 1.63 times as long as on plain SQLite with 64 MiB, 0.98 times with
/// 256 MiB. A quarter of that store is more than the ceiling, so it keeps its 256 MiB. A
/// school's store of a few thousand visits (the campus demo, about 60 MB) gets the floor, and
/// no longer holds up to its whole file per connection once a long job has read it all.
///
/// The [`Reader`] has one too, so its exports and reports run as fast as they did on the main
/// connection (the ledger workbook of the large store took 2.75 s there, against 3 s allowed).
/// SQLite takes the cache only as pages are read, and the reader fills its cache only while a
/// long job runs and gives it back when the job ends (`Reader::read`).
pub fn cache_kib(db_bytes: u64) -> i64 {
    const FLOOR_KIB: i64 = 16 * 1024;
    const CEILING_KIB: i64 = 256 * 1024;
    i64::try_from(db_bytes / 4 / 1024).unwrap_or(CEILING_KIB).clamp(FLOOR_KIB, CEILING_KIB)
}
/// The WAL file is cut back to this size when a checkpoint empties it.
const WAL_KEEP_BYTES: i64 = 16 * 1024 * 1024;
/// Pages of search-index merging per [`Store::tidy`].
const MERGE_PAGES: i64 = 500;
pub const PASSPHRASE_MIN_CHARS: usize = 8;

/// What a new store starts with.
pub struct InitOptions<'a> {
    /// The first person, who sets the first passphrase.
    pub person: Person,
    pub passphrase: &'a str,
    /// The school's name, printed on reports.
    pub school: &'a str,
    pub campaign: Campaign,
    pub kdf: KdfParams,
    pub now: DateTime<Utc>,
}

/// A freshly created store and its recovery key, which is shown once and never stored.
pub struct Created {
    pub store: Store,
    pub recovery_key: Zeroizing<String>,
}

/// An unlocked store: the main connection, for the writes and the quick reads, and the
/// [`Reader`], for long reads beside it. Dropping it locks: the data key is wiped and both
/// connections closed.
pub struct Store {
    dir: PathBuf,
    conn: Connection,
    reader: Reader,
    key: SecretKey,
    actor: Id,
}

/// Checks a new passphrase in the core, so every front end applies the same rule.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
        return Err(
            ValidationError { field: "passphrase", problem: Problem::TooShort { min: PASSPHRASE_MIN_CHARS } }.into()
        );
    }
    if passphrase.chars().count() > 1024 || passphrase.chars().any(char::is_control) {
        return Err(ValidationError { field: "passphrase", problem: Problem::ForbiddenCharacter }.into());
    }
    Ok(())
}

/// SQLCipher's keying of several connections at once in one process can fail spuriously
/// ("PRAGMA key requires a key of one or more characters", seen in parallel tests), so
/// connections are opened and keyed one at a time. Opening is rare; this costs nothing.
fn keying() -> std::sync::MutexGuard<'static, ()> {
    static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    KEYING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Opens a SQLCipher database with a raw key and reads its schema, so a key that does not fit
/// fails here. Freed memory is wiped, so decrypted pages do not outlive the connection: by the
/// global allocator SQLite's memory is routed through ([`memory`]), else by SQLCipher's
/// `cipher_memory_security`.
fn keyed(path: &Path, key: &SecretKey, flags: OpenFlags) -> Result<Connection> {
    let _one_at_a_time = keying();
    let security = if memory::routed() { "OFF" } else { "ON" };
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    keys::require_sqlcipher(&conn)?;
    conn.execute_batch(&format!("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = {security};"))?;
    let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", crypto::hex(key.as_ref())));
    conn.execute_batch(&pragma)?;
    // The key is right (its slot opened), so a file that does not read as a database is
    // damaged, not opened with a wrong key. (A read-only folder fails here too, as such.)
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(
        |e| match StoreError::from(e) {
            StoreError::Damaged(why) => StoreError::Damaged(format!("{}: {why}", path.display())),
            other => other,
        },
    )?;
    fsutil::keep_private(path.parent().unwrap_or(Path::new(".")));
    Ok(conn)
}

fn open_db(path: &Path, key: &SecretKey, create: bool) -> Result<Connection> {
    if !create && !path.exists() {
        return Err(StoreError::Damaged(format!("{DB_FILE} is missing")).into());
    }
    // CREATE also lets the connection attach new files: backups are exported into them.
    let conn = keyed(path, key, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Damaged(format!("journal mode {mode}")).into());
    }
    conn.execute_batch(&connection_pragmas(path))?;
    Ok(conn)
}

/// The settings of every connection to the database at `path`, after its key and journal mode
/// (public so the benchmark can open a plain-SQLite twin the same way).
///
/// No commit checkpoints the WAL into the database: SQLite's automatic checkpoint (every 1,000
/// pages) landed on whichever save crossed the line, and made it ten times slower than the
/// rest. The app checkpoints between the user's actions instead ([`Store::tidy`]), and
/// closing the store checkpoints what is left.
pub fn connection_pragmas(path: &Path) -> String {
    let cache_kib = cache_kib(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
    format!(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{cache_kib}; PRAGMA busy_timeout = 5000;
         PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {WAL_KEEP_BYTES};"
    )
}

/// SQLite's and SQLCipher's integrity checks; the problems found (empty when sound).
fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let rows = |pragma: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(pragma)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut problems = Vec::new();
    for pragma in ["PRAGMA integrity_check", "PRAGMA cipher_integrity_check"] {
        match rows(pragma) {
            Ok(rows) => problems.extend(rows.into_iter().filter(|r| r != "ok")),
            // A page so damaged that the check itself cannot read it is a problem found.
            Err(Error::Store(StoreError::Damaged(why))) => problems.push(format!("{pragma}: {why}")),
            Err(e) => return Err(e),
        }
    }
    Ok(problems)
}

/// Opens a slot of `slots` with `secret`, under the unlock delay of the store in `dir`: refused
/// while the delay runs; a wrong secret is counted, a right one clears the count.
fn open_slot<'a>(
    dir: &Path,
    slots: &'a KeySlots,
    secret: &Secret<'_>,
    now: DateTime<Utc>,
) -> Result<(SecretKey, &'a Slot)> {
    keys::open_throttled(dir, slots, secret, now)
}

/// What a rekey gives back: the new recovery key, to be shown (and printed) once, wiped from
/// memory when dropped; and the code of what failed after its commit point, if anything did
/// (the store is rekeyed all the same).
#[derive(Serialize, TS)]
pub struct Rekeyed {
    pub recovery_key: String,
    pub warning: Option<ErrorCode>,
}

impl Drop for Rekeyed {
    fn drop(&mut self) {
        self.recovery_key.zeroize();
    }
}

/// Wraps the data key for `person_id`, a person not in the trash, under `passphrase`, replacing
/// their slot; the kept backups follow.
fn write_slot(
    dir: &Path,
    key: &SecretKey,
    conn: &Connection,
    person_id: &Id,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<()> {
    check_passphrase(passphrase)?;
    let person: Stored<Person> = records::get(conn, person_id)?;
    let mut slots = KeySlots::load(dir)?;
    slots.add(SlotKind::Passphrase, Some(person_id), &person.data.name, passphrase.as_bytes(), kdf, key)?;
    save_slots(dir, key, &slots)
}

/// Saves the store's key slots, and the same slots into every kept backup under the same data
/// key: a changed or removed passphrase stops opening the backups too.
fn save_slots(dir: &Path, key: &SecretKey, slots: &KeySlots) -> Result<()> {
    slots.save(dir)?;
    backups::follow(dir, key, slots)
}

/// The key slots, after settling a swap a crash interrupted.
fn settled_slots(dir: &Path) -> Result<KeySlots> {
    swap::settle(dir)?;
    KeySlots::load(dir)
}

impl Store {
    /// Creates a new store in `dir` (which may exist but must not hold a store).
    pub fn init(dir: &Path, opts: InitOptions<'_>) -> Result<Created> {
        let campaign = opts.campaign.validate()?;
        let school = crate::model::validate::line("settings.school", opts.school)?;
        Store::make(dir, opts.person, opts.passphrase, opts.kdf, opts.now, |tx| {
            tx.insert(campaign)?;
            tx.set_setting("school", &school)
        })
    }

    /// Creates a store that waits to join a team (`team::join_request`): its one person and
    /// nothing else; the campaign and everyone else come with the team's welcome.
    pub fn init_pending(
        dir: &Path,
        person: Person,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        Store::make(dir, person, passphrase, kdf, now, |_| Ok(()))
    }

    /// A new store in `dir`, unlocked by its first person, whom `fill` writes beside.
    fn make(
        dir: &Path,
        person: Person,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
        fill: impl FnOnce(&Tx<'_>) -> Result<()>,
    ) -> Result<Created> {
        check_passphrase(passphrase)?;
        // The first person is an admin: someone must be able to add the others.
        let person = Person { access: Access::Admin, ..person }.validate()?;
        if KeySlots::exists(dir) || dir.join(DB_FILE).exists() {
            return Err(StoreError::Exists(dir.display().to_string()).into());
        }
        std::fs::create_dir_all(dir.join(BACKUP_DIR))?;
        let key = crypto::random_key();
        let conn = open_db(&dir.join(DB_FILE), &key, true)?;
        migrations::run(&conn)?;
        let actor = Id::new(now);
        let reader = Reader::open(dir, &key)?;
        let mut store = Store { dir: dir.to_path_buf(), conn, reader, key, actor: actor.clone() };
        store.write(now, |tx| {
            tx.insert_with_id(actor.clone(), person.clone())?;
            fill(tx)
        })?;
        let recovery_key = crypto::new_recovery_key();
        let mut slots = KeySlots::new(&Id::new(now));
        let normalised = crypto::normalise_recovery_key(&recovery_key).ok_or(Error::Invalid("recovery key".into()))?;
        slots.add(SlotKind::Recovery, None, "recovery", normalised.as_bytes(), kdf, &store.key)?;
        slots.add(SlotKind::Passphrase, Some(&actor), &person.name, passphrase.as_bytes(), kdf, &store.key)?;
        slots.save(dir)?;
        Ok(Created { store, recovery_key })
    }

    /// Unlocks with a person's passphrase. A wrong one fails before the database is opened; it
    /// is counted, and repeated ones must wait ([`throttle`]), from `now`.
    pub fn unlock(dir: &Path, person_id: Option<&Id>, passphrase: &str, now: DateTime<Utc>) -> Result<Store> {
        let slots = settled_slots(dir)?;
        let (key, slot) = open_slot(dir, &slots, &Secret::Passphrase { person_id, passphrase }, now)?;
        let actor = slot.person_id.clone().ok_or(StoreError::Damaged("slot without person".into()))?;
        Store::open_with_key(dir, key, actor)
    }

    /// Unlocks with the recovery key, and at once sets a new passphrase for `person_id`, so
    /// a forgotten passphrase is replaced rather than worked around: there is no way to an
    /// unlocked store from the recovery key that does not set one.
    pub fn recover(
        dir: &Path,
        recovery_key: &str,
        person_id: &Id,
        new_passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        check_passphrase(new_passphrase)?;
        let slots = settled_slots(dir)?;
        let (key, _) = open_slot(dir, &slots, &Secret::Recovery(recovery_key), now)?;
        let store = Store::open_with_key(dir, key, person_id.clone())?;
        write_slot(dir, &store.key, &store.conn, person_id, new_passphrase, kdf)?;
        Ok(store)
    }

    /// Opens the database with a data key already unwrapped from a slot (no key derivation).
    pub fn open_with_key(dir: &Path, key: SecretKey, actor: Id) -> Result<Store> {
        let conn = open_db(&dir.join(DB_FILE), &key, false)?;
        migrations::run(&conn)?;
        let reader = Reader::open(dir, &key)?;
        Ok(Store { dir: dir.to_path_buf(), conn, reader, key, actor })
    }

    /// The people who can unlock this store, as the unlock screen lists them. Needs no secret.
    pub fn slots(dir: &Path) -> Result<Vec<Slot>> {
        Ok(settled_slots(dir)?.slots().iter().filter(|s| s.kind == SlotKind::Passphrase).cloned().collect())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The person who unlocked the store; every change is recorded as theirs.
    pub fn actor(&self) -> &Id {
        &self.actor
    }

    /// For reads. Writes go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// For long reads (exports, reports, backups): a clone can be used on another thread while
    /// the store goes on serving its own reads and writes.
    /// The vault of this store's attachments.
    pub fn vault(&self) -> vault::Vault {
        vault::Vault::new(&self.dir, &self.key)
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// The work put off from writes to when the user is not waiting: a step of merging the
    /// search index's segments (migration 005), then copying the committed pages from the WAL
    /// into the database, so the WAL starts over (see [`connection_pragmas`]).
    pub fn tidy(&self) -> Result<()> {
        self.conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?1)", [MERGE_PAGES])?;
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Runs `f` in one immediate transaction; on any error nothing is written.
    pub fn write<T>(&mut self, now: DateTime<Utc>, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tx = Tx::new(tx, now, &self.actor);
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Sets (or changes) the passphrase of `person_id`, a person in the store. `mine` is the
    /// unlocked person's own passphrase, typed again (and throttled like an unlock): changing
    /// your own needs your current one, and anyone else's needs an admin (`manage_people`),
    /// who retypes theirs; that person is told at their next unlock who changed it and when
    /// ([`crate::session::opened`]). Rewraps that person's key slot only, never the database,
    /// and the kept backups follow.
    pub fn set_passphrase(
        &mut self,
        person_id: &Id,
        passphrase: &str,
        mine: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_passphrase(passphrase)?;
        let slots = settled_slots(&self.dir)?;
        open_slot(&self.dir, &slots, &Secret::Passphrase { person_id: Some(&self.actor), passphrase: mine }, now)?;
        let (dir, key, actor) = (self.dir.clone(), self.key.clone(), self.actor.clone());
        self.write(now, |tx| {
            if *person_id != actor {
                tx.require(Right::ManagePeople)?;
                crate::session::passphrase_changed_by(tx, person_id)?;
            }
            write_slot(&dir, &key, tx.conn(), person_id, passphrase, kdf)
        })
    }

    /// Removes a person (an admin's: `manage_people`): moves them to the trash and removes
    /// their key slot in the same step, so their passphrase opens neither the store nor any
    /// kept backup. Refused for the last admin and the last passphrase. Undo brings the person
    /// back, without a passphrase.
    pub fn remove_person(&mut self, person_id: &Id, now: DateTime<Utc>) -> Result<()> {
        let (dir, key) = (self.dir.clone(), self.key.clone());
        self.write(now, |tx| {
            tx.retire(Kind::Person, person_id)?;
            let mut slots = KeySlots::load(&dir)?;
            if slots.slots().iter().any(|s| s.person_id.as_ref() == Some(person_id)) {
                let others = slots
                    .slots()
                    .iter()
                    .filter(|s| s.kind == SlotKind::Passphrase && s.person_id.as_ref() != Some(person_id));
                if others.count() == 0 {
                    return Err(StoreError::LastPassphrase.into());
                }
                slots.remove_person(person_id);
                save_slots(&dir, &key, &slots)?;
            }
            Ok(())
        })
    }

    /// Re-encrypts the whole database under a new data key, for a suspected leak or a lost
    /// laptop (an admin's: `manage_people`; `mine` is their passphrase, retyped). The key slots
    /// are made anew: the person who unlocked gets `passphrase` (their old one or a new one) and
    /// there is a new recovery key, returned to be shown once. Everyone else's slot goes (their
    /// passphrases may be what leaked; set them again with [`Store::set_passphrase`]), and so do
    /// the backups, which the old secrets open; a fresh backup is made under the new key.
    ///
    /// The database is exported under the new key to a new file, never rewritten in place, and
    /// swapped in with its key slots by [`swap`], so a crash leaves the old store or the new one.
    /// Past the swap's commit point the new key is the only one, so it is returned whatever
    /// fails after (a full disk, a read-only backups folder), with that failure's code as a
    /// warning.
    pub fn rekey(&mut self, mine: &str, passphrase: &str, kdf: KdfParams, now: DateTime<Utc>) -> Result<Rekeyed> {
        let slots = settled_slots(&self.dir)?;
        open_slot(&self.dir, &slots, &Secret::Passphrase { person_id: Some(&self.actor), passphrase: mine }, now)?;
        Actor::of(&self.conn, &self.actor)?.require(Right::ManagePeople)?;
        let (key, recovery_key) = self.prepare_rekey(passphrase, kdf)?;
        if let Err(e) = self.close() {
            swap::settle(&self.dir)?;
            return Err(e);
        }
        if let Err(e) = swap::commit(&self.dir) {
            let committed = swap::past_commit_point(&self.dir);
            swap::settle(&self.dir)?;
            if !committed {
                self.reopen(self.key.clone())?;
                return Err(e);
            }
        }
        let after = self.reopen(key).and_then(|()| {
            self.vault().sweep(&crate::attachments::live(&self.conn)?, DateTime::<Utc>::MAX_UTC)?;
            backups::discard_all(&self.dir)?;
            backups::make_now(self, now).map(drop)
        });
        Ok(Rekeyed { recovery_key: recovery_key.to_string(), warning: after.err().map(|e| e.code()) })
    }

    /// Steps 1 and 2 of a rekey's swap: the database exported under a new key, and the new key
    /// slots beside it. Returns the new key and recovery key.
    fn prepare_rekey(&self, passphrase: &str, kdf: KdfParams) -> Result<(SecretKey, Zeroizing<String>)> {
        check_passphrase(passphrase)?;
        let person: Stored<Person> = records::get(&self.conn, &self.actor)?;
        swap::settle(&self.dir)?;
        let key = crypto::random_key();
        let recovery_key = crypto::new_recovery_key();
        let normalised = crypto::normalise_recovery_key(&recovery_key).ok_or(Error::Invalid("recovery key".into()))?;
        let prepared = (|| -> Result<()> {
            let mut slots = KeySlots::load(&self.dir)?.emptied();
            slots.add(SlotKind::Recovery, None, "recovery", normalised.as_bytes(), kdf, &key)?;
            slots.add(SlotKind::Passphrase, Some(&self.actor), &person.data.name, passphrase.as_bytes(), kdf, &key)?;
            backups::export(&self.conn, &key, &self.dir.join(swap::NEXT_DB))?;
            // Every attachment anew under the new key, beside the old files (their names
            // differ), before the commit point; the old ones are swept after it. One whose
            // content is damaged or not here stays so.
            let (old, new) = (self.vault(), vault::Vault::new(&self.dir, &key));
            for checksum in crate::attachments::live(&self.conn)? {
                match old.copy_to(&checksum, &new) {
                    Ok(()) | Err(vault::VaultError::Missing | vault::VaultError::Damaged) => {}
                    Err(vault::VaultError::Store(e)) => return Err(e.into()),
                }
            }
            slots.save_as(&self.dir.join(swap::NEXT_SLOTS))
        })();
        if let Err(e) = prepared {
            swap::settle(&self.dir)?;
            return Err(e);
        }
        Ok((key, recovery_key))
    }

    /// Opens the database again, with `key`, after [`Store::close`].
    fn reopen(&mut self, key: SecretKey) -> Result<()> {
        self.conn = open_db(&self.dir.join(DB_FILE), &key, false)?;
        self.reader = Reader::open(&self.dir, &key)?;
        self.key = key;
        Ok(())
    }

    /// Closes the database: the reader (a job running on it is cut short), then the main
    /// connection, leaving in its place an empty in-memory one that refuses writes, so a store
    /// that could not be reopened fails loudly rather than write into nothing. The main
    /// connection closes last, so it checkpoints the WAL.
    fn close(&mut self) -> Result<()> {
        let reader = self.reader.close();
        let placeholder = Connection::open_in_memory()?;
        placeholder.execute_batch("PRAGMA query_only = ON")?;
        let open = std::mem::replace(&mut self.conn, placeholder);
        open.close().map_err(|(_, e)| Error::from(e))?;
        reader
    }

    /// Locks: closes both connections (SQLCipher wipes its key and, with memory security on,
    /// every page it frees) and wipes the data key. Dropping a `Store` does the same but cannot
    /// report a failure to close.
    pub fn lock(mut self) -> Result<()> {
        self.close()
    }

    /// Runs SQLite's and SQLCipher's integrity checks; returns the problems found (empty when sound).
    pub fn check(&self) -> Result<Vec<String>> {
        integrity_problems(&self.conn)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        records::setting(&self.conn, key)
    }
}

impl Drop for Store {
    /// The reader's clones may outlive the store; its connection and key do not.
    fn drop(&mut self) {
        let _ = self.reader.close();
    }
}

/// Backups are made on the reader: from a store, or from a reader taken from one.
impl AsRef<Reader> for Store {
    fn as_ref(&self) -> &Reader {
        &self.reader
    }
}

#[cfg(test)]
mod safety_tests;
#[cfg(test)]
mod tests;
