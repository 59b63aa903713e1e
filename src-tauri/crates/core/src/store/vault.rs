//! The vault: the content of attachments, encrypted, one file each in the store's
//! `attachments/` folder, kept under the checksum of its plaintext (so a file attached twice,
//! or sent by two laptops, is kept once).
//!
//! Each file is XChaCha20-Poly1305 in the STREAM construction (`aead::stream`, RustCrypto's):
//! 64 KiB segments, each authenticated, the last one marked, so a file is never whole in memory
//! and a truncated, reordered or altered file fails to open. The key is derived from the data
//! key (keyed BLAKE2b), and so is each file's name, so names say nothing of the content and a
//! rekey writes every file anew under new names beside the old ones: a crash at any moment
//! leaves one complete set that the database's key opens, and [`Vault::sweep`] removes the
//! rest. The checksum is the associated data of every segment: a file put in another's place
//! does not open.
//!
//! Why files and not chunks in the database: measured in `make bench` (`attachment_storage`),
//! and because a damaged page of SQLCipher makes every backup (`sqlcipher_export` reads every
//! page) fail, while a damaged file here is one attachment, reported by name. Backups link
//! these files rather than copy them: they never change once written.
use crate::crypto::{self, SecretKey};
use crate::error::{Result, StoreError, io_error};
use blake2::digest::Mac;
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The vault's folder inside a store (and inside each backup).
pub const DIR: &str = "attachments";
/// What every vault file starts with: its format.
const MAGIC: &[u8; 8] = b"VDFILE1\0";
/// XChaCha20's 24-byte nonce less STREAM's 5 bytes of counter and last-segment flag.
const NONCE_PREFIX: usize = 19;
const SEGMENT: usize = 64 * 1024;
const TAG: usize = 16;
const HEADER: usize = MAGIC.len() + NONCE_PREFIX;

/// Why a vault file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// Not in the vault (on this laptop: an attachment another laptop added whose content has
    /// not arrived yet).
    #[error("not in the vault")]
    Missing,
    /// In the vault but altered, cut short or not what its checksum says.
    #[error("damaged")]
    Damaged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<std::io::Error> for VaultError {
    fn from(e: std::io::Error) -> VaultError {
        VaultError::Store(io_error(e))
    }
}

/// The content of a file as the vault keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub checksum: String,
    pub size: u64,
}

/// A streaming checksum of plaintext: the same as [`crypto::checksum`] of the whole.
#[derive(Default)]
pub struct Hasher(blake2::Blake2b512);

impl Hasher {
    pub fn update(&mut self, bytes: &[u8]) {
        blake2::Digest::update(&mut self.0, bytes);
    }
    pub fn finish(self) -> String {
        crypto::hex(&blake2::Digest::finalize(self.0)[..32])
    }
}

/// A store's vault, opened with its data key.
#[derive(Clone)]
pub struct Vault {
    dir: PathBuf,
    key: SecretKey,
}

impl Vault {
    /// The vault of the store in `store_dir`, whose data key is `data_key`.
    pub fn new(store_dir: &Path, data_key: &SecretKey) -> Vault {
        Vault { dir: store_dir.join(DIR), key: derive(data_key, b"visitdesk attachments v1") }
    }

    /// The file that keeps the content with this checksum.
    pub fn path(&self, checksum: &str) -> PathBuf {
        let mut mac = <blake2::Blake2bMac512 as blake2::digest::KeyInit>::new_from_slice(&self.key)
            .expect("a 32-byte key fits BLAKE2b");
        Mac::update(&mut mac, b"name ");
        Mac::update(&mut mac, checksum.as_bytes());
        self.dir.join(format!("{}.vdf", crypto::hex(&mac.finalize().into_bytes()[..16])))
    }

    pub fn has(&self, checksum: &str) -> bool {
        self.path(checksum).is_file()
    }

    /// Keeps the content of the file at `source` (at most `limit` bytes), reading it twice:
    /// once for its checksum, then again to encrypt it, checked against the first.
    pub fn put_file(&self, source: &Path, limit: u64) -> Result<Kept, PutError> {
        let checksum = {
            let mut hasher = Hasher::default();
            let size = each_block(source, limit, |block| {
                hasher.update(block);
                Ok(())
            })?;
            Kept { checksum: hasher.finish(), size }
        };
        if self.has(&checksum.checksum) {
            return Ok(checksum);
        }
        let mut again = Hasher::default();
        self.write(&checksum.checksum, |put| {
            each_block(source, limit, |block| {
                again.update(block);
                put(block)
            })
            .map(drop)
        })?;
        if again.finish() != checksum.checksum {
            let _ = std::fs::remove_file(self.path(&checksum.checksum));
            return Err(PutError::Changed);
        }
        Ok(checksum)
    }

    /// Keeps `bytes`.
    pub fn put(&self, bytes: &[u8]) -> Result<Kept, StoreError> {
        let kept = Kept { checksum: crypto::checksum(bytes), size: bytes.len() as u64 };
        if !self.has(&kept.checksum) {
            self.write(&kept.checksum, |put| bytes.chunks(SEGMENT).try_for_each(put)).map_err(|e| match e {
                PutError::Store(e) => e,
                other => StoreError::Io(std::io::Error::other(other.to_string())),
            })?;
        }
        Ok(kept)
    }

    /// Writes the file of `checksum` from the plaintext that `fill` gives to the writer it is
    /// handed, in any pieces: through a temporary file, flushed, then renamed into place.
    fn write(
        &self,
        checksum: &str,
        fill: impl FnOnce(&mut dyn FnMut(&[u8]) -> Result<(), PutError>) -> Result<(), PutError>,
    ) -> Result<(), PutError> {
        std::fs::create_dir_all(&self.dir).map_err(io_error)?;
        super::fsutil::keep_private_dir(&self.dir);
        let path = self.path(checksum);
        let tmp = path.with_extension("tmp");
        let result = (|| -> Result<(), PutError> {
            let mut out = std::io::BufWriter::new(super::fsutil::new_private_file(&tmp).map_err(io_error)?);
            let mut prefix = [0u8; NONCE_PREFIX];
            crypto::fill_random(&mut prefix);
            out.write_all(MAGIC).map_err(io_error)?;
            out.write_all(&prefix).map_err(io_error)?;
            let mut stream = EncryptorBE32::from_aead(self.cipher(), prefix.as_slice().into());
            let mut pending = Vec::with_capacity(SEGMENT);
            let aad = checksum.as_bytes();
            fill(&mut |mut bytes: &[u8]| {
                while !bytes.is_empty() {
                    if pending.len() == SEGMENT {
                        let sealed =
                            stream.encrypt_next(Payload { msg: &pending, aad }).map_err(|_| PutError::Changed)?;
                        out.write_all(&sealed).map_err(io_error)?;
                        pending.clear();
                    }
                    let take = bytes.len().min(SEGMENT - pending.len());
                    pending.extend_from_slice(&bytes[..take]);
                    bytes = &bytes[take..];
                }
                Ok(())
            })?;
            let sealed = stream.encrypt_last(Payload { msg: &pending, aad }).map_err(|_| PutError::Changed)?;
            out.write_all(&sealed).map_err(io_error)?;
            let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
            file.sync_all().map_err(io_error)?;
            std::fs::rename(&tmp, &path).map_err(io_error)?;
            super::fsutil::sync_dir(&self.dir).map_err(io_error)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new_from_slice(&self.key).expect("a 32-byte key")
    }

    /// Decrypts the content of `checksum` into `out`, a segment at a time, and checks it is
    /// what the checksum says. On [`VaultError::Damaged`] `out` may have had part of it.
    pub fn read_to(&self, checksum: &str, out: &mut dyn Write) -> Result<u64, VaultError> {
        let mut file = match std::fs::File::open(self.path(checksum)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultError::Missing),
            other => other?,
        };
        let body = file.metadata()?.len().checked_sub(HEADER as u64).ok_or(VaultError::Damaged)?;
        let mut header = [0u8; HEADER];
        file.read_exact(&mut header)?;
        if &header[..MAGIC.len()] != MAGIC {
            return Err(VaultError::Damaged);
        }
        let mut stream = Some(DecryptorBE32::from_aead(self.cipher(), header[MAGIC.len()..].into()));
        let mut hasher = Hasher::default();
        let mut left = body;
        let mut buf = vec![0u8; SEGMENT + TAG];
        let mut size = 0;
        let aad = checksum.as_bytes();
        loop {
            let take = left.min((SEGMENT + TAG) as u64) as usize;
            if take < TAG {
                return Err(VaultError::Damaged);
            }
            file.read_exact(&mut buf[..take])?;
            left -= take as u64;
            let payload = Payload { msg: &buf[..take], aad };
            let plain = match left {
                0 => stream.take().ok_or(VaultError::Damaged)?.decrypt_last(payload),
                _ => stream.as_mut().ok_or(VaultError::Damaged)?.decrypt_next(payload),
            }
            .map_err(|_| VaultError::Damaged)?;
            hasher.update(&plain);
            out.write_all(&plain)?;
            size += plain.len() as u64;
            if left == 0 {
                break;
            }
        }
        if hasher.finish() != checksum {
            return Err(VaultError::Damaged);
        }
        Ok(size)
    }

    /// The whole content of `checksum` (for pictures, which are decoded whole anyway).
    pub fn read(&self, checksum: &str) -> Result<Vec<u8>, VaultError> {
        let mut bytes = Vec::new();
        self.read_to(checksum, &mut bytes)?;
        Ok(bytes)
    }

    /// Writes the content of `checksum` into `other`, encrypted under its key.
    pub fn copy_to(&self, checksum: &str, other: &Vault) -> Result<(), VaultError> {
        if other.has(checksum) {
            return Ok(());
        }
        let bytes = self.read(checksum)?;
        other.put(&bytes)?;
        Ok(())
    }

    /// Deletes every file last written before `before` that is not the content of one of
    /// `live`: what was put under another key (before a rekey), or for a record that was never
    /// written or was undone, and what a crash left half written.
    pub fn sweep(&self, live: &HashSet<String>, before: DateTime<Utc>) -> Result<usize> {
        let keep: HashSet<PathBuf> = live.iter().map(|c| self.path(c)).collect();
        let mut removed = 0;
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Ok(0) };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            let written = entry.metadata()?.modified().map(DateTime::<Utc>::from)?;
            if !keep.contains(&path) && written < before {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Links (or, where a link is not possible, copies) every vault file of the store or backup in
/// `from` into the one in `to`, which has the same data key: vault files never change once
/// written, so a backup shares them with the store.
pub fn link_all(from: &Path, to: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(from.join(DIR)) else { return Ok(()) };
    let dest = to.join(DIR);
    std::fs::create_dir_all(&dest)?;
    super::fsutil::keep_private_dir(&dest);
    for entry in entries {
        let from = entry?.path();
        let (Some(name), Some("vdf")) = (from.file_name(), from.extension().and_then(|e| e.to_str())) else { continue };
        let to = dest.join(name);
        if !to.exists() && std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(())
}

/// Why a file could not be put in the vault.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file changed while it was read")]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the file at `path` in blocks, refusing one larger than `limit`; returns its size.
fn each_block(path: &Path, limit: u64, mut f: impl FnMut(&[u8]) -> Result<(), PutError>) -> Result<u64, PutError> {
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    if file.metadata().map_err(io_error)?.len() > limit {
        return Err(PutError::TooLarge { limit });
    }
    let mut buf = vec![0u8; SEGMENT];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io_error)?;
        if n == 0 {
            return Ok(size);
        }
        size += n as u64;
        if size > limit {
            return Err(PutError::TooLarge { limit });
        }
        f(&buf[..n])?;
    }
}

/// A key for one purpose, derived from the data key with keyed BLAKE2b.
fn derive(data_key: &SecretKey, purpose: &[u8]) -> SecretKey {
    let mut mac = <blake2::Blake2bMac512 as blake2::digest::KeyInit>::new_from_slice(data_key)
        .expect("a 32-byte key fits BLAKE2b");
    Mac::update(&mut mac, purpose);
    let mut key = crypto::random_key();
    key.copy_from_slice(&mac.finalize().into_bytes()[..crypto::KEY_LEN]);
    key
}
