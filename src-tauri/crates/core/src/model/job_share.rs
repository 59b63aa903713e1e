//! A job this school shared with its paired school (issue 20): one of its postings or
//! recruitment events, written by `share::share_jobs` each time it goes out, with how many of
//! the pair's graduates it placed once the pair reports back (`share::import` of a report).
//! The ledger counts the jobs shared and the placements reported.
use super::validate::{Checked, Problem, fail, range};
use super::{Kind, Parent, Record, whole_seconds};
use crate::access::{Owner, Right};
use crate::ids::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct JobShare {
    pub paired_school_id: Id,
    /// The posting shared, for a posting.
    #[serde(default)]
    pub job_posting_id: Option<Id>,
    /// The event shared, for an event.
    #[serde(default)]
    pub recruitment_event_id: Option<Id>,
    /// The posting's headcount as last shared; none for an event.
    pub headcount: u32,
    /// When it was first shared with the pair.
    pub shared_at: DateTime<Utc>,
    /// The pair's graduates it placed, as the pair last reported.
    #[serde(default)]
    pub placed_reported: Option<u32>,
    /// When the pair wrote that report: an older report changes nothing.
    #[serde(default)]
    pub reported_at: Option<DateTime<Utc>>,
}

impl Record for JobShare {
    const KIND: Kind = Kind::JobShare;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "job_share.paired_school_id", kind: Kind::PairedSchool, id: |s| Some(&s.paired_school_id) },
        Parent { field: "job_share.job_posting_id", kind: Kind::JobPosting, id: |s| s.job_posting_id.as_ref() },
        Parent {
            field: "job_share.recruitment_event_id",
            kind: Kind::RecruitmentEvent,
            id: |s| s.recruitment_event_id.as_ref(),
        },
    ];
    fn validate(self) -> Checked<Self> {
        if self.job_posting_id.is_some() == self.recruitment_event_id.is_some() {
            return fail("job_share.job_posting_id", Problem::InvalidState);
        }
        range("job_share.headcount", self.headcount.into(), 0, 100_000)?;
        if let Some(n) = self.placed_reported {
            range("job_share.placed_reported", n.into(), 0, 100_000)?;
        }
        Ok(JobShare {
            shared_at: whole_seconds(self.shared_at),
            reported_at: self.reported_at.map(whole_seconds),
            ..self
        })
    }
    /// Anyone shares; only an admin removes the record of a share by hand.
    fn owner(&self) -> Owner<'_> {
        Owner::Anyone { delete: Some(Right::ManageCampaign) }
    }
    fn title(&self) -> String {
        format!("共享于 {}", self.shared_at.date_naive())
    }
}
