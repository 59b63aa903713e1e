//! Internship and practice bases (就业实习实践基地) and their life: 意向 → 签约 → 挂牌 → 到期.
use super::validate::{Checked, Problem, fail, line, range};
use super::{Facts, Kind, Parent, Record, choice, dates_in_order};
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// 意向 / 已签约 / 已挂牌 / 已到期.
    BaseStatus {
        Intended = "intended",
        Signed = "signed",
        Unveiled = "unveiled",
        Expired = "expired",
    }
);

/// How many students a base took in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Placement {
    pub year: u16,
    pub students: u32,
}

/// An internship / practice base (就业实习实践基地).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InternshipBase {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub name: String,
    pub status: BaseStatus,
    /// When the agreement was signed: the start of its term.
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    /// When the plaque went up (挂牌).
    #[serde(default)]
    pub established_on: Option<NaiveDate>,
    /// The last day of the agreement's term.
    #[serde(default)]
    pub term_ends_on: Option<NaiveDate>,
    /// Interns it can take at once.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Students placed, per year, one entry a year.
    #[serde(default)]
    pub placements: Vec<Placement>,
}

impl Record for InternshipBase {
    const KIND: Kind = Kind::InternshipBase;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "internship_base.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "internship_base.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
    ];
    const FACTS: Facts = Facts::ToItsVisit;
    fn validate(self) -> Checked<Self> {
        if let Some(c) = self.capacity {
            range("internship_base.capacity", c.into(), 1, 100_000)?;
        }
        if let (Some(signed), Some(ends)) = (self.signed_on, self.term_ends_on) {
            dates_in_order("internship_base.term_ends_on", signed, ends)?;
        }
        if let (Some(signed), Some(unveiled)) = (self.signed_on, self.established_on) {
            dates_in_order("internship_base.established_on", signed, unveiled)?;
        }
        let mut placements = self.placements.clone();
        placements.sort_by_key(|p| p.year);
        for (i, p) in placements.iter().enumerate() {
            range("internship_base.placements", p.year.into(), 2000, 2100)?;
            range("internship_base.placements", p.students.into(), 0, 100_000)?;
            if i > 0 && placements[i - 1].year == p.year {
                return fail("internship_base.placements", Problem::Duplicate);
            }
        }
        Ok(InternshipBase { name: line("internship_base.name", &self.name)?, placements, ..self })
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        self.name.clone()
    }
}
