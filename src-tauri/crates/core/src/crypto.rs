//! Key material: random bytes, Argon2id key derivation, AEAD key wrapping, recovery keys.
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 24;

/// A 256-bit key that is wiped from memory when dropped. It lives on the heap from the moment
/// it is made, so moving it never leaves a copy behind on the stack (an array would be copied
/// by every move, and only the last copy wiped; the memory story test found those copies).
pub type SecretKey = Zeroizing<Box<[u8]>>;

/// A zeroed key, to be filled in place.
fn new_key() -> SecretKey {
    Zeroizing::new(vec![0u8; KEY_LEN].into_boxed_slice())
}

/// Fills `buf` from the operating system's random source.
pub fn fill_random(buf: &mut [u8]) {
    // The OS random source failing is unrecoverable: there is no safe key without it.
    getrandom::fill(buf).expect("the operating system's random source is unavailable");
}

pub fn random_key() -> SecretKey {
    let mut key = new_key();
    fill_random(&mut key);
    key
}

/// Argon2id cost parameters, stored with each key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// About half a second on a 2-core office laptop.
    pub const INTERACTIVE: KdfParams = KdfParams { memory_kib: 128 * 1024, iterations: 3, parallelism: 1 };
    /// Cheap parameters for tests and benchmarks of everything but the KDF itself.
    pub const TEST: KdfParams = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
    /// The most a slot read from disk may ask for: 1 GiB (8 times [`Self::INTERACTIVE`]), 16
    /// passes, 8 lanes, and at most 8 times the interactive work (memory × passes), about 4 s
    /// here. Beyond that the slot file is damaged or hostile: until this cap, a slot asking
    /// for 4 GiB × 64 passes made every unlock try to allocate 4 GiB and run for minutes.
    const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    const MAX_ITERATIONS: u32 = 16;
    const MAX_PARALLELISM: u32 = 8;
    const MAX_WORK: u64 = 8 * Self::INTERACTIVE.memory_kib as u64 * Self::INTERACTIVE.iterations as u64;

    /// The parameters for new slots. The shells pass whether `VISITDESK_FAST_KDF_FOR_TESTS`
    /// is set; only a debug build heeds it, so a release build always makes interactive slots.
    pub fn for_env(fast_requested: bool) -> KdfParams {
        Self::chosen(fast_requested, cfg!(debug_assertions))
    }

    fn chosen(fast_requested: bool, debug_build: bool) -> KdfParams {
        if fast_requested && debug_build { KdfParams::TEST } else { KdfParams::INTERACTIVE }
    }

    /// The weakest parameters this build makes (see [`Self::for_env`]). A slot weaker than
    /// this is re-wrapped at its next unlock, e.g. one a test switch made in a release build.
    pub fn floor() -> KdfParams {
        Self::for_env(true)
    }

    /// Costs less than `other` in memory or in passes.
    pub fn weaker_than(&self, other: KdfParams) -> bool {
        self.memory_kib < other.memory_kib || self.iterations < other.iterations
    }

    /// These parameters raised to `other` where they are weaker.
    pub fn at_least(&self, other: KdfParams) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib.max(other.memory_kib),
            iterations: self.iterations.max(other.iterations),
            parallelism: self.parallelism,
        }
    }

    /// Whether Argon2id can run with these parameters within the caps above.
    pub fn within_limits(&self) -> bool {
        (1..=Self::MAX_PARALLELISM).contains(&self.parallelism)
            && (8 * self.parallelism..=Self::MAX_MEMORY_KIB).contains(&self.memory_kib)
            && (1..=Self::MAX_ITERATIONS).contains(&self.iterations)
            && u64::from(self.memory_kib) * u64::from(self.iterations) <= Self::MAX_WORK
    }
}

/// Derives a key-encryption key from a secret with Argon2id.
pub fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Option<SecretKey> {
    #[cfg(test)]
    derivations::count(secret);
    let p = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(KEY_LEN)).ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = new_key();
    argon.hash_password_into(secret, salt, &mut out).ok()?;
    Some(out)
}

/// Encrypts `key` under `kek`, bound to `aad`. Returns the nonce and the ciphertext.
pub fn wrap(kek: &SecretKey, key: &SecretKey, aad: &[u8]) -> ([u8; NONCE_LEN], Vec<u8>) {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce);
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.as_ref(), aad })
        // Encryption of a 32-byte message cannot exceed the cipher's limits.
        .expect("wrapping a key cannot fail");
    (nonce, sealed)
}

/// Decrypts a wrapped key; `None` when the key-encryption key is wrong or the data was altered.
pub fn unwrap(kek: &SecretKey, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<SecretKey> {
    if nonce.len() != NONCE_LEN {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let plain = Zeroizing::new(cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad }).ok()?);
    if plain.len() != KEY_LEN {
        return None;
    }
    let mut key = new_key();
    key.copy_from_slice(&plain);
    Some(key)
}

/// A BLAKE2b digest, for detecting damage to plaintext metadata (not for secrecy).
pub fn checksum(bytes: &[u8]) -> String {
    use blake2::Digest;
    hex(&blake2::Blake2b512::digest(bytes)[..32])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

/// The digits two people compare aloud before they trust a file's public keys (a join
/// request, a paired school's pairing file): 16, in four groups, from a checksum of `signed`,
/// the text that names the keys (about 53 bits, too many to forge a matching key by trying).
pub fn fingerprint(signed: &[u8]) -> String {
    let sum = checksum(signed);
    let n = u64::from_str_radix(&sum[..16], 16).unwrap_or_default() % 10_u64.pow(16);
    let digits = format!("{n:016}");
    digits.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// Whether a fingerprint as someone read it out and another typed it (spaces and dashes, or
/// none) is `expected`.
pub fn same_fingerprint(typed: &str, expected: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let typed = digits(typed);
    typed.len() == 16 && typed == digits(expected)
}

/// Crockford's base-32 alphabet: no I, L, O or U, so a printed key reads back unambiguously.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RECOVERY_BYTES: usize = 20;

/// A fresh recovery key: 160 random bits as eight groups of four characters.
pub fn new_recovery_key() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
    fill_random(bytes.as_mut());
    let mut chars = Zeroizing::new(String::new());
    let mut acc: u64 = 0;
    let mut bits = 0;
    for b in bytes.iter() {
        acc = (acc << 8) | u64::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            chars.push(BASE32[((acc >> bits) & 31) as usize] as char);
        }
    }
    let groups: Vec<&str> = (0..chars.len()).step_by(4).map(|i| &chars[i..i + 4]).collect();
    Zeroizing::new(groups.join("-"))
}

/// The canonical form of a typed recovery key: case, spaces and hyphens ignored, and the
/// look-alikes I/L → 1 and O → 0 folded. `None` if it cannot be a recovery key.
pub fn normalise_recovery_key(typed: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !BASE32.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == RECOVERY_BYTES * 8 / 5).then_some(out)
}

/// How many times Argon2 ran on a secret, for tests that must prove it did not run. Counted
/// by secret, so tests running in parallel do not count each other's derivations.
#[cfg(test)]
pub(crate) mod derivations {
    use std::collections::HashMap;
    use std::sync::Mutex;

    static COUNTS: Mutex<Option<HashMap<Vec<u8>, usize>>> = Mutex::new(None);

    pub(super) fn count(secret: &[u8]) {
        let mut counts = COUNTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *counts.get_or_insert_with(HashMap::new).entry(secret.to_vec()).or_default() += 1;
    }

    pub(crate) fn of(secret: &[u8]) -> usize {
        let counts = COUNTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        counts.as_ref().and_then(|c| c.get(secret)).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_debug_build_heeds_the_fast_kdf_switch() {
        assert_eq!(KdfParams::chosen(true, true), KdfParams::TEST);
        assert_eq!(KdfParams::chosen(true, false), KdfParams::INTERACTIVE, "a release build ignores the switch");
        assert_eq!(KdfParams::chosen(false, true), KdfParams::INTERACTIVE);
        assert_eq!(KdfParams::for_env(true), KdfParams::chosen(true, cfg!(debug_assertions)));
        assert!(KdfParams::TEST.weaker_than(KdfParams::INTERACTIVE));
        assert!(!KdfParams::INTERACTIVE.weaker_than(KdfParams::TEST));
        let odd = KdfParams { memory_kib: 512 * 1024, iterations: 1, parallelism: 2 };
        assert_eq!(
            odd.at_least(KdfParams::INTERACTIVE),
            KdfParams { memory_kib: 512 * 1024, iterations: 3, parallelism: 2 }
        );
    }

    #[test]
    fn kdf_parameters_beyond_the_caps_are_refused() {
        assert!(KdfParams::INTERACTIVE.within_limits());
        assert!(KdfParams::TEST.within_limits());
        let p = |memory_kib, iterations, parallelism| KdfParams { memory_kib, iterations, parallelism };
        // What the old check let through: 4 GiB × 64 passes.
        assert!(!p(4 * 1024 * 1024, 64, 1).within_limits());
        assert!(!p(2 * 1024 * 1024, 1, 1).within_limits(), "memory");
        assert!(!p(1024, 17, 1).within_limits(), "passes");
        assert!(!p(1024 * 1024, 4, 1).within_limits(), "work: 1 GiB × 4 passes");
        assert!(p(1024 * 1024, 3, 1).within_limits(), "1 GiB × 3 passes is 8 times the interactive work");
        assert!(!p(1024, 1, 0).within_limits() && !p(1024, 1, 9).within_limits(), "lanes");
        assert!(!p(8, 1, 2).within_limits() && !p(1024, 0, 1).within_limits(), "too small for Argon2");
    }

    #[test]
    fn wrap_and_unwrap() {
        let kek = derive(b"correct horse", b"0123456789abcdef", KdfParams::TEST).unwrap();
        let key = random_key();
        let (nonce, sealed) = wrap(&kek, &key, b"slot-1");
        assert_eq!(*unwrap(&kek, &nonce, &sealed, b"slot-1").unwrap(), *key);
        assert!(unwrap(&kek, &nonce, &sealed, b"slot-2").is_none());
        let wrong = derive(b"wrong horse", b"0123456789abcdef", KdfParams::TEST).unwrap();
        assert!(unwrap(&wrong, &nonce, &sealed, b"slot-1").is_none());
    }

    #[test]
    fn recovery_keys_round_trip_through_typing() {
        let key = new_recovery_key();
        assert_eq!(key.len(), 39);
        let typed = key.to_lowercase().replace('-', " ");
        assert_eq!(*normalise_recovery_key(&typed).unwrap(), key.replace('-', ""));
        assert!(normalise_recovery_key("too-short").is_none());
        assert!(normalise_recovery_key(&format!("{}!", &key[..38])).is_none());
    }

    #[test]
    fn a_fingerprint_is_sixteen_digits_read_back_with_or_without_separators() {
        let fp = fingerprint("visitdesk-pair/1\n示范大学".as_bytes());
        assert_eq!(fp.len(), 19);
        assert!(fp.split(' ').all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_digit())), "{fp}");
        assert_ne!(fp, fingerprint("visitdesk-pair/1\n别的大学".as_bytes()));
        assert!(same_fingerprint(&fp, &fp));
        assert!(same_fingerprint(&fp.replace(' ', "-"), &fp));
        assert!(same_fingerprint(&fp.replace(' ', ""), &fp));
        assert!(!same_fingerprint(&fp[..14], &fp), "a part of it is not it");
        assert!(!same_fingerprint("", ""), "nothing matches nothing");
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(unhex(&hex(&[0, 15, 255])).unwrap(), vec![0, 15, 255]);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
    }
}
