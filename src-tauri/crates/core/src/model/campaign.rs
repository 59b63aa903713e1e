//! The campaign (专项行动): its window and targets.
use super::validate::{self, Checked, line, range};
use super::{Kind, Record, dates_in_order};
use crate::access::{Owner, Right};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A campaign (专项行动): its window and targets. Repeated yearly, so it is data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Campaign {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// IANA zone the campaign is planned in.
    pub time_zone: String,
    /// Distinct employers each principal leader visits (default 100).
    pub target_per_principal: u32,
    /// Employers the team newly develops (default 100).
    pub target_new_employers: u32,
}

impl Campaign {
    pub const DEFAULT_TARGET: u32 = 100;
    pub const DEFAULT_TIME_ZONE: &'static str = "Asia/Shanghai";

    pub fn new(name: &str, starts_on: NaiveDate, ends_on: NaiveDate) -> Campaign {
        Campaign {
            name: name.to_string(),
            starts_on,
            ends_on,
            time_zone: Self::DEFAULT_TIME_ZONE.to_string(),
            target_per_principal: Self::DEFAULT_TARGET,
            target_new_employers: Self::DEFAULT_TARGET,
        }
    }
}

impl Record for Campaign {
    const KIND: Kind = Kind::Campaign;
    /// Every unlock opens the current campaign: without one, nobody could unlock.
    const DELETABLE: bool = false;
    fn validate(self) -> Checked<Self> {
        dates_in_order("campaign.ends_on", self.starts_on, self.ends_on)?;
        range("campaign.target_per_principal", self.target_per_principal.into(), 1, 10_000)?;
        range("campaign.target_new_employers", self.target_new_employers.into(), 1, 100_000)?;
        Ok(Campaign {
            name: line("campaign.name", &self.name)?,
            time_zone: validate::time_zone("campaign.time_zone", &self.time_zone)?,
            ..self
        })
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Needs(Right::ManageCampaign)
    }
    fn title(&self) -> String {
        self.name.clone()
    }
}
