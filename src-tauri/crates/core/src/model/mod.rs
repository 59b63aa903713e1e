//! The domain model: every record Visitdesk keeps, with its validation.
//!
//! Each record type is plain data (`…` structs below); the store adds the id and the audit
//! columns (`Stored<T>`). Validation normalises the data and rejects bad input before anything
//! is written.
pub mod validate;

use crate::ids::Id;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Timelike, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use validate::{Checked, FieldError, Problem, ValidationError};
use validate::{fail, labels, line, optional, optional_line, range, text};

/// A closed set of string-valued choices, stored and sent as their snake_case names.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text.trim())
            }
        }
    };
}
pub(crate) use choice;

choice!(
    /// Which kind of record; names the table.
    Kind {
        Campaign = "campaign",
        Person = "person",
        Employer = "employer",
        Contact = "contact",
        Trip = "trip",
        Visit = "visit",
        JobPosting = "job_posting",
        InternshipBase = "internship_base",
        DemandSurvey = "demand_survey",
        FollowupSurvey = "followup_survey",
        Task = "task",
        Note = "note",
        ContactPlan = "contact_plan",
    }
);

impl Kind {
    pub fn table(self) -> &'static str {
        match self {
            Kind::Campaign => "campaigns",
            Kind::Person => "people",
            Kind::Employer => "employers",
            Kind::Contact => "contacts",
            Kind::Trip => "trips",
            Kind::Visit => "visits",
            Kind::JobPosting => "job_postings",
            Kind::InternshipBase => "internship_bases",
            Kind::DemandSurvey => "demand_surveys",
            Kind::FollowupSurvey => "followup_surveys",
            Kind::Task => "tasks",
            Kind::Note => "notes",
            Kind::ContactPlan => "contact_plans",
        }
    }
}

choice!(
    /// A person's place in the school. Secretaries and presidents are the principal leaders
    /// (正职) who each visit at least 100 employers.
    Role {
        Secretary = "secretary",
        President = "president",
        Leader = "leader",
        Staff = "staff",
        Teacher = "teacher",
    }
);

impl Role {
    pub fn is_principal(self) -> bool {
        matches!(self, Role::Secretary | Role::President)
    }
}

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

choice!(VisitStatus {
    Planned = "planned",
    Completed = "completed",
    Cancelled = "cancelled",
});

choice!(
    /// 实地走访(走出去) / 请进来 / 线上.
    VisitMode {
        OnSite = "on_site",
        Hosted = "hosted",
        Online = "online",
    }
);

choice!(RecruitmentMode {
    Offline = "offline",
    Online = "online",
    Both = "both",
});

choice!(Education {
    Any = "any",
    Vocational = "vocational",
    Bachelor = "bachelor",
    Master = "master",
    Doctor = "doctor",
});

choice!(
    /// 意向 / 已签约 / 已挂牌.
    BaseStatus {
        Intended = "intended",
        Signed = "signed",
        Unveiled = "unveiled",
    }
);

/// A record kind the store can keep.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + 'static {
    const KIND: Kind;
    /// Normalises the data, or says which field is wrong. Nothing is written on error.
    fn validate(self) -> Checked<Self>;
    /// Other records this one points at: (field, kind, id). They must exist and not be in the trash.
    fn references(&self) -> Vec<(&'static str, Kind, &Id)>;
    /// A short title for lists and search results.
    fn title(&self) -> String;
    /// All the text a search should find this record by.
    fn search_text(&self) -> String;
}

fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

fn dates_in_order(field: &'static str, start: NaiveDate, end: NaiveDate) -> Checked<()> {
    if end < start {
        return fail(field, Problem::EndBeforeStart);
    }
    Ok(())
}

fn join(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("\n")
}

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
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        Vec::new()
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        String::new()
    }
}

/// Someone at the school: a leader who visits, or staff who schedule and record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Person {
    pub name: String,
    pub role: Role,
    /// 职务, e.g. 党委书记 or 就业指导中心主任.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl Record for Person {
    const KIND: Kind = Kind::Person;
    fn validate(self) -> Checked<Self> {
        Ok(Person {
            name: line("person.name", &self.name)?,
            role: self.role,
            title: optional_line("person.title", &self.title)?,
            phone: optional("person.phone", self.phone.as_deref(), validate::phone)?,
            email: optional("person.email", self.email.as_deref(), validate::email)?,
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        Vec::new()
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.name, &self.title])
    }
}

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
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        Vec::new()
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

/// A contact at an employer; alumni are marked so briefing packs can list them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Contact {
    pub employer_id: Id,
    pub name: String,
    /// 职务.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub is_alumnus: bool,
    #[serde(default)]
    pub alumni_year: Option<u16>,
    #[serde(default)]
    pub alumni_major: String,
    #[serde(default)]
    pub notes: String,
}

impl Record for Contact {
    const KIND: Kind = Kind::Contact;
    fn validate(self) -> Checked<Self> {
        if let Some(year) = self.alumni_year.filter(|_| self.is_alumnus) {
            range("contact.alumni_year", year.into(), 1900, 2100)?;
        }
        Ok(Contact {
            name: line("contact.name", &self.name)?,
            title: optional_line("contact.title", &self.title)?,
            phone: optional("contact.phone", self.phone.as_deref(), validate::phone)?,
            mobile: optional("contact.mobile", self.mobile.as_deref(), validate::phone)?,
            email: optional("contact.email", self.email.as_deref(), validate::email)?,
            alumni_year: if self.is_alumnus { self.alumni_year } else { None },
            alumni_major: if self.is_alumnus {
                optional_line("contact.alumni_major", &self.alumni_major)?
            } else {
                String::new()
            },
            notes: text("contact.notes", &self.notes)?,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("contact.employer_id", Kind::Employer, &self.employer_id)]
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[
            &self.name,
            &self.title,
            self.phone.as_deref().unwrap_or(""),
            self.mobile.as_deref().unwrap_or(""),
            self.email.as_deref().unwrap_or(""),
            &self.alumni_major,
            &self.notes,
        ])
    }
}

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
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("trip.leader_id", Kind::Person, &self.leader_id)]
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}

/// What a visit opened up beyond job postings and bases (which are records of their own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Outcome {
    /// 建立就业合作渠道.
    #[serde(default)]
    pub channel_established: bool,
    /// The employer agreed to recruit on campus (进校招聘).
    #[serde(default)]
    pub recruitment_agreed: bool,
    #[serde(default)]
    pub recruitment_mode: Option<RecruitmentMode>,
    #[serde(default)]
    pub recruitment_on: Option<NaiveDate>,
    /// An exemplary case (典型案例) worth reporting.
    #[serde(default)]
    pub exemplary: String,
}

/// A visit (走访), planned, completed or cancelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Visit {
    pub employer_id: Id,
    /// The leader who leads the visit.
    pub lead_id: Id,
    /// Other people from the school who take part (the lead is implied).
    #[serde(default)]
    pub participant_ids: Vec<Id>,
    /// Others who came along, as free text (alumni office, counsellors not in the store).
    #[serde(default)]
    pub guests: String,
    pub status: VisitStatus,
    pub mode: VisitMode,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    /// The zone the visit was planned in.
    pub time_zone: String,
    #[serde(default)]
    pub actual_start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub actual_end: Option<DateTime<Utc>>,
    /// Talking points / objectives.
    #[serde(default)]
    pub objectives: String,
    /// What was said and agreed.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub cancel_reason: String,
    #[serde(default)]
    pub outcome: Outcome,
    #[serde(default)]
    pub trip_id: Option<Id>,
    /// Position of this stop in its trip's itinerary.
    #[serde(default)]
    pub trip_seq: Option<u32>,
    /// Travel notes from the previous stop to this one.
    #[serde(default)]
    pub travel_note: String,
}

impl Visit {
    /// Longest a single visit may last.
    pub const MAX_HOURS: i64 = 72;

    /// The lead followed by the other participants, without repeats.
    pub fn everyone(&self) -> Vec<&Id> {
        let mut all = vec![&self.lead_id];
        for p in &self.participant_ids {
            if !all.contains(&p) {
                all.push(p);
            }
        }
        all
    }

    /// When the visit happens: the actual time once completed, the planned one before.
    pub fn start(&self) -> DateTime<Utc> {
        self.actual_start.unwrap_or(self.planned_start)
    }
}

fn check_span(field: &'static str, start: DateTime<Utc>, end: DateTime<Utc>) -> Checked<()> {
    if end <= start {
        return fail(field, Problem::EndBeforeStart);
    }
    if end - start > chrono::Duration::hours(Visit::MAX_HOURS) {
        return fail(field, Problem::OutOfRange { min: 0, max: Visit::MAX_HOURS });
    }
    Ok(())
}

impl Record for Visit {
    const KIND: Kind = Kind::Visit;
    fn validate(self) -> Checked<Self> {
        let planned_start = whole_seconds(self.planned_start);
        let planned_end = whole_seconds(self.planned_end);
        check_span("visit.planned_end", planned_start, planned_end)?;
        let actual_start = self.actual_start.map(whole_seconds);
        let actual_end = self.actual_end.map(whole_seconds);
        match (self.status, actual_start, actual_end) {
            (VisitStatus::Completed, Some(start), Some(end)) => check_span("visit.actual_end", start, end)?,
            (VisitStatus::Completed, None, _) => return fail("visit.actual_start", Problem::Required),
            (VisitStatus::Completed, Some(_), None) => return fail("visit.actual_end", Problem::Required),
            (_, None, None) => {}
            (_, Some(_), _) => return fail("visit.actual_start", Problem::InvalidState),
            (_, None, Some(_)) => return fail("visit.actual_end", Problem::InvalidState),
        }
        let cancel_reason = optional_line("visit.cancel_reason", &self.cancel_reason)?;
        if self.status != VisitStatus::Cancelled && !cancel_reason.is_empty() {
            return fail("visit.cancel_reason", Problem::InvalidState);
        }
        if self.trip_seq.is_some() && self.trip_id.is_none() {
            return fail("visit.trip_seq", Problem::InvalidState);
        }
        let mut participant_ids: Vec<Id> = Vec::new();
        for p in self.participant_ids {
            if p != self.lead_id && !participant_ids.contains(&p) {
                participant_ids.push(p);
            }
        }
        if participant_ids.len() > 50 {
            return fail("visit.participant_ids", Problem::OutOfRange { min: 0, max: 50 });
        }
        let outcome = Outcome {
            recruitment_mode: self.outcome.recruitment_mode.filter(|_| self.outcome.recruitment_agreed),
            recruitment_on: self.outcome.recruitment_on.filter(|_| self.outcome.recruitment_agreed),
            exemplary: text("visit.outcome.exemplary", &self.outcome.exemplary)?,
            ..self.outcome
        };
        Ok(Visit {
            participant_ids,
            guests: optional_line("visit.guests", &self.guests)?,
            planned_start,
            planned_end,
            actual_start,
            actual_end,
            time_zone: validate::time_zone("visit.time_zone", &self.time_zone)?,
            objectives: text("visit.objectives", &self.objectives)?,
            summary: text("visit.summary", &self.summary)?,
            cancel_reason,
            outcome,
            travel_note: text("visit.travel_note", &self.travel_note)?,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![
            ("visit.employer_id", Kind::Employer, &self.employer_id),
            ("visit.lead_id", Kind::Person, &self.lead_id),
        ];
        refs.extend(self.participant_ids.iter().map(|p| ("visit.participant_ids", Kind::Person, p)));
        if let Some(trip) = &self.trip_id {
            refs.push(("visit.trip_id", Kind::Trip, trip));
        }
        refs
    }
    fn title(&self) -> String {
        self.start().format("%Y-%m-%d").to_string()
    }
    fn search_text(&self) -> String {
        join(&[
            &self.objectives,
            &self.summary,
            &self.guests,
            &self.cancel_reason,
            &self.outcome.exemplary,
            &self.travel_note,
        ])
    }
}

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
    fn validate(self) -> Checked<Self> {
        range("job_posting.headcount", self.headcount.into(), 1, 100_000)?;
        Ok(JobPosting {
            title: line("job_posting.title", &self.title)?,
            majors: labels("job_posting.majors", &self.majors)?,
            location: optional_line("job_posting.location", &self.location)?,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![("job_posting.employer_id", Kind::Employer, &self.employer_id)];
        if let Some(v) = &self.visit_id {
            refs.push(("job_posting.visit_id", Kind::Visit, v));
        }
        refs
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.majors.join(" "), &self.location])
    }
}

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
    fn validate(self) -> Checked<Self> {
        if let Some(c) = self.capacity {
            range("internship_base.capacity", c.into(), 1, 100_000)?;
        }
        Ok(InternshipBase { name: line("internship_base.name", &self.name)?, ..self })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![("internship_base.employer_id", Kind::Employer, &self.employer_id)];
        if let Some(v) = &self.visit_id {
            refs.push(("internship_base.visit_id", Kind::Visit, v));
        }
        refs
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        self.name.clone()
    }
}

/// The social demand survey (社会需求调查) carried out on a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DemandSurvey {
    pub visit_id: Id,
    /// Requirements on graduates' knowledge (知识).
    #[serde(default)]
    pub knowledge: String,
    /// … ability (能力).
    #[serde(default)]
    pub ability: String,
    /// … qualities (素质).
    #[serde(default)]
    pub qualities: String,
    /// The industry's development trend and talent demand.
    #[serde(default)]
    pub industry_trend: String,
    /// Majors the employer asks for.
    #[serde(default)]
    pub majors_wanted: Vec<String>,
    /// Abilities the employer asks for most.
    #[serde(default)]
    pub abilities_wanted: Vec<String>,
    /// Hires planned in the coming year, if the employer said.
    #[serde(default)]
    pub planned_hires: Option<u32>,
    /// Shortcomings seen in the school's majors, training and employment services.
    #[serde(default)]
    pub shortcomings: String,
    #[serde(default)]
    pub suggestions: String,
}

impl Record for DemandSurvey {
    const KIND: Kind = Kind::DemandSurvey;
    fn validate(self) -> Checked<Self> {
        if let Some(n) = self.planned_hires {
            range("demand_survey.planned_hires", n.into(), 0, 1_000_000)?;
        }
        Ok(DemandSurvey {
            knowledge: text("demand_survey.knowledge", &self.knowledge)?,
            ability: text("demand_survey.ability", &self.ability)?,
            qualities: text("demand_survey.qualities", &self.qualities)?,
            industry_trend: text("demand_survey.industry_trend", &self.industry_trend)?,
            majors_wanted: labels("demand_survey.majors_wanted", &self.majors_wanted)?,
            abilities_wanted: labels("demand_survey.abilities_wanted", &self.abilities_wanted)?,
            shortcomings: text("demand_survey.shortcomings", &self.shortcomings)?,
            suggestions: text("demand_survey.suggestions", &self.suggestions)?,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("demand_survey.visit_id", Kind::Visit, &self.visit_id)]
    }
    fn title(&self) -> String {
        self.majors_wanted.join("、")
    }
    fn search_text(&self) -> String {
        join(&[
            &self.knowledge,
            &self.ability,
            &self.qualities,
            &self.industry_trend,
            &self.majors_wanted.join(" "),
            &self.abilities_wanted.join(" "),
            &self.shortcomings,
            &self.suggestions,
        ])
    }
}

/// A graduate of the school working at the employer, as met on a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrackedGraduate {
    pub name: String,
    #[serde(default)]
    pub grad_year: Option<u16>,
    #[serde(default)]
    pub major: String,
    #[serde(default)]
    pub position: String,
}

/// The graduate follow-up survey (毕业生就业状况跟踪调查), with employer satisfaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FollowupSurvey {
    pub visit_id: Id,
    /// Graduates of the school working there.
    #[serde(default)]
    pub graduates_employed: u32,
    #[serde(default)]
    pub graduates: Vec<TrackedGraduate>,
    /// Their work, life and development.
    #[serde(default)]
    pub work_and_life: String,
    /// Their suggestions on the school's training.
    #[serde(default)]
    pub graduate_suggestions: String,
    /// Satisfaction with ideological and moral quality (思想道德品质), 1–5.
    pub satisfaction_moral: u8,
    /// … professional literacy (职业素养), 1–5.
    pub satisfaction_literacy: u8,
    /// … professional ability (专业能力), 1–5.
    pub satisfaction_ability: u8,
    #[serde(default)]
    pub employer_feedback: String,
}

impl Record for FollowupSurvey {
    const KIND: Kind = Kind::FollowupSurvey;
    fn validate(self) -> Checked<Self> {
        range("followup_survey.satisfaction_moral", self.satisfaction_moral.into(), 1, 5)?;
        range("followup_survey.satisfaction_literacy", self.satisfaction_literacy.into(), 1, 5)?;
        range("followup_survey.satisfaction_ability", self.satisfaction_ability.into(), 1, 5)?;
        range("followup_survey.graduates_employed", self.graduates_employed.into(), 0, 1_000_000)?;
        if self.graduates.len() > 500 {
            return fail("followup_survey.graduates", Problem::OutOfRange { min: 0, max: 500 });
        }
        let graduates = self
            .graduates
            .into_iter()
            .map(|g| {
                if let Some(year) = g.grad_year {
                    range("followup_survey.graduates.grad_year", year.into(), 1900, 2100)?;
                }
                Ok(TrackedGraduate {
                    name: line("followup_survey.graduates.name", &g.name)?,
                    grad_year: g.grad_year,
                    major: optional_line("followup_survey.graduates.major", &g.major)?,
                    position: optional_line("followup_survey.graduates.position", &g.position)?,
                })
            })
            .collect::<Checked<Vec<_>>>()?;
        Ok(FollowupSurvey {
            graduates_employed: self.graduates_employed.max(graduates.len() as u32),
            graduates,
            work_and_life: text("followup_survey.work_and_life", &self.work_and_life)?,
            graduate_suggestions: text("followup_survey.graduate_suggestions", &self.graduate_suggestions)?,
            employer_feedback: text("followup_survey.employer_feedback", &self.employer_feedback)?,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("followup_survey.visit_id", Kind::Visit, &self.visit_id)]
    }
    fn title(&self) -> String {
        self.graduates.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join("、")
    }
    fn search_text(&self) -> String {
        let graduates: Vec<String> = self.graduates.iter().map(|g| join(&[&g.name, &g.major, &g.position])).collect();
        join(&[&graduates.join("\n"), &self.work_and_life, &self.graduate_suggestions, &self.employer_feedback])
    }
}

/// A follow-up task with a due date and an owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Task {
    pub title: String,
    pub due_on: NaiveDate,
    pub owner_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    #[serde(default)]
    pub employer_id: Option<Id>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
}

impl Record for Task {
    const KIND: Kind = Kind::Task;
    fn validate(self) -> Checked<Self> {
        Ok(Task { title: line("task.title", &self.title)?, notes: text("task.notes", &self.notes)?, ..self })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![("task.owner_id", Kind::Person, &self.owner_id)];
        if let Some(v) = &self.visit_id {
            refs.push(("task.visit_id", Kind::Visit, v));
        }
        if let Some(e) = &self.employer_id {
            refs.push(("task.employer_id", Kind::Employer, e));
        }
        refs
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}

/// A dated note about an employer, optionally from a visit (what was said, a phone call).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Note {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub written_on: NaiveDate,
    pub body: String,
}

impl Record for Note {
    const KIND: Kind = Kind::Note;
    fn validate(self) -> Checked<Self> {
        let body = text("note.body", &self.body)?;
        if validate::is_blank(&body) {
            return fail("note.body", Problem::Required);
        }
        Ok(Note { body, ..self })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![("note.employer_id", Kind::Employer, &self.employer_id)];
        if let Some(v) = &self.visit_id {
            refs.push(("note.visit_id", Kind::Visit, v));
        }
        refs
    }
    fn title(&self) -> String {
        self.body.chars().take(40).collect()
    }
    fn search_text(&self) -> String {
        self.body.clone()
    }
}

#[cfg(test)]
mod tests;

choice!(
    /// How often a contact plan repeats.
    Frequency {
        Monthly = "monthly",
        Quarterly = "quarterly",
    }
);

impl Frequency {
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
        }
    }
}

/// One occurrence of a contact plan changed on its own: moved, or skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OccurrenceChange {
    /// The date the occurrence falls on in the series; it names the occurrence.
    pub on: NaiveDate,
    #[serde(default)]
    pub skipped: bool,
    /// The new start and end, when the occurrence was moved.
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
}

/// A recurring check-in with a key employer (日常联系互访机制): monthly or quarterly, from
/// `first_on` (the same day of the month each time, or the month's last day when it is shorter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContactPlan {
    pub employer_id: Id,
    /// Who keeps the contact.
    pub owner_id: Id,
    pub title: String,
    pub frequency: Frequency,
    pub first_on: NaiveDate,
    /// The last day the series may fall on; open-ended when `None`.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Local start time in `time_zone`.
    #[ts(type = "string")]
    pub at: NaiveTime,
    pub minutes: u32,
    pub time_zone: String,
    #[serde(default)]
    pub notes: String,
    /// Occurrences edited on their own, by date.
    #[serde(default)]
    pub changes: Vec<OccurrenceChange>,
}

impl ContactPlan {
    pub const MAX_CHANGES: usize = 500;

    /// The date of the `n`th occurrence (0 is `first_on`), before `until` is applied.
    pub fn nth(&self, n: u32) -> Option<NaiveDate> {
        self.first_on.checked_add_months(Months::new(n.checked_mul(self.frequency.months())?))
    }

    /// Whether the series falls on `day`.
    pub fn falls_on(&self, day: NaiveDate) -> bool {
        let months = (day.year() - self.first_on.year()) * 12 + day.month() as i32 - self.first_on.month() as i32;
        let step = self.frequency.months() as i32;
        months >= 0
            && months % step == 0
            && self.until.is_none_or(|u| day <= u)
            && self.nth((months / step) as u32) == Some(day)
    }
}

impl Record for ContactPlan {
    const KIND: Kind = Kind::ContactPlan;
    fn validate(self) -> Checked<Self> {
        if let Some(until) = self.until {
            dates_in_order("contact_plan.until", self.first_on, until)?;
        }
        range("contact_plan.minutes", i64::from(self.minutes), 15, 8 * 60)?;
        range("contact_plan.changes", self.changes.len() as i64, 0, ContactPlan::MAX_CHANGES as i64)?;
        let mut changes: Vec<OccurrenceChange> = Vec::with_capacity(self.changes.len());
        for c in &self.changes {
            if !self.falls_on(c.on) || changes.iter().any(|d| d.on == c.on) {
                return fail("contact_plan.changes", Problem::InvalidState);
            }
            let (start, end) = (c.start.map(whole_seconds), c.end.map(whole_seconds));
            match (start, end) {
                (Some(s), Some(e)) => check_span("contact_plan.changes", s, e)?,
                (None, None) => {}
                _ => return fail("contact_plan.changes", Problem::Required),
            }
            changes.push(OccurrenceChange {
                start,
                end,
                note: optional_line("contact_plan.changes", &c.note)?,
                ..c.clone()
            });
        }
        changes.sort_by_key(|c| c.on);
        Ok(ContactPlan {
            title: line("contact_plan.title", &self.title)?,
            time_zone: validate::time_zone("contact_plan.time_zone", &self.time_zone)?,
            notes: text("contact_plan.notes", &self.notes)?,
            at: self.at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(self.at),
            changes,
            ..self
        })
    }
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![
            ("contact_plan.employer_id", Kind::Employer, &self.employer_id),
            ("contact_plan.owner_id", Kind::Person, &self.owner_id),
        ]
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}
