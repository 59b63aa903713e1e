//! The calendar: what a range of days shows, the warnings a schedule change raises, trips and
//! their itineraries, recurring contact plans and reminders. The UI's calendar draws what this
//! module returns and sends every change back through it.
pub mod plans;
pub mod reminders;
pub mod trips;
pub mod workdays;

use crate::error::{Error, Result};
use crate::ids::Id;
use crate::ledger::{self, zone_of};
use crate::model::validate::{optional_line, range as in_range};
use crate::model::{Campaign, Note, Problem, Trip, ValidationError, Visit, VisitMode, VisitStatus};
use crate::store::records::{self, Stored, Tx, timestamp};
use crate::visits;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
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

/// A visit as the calendar draws it: what its event shows, nothing more (the visit itself is
/// read when it is opened or moved).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalendarEvent {
    pub id: Id,
    /// When it happened if completed, else when it is planned.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: VisitStatus,
    /// A completion waiting for its leader's confirmation (待确认).
    pub awaiting: bool,
    pub lead_id: Id,
    pub lead_name: String,
    pub employer_name: String,
    /// The employer is a key employer (重点单位).
    pub key_employer: bool,
    pub trip_id: Option<Id>,
}

/// A day with more visits, or more trips starting on it, than the view draws: how many were
/// left out (the view offers them as "+N", which opens the day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Hidden {
    pub day: NaiveDate,
    pub visits: u32,
    pub trips: u32,
}

/// Everything the calendar shows for a range of days.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Range {
    /// The first `per_day` visits of each day (in the campaign's zone), in time order.
    pub events: Vec<CalendarEvent>,
    /// The days that have more visits or trips, and how many more, in date order.
    pub hidden: Vec<Hidden>,
    /// The first `per_day` trips starting on each day (the whole team's six weeks on the large
    /// store hold about 1,900), in date order.
    pub trips: Vec<TripSpan>,
    pub occurrences: Vec<plans::Occurrence>,
    /// The official holidays and 调休 working days of the range's days.
    pub official_days: Vec<workdays::Official>,
    /// The campaign in force: its window is shaded, its zone is the calendar's.
    pub campaign: Stored<Campaign>,
}

/// The longest range one query may cover (a year view's worth, with margins).
pub const MAX_RANGE_DAYS: i64 = 400;

/// The most visits of one day a range may draw: a day view's worth.
pub const MAX_PER_DAY: u32 = 200;

/// The visits of one day the month view draws (its cells hold so many and a "+N"); the UI's
/// calendar asks for as many (`ui/src/features/calendar/events.ts`), the benchmark likewise.
pub const MONTH_PER_DAY: u32 = 4;

/// What the calendar shows in `[from, to)`: visits that overlap it (filtered), at most
/// `per_day` of each day, trips that touch it, and contact-plan occurrences in it. Only this
/// range is read.
pub fn range(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    filter: &Filter,
    per_day: u32,
    now: DateTime<Utc>,
) -> Result<Range> {
    if to <= from {
        return Err(ValidationError { field: "calendar.to", problem: Problem::EndBeforeStart }.into());
    }
    in_range("calendar.to", (to - from).num_days(), 0, MAX_RANGE_DAYS)?;
    in_range("calendar.per_day", i64::from(per_day), 1, i64::from(MAX_PER_DAY))?;
    let campaign = ledger::today(conn, now)?.campaign;
    let zone = zone_of(&campaign.data);
    let (first_day, last_day) = (from.with_timezone(&zone).date_naive(), to.with_timezone(&zone).date_naive());
    let (events, mut hidden) = events(conn, from, to, filter, per_day, zone)?;
    let mut trips = trip_spans(conn, first_day, last_day, &filter.leaders)?;
    cap_trips(&mut trips, &mut hidden, per_day);
    Ok(Range {
        events,
        hidden,
        trips,
        occurrences: plans::occurrences(conn, from, to, &filter.leaders)?,
        official_days: workdays::Workdays::load(conn)?.between(first_day, last_day),
        campaign,
    })
}

/// Keeps the first `per_day` of `trips` (in start order) that start on each day, and adds how
/// many more each day had to `hidden` (kept in date order).
fn cap_trips(trips: &mut Vec<TripSpan>, hidden: &mut Vec<Hidden>, per_day: u32) {
    let mut seen: std::collections::BTreeMap<NaiveDate, u32> = std::collections::BTreeMap::new();
    trips.retain(|span| {
        let n = seen.entry(span.trip.data.starts_on).or_default();
        *n += 1;
        *n <= per_day
    });
    for (day, n) in seen.into_iter().filter(|(_, n)| *n > per_day) {
        match hidden.iter_mut().find(|h| h.day == day) {
            Some(h) => h.trips = n - per_day,
            None => hidden.push(Hidden { day, visits: 0, trips: n - per_day }),
        }
    }
    hidden.sort_by_key(|h| h.day);
}

/// A list as a JSON array for `json_each`, or NULL when empty (no filter).
fn json_list<T: Serialize>(items: &[T]) -> Result<Option<String>> {
    Ok(if items.is_empty() { None } else { Some(serde_json::to_string(items)?) })
}

/// The visits of `[from, to)` the filter keeps, at most `per_day` of each day in `zone`, and
/// how many of each fuller day were left out.
///
/// The visits are found in one walk of an index that holds their status and start (the
/// ledger's facts, or the participants' calendar index when filtered by leader), so a month of
/// the whole team's visits (tens of thousands on the large store) is counted without reading
/// one; only those drawn are read, with their names.
fn events(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    filter: &Filter,
    per_day: u32,
    zone: Tz,
) -> Result<(Vec<CalendarEvent>, Vec<Hidden>)> {
    let sql = found_sql(!filter.leaders.is_empty());
    let statuses = if filter.statuses.is_empty() { VisitStatus::ALL } else { &filter.statuses };
    // Each day's end as stored text: the instants sort as text, so the walk compares, without
    // parsing a time or converting a zone per visit.
    let mut ends = Vec::new();
    let mut on = (from - Duration::hours(Visit::MAX_HOURS)).with_timezone(&zone).date_naive();
    while let Some(next) = on.succ_opt() {
        let end = ledger::start_of_day(next, zone);
        ends.push((on, timestamp(end)));
        if end >= to {
            break;
        }
        on = next;
    }
    let mut drawn: Vec<Id> = Vec::new();
    let mut hidden: Vec<Hidden> = Vec::new();
    let (mut day, mut seen) = (0, 0);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![
        timestamp(from - Duration::hours(Visit::MAX_HOURS)),
        timestamp(to),
        timestamp(from),
        json_list(statuses)?,
        json_list(&filter.leaders)?,
        json_list(&filter.modes)?,
        filter.key_only,
    ])?;
    while let Some(row) = rows.next()? {
        let starts_at = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        while day + 1 < ends.len() && starts_at >= ends[day].1.as_str() {
            (day, seen) = (day + 1, 0);
        }
        seen += 1;
        if seen <= per_day {
            drawn.push(row.get(0)?);
        } else if seen == per_day + 1 {
            hidden.push(Hidden { day: ends[day].0, visits: 1, trips: 0 });
        } else if let Some(last) = hidden.last_mut() {
            last.visits += 1;
        }
    }
    Ok((drawn_events(conn, &drawn)?, hidden))
}

/// The visits of `[?1, ?2)` that overlap `?3` and pass the filter (statuses `?4`, leaders
/// `?5`, modes `?6`, key employers only `?7`), in time order: their ids and starts.
fn found_sql(by_leader: bool) -> String {
    // A visit lasts at most MAX_HOURS, so one that overlaps `from` starts no earlier than that.
    let source = if !by_leader {
        "SELECT visit_id, employer_id, starts_at FROM visit_facts INDEXED BY visit_facts_calendar
         WHERE starts_at >= ?1 AND starts_at < ?2 AND status IN (SELECT value FROM json_each(?4)) AND ?5 IS NULL"
    } else {
        "SELECT DISTINCT visit_id, employer_id, starts_at FROM visit_people INDEXED BY visit_people_calendar
         WHERE person_id IN (SELECT value FROM json_each(?5)) AND starts_at >= ?1 AND starts_at < ?2
         AND status IN (SELECT value FROM json_each(?4))"
    };
    format!(
        "SELECT c.visit_id, c.starts_at FROM ({source}) c
         WHERE (c.starts_at >= ?3 OR EXISTS (SELECT 1 FROM visits v WHERE v.id = c.visit_id
                AND coalesce(v.data ->> 'actual_end', v.data ->> 'planned_end') > ?3))
         AND (?6 IS NULL OR EXISTS (SELECT 1 FROM visits v WHERE v.id = c.visit_id
                AND v.data ->> 'mode' IN (SELECT value FROM json_each(?6))))
         AND (?7 = 0 OR EXISTS (SELECT 1 FROM employers e WHERE e.id = c.employer_id AND e.is_key = 1))
         ORDER BY c.starts_at"
    )
}

/// The events of `ids` (visits found live a moment ago, in the same read), in time order.
fn drawn_events(conn: &Connection, ids: &[Id]) -> Result<Vec<CalendarEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.starts_at, coalesce(v.data ->> 'actual_end', v.data ->> 'planned_end'), v.status,
                f.awaiting, v.data ->> 'lead_id', coalesce(p.data ->> 'name', ''), coalesce(e.data ->> 'name', ''),
                coalesce(e.is_key, 0), v.data ->> 'trip_id'
         FROM json_each(?1) j
         JOIN visits v ON v.id = j.value
         JOIN visit_facts f ON f.visit_id = v.id
         LEFT JOIN employers e ON e.id = v.employer_id
         LEFT JOIN people p ON p.id = v.data ->> 'lead_id'
         ORDER BY v.starts_at, v.id",
    )?;
    let rows = stmt.query_map([serde_json::to_string(ids)?], |r| {
        let status: String = r.get(3)?;
        let status = VisitStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, format!("status {status}").into())
        })?;
        Ok(CalendarEvent {
            id: r.get(0)?,
            start: records::instant_at(r, 1)?,
            end: records::instant_at(r, 2)?,
            status,
            awaiting: r.get::<_, i64>(4)? != 0,
            lead_id: r.get(5)?,
            lead_name: r.get(6)?,
            employer_name: r.get(7)?,
            key_employer: r.get::<_, i64>(8)? != 0,
            trip_id: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    let workdays = workdays::Workdays::load(conn)?;
    if let Some(date) = first.iter_days().take_while(|d| *d <= last).find(|d| !workdays.is_working_day(*d)) {
        warnings.push(Warning::Weekend { date, holiday: workdays.holiday(date).map(str::to_string) });
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
    /// Working hours: the calendar marks them, and a visit planned on a click lies in them.
    #[serde(default = "Preferences::default_work_start")]
    pub work_start: NaiveTime,
    #[serde(default = "Preferences::default_work_end")]
    pub work_end: NaiveTime,
}

impl Preferences {
    fn default_work_start() -> NaiveTime {
        NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN)
    }
    fn default_work_end() -> NaiveTime {
        NaiveTime::from_hms_opt(17, 30, 0).unwrap_or(NaiveTime::MIN)
    }
}

impl Default for Preferences {
    fn default() -> Preferences {
        Preferences {
            view: View::Week,
            recent_visit_days: 30,
            reminder_minutes: vec![24 * 60, 60],
            work_start: Preferences::default_work_start(),
            work_end: Preferences::default_work_end(),
        }
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
    if prefs.work_end <= prefs.work_start {
        return Err(ValidationError { field: "calendar.work_end", problem: Problem::EndBeforeStart }.into());
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
