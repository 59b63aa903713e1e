//! `keyslots.json`: the data key, wrapped once per person and once for the recovery key.
//!
//! The file is plaintext metadata: KDF parameters, salts, nonces and wrapped keys, plus a
//! checksum so damage to the file reads as "damaged", never as "wrong passphrase". The checksum
//! is no defence against someone who edits the file: what keeps a slot to its person is the
//! wrapped key's associated data (slot version 2), which binds the slot's kind and person.
use super::fsutil::write_atomically;
use super::throttle;
use crate::crypto::{self, KdfParams, SecretKey};
use crate::error::{Result, StoreError};
use crate::ids::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;
use zeroize::Zeroizing;

pub const FILE: &str = "keyslots.json";
const FORMAT: u32 = 1;
/// Version 1 slots bound their wrapped key to the store and the slot's id only, so a slot's
/// person could be changed in the file (and its checksum recomputed): a passphrase then opened
/// the store as someone else. Version 2 also binds the slot's kind and person. Version 1 slots
/// still open, and are re-wrapped as version 2 at their next unlock ([`upgrade`]).
const LEGACY_SLOT: u32 = 1;
const SLOT_VERSION: u32 = 2;

fn legacy_slot() -> u32 {
    LEGACY_SLOT
}

/// Version 1 files have no `version` field; leaving it out keeps their checksum valid.
fn is_legacy_slot(version: &u32) -> bool {
    *version == LEGACY_SLOT
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Passphrase,
    Recovery,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub id: String,
    pub kind: SlotKind,
    /// The person this passphrase belongs to (passphrase slots only).
    pub person_id: Option<Id>,
    /// What the unlock screen shows: the person's name as they chose to show it.
    pub label: String,
    pub kdf: KdfParams,
    salt: String,
    nonce: String,
    wrapped_key: String,
    #[serde(default = "legacy_slot", skip_serializing_if = "is_legacy_slot")]
    version: u32,
}

impl Slot {
    /// Whether [`upgrade`] would re-wrap this slot: of the old version, or weaker than the
    /// weakest parameters this build makes.
    fn outdated(&self) -> bool {
        self.version < SLOT_VERSION || self.kdf.weaker_than(KdfParams::floor())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Body {
    format: u32,
    store_id: String,
    slots: Vec<Slot>,
}

#[derive(Serialize, Deserialize)]
struct File {
    #[serde(flatten)]
    body: Body,
    checksum: String,
}

/// The key slots of one store.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySlots {
    body: Body,
}

/// A secret that can open a slot.
pub enum Secret<'a> {
    Passphrase { person_id: Option<&'a Id>, passphrase: &'a str },
    Recovery(&'a str),
}

/// What a [`Secret`] opens: the kind of slot, the bytes the key is derived from, and the
/// person whose slot it is, when named.
type SecretParts<'a> = (SlotKind, Zeroizing<Vec<u8>>, Option<&'a Id>);

impl Secret<'_> {
    /// The kind of slot it opens, the bytes the key is derived from (a recovery key in its
    /// canonical form), and the person whose slot it is, when named.
    fn parts(&self) -> Result<SecretParts<'_>> {
        Ok(match self {
            Secret::Passphrase { person_id, passphrase } => {
                (SlotKind::Passphrase, Zeroizing::new(passphrase.as_bytes().to_vec()), *person_id)
            }
            Secret::Recovery(typed) => {
                let key = crypto::normalise_recovery_key(typed).ok_or(StoreError::WrongSecret)?;
                (SlotKind::Recovery, Zeroizing::new(key.as_bytes().to_vec()), None)
            }
        })
    }
}

fn body_checksum(body: &Body) -> String {
    crypto::checksum(serde_json::to_string(body).unwrap_or_default().as_bytes())
}

impl KeySlots {
    pub fn new(store_id: &Id) -> KeySlots {
        KeySlots { body: Body { format: FORMAT, store_id: store_id.to_string(), slots: Vec::new() } }
    }

    pub fn exists(dir: &Path) -> bool {
        dir.join(FILE).exists()
    }

    pub fn load(dir: &Path) -> Result<KeySlots> {
        let path = dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing(dir.display().to_string()).into());
            }
            Err(e) => return Err(e.into()),
        };
        let damaged = |why: &str| StoreError::Damaged(format!("{FILE}: {why}"));
        let file: File = serde_json::from_slice(&bytes).map_err(|_| damaged("unreadable"))?;
        if file.checksum != body_checksum(&file.body) {
            return Err(damaged("checksum mismatch").into());
        }
        if file.body.format != FORMAT {
            return Err(damaged("unknown format").into());
        }
        Ok(KeySlots { body: file.body })
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        self.save_as(&dir.join(FILE))
    }

    /// Saves under another name (a swap's staged key slots).
    pub(crate) fn save_as(&self, path: &Path) -> Result<()> {
        let file = File { body: self.body.clone(), checksum: body_checksum(&self.body) };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| StoreError::Damaged(e.to_string()))?;
        write_atomically(path, &json)
    }

    /// The same store's key slots with no slot in them, to wrap a new data key.
    pub(crate) fn emptied(&self) -> KeySlots {
        KeySlots { body: Body { slots: Vec::new(), ..self.body.clone() } }
    }

    pub fn slots(&self) -> &[Slot] {
        &self.body.slots
    }

    /// The associated data a slot's wrapped key is bound to.
    fn aad(&self, slot: &Slot) -> Vec<u8> {
        let mut aad = format!("visitdesk/{}/{}", self.body.store_id, slot.id);
        if slot.version >= SLOT_VERSION {
            let kind = match slot.kind {
                SlotKind::Passphrase => "passphrase",
                SlotKind::Recovery => "recovery",
            };
            let person = slot.person_id.as_ref().map_or_else(|| "-".to_string(), Id::to_string);
            aad.push_str(&format!("/v{}/{kind}/{person}", slot.version));
        }
        aad.into_bytes()
    }

    /// Adds a slot that wraps `data_key` under `secret`. Replaces the person's earlier slot.
    pub fn add(
        &mut self,
        kind: SlotKind,
        person_id: Option<&Id>,
        label: &str,
        secret: &[u8],
        kdf: KdfParams,
        data_key: &SecretKey,
    ) -> Result<()> {
        let mut salt = [0u8; crypto::SALT_LEN];
        crypto::fill_random(&mut salt);
        let kek = crypto::derive(secret, &salt, kdf).ok_or(StoreError::Damaged("bad KDF parameters".into()))?;
        let mut slot_id = [0u8; 8];
        crypto::fill_random(&mut slot_id);
        let mut slot = Slot {
            id: crypto::hex(&slot_id),
            kind,
            person_id: person_id.cloned(),
            label: label.to_string(),
            kdf,
            salt: crypto::hex(&salt),
            nonce: String::new(),
            wrapped_key: String::new(),
            version: SLOT_VERSION,
        };
        let (nonce, sealed) = crypto::wrap(&kek, data_key, &self.aad(&slot));
        (slot.nonce, slot.wrapped_key) = (crypto::hex(&nonce), crypto::hex(&sealed));
        self.body.slots.retain(|s| !(s.kind == kind && s.person_id.as_ref() == person_id));
        self.body.slots.push(slot);
        Ok(())
    }

    /// Tries the slots the secret could open; returns the data key and the slot that opened.
    /// A slot asking for a key derivation beyond [`KdfParams::within_limits`] is refused as
    /// damaged before any derivation.
    pub fn open(&self, secret: &Secret<'_>) -> Result<(SecretKey, &Slot)> {
        let (kind, bytes, person) = secret.parts()?;
        let candidates: Vec<&Slot> = self
            .body
            .slots
            .iter()
            .filter(|s| s.kind == kind && (person.is_none() || s.person_id.as_ref() == person))
            .collect();
        if candidates.is_empty() {
            return Err(StoreError::NoSuchSlot.into());
        }
        for slot in candidates {
            let damaged = || StoreError::Damaged(format!("{FILE}: slot {}", slot.id));
            if !slot.kdf.within_limits() {
                return Err(StoreError::BadKdf(slot.id.clone()).into());
            }
            let salt = crypto::unhex(&slot.salt).ok_or_else(damaged)?;
            let nonce = crypto::unhex(&slot.nonce).ok_or_else(damaged)?;
            let sealed = crypto::unhex(&slot.wrapped_key).ok_or_else(damaged)?;
            let kek = crypto::derive(&bytes, &salt, slot.kdf).ok_or_else(damaged)?;
            if let Some(key) = crypto::unwrap(&kek, &nonce, &sealed, &self.aad(slot)) {
                return Ok((key, slot));
            }
        }
        Err(StoreError::WrongSecret.into())
    }

    /// Removes a person's passphrase slot.
    pub fn remove_person(&mut self, person_id: &Id) {
        self.body.slots.retain(|s| s.person_id.as_ref() != Some(person_id));
    }
}

/// Opens a slot of `slots` with `secret` as one throttled attempt on the store in `dir`
/// ([`throttle::attempt`]), then re-wraps the slot in `dir` if it is outdated ([`upgrade`]).
pub(crate) fn open_throttled<'a>(
    dir: &Path,
    slots: &'a KeySlots,
    secret: &Secret<'_>,
    now: DateTime<Utc>,
) -> Result<(SecretKey, &'a Slot)> {
    let (key, slot) = throttle::attempt(dir, now, || slots.open(secret))?;
    upgrade(dir, slot, secret, &key);
    Ok((key, slot))
}

/// Re-wraps the slot `secret` just opened, as a version 2 slot with parameters at least
/// [`KdfParams::floor`], if it is outdated and still in the key slots of `dir` as it was opened
/// (not changed since, and not only a backup's copy). Best effort: a read-only folder keeps the
/// old slot, which still opens, and the next unlock tries again.
fn upgrade(dir: &Path, opened: &Slot, secret: &Secret<'_>, key: &SecretKey) {
    if !opened.outdated() {
        return;
    }
    let _ = (|| -> Result<()> {
        let mut slots = KeySlots::load(dir)?;
        let Some(place) = slots.body.slots.iter().position(|s| s == opened) else { return Ok(()) };
        let (_, bytes, _) = secret.parts()?;
        let kdf = opened.kdf.at_least(KdfParams::floor());
        slots.add(opened.kind, opened.person_id.as_ref(), &opened.label, &bytes, kdf, key)?;
        // In its place: the unlock screen lists people in the slots' order.
        if let Some(slot) = slots.body.slots.pop() {
            slots.body.slots.insert(place, slot);
        }
        slots.save(dir)
    })();
}

/// Refuses to go on without SQLCipher. Plain SQLite takes `PRAGMA key` without a word and
/// writes the database in the clear; only SQLCipher answers `PRAGMA cipher_version`.
pub(super) fn require_sqlcipher(conn: &rusqlite::Connection) -> Result<()> {
    use rusqlite::OptionalExtension;
    #[cfg(test)]
    if PLAIN_SQLITE.with(std::cell::Cell::get) {
        return Err(StoreError::NoCipher.into());
    }
    let version: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).optional()?;
    match version {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(StoreError::NoCipher.into()),
    }
}

#[cfg(test)]
thread_local! {
    /// Makes [`require_sqlcipher`] answer as it would on plain SQLite, in this thread.
    pub(crate) static PLAIN_SQLITE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::store::Store;
    use crate::testing::{PASSPHRASE, at, give_passphrase, new_options, new_store, person};

    const LI: &str = "李老师的口令二〇二二";

    struct Fixture {
        dir: tempfile::TempDir,
        me: Id,
        li: Id,
        key: SecretKey,
        recovery: String,
    }

    /// A store of 王书记's with a second person, 李老师, who has a passphrase.
    fn store_with_li() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let created = Store::init(dir.path(), new_options()).unwrap();
        let mut store = created.store;
        let li = store.write(at(2022, 3, 1), |tx| tx.insert(person("李老师", Role::Teacher))).unwrap().id;
        give_passphrase(&mut store, &li, LI);
        let (me, key) = (store.actor().clone(), store.key.clone());
        Fixture { dir, me, li, key, recovery: created.recovery_key.to_string() }
    }

    fn edit(dir: &Path, change: impl FnOnce(&mut Vec<Slot>)) {
        let mut slots = KeySlots::load(dir).unwrap();
        change(&mut slots.body.slots);
        // `save` computes the checksum anew, as anyone editing the file can.
        slots.save(dir).unwrap();
    }

    fn code(result: Result<Store>) -> String {
        result.err().map_or("opened".into(), |e| e.code().to_string())
    }

    #[test]
    fn a_slot_pointed_at_another_person_does_not_open() {
        let Fixture { dir, me, li, .. } = store_with_li();
        // 李老师's slot made to say it is 王书记's, and his own slot taken away.
        edit(dir.path(), |slots| {
            slots.retain(|s| s.person_id.as_ref() != Some(&me));
            for s in slots.iter_mut().filter(|s| s.person_id.as_ref() == Some(&li)) {
                s.person_id = Some(me.clone());
            }
        });
        assert_eq!(code(Store::unlock(dir.path(), Some(&me), LI, at(2022, 3, 2))), "store.wrong_secret");
        assert_eq!(code(Store::unlock(dir.path(), None, LI, at(2022, 3, 2))), "store.wrong_secret");
        // Nor can the recovery slot be made 王书记's passphrase slot, to unlock as him with the
        // recovery key without setting a new passphrase.
        let Fixture { dir, me, recovery, .. } = store_with_li();
        edit(dir.path(), |slots| {
            slots.retain(|s| s.person_id.as_ref() != Some(&me));
            for s in slots.iter_mut().filter(|s| s.kind == SlotKind::Recovery) {
                s.kind = SlotKind::Passphrase;
                s.person_id = Some(me.clone());
            }
        });
        let typed = crypto::normalise_recovery_key(&recovery).unwrap();
        assert_eq!(code(Store::unlock(dir.path(), Some(&me), &typed, at(2022, 3, 2))), "store.wrong_secret");
    }

    /// Rewraps a slot the way version 1 did: bound to the store and the slot's id only.
    fn make_legacy(slots: &mut KeySlots, person: &Id, secret: &str, key: &SecretKey) {
        let store_id = slots.body.store_id.clone();
        let slot = slots.body.slots.iter_mut().find(|s| s.person_id.as_ref() == Some(person)).unwrap();
        let kek = crypto::derive(secret.as_bytes(), &crypto::unhex(&slot.salt).unwrap(), slot.kdf).unwrap();
        let (nonce, sealed) = crypto::wrap(&kek, key, format!("visitdesk/{store_id}/{}", slot.id).as_bytes());
        (slot.nonce, slot.wrapped_key, slot.version) = (crypto::hex(&nonce), crypto::hex(&sealed), LEGACY_SLOT);
    }

    #[test]
    fn version_1_slots_open_and_are_rewrapped_with_their_person_at_the_next_unlock() {
        let Fixture { dir, me, li, key, .. } = store_with_li();
        let mut slots = KeySlots::load(dir.path()).unwrap();
        make_legacy(&mut slots, &li, LI, &key);
        slots.save(dir.path()).unwrap();
        // Written as version 1 wrote it: no version field, and a checksum that holds.
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_eq!(text.matches("\"version\"").count(), 2, "the two version 2 slots only: {text}");
        // It opens, and comes out as version 2, bound to her.
        drop(Store::unlock(dir.path(), Some(&li), LI, at(2022, 3, 2)).unwrap());
        let slots = KeySlots::load(dir.path()).unwrap();
        assert!(slots.slots().iter().all(|s| s.version == SLOT_VERSION), "{:?}", slots.slots());
        assert_eq!(slots.slots().iter().filter(|s| s.person_id.as_ref() == Some(&li)).count(), 1);
        // Now pointing it at 王书记 no longer works.
        edit(dir.path(), |slots| {
            slots.retain(|s| s.person_id.as_ref() != Some(&me));
            slots.iter_mut().filter(|s| s.person_id.as_ref() == Some(&li)).for_each(|s| s.person_id = Some(me.clone()));
        });
        assert_eq!(code(Store::unlock(dir.path(), Some(&me), LI, at(2022, 3, 3))), "store.wrong_secret");
    }

    #[test]
    fn a_slot_weaker_than_this_build_makes_is_strengthened_at_the_next_unlock() {
        let Fixture { dir, li, key, .. } = store_with_li();
        let weak = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
        assert!(weak.weaker_than(KdfParams::floor()));
        let mut slots = KeySlots::load(dir.path()).unwrap();
        slots.add(SlotKind::Passphrase, Some(&li), "李老师", LI.as_bytes(), weak, &key).unwrap();
        slots.save(dir.path()).unwrap();
        let order = |dir: &Path| -> Vec<Option<Id>> {
            KeySlots::load(dir).unwrap().slots().iter().map(|s| s.person_id.clone()).collect()
        };
        let before = order(dir.path());
        drop(Store::unlock(dir.path(), Some(&li), LI, at(2022, 3, 2)).unwrap());
        let slots = KeySlots::load(dir.path()).unwrap();
        let hers = slots.slots().iter().find(|s| s.person_id.as_ref() == Some(&li)).unwrap();
        assert_eq!(hers.kdf, KdfParams::floor());
        assert_eq!(order(dir.path()), before, "rewrapped in its place");
        drop(Store::unlock(dir.path(), Some(&li), LI, at(2022, 3, 3)).unwrap());
    }

    #[test]
    fn absurd_kdf_parameters_are_damage_refused_before_any_derivation() {
        let Fixture { dir, li, .. } = store_with_li();
        edit(dir.path(), |slots| {
            let hers = slots.iter_mut().find(|s| s.person_id.as_ref() == Some(&li)).unwrap();
            hers.kdf = KdfParams { memory_kib: 4 * 1024 * 1024, iterations: 64, parallelism: 1 };
        });
        let before = crypto::derivations::of(LI.as_bytes());
        let err = Store::unlock(dir.path(), Some(&li), LI, at(2022, 3, 2)).err().unwrap();
        assert!(matches!(err, crate::error::Error::Store(StoreError::BadKdf(_))), "{err:?}");
        assert_eq!(err.code(), "store.bad_kdf");
        assert_eq!(crypto::derivations::of(LI.as_bytes()), before);
        // Not counted as a wrong passphrase either.
        assert_eq!(throttle::load(dir.path()), throttle::Failures::default());
    }

    #[test]
    fn a_build_without_sqlcipher_refuses_to_open_the_store() {
        let (dir, store) = new_store();
        drop(store);
        PLAIN_SQLITE.with(|p| p.set(true));
        let refused = code(Store::unlock(dir.path(), None, PASSPHRASE, at(2022, 3, 2)));
        PLAIN_SQLITE.with(|p| p.set(false));
        assert_eq!(refused, "store.no_cipher");
        // The real check passes with the SQLCipher this crate links.
        require_sqlcipher(&rusqlite::Connection::open_in_memory().unwrap()).unwrap();
        drop(Store::unlock(dir.path(), None, PASSPHRASE, at(2022, 3, 2)).unwrap());
    }
}
