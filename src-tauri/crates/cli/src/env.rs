//! What every command runs in: the store's folder, whose passphrase, the clock, and unlocking.
use crate::output::{Failure, Result};
use chrono::{DateTime, Utc};
use std::io::IsTerminal;
use std::path::PathBuf;
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::error::{Error, StoreError};
use visitdesk_core::ids::Id;
use visitdesk_core::ledger::{self, Today};
use visitdesk_core::session;
use visitdesk_core::store::{Secret, Store};
use zeroize::Zeroizing;

pub struct Env {
    pub store_dir: PathBuf,
    /// `--person`: whose passphrase (an id, or the name on a key slot).
    pub person: Option<String>,
    pub now: DateTime<Utc>,
}

/// The variable that holds the passphrase, for scripts; without it the passphrase is typed.
pub const PASSPHRASE_VAR: &str = "VISITDESK_PASSPHRASE";
/// The variable that holds a new passphrase (`rekey`, `person passphrase`); without it it is
/// typed twice.
pub const NEW_PASSPHRASE_VAR: &str = "VISITDESK_NEW_PASSPHRASE";

impl Env {
    /// Whose passphrase `--person` names, if it names anyone.
    fn slot_person(&self) -> Result<Option<Id>> {
        let Some(p) = &self.person else { return Ok(None) };
        if let Some(id) = Id::parse(p) {
            return Ok(Some(id));
        }
        let slot = Store::slots(&self.store_dir)?.into_iter().find(|s| s.label == p.trim());
        Ok(Some(slot.and_then(|s| s.person_id).ok_or(Error::Store(StoreError::NoSuchSlot))?))
    }

    /// Unlocks with the passphrase of `--person` (or of whoever it is, if none is named), then
    /// opens the session as the app does, automatic backup included.
    pub fn unlock(&self) -> Result<Store> {
        Ok(self.unlock_keeping_passphrase()?.0)
    }

    /// [`Env::unlock`], keeping the passphrase it unlocked with, for a command that must be
    /// given it again (setting a passphrase needs your own).
    pub fn unlock_keeping_passphrase(&self) -> Result<(Store, Zeroizing<String>)> {
        let (store, secret) = self.unlock_store()?;
        let store = session::opened(store, self.now)?.0;
        // A backup that fails (a full disk) must not keep the person out of their store; the
        // backups list shows how old the newest one is.
        let _ = visitdesk_core::store::backups::auto(&store, self.now);
        Ok((store, secret))
    }

    /// Unlocks without opening a session: for a store that waits for its team's welcome, and
    /// has no campaign yet.
    pub fn unlock_pending(&self) -> Result<Store> {
        Ok(self.unlock_store()?.0)
    }

    fn unlock_store(&self) -> Result<(Store, Zeroizing<String>)> {
        let person = self.slot_person()?;
        let secret = Zeroizing::new(passphrase("Passphrase / 口令: ")?);
        Ok((Store::unlock(&self.store_dir, person.as_ref(), &secret, self.now)?, secret))
    }

    /// Runs `f` with the passphrase of `--person`, as a secret for the calls that open the
    /// store's files themselves (check, restore).
    pub fn with_secret<T>(&self, prompt: &str, f: impl FnOnce(&Secret<'_>) -> Result<T>) -> Result<T> {
        let person = self.slot_person()?;
        let passphrase = passphrase(prompt)?;
        f(&Secret::Passphrase { person_id: person.as_ref(), passphrase: &passphrase })
    }

    /// The campaign in force now, its zone and the date there.
    pub fn today(&self, store: &Store) -> Result<Today> {
        Ok(ledger::today(store.conn(), self.now)?)
    }
}

/// The passphrase: from `VISITDESK_PASSPHRASE`, or typed.
fn passphrase(prompt: &str) -> Result<String> {
    secret_from(PASSPHRASE_VAR, prompt)
}

fn secret_from(var: &'static str, prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    typed(var, prompt)
}

/// A secret typed at the terminal. Without one (a script, a service) the prompt could never
/// be answered, so this says which variable to set instead.
fn typed(var: &'static str, prompt: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::NoPassphrase(var));
    }
    Ok(rpassword::prompt_password(prompt)?)
}

/// A new passphrase: from `var`, or typed twice.
pub fn new_passphrase(var: &'static str) -> Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    let secret = typed(var, "New passphrase / 设置口令: ")?;
    if typed(var, "Again / 再次输入: ")? != secret {
        return Err(Failure::Usage("the two passphrases differ".into()));
    }
    Ok(secret)
}

/// The key derivation cost for new passphrases. Tests set `VISITDESK_FAST_KDF_FOR_TESTS` to
/// skip the deliberate third of a second.
pub fn kdf() -> KdfParams {
    KdfParams::for_env(std::env::var_os("VISITDESK_FAST_KDF_FOR_TESTS").is_some())
}
