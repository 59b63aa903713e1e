//! The settings page: the school's name, the current campaign, and when the app locks itself.
//! Kept in the encrypted `settings` table; validated here, so every front end applies the same rules.
use crate::access::Right;
use crate::error::Result;
use crate::ledger;
use crate::model::Campaign;
use crate::model::validate::{line, range};
use crate::store::records::{self, Stored, Tx};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

pub const SCHOOL: &str = "school";
pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
/// Minutes without use before the app locks, unless set otherwise.
pub const AUTO_LOCK_DEFAULT: u32 = 10;
pub const AUTO_LOCK_MIN: u32 = 1;
pub const AUTO_LOCK_MAX: u32 = 240;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Settings {
    /// The school's name, printed on reports.
    pub school: String,
    /// The campaign in force today.
    pub campaign: Stored<Campaign>,
    /// Minutes without use before the app locks (1–240).
    pub auto_lock_minutes: u32,
}

pub fn school(conn: &Connection) -> Result<String> {
    Ok(records::setting(conn, SCHOOL)?.unwrap_or_default())
}

/// The auto-lock delay; the default when unset (or unreadable).
pub fn auto_lock_minutes(conn: &Connection) -> Result<u32> {
    let stored = records::setting(conn, AUTO_LOCK_MINUTES)?.and_then(|v| v.parse::<u32>().ok());
    Ok(stored.filter(|m| (AUTO_LOCK_MIN..=AUTO_LOCK_MAX).contains(m)).unwrap_or(AUTO_LOCK_DEFAULT))
}

pub fn load(conn: &Connection, now: DateTime<Utc>) -> Result<Settings> {
    Ok(Settings {
        school: school(conn)?,
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
}
