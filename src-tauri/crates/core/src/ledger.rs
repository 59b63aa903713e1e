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
//!   day they were recorded (bases on their `established_on` date when known). They are
//!   counted by their stage as it is now.
//! - Recruitment events count on the day they are held, whether or not a visit agreed them.
//! - Jobs shared with the paired school (一帮一) count on the day they were first shared, with
//!   the placements the pair reported for them.
//! - Records in the trash, and the visits of employers in the trash, never count.
use crate::calendar::workdays::Workdays;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{Campaign, Kind, Person, Role, VisitStatus};
use crate::store::records::{self, Stored, timestamp};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};
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

    /// The period from `from` to `to` when both are given, `None` when neither is (the
    /// campaign's window); half a period is refused.
    pub fn optional(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Option<Period>> {
        match (from, to) {
            (Some(from), Some(to)) => Ok(Some(Period::new(from, to)?)),
            (None, None) => Ok(None),
            (None, Some(_)) => {
                Err(crate::model::ValidationError { field: "period.from", problem: crate::model::Problem::Required }
                    .into())
            }
            (Some(_), None) => {
                Err(crate::model::ValidationError { field: "period.to", problem: crate::model::Problem::Required }
                    .into())
            }
        }
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
    /// Share of the campaign window's working days passed by `today` (0 before it starts, 1
    /// after it ends).
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

/// The share of `window`'s working days (holidays off, 调休 days on) that have passed by the
/// end of `today`: 0 before the window, 1 after it. A window without a working day counts
/// its calendar days instead.
fn elapsed(workdays: &Workdays, window: Period, today: NaiveDate) -> f64 {
    if today < window.from {
        return 0.0;
    }
    let upto = today.min(window.to);
    match workdays.count(window.from, window.to) {
        0 => (((upto - window.from).num_days() + 1) as f64 / window.days() as f64).min(1.0),
        all => f64::from(workdays.count(window.from, upto)) / f64::from(all),
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

/// Job postings by stage (意向, 已发布, 已招满, 已关闭), and the graduates hired on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct PostingStages {
    pub intended: u32,
    pub published: u32,
    pub filled: u32,
    pub closed: u32,
    pub hired: u32,
}

/// Internship bases by stage (意向, 已签约, 已挂牌, 已到期).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct BaseStages {
    pub intended: u32,
    pub signed: u32,
    pub unveiled: u32,
    pub expired: u32,
}

/// Recruitment events held in the period, by kind, with the students who attended and the
/// offers made (where known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct EventFigures {
    pub talks: u32,
    pub job_fairs: u32,
    pub double_choices: u32,
    pub online_talks: u32,
    pub attended: u32,
    pub offers: u32,
}

impl PostingStages {
    /// By stage, in Chinese, for reports and workbooks.
    pub fn zh(&self) -> String {
        format!("意向 {}、已发布 {}、已招满 {}、已关闭 {}", self.intended, self.published, self.filled, self.closed)
    }
    pub fn total(&self) -> u32 {
        [self.intended, self.published, self.filled, self.closed].into_iter().fold(0, u32::saturating_add)
    }
    fn plus(&self, o: &PostingStages) -> PostingStages {
        PostingStages {
            intended: self.intended.saturating_add(o.intended),
            published: self.published.saturating_add(o.published),
            filled: self.filled.saturating_add(o.filled),
            closed: self.closed.saturating_add(o.closed),
            hired: self.hired.saturating_add(o.hired),
        }
    }
}

impl BaseStages {
    /// By stage, in Chinese, for reports and workbooks.
    pub fn zh(&self) -> String {
        format!("意向 {}、已签约 {}、已挂牌 {}、已到期 {}", self.intended, self.signed, self.unveiled, self.expired)
    }
    pub fn total(&self) -> u32 {
        [self.intended, self.signed, self.unveiled, self.expired].into_iter().fold(0, u32::saturating_add)
    }
    fn plus(&self, o: &BaseStages) -> BaseStages {
        BaseStages {
            intended: self.intended.saturating_add(o.intended),
            signed: self.signed.saturating_add(o.signed),
            unveiled: self.unveiled.saturating_add(o.unveiled),
            expired: self.expired.saturating_add(o.expired),
        }
    }
}

impl EventFigures {
    /// By kind, in Chinese, for reports and workbooks.
    pub fn zh(&self) -> String {
        format!(
            "宣讲会 {}、专场招聘会 {}、双选会 {}、空中宣讲 {}",
            self.talks, self.job_fairs, self.double_choices, self.online_talks
        )
    }
    pub fn total(&self) -> u32 {
        self.talks.saturating_add(self.job_fairs).saturating_add(self.double_choices).saturating_add(self.online_talks)
    }
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
    /// Of the completed visits, those recorded by someone other than their leader and not
    /// confirmed yet (待确认); the rest are confirmed.
    pub visits_awaiting: u32,
    pub visits_planned: u32,
    pub visits_cancelled: u32,
    pub employers_visited: u32,
    pub channels: u32,
    pub recruitment_sessions: u32,
    pub job_postings: u32,
    pub job_headcount: u32,
    pub internship_bases: u32,
    pub posting_stages: PostingStages,
    pub base_stages: BaseStages,
    pub events: EventFigures,
    pub demand_surveys: u32,
    pub satisfaction: Satisfaction,
    /// Open follow-up tasks due before `today`.
    pub overdue_tasks: u32,
    /// 一帮一: the headcount of the postings first shared with the paired school in the period.
    pub jobs_shared_with_pair: u32,
    /// Of those, the graduates the paired school reported placed.
    pub pair_placements: u32,
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

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<u32> {
    let n: i64 = conn.prepare_cached(sql)?.query_row(params, |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The completed visits of `[?1, ?2)`, summed per employer, then over the employers.
const DONE: &str = "SELECT count(*), sum(n), sum(channels), sum(sessions), sum(postings), sum(headcount), sum(bases),
                      sum(demand), sum(followups), sum(moral), sum(literacy), sum(ability), sum(awaiting),
                      sum(published), sum(filled), sum(closed), sum(hired), sum(signed), sum(unveiled), sum(expired)
        FROM (SELECT count(*) n, sum(channel) channels, sum(recruitment) sessions, sum(postings) postings,
                     sum(headcount) headcount, sum(bases) bases, sum(demand_surveys) demand,
                     sum(followups) followups, sum(moral_sum) moral, sum(literacy_sum) literacy,
                     sum(ability_sum) ability, sum(awaiting) awaiting, sum(postings_published) published,
                     sum(postings_filled) filled, sum(postings_closed) closed, sum(hired) hired,
                     sum(bases_signed) signed, sum(bases_unveiled) unveiled, sum(bases_expired) expired
              FROM visit_facts WHERE status = 'completed' AND +starts_at >= ?1 AND +starts_at < ?2
              GROUP BY employer_id)";
// The planner is held to the orders these were written for (it may otherwise prefer a range
// on another index and sort): the facts' primary key (`+starts_at` keeps the range off
// visit_facts_when), and visit_people_ledger.

/// One person's (`?3`) completed visits in `[?1, ?2)` and the distinct employers among them.
const PERSON_DONE: &str = "SELECT count(*), coalesce(sum(n), 0) FROM (
    SELECT count(*) n FROM visit_people INDEXED BY visit_people_ledger
    WHERE status = 'completed' AND person_id = ?3 AND starts_at >= ?1 AND starts_at < ?2
    GROUP BY employer_id)";
/// One person's (`?3`) planned visits in `[?1, ?2)`.
const PERSON_PLANNED: &str = "SELECT count(*) FROM visit_people INDEXED BY visit_people_ledger
    WHERE status = 'planned' AND person_id = ?3 AND starts_at >= ?1 AND starts_at < ?2";
/// The visits of status `?3` in `[?1, ?2)`.
const BY_STATUS: &str = "SELECT count(*) FROM visit_facts INDEXED BY visit_facts_when WHERE status = ?3 AND starts_at >= ?1 AND starts_at < ?2";

/// What the visits of a period add up to: the sums over the completed ones, and the visits
/// of the other statuses.
#[derive(Debug, Default, PartialEq)]
struct Done {
    employers: u32,
    visits: u32,
    channels: u32,
    sessions: u32,
    postings: u32,
    headcount: u32,
    bases: u32,
    demand_surveys: u32,
    followups: u32,
    moral: i64,
    literacy: i64,
    ability: i64,
    awaiting: u32,
    postings_by: PostingStages,
    bases_by: BaseStages,
    planned: u32,
    cancelled: u32,
}

/// One person's visits in a period: distinct employers, completed visits, planned visits.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct PersonCounts {
    employers: u32,
    completed: u32,
    planned: u32,
}

/// A count read as SQLite's integer (`NULL` for a sum over no rows), clamped to `u32`.
fn count_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<u32> {
    Ok(u32::try_from(r.get::<_, Option<i64>>(i)?.unwrap_or(0)).unwrap_or(u32::MAX))
}

/// Sums the facts of the completed visits in `[from, to)` (see `store::facts`). The rows are
/// read grouped by employer in the table's own order, so the groups are the distinct employers.
fn done(conn: &Connection, from: &str, to: &str) -> Result<Done> {
    let mut done = conn.prepare_cached(DONE)?.query_row(params![from, to], done_from_row)?;
    done.planned = count(conn, BY_STATUS, params![from, to, "planned"])?;
    done.cancelled = count(conn, BY_STATUS, params![from, to, "cancelled"])?;
    Ok(done)
}

/// The completed visits' sums, in [`DONE`]'s column order.
fn done_from_row(r: &rusqlite::Row) -> rusqlite::Result<Done> {
    let sum = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0)) };
    Ok(Done {
        employers: count_at(r, 0)?,
        visits: count_at(r, 1)?,
        channels: count_at(r, 2)?,
        sessions: count_at(r, 3)?,
        postings: count_at(r, 4)?,
        headcount: count_at(r, 5)?,
        bases: count_at(r, 6)?,
        demand_surveys: count_at(r, 7)?,
        followups: count_at(r, 8)?,
        moral: sum(9)?,
        literacy: sum(10)?,
        ability: sum(11)?,
        awaiting: count_at(r, 12)?,
        postings_by: stages(r, 4, 13)?,
        bases_by: base_stages(r, 6, 17)?,
        planned: 0,
        cancelled: 0,
    })
}

/// Bases by stage from a row holding, at `total`, how many there are and, from `first`, how
/// many are signed, unveiled and expired (the rest are intended).
fn base_stages(r: &rusqlite::Row, total: usize, first: usize) -> rusqlite::Result<BaseStages> {
    let (signed, unveiled, expired) = (count_at(r, first)?, count_at(r, first + 1)?, count_at(r, first + 2)?);
    Ok(BaseStages {
        intended: count_at(r, total)?.saturating_sub(signed).saturating_sub(unveiled).saturating_sub(expired),
        signed,
        unveiled,
        expired,
    })
}

/// Postings by stage from a row holding, at `total`, how many there are and, from `first`,
/// how many are published, filled and closed and the hires (the rest are intended).
fn stages(r: &rusqlite::Row, total: usize, first: usize) -> rusqlite::Result<PostingStages> {
    let (published, filled, closed) = (count_at(r, first)?, count_at(r, first + 1)?, count_at(r, first + 2)?);
    Ok(PostingStages {
        intended: count_at(r, total)?.saturating_sub(published).saturating_sub(filled).saturating_sub(closed),
        published,
        filled,
        closed,
        hired: count_at(r, first + 3)?,
    })
}

/// One person's (`id`) visits in `[from, to)`, walked in their index.
fn person_counts(conn: &Connection, from: &str, to: &str, id: &Id) -> Result<PersonCounts> {
    let (employers, completed) = conn
        .prepare_cached(PERSON_DONE)?
        .query_row(params![from, to, id], |r| Ok((count_at(r, 0)?, count_at(r, 1)?)))?;
    Ok(PersonCounts { employers, completed, planned: count(conn, PERSON_PLANNED, params![from, to, id])? })
}

/// The team's totals, and each person's by id.
type Kept = (Done, Vec<(Id, PersonCounts)>);

/// The running totals of `campaign`'s window (`store::totals`), when they were kept for
/// exactly `[from, to)`: the team's, and each person's.
fn kept_totals(conn: &Connection, campaign: &Id, from: &str, to: &str) -> Result<Option<Kept>> {
    let done = conn
        .prepare_cached(
            "SELECT employers, completed, channels, sessions, postings, headcount, bases, demand_surveys,
                    followups, moral_sum, literacy_sum, ability_sum, awaiting, postings_published, postings_filled,
                    postings_closed, hired, bases_signed, bases_unveiled, bases_expired, planned, cancelled
             FROM ledger_windows WHERE campaign_id = ?1 AND from_at = ?2 AND to_at = ?3",
        )?
        .query_row(params![campaign, from, to], |r| {
            Ok(Done { planned: count_at(r, 20)?, cancelled: count_at(r, 21)?, ..done_from_row(r)? })
        })
        .optional()?;
    let Some(done) = done else { return Ok(None) };
    let mut stmt = conn
        .prepare_cached("SELECT person_id, employers, completed, planned FROM ledger_people WHERE campaign_id = ?1")?;
    let people = stmt
        .query_map([campaign], |r| {
            Ok((
                r.get(0)?,
                PersonCounts { employers: count_at(r, 1)?, completed: count_at(r, 2)?, planned: count_at(r, 3)? },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some((done, people)))
}

/// Computes the ledger of `campaign` (the current one if `None`) over `period` (the whole
/// campaign window if `None`), as of `today`.
///
/// Visits are counted from the derived tables `visit_facts` and `visit_people`, which hold
/// live visits only; a live visit always has a live employer (trashing an employer trashes
/// its visits, and nothing is restored without its employer), so no employer is looked up.
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
    let elapsed = elapsed(&Workdays::load(conn)?, window, today);

    // The campaign's whole window is kept as running totals; any other period is counted.
    let kept = match period == window {
        true => kept_totals(conn, &campaign.id, &from, &to)?,
        false => None,
    };
    let people = records::list::<Person>(conn, "role IN ('secretary', 'president', 'leader')", "created_at, id", [])?;
    let mut leaders = Vec::with_capacity(people.len());
    for p in people {
        let counts = match &kept {
            Some((_, kept)) => kept.iter().find(|(id, _)| *id == p.id).map(|(_, c)| *c).unwrap_or_default(),
            None => person_counts(conn, &from, &to, &p.id)?,
        };
        leaders.push(LeaderFigures {
            pace: p.data.role.is_principal().then(|| Pace::new(c.target_per_principal, counts.employers, elapsed)),
            person_id: p.id,
            name: p.data.name,
            role: p.data.role,
            employers_visited: counts.employers,
            visits_completed: counts.completed,
            visits_planned: counts.planned,
        });
    }
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
    let done = match kept {
        Some((done, _)) => done,
        None => done(conn, &from, &to)?,
    };
    // Postings and bases recorded without a visit count on their own day.
    let (own_headcount, own_postings) = conn
        .prepare_cached(
            "SELECT coalesce(sum(data ->> 'headcount'), 0), count(*),
                 count(*) FILTER (WHERE data ->> 'stage' = 'published'),
                 count(*) FILTER (WHERE data ->> 'stage' = 'filled'),
                 count(*) FILTER (WHERE data ->> 'stage' = 'closed'), sum(data ->> 'hired')
             FROM job_postings
             WHERE visit_id IS NULL AND deleted_at IS NULL AND created_at >= ?1 AND created_at < ?2",
        )?
        .query_row(params![from, to], |r| Ok((count_at(r, 0)?, stages(r, 1, 2)?)))?;
    let own_bases = conn
        .prepare_cached(
            "SELECT count(*), count(*) FILTER (WHERE data ->> 'status' = 'signed'),
                 count(*) FILTER (WHERE data ->> 'status' = 'unveiled'),
                 count(*) FILTER (WHERE data ->> 'status' = 'expired')
             FROM internship_bases WHERE visit_id IS NULL AND deleted_at IS NULL
             AND coalesce((data ->> 'established_on') || 'T00:00:00Z', created_at) >= ?1
             AND coalesce((data ->> 'established_on') || 'T00:00:00Z', created_at) < ?2",
        )?
        .query_row(params![from, to], |r| base_stages(r, 0, 1))?;
    let events = conn
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE data ->> 'kind' = 'talk'),
                 count(*) FILTER (WHERE data ->> 'kind' = 'job_fair'),
                 count(*) FILTER (WHERE data ->> 'kind' = 'double_choice'),
                 count(*) FILTER (WHERE data ->> 'kind' = 'online_talk'),
                 sum(data ->> 'attended'), sum(data ->> 'offers')
             FROM recruitment_events INDEXED BY recruitment_events_held
             WHERE deleted_at IS NULL AND held_on >= ?1 AND held_on <= ?2",
        )?
        .query_row(params![period.from.to_string(), period.to.to_string()], |r| {
            Ok(EventFigures {
                talks: count_at(r, 0)?,
                job_fairs: count_at(r, 1)?,
                double_choices: count_at(r, 2)?,
                online_talks: count_at(r, 3)?,
                attended: count_at(r, 4)?,
                offers: count_at(r, 5)?,
            })
        })?;
    let mean = |sum: i64| (done.followups > 0).then(|| sum as f64 / f64::from(done.followups));
    let (jobs_shared_with_pair, pair_placements) =
        crate::share::sums(conn, "data ->> 'shared_at' >= ?1 AND data ->> 'shared_at' < ?2", params![from, to])?;

    Ok(Figures {
        campaign_id: campaign.id.clone(),
        period,
        today,
        leaders,
        newly_developed: Pace::new(c.target_new_employers, newly, elapsed),
        visits_completed: done.visits,
        visits_awaiting: done.awaiting,
        visits_planned: done.planned,
        visits_cancelled: done.cancelled,
        employers_visited: done.employers,
        channels: done.channels,
        recruitment_sessions: done.sessions,
        job_postings: done.postings.saturating_add(own_postings.total()),
        job_headcount: done.headcount.saturating_add(own_headcount),
        internship_bases: done.bases.saturating_add(own_bases.total()),
        posting_stages: done.postings_by.plus(&own_postings),
        base_stages: done.bases_by.plus(&own_bases),
        events,
        demand_surveys: done.demand_surveys,
        satisfaction: Satisfaction {
            surveys: done.followups,
            moral: mean(done.moral),
            literacy: mean(done.literacy),
            ability: mean(done.ability),
        },
        overdue_tasks: count(
            conn,
            "SELECT count(*) FROM tasks WHERE deleted_at IS NULL AND done_on IS NULL AND due_on < ?1",
            [today.to_string()],
        )?,
        jobs_shared_with_pair,
        pair_placements,
        campaign: campaign.data,
    })
}

/// How many live visits of `status` start in `[from, to)`.
pub fn count_visits(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>, status: VisitStatus) -> Result<u32> {
    count(conn, BY_STATUS, params![timestamp(from), timestamp(to), status.as_str()])
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
            "SELECT w.value, count(DISTINCT s.id)
             FROM visit_facts f JOIN demand_surveys s ON s.visit_id = f.visit_id AND s.deleted_at IS NULL,
                  json_each(s.data, '$.{field}') w
             WHERE f.status = 'completed' AND f.starts_at >= ?1 AND f.starts_at < ?2 AND f.demand_surveys > 0
             GROUP BY w.value ORDER BY 2 DESC, 1 LIMIT ?3"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![from, to, limit], |r| Ok(Ranked { label: r.get(0)?, count: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(Demand { majors: ranked("majors_wanted")?, abilities: ranked("abilities_wanted")? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn a_period_is_both_days_or_neither() {
        let (may, june) = (day(2022, 5, 1), day(2022, 6, 1));
        assert_eq!(Period::optional(Some(may), Some(june)).unwrap(), Some(Period { from: may, to: june }));
        assert_eq!(Period::optional(None, None).unwrap(), None);
        for (from, to, field) in [(Some(may), None, "period.to"), (None, Some(june), "period.from")] {
            match Period::optional(from, to) {
                Err(Error::Validation(v)) => assert_eq!(v.field, field),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(Period::optional(Some(june), Some(may)).unwrap_err().code(), "validation.end_before_start");
    }

    /// The pace counts working days: in the National Day week of 2023 (Monday 2 to Sunday 8
    /// October) only the 调休 Saturday and Sunday were worked, so the week adds two days, not
    /// seven; a campaign's weekends and holidays do not count against it.
    #[test]
    fn the_pace_counts_working_days() {
        let w = Workdays::default();
        let october = Period::new(day(2023, 10, 1), day(2023, 10, 31)).unwrap();
        // October 2023 had 19 working days: 22 weekdays, less 5 holidays (2–6), plus 7 and 8.
        assert_eq!(w.count(october.from, october.to), 19);
        assert_eq!(elapsed(&w, october, day(2023, 9, 30)), 0.0);
        assert_eq!(elapsed(&w, october, day(2023, 10, 6)), 0.0);
        assert_eq!(elapsed(&w, october, day(2023, 10, 8)), 2.0 / 19.0);
        assert_eq!(elapsed(&w, october, day(2023, 11, 30)), 1.0);
        // A window of holidays only counts its calendar days.
        let holidays = Period::new(day(2023, 10, 1), day(2023, 10, 6)).unwrap();
        assert_eq!(elapsed(&w, holidays, day(2023, 10, 3)), 0.5);
    }

    /// The campaign's whole window is read from the running totals, and they give the figures
    /// that counting the facts gives.
    #[test]
    fn the_kept_totals_give_the_counted_figures() {
        let (_dir, mut store) = new_store();
        let now = at(2022, 6, 15);
        crate::demo::fill(&mut store, crate::demo::Size::Small, 3, now).unwrap();
        let conn = store.conn();
        let today = now.date_naive();
        let campaign = current_campaign(conn, today).unwrap();
        let (from, to) =
            Period::new(campaign.data.starts_on, campaign.data.ends_on).unwrap().instants(zone_of(&campaign.data));
        assert!(kept_totals(conn, &campaign.id, &from, &to).unwrap().is_some());
        let kept = figures(conn, None, None, today).unwrap();
        conn.execute("DELETE FROM ledger_windows", []).unwrap();
        assert!(kept_totals(conn, &campaign.id, &from, &to).unwrap().is_none());
        assert_eq!(kept, figures(conn, None, None, today).unwrap());
        assert!(kept.visits_completed > 0 && kept.visits_planned > 0 && kept.visits_cancelled > 0, "{kept:?}");
        // The demo's leaders (not the store's own admin) have visited employers of their own.
        assert!(kept.leaders.iter().filter(|l| l.employers_visited > 0).count() >= 3, "{:?}", kept.leaders);
        assert!(kept.leaders.iter().all(|l| l.visits_completed >= l.employers_visited));
    }

    /// The counts walk the derived tables in their own order: no record table is read and
    /// nothing is sorted (the large demo store has 100,000 visits; see make bench).
    #[test]
    fn the_counts_read_only_the_derived_tables_in_order() {
        let (_dir, store) = crate::testing::new_store();
        for sql in [DONE, PERSON_DONE, PERSON_PLANNED, BY_STATUS] {
            let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let values = ["a", "b", "c"].into_iter().take(stmt.parameter_count());
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(values), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let plan = plan.join(" | ");
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
            let tables: Vec<&str> =
                plan.split(['|', ' ']).filter(|w| ["visits", "employers", "job_postings"].contains(w)).collect();
            assert!(tables.is_empty(), "{plan}");
            assert!(plan.contains("visit_facts") || plan.contains("visit_people_ledger"), "{plan}");
        }
    }
}
