//! Official days (法定节假日与调休): a day the State Council's schedule makes a holiday, or a
//! weekend day it makes a working day. The schedules from 2022 on ship with the app
//! (`calendar::workdays`); an admin adds a year published later as records of this kind, so
//! the whole team's calendar follows it.
use super::validate::{Checked, line, range};
use super::{Kind, Record, choice};
use crate::access::{Owner, Right};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// 放假 (a day off) or 调休上班 (a weekend day worked).
    DayType {
        Holiday = "holiday",
        Workday = "workday",
    }
);

/// One day of a published holiday schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OfficialDay {
    pub on: NaiveDate,
    pub day_type: DayType,
    /// The holiday it belongs to (国庆节), for a 调休 day the one it makes up for.
    pub name: String,
}

impl Record for OfficialDay {
    const KIND: Kind = Kind::OfficialDay;
    fn validate(self) -> Checked<Self> {
        range("official_day.on", i64::from(self.on.year()), 2000, 2100)?;
        Ok(OfficialDay { name: line("official_day.name", &self.name)?, ..self })
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Needs(Right::ManageCampaign)
    }
    fn title(&self) -> String {
        format!("{} {}", self.on, self.name)
    }
    fn search_text(&self) -> String {
        self.name.clone()
    }
}
