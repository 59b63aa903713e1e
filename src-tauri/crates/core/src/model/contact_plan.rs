//! Contact plans (日常联系互访机制): recurring check-ins with key employers.
use super::validate::{self, Checked, Problem, fail, line, optional_line, range, text};
use super::visit::check_span;
use super::{Kind, Parent, Record, choice, dates_in_order, join, whole_seconds};
use crate::ids::Id;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// How often a contact plan repeats.
    Frequency {
        Monthly = "monthly",
        Quarterly = "quarterly",
    }
);

impl Frequency {
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
        }
    }
}

/// One occurrence of a contact plan changed on its own: moved, or skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OccurrenceChange {
    /// The date the occurrence falls on in the series; it names the occurrence.
    pub on: NaiveDate,
    #[serde(default)]
    pub skipped: bool,
    /// The new start and end, when the occurrence was moved.
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
}

/// A recurring check-in with a key employer (日常联系互访机制): monthly or quarterly, from
/// `first_on` (the same day of the month each time, or the month's last day when it is shorter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContactPlan {
    pub employer_id: Id,
    /// Who keeps the contact.
    pub owner_id: Id,
    pub title: String,
    pub frequency: Frequency,
    pub first_on: NaiveDate,
    /// The last day the series may fall on; open-ended when `None`.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Local start time in `time_zone`.
    #[ts(type = "string")]
    pub at: NaiveTime,
    pub minutes: u32,
    pub time_zone: String,
    #[serde(default)]
    pub notes: String,
    /// Occurrences edited on their own, by date.
    #[serde(default)]
    pub changes: Vec<OccurrenceChange>,
}

impl ContactPlan {
    pub const MAX_CHANGES: usize = 500;

    /// The date of the `n`th occurrence (0 is `first_on`), before `until` is applied.
    pub fn nth(&self, n: u32) -> Option<NaiveDate> {
        self.first_on.checked_add_months(Months::new(n.checked_mul(self.frequency.months())?))
    }

    /// Whether the series falls on `day`.
    pub fn falls_on(&self, day: NaiveDate) -> bool {
        let months = (day.year() - self.first_on.year()) * 12 + day.month() as i32 - self.first_on.month() as i32;
        let step = self.frequency.months() as i32;
        months >= 0
            && months % step == 0
            && self.until.is_none_or(|u| day <= u)
            && self.nth((months / step) as u32) == Some(day)
    }
}

impl Record for ContactPlan {
    const KIND: Kind = Kind::ContactPlan;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "contact_plan.employer_id", kind: Kind::Employer, id: |p| Some(&p.employer_id) }];
    fn validate(self) -> Checked<Self> {
        if let Some(until) = self.until {
            dates_in_order("contact_plan.until", self.first_on, until)?;
        }
        range("contact_plan.minutes", i64::from(self.minutes), 15, 8 * 60)?;
        range("contact_plan.changes", self.changes.len() as i64, 0, ContactPlan::MAX_CHANGES as i64)?;
        let mut changes: Vec<OccurrenceChange> = Vec::with_capacity(self.changes.len());
        for c in &self.changes {
            if !self.falls_on(c.on) || changes.iter().any(|d| d.on == c.on) {
                return fail("contact_plan.changes", Problem::InvalidState);
            }
            let (start, end) = (c.start.map(whole_seconds), c.end.map(whole_seconds));
            match (start, end) {
                (Some(s), Some(e)) => check_span("contact_plan.changes", s, e)?,
                (None, None) => {}
                _ => return fail("contact_plan.changes", Problem::Required),
            }
            changes.push(OccurrenceChange {
                start,
                end,
                note: optional_line("contact_plan.changes", &c.note)?,
                ..c.clone()
            });
        }
        changes.sort_by_key(|c| c.on);
        Ok(ContactPlan {
            title: line("contact_plan.title", &self.title)?,
            time_zone: validate::time_zone("contact_plan.time_zone", &self.time_zone)?,
            notes: text("contact_plan.notes", &self.notes)?,
            at: self.at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(self.at),
            changes,
            ..self
        })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("contact_plan.owner_id", Kind::Person, &self.owner_id)]
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}
