//! The campaign's figures. Reports, exports, the dashboard and the CLI all read them from
//! here, so they never disagree.
//!
//! Counting rules:
//! - A visit counts once completed, on the day it happened (in the campaign's zone), for
//!   every person from the school who took part, the lead included.
//! - A principal leader's figure is the number of *distinct* employers they visited.
//! - A newly developed employer counts on its `developed_on` date.
//! - Job postings, internship bases, recruitment sessions and channels count on the day of
//!   the visit that obtained them; postings and bases recorded without a visit count on the
//!   day they were recorded (bases on their `established_on` date when known).
//! - Records in the trash, and the visits of employers in the trash, never count.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{Campaign, Kind, Person, Role};
use crate::store::records::{self, Stored, timestamp};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

/// An inclusive range of calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return Err(crate::model::ValidationError {
                field: "period.to",
                problem: crate::model::Problem::EndBeforeStart,
            }
            .into());
        }
        Ok(Period { from, to })
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period as a half-open range of UTC instants, as stored text, in zone `tz`.
    pub fn instants(&self, tz: Tz) -> (String, String) {
        let end = self.to.checked_add_days(Days::new(1)).unwrap_or(self.to);
        (timestamp(start_of_day(self.from, tz)), timestamp(start_of_day(end, tz)))
    }
}

/// The first instant of day `d` in zone `tz` (midnight, or the first time after a gap).
pub fn start_of_day(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| local.and_utc())
}

/// The campaign in force at `now`, its zone, and the date there.
#[derive(Debug, Clone)]
pub struct Today {
    pub campaign: Stored<Campaign>,
    pub zone: Tz,
    pub date: NaiveDate,
}

/// Finds the current campaign for `now` (by the date in the default zone), then the date in
/// the campaign's own zone.
pub fn today(conn: &Connection, now: DateTime<Utc>) -> Result<Today> {
    let campaign = current_campaign(conn, now.with_timezone(&DEFAULT_ZONE).date_naive())?;
    let zone = zone_of(&campaign.data);
    Ok(Today { date: now.with_timezone(&zone).date_naive(), zone, campaign })
}

/// The zone used when a campaign has none that parses (validation keeps that from happening).
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// A campaign's planning zone.
pub fn zone_of(campaign: &Campaign) -> Tz {
    campaign.time_zone.parse().unwrap_or(DEFAULT_ZONE)
}

/// How a count is doing against its target, given how much of the campaign has passed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Pace {
    pub target: u32,
    pub actual: u32,
    /// Share of the campaign window elapsed by `today` (0 before it starts, 1 after it ends).
    pub elapsed: f64,
    /// Where a steady pace would be by now.
    pub expected_by_now: f64,
    /// Where the current pace ends up at the close of the campaign.
    pub projected: f64,
    pub on_track: bool,
}

impl Pace {
    fn new(target: u32, actual: u32, elapsed: f64) -> Pace {
        let expected_by_now = f64::from(target) * elapsed;
        let projected = if elapsed > 0.0 { f64::from(actual) / elapsed } else { f64::from(actual) };
        Pace {
            target,
            actual,
            elapsed,
            expected_by_now,
            projected,
            on_track: f64::from(actual) >= expected_by_now.floor() || actual >= target,
        }
    }
}

/// One leader's figures.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LeaderFigures {
    pub person_id: Id,
    pub name: String,
    pub role: Role,
    /// Distinct employers visited in the period.
    pub employers_visited: u32,
    pub visits_completed: u32,
    pub visits_planned: u32,
    /// Only principal leaders (secretary, president) carry the per-person target.
    pub pace: Option<Pace>,
}

/// Mean employer satisfaction (1–5) over the follow-up surveys of the period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Satisfaction {
    pub surveys: u32,
    pub moral: Option<f64>,
    pub literacy: Option<f64>,
    pub ability: Option<f64>,
}

/// Every figure of the ledger for one period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Figures {
    pub campaign_id: Id,
    pub campaign: Campaign,
    pub period: Period,
    pub today: NaiveDate,
    pub leaders: Vec<LeaderFigures>,
    /// Newly developed employers (team target).
    pub newly_developed: Pace,
    pub visits_completed: u32,
    pub visits_planned: u32,
    pub visits_cancelled: u32,
    pub employers_visited: u32,
    pub channels: u32,
    pub recruitment_sessions: u32,
    pub job_postings: u32,
    pub job_headcount: u32,
    pub internship_bases: u32,
    pub demand_surveys: u32,
    pub satisfaction: Satisfaction,
    /// Open follow-up tasks due before `today`.
    pub overdue_tasks: u32,
}

/// The current campaign: the one whose window holds `today`, else the latest to start.
pub fn current_campaign(conn: &Connection, today: NaiveDate) -> Result<Stored<Campaign>> {
    let all = records::list::<Campaign>(conn, "1", "starts_on DESC", [])?;
    let holding = all.iter().position(|c| c.data.starts_on <= today && today <= c.data.ends_on);
    match holding {
        Some(i) => Ok(all[i].clone()),
        None => all.into_iter().next().ok_or_else(|| Error::not_found(Kind::Campaign, "current")),
    }
}

/// Completed visits of live employers in the period (`?1`, `?2`: its instants).
const DONE: &str = "FROM visits v JOIN employers e ON e.id = v.employer_id AND e.deleted_at IS NULL
    WHERE v.deleted_at IS NULL AND v.status = 'completed' AND v.starts_at >= ?1 AND v.starts_at < ?2";

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<u32> {
    let n: i64 = conn.prepare_cached(sql)?.query_row(params, |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Computes the ledger of `campaign` (the current one if `None`) over `period` (the whole
/// campaign window if `None`), as of `today`.
pub fn figures(conn: &Connection, campaign: Option<&Id>, period: Option<Period>, today: NaiveDate) -> Result<Figures> {
    let campaign = match campaign {
        Some(id) => records::get::<Campaign>(conn, id)?,
        None => current_campaign(conn, today)?,
    };
    let c = &campaign.data;
    let window = Period::new(c.starts_on, c.ends_on)?;
    let period = period.unwrap_or(window);
    let tz = zone_of(c);
    let (from, to) = period.instants(tz);
    let elapsed = if today < window.from {
        0.0
    } else {
        (((today - window.from).num_days() + 1) as f64 / window.days() as f64).min(1.0)
    };

    let mut per_person = std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT vp.person_id, count(DISTINCT v.employer_id), count(*) FROM visit_people vp
             {} GROUP BY vp.person_id",
            DONE.replacen("FROM visits v", "JOIN visits v ON v.id = vp.visit_id", 1)
        ))?;
        let rows =
            stmt.query_map(params![from, to], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?)))?;
        for row in rows {
            let (person, employers, visits) = row?;
            per_person.insert(person, (employers, visits));
        }
    }
    let mut planned_per_person = std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT vp.person_id, count(*) FROM visit_people vp JOIN visits v ON v.id = vp.visit_id
             WHERE v.deleted_at IS NULL AND v.status = 'planned' AND v.starts_at >= ?1 AND v.starts_at < ?2
             GROUP BY vp.person_id",
        )?;
        let rows = stmt.query_map(params![from, to], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, u32>(1)?)))?;
        for row in rows {
            let (person, n) = row?;
            planned_per_person.insert(person, n);
        }
    }

    let people = records::list::<Person>(conn, "role IN ('secretary', 'president', 'leader')", "created_at, id", [])?;
    let mut leaders: Vec<LeaderFigures> = people
        .into_iter()
        .map(|p| {
            let (employers_visited, visits_completed) = per_person.get(&p.id).copied().unwrap_or((0, 0));
            LeaderFigures {
                pace: p.data.role.is_principal().then(|| Pace::new(c.target_per_principal, employers_visited, elapsed)),
                visits_planned: planned_per_person.get(&p.id).copied().unwrap_or(0),
                person_id: p.id,
                name: p.data.name,
                role: p.data.role,
                employers_visited,
                visits_completed,
            }
        })
        .collect();
    leaders.sort_by_key(|l| match l.role {
        Role::Secretary => 0,
        Role::President => 1,
        _ => 2,
    });

    let newly = count(
        conn,
        "SELECT count(*) FROM employers WHERE deleted_at IS NULL AND origin = 'newly_developed'
         AND developed_on >= ?1 AND developed_on <= ?2",
        params![period.from.to_string(), period.to.to_string()],
    )?;

    let visit_status = |status: &str| {
        count(
            conn,
            "SELECT count(*) FROM visits v JOIN employers e ON e.id = v.employer_id AND e.deleted_at IS NULL
             WHERE v.deleted_at IS NULL AND v.status = ?3 AND v.starts_at >= ?1 AND v.starts_at < ?2",
            params![from, to, status],
        )
    };

    // Postings and bases: the day of their visit, else their own day.
    const OBTAINED: &str = "FROM {t} x LEFT JOIN visits v ON v.id = x.visit_id AND v.deleted_at IS NULL
        JOIN employers e ON e.id = x.employer_id AND e.deleted_at IS NULL
        WHERE x.deleted_at IS NULL AND (x.visit_id IS NULL OR v.status = 'completed')
          AND coalesce(v.starts_at, {own}) >= ?1 AND coalesce(v.starts_at, {own}) < ?2";
    let postings_sql = OBTAINED.replace("{t}", "job_postings").replace("{own}", "x.created_at");
    let (job_postings, job_headcount): (u32, u32) = conn
        .prepare_cached(&format!("SELECT count(*), coalesce(sum(x.data ->> 'headcount'), 0) {postings_sql}"))?
        .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let bases_sql = OBTAINED
        .replace("{t}", "internship_bases")
        .replace("{own}", "coalesce((x.data ->> 'established_on') || 'T00:00:00Z', x.created_at)");
    let internship_bases = count(conn, &format!("SELECT count(*) {bases_sql}"), params![from, to])?;

    let satisfaction: Satisfaction = conn
        .prepare_cached(&format!(
            "SELECT count(*), avg(s.data ->> 'satisfaction_moral'), avg(s.data ->> 'satisfaction_literacy'),
                    avg(s.data ->> 'satisfaction_ability')
             FROM followup_surveys s JOIN visits v ON v.id = s.visit_id {} AND s.deleted_at IS NULL",
            DONE.replacen("FROM visits v", "", 1)
        ))?
        .query_row(params![from, to], |r| {
            Ok(Satisfaction { surveys: r.get(0)?, moral: r.get(1)?, literacy: r.get(2)?, ability: r.get(3)? })
        })?;

    Ok(Figures {
        campaign_id: campaign.id.clone(),
        period,
        today,
        leaders,
        newly_developed: Pace::new(c.target_new_employers, newly, elapsed),
        visits_completed: visit_status("completed")?,
        visits_planned: visit_status("planned")?,
        visits_cancelled: visit_status("cancelled")?,
        employers_visited: count(conn, &format!("SELECT count(DISTINCT v.employer_id) {DONE}"), params![from, to])?,
        channels: count(
            conn,
            &format!("SELECT count(*) {DONE} AND v.data ->> '$.outcome.channel_established'"),
            params![from, to],
        )?,
        recruitment_sessions: count(
            conn,
            &format!("SELECT count(*) {DONE} AND v.data ->> '$.outcome.recruitment_agreed'"),
            params![from, to],
        )?,
        job_postings,
        job_headcount,
        internship_bases,
        demand_surveys: count(
            conn,
            &format!(
                "SELECT count(*) FROM demand_surveys s JOIN visits v ON v.id = s.visit_id {} AND s.deleted_at IS NULL",
                DONE.replacen("FROM visits v", "", 1)
            ),
            params![from, to],
        )?,
        satisfaction,
        overdue_tasks: count(
            conn,
            "SELECT count(*) FROM tasks WHERE deleted_at IS NULL AND done_on IS NULL AND due_on < ?1",
            [today.to_string()],
        )?,
        campaign: campaign.data,
    })
}

/// A label and how many times it was named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Ranked {
    pub label: String,
    pub count: u32,
}

/// What employers asked for most in the demand surveys of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Demand {
    /// Majors wanted, by the number of surveys that name them, most first.
    pub majors: Vec<Ranked>,
    /// Abilities wanted, likewise.
    pub abilities: Vec<Ranked>,
}

/// The `limit` majors and abilities named most often in the demand surveys of completed
/// visits in `period` of `campaign` (counted as [`Figures::demand_surveys`] counts surveys).
pub fn demand(conn: &Connection, campaign: &Campaign, period: Period, limit: u32) -> Result<Demand> {
    let (from, to) = period.instants(zone_of(campaign));
    let ranked = |field: &str| -> Result<Vec<Ranked>> {
        let sql = format!(
            "SELECT w.value, count(DISTINCT s.id) FROM demand_surveys s, json_each(s.data, '$.{field}') w
             JOIN visits v ON v.id = s.visit_id {} AND s.deleted_at IS NULL
             GROUP BY w.value ORDER BY 2 DESC, 1 LIMIT ?3",
            DONE.replacen("FROM visits v", "", 1)
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![from, to, limit], |r| Ok(Ranked { label: r.get(0)?, count: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(Demand { majors: ranked("majors_wanted")?, abilities: ranked("abilities_wanted")? })
}
