//! `keyslots.json`: the data key, wrapped once per person and once for the recovery key.
//!
//! The file is plaintext metadata: KDF parameters, salts, nonces and wrapped keys, plus a
//! checksum so damage to the file reads as "damaged", never as "wrong passphrase".
use super::fsutil::write_atomically;
use crate::crypto::{self, KdfParams, SecretKey};
use crate::error::{Result, StoreError};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE: &str = "keyslots.json";
const FORMAT: u32 = 1;

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

    fn aad(&self, slot_id: &str) -> Vec<u8> {
        format!("visitdesk/{}/{}", self.body.store_id, slot_id).into_bytes()
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
        let slot_id = crypto::hex(&slot_id);
        let (nonce, sealed) = crypto::wrap(&kek, data_key, &self.aad(&slot_id));
        self.body.slots.retain(|s| !(s.kind == kind && s.person_id.as_ref() == person_id));
        self.body.slots.push(Slot {
            id: slot_id,
            kind,
            person_id: person_id.cloned(),
            label: label.to_string(),
            kdf,
            salt: crypto::hex(&salt),
            nonce: crypto::hex(&nonce),
            wrapped_key: crypto::hex(&sealed),
        });
        Ok(())
    }

    /// Tries the slots the secret could open; returns the data key and the slot that opened.
    pub fn open(&self, secret: &Secret<'_>) -> Result<(SecretKey, &Slot)> {
        let (kind, bytes, person): (SlotKind, Vec<u8>, Option<&Id>) = match secret {
            Secret::Passphrase { person_id, passphrase } => {
                (SlotKind::Passphrase, passphrase.as_bytes().to_vec(), *person_id)
            }
            Secret::Recovery(typed) => {
                let key = crypto::normalise_recovery_key(typed).ok_or(StoreError::WrongSecret)?;
                (SlotKind::Recovery, key.as_bytes().to_vec(), None)
            }
        };
        let bytes = zeroize::Zeroizing::new(bytes);
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
            if !slot.kdf.is_sane() {
                return Err(damaged().into());
            }
            let salt = crypto::unhex(&slot.salt).ok_or_else(damaged)?;
            let nonce = crypto::unhex(&slot.nonce).ok_or_else(damaged)?;
            let sealed = crypto::unhex(&slot.wrapped_key).ok_or_else(damaged)?;
            let kek = crypto::derive(&bytes, &salt, slot.kdf).ok_or_else(damaged)?;
            if let Some(key) = crypto::unwrap(&kek, &nonce, &sealed, &self.aad(&slot.id)) {
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
