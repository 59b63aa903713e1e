//! Reminders: before each planned visit (by default a day and an hour ahead) and when a
//! follow-up task falls due. Delivered ones are recorded in the store, so a restart neither
//! repeats nor loses one: a reminder missed while the app was closed comes when it next runs.
use crate::error::Result;
use crate::ids::Id;
use crate::ledger;
use crate::model::{Task, Visit, VisitStatus};
use crate::store::records::{self, Tx, timestamp};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Something to tell the user now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reminder {
    /// A planned visit starts soon.
    Visit { keys: Vec<String>, visit_id: Id, employer_name: String, starts_at: DateTime<Utc>, minutes_before: u32 },
    /// A follow-up task is due.
    Task { keys: Vec<String>, task_id: Id, title: String, due_on: NaiveDate },
}

impl Reminder {
    /// What marks it delivered: for a visit, every reminder it stands for.
    pub fn keys(&self) -> &[String] {
        match self {
            Reminder::Visit { keys, .. } | Reminder::Task { keys, .. } => keys,
        }
    }
}

/// A reminder as the UI words it for a desktop notification, in the user's language.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

fn delivered(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM reminders_sent WHERE key = ?1")?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The reminders due at `now` that have not been delivered. Of a visit's reminders that have
/// all come due (the app was closed), only the nearest is given; it stands for the others.
pub fn due(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
    let mut out = Vec::new();
    let offsets = super::preferences(conn)?.reminder_minutes;
    if let Some(furthest) = offsets.iter().max() {
        let upcoming = visits_starting(conn, now, now + Duration::minutes(i64::from(*furthest)))?;
        for (id, visit, employer_name) in upcoming {
            let start = visit.planned_start;
            let mut passed: Vec<u32> =
                offsets.iter().copied().filter(|m| start - Duration::minutes(i64::from(*m)) <= now).collect();
            passed.sort_unstable();
            let Some(nearest) = passed.first().copied() else { continue };
            let key = |m: u32| format!("visit:{id}:{}:{m}", timestamp(start));
            if delivered(conn, &key(nearest))? {
                continue;
            }
            let keys = passed.iter().map(|m| key(*m)).collect();
            out.push(Reminder::Visit { keys, visit_id: id, employer_name, starts_at: start, minutes_before: nearest });
        }
    }
    let today = ledger::today(conn, now)?.date;
    for task in records::list::<Task>(conn, "done_on IS NULL AND due_on <= ?1", "due_on, id", [today.to_string()])? {
        let key = format!("task:{}:{}", task.id, task.data.due_on);
        if !delivered(conn, &key)? {
            out.push(Reminder::Task {
                keys: vec![key],
                task_id: task.id,
                title: task.data.title,
                due_on: task.data.due_on,
            });
        }
    }
    Ok(out)
}

/// Planned visits starting in `(from, to]`, with their employers' names.
fn visits_starting(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(Id, Visit, String)>> {
    let rows = crate::visits::rows_where(
        conn,
        "v.status = ?1 AND v.starts_at > ?2 AND v.starts_at <= ?3",
        "v.starts_at, v.id",
        rusqlite::params![VisitStatus::Planned.as_str(), timestamp(from), timestamp(to)],
    )?;
    Ok(rows.into_iter().map(|r| (r.visit.id, r.visit.data, r.employer_name)).collect())
}

/// Records reminders as delivered.
pub fn mark_delivered(tx: &Tx<'_>, keys: &[String]) -> Result<()> {
    let mut insert = tx.conn().prepare_cached("INSERT OR IGNORE INTO reminders_sent (key, sent_at) VALUES (?1, ?2)")?;
    for key in keys {
        insert.execute([key, &timestamp(tx.now())])?;
    }
    Ok(())
}
