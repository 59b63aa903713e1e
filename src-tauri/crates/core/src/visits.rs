//! The life of a visit: planned, then completed with its outcomes, or cancelled; and the
//! two surveys recorded on it.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{
    DemandSurvey, FollowupSurvey, InternshipBase, JobPosting, Outcome, Problem, ValidationError, Visit, VisitStatus,
};
use crate::store::records::{self, Stored, Tx, timestamp};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

fn state_error(field: &'static str) -> Error {
    ValidationError { field, problem: Problem::InvalidState }.into()
}

/// Adds a planned visit.
pub fn plan(tx: &Tx<'_>, visit: Visit) -> Result<Stored<Visit>> {
    if visit.status != VisitStatus::Planned {
        return Err(state_error("visit.status"));
    }
    tx.insert(visit)
}

/// What is recorded when a visit has taken place.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Completion {
    pub actual_start: DateTime<Utc>,
    pub actual_end: DateTime<Utc>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub outcome: Outcome,
    /// Postings obtained; their employer and visit are set from the visit.
    #[serde(default)]
    pub job_postings: Vec<JobPosting>,
    /// Internship bases established; their employer and visit are set from the visit.
    #[serde(default)]
    pub internship_bases: Vec<InternshipBase>,
}

/// Marks a planned visit completed (or amends a completed one), with what it opened up.
pub fn complete(tx: &Tx<'_>, id: &Id, done: Completion) -> Result<Stored<Visit>> {
    let visit: Stored<Visit> = records::get(tx.conn(), id)?;
    if visit.data.status == VisitStatus::Cancelled {
        return Err(state_error("visit.status"));
    }
    let employer_id = visit.data.employer_id.clone();
    let updated = tx.update(
        id,
        Visit {
            status: VisitStatus::Completed,
            actual_start: Some(done.actual_start),
            actual_end: Some(done.actual_end),
            summary: done.summary,
            outcome: done.outcome,
            ..visit.data
        },
    )?;
    for posting in done.job_postings {
        tx.insert(JobPosting { employer_id: employer_id.clone(), visit_id: Some(id.clone()), ..posting })?;
    }
    for base in done.internship_bases {
        tx.insert(InternshipBase { employer_id: employer_id.clone(), visit_id: Some(id.clone()), ..base })?;
    }
    Ok(updated)
}

/// Cancels a planned visit, with the reason.
pub fn cancel(tx: &Tx<'_>, id: &Id, reason: &str) -> Result<Stored<Visit>> {
    let visit: Stored<Visit> = records::get(tx.conn(), id)?;
    if visit.data.status != VisitStatus::Planned {
        return Err(state_error("visit.status"));
    }
    tx.update(id, Visit { status: VisitStatus::Cancelled, cancel_reason: reason.to_string(), ..visit.data })
}

fn survey_target(tx: &Tx<'_>, visit_id: &Id) -> Result<()> {
    let visit: Stored<Visit> = records::get(tx.conn(), visit_id)?;
    if visit.data.status == VisitStatus::Cancelled {
        return Err(state_error("visit.status"));
    }
    Ok(())
}

/// Records the demand survey of a visit, replacing an earlier one.
pub fn record_demand(tx: &Tx<'_>, survey: DemandSurvey) -> Result<Stored<DemandSurvey>> {
    survey_target(tx, &survey.visit_id)?;
    match records::list::<DemandSurvey>(tx.conn(), "visit_id = ?1", "id", [&survey.visit_id])?.first() {
        Some(existing) => tx.update(&existing.id, survey),
        None => tx.insert(survey),
    }
}

/// Records the graduate follow-up survey of a visit, replacing an earlier one.
pub fn record_followup(tx: &Tx<'_>, survey: FollowupSurvey) -> Result<Stored<FollowupSurvey>> {
    survey_target(tx, &survey.visit_id)?;
    match records::list::<FollowupSurvey>(tx.conn(), "visit_id = ?1", "id", [&survey.visit_id])?.first() {
        Some(existing) => tx.update(&existing.id, survey),
        None => tx.insert(survey),
    }
}

/// Visits that start in `[from, to)` (open-ended where `None`), in time order, optionally
/// only those of one status.
pub fn between(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    status: Option<VisitStatus>,
) -> Result<Vec<Stored<Visit>>> {
    records::list(
        conn,
        "(?1 IS NULL OR starts_at >= ?1) AND (?2 IS NULL OR starts_at < ?2) AND (?3 IS NULL OR status = ?3)",
        "starts_at, id",
        rusqlite::params![from.map(timestamp), to.map(timestamp), status.map(VisitStatus::as_str)],
    )
}
