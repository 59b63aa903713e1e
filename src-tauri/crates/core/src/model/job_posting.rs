//! Job postings (岗位) and their stages: 意向 → 已发布 → 已招满 / 已关闭.
use super::validate::{Checked, Problem, fail, labels, line, optional_line, range};
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

choice!(
    /// Where a posting is in its life: 意向 (promised), 已发布 (open for applications),
    /// 已招满 (filled) or 已关闭 (closed without being filled).
    PostingStage {
        Intended = "intended",
        Published = "published",
        Filled = "filled",
        Closed = "closed",
    }
);

impl PostingStage {
    /// Still to be filled: promised or open.
    pub fn is_open(self) -> bool {
        matches!(self, PostingStage::Intended | PostingStage::Published)
    }
}

/// A job posting (岗位) obtained from an employer, on a visit or outside one (an employer
/// sends jobs later).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
    pub stage: PostingStage,
    /// Monthly pay offered, in yuan, from and to, when known.
    #[serde(default)]
    pub pay_min: Option<u32>,
    #[serde(default)]
    pub pay_max: Option<u32>,
    /// Graduates hired on it, when known.
    #[serde(default)]
    pub hired: Option<u32>,
}

/// A posting as stored: before stages (schema 11 and earlier) a posting was only open or not,
/// so a record that has no stage takes 已发布 for open and 已关闭 for closed.
#[derive(Deserialize)]
struct PostingData {
    employer_id: Id,
    #[serde(default)]
    visit_id: Option<Id>,
    title: String,
    headcount: u32,
    #[serde(default)]
    majors: Vec<String>,
    education: Education,
    #[serde(default)]
    location: String,
    #[serde(default)]
    stage: Option<PostingStage>,
    #[serde(default)]
    open: Option<bool>,
    #[serde(default)]
    pay_min: Option<u32>,
    #[serde(default)]
    pay_max: Option<u32>,
    #[serde(default)]
    hired: Option<u32>,
}

impl<'de> Deserialize<'de> for JobPosting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JobPosting, D::Error> {
        PostingData::deserialize(d).map(JobPosting::from)
    }
}

impl From<PostingData> for JobPosting {
    fn from(d: PostingData) -> JobPosting {
        let stage = d.stage.unwrap_or(match d.open {
            Some(false) => PostingStage::Closed,
            _ => PostingStage::Published,
        });
        JobPosting {
            employer_id: d.employer_id,
            visit_id: d.visit_id,
            title: d.title,
            headcount: d.headcount,
            majors: d.majors,
            education: d.education,
            location: d.location,
            stage,
            pay_min: d.pay_min,
            pay_max: d.pay_max,
            hired: d.hired,
        }
    }
}

/// Highest monthly pay a posting may state, in yuan.
const PAY_MAX: i64 = 1_000_000;

impl Record for JobPosting {
    const KIND: Kind = Kind::JobPosting;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "job_posting.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "job_posting.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
    ];
    const FACTS: Facts = Facts::ToItsVisit;
    fn validate(self) -> Checked<Self> {
        range("job_posting.headcount", self.headcount.into(), 1, 100_000)?;
        if let Some(pay) = self.pay_min {
            range("job_posting.pay_min", pay.into(), 1, PAY_MAX)?;
        }
        if let Some(pay) = self.pay_max {
            range("job_posting.pay_max", pay.into(), 1, PAY_MAX)?;
        }
        if let (Some(min), Some(max)) = (self.pay_min, self.pay_max)
            && max < min
        {
            return fail("job_posting.pay_max", Problem::EndBeforeStart);
        }
        if let Some(hired) = self.hired {
            range("job_posting.hired", hired.into(), 0, 100_000)?;
        }
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
