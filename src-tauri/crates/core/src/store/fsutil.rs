//! Crash-safe file writes, and the store's files kept to their owner.
use crate::error::{Result, io_error};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one:
/// write a temporary file beside it, flush it to disk, rename it over, flush the folder.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |out| Ok(out.write_all(bytes)?))
}

/// [`write_atomically`] of what `fill` writes, in any pieces; nothing is left at `path` (or
/// beside it) if `fill` fails.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| -> Result<()> {
        let mut out = std::io::BufWriter::new(new_private_file(&tmp).map_err(io_error)?);
        fill(&mut out)?;
        let f = out.into_inner().map_err(|e| io_error(e.into_error()))?;
        f.sync_all().map_err(io_error)?;
        std::fs::rename(&tmp, path).map_err(io_error)?;
        sync_dir(dir).map_err(io_error)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Flushes a folder's entries (new and renamed files) to disk.
#[cfg(not(windows))]
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows refuses to open a folder as a file (that needs `FILE_FLAG_BACKUP_SEMANTICS`), and
/// NTFS journals its metadata, so a rename is durable without a flush of the folder: nothing
/// to do. Not built or tried here (docs/WINDOWS.md).
#[cfg(windows)]
pub fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Creates (or truncates) a file that only its owner may read, from its first byte on.
pub(crate) fn new_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Keeps a store's folder and what Visitdesk keeps in it to their owner (Unix): folders 0700,
/// files 0600 (the database, its WAL and shared memory, the key slots, the unlock count, the
/// backups). Called on every open, so a store made before this, or copied in, is tightened.
/// Only the store's own names are touched, never the rest of a folder the store was put in.
///
/// Group and other permissions are removed, never any added: a folder made read-only stays
/// read-only. Best effort: a file system without Unix permissions (a FAT USB stick) refuses
/// and the store opens anyway, as encrypted as ever.
pub fn keep_private(dir: &Path) {
    #[cfg(unix)]
    {
        use super::{BACKUP_DIR, DB_FILE, keys, throttle};
        let own = |dir: &Path| {
            tighten(dir);
            for name in [DB_FILE, &format!("{DB_FILE}-wal"), &format!("{DB_FILE}-shm"), keys::FILE, throttle::FILE] {
                tighten(&dir.join(name));
            }
        };
        own(dir);
        tighten(&dir.join(super::vault::DIR));
        tighten(&dir.join(BACKUP_DIR));
        for backup in std::fs::read_dir(dir.join(BACKUP_DIR)).into_iter().flatten().flatten() {
            own(&backup.path());
        }
    }
}

/// Keeps a folder Visitdesk made to its owner (Unix; elsewhere the user's profile is).
pub fn keep_private_dir(dir: &Path) {
    #[cfg(unix)]
    tighten(dir);
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes group and other permissions from `path`, if it is there and not a symbolic link.
#[cfg(unix)]
pub fn tighten(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    let mode = meta.permissions().mode() & 0o7777;
    if !meta.file_type().is_symlink() && mode & 0o077 != 0 {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077));
    }
}
