//! A bundle on the wire: `VDSYNC\0\x01`, a plaintext header (JSON) that names the team, the
//! sending device and the hash of the ciphertext, the sending device's Ed25519 signature over
//! the header, then the body encrypted with age to every member device. So the team, the
//! sender and any tampering are checked before anything is decrypted, and only a member's own
//! identity opens the body. The body holds whole Automerge documents, one a record.
use super::TeamError;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"VDSYNC\0\x01";
const SIGNED: &[u8] = b"visitdesk-bundle/1";
/// A bundle larger than this is refused before it is read: a whole campus store, saved
/// document by document, is a few tens of MiB.
pub const MAX_BUNDLE: usize = 256 << 20;
const MAX_HEADER: usize = 64 << 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The sender's schema version (`store::migrations::LATEST`): a newer one is refused,
    /// since its records may hold what this version cannot keep.
    pub schema: i64,
    /// `changes`, or `welcome` (everything, to a newcomer).
    pub kind: String,
    pub team_id: String,
    pub from_device: String,
    pub bundle_id: String,
    pub body_hash: String,
}

/// A bundle's parts, its signature not yet checked.
pub struct Sealed<'a> {
    pub header: Header,
    header_bytes: &'a [u8],
    signature: Signature,
    ciphertext: &'a [u8],
}

fn signed_message(header: &[u8]) -> Vec<u8> {
    [SIGNED, header].concat()
}

/// Encrypts `body` to `recipients`, and signs the header with `key`.
pub fn seal(
    mut header: Header,
    body: &[u8],
    recipients: &[age::x25519::Recipient],
    key: &SigningKey,
) -> Result<Vec<u8>, TeamError> {
    let to = recipients.iter().map(|r| r as &dyn age::Recipient);
    let encryptor = age::Encryptor::with_recipients(to).map_err(|e| TeamError::Damaged(e.to_string()))?;
    let mut ciphertext = Vec::new();
    let mut writer = encryptor.wrap_output(&mut ciphertext).map_err(|e| TeamError::Damaged(e.to_string()))?;
    writer.write_all(body).and_then(|()| writer.finish().map(drop)).map_err(|e| TeamError::Damaged(e.to_string()))?;
    header.body_hash = crate::crypto::checksum(&ciphertext);
    let header_bytes = serde_json::to_vec(&header).map_err(|e| TeamError::Damaged(e.to_string()))?;
    let signature = key.sign(&signed_message(&header_bytes));
    let header_len = u32::try_from(header_bytes.len()).map_err(|_| TeamError::TooLarge)?;
    Ok([MAGIC.as_slice(), &header_len.to_be_bytes(), &header_bytes, &signature.to_bytes(), &ciphertext].concat())
}

/// Splits a bundle into its parts, refusing what is too large or not a bundle.
pub fn open(bytes: &[u8]) -> Result<Sealed<'_>, TeamError> {
    if bytes.len() > MAX_BUNDLE {
        return Err(TeamError::TooLarge);
    }
    let damaged = || TeamError::Damaged("not a Visitdesk bundle".into());
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(damaged)?;
    let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(damaged)?;
    let len = u32::from_be_bytes(*len) as usize;
    if len > MAX_HEADER || rest.len() < len + 64 {
        return Err(damaged());
    }
    let (header_bytes, rest) = rest.split_at(len);
    let (signature, ciphertext) = rest.split_at(64);
    let header: Header = serde_json::from_slice(header_bytes).map_err(|_| damaged())?;
    if header.format != 1 {
        return Err(TeamError::Damaged(format!("bundle format {}", header.format)));
    }
    let known = crate::store::migrations::LATEST;
    if header.schema > known {
        return Err(TeamError::NewerSchema { found: header.schema, known });
    }
    let signature = Signature::from_slice(signature).map_err(|_| damaged())?;
    Ok(Sealed { header, header_bytes, signature, ciphertext })
}

impl Sealed<'_> {
    /// Checks the header's signature by the sending device, and that the ciphertext is the
    /// one the header names.
    pub fn verify(&self, signing_key: &VerifyingKey) -> Result<(), TeamError> {
        signing_key
            .verify_strict(&signed_message(self.header_bytes), &self.signature)
            .map_err(|_| TeamError::BadSignature)?;
        if crate::crypto::checksum(self.ciphertext) != self.header.body_hash {
            return Err(TeamError::BadSignature);
        }
        Ok(())
    }

    /// The body, decrypted with this device's identity; `team.not_a_recipient` when the
    /// bundle was not encrypted to it.
    pub fn decrypt(&self, identity: &age::x25519::Identity) -> Result<Vec<u8>, TeamError> {
        let decryptor = age::Decryptor::new(self.ciphertext).map_err(|e| TeamError::Damaged(e.to_string()))?;
        let mut reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => TeamError::NotARecipient,
            other => TeamError::Damaged(other.to_string()),
        })?;
        let mut body = Vec::new();
        reader
            .by_ref()
            .take(MAX_BUNDLE as u64)
            .read_to_end(&mut body)
            .map_err(|e| TeamError::Damaged(e.to_string()))?;
        Ok(body)
    }
}

/// Reads length-prefixed parts of a body, refusing what runs past its end.
pub struct Parts<'a>(pub &'a [u8]);

impl<'a> Parts<'a> {
    pub fn take(&mut self) -> Result<Option<&'a [u8]>, TeamError> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let damaged = || TeamError::Damaged("a bundle's body is cut short".into());
        let (len, rest) = self.0.split_first_chunk::<4>().ok_or_else(damaged)?;
        let len = u32::from_be_bytes(*len) as usize;
        if rest.len() < len {
            return Err(damaged());
        }
        let (part, rest) = rest.split_at(len);
        self.0 = rest;
        Ok(Some(part))
    }
}

/// Appends a length-prefixed part.
pub fn push(out: &mut Vec<u8>, part: &[u8]) -> Result<(), TeamError> {
    let len = u32::try_from(part.len()).map_err(|_| TeamError::TooLarge)?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(part);
    Ok(())
}
