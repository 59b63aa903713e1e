//! The core's errors. Each has a stable `code()` from a closed set; the IPC boundary and the
//! CLI send `{code, message}` and the UI maps the code to text in the user's language.
use crate::model::{Kind, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store in {0}")]
    Missing(String),
    #[error("a store already exists in {0}")]
    Exists(String),
    #[error("the passphrase or recovery key is wrong")]
    WrongSecret,
    #[error("no key slot for that person")]
    NoSuchSlot,
    #[error("the store is damaged: {0}")]
    Damaged(String),
    #[error("the store was written by a newer Visitdesk (schema {found}, this version knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("the disk is full")]
    DiskFull,
    #[error("the store's folder is read-only")]
    ReadOnly,
    #[error("the disk could not be written (it may be full, removed or failing)")]
    WriteFailed,
    #[error("too many wrong passphrases: try again in {wait_seconds} s")]
    Throttled { wait_seconds: u64 },
    #[error("the last passphrase cannot be removed")]
    LastPassphrase,
    #[error("the store is locked")]
    Locked,
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Database(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::{ErrorCode as C, ffi};
        let extended = e.sqlite_error().map(|f| f.extended_code);
        // SQLite reports a write refused outright (not cut short by ENOSPC, which is
        // SQLITE_FULL) as an I/O error: a file size limit (EFBIG), a removed or failing disk.
        if let Some(
            ffi::SQLITE_IOERR_WRITE
            | ffi::SQLITE_IOERR_FSYNC
            | ffi::SQLITE_IOERR_DIR_FSYNC
            | ffi::SQLITE_IOERR_TRUNCATE,
        ) = extended
        {
            return StoreError::WriteFailed;
        }
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::ReadOnly) | Some(C::CannotOpen) | Some(C::PermissionDenied) => StoreError::ReadOnly,
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Database(e),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{kind:?} {id} was not found")]
    NotFound { kind: Kind, id: String },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("the change cannot be undone: {0} was edited since")]
    UndoConflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the change raises {} scheduling warning(s); save it with a reason to go ahead", .0.len())]
    Conflicts(Vec<crate::calendar::Warning>),
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Store(e.into())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Store(StoreError::Damaged(format!("a record could not be read: {e}")))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Store(io_error(e))
    }
}

/// Classifies an I/O error so a full disk or read-only folder gets its own message.
pub fn io_error(e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded | std::io::ErrorKind::FileTooLarge => {
            StoreError::DiskFull
        }
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly,
        _ => StoreError::Io(e),
    }
}

impl Error {
    /// The stable, closed set of codes the UI translates.
    pub fn code(&self) -> String {
        match self {
            Error::Validation(v) => format!("validation.{}", v.problem.code()),
            Error::Store(s) => match s {
                StoreError::Missing(_) => "store.missing",
                StoreError::Exists(_) => "store.exists",
                StoreError::WrongSecret => "store.wrong_secret",
                StoreError::NoSuchSlot => "store.no_such_slot",
                StoreError::Damaged(_) => "store.damaged",
                StoreError::TooNew { .. } => "store.too_new",
                StoreError::DiskFull => "store.disk_full",
                StoreError::ReadOnly => "store.read_only",
                StoreError::WriteFailed => "store.write_failed",
                StoreError::Throttled { .. } => "store.throttled",
                StoreError::LastPassphrase => "store.last_passphrase",
                StoreError::Locked => "store.locked",
                StoreError::Io(_) => "store.io",
                StoreError::Database(_) => "store.database",
            }
            .to_string(),
            Error::NotFound { .. } => "not_found".to_string(),
            Error::NothingToUndo => "undo.nothing".to_string(),
            Error::UndoConflict(_) => "undo.conflict".to_string(),
            Error::Invalid(_) => "invalid".to_string(),
            Error::Conflicts(_) => "calendar.conflicts".to_string(),
            Error::Exchange(e) => e.code().to_string(),
        }
    }

    pub fn not_found(kind: Kind, id: impl ToString) -> Error {
        Error::NotFound { kind, id: id.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
