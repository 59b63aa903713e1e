//! The warnings a schedule change raises, apart from the calendar that finds them, so that an
//! error (`Error::Conflicts`) can carry them without depending on the calendar.
use crate::ids::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

/// Something about a planned time that the person scheduling should confirm.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A participant is already in another visit at that time.
    DoubleBooked { person_id: Id, person_name: String, visit_id: Id, employer_name: String, starts_at: DateTime<Utc> },
    /// The same employer is visited within the configured number of days.
    RecentVisit { visit_id: Id, starts_at: DateTime<Utc>, days_apart: i64, within_days: u32 },
    /// The visit falls outside the campaign window.
    OutsideCampaign { starts_on: NaiveDate, ends_on: NaiveDate },
    /// The visit falls on a day off (in the visit's zone): a weekend day that is no 调休
    /// working day, or an official holiday (named).
    Weekend { date: NaiveDate, holiday: Option<String> },
}
