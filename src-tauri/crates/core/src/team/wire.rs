//! A signed, encrypted file on the wire, in two formats: the team's bundles (`VDSYNC\0\x01`,
//! [`Header`]) and the 一帮一 share packages (`share::Package`). Each is its magic, a plaintext
//! header (JSON) that names who sent it and the hash of the ciphertext, the sender's Ed25519
//! signature over the header in a context of the format's own, then the body encrypted with
//! age to its recipients. So the sender and any tampering are checked before anything is
//! decrypted, and only a recipient's own identity opens the body. A team bundle's body holds
//! whole Automerge documents, one a record.
use super::TeamError;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// A bundle larger than this is refused before it is read: a whole campus store, saved
/// document by document, is a few tens of MiB.
pub const MAX_BUNDLE: usize = 256 << 20;
const MAX_HEADER: usize = 64 << 10;

/// Why a file on the wire was refused, whatever its format; each format's own error says it
/// in its words ([`Format::Error`]).
#[derive(Debug)]
pub enum WireError {
    /// Not a file of the format, or cut short.
    Damaged(String),
    TooLarge,
    /// No signature: its place holds zeros.
    Unsigned,
    /// The signature, or the ciphertext it covers, does not match.
    BadSignature,
    /// The body was not encrypted to the identity that tried it.
    NotARecipient,
}

/// A format of signed, encrypted files: its header, and what tells it apart from the others.
pub trait Format: Serialize + DeserializeOwned {
    /// The file's first bytes.
    const MAGIC: &'static [u8; 8];
    /// What the signature is made over besides the header, so a signature of one format
    /// never passes for another's.
    const CONTEXT: &'static [u8];
    /// The largest file of the format; larger is refused before it is read.
    const MAX: usize;
    type Error: From<WireError>;
    /// The hash of the ciphertext the header names.
    fn body_hash(&self) -> &str;
    fn set_body_hash(&mut self, hash: String);
    /// Refuses a header this version cannot read (a newer format or schema), once parsed.
    fn check(&self) -> Result<(), Self::Error>;
}

/// The team's bundle: its header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The sender's version of the records (`store::migrations::RECORDS`): a newer one is
    /// refused, since its records may hold what this version cannot keep.
    pub schema: i64,
    /// `changes`, or `welcome` (everything, to a newcomer).
    pub kind: String,
    pub team_id: String,
    pub from_device: String,
    pub bundle_id: String,
    pub body_hash: String,
}

impl Format for Header {
    const MAGIC: &'static [u8; 8] = b"VDSYNC\0\x01";
    const CONTEXT: &'static [u8] = b"visitdesk-bundle/1";
    const MAX: usize = MAX_BUNDLE;
    type Error = TeamError;
    fn body_hash(&self) -> &str {
        &self.body_hash
    }
    fn set_body_hash(&mut self, hash: String) {
        self.body_hash = hash;
    }
    fn check(&self) -> Result<(), TeamError> {
        if self.format != 1 {
            return Err(TeamError::Damaged(format!("bundle format {}", self.format)));
        }
        let known = crate::store::migrations::RECORDS;
        if self.schema > known {
            return Err(TeamError::NewerSchema { found: self.schema, known });
        }
        Ok(())
    }
}

impl From<WireError> for TeamError {
    fn from(e: WireError) -> TeamError {
        match e {
            WireError::Damaged(why) => TeamError::Damaged(why),
            WireError::TooLarge => TeamError::TooLarge,
            WireError::Unsigned | WireError::BadSignature => TeamError::BadSignature,
            WireError::NotARecipient => TeamError::NotARecipient,
        }
    }
}

/// A file's parts, its signature not yet checked.
pub struct Sealed<'a, H = Header> {
    pub header: H,
    header_bytes: &'a [u8],
    signature: [u8; 64],
    ciphertext: &'a [u8],
}

fn signed_message<H: Format>(header: &[u8]) -> Vec<u8> {
    [H::CONTEXT, header].concat()
}

/// Encrypts `body` to `recipients`, and signs the header with `key`.
pub fn seal<H: Format>(
    mut header: H,
    body: &[u8],
    recipients: &[age::x25519::Recipient],
    key: &SigningKey,
) -> Result<Vec<u8>, H::Error> {
    let damaged = |e: &dyn std::fmt::Display| WireError::Damaged(e.to_string());
    let to = recipients.iter().map(|r| r as &dyn age::Recipient);
    let encryptor = age::Encryptor::with_recipients(to).map_err(|e| damaged(&e))?;
    let mut ciphertext = Vec::new();
    let mut writer = encryptor.wrap_output(&mut ciphertext).map_err(|e| damaged(&e))?;
    writer.write_all(body).and_then(|()| writer.finish().map(drop)).map_err(|e| damaged(&e))?;
    header.set_body_hash(crate::crypto::checksum(&ciphertext));
    let header_bytes = serde_json::to_vec(&header).map_err(|e| damaged(&e))?;
    let signature = key.sign(&signed_message::<H>(&header_bytes));
    let header_len = u32::try_from(header_bytes.len()).map_err(|_| WireError::TooLarge)?;
    Ok([H::MAGIC.as_slice(), &header_len.to_be_bytes(), &header_bytes, &signature.to_bytes(), &ciphertext].concat())
}

/// Splits a team bundle into its parts ([`open_as`]).
pub fn open(bytes: &[u8]) -> Result<Sealed<'_>, TeamError> {
    open_as(bytes)
}

/// Splits a file of format `H` into its parts, refusing what is too large, not of the
/// format, or of a newer one.
pub fn open_as<H: Format>(bytes: &[u8]) -> Result<Sealed<'_, H>, H::Error> {
    if bytes.len() > H::MAX {
        return Err(WireError::TooLarge.into());
    }
    let damaged = || WireError::Damaged("not a Visitdesk file of this kind".into());
    let rest = bytes.strip_prefix(H::MAGIC.as_slice()).ok_or_else(damaged)?;
    let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(damaged)?;
    let len = u32::from_be_bytes(*len) as usize;
    if len > MAX_HEADER || rest.len() < len + 64 {
        return Err(damaged().into());
    }
    let (header_bytes, rest) = rest.split_at(len);
    let (signature, ciphertext) = rest.split_at(64);
    let header: H = serde_json::from_slice(header_bytes).map_err(|_| damaged())?;
    header.check()?;
    let signature = signature.try_into().map_err(|_| damaged())?;
    Ok(Sealed { header, header_bytes, signature, ciphertext })
}

impl<H: Format> Sealed<'_, H> {
    /// Checks the header's signature by `signing_key`, the sender's, and that the ciphertext
    /// is the one the header names. A signature of zeros is none: the file is unsigned.
    pub fn verify(&self, signing_key: &VerifyingKey) -> Result<(), H::Error> {
        if self.signature.iter().all(|b| *b == 0) {
            return Err(WireError::Unsigned.into());
        }
        signing_key
            .verify_strict(&signed_message::<H>(self.header_bytes), &Signature::from_bytes(&self.signature))
            .map_err(|_| WireError::BadSignature)?;
        if crate::crypto::checksum(self.ciphertext) != self.header.body_hash() {
            return Err(WireError::BadSignature.into());
        }
        Ok(())
    }

    /// The body, decrypted with `identity`; [`WireError::NotARecipient`] when the file was not
    /// encrypted to it.
    pub fn decrypt(&self, identity: &age::x25519::Identity) -> Result<Vec<u8>, H::Error> {
        let damaged = |e: &dyn std::fmt::Display| WireError::Damaged(e.to_string());
        let decryptor = age::Decryptor::new(self.ciphertext).map_err(|e| damaged(&e))?;
        let mut reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => WireError::NotARecipient,
            other => damaged(&other),
        })?;
        let mut body = Vec::new();
        reader.by_ref().take(H::MAX as u64).read_to_end(&mut body).map_err(|e| damaged(&e))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::RECORDS;

    fn header(schema: i64) -> Header {
        Header {
            format: 1,
            schema,
            kind: "changes".into(),
            team_id: "t".into(),
            from_device: "d".into(),
            bundle_id: "b".into(),
            body_hash: String::new(),
        }
    }

    /// A bundle names the records' version, not the store's: a laptop whose store gained only
    /// an index (migration 15) is still understood by one that has not updated, and a bundle
    /// whose records are newer than this version's is refused.
    #[test]
    fn bundles_are_refused_for_newer_records_not_for_newer_indexes() {
        assert!(header(RECORDS).check().is_ok());
        assert!(header(RECORDS - 1).check().is_ok());
        let err = header(RECORDS + 1).check().unwrap_err();
        assert!(matches!(err, TeamError::NewerSchema { found, known } if found == RECORDS + 1 && known == RECORDS));
    }
}
