//! Planned visits as an iCalendar file (RFC 5545) for phone and desktop calendars.
//!
//! - One event per planned visit; its UID is derived from the visit's id, so importing the file
//!   again updates the events instead of adding copies, and SEQUENCE counts the visit's edits
//!   (a moved visit is a newer version of its event).
//! - A cancelled visit is still in the file, as `STATUS:CANCELLED` under a higher SEQUENCE, so
//!   a phone that imported it while planned takes it off its calendar instead of keeping it.
//! - Each event carries an alarm (VALARM) for each of the calendar's reminder offsets
//!   (Settings: none, one or several; `calendar::Preferences::reminder_minutes`).
//! - Times are written in UTC (`…Z`), which every calendar app reads without a VTIMEZONE and
//!   shows in the phone's own zone; the campaign zone's local time is in the description.
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Kind, Person, Trip, VisitStatus};
use crate::store::records::{self, columns, stored_from_row};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use icalendar::{Alarm, Calendar, Component, EventLike, EventStatus, Trigger};
use rusqlite::Connection;
use serde::Deserialize;
use std::collections::HashMap;
use ts_rs::TS;

/// Whose planned visits.
#[derive(Debug, Clone, PartialEq)]
pub enum CalendarOf {
    /// Every planned visit the person leads or takes part in.
    Person(Id),
    /// The planned stops of a trip.
    Trip(Id),
}

/// Whose planned visits, as the app asks for them.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CalendarRequest {
    Person { person_id: Id },
    Trip { trip_id: Id },
}

impl From<CalendarRequest> for CalendarOf {
    fn from(r: CalendarRequest) -> CalendarOf {
        match r {
            CalendarRequest::Person { person_id } => CalendarOf::Person(person_id),
            CalendarRequest::Trip { trip_id } => CalendarOf::Trip(trip_id),
        }
    }
}

/// The UID of a visit's event: stable for the life of the visit.
pub fn uid(visit_id: &Id) -> String {
    format!("{visit_id}@visitdesk")
}

/// The calendar of `of`, as the text of an .ics file: its planned and cancelled visits. `now` is
/// its DTSTAMP.
pub fn calendar(conn: &Connection, of: &CalendarOf, now: DateTime<Utc>) -> Result<String> {
    let (name, filter) = match of {
        CalendarOf::Person(id) => {
            let p = records::get::<Person>(conn, id)?;
            (format!("{} 走访计划", p.data.name), "v.id IN (SELECT visit_id FROM visit_people WHERE person_id = ?1)")
        }
        CalendarOf::Trip(id) => (records::get::<Trip>(conn, id)?.data.title, "v.trip_id = ?1"),
    };
    let id = match of {
        CalendarOf::Person(id) | CalendarOf::Trip(id) => id,
    };
    let names: HashMap<Id, String> = {
        let mut stmt = conn.prepare("SELECT id, data ->> 'name' FROM people")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let sql = format!(
        "SELECT {}, e.data ->> 'name', coalesce(e.data ->> 'region', ''), coalesce(e.data ->> 'address', ''),
                (SELECT count(*) FROM history h WHERE h.kind = '{}' AND h.record_id = v.id AND h.op = 'update')
         FROM visits v JOIN employers e ON e.id = v.employer_id AND e.deleted_at IS NULL
         WHERE v.deleted_at IS NULL AND v.status IN ('{}', '{}') AND {filter}
         ORDER BY v.starts_at, v.id",
        columns("v"),
        Kind::Visit.as_str(),
        VisitStatus::Planned.as_str(),
        VisitStatus::Cancelled.as_str(),
    );
    let alarms = crate::calendar::preferences(conn)?.reminder_minutes;
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            stored_from_row::<crate::model::Visit>(r)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, u32>(10)?,
        ))
    })?;
    let mut cal = Calendar::new();
    cal.name(&name);
    for row in rows {
        let (visit, employer, region, address, edits) = row?;
        let v = &visit.data;
        let zone: Tz = v.time_zone.parse().unwrap_or(crate::ledger::DEFAULT_ZONE);
        let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
        let name_of = |p: &Id| names.get(p).cloned().unwrap_or_default();
        let participants: Vec<String> = v.participant_ids.iter().map(name_of).collect();
        let mut description = vec![
            format!("带队：{}", name_of(&v.lead_id)),
            format!("时间：{} 至 {}（{}）", local(v.planned_start), local(v.planned_end), v.time_zone),
        ];
        if !participants.is_empty() {
            description.push(format!("参与人员：{}", participants.join("、")));
        }
        if !v.guests.is_empty() {
            description.push(format!("其他人员：{}", v.guests));
        }
        if !v.objectives.is_empty() {
            description.push(format!("走访目标：{}", v.objectives));
        }
        if !v.travel_note.is_empty() {
            description.push(format!("行程备注：{}", v.travel_note));
        }
        let place = if address.is_empty() { region } else { address };
        let location = format!("{employer} {place}");
        let updated = DateTime::parse_from_rfc3339(&visit.audit.updated_at).map(|t| t.with_timezone(&Utc)).ok();
        let status = match v.status {
            VisitStatus::Cancelled => EventStatus::Cancelled,
            _ => EventStatus::Confirmed,
        };
        let summary = format!("走访：{employer}");
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(&visit.id))
            .timestamp(now)
            .sequence(edits)
            .summary(&summary)
            .location(location.trim())
            .description(&description.join("\n"))
            .starts(v.planned_start)
            .ends(v.planned_end)
            .status(status);
        if let Some(t) = updated {
            event.last_modified(t);
        }
        if status == EventStatus::Confirmed {
            for minutes in &alarms {
                let before = chrono::Duration::minutes(i64::from(*minutes));
                event.alarm(Alarm::display(&summary, Trigger::before_start(before)));
            }
        }
        cal.push(event.done());
    }
    Ok(cal.done().to_string())
}
