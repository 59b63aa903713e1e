//! Visits (走访) and what they opened up.
use super::validate::{self, Checked, Problem, fail, optional_line, text};
use super::{Facts, Kind, Parent, Record, choice, join, whole_seconds};
use crate::access::{Access, Actor, Owner, Right};
use crate::error::Error;
use crate::ids::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// Who recorded the completion. When it is not the leader, the visit waits for the leader
    /// (or an admin) to confirm it (待确认). `None` on a completion recorded before review
    /// existed, which counts as confirmed.
    #[serde(default)]
    pub completed_by: Option<Id>,
    /// Who confirmed a completion that someone else recorded.
    #[serde(default)]
    pub confirmed_by: Option<Id>,
    /// The cancelled visit this one plans again (`visits::replan`).
    #[serde(default)]
    pub replan_of: Option<Id>,
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

    /// Completed, recorded by someone other than its leader, and not confirmed yet (待确认).
    pub fn awaiting_confirmation(&self) -> bool {
        self.status == VisitStatus::Completed
            && self.completed_by.as_ref().is_some_and(|by| *by != self.lead_id)
            && self.confirmed_by.is_none()
    }
}

pub(super) fn check_span(field: &'static str, start: DateTime<Utc>, end: DateTime<Utc>) -> Checked<()> {
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
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "visit.employer_id", kind: Kind::Employer, id: |v| Some(&v.employer_id) }];
    const FACTS: Facts = Facts::Row;
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
            // Only a completion is recorded and confirmed.
            completed_by: self.completed_by.filter(|_| self.status == VisitStatus::Completed),
            confirmed_by: self.confirmed_by.filter(|_| self.status == VisitStatus::Completed),
            ..self
        })
    }
    /// A completion is recorded in the name of whoever records it, and confirmed only by the
    /// visit's leader or an admin, in their own name. Only they may also name someone else as
    /// its recorder (an admin's demo or import), or clear the name. Taking a confirmation
    /// back (a new recording) is anyone's who may change the visit.
    fn guard(&self, before: Option<&Self>, actor: &Actor) -> crate::error::Result<()> {
        let refused = Err(Error::Forbidden { right: Right::ConfirmVisits });
        let leader_or_admin = actor.id == self.lead_id || actor.access == Access::Admin;
        let (recorded, confirmed) = before.map_or((None, None), |b| (b.completed_by.as_ref(), b.confirmed_by.as_ref()));
        if self.completed_by.as_ref() != recorded && self.completed_by.as_ref() != Some(&actor.id) && !leader_or_admin {
            return refused;
        }
        if self.confirmed_by.as_ref() != confirmed
            && self.confirmed_by.as_ref().is_some_and(|by| *by != actor.id || !leader_or_admin)
        {
            return refused;
        }
        Ok(())
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        let mut refs = vec![("visit.lead_id", Kind::Person, &self.lead_id)];
        refs.extend(self.participant_ids.iter().map(|p| ("visit.participant_ids", Kind::Person, p)));
        if let Some(trip) = &self.trip_id {
            refs.push(("visit.trip_id", Kind::Trip, trip));
        }
        refs
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Leader(&self.lead_id)
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
