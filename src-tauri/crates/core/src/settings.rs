//! The settings page: the school's name, the current campaign, and when the app locks itself.
//! Kept in the encrypted `settings` table; validated here, so every front end applies the same rules.
use crate::access::Right;
use crate::error::Result;
use crate::ledger;
use crate::model::Campaign;
use crate::model::validate::{line, range};
use crate::model::{Problem, ValidationError};
use crate::store::records::{self, Stored, Tx};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

pub const SCHOOL: &str = "school";
/// The school's 学校标识码 (10 digits, given by the Ministry of Education), printed in the
/// data standard's tables.
pub const SCHOOL_CODE: &str = "school_code";
pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
/// Minutes without use before the app locks, unless set otherwise.
pub const AUTO_LOCK_DEFAULT: u32 = 10;
pub const AUTO_LOCK_MIN: u32 = 1;
pub const AUTO_LOCK_MAX: u32 = 240;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Settings {
    /// The school's name, printed on reports.
    pub school: String,
    /// The school's 学校标识码, printed in the data standard's tables (empty: not set).
    pub school_code: String,
    /// The campaign in force today.
    pub campaign: Stored<Campaign>,
    /// Minutes without use before the app locks (1–240).
    pub auto_lock_minutes: u32,
}

pub fn school(conn: &Connection) -> Result<String> {
    Ok(records::setting(conn, SCHOOL)?.unwrap_or_default())
}

/// Marks the demo store (`session::try_demo`): it is never a real school's record.
pub const DEMO: &str = "demo";

/// Whether this is the demo store.
pub fn is_demo(conn: &Connection) -> Result<bool> {
    Ok(records::setting(conn, DEMO)?.is_some_and(|v| v == "1"))
}

/// The school's name as every screen, document and export shows it: the demo store's marked
/// 示例数据, so nothing it prints passes for a real school's.
pub fn printed_school(conn: &Connection) -> Result<String> {
    let school = school(conn)?;
    Ok(if is_demo(conn)? { format!("{school}（示例数据）") } else { school })
}

/// The school's 学校标识码; empty until an admin sets it.
pub fn school_code(conn: &Connection) -> Result<String> {
    Ok(records::setting(conn, SCHOOL_CODE)?.unwrap_or_default())
}

/// Sets the school's 学校标识码 (an admin's: `manage_campaign`): ten digits, or empty to clear.
pub fn save_school_code(tx: &Tx<'_>, code: &str) -> Result<String> {
    tx.require(Right::ManageCampaign)?;
    let code = code.trim();
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ValidationError { field: "settings.school_code", problem: Problem::ForbiddenCharacter }.into());
    }
    match code.len() {
        0 | SCHOOL_CODE_DIGITS => {}
        n if n < SCHOOL_CODE_DIGITS => {
            return Err(ValidationError {
                field: "settings.school_code",
                problem: Problem::TooShort { min: SCHOOL_CODE_DIGITS },
            }
            .into());
        }
        _ => {
            return Err(ValidationError {
                field: "settings.school_code",
                problem: Problem::TooLong { max: SCHOOL_CODE_DIGITS },
            }
            .into());
        }
    }
    tx.set_setting(SCHOOL_CODE, code)?;
    Ok(code.to_string())
}

/// Digits of a 学校标识码.
const SCHOOL_CODE_DIGITS: usize = 10;

/// The auto-lock delay; the default when unset (or unreadable).
pub fn auto_lock_minutes(conn: &Connection) -> Result<u32> {
    let stored = records::setting(conn, AUTO_LOCK_MINUTES)?.and_then(|v| v.parse::<u32>().ok());
    Ok(stored.filter(|m| (AUTO_LOCK_MIN..=AUTO_LOCK_MAX).contains(m)).unwrap_or(AUTO_LOCK_DEFAULT))
}

pub fn load(conn: &Connection, now: DateTime<Utc>) -> Result<Settings> {
    Ok(Settings {
        school: school(conn)?,
        school_code: school_code(conn)?,
        campaign: ledger::today(conn, now)?.campaign,
        auto_lock_minutes: auto_lock_minutes(conn)?,
    })
}

/// Saves the school's name and the auto-lock delay (an admin's: `manage_campaign`); nothing is
/// written if either is wrong.
pub fn save(tx: &Tx<'_>, school: &str, auto_lock_minutes: u32) -> Result<()> {
    tx.require(Right::ManageCampaign)?;
    let school = line("settings.school", school)?;
    range(
        "settings.auto_lock_minutes",
        i64::from(auto_lock_minutes),
        i64::from(AUTO_LOCK_MIN),
        i64::from(AUTO_LOCK_MAX),
    )?;
    tx.set_setting(SCHOOL, &school)?;
    tx.set_setting(AUTO_LOCK_MINUTES, &auto_lock_minutes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::model::Problem;
    use crate::testing::*;

    #[test]
    fn settings_start_from_the_store_and_defaults() {
        let (_dir, store) = new_store();
        let s = load(store.conn(), at(2022, 3, 15)).unwrap();
        assert_eq!(s.school, "示例职业技术学院");
        assert_eq!(s.campaign.data.name, "2022年访企拓岗");
        assert_eq!(s.auto_lock_minutes, AUTO_LOCK_DEFAULT);
    }

    #[test]
    fn saving_validates_first() {
        let (_dir, mut store) = new_store();
        store.write(at(2022, 3, 1), |tx| save(tx, "  新校名  ", 30)).unwrap();
        let s = load(store.conn(), at(2022, 3, 15)).unwrap();
        assert_eq!((s.school.as_str(), s.auto_lock_minutes), ("新校名", 30));
        for (school, minutes, field, problem) in [
            ("", 30, "settings.school", Problem::Required),
            ("校名", 0, "settings.auto_lock_minutes", Problem::OutOfRange { min: 1, max: 240 }),
            ("校名", 241, "settings.auto_lock_minutes", Problem::OutOfRange { min: 1, max: 240 }),
        ] {
            match store.write(at(2022, 3, 1), |tx| save(tx, school, minutes)) {
                Err(Error::Validation(v)) => assert_eq!((v.field, v.problem), (field, problem)),
                other => panic!("{school:?} {minutes}: {other:?}"),
            }
        }
        let s = load(store.conn(), at(2022, 3, 15)).unwrap();
        assert_eq!((s.school.as_str(), s.auto_lock_minutes), ("新校名", 30));
        store.write(at(2022, 3, 1), |tx| save(tx, "新校名", 240)).unwrap();
        assert_eq!(auto_lock_minutes(store.conn()).unwrap(), 240);
    }

    /// The 学校标识码 is ten digits or nothing; a wrong one changes nothing.
    #[test]
    fn the_school_code_is_ten_digits() {
        let (_dir, mut store) = new_store();
        assert_eq!(school_code(store.conn()).unwrap(), "");
        store.write(at(2022, 3, 1), |tx| save_school_code(tx, " 4132010295 ")).unwrap();
        for (code, problem) in [
            ("413201029", Problem::TooShort { min: 10 }),
            ("41320102955", Problem::TooLong { max: 10 }),
            ("41320102X5", Problem::ForbiddenCharacter),
        ] {
            match store.write(at(2022, 3, 1), |tx| save_school_code(tx, code)) {
                Err(Error::Validation(v)) => assert_eq!((v.field, v.problem), ("settings.school_code", problem)),
                other => panic!("{code}: {other:?}"),
            }
        }
        assert_eq!(load(store.conn(), at(2022, 3, 15)).unwrap().school_code, "4132010295");
    }
}
