//! The core's errors. Each has a stable `code()` from one closed set, [`ErrorCode`]; the IPC
//! boundary sends an [`IpcError`] (the CLI `{code, message}`) and the UI maps the code to text
//! in the user's language.
use crate::access::Right;
use crate::model::{Kind, Problem, ValidationError};
use crate::warning::Warning;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares [`ErrorCode`] from `Variant = "code"` lines: the serde names, `as_str()` and `ALL`
/// all come from the one list, so they cannot disagree.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:tt,)+) => {
        /// Every code a failure can carry across IPC or out of the CLI, a closed set. The UI
        /// shows `t('error.<code>')` (ui/src/i18n), and a UI test checks every code has a text
        /// in each language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $code)] $variant,)+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as it goes on the wire, e.g. `store.wrong_secret`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code),+
                }
            }
        }
    };
}

error_codes! {
    StoreMissing = "store.missing",
    StoreExists = "store.exists",
    StoreWrongSecret = "store.wrong_secret",
    StoreNoSuchSlot = "store.no_such_slot",
    StoreDamaged = "store.damaged",
    StoreTooNew = "store.too_new",
    StoreDiskFull = "store.disk_full",
    StoreReadOnly = "store.read_only",
    StoreWriteFailed = "store.write_failed",
    StoreThrottled = "store.throttled",
    StoreLastPassphrase = "store.last_passphrase",
    /// The key slots ask for key-derivation work no laptop should run (a damaged or hostile file).
    StoreBadKdf = "store.bad_kdf",
    /// The database library was built without SQLCipher: nothing would be encrypted.
    StoreNoCipher = "store.no_cipher",
    StoreIo = "store.io",
    StoreDatabase = "store.database",
    /// The app's store is locked: every command but the store's own fails with it.
    StoreLocked = "store.locked",
    ValidationRequired = "validation.required",
    ValidationTooLong = "validation.too_long",
    ValidationTooShort = "validation.too_short",
    ValidationForbiddenCharacter = "validation.forbidden_character",
    ValidationCreditCodeLength = "validation.credit_code_length",
    ValidationCreditCodeCharacter = "validation.credit_code_character",
    ValidationCreditCodeCheck = "validation.credit_code_check",
    ValidationPhone = "validation.phone",
    ValidationEmail = "validation.email",
    ValidationOutOfRange = "validation.out_of_range",
    ValidationEndBeforeStart = "validation.end_before_start",
    ValidationTimeZone = "validation.time_zone",
    ValidationDate = "validation.date",
    ValidationUnknownReference = "validation.unknown_reference",
    ValidationInvalidState = "validation.invalid_state",
    ValidationDuplicate = "validation.duplicate",
    ValidationNotAParticipant = "validation.not_a_participant",
    NotFound = "not_found",
    /// A kind of record that may not go to the trash (a campaign, a person).
    RecordNotDeletable = "record.not_deletable",
    /// The unlocked person lacks a right the change needs; `right` names it.
    AccessForbidden = "access.forbidden",
    /// The change would leave the store without an admin.
    AccessLastAdmin = "access.last_admin",
    UndoNothing = "undo.nothing",
    UndoConflict = "undo.conflict",
    Invalid = "invalid",
    CalendarConflicts = "calendar.conflicts",
    ExchangeUnreadable = "exchange.unreadable",
    ExchangeEmpty = "exchange.empty",
    ExchangeNoHeader = "exchange.no_header",
    ExchangeNoNameColumn = "exchange.no_name_column",
    ExchangeTooLarge = "exchange.too_large",
    ExchangeNoSuchSheet = "exchange.no_such_sheet",
    ExchangeHeaderOutOfRange = "exchange.header_out_of_range",
    ExchangeBadRow = "exchange.bad_row",
    ExchangeWrite = "exchange.write",
    TeamNotATeam = "team.not_a_team",
    TeamAlreadyATeam = "team.already_a_team",
    TeamPending = "team.pending",
    TeamDamaged = "team.damaged",
    TeamTooLarge = "team.too_large",
    TeamOtherTeam = "team.other_team",
    TeamUnknownDevice = "team.unknown_device",
    TeamRemovedMember = "team.removed_member",
    TeamBadSignature = "team.bad_signature",
    TeamNotARecipient = "team.not_a_recipient",
    TeamNotForThisStore = "team.not_for_this_store",
    TeamFingerprintMismatch = "team.fingerprint_mismatch",
    TeamNewerSchema = "team.newer_schema",
    /// Direct sync: the other device is no current member, refused at the handshake.
    TeamPeerRefused = "team.peer_refused",
    TeamUnreachable = "team.unreachable",
    TeamBadTicket = "team.bad_ticket",
    /// Direct sync: the connection was lost mid-bundle; nothing of it was applied.
    TeamInterrupted = "team.interrupted",
    TeamDirectOff = "team.direct_off",
    /// 一帮一 sharing: a package or pairing file that is damaged or not one.
    ShareDamaged = "share.damaged",
    ShareTooLarge = "share.too_large",
    /// A package without a signature (its place zeroed, or no sending key named).
    ShareUnsigned = "share.unsigned",
    /// A package whose signature or body hash does not match: changed after it was signed.
    ShareTampered = "share.tampered",
    /// A package from a school that is not paired, or signed with another key than the pair's.
    ShareNotPaired = "share.not_paired",
    /// A package for another school, or not encrypted to this laptop's sharing identity.
    ShareNotAddressed = "share.not_addressed",
    /// A package that carries a record kind its kind does not share.
    ShareKindNotShared = "share.kind_not_shared",
    ShareNewerFormat = "share.newer_format",
    ShareFingerprintMismatch = "share.fingerprint_mismatch",
    /// A local edit of a shared job beyond the graduates it placed.
    ShareReadOnly = "share.read_only",
    /// Sharing from a laptop without the school's sharing identity (no pairing file made here).
    ShareNoIdentity = "share.no_identity",
    /// Nothing matched to share, or no placement to report.
    ShareNothing = "share.nothing",
    AttachmentTooLarge = "attachment.too_large",
    AttachmentTypeNotAllowed = "attachment.type_not_allowed",
    /// A photo's content is what its name says but cannot be decoded (damaged, cut short, or a
    /// decompression bomb past the decoder's limits).
    AttachmentBadImage = "attachment.bad_image",
    AttachmentChanged = "attachment.changed",
    /// An attachment's content fails its check; the message names it.
    AttachmentDamaged = "attachment.damaged",
    /// An attachment another laptop added whose content has not arrived yet.
    AttachmentMissing = "attachment.missing",
    /// The report font file is missing or damaged (a broken installation): no PDF can be made.
    ReportFontMissing = "report.font_missing",
    /// A failure that is no fault of the input: a panic in a command, a lost worker thread.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// So a test or a script compares a code with its wire form: `assert_eq!(e.code(), "not_found")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&Problem> for ErrorCode {
    fn from(p: &Problem) -> ErrorCode {
        use ErrorCode as C;
        match p {
            Problem::Required => C::ValidationRequired,
            Problem::TooLong { .. } => C::ValidationTooLong,
            Problem::TooShort { .. } => C::ValidationTooShort,
            Problem::ForbiddenCharacter => C::ValidationForbiddenCharacter,
            Problem::CreditCodeLength => C::ValidationCreditCodeLength,
            Problem::CreditCodeCharacter => C::ValidationCreditCodeCharacter,
            Problem::CreditCodeCheck { .. } => C::ValidationCreditCodeCheck,
            Problem::Phone => C::ValidationPhone,
            Problem::Email => C::ValidationEmail,
            Problem::OutOfRange { .. } => C::ValidationOutOfRange,
            Problem::EndBeforeStart => C::ValidationEndBeforeStart,
            Problem::TimeZone => C::ValidationTimeZone,
            Problem::Date => C::ValidationDate,
            Problem::UnknownReference => C::ValidationUnknownReference,
            Problem::InvalidState => C::ValidationInvalidState,
            Problem::Duplicate => C::ValidationDuplicate,
            Problem::NotAParticipant => C::ValidationNotAParticipant,
        }
    }
}

/// The one shape every app command rejects with. `field` is the field of a validation error
/// (`employer.credit_code`), else `null`; `retry_after_seconds` how long to wait after too many
/// wrong passphrases (`store.throttled`), else `null`. The UI never parses `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    #[ts(optional = nullable)]
    pub retry_after_seconds: Option<u64>,
    /// The right that is missing (`access.forbidden`), for the UI to name it.
    #[ts(optional = nullable)]
    pub right: Option<Right>,
    /// The row of a file that could not be read (`exchange.bad_row`), as the sheet numbers it.
    #[ts(optional = nullable)]
    pub row: Option<u32>,
}

impl IpcError {
    pub const LOCKED: ErrorCode = ErrorCode::StoreLocked;
    pub const INTERNAL: ErrorCode = ErrorCode::Internal;

    /// What every command but the store's own fails with while the store is locked.
    pub fn locked() -> IpcError {
        IpcError::new(Self::LOCKED, "the store is locked")
    }

    /// A failure that is no fault of the input: a panic in a command, a lost worker thread.
    pub fn internal(message: impl std::fmt::Display) -> IpcError {
        IpcError::new(Self::INTERNAL, message)
    }

    fn new(code: ErrorCode, message: impl std::fmt::Display) -> IpcError {
        IpcError { code, message: message.to_string(), field: None, retry_after_seconds: None, right: None, row: None }
    }
}

impl From<Error> for IpcError {
    fn from(e: Error) -> IpcError {
        let field = match &e {
            Error::Validation(v) => Some(v.field.to_string()),
            _ => None,
        };
        let retry_after_seconds = match &e {
            Error::Store(StoreError::Throttled { wait_seconds }) => Some(*wait_seconds),
            _ => None,
        };
        let right = match &e {
            Error::Forbidden { right } => Some(*right),
            _ => None,
        };
        let row = match &e {
            Error::Exchange(crate::exchange::ExchangeError::BadRow(row, _)) => Some(*row),
            _ => None,
        };
        IpcError { code: e.code(), message: e.to_string(), field, retry_after_seconds, right, row }
    }
}

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
    #[error("the key slots are damaged: slot {0} asks for a key derivation costlier than any Visitdesk makes")]
    BadKdf(String),
    #[error("this build has no SQLCipher: the store would not be encrypted, so it is not opened")]
    NoCipher,
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
    #[error("a {} cannot be moved to the trash", kind.as_str())]
    NotDeletable { kind: Kind },
    #[error("this needs the right {}", right.as_str())]
    Forbidden { right: Right },
    #[error("the store must keep at least one admin")]
    LastAdmin,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("the change cannot be undone: {0} was edited since")]
    UndoConflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the change raises {} scheduling warning(s); save it with a reason to go ahead", .0.len())]
    Conflicts(Vec<Warning>),
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
    #[error(transparent)]
    Team(#[from] crate::team::TeamError),
    #[error(transparent)]
    Attachment(#[from] crate::attachments::AttachmentError),
    #[error(transparent)]
    Share(#[from] crate::share::ShareError),
    /// The report font is not where the package put it, or is damaged: no PDF can be made.
    #[error("{0}")]
    FontMissing(String),
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
    /// The error's code, from the closed set the UI translates.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Error::Validation(v) => ErrorCode::from(&v.problem),
            Error::Store(s) => match s {
                StoreError::Missing(_) => C::StoreMissing,
                StoreError::Exists(_) => C::StoreExists,
                StoreError::WrongSecret => C::StoreWrongSecret,
                StoreError::NoSuchSlot => C::StoreNoSuchSlot,
                StoreError::Damaged(_) => C::StoreDamaged,
                StoreError::TooNew { .. } => C::StoreTooNew,
                StoreError::DiskFull => C::StoreDiskFull,
                StoreError::ReadOnly => C::StoreReadOnly,
                StoreError::WriteFailed => C::StoreWriteFailed,
                StoreError::Throttled { .. } => C::StoreThrottled,
                StoreError::LastPassphrase => C::StoreLastPassphrase,
                StoreError::BadKdf(_) => C::StoreBadKdf,
                StoreError::NoCipher => C::StoreNoCipher,
                StoreError::Locked => C::StoreLocked,
                StoreError::Io(_) => C::StoreIo,
                StoreError::Database(_) => C::StoreDatabase,
            },
            Error::NotFound { .. } => C::NotFound,
            Error::NotDeletable { .. } => C::RecordNotDeletable,
            Error::Forbidden { .. } => C::AccessForbidden,
            Error::LastAdmin => C::AccessLastAdmin,
            Error::NothingToUndo => C::UndoNothing,
            Error::UndoConflict(_) => C::UndoConflict,
            Error::Invalid(_) => C::Invalid,
            Error::Conflicts(_) => C::CalendarConflicts,
            Error::Exchange(e) => e.code(),
            Error::Team(e) => e.code(),
            Error::Attachment(e) => e.code(),
            Error::Share(e) => e.code(),
            Error::FontMissing(_) => C::ReportFontMissing,
        }
    }

    pub fn not_found(kind: Kind, id: impl ToString) -> Error {
        Error::NotFound { kind, id: id.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
