//! Replacing the database and its key slots together (a rekey, a restore) so that a crash at
//! any moment leaves a store that opens with exactly one of the old or the new secrets.
//!
//! In the store's folder:
//! 1. **stage** — the caller writes `visitdesk.db.next` completely and flushes it;
//! 2. **prepare** — the caller writes `keyslots.json.next` atomically; from now on its presence
//!    marks a swap in progress;
//! 3. **commit** ([`commit`]) — the old database's `-wal` is moved aside to
//!    `visitdesk.db-wal.prev` and its `-shm` deleted; then `visitdesk.db.next` is renamed over
//!    `visitdesk.db`: *the commit point*; then `keyslots.json.next` over `keyslots.json`; last
//!    the old WAL is deleted.
//!
//! [`settle`] runs before the key slots are read and finishes or undoes what a crash left:
//! - marker and staged database both there: not committed, so roll back: put the WAL back,
//!   delete the marker, then the staged database;
//! - marker there, staged database gone: committed, so roll forward: rename the marker over
//!   the key slots, delete the old WAL;
//! - no marker: delete leftovers (a partly written staged database, an old WAL).
//!
//! Each step of `settle` leaves a state that `settle` handles in turn, so a crash while settling
//! is settled at the next open. No connection to the database may be open during a swap.
use super::fsutil::sync_dir;
use super::{DB_FILE, keys};
use crate::error::{Result, io_error};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub const NEXT_DB: &str = "visitdesk.db.next";
pub const NEXT_SLOTS: &str = "keyslots.json.next";
const PREV_WAL: &str = "visitdesk.db-wal.prev";

fn wal(dir: &Path) -> PathBuf {
    dir.join(format!("{DB_FILE}-wal"))
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn rename_if_there(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

type Step = fn(&Path) -> std::io::Result<()>;

/// The commit, one step at a time; every step is flushed before the next.
const COMMIT: &[Step] = &[
    |dir| {
        rename_if_there(&wal(dir), &dir.join(PREV_WAL))?;
        remove_if_there(&dir.join(format!("{DB_FILE}-shm")))?;
        sync_dir(dir)
    },
    |dir| {
        std::fs::rename(dir.join(NEXT_DB), dir.join(DB_FILE))?;
        sync_dir(dir)
    },
    |dir| {
        std::fs::rename(dir.join(NEXT_SLOTS), dir.join(keys::FILE))?;
        sync_dir(dir)
    },
    |dir| {
        remove_if_there(&dir.join(PREV_WAL))?;
        sync_dir(dir)
    },
];

/// Commits a prepared swap (steps 1 and 2 done). On failure, see [`past_commit_point`], then
/// [`settle`].
pub fn commit(dir: &Path) -> Result<()> {
    commit_steps(dir, COMMIT.len())
}

/// The first `steps` steps of [`commit`], to test a crash after each of them.
pub(crate) fn commit_steps(dir: &Path, steps: usize) -> Result<()> {
    for step in &COMMIT[..steps.min(COMMIT.len())] {
        step(dir).map_err(io_error)?;
    }
    Ok(())
}

/// Whether a prepared swap whose commit failed got past its commit point (the new database is
/// in place): then it stands, and [`settle`] finishes it.
pub fn past_commit_point(dir: &Path) -> bool {
    !dir.join(NEXT_DB).exists()
}

/// How many steps [`commit`] has.
#[cfg(test)]
pub(crate) fn commit_len() -> usize {
    COMMIT.len()
}

/// Finishes or undoes an interrupted swap (see the module notes). Writes nothing when there
/// is nothing to settle, so it is safe on a read-only folder.
pub fn settle(dir: &Path) -> Result<()> {
    settle_io(dir).map_err(|e| io_error(e).into())
}

fn settle_io(dir: &Path) -> std::io::Result<()> {
    let marker = dir.join(NEXT_SLOTS);
    let staged = dir.join(NEXT_DB);
    let prev_wal = dir.join(PREV_WAL);
    let leftovers: Vec<PathBuf> = [
        staged.clone(),
        dir.join(format!("{NEXT_DB}-journal")),
        dir.join(format!("{NEXT_DB}-wal")),
        dir.join(format!("{NEXT_DB}-shm")),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect();
    if marker.exists() {
        if staged.exists() {
            rename_if_there(&prev_wal, &wal(dir))?;
            sync_dir(dir)?;
            std::fs::remove_file(&marker)?;
            sync_dir(dir)?;
            for p in &leftovers {
                remove_if_there(p)?;
            }
            return sync_dir(dir);
        }
        std::fs::rename(&marker, dir.join(keys::FILE))?;
        sync_dir(dir)?;
        remove_if_there(&prev_wal)?;
        return sync_dir(dir);
    }
    if leftovers.is_empty() && !prev_wal.exists() {
        return Ok(());
    }
    for p in leftovers.iter().chain([&prev_wal]) {
        remove_if_there(p)?;
    }
    sync_dir(dir)
}
