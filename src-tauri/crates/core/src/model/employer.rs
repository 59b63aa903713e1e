//! Employers (用人单位) and how they are classified.
use super::validate::{self, Checked, Problem, fail, line, optional, optional_line, text};
use super::{Kind, Record, choice, join};
use crate::access::{Owner, Right};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(Ownership {
    StateOwned = "state_owned",
    Private = "private",
    Foreign = "foreign",
    JointVenture = "joint_venture",
    PublicInstitution = "public_institution",
    Government = "government",
    SocialOrganisation = "social_organisation",
    Other = "other",
});

choice!(EmployerSize {
    Large = "large",
    Medium = "medium",
    Small = "small",
    Micro = "micro",
    Unknown = "unknown",
});

choice!(
    /// Whether the employer was newly developed (新开拓) during the campaign.
    Origin {
        Existing = "existing",
        NewlyDeveloped = "newly_developed",
    }
);

/// An employer (用人单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Employer {
    pub name: String,
    /// 统一社会信用代码, normalised; optional because not every record has one yet.
    #[serde(default)]
    pub credit_code: Option<String>,
    #[serde(default)]
    pub industry: String,
    pub ownership: Ownership,
    pub size: EmployerSize,
    /// Province / city / district, e.g. 广东省深圳市南山区.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub address: String,
    /// Industrial park (园区), if any.
    #[serde(default)]
    pub park: String,
    /// 重点单位.
    #[serde(default)]
    pub is_key: bool,
    pub origin: Origin,
    /// When a newly developed employer was developed; required for those.
    #[serde(default)]
    pub developed_on: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    /// Set on an employer merged into another (`employers::merge`): the one kept, which has
    /// everything that was this one's. A merged employer is in the trash.
    #[serde(default)]
    pub merged_into: Option<crate::ids::Id>,
}

impl Employer {
    /// An employer known by its name only: the other fields blank or unknown (an import's row,
    /// `visitdesk employer add`), to be filled in later.
    pub fn named(name: &str) -> Employer {
        Employer {
            name: name.into(),
            credit_code: None,
            industry: String::new(),
            ownership: Ownership::Other,
            size: EmployerSize::Unknown,
            region: String::new(),
            address: String::new(),
            park: String::new(),
            is_key: false,
            origin: Origin::Existing,
            developed_on: None,
            notes: String::new(),
            merged_into: None,
        }
    }
}

impl Record for Employer {
    const KIND: Kind = Kind::Employer;
    fn validate(self) -> Checked<Self> {
        if self.origin == Origin::NewlyDeveloped && self.developed_on.is_none() {
            return fail("employer.developed_on", Problem::Required);
        }
        Ok(Employer {
            name: line("employer.name", &self.name)?,
            credit_code: optional("employer.credit_code", self.credit_code.as_deref(), validate::credit_code)?,
            industry: optional_line("employer.industry", &self.industry)?,
            region: optional_line("employer.region", &self.region)?,
            address: optional_line("employer.address", &self.address)?,
            park: optional_line("employer.park", &self.park)?,
            developed_on: if self.origin == Origin::NewlyDeveloped { self.developed_on } else { None },
            notes: text("employer.notes", &self.notes)?,
            ..self
        })
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Anyone { delete: Some(Right::ManageEmployers) }
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[
            &self.name,
            self.credit_code.as_deref().unwrap_or(""),
            &self.industry,
            &self.region,
            &self.address,
            &self.park,
            &self.notes,
        ])
    }
}
