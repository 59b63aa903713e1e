//! Recurring contact plans (日常联系互访机制): their expansion into occurrences, and edits of
//! one occurrence or of the whole series.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{ContactPlan, Kind, OccurrenceChange};
use crate::store::records::{self, Stored, Tx};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// One occurrence of a contact plan, as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Occurrence {
    pub plan_id: Id,
    /// The series date that names this occurrence (it stays the same when it is moved).
    pub on: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub title: String,
    pub employer_id: Id,
    pub employer_name: String,
    pub owner_id: Id,
    /// Moved or annotated on its own.
    pub changed: bool,
    pub note: String,
}

/// The start of the occurrence on `day` at the plan's local time (the first valid instant
/// after a daylight-saving gap).
fn start_on(plan: &ContactPlan, zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(plan.at);
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(local + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

/// The occurrences of `plan` that overlap `[from, to)`, in time order: skipped ones left out,
/// moved ones at their new time.
pub fn expand(plan_id: &Id, plan: &ContactPlan, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let zone: Tz = plan.time_zone.parse().unwrap_or(crate::ledger::DEFAULT_ZONE);
    let length = Duration::minutes(i64::from(plan.minutes));
    let mut out = Vec::new();
    // Moved occurrences may land anywhere, so every change is looked at; the regular ones are
    // walked only up to the end of the range (a day's margin either way covers any zone).
    let last_day = (to + Duration::days(1)).date_naive();
    let first_day = (from - Duration::days(1)).date_naive();
    let mut n = 0;
    while let Some(day) = plan.nth(n) {
        if day > last_day || plan.until.is_some_and(|u| day > u) {
            break;
        }
        n += 1;
        if day < first_day || plan.changes.iter().any(|c| c.on == day) {
            continue;
        }
        let start = start_on(plan, zone, day);
        out.push(occurrence(plan_id, plan, day, start, start + length, None));
    }
    for change in plan.changes.iter().filter(|c| !c.skipped) {
        let (start, end) = match (change.start, change.end) {
            (Some(s), Some(e)) => (s, e),
            _ => {
                let start = start_on(plan, zone, change.on);
                (start, start + length)
            }
        };
        out.push(occurrence(plan_id, plan, change.on, start, end, Some(change)));
    }
    out.retain(|o| o.start < to && o.end > from);
    out.sort_by_key(|o| (o.start, o.on));
    out
}

fn occurrence(
    plan_id: &Id,
    plan: &ContactPlan,
    on: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    change: Option<&OccurrenceChange>,
) -> Occurrence {
    Occurrence {
        plan_id: plan_id.clone(),
        on,
        start,
        end,
        title: plan.title.clone(),
        employer_id: plan.employer_id.clone(),
        employer_name: String::new(),
        owner_id: plan.owner_id.clone(),
        changed: change.is_some(),
        note: change.map(|c| c.note.clone()).unwrap_or_default(),
    }
}

/// Occurrences of every live plan in `[from, to)`, of the given owners (all when empty), with
/// their employers' names.
pub fn occurrences(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    owners: &[Id],
) -> Result<Vec<Occurrence>> {
    let plans = records::list::<ContactPlan>(conn, "1", "id", [])?;
    let mut out = Vec::new();
    for plan in plans.iter().filter(|p| owners.is_empty() || owners.contains(&p.data.owner_id)) {
        let name: String = conn
            .prepare_cached("SELECT coalesce(data ->> 'name', '') FROM employers WHERE id = ?1")?
            .query_row([&plan.data.employer_id], |r| r.get(0))?;
        out.extend(
            expand(&plan.id, &plan.data, from, to).into_iter().map(|o| Occurrence { employer_name: name.clone(), ..o }),
        );
    }
    out.sort_by(|a, b| (a.start, &a.plan_id).cmp(&(b.start, &b.plan_id)));
    Ok(out)
}

/// Edits one occurrence of a plan (moves it, skips it or notes it); `None` puts it back as
/// the series has it. The whole series is edited by saving the plan itself.
pub fn change_occurrence(
    tx: &Tx<'_>,
    plan_id: &Id,
    on: NaiveDate,
    change: Option<OccurrenceChange>,
) -> Result<Stored<ContactPlan>> {
    let plan: Stored<ContactPlan> = records::get(tx.conn(), plan_id)?;
    if !plan.data.falls_on(on) {
        return Err(Error::not_found(Kind::ContactPlan, format!("{plan_id}@{on}")));
    }
    let mut changes: Vec<OccurrenceChange> = plan.data.changes.into_iter().filter(|c| c.on != on).collect();
    changes.extend(change.map(|c| OccurrenceChange { on, ..c }));
    tx.update(plan_id, ContactPlan { changes, ..plan.data })
}

/// Adds a plan, or edits the whole series. Edits of single occurrences that the new series no
/// longer has are dropped with it.
pub fn save(tx: &Tx<'_>, id: Option<&Id>, plan: ContactPlan) -> Result<Stored<ContactPlan>> {
    let changes = plan.changes.iter().filter(|c| plan.falls_on(c.on)).cloned().collect();
    tx.save(id, ContactPlan { changes, ..plan })
}
