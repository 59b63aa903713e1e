//! Drafts: a form's unsaved text, kept in the encrypted store so that nothing typed is lost
//! when the app closes or locks, and nothing typed is left on disk in the clear.
//!
//! A draft is an opaque string (the UI stores JSON) under a key the UI chooses, such as
//! `visit:<id>` or `employer:new`. Drafts are per person, since each person has their own
//! unfinished forms, and sit in the `settings` table under `draft:<person id>:<key>`. They are
//! not records: they have no history and undo does not touch them.
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Problem, ValidationError};
use crate::store::records::{self, Tx};
use rusqlite::Connection;

/// The longest key, in characters.
pub const KEY_MAX: usize = 100;
/// The largest draft, in bytes of UTF-8.
pub const VALUE_MAX: usize = 256 * 1024;

fn invalid(field: &'static str, problem: Problem) -> crate::error::Error {
    ValidationError { field, problem }.into()
}

/// The settings key of `person`'s draft `key`. Keys are short and plain: letters, digits and
/// `. _ - : /`.
fn setting_key(person: &Id, key: &str) -> Result<String> {
    if key.is_empty() {
        return Err(invalid("draft.key", Problem::Required));
    }
    if key.chars().count() > KEY_MAX {
        return Err(invalid("draft.key", Problem::TooLong { max: KEY_MAX }));
    }
    if !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '/')) {
        return Err(invalid("draft.key", Problem::ForbiddenCharacter));
    }
    Ok(format!("draft:{person}:{key}"))
}

/// Saves the current person's draft `key`, replacing an earlier one.
pub fn save(tx: &Tx<'_>, key: &str, value: &str) -> Result<()> {
    let key = setting_key(tx.actor(), key)?;
    if value.len() > VALUE_MAX {
        return Err(invalid("draft.value", Problem::TooLong { max: VALUE_MAX }));
    }
    tx.set_setting(&key, value)
}

/// `person`'s draft `key`, if there is one.
pub fn load(conn: &Connection, person: &Id, key: &str) -> Result<Option<String>> {
    records::setting(conn, &setting_key(person, key)?)
}

/// Removes the current person's draft `key` (nothing happens if there is none).
pub fn clear(tx: &Tx<'_>, key: &str) -> Result<()> {
    tx.remove_setting(&setting_key(tx.actor(), key)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::Role;
    use crate::testing::*;

    fn problem(e: Error) -> (&'static str, Problem) {
        match e {
            Error::Validation(v) => (v.field, v.problem),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn drafts_are_saved_loaded_and_cleared_per_person() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let json = r#"{"name":"苏州精密","notes":"第一行\n第二行"}"#;
        store.write(at(2022, 3, 1), |tx| save(tx, "employer:new", json)).unwrap();
        assert_eq!(load(store.conn(), &me, "employer:new").unwrap().as_deref(), Some(json));
        store.write(at(2022, 3, 1), |tx| save(tx, "employer:new", "{}")).unwrap();
        assert_eq!(load(store.conn(), &me, "employer:new").unwrap().as_deref(), Some("{}"));
        // Someone else's drafts are their own.
        let other = store.write(at(2022, 3, 1), |tx| tx.insert(person("李校长", Role::President))).unwrap();
        assert_eq!(load(store.conn(), &other.id, "employer:new").unwrap(), None);
        store.write(at(2022, 3, 1), |tx| tx.insert(employer("苏州精密"))).unwrap();
        // Drafts are not changes: undo passes over them, to the last real change.
        assert_eq!(store.write(at(2022, 3, 2), |tx| tx.undo_last()).unwrap(), 1);
        assert_eq!(load(store.conn(), &me, "employer:new").unwrap().as_deref(), Some("{}"));
        store.write(at(2022, 3, 2), |tx| clear(tx, "employer:new")).unwrap();
        assert_eq!(load(store.conn(), &me, "employer:new").unwrap(), None);
        store.write(at(2022, 3, 2), |tx| clear(tx, "employer:new")).unwrap();
    }

    #[test]
    fn keys_and_values_are_bounded() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let mut write = |key: &str, value: &str| store.write(at(2022, 3, 1), |tx| save(tx, key, value));
        assert_eq!(problem(write("", "{}").unwrap_err()), ("draft.key", Problem::Required));
        assert_eq!(
            problem(write(&"k".repeat(KEY_MAX + 1), "{}").unwrap_err()),
            ("draft.key", Problem::TooLong { max: KEY_MAX })
        );
        write(&"k".repeat(KEY_MAX), "{}").unwrap();
        for bad in ["a b", "a%", "a'b", "草稿", "a\nb"] {
            assert_eq!(problem(write(bad, "{}").unwrap_err()), ("draft.key", Problem::ForbiddenCharacter), "{bad:?}");
        }
        assert_eq!(
            problem(write("big", &"x".repeat(VALUE_MAX + 1)).unwrap_err()),
            ("draft.value", Problem::TooLong { max: VALUE_MAX })
        );
        write("big", &"x".repeat(VALUE_MAX)).unwrap();
        assert_eq!(problem(load(store.conn(), &me, "a b").unwrap_err()).0, "draft.key");
    }
}
