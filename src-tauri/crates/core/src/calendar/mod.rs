//! The calendar: what a range of days shows, the warnings a schedule change raises, trips and
//! their itineraries, recurring contact plans and reminders. The UI's calendar draws what this
//! module returns and sends every change back through it.
pub mod plans;
pub mod reminders;
pub mod trips;

use crate::error::{Error, Result};
use crate::ids::Id;
use crate::ledger::{self, zone_of};
use crate::model::validate::{optional_line, range as in_range};
use crate::model::{Campaign, Note, Problem, Trip, ValidationError, Visit, VisitMode, VisitStatus};
use crate::store::records::{self, Stored, Tx, timestamp};
use crate::visits::{self, VisitRow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::warning::Warning;

/// Which visits the calendar shows; an empty list means all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Filter {
    /// Visits any of these people take part in (lead or participant).
    #[serde(default)]
    pub leaders: Vec<Id>,
    #[serde(default)]
    pub statuses: Vec<VisitStatus>,
    #[serde(default)]
    pub modes: Vec<VisitMode>,
    /// Only visits to key employers (重点单位).
    #[serde(default)]
    pub key_only: bool,
}

/// A trip as a span of days.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TripSpan {
    pub trip: Stored<Trip>,
    pub leader_name: String,
}

/// Everything the calendar shows for a range of days.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Range {
    pub events: Vec<VisitRow>,
    pub trips: Vec<TripSpan>,
    pub occurrences: Vec<plans::Occurrence>,
    /// The campaign in force: its window is shaded, its zone is the calendar's.
    pub campaign: Stored<Campaign>,
}

/// The longest range one query may cover (a year view's worth, with margins).
pub const MAX_RANGE_DAYS: i64 = 400;

/// What the calendar shows in `[from, to)`: visits that overlap it (filtered), trips that
/// touch it, and contact-plan occurrences in it. Only this range is read.
pub fn range(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    filter: &Filter,
    now: DateTime<Utc>,
) -> Result<Range> {
    if to <= from {
        return Err(ValidationError { field: "calendar.to", problem: Problem::EndBeforeStart }.into());
    }
    in_range("calendar.to", (to - from).num_days(), 0, MAX_RANGE_DAYS)?;
    let campaign = ledger::today(conn, now)?.campaign;
    let zone = zone_of(&campaign.data);
    let (first_day, last_day) = (from.with_timezone(&zone).date_naive(), to.with_timezone(&zone).date_naive());
    Ok(Range {
        events: events(conn, from, to, filter)?,
        trips: trip_spans(conn, first_day, last_day, &filter.leaders)?,
        occurrences: plans::occurrences(conn, from, to, &filter.leaders)?,
        campaign,
    })
}

/// A list as a JSON array for `json_each`, or NULL when empty (no filter).
fn json_list<T: Serialize>(items: &[T]) -> Result<Option<String>> {
    Ok(if items.is_empty() { None } else { Some(serde_json::to_string(items)?) })
}

fn events(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>, filter: &Filter) -> Result<Vec<VisitRow>> {
    // A visit lasts at most MAX_HOURS, so one that overlaps `from` starts no earlier than that:
    // the index on starts_at bounds the scan on both sides.
    // Filtered by leaders, the visits are found through their participants' calendar index
    // (a leader's weeks are a few dozen visits among tens of thousands).
    let leaders = if filter.leaders.is_empty() {
        "?4 IS NULL"
    } else {
        "v.id IN (SELECT vp.visit_id FROM visit_people vp INDEXED BY visit_people_calendar
                  WHERE vp.person_id IN (SELECT value FROM json_each(?4)) AND vp.starts_at >= ?1 AND vp.starts_at < ?2)"
    };
    visits::rows_where(
        conn,
        &format!(
            "v.starts_at >= ?1 AND v.starts_at < ?2
         AND coalesce(v.data ->> 'actual_end', v.data ->> 'planned_end') > ?3
         AND {leaders}
         AND (?5 IS NULL OR v.status IN (SELECT value FROM json_each(?5)))
         AND (?6 IS NULL OR v.data ->> 'mode' IN (SELECT value FROM json_each(?6)))
         AND (?7 = 0 OR e.is_key = 1)"
        ),
        "v.starts_at, v.id",
        rusqlite::params![
            timestamp(from - Duration::hours(Visit::MAX_HOURS)),
            timestamp(to),
            timestamp(from),
            json_list(&filter.leaders)?,
            json_list(&filter.statuses)?,
            json_list(&filter.modes)?,
            filter.key_only,
        ],
    )
}

fn trip_spans(conn: &Connection, first_day: NaiveDate, last_day: NaiveDate, leaders: &[Id]) -> Result<Vec<TripSpan>> {
    trips::spans_where(
        conn,
        "t.starts_on <= ?2 AND t.ends_on >= ?1 AND (?3 IS NULL OR t.leader_id IN (SELECT value FROM json_each(?3)))",
        rusqlite::params![first_day.to_string(), last_day.to_string(), json_list(leaders)?],
    )
}

/// The warnings that scheduling `visit` (a new one when `id` is `None`) raises. Cancelled
/// visits, and the visit itself, never conflict.
pub fn check(conn: &Connection, id: Option<&Id>, visit: &Visit, now: DateTime<Utc>) -> Result<Vec<Warning>> {
    let visit = crate::model::Record::validate(visit.clone())?;
    let mut warnings = Vec::new();
    if visit.status == VisitStatus::Cancelled {
        return Ok(warnings);
    }
    let start = visit.start();
    let end = visit.actual_end.unwrap_or(visit.planned_end);
    let self_id = id.map(|i| i.as_str()).unwrap_or("");

    let everyone: Vec<&Id> = visit.everyone();
    let mut stmt = conn.prepare_cached(
        "SELECT vp.person_id, coalesce(p.data ->> 'name', ''), v.id, coalesce(e.data ->> 'name', ''), v.starts_at
         FROM visits v
         JOIN visit_people vp ON vp.visit_id = v.id
         LEFT JOIN people p ON p.id = vp.person_id
         LEFT JOIN employers e ON e.id = v.employer_id
         WHERE v.deleted_at IS NULL AND v.status != 'cancelled' AND v.id != ?1
           AND v.starts_at >= ?2 AND v.starts_at < ?3
           AND coalesce(v.data ->> 'actual_end', v.data ->> 'planned_end') > ?4
           AND vp.person_id IN (SELECT value FROM json_each(?5))
         ORDER BY v.starts_at, vp.person_id",
    )?;
    let booked = stmt.query_map(
        rusqlite::params![
            self_id,
            timestamp(start - Duration::hours(Visit::MAX_HOURS)),
            timestamp(end),
            timestamp(start),
            serde_json::to_string(&everyone)?,
        ],
        |r| {
            Ok(Warning::DoubleBooked {
                person_id: r.get(0)?,
                person_name: r.get(1)?,
                visit_id: r.get(2)?,
                employer_name: r.get(3)?,
                starts_at: parse_instant(&r.get::<_, String>(4)?),
            })
        },
    )?;
    for w in booked {
        warnings.push(w?);
    }

    let within = preferences(conn)?.recent_visit_days;
    let recent = records::list::<Visit>(
        conn,
        "employer_id = ?1 AND status != 'cancelled' AND id != ?2 AND starts_at >= ?3 AND starts_at <= ?4",
        "starts_at, id",
        rusqlite::params![
            visit.employer_id,
            self_id,
            timestamp(start - Duration::days(i64::from(within))),
            timestamp(start + Duration::days(i64::from(within))),
        ],
    )?;
    for other in recent {
        let days_apart = (other.data.start() - start).num_days().abs();
        warnings.push(Warning::RecentVisit {
            visit_id: other.id,
            starts_at: other.data.start(),
            days_apart,
            within_days: within,
        });
    }

    let campaign = ledger::today(conn, now)?.campaign.data;
    let zone: Tz = visit.time_zone.parse().unwrap_or_else(|_| zone_of(&campaign));
    let (first, last) =
        (start.with_timezone(&zone).date_naive(), (end - Duration::seconds(1)).with_timezone(&zone).date_naive());
    if first < campaign.starts_on || last > campaign.ends_on {
        warnings.push(Warning::OutsideCampaign { starts_on: campaign.starts_on, ends_on: campaign.ends_on });
    }
    if let Some(date) =
        first.iter_days().take_while(|d| *d <= last).find(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    {
        warnings.push(Warning::Weekend { date });
    }
    Ok(warnings)
}

/// Stored instants are RFC 3339 text written by the store itself.
fn parse_instant(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

/// Plans a visit (`id` is `None`) or changes a planned one's time, people or details, as one
/// undoable step. When the change raises warnings, it is saved only with a reason, which is
/// kept as a note on the visit; without one it fails with [`Error::Conflicts`].
pub fn schedule(tx: &Tx<'_>, id: Option<&Id>, visit: Visit, override_reason: &str) -> Result<Stored<Visit>> {
    let warnings = check(tx.conn(), id, &visit, tx.now())?;
    let reason = optional_line("calendar.override_reason", override_reason)?;
    if !warnings.is_empty() && reason.is_empty() {
        return Err(Error::Conflicts(warnings));
    }
    let saved = match id {
        Some(id) => visits::edit(tx, id, visit)?,
        None => visits::plan(tx, visit)?,
    };
    if !warnings.is_empty() {
        let zone: Tz = saved.data.time_zone.parse().unwrap_or(ledger::DEFAULT_ZONE);
        tx.insert(Note {
            employer_id: saved.data.employer_id.clone(),
            visit_id: Some(saved.id.clone()),
            written_on: tx.now().with_timezone(&zone).date_naive(),
            body: format!("【日程冲突已确认】{reason}"),
        })?;
    }
    Ok(saved)
}

/// Moves or resizes a planned visit: [`schedule`] with only its times changed.
pub fn move_visit(
    tx: &Tx<'_>,
    id: &Id,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    override_reason: &str,
) -> Result<Stored<Visit>> {
    let visit: Stored<Visit> = records::get(tx.conn(), id)?;
    if visit.data.status != VisitStatus::Planned {
        return Err(ValidationError { field: "visit.status", problem: Problem::InvalidState }.into());
    }
    schedule(tx, Some(id), Visit { planned_start: start, planned_end: end, ..visit.data }, override_reason)
}

crate::model::choice!(
    /// The calendar's views.
    View {
        Month = "month",
        Week = "week",
        Day = "day",
        Agenda = "agenda",
    }
);

/// The calendar's settings, kept in the store so they follow the person across launches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Preferences {
    /// The view the calendar opens in: the last one used.
    pub view: View,
    /// Visits to the same employer closer than this many days raise a warning.
    pub recent_visit_days: u32,
    /// How long before a planned visit each reminder comes, in minutes.
    pub reminder_minutes: Vec<u32>,
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences { view: View::Week, recent_visit_days: 30, reminder_minutes: vec![24 * 60, 60] }
    }
}

const PREFERENCES: &str = "calendar";

/// The calendar's settings; the defaults where unset or unreadable.
pub fn preferences(conn: &Connection) -> Result<Preferences> {
    Ok(records::setting(conn, PREFERENCES)?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

/// Saves the calendar's settings; nothing is written if any is out of range.
pub fn save_preferences(tx: &Tx<'_>, prefs: Preferences) -> Result<Preferences> {
    in_range("calendar.recent_visit_days", i64::from(prefs.recent_visit_days), 0, 365)?;
    in_range("calendar.reminder_minutes", prefs.reminder_minutes.len() as i64, 0, 5)?;
    for m in &prefs.reminder_minutes {
        in_range("calendar.reminder_minutes", i64::from(*m), 1, 14 * 24 * 60)?;
    }
    let mut reminder_minutes = prefs.reminder_minutes;
    reminder_minutes.sort_unstable_by(|a, b| b.cmp(a));
    reminder_minutes.dedup();
    let prefs = Preferences { reminder_minutes, ..prefs };
    tx.set_setting(PREFERENCES, &serde_json::to_string(&prefs)?)?;
    Ok(prefs)
}

#[cfg(test)]
mod tests;
