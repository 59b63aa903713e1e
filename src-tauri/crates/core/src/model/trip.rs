//! Trips (出访行程).
use super::validate::{Checked, line, range, text};
use super::{Kind, Record, dates_in_order, join};
use crate::access::Owner;
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A trip (出访行程): a leader, a date range; its stops are visits that name the trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Trip {
    pub leader_id: Id,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
}

impl Record for Trip {
    const KIND: Kind = Kind::Trip;
    fn validate(self) -> Checked<Self> {
        dates_in_order("trip.ends_on", self.starts_on, self.ends_on)?;
        range("trip.days", (self.ends_on - self.starts_on).num_days(), 0, 60)?;
        Ok(Trip { title: line("trip.title", &self.title)?, notes: text("trip.notes", &self.notes)?, ..self })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("trip.leader_id", Kind::Person, &self.leader_id)]
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Leader(&self.leader_id)
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}
