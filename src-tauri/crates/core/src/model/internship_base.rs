//! Internship and practice bases (就业实习实践基地).
use super::validate::{Checked, line, range};
use super::{Facts, Kind, Parent, Record, choice};
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// 意向 / 已签约 / 已挂牌.
    BaseStatus {
        Intended = "intended",
        Signed = "signed",
        Unveiled = "unveiled",
    }
);

/// An internship / practice base (就业实习实践基地).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InternshipBase {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub name: String,
    pub status: BaseStatus,
    #[serde(default)]
    pub established_on: Option<NaiveDate>,
    /// Interns it can take at once.
    #[serde(default)]
    pub capacity: Option<u32>,
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
        Ok(InternshipBase { name: line("internship_base.name", &self.name)?, ..self })
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        self.name.clone()
    }
}
