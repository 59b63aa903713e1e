//! The domain model: every record Visitdesk keeps, with its validation.
//!
//! Each record type is plain data, one kind to a file (`visit.rs` …); the store adds the id and
//! the audit columns (`Stored<T>`). Validation normalises the data and rejects bad input before
//! anything is written.
//!
//! [`kinds!`] below is the registry of record kinds, and each type's [`Record`] impl declares,
//! once, how the rest of the code treats it: its parents, whether it may go to the trash, what
//! it adds to the ledger's facts, how search finds and names it. The store's dispatch over
//! kinds, its cascade to the trash, search results and the facts are derived from these, so
//! adding a kind is a new file here, one line in the registry and its table's migration.
pub mod validate;

mod attachment;
mod campaign;
mod contact;
mod contact_plan;
mod demand_survey;
mod device;
mod employer;
mod followup_survey;
mod internship_base;
mod job_posting;
mod job_share;
mod note;
mod official_day;
mod paired_school;
mod person;
mod recruitment_event;
mod shared_job;
mod task;
mod trip;
mod visit;

pub use attachment::{Attachment, FileType, Photo};
pub use campaign::Campaign;
pub use contact::Contact;
pub use contact_plan::{ContactPlan, Frequency, OccurrenceChange};
pub use demand_survey::DemandSurvey;
pub use device::Device;
pub use employer::{Employer, EmployerSize, Origin, Ownership};
pub use followup_survey::{FollowupSurvey, TrackedGraduate};
pub use internship_base::{BaseStatus, InternshipBase, Placement};
pub use job_posting::{Education, JobPosting, PostingStage};
pub use job_share::JobShare;
pub use note::Note;
pub use official_day::{DayType, OfficialDay};
pub use paired_school::PairedSchool;
pub use person::{Person, Role};
pub use recruitment_event::{EventKind, RecruitmentEvent};
pub use shared_job::{SharedEmployer, SharedEvent, SharedJob, SharedPosting, SharedSource};
pub use task::Task;
pub use trip::Trip;
pub use visit::{Outcome, RecruitmentMode, Visit, VisitMode, VisitStatus};

use crate::access::{Actor, Owner};
use crate::ids::Id;
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use validate::fail;
pub use validate::{Checked, FieldError, Problem, ValidationError};

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

/// The registry: each kind of record with its name, its table and (named like the kind) its
/// type. Makes the [`Kind`] enum, [`Kind::table`] and `for_kind!`, the dispatch from a kind to
/// its type. (`$d` is a `$` for the macro it defines.)
macro_rules! kinds {
    ($d:tt $($kind:ident = $name:literal in $table:literal),+ $(,)?) => {
        choice!(
            /// Which kind of record; names the table.
            Kind { $($kind = $name),+ }
        );

        impl Kind {
            pub fn table(self) -> &'static str {
                match self { $(Kind::$kind => $table),+ }
            }
        }

        /// Runs `$body` with `$T` bound to the record type of `$kind`.
        macro_rules! for_kind {
            ($d kind:expr, $d T:ident => $d body:expr) => {
                match $d kind {
                    $($crate::model::Kind::$kind => {
                        type $d T = $crate::model::$kind;
                        $d body
                    })+
                }
            };
        }
        pub(crate) use for_kind;
    };
}

kinds! { $
    Campaign = "campaign" in "campaigns",
    Person = "person" in "people",
    Device = "device" in "devices",
    Employer = "employer" in "employers",
    Contact = "contact" in "contacts",
    Trip = "trip" in "trips",
    Visit = "visit" in "visits",
    JobPosting = "job_posting" in "job_postings",
    InternshipBase = "internship_base" in "internship_bases",
    RecruitmentEvent = "recruitment_event" in "recruitment_events",
    DemandSurvey = "demand_survey" in "demand_surveys",
    FollowupSurvey = "followup_survey" in "followup_surveys",
    Task = "task" in "tasks",
    Note = "note" in "notes",
    ContactPlan = "contact_plan" in "contact_plans",
    OfficialDay = "official_day" in "official_days",
    Attachment = "attachment" in "attachments",
    PairedSchool = "paired_school" in "paired_schools",
    SharedJob = "shared_job" in "shared_jobs",
    JobShare = "job_share" in "job_shares",
}

impl Kind {
    /// The column that names a record's parent of kind `parent`, if this kind has one.
    pub fn parent_column(self, parent: Kind) -> Option<&'static str> {
        for_kind!(self, T => T::PARENTS.iter().find(|p| p.kind == parent).map(Parent::column))
    }

    /// Whether a person may move a record of this kind to the trash.
    pub fn deletable(self) -> bool {
        for_kind!(self, T => T::DELETABLE)
    }

    /// What a record of this kind adds to the ledger's facts.
    pub fn facts(self) -> Facts {
        for_kind!(self, T => T::FACTS)
    }
}

/// A record kind the store can keep, with what every part of the code that goes over all
/// kinds needs to know about it.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + 'static {
    const KIND: Kind;
    /// The records this one belongs to, at most one of each kind. Deleting one moves this
    /// record to the trash with it; a search hit on this record names them.
    const PARENTS: &'static [Parent<Self>] = &[];
    /// Whether a person may move a record of this kind to the trash (with what belongs to it).
    const DELETABLE: bool = true;
    /// What a record of this kind adds to the ledger's facts.
    const FACTS: Facts = Facts::Nothing;
    /// Normalises the data, or says which field is wrong. Nothing is written on error.
    fn validate(self) -> Checked<Self>;
    /// Records this one points at that are not its parents (a visit's leader, its trip):
    /// (field, kind, id).
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        Vec::new()
    }
    /// Every record this one points at, its parents first: (field, kind, id). They must exist
    /// and not be in the trash.
    fn references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs: Vec<_> = Self::PARENTS.iter().filter_map(|p| Some((p.field, p.kind, (p.id)(self)?))).collect();
        refs.extend(self.other_references());
        refs
    }
    /// The id of its parent of `kind`, if it has one.
    fn parent(&self, kind: Kind) -> Option<&Id> {
        Self::PARENTS.iter().find(|p| p.kind == kind).and_then(|p| (p.id)(self))
    }
    /// Whose say it is, for the rights a change to it needs (`access::check`). By default:
    /// what hangs on a visit is the visit's leader's, and anything else anyone's.
    fn owner(&self) -> Owner<'_> {
        match self.parent(Kind::Visit) {
            Some(visit) => Owner::Visit(visit),
            None => Owner::Anyone { delete: None },
        }
    }
    /// A rule of this kind on who may make a change, beyond [`Record::owner`]: checked on
    /// every write, local or from another laptop, with the record as it was (`None`: new).
    fn guard(&self, _before: Option<&Self>, _actor: &Actor) -> crate::error::Result<()> {
        Ok(())
    }
    /// A short title for lists and search results.
    fn title(&self) -> String;
    /// All the text a search should find this record by; none (the default) keeps it out of
    /// the index.
    fn search_text(&self) -> String {
        String::new()
    }
}

/// One parent of a record of type `T`.
pub struct Parent<T> {
    /// The field naming it, e.g. `contact.employer_id`; its last part is the key in the data
    /// and the column the table generates from it.
    pub field: &'static str,
    pub kind: Kind,
    /// Its id in a record, if the record has that parent.
    pub id: fn(&T) -> Option<&Id>,
}

impl<T> Parent<T> {
    /// The column of the record's table (and key of its data) that holds the parent's id.
    pub fn column(&self) -> &'static str {
        self.field.rsplit('.').next().unwrap_or(self.field)
    }
}

/// What a record adds to the ledger's facts (`store/facts.rs`, whose query reads the tables
/// of the kinds that add something).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facts {
    Nothing,
    /// A visit is a row of the facts.
    Row,
    /// It adds to the row of the visit it belongs to: its parent of kind [`Kind::Visit`].
    ToItsVisit,
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

#[cfg(test)]
mod tests;
