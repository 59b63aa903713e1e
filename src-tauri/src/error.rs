//! The one shape every command rejects with: `{ code, message, field, retry_after_seconds }`.
//!
//! `code` is a closed set the UI maps to text (`t('error.' + code)`): the core's codes
//! (`validation.<problem>`, `store.<…>`, `not_found`, `undo.<…>`, `invalid`), plus `store.locked`
//! when no store is unlocked and `internal` when a command failed in an unexpected way.
//! `field` is the field of a validation error (`employer.credit_code`), else `null`;
//! `retry_after_seconds` how long to wait after too many wrong passphrases (`store.throttled`),
//! else `null`.
use serde::Serialize;
use visitdesk_core::error::{Error, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    pub retry_after_seconds: Option<u64>,
}

impl IpcError {
    pub const LOCKED: &str = "store.locked";
    pub const INTERNAL: &str = "internal";

    /// Every command but the store's own fails with this while the store is locked.
    pub fn locked() -> IpcError {
        IpcError::new(Self::LOCKED, "the store is locked")
    }

    /// A failure that is no fault of the input: a panic in a command, a lost worker thread.
    pub fn internal(message: impl std::fmt::Display) -> IpcError {
        IpcError::new(Self::INTERNAL, message)
    }

    fn new(code: &str, message: impl std::fmt::Display) -> IpcError {
        IpcError { code: code.into(), message: message.to_string(), field: None, retry_after_seconds: None }
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
        IpcError { code: e.code(), message: e.to_string(), field, retry_after_seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use visitdesk_core::model::{Kind, Problem, ValidationError};

    #[test]
    fn core_errors_become_one_shape() {
        let v: IpcError = Error::from(ValidationError { field: "employer.name", problem: Problem::Required }).into();
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({ "code": "validation.required", "message": "employer.name: is required", "field": "employer.name", "retry_after_seconds": null })
        );
        let wrong: IpcError = Error::Store(StoreError::WrongSecret).into();
        assert_eq!((wrong.code.as_str(), wrong.field), ("store.wrong_secret", None));
        let missing: IpcError = Error::not_found(Kind::Visit, "x").into();
        assert_eq!(missing.code, "not_found");
        assert_eq!(serde_json::to_value(IpcError::locked()).unwrap()["field"], serde_json::Value::Null);
        let throttled: IpcError = Error::Store(StoreError::Throttled { wait_seconds: 30 }).into();
        assert_eq!((throttled.code.as_str(), throttled.retry_after_seconds), ("store.throttled", Some(30)));
    }
}
