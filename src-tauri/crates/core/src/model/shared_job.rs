//! A job shared by the paired school (来自××大学的共享岗位, issue 20): one of its job postings
//! or recruitment events, with its employer's public details, as its last share package
//! said. Read-only here: only a newer package from the source changes it, and the one thing a
//! person here may set is how many of this school's graduates it placed (`placed`), which a
//! report sends back (`share::report`).
use super::validate::{Checked, range};
use super::{
    Education, Employer, EventKind, JobPosting, Kind, Parent, PostingStage, Record, RecruitmentEvent, choice, join,
    whole_seconds,
};
use crate::access::{Actor, Owner, Right};
use crate::ids::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// What a shared job is at its source: a job posting (岗位) or a recruitment event (招聘活动).
    SharedSource {
        Posting = "posting",
        Event = "event",
    }
);

/// An employer's public details, as a share package carries them: never its contacts, its
/// notes or how this school rates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SharedEmployer {
    pub name: String,
    #[serde(default)]
    pub credit_code: Option<String>,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub address: String,
}

impl SharedEmployer {
    pub fn of(e: &Employer) -> SharedEmployer {
        SharedEmployer {
            name: e.name.clone(),
            credit_code: e.credit_code.clone(),
            industry: e.industry.clone(),
            region: e.region.clone(),
            address: e.address.clone(),
        }
    }

    /// Checked by the rules of an employer's own fields.
    pub fn checked(self) -> Checked<SharedEmployer> {
        let SharedEmployer { name, credit_code, industry, region, address } = self;
        let e = Employer { credit_code, industry, region, address, ..Employer::named(&name) }.validate()?;
        Ok(SharedEmployer::of(&e))
    }
}

/// A job posting's public fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SharedPosting {
    pub title: String,
    pub headcount: u32,
    #[serde(default)]
    pub majors: Vec<String>,
    pub education: Education,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub pay_min: Option<u32>,
    #[serde(default)]
    pub pay_max: Option<u32>,
    pub stage: PostingStage,
}

impl SharedPosting {
    pub fn of(p: &JobPosting) -> SharedPosting {
        SharedPosting {
            title: p.title.clone(),
            headcount: p.headcount,
            majors: p.majors.clone(),
            education: p.education,
            location: p.location.clone(),
            pay_min: p.pay_min,
            pay_max: p.pay_max,
            stage: p.stage,
        }
    }

    /// Checked by the rules of a posting (`employer_id` only fills the posting's place).
    pub fn checked(self, employer_id: &Id) -> Checked<SharedPosting> {
        let SharedPosting { title, headcount, majors, education, location, pay_min, pay_max, stage } = self;
        let p = JobPosting {
            employer_id: employer_id.clone(),
            visit_id: None,
            title,
            headcount,
            majors,
            education,
            location,
            stage,
            pay_min,
            pay_max,
            hired: None,
        };
        Ok(SharedPosting::of(&p.validate()?))
    }
}

/// A recruitment event's public fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SharedEvent {
    pub kind: EventKind,
    pub held_on: NaiveDate,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub majors: Vec<String>,
}

impl SharedEvent {
    pub fn of(e: &RecruitmentEvent) -> SharedEvent {
        SharedEvent {
            kind: e.kind,
            held_on: e.held_on,
            venue: e.venue.clone(),
            link: e.link.clone(),
            majors: e.majors.clone(),
        }
    }

    /// Checked by the rules of an event (`employer_id` only fills the event's place).
    pub fn checked(self, employer_id: &Id) -> Checked<SharedEvent> {
        let SharedEvent { kind, held_on, venue, link, majors } = self;
        let e = RecruitmentEvent {
            kind,
            employer_id: employer_id.clone(),
            co_employer_ids: Vec::new(),
            visit_id: None,
            held_on,
            venue,
            link,
            majors,
            attended: None,
            offers: None,
            notes: String::new(),
        };
        Ok(SharedEvent::of(&e.validate()?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SharedJob {
    pub paired_school_id: Id,
    pub source: SharedSource,
    /// The posting's or event's id at the source.
    pub source_id: Id,
    /// When the source last changed it (or its employer): a package applies only what is newer.
    pub source_version: DateTime<Utc>,
    pub employer: SharedEmployer,
    /// The posting, for a posting.
    #[serde(default)]
    pub posting: Option<SharedPosting>,
    /// The event, for an event.
    #[serde(default)]
    pub event: Option<SharedEvent>,
    /// An employer of this school with the same credit code, if there is one.
    #[serde(default)]
    pub matched_employer_id: Option<Id>,
    /// This school's graduates it placed, when known: the one field set here.
    #[serde(default)]
    pub placed: Option<u32>,
}

impl SharedJob {
    /// A posting filled or closed at its source; an event never closes.
    pub fn is_closed(&self) -> bool {
        self.posting.as_ref().is_some_and(|p| !p.stage.is_open())
    }

    /// What the source says of it, which only a newer version from the source may change.
    fn source_says(&self) -> (DateTime<Utc>, &SharedEmployer, &Option<SharedPosting>, &Option<SharedEvent>) {
        (self.source_version, &self.employer, &self.posting, &self.event)
    }
}

impl Record for SharedJob {
    const KIND: Kind = Kind::SharedJob;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "shared_job.paired_school_id", kind: Kind::PairedSchool, id: |j| Some(&j.paired_school_id) }];
    fn validate(self) -> Checked<Self> {
        if let Some(n) = self.placed {
            range("shared_job.placed", n.into(), 0, 100_000)?;
        }
        let (posting, event) = match (self.source, self.posting, self.event) {
            (SharedSource::Posting, Some(p), None) => (Some(p.checked(&self.source_id)?), None),
            (SharedSource::Event, None, Some(e)) => (None, Some(e.checked(&self.source_id)?)),
            _ => return super::validate::fail("shared_job.source", super::Problem::InvalidState),
        };
        Ok(SharedJob {
            employer: self.employer.checked()?,
            posting,
            event,
            source_version: whole_seconds(self.source_version),
            ..self
        })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        self.matched_employer_id.iter().map(|id| ("shared_job.matched_employer_id", Kind::Employer, id)).collect()
    }
    /// Anyone records what it placed; only an admin removes it by hand.
    fn owner(&self) -> Owner<'_> {
        Owner::Anyone { delete: Some(Right::ManageCampaign) }
    }
    /// What the source says changes only with a newer version of it, as an import brings
    /// (here or on another laptop of the team); an edit here sets `placed` (and the matched
    /// employer) and nothing else.
    fn guard(&self, before: Option<&Self>, _actor: &Actor) -> crate::error::Result<()> {
        let Some(before) = before else { return Ok(()) };
        let same_record = (&self.paired_school_id, self.source, &self.source_id)
            == (&before.paired_school_id, before.source, &before.source_id);
        let newer = self.source_version > before.source_version;
        if !same_record || (self.source_says() != before.source_says() && !newer) {
            return Err(crate::share::ShareError::ReadOnly.into());
        }
        Ok(())
    }
    fn title(&self) -> String {
        match (&self.posting, &self.event) {
            (Some(p), _) => p.title.clone(),
            (None, Some(e)) => format!("{} {}", e.kind.zh(), e.held_on),
            (None, None) => String::new(),
        }
    }
    fn search_text(&self) -> String {
        let (majors, place) = match (&self.posting, &self.event) {
            (Some(p), _) => (p.majors.join(" "), p.location.as_str()),
            (None, Some(e)) => (e.majors.join(" "), e.venue.as_str()),
            (None, None) => (String::new(), ""),
        };
        join(&[&self.title(), &self.employer.name, &majors, place])
    }
}
