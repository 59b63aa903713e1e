//! The one shape every command rejects with: the core's [`IpcError`],
//! `{ code, message, field, retry_after_seconds, right, row }`.
//!
//! `code` is the core's closed set, [`visitdesk_core::error::ErrorCode`], which the UI maps to
//! text (`t('error.' + code)`); the shell adds only `store.locked` (no store is unlocked) and
//! `internal` (a command failed in an unexpected way), both in the same set.
pub use visitdesk_core::error::IpcError;

#[cfg(test)]
mod tests {
    use super::*;
    use visitdesk_core::access::Right;
    use visitdesk_core::error::{Error, ErrorCode, StoreError};
    use visitdesk_core::model::{Kind, Problem, ValidationError};

    #[test]
    fn core_errors_become_one_shape() {
        let v: IpcError = Error::from(ValidationError { field: "employer.name", problem: Problem::Required }).into();
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({ "code": "validation.required", "message": "employer.name: is required", "field": "employer.name", "retry_after_seconds": null, "right": null, "row": null })
        );
        let wrong: IpcError = Error::Store(StoreError::WrongSecret).into();
        assert_eq!((wrong.code, wrong.field), (ErrorCode::StoreWrongSecret, None));
        let missing: IpcError = Error::not_found(Kind::Visit, "x").into();
        assert_eq!(missing.code, ErrorCode::NotFound);
        let locked = serde_json::to_value(IpcError::locked()).unwrap();
        assert_eq!((&locked["code"], &locked["field"]), (&serde_json::json!("store.locked"), &serde_json::Value::Null));
        let throttled: IpcError = Error::Store(StoreError::Throttled { wait_seconds: 30 }).into();
        assert_eq!((throttled.code, throttled.retry_after_seconds), (ErrorCode::StoreThrottled, Some(30)));
        let forbidden: IpcError = Error::Forbidden { right: Right::ManagePeople }.into();
        assert_eq!((forbidden.code, forbidden.right), (ErrorCode::AccessForbidden, Some(Right::ManagePeople)));
        let bad_row: IpcError =
            Error::from(visitdesk_core::exchange::ExchangeError::BadRow(4, "类型「请假」".into())).into();
        assert_eq!((bad_row.code, bad_row.row), (ErrorCode::ExchangeBadRow, Some(4)));
    }
}
