//! Trips (出访行程): a leader, a date range and an ordered itinerary of visits, with travel
//! notes between the stops.
use super::TripSpan;
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Problem, Trip, ValidationError, Visit, VisitStatus};
use crate::store::records::{self, Stored, Tx, columns, stored_from_row};
use crate::visits::{self, VisitRow};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A trip with its leader's name and its stops in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TripDetail {
    pub trip: Stored<Trip>,
    pub leader_name: String,
    pub stops: Vec<VisitRow>,
}

/// One stop of an itinerary: the visit, and the travel notes from the stop before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Stop {
    pub visit_id: Id,
    #[serde(default)]
    pub travel_note: String,
}

pub fn detail(conn: &Connection, id: &Id) -> Result<TripDetail> {
    let trip: Stored<Trip> = records::get(conn, id)?;
    let leader_name: Option<String> =
        records::find::<crate::model::Person>(conn, &trip.data.leader_id)?.map(|p| p.data.name);
    Ok(TripDetail { leader_name: leader_name.unwrap_or_default(), stops: visits::trip_stops(conn, id)?, trip })
}

/// Every trip, by its first day, with its leader's name: the list to pick a trip from.
pub fn list(conn: &Connection) -> Result<Vec<TripSpan>> {
    spans_where(conn, "1", [])
}

/// Live trips (aliased `t`) that meet `condition`, by their first day, with their leader's
/// name: the one query behind every list of trips.
pub(crate) fn spans_where(conn: &Connection, condition: &str, params: impl rusqlite::Params) -> Result<Vec<TripSpan>> {
    // The leader's name is read even from the trash, as for visits.
    let sql = format!(
        "SELECT {}, coalesce(p.data ->> 'name', '')
         FROM trips t LEFT JOIN people p ON p.id = t.leader_id
         WHERE t.deleted_at IS NULL AND ({condition})
         ORDER BY t.starts_on, t.id",
        columns("t")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| Ok(TripSpan { trip: stored_from_row(r)?, leader_name: r.get(7)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn invalid(field: &'static str, problem: Problem) -> crate::error::Error {
    ValidationError { field, problem }.into()
}

/// Adds a trip with the given stops, in order (what "build a trip from the selected visits"
/// does): one undoable step.
pub fn build(tx: &Tx<'_>, trip: Trip, stops: &[Stop]) -> Result<TripDetail> {
    let trip = tx.insert(trip)?;
    set_itinerary(tx, &trip.id, stops)
}

/// Sets a trip's itinerary: these visits, in this order, with these travel notes. Visits that
/// were stops and are left out leave the trip; the trip's dates grow to cover every stop.
pub fn set_itinerary(tx: &Tx<'_>, trip_id: &Id, stops: &[Stop]) -> Result<TripDetail> {
    let trip: Stored<Trip> = records::get(tx.conn(), trip_id)?;
    let mut chosen: Vec<Stored<Visit>> = Vec::with_capacity(stops.len());
    for stop in stops {
        if chosen.iter().any(|v| v.id == stop.visit_id) {
            return Err(invalid("trip.stops", Problem::Duplicate));
        }
        let visit: Stored<Visit> = records::get(tx.conn(), &stop.visit_id)?;
        if visit.data.status == VisitStatus::Cancelled || visit.data.trip_id.as_ref().is_some_and(|t| t != trip_id) {
            return Err(invalid("trip.stops", Problem::InvalidState));
        }
        if !visit.data.everyone().contains(&&trip.data.leader_id) {
            return Err(invalid("trip.stops", Problem::NotAParticipant));
        }
        chosen.push(visit);
    }
    for gone in visits::trip_stops(tx.conn(), trip_id)? {
        if !stops.iter().any(|s| s.visit_id == gone.visit.id) {
            let left = Visit { trip_id: None, trip_seq: None, travel_note: String::new(), ..gone.visit.data };
            tx.update(&gone.visit.id, left)?;
        }
    }
    let zone: Tz = crate::ledger::DEFAULT_ZONE;
    let mut days: Vec<NaiveDate> = Vec::new();
    for (seq, (visit, stop)) in chosen.into_iter().zip(stops).enumerate() {
        let zone: Tz = visit.data.time_zone.parse().unwrap_or(zone);
        days.push(visit.data.start().with_timezone(&zone).date_naive());
        let placed = Visit {
            trip_id: Some(trip_id.clone()),
            trip_seq: Some(u32::try_from(seq + 1).unwrap_or(u32::MAX)),
            travel_note: stop.travel_note.clone(),
            ..visit.data
        };
        tx.update(&visit.id, placed)?;
    }
    if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
        let spans =
            Trip { starts_on: trip.data.starts_on.min(*first), ends_on: trip.data.ends_on.max(*last), ..trip.data };
        tx.update(trip_id, spans)?;
    }
    detail(tx.conn(), trip_id)
}
