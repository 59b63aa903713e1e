//! The encrypted store: a folder with a SQLCipher database and its key slots.
//!
//! ```text
//! STORE/visitdesk.db     SQLCipher, keyed with a random 256-bit data key (raw key)
//! STORE/keyslots.json    the data key wrapped per person (Argon2id + XChaCha20-Poly1305)
//! STORE/backups/
//! ```
mod fsutil;
pub mod keys;
mod migrations;
pub mod records;

pub use keys::{KeySlots, Secret, Slot, SlotKind};
pub use records::{Audit, Stored, TrashEntry, Tx};

use crate::crypto::{self, KdfParams, SecretKey};
use crate::error::{Error, Result, StoreError};
use crate::ids::Id;
use crate::model::{Campaign, Person, Problem, Record, ValidationError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const DB_FILE: &str = "visitdesk.db";
pub const BACKUP_DIR: &str = "backups";
/// Page cache per connection, in KiB: large enough that decryption is rarely repeated.
const CACHE_KIB: i64 = 64 * 1024;
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

/// An unlocked store. Dropping it locks: the data key is wiped and the database closed.
pub struct Store {
    dir: PathBuf,
    conn: Connection,
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

fn open_db(path: &Path, key: &SecretKey, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(StoreError::Damaged(format!("{DB_FILE} is missing")).into());
    }
    // SQLCipher's keying of several connections at once in one process can fail spuriously
    // ("PRAGMA key requires a key of one or more characters", seen in parallel tests), so
    // connections are opened and keyed one at a time. Opening is rare; this costs nothing.
    static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let conn = {
        let _one_at_a_time = KEYING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let conn = Connection::open_with_flags(path, flags)?;
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", crypto::hex(key.as_ref())));
        conn.execute_batch(&pragma)?;
        // The key is right (its slot opened), so a failure to read is damage, not a wrong key.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .map_err(|e| StoreError::Damaged(format!("{DB_FILE}: {e}")))?;
        conn
    };
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Damaged(format!("journal mode {mode}")).into());
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{CACHE_KIB}; PRAGMA busy_timeout = 5000;"
    ))?;
    Ok(conn)
}

impl Store {
    /// Creates a new store in `dir` (which may exist but must not hold a store).
    pub fn init(dir: &Path, opts: InitOptions<'_>) -> Result<Created> {
        check_passphrase(opts.passphrase)?;
        let person = opts.person.validate()?;
        let campaign = opts.campaign.validate()?;
        let school = crate::model::validate::line("settings.school", opts.school)?;
        if KeySlots::exists(dir) || dir.join(DB_FILE).exists() {
            return Err(StoreError::Exists(dir.display().to_string()).into());
        }
        std::fs::create_dir_all(dir.join(BACKUP_DIR))?;
        let key = crypto::random_key();
        let conn = open_db(&dir.join(DB_FILE), &key, true)?;
        migrations::run(&conn)?;
        let actor = Id::new(opts.now);
        let mut store = Store { dir: dir.to_path_buf(), conn, key, actor: actor.clone() };
        store.write(opts.now, |tx| {
            tx.insert_with_id(actor.clone(), person.clone())?;
            tx.insert(campaign)?;
            tx.set_setting("school", &school)
        })?;
        let recovery_key = crypto::new_recovery_key();
        let mut slots = KeySlots::new(&Id::new(opts.now));
        let normalised = crypto::normalise_recovery_key(&recovery_key).ok_or(Error::Invalid("recovery key".into()))?;
        slots.add(SlotKind::Recovery, None, "recovery", normalised.as_bytes(), opts.kdf, &store.key)?;
        slots.add(
            SlotKind::Passphrase,
            Some(&actor),
            &person.name,
            opts.passphrase.as_bytes(),
            opts.kdf,
            &store.key,
        )?;
        slots.save(dir)?;
        Ok(Created { store, recovery_key })
    }

    /// Unlocks with a person's passphrase. A wrong one fails before any file is opened for writing.
    pub fn unlock(dir: &Path, person_id: Option<&Id>, passphrase: &str) -> Result<Store> {
        let slots = KeySlots::load(dir)?;
        let (key, slot) = slots.open(&Secret::Passphrase { person_id, passphrase })?;
        let actor = slot.person_id.clone().ok_or(StoreError::Damaged("slot without person".into()))?;
        Store::open_with_key(dir, key, actor)
    }

    /// Unlocks with the recovery key, and at once sets a new passphrase for `person_id`, so
    /// a forgotten passphrase is replaced rather than worked around.
    pub fn recover(
        dir: &Path,
        recovery_key: &str,
        person_id: &Id,
        new_passphrase: &str,
        kdf: KdfParams,
    ) -> Result<Store> {
        check_passphrase(new_passphrase)?;
        let slots = KeySlots::load(dir)?;
        let (key, _) = slots.open(&Secret::Recovery(recovery_key))?;
        let store = Store::open_with_key(dir, key, person_id.clone())?;
        store.set_passphrase(person_id, new_passphrase, kdf)?;
        Ok(store)
    }

    /// Opens the database with a data key already unwrapped from a slot (no key derivation).
    pub fn open_with_key(dir: &Path, key: SecretKey, actor: Id) -> Result<Store> {
        let conn = open_db(&dir.join(DB_FILE), &key, false)?;
        migrations::run(&conn)?;
        Ok(Store { dir: dir.to_path_buf(), conn, key, actor })
    }

    /// The people who can unlock this store, as the unlock screen lists them. Needs no secret.
    pub fn slots(dir: &Path) -> Result<Vec<Slot>> {
        Ok(KeySlots::load(dir)?.slots().iter().filter(|s| s.kind == SlotKind::Passphrase).cloned().collect())
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

    /// Runs `f` in one immediate transaction; on any error nothing is written.
    pub fn write<T>(&mut self, now: DateTime<Utc>, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tx = Tx::new(tx, now, &self.actor);
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Sets (or changes) a person's passphrase: rewraps their slot only, never the database.
    pub fn set_passphrase(&self, person_id: &Id, passphrase: &str, kdf: KdfParams) -> Result<()> {
        check_passphrase(passphrase)?;
        let person: Stored<Person> = records::get(&self.conn, person_id)?;
        let mut slots = KeySlots::load(&self.dir)?;
        slots.add(SlotKind::Passphrase, Some(person_id), &person.data.name, passphrase.as_bytes(), kdf, &self.key)?;
        slots.save(&self.dir)
    }

    /// Runs SQLite's and SQLCipher's integrity checks; returns the problems found (empty when sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for pragma in ["PRAGMA integrity_check", "PRAGMA cipher_integrity_check"] {
            let mut stmt = self.conn.prepare(pragma)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let row = row?;
                if row != "ok" {
                    problems.push(row);
                }
            }
        }
        Ok(problems)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        records::setting(&self.conn, key)
    }
}

#[cfg(test)]
mod tests;
