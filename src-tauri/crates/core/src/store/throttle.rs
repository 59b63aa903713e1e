//! Slows down guessing at the unlock screen. After [`FREE_FAILURES`] wrong secrets in a row,
//! each further attempt must wait, twice as long each time up to [`MAX_DELAY`]. The count and
//! the time of the last failure live in `unlock-failures.json` beside the key slots, so the
//! delay survives a restart. The file holds no secret; whoever can write the folder can delete
//! it, so it slows a person at the keyboard, not someone with a copy of the files (whom
//! Argon2id slows instead).
//!
//! An attempt is one step ([`attempt`]): the delay is checked, the key derived and a wrong
//! secret counted while holding the attempt lock, so parallel attempts cannot all pass the
//! check before the first of them is counted.
use super::fsutil::write_atomically;
use crate::error::{Error, Result, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub const FILE: &str = "unlock-failures.json";
/// Wrong secrets allowed before any delay: typing slips, a Caps Lock, a wrong input method.
pub const FREE_FAILURES: u32 = 5;
const FIRST_DELAY_SECONDS: i64 = 10;
pub const MAX_DELAY: Duration = Duration::minutes(15);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Failures {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

/// How long to wait after `count` wrong secrets in a row.
pub fn delay(count: u32) -> Duration {
    match count.checked_sub(FREE_FAILURES) {
        None => Duration::zero(),
        Some(extra) => {
            let seconds = FIRST_DELAY_SECONDS.saturating_mul(1i64 << extra.min(32));
            Duration::seconds(seconds).min(MAX_DELAY)
        }
    }
}

/// What is left of the wait at `now`, if anything. A clock set back before the last failure
/// waits the whole delay again rather than for ever.
pub fn wait(failures: &Failures, now: DateTime<Utc>) -> Option<Duration> {
    let last = failures.last?;
    let delay = delay(failures.count);
    let since = now - last;
    let left = if since < Duration::zero() { delay } else { delay - since };
    (left > Duration::zero()).then_some(left)
}

/// The failures so far. A missing or unreadable file counts as none (see the module notes).
pub fn load(dir: &Path) -> Failures {
    std::fs::read(dir.join(FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// Refuses an attempt while the delay runs, before any key is derived.
pub fn check(dir: &Path, now: DateTime<Utc>) -> Result<()> {
    match wait(&load(dir), now) {
        // Rounded up, so a client that waits this long is let in.
        Some(left) => {
            let wait_seconds = u64::try_from((left + Duration::milliseconds(999)).num_seconds()).unwrap_or(1);
            Err(StoreError::Throttled { wait_seconds }.into())
        }
        None => Ok(()),
    }
}

/// Records a wrong secret.
pub fn failed(dir: &Path, now: DateTime<Utc>) -> Result<()> {
    let before = load(dir);
    let after = Failures { count: before.count.saturating_add(1), last: Some(now) };
    let json = serde_json::to_vec(&after).map_err(|e| StoreError::Damaged(e.to_string()))?;
    write_atomically(&dir.join(FILE), &json)
}

/// Held for the whole of an attempt: a mutex within this process and, where the system lets
/// a folder be locked (Unix), a lock on the store's folder across processes (two CLI runs).
struct AttemptLock {
    _process: MutexGuard<'static, ()>,
    _folder: Option<std::fs::File>,
}

impl AttemptLock {
    fn take(dir: &Path) -> AttemptLock {
        static ATTEMPTS: Mutex<()> = Mutex::new(());
        let process = ATTEMPTS.lock().unwrap_or_else(PoisonError::into_inner);
        // Released when the file is closed, with the guard.
        let folder = std::fs::File::open(dir).ok().filter(|f| f.lock().is_ok());
        AttemptLock { _process: process, _folder: folder }
    }
}

/// One attempt at a secret: refused while the delay runs, before any key is derived; else
/// `open` runs (the key derivation), a wrong secret is counted and a right one clears the
/// count, all under the attempt lock. Eight wrong attempts in parallel after the free ones
/// derive a key once; the other seven find the new delay and are refused.
pub(crate) fn attempt<T>(dir: &Path, now: DateTime<Utc>, open: impl FnOnce() -> Result<T>) -> Result<T> {
    let _one_at_a_time = AttemptLock::take(dir);
    check(dir, now)?;
    match open() {
        Err(Error::Store(StoreError::WrongSecret)) => {
            // Best effort: a read-only folder cannot keep the count, and the answer is the same.
            let _ = failed(dir, now);
            Err(StoreError::WrongSecret.into())
        }
        Ok(opened) => {
            // Best effort too: a count left behind only delays a later wrong secret.
            let _ = succeeded(dir);
            Ok(opened)
        }
        Err(e) => Err(e),
    }
}

/// A right secret clears the count.
pub fn succeeded(dir: &Path) -> Result<()> {
    match std::fs::remove_file(dir.join(FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 3, 15, 1, 0, 0).unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn the_delay_starts_after_the_free_failures_and_doubles_up_to_the_cap() {
        let secs: Vec<i64> = (0..=12).map(|n| delay(n).num_seconds()).collect();
        assert_eq!(secs, [0, 0, 0, 0, 0, 10, 20, 40, 80, 160, 320, 640, 900]);
        assert_eq!(delay(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn the_wait_counts_down_from_the_last_failure() {
        let f = Failures { count: 6, last: Some(t(0)) };
        assert_eq!(wait(&f, t(5)), Some(Duration::seconds(15)));
        assert_eq!(wait(&f, t(20)), None);
        // A clock set back waits the whole delay, not until it catches up.
        assert_eq!(wait(&f, t(-3600)), Some(Duration::seconds(20)));
        assert_eq!(wait(&Failures { count: 4, last: Some(t(0)) }, t(0)), None);
        assert_eq!(wait(&Failures::default(), t(0)), None);
    }

    #[test]
    fn failures_survive_in_the_folder_and_a_success_clears_them() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..FREE_FAILURES {
            check(dir.path(), t(i.into())).unwrap();
            failed(dir.path(), t(i.into())).unwrap();
        }
        // A new process reads the same file.
        let err = check(dir.path(), t(5)).unwrap_err();
        assert_eq!(err.code(), "store.throttled");
        assert!(matches!(err, crate::error::Error::Store(StoreError::Throttled { wait_seconds: 9 })), "{err:?}");
        check(dir.path(), t(14)).unwrap();
        succeeded(dir.path()).unwrap();
        assert_eq!(load(dir.path()), Failures::default());
        succeeded(dir.path()).unwrap();
        // Garbage in the file is no failure at all (it holds no secret, and can be deleted anyway).
        std::fs::write(dir.path().join(FILE), b"\xff\xfe not json").unwrap();
        check(dir.path(), t(20)).unwrap();
    }
}
