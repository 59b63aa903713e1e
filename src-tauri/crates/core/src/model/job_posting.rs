//! Job postings (岗位).
use super::validate::{Checked, labels, line, optional_line, range};
use super::{Facts, Kind, Parent, Record, choice, join};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(Education {
    Any = "any",
    Vocational = "vocational",
    Bachelor = "bachelor",
    Master = "master",
    Doctor = "doctor",
});

/// A job posting (岗位) obtained from an employer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct JobPosting {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub title: String,
    pub headcount: u32,
    #[serde(default)]
    pub majors: Vec<String>,
    pub education: Education,
    #[serde(default)]
    pub location: String,
    /// Still open for applications.
    pub open: bool,
}

impl Record for JobPosting {
    const KIND: Kind = Kind::JobPosting;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "job_posting.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "job_posting.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
    ];
    const FACTS: Facts = Facts::ToItsVisit;
    fn validate(self) -> Checked<Self> {
        range("job_posting.headcount", self.headcount.into(), 1, 100_000)?;
        Ok(JobPosting {
            title: line("job_posting.title", &self.title)?,
            majors: labels("job_posting.majors", &self.majors)?,
            location: optional_line("job_posting.location", &self.location)?,
            ..self
        })
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.majors.join(" "), &self.location])
    }
}
