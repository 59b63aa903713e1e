//! The life of a visit: planned, then completed with its outcomes, or cancelled; and the
//! two surveys recorded on it.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{
    DemandSurvey, Employer, FollowupSurvey, InternshipBase, JobPosting, Note, Outcome, Problem, Record,
    RecruitmentEvent, Task, ValidationError, Visit, VisitStatus,
};
use crate::store::records::{self, Stored, Tx, columns, stored_from_row, timestamp};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// Saves edits to a visit's plan or record (people, mode, times, objectives, notes …). Its
/// status changes only through [`complete`] and [`cancel`], which apply their own rules.
pub fn edit(tx: &Tx<'_>, id: &Id, visit: Visit) -> Result<Stored<Visit>> {
    let stored: Stored<Visit> = records::get(tx.conn(), id)?;
    if visit.status != stored.data.status {
        return Err(state_error("visit.status"));
    }
    // Which visit it plans again is set by `replan` alone.
    tx.update(id, Visit { replan_of: stored.data.replan_of, ..visit })
}

/// Plans a cancelled visit again, from `start` to `end`: a new planned visit with the same
/// employer, people, mode and objectives, linked to the cancelled one (`replan_of`).
pub fn replan(tx: &Tx<'_>, cancelled: &Id, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Stored<Visit>> {
    let old: Stored<Visit> = records::get(tx.conn(), cancelled)?;
    if old.data.status != VisitStatus::Cancelled {
        return Err(state_error("visit.status"));
    }
    plan(
        tx,
        Visit {
            status: VisitStatus::Planned,
            planned_start: start,
            planned_end: end,
            actual_start: None,
            actual_end: None,
            summary: String::new(),
            cancel_reason: String::new(),
            outcome: Outcome::default(),
            trip_id: None,
            trip_seq: None,
            travel_note: String::new(),
            completed_by: None,
            confirmed_by: None,
            replan_of: Some(cancelled.clone()),
            ..old.data
        },
    )
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
            // Recorded (again) by whoever records it: someone other than the leader makes it
            // wait for the leader's confirmation.
            completed_by: Some(tx.actor().clone()),
            confirmed_by: None,
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

/// Confirms a completion someone other than the leader recorded (待确认 → 已确认): the
/// visit's leader's, or an admin's (`access.forbidden` naming `confirm_visits` otherwise).
pub fn confirm(tx: &Tx<'_>, id: &Id) -> Result<Stored<Visit>> {
    let visit: Stored<Visit> = records::get(tx.conn(), id)?;
    if !visit.data.awaiting_confirmation() {
        return Err(state_error("visit.confirmed_by"));
    }
    tx.update(id, Visit { confirmed_by: Some(tx.actor().clone()), ..visit.data })
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

/// Records a survey, replacing the visit's earlier one of the same kind; `visit_id` reads which visit it is about.
fn record_survey<T: Record>(tx: &Tx<'_>, survey: T, visit_id: fn(&T) -> &Id) -> Result<Stored<T>> {
    let visit_id = visit_id(&survey);
    survey_target(tx, visit_id)?;
    match records::list::<T>(tx.conn(), "visit_id = ?1", "id", [visit_id])?.first() {
        Some(existing) => tx.update(&existing.id, survey),
        None => tx.insert(survey),
    }
}

/// Records the demand survey of a visit, replacing an earlier one.
pub fn record_demand(tx: &Tx<'_>, survey: DemandSurvey) -> Result<Stored<DemandSurvey>> {
    record_survey(tx, survey, |s| &s.visit_id)
}

/// Records the graduate follow-up survey of a visit, replacing an earlier one.
pub fn record_followup(tx: &Tx<'_>, survey: FollowupSurvey) -> Result<Stored<FollowupSurvey>> {
    record_survey(tx, survey, |s| &s.visit_id)
}

/// Visits that start in `[from, to)` (open-ended where `None`), in time order, with names,
/// optionally only those of one status.
pub fn between(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    status: Option<VisitStatus>,
) -> Result<Vec<VisitRow>> {
    rows_where(
        conn,
        "(?1 IS NULL OR v.starts_at >= ?1) AND (?2 IS NULL OR v.starts_at < ?2) AND (?3 IS NULL OR v.status = ?3)",
        "v.starts_at, v.id",
        rusqlite::params![from.map(timestamp), to.map(timestamp), status.map(VisitStatus::as_str)],
    )
}

/// A visit as the calendar and lists show it: with its employer's and its lead's names.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VisitRow {
    pub visit: Stored<Visit>,
    pub employer_name: String,
    pub lead_name: String,
    /// The employer is a key employer (重点单位).
    pub key_employer: bool,
}

/// Visits that start in `[from, to)`, in time order, with names (one query).
pub fn rows_between(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<VisitRow>> {
    rows(conn, from, to, None, u32::MAX)
}

/// Like [`rows_between`], only the first `limit` visits of one status (a list on a page or
/// in a report shows so many; [`crate::ledger::count_visits`] gives how many there are).
pub fn rows_with_status(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    status: VisitStatus,
    limit: u32,
) -> Result<Vec<VisitRow>> {
    rows(conn, from, to, Some(status), limit)
}

fn rows(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    status: Option<VisitStatus>,
    limit: u32,
) -> Result<Vec<VisitRow>> {
    rows_where(
        conn,
        "v.starts_at >= ?1 AND v.starts_at < ?2 AND (?3 IS NULL OR v.status = ?3)",
        "v.starts_at, v.id LIMIT ?4",
        rusqlite::params![timestamp(from), timestamp(to), status.map(VisitStatus::as_str), limit],
    )
}

/// A page of the visit list: its first rows, and whether there are more.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Listing {
    pub rows: Vec<VisitRow>,
    pub more: bool,
}

/// The visit list's page: the upcoming visits (starting at `now` or later) in time order, or
/// the past ones newest first; the first `limit` of them, by the index on the start. The large
/// store's past visits are 100,000: the list shows a page at a time. It says whether there are
/// more rather than how many: counting them reads every one (an index on a generated column
/// never covers a query in SQLite, which counts the whole row as used).
pub fn listed(conn: &Connection, past: bool, now: DateTime<Utc>, limit: u32) -> Result<Listing> {
    let (condition, order) = listed_query(past);
    let mut rows = rows_where(conn, condition, order, rusqlite::params![timestamp(now), limit.saturating_add(1)])?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    Ok(Listing { rows, more })
}

/// The visit list's condition on the start (`?1`: now) and its order, limited to `?2`.
fn listed_query(past: bool) -> (&'static str, &'static str) {
    if past {
        ("v.starts_at < ?1", "v.starts_at DESC, v.id DESC LIMIT ?2")
    } else {
        ("v.starts_at >= ?1", "v.starts_at, v.id LIMIT ?2")
    }
}

/// The stops of a trip, in itinerary order.
pub fn trip_stops(conn: &Connection, trip_id: &Id) -> Result<Vec<VisitRow>> {
    rows_where(
        conn,
        "v.trip_id = ?1",
        "(v.data ->> 'trip_seq') IS NULL, v.data ->> 'trip_seq', v.data ->> 'planned_start', v.id",
        [trip_id],
    )
}

/// Live visits (aliased `v`) that meet `condition`, with names, in `order`: the one query
/// behind every list of visits.
pub(crate) fn rows_where(
    conn: &Connection,
    condition: &str,
    order: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<VisitRow>> {
    let mut stmt = conn.prepare_cached(&rows_sql(condition, order))?;
    let rows = stmt.query_map(params, |r| {
        Ok(VisitRow {
            visit: stored_from_row(r)?,
            employer_name: r.get(7)?,
            lead_name: r.get(8)?,
            key_employer: r.get::<_, i64>(9)? != 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query of [`rows_where`].
fn rows_sql(condition: &str, order: &str) -> String {
    // Names are read even from records in the trash: a visit keeps showing who led it.
    format!(
        "SELECT {}, coalesce(e.data ->> 'name', ''), coalesce(p.data ->> 'name', ''), coalesce(e.is_key, 0)
         FROM visits v
         LEFT JOIN employers e ON e.id = v.employer_id
         LEFT JOIN people p ON p.id = v.data ->> 'lead_id'
         WHERE v.deleted_at IS NULL AND ({condition})
         ORDER BY {order}",
        columns("v")
    )
}

/// A completed visit of a period with its 典型案例 written, as the summary's case chooser lists
/// it: only what the choice shows, not the whole visit (a campaign of the large store has 2,000).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseChoice {
    pub id: Id,
    pub starts_at: DateTime<Utc>,
    pub employer_name: String,
    pub lead_name: String,
}

/// The cases the chooser lists, newest first: at most [`CASES_LISTED`] of `total`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Cases {
    pub newest: Vec<CaseChoice>,
    pub total: u32,
}

/// How many cases the chooser lists; an older one is reached by choosing a shorter period.
pub const CASES_LISTED: u32 = 200;

/// The cases of `[?1, ?2)`. The partial index `visits_cases` (migration 15) holds the rows its
/// last two terms allow, and SQLite uses it because they are its own condition, word for word.
macro_rules! cases_where {
    () => {
        "v.deleted_at IS NULL AND v.starts_at >= ?1 AND v.starts_at < ?2
         AND v.status = 'completed' AND trim(v.data ->> '$.outcome.exemplary') <> ''"
    };
}
const CASES_COUNT: &str = concat!("SELECT count(*) FROM visits v WHERE ", cases_where!());
const CASES_NEWEST: &str = concat!(
    "SELECT v.id, v.starts_at, coalesce(e.data ->> 'name', ''), coalesce(p.data ->> 'name', '')
     FROM visits v
     LEFT JOIN employers e ON e.id = v.employer_id
     LEFT JOIN people p ON p.id = v.data ->> 'lead_id'
     WHERE ",
    cases_where!(),
    " ORDER BY v.starts_at DESC, v.id DESC LIMIT ?3"
);

/// The completed visits starting in `[from, to)` whose 典型案例 is written (not blank), newest
/// first, for the summary's 典型案例 page: found by their own index, not by reading every visit.
pub fn cases(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Cases> {
    let (from, to) = (timestamp(from), timestamp(to));
    let total: u32 = conn.query_row(CASES_COUNT, [&from, &to], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(CASES_NEWEST)?;
    let rows = stmt.query_map(rusqlite::params![from, to, CASES_LISTED], |r| {
        Ok(CaseChoice {
            id: r.get(0)?,
            starts_at: records::instant_at(r, 1)?,
            employer_name: r.get(2)?,
            lead_name: r.get(3)?,
        })
    })?;
    let newest = rows.collect::<rusqlite::Result<_>>()?;
    Ok(Cases { newest, total })
}

/// Everything the visit page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VisitDetail {
    pub visit: Stored<Visit>,
    pub employer: Stored<Employer>,
    pub lead_name: String,
    pub demand: Option<Stored<DemandSurvey>>,
    pub followup: Option<Stored<FollowupSurvey>>,
    pub job_postings: Vec<Stored<JobPosting>>,
    pub internship_bases: Vec<Stored<InternshipBase>>,
    pub recruitment_events: Vec<Stored<RecruitmentEvent>>,
    /// Newest first.
    pub notes: Vec<Stored<Note>>,
    pub tasks: Vec<Stored<Task>>,
    /// The live visit that plans this cancelled one again, if any.
    pub replanned_as: Option<Id>,
}

/// A person's name, even if they are in the trash ("" if there is no such person).
fn person_name(conn: &Connection, id: &Id) -> Result<String> {
    let name: Option<String> = conn
        .prepare_cached("SELECT data ->> 'name' FROM people WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(name.unwrap_or_default())
}

pub fn detail(conn: &Connection, id: &Id) -> Result<VisitDetail> {
    let visit: Stored<Visit> = records::get(conn, id)?;
    Ok(VisitDetail {
        employer: records::get(conn, &visit.data.employer_id)?,
        lead_name: person_name(conn, &visit.data.lead_id)?,
        demand: records::list(conn, "visit_id = ?1", "id", [id])?.into_iter().next(),
        followup: records::list(conn, "visit_id = ?1", "id", [id])?.into_iter().next(),
        job_postings: records::list(conn, "visit_id = ?1", "created_at, id", [id])?,
        internship_bases: records::list(conn, "visit_id = ?1", "created_at, id", [id])?,
        recruitment_events: records::list(conn, "visit_id = ?1", "held_on, id", [id])?,
        notes: records::list(conn, "visit_id = ?1", "data ->> 'written_on' DESC, id DESC", [id])?,
        tasks: records::list(conn, "visit_id = ?1", "done_on IS NOT NULL, due_on, id", [id])?,
        replanned_as: conn
            .prepare_cached(
                "SELECT id FROM visits WHERE data ->> 'replan_of' = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?,
        visit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BaseStatus, Education, Kind, PostingStage, Role};
    use crate::store::Store;
    use crate::testing::*;

    /// A new store (its secretary is `me`) with one visit to 苏州精密制造有限公司, planned for 15 March.
    fn store_with_a_planned_visit() -> (tempfile::TempDir, Store, Id, Stored<Visit>) {
        let (dir, mut store) = new_store();
        let me = store.actor().clone();
        let v = store
            .write(at(2022, 3, 1), |tx| {
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                plan(tx, visit(&a.id, &me, at(2022, 3, 15)))
            })
            .unwrap();
        (dir, store, me, v)
    }

    /// A cancelled visit planned again is a new planned visit with the same employer and
    /// people, linked both ways; a visit that is not cancelled cannot be, and editing the new
    /// one keeps its link.
    #[test]
    fn a_cancelled_visit_is_planned_again() {
        let (_dir, mut store, _me, v) = store_with_a_planned_visit();
        let now = at(2022, 3, 14);
        let err =
            store.write(now, |tx| replan(tx, &v.id, at(2022, 3, 22), at(2022, 3, 22) + chrono::Duration::hours(2)));
        assert_eq!(err.unwrap_err().code(), "validation.invalid_state");
        store.write(now, |tx| cancel(tx, &v.id, "对方临时出差")).unwrap();
        let again = store
            .write(now, |tx| replan(tx, &v.id, at(2022, 3, 22), at(2022, 3, 22) + chrono::Duration::hours(2)))
            .unwrap();
        assert_eq!(again.data.status, VisitStatus::Planned);
        assert_eq!((&again.data.employer_id, &again.data.lead_id), (&v.data.employer_id, &v.data.lead_id));
        assert_eq!(again.data.replan_of.as_ref(), Some(&v.id));
        assert!(again.data.cancel_reason.is_empty());
        assert_eq!(detail(store.conn(), &v.id).unwrap().replanned_as, Some(again.id.clone()));
        let edited = Visit { objectives: "落实岗位".into(), replan_of: None, ..again.data.clone() };
        let edited = store.write(now, |tx| edit(tx, &again.id, edited)).unwrap();
        assert_eq!(edited.data.replan_of.as_ref(), Some(&v.id));
    }

    #[test]
    fn rows_carry_the_employer_and_lead_names() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let (li, early, late) = store
            .write(at(2022, 3, 1), |tx| {
                let li = tx.insert(person("李校长", Role::President))?;
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                let b = tx.insert(employer("无锡新材料有限公司"))?;
                let late = plan(tx, visit(&b.id, &li.id, at(2022, 3, 16)))?;
                let early = plan(tx, visit(&a.id, &me, at(2022, 3, 15)))?;
                plan(tx, visit(&a.id, &me, at(2022, 3, 17)))?;
                Ok((li, early, late))
            })
            .unwrap();
        let rows = rows_between(store.conn(), at(2022, 3, 15), at(2022, 3, 17)).unwrap();
        let got: Vec<_> = rows.iter().map(|r| (&r.visit.id, r.employer_name.as_str(), r.lead_name.as_str())).collect();
        assert_eq!(got, [(&early.id, "苏州精密制造有限公司", "王书记"), (&late.id, "无锡新材料有限公司", "李校长")]);

        // Cancelled visits are on the calendar, not among the plans.
        store.write(at(2022, 3, 2), |tx| cancel(tx, &early.id, "对方改期")).unwrap();
        assert_eq!(rows_between(store.conn(), at(2022, 3, 15), at(2022, 3, 17)).unwrap().len(), 2);
        let planned =
            rows_with_status(store.conn(), at(2022, 3, 15), at(2022, 3, 17), VisitStatus::Planned, 10).unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].visit.id, late.id);
        let ids = |rows: Vec<VisitRow>| -> Vec<Id> { rows.into_iter().map(|r| r.visit.id).collect() };
        let open_ended = between(store.conn(), Some(at(2022, 3, 16)), None, None).unwrap();
        assert_eq!(open_ended.len(), 2);
        assert_eq!(open_ended[0].lead_name, "李校长");
        assert_eq!(
            ids(between(store.conn(), None, None, Some(VisitStatus::Cancelled)).unwrap()),
            std::slice::from_ref(&early.id)
        );
        assert_eq!(
            ids(between(store.conn(), None, Some(at(2022, 3, 16)), None).unwrap()),
            std::slice::from_ref(&early.id)
        );

        // A lead who left the store keeps their name on their visits. (People do not go to the
        // trash by hand, so the test puts them there.)
        store.conn().execute("UPDATE people SET deleted_at = updated_at WHERE id = ?1", [&li.id]).unwrap();
        let rows = rows_between(store.conn(), at(2022, 3, 16), at(2022, 3, 17)).unwrap();
        assert_eq!(rows[0].lead_name, "李校长");
    }

    /// The visit list's pages: upcoming in time order from `now`, past newest first, each the
    /// first `limit` and whether there are more.
    #[test]
    fn the_list_pages_upcoming_and_past_visits() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let ids: Vec<Id> = store
            .write(at(2022, 3, 1), |tx| {
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                [10, 11, 12, 13, 14]
                    .into_iter()
                    .map(|day| Ok(plan(tx, visit(&a.id, &me, at(2022, 3, day)))?.id))
                    .collect()
            })
            .unwrap();
        let page = |past: bool, limit: u32| {
            let l = listed(store.conn(), past, at(2022, 3, 12), limit).unwrap();
            (l.rows.into_iter().map(|r| r.visit.id).collect::<Vec<_>>(), l.more)
        };
        assert_eq!(page(false, 2), (vec![ids[2].clone(), ids[3].clone()], true));
        assert_eq!(page(false, 3), (ids[2..].to_vec(), false));
        assert_eq!(page(true, 1), (vec![ids[1].clone()], true));
        assert_eq!(page(true, 10), (vec![ids[1].clone(), ids[0].clone()], false));
        // A page walks the start index from `now` and stops at its end: the rows of the large
        // store's 100,000 past visits are neither read nor sorted, only those the page shows.
        for past in [false, true] {
            let (condition, order) = listed_query(past);
            let plan = query_plan(&store, &rows_sql(condition, order));
            assert!(plan.starts_with("SEARCH v USING INDEX visits_starts_at (starts_at"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{plan}");
        }
    }

    /// The case chooser lists the period's completed visits whose 典型案例 is written, newest
    /// first, and nothing else: not a blank case, a planned visit, one outside the period or
    /// one in the trash.
    #[test]
    fn cases_are_the_completed_visits_with_a_written_case() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let done = |day: u32, case: &str| Completion {
            actual_start: at(2022, 3, day),
            actual_end: at(2022, 3, day) + chrono::Duration::hours(2),
            summary: "谈妥实习".into(),
            outcome: Outcome { exemplary: case.into(), ..Outcome::default() },
            job_postings: vec![],
            internship_bases: vec![],
        };
        let ids = store
            .write(at(2022, 3, 1), |tx| {
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                let mut ids = Vec::new();
                for (day, case) in
                    [(10, "校企共建产业学院"), (12, "  "), (14, "订单班"), (20, "实习基地"), (25, "出界")]
                {
                    let v = plan(tx, visit(&a.id, &me, at(2022, 3, day)))?;
                    complete(tx, &v.id, done(day, case))?;
                    ids.push(v.id);
                }
                plan(
                    tx,
                    Visit {
                        outcome: Outcome { exemplary: "未完成".into(), ..Outcome::default() },
                        ..visit(&a.id, &me, at(2022, 3, 16))
                    },
                )?;
                Ok(ids)
            })
            .unwrap();
        store.write(at(2022, 3, 2), |tx| tx.delete(Kind::Visit, &ids[3])).unwrap();
        let got = cases(store.conn(), at(2022, 3, 1), at(2022, 3, 25)).unwrap();
        let listed: Vec<_> =
            got.newest.iter().map(|c| (&c.id, c.starts_at, c.employer_name.as_str(), c.lead_name.as_str())).collect();
        assert_eq!(
            listed,
            [
                (&ids[2], at(2022, 3, 14), "苏州精密制造有限公司", "王书记"),
                (&ids[0], at(2022, 3, 10), "苏州精密制造有限公司", "王书记")
            ]
        );
        assert_eq!(got.total, 2);
        // Found by their own index (the 2% of the large store's visits that are cases), not by
        // reading every visit of the period.
        for sql in [CASES_COUNT, CASES_NEWEST] {
            let plan = query_plan(&store, sql);
            assert!(plan.starts_with("SEARCH v USING INDEX visits_cases (starts_at>? AND starts_at<?)"), "{plan}");
        }
    }

    /// SQLite's plan for `sql`, its steps joined by " | ".
    fn query_plan(store: &Store, sql: &str) -> String {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
        let steps = stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3)).unwrap();
        steps.collect::<rusqlite::Result<Vec<_>>>().unwrap().join(" | ")
    }

    #[test]
    fn the_detail_gathers_surveys_postings_and_bases() {
        let (_dir, mut store, me, v) = store_with_a_planned_visit();
        let d = detail(store.conn(), &v.id).unwrap();
        assert_eq!((d.employer.data.name.as_str(), d.lead_name.as_str()), ("苏州精密制造有限公司", "王书记"));
        assert!(d.demand.is_none() && d.followup.is_none() && d.job_postings.is_empty());

        let done = Completion {
            actual_start: at(2022, 3, 15),
            actual_end: at(2022, 3, 15) + chrono::Duration::hours(1),
            summary: "达成合作意向".into(),
            outcome: Outcome::default(),
            job_postings: vec![JobPosting {
                employer_id: me.clone(), // replaced by the visit's employer
                visit_id: None,
                title: "数控技术员".into(),
                headcount: 5,
                majors: vec![],
                education: Education::Vocational,
                location: String::new(),
                stage: PostingStage::Published,
                pay_min: None,
                pay_max: None,
                hired: None,
            }],
            internship_bases: vec![InternshipBase {
                employer_id: me.clone(),
                visit_id: None,
                name: "精密制造实习基地".into(),
                status: BaseStatus::Intended,
                established_on: None,
                capacity: Some(20),
                signed_on: None,
                term_ends_on: None,
                placements: Vec::new(),
            }],
        };
        store
            .write(at(2022, 3, 15), |tx| {
                complete(tx, &v.id, done)?;
                record_demand(
                    tx,
                    DemandSurvey {
                        visit_id: v.id.clone(),
                        knowledge: "机械制图".into(),
                        ability: String::new(),
                        qualities: String::new(),
                        industry_trend: String::new(),
                        majors_wanted: vec!["数控技术".into()],
                        abilities_wanted: vec![],
                        planned_hires: Some(10),
                        shortcomings: String::new(),
                        suggestions: String::new(),
                    },
                )
            })
            .unwrap();
        let d = detail(store.conn(), &v.id).unwrap();
        assert_eq!(d.visit.data.status, VisitStatus::Completed);
        assert_eq!(d.demand.unwrap().data.planned_hires, Some(10));
        assert!(d.followup.is_none());
        assert_eq!(d.job_postings[0].data.employer_id, d.employer.id);
        assert_eq!(d.internship_bases[0].data.name, "精密制造实习基地");

        store.write(at(2022, 3, 16), |tx| tx.delete(Kind::Visit, &v.id)).unwrap();
        assert_eq!(detail(store.conn(), &v.id).unwrap_err().code(), "not_found");
    }

    #[test]
    fn editing_keeps_the_status() {
        let (_dir, mut store, me, v) = store_with_a_planned_visit();
        let moved = Visit {
            planned_start: at(2022, 3, 16),
            planned_end: at(2022, 3, 16) + chrono::Duration::hours(3),
            objectives: "洽谈实习基地".into(),
            ..v.data.clone()
        };
        let saved = store.write(at(2022, 3, 2), |tx| edit(tx, &v.id, moved)).unwrap();
        assert_eq!(saved.data.planned_start, at(2022, 3, 16));
        assert_eq!(saved.data.objectives, "洽谈实习基地");

        let cancelled = Visit { status: VisitStatus::Cancelled, cancel_reason: "改期".into(), ..saved.data.clone() };
        let err = store.write(at(2022, 3, 2), |tx| edit(tx, &v.id, cancelled)).unwrap_err();
        assert_eq!(
            (err.code().as_str(), format!("{err}").starts_with("visit.status")),
            ("validation.invalid_state", true)
        );
        let err = store.write(at(2022, 3, 2), |tx| edit(tx, &me, saved.data.clone())).unwrap_err();
        assert_eq!(err.code(), "not_found");
    }
}
