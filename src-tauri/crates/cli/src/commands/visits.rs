//! Visits: plan, edit, complete, cancel, list; as the app's visit editor does them
//! (`visits::plan`, `visits::edit`, `visits::complete`, `visits::cancel`). Times are read and
//! shown in the campaign's zone (a visit being edited: in the zone it was planned in).
use super::people;
use crate::args::{list, parse_choice, parse_date, parse_id};
use crate::env::Env;
use crate::output::{Failure, Output, Result, lines, output};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use visitdesk_core::ids::Id;
use visitdesk_core::ledger;
use visitdesk_core::model::validate;
use visitdesk_core::model::{
    BaseStatus, Education, InternshipBase, JobPosting, Outcome, PostingStage, RecruitmentMode, Visit, VisitMode,
    VisitStatus,
};
use visitdesk_core::store::{Store, records};
use visitdesk_core::visits::{self, Completion};

#[derive(Debug, Subcommand)]
pub enum VisitCmd {
    /// Plan a visit. Times are local to the campaign's zone: "2022-03-15 09:30".
    Plan(PlanArgs),
    /// Change a visit's plan: the options given replace its values, the others are kept.
    Edit(EditArgs),
    /// Record that a visit took place, and what it opened up.
    Complete {
        #[arg(value_parser = parse_id)]
        id: Id,
        /// Actual start; defaults to the planned one.
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long, default_value = "")]
        summary: String,
        /// A cooperation channel was established.
        #[arg(long)]
        channel: bool,
        /// The employer agreed to recruit on campus: offline, online or both.
        #[arg(long, value_parser = parse_choice::<RecruitmentMode>)]
        recruitment: Option<RecruitmentMode>,
        /// A job posting as TITLE:HEADCOUNT[:MAJOR,MAJOR…], repeatable.
        #[arg(long)]
        job: Vec<String>,
        /// An internship base established, by name, repeatable.
        #[arg(long)]
        base: Vec<String>,
    },
    Cancel {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(long)]
        reason: String,
    },
    /// Plan a cancelled visit again: a new planned visit with its employer and people, linked
    /// to it. Times are local to the visit's zone.
    Replan {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
    },
    /// Confirm a completion someone else recorded for the visit's leader (待确认 → 已确认):
    /// the leader's, or an admin's.
    Confirm {
        #[arg(value_parser = parse_id)]
        id: Id,
    },
    List {
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        #[arg(long, value_parser = parse_choice::<VisitStatus>)]
        status: Option<VisitStatus>,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[arg(long, value_parser = parse_id)]
    employer: Id,
    /// The leading leader (id or name).
    #[arg(long)]
    lead: String,
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: String,
    #[command(flatten)]
    more: More,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_id)]
    id: Id,
    #[arg(long, value_parser = parse_id)]
    employer: Option<Id>,
    /// The leading leader (id or name).
    #[arg(long)]
    lead: Option<String>,
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
    #[command(flatten)]
    more: More,
}

/// What a plan may say beyond who, where and when.
#[derive(Debug, Args)]
struct More {
    /// on_site (planning: the default), hosted or online.
    #[arg(long, value_parser = parse_choice::<VisitMode>)]
    mode: Option<VisitMode>,
    /// Other participants (id or name), repeatable; when editing, they replace the visit's.
    #[arg(long)]
    participant: Vec<String>,
    #[arg(long)]
    objectives: Option<String>,
    #[arg(long, value_parser = parse_id)]
    trip: Option<Id>,
}

impl More {
    /// `v` with the values given replacing its own.
    fn apply(self, store: &Store, v: Visit) -> Result<Visit> {
        let participant_ids = match self.participant.as_slice() {
            [] => v.participant_ids,
            given => given.iter().map(|p| people::find(store, p)).collect::<Result<_>>()?,
        };
        // A visit moved to another trip takes its place in that trip's itinerary from there.
        let trip_seq = if self.trip.is_none() || self.trip == v.trip_id { v.trip_seq } else { None };
        Ok(Visit {
            mode: self.mode.unwrap_or(v.mode),
            participant_ids,
            objectives: self.objectives.unwrap_or(v.objectives),
            trip_id: self.trip.or(v.trip_id),
            trip_seq,
            ..v
        })
    }
}

fn local_time(field: &'static str, text: &str, zone: &str) -> Result<DateTime<Utc>> {
    Ok(validate::local_time(field, text, zone)?)
}

pub fn run(env: &Env, cmd: VisitCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        VisitCmd::Plan(PlanArgs { employer, lead, start, end, more }) => {
            let zone = env.today(&store)?.zone.name().to_string();
            let visit = Visit {
                employer_id: employer,
                lead_id: people::find(&store, &lead)?,
                participant_ids: Vec::new(),
                guests: String::new(),
                status: VisitStatus::Planned,
                mode: VisitMode::OnSite,
                planned_start: local_time("visit.planned_start", &start, &zone)?,
                planned_end: local_time("visit.planned_end", &end, &zone)?,
                time_zone: zone,
                actual_start: None,
                actual_end: None,
                objectives: String::new(),
                summary: String::new(),
                cancel_reason: String::new(),
                outcome: Outcome::default(),
                trip_id: None,
                trip_seq: None,
                travel_note: String::new(),
                completed_by: None,
                confirmed_by: None,
                replan_of: None,
            };
            let visit = more.apply(&store, visit)?;
            let v = store.write(env.now, |tx| visits::plan(tx, visit))?;
            output(format!("{}\tplanned", v.id), v)
        }
        VisitCmd::Edit(EditArgs { id, employer, lead, start, end, more }) => {
            let mut v = records::get::<Visit>(store.conn(), &id)?.data;
            if let Some(employer) = employer {
                v.employer_id = employer;
            }
            if let Some(lead) = lead {
                v.lead_id = people::find(&store, &lead)?;
            }
            if let Some(start) = start {
                v.planned_start = local_time("visit.planned_start", &start, &v.time_zone)?;
            }
            if let Some(end) = end {
                v.planned_end = local_time("visit.planned_end", &end, &v.time_zone)?;
            }
            let visit = more.apply(&store, v)?;
            let v = store.write(env.now, |tx| visits::edit(tx, &id, visit))?;
            output(format!("{}\tsaved", v.id), v)
        }
        VisitCmd::Complete { id, start, end, summary, channel, recruitment, job: jobs, base } => {
            let planned = records::get::<Visit>(store.conn(), &id)?.data;
            let at = |text: Option<String>, field, default| match text {
                Some(t) => local_time(field, &t, &planned.time_zone),
                None => Ok(default),
            };
            let done = Completion {
                actual_start: at(start, "visit.actual_start", planned.planned_start)?,
                actual_end: at(end, "visit.actual_end", planned.planned_end)?,
                summary,
                outcome: Outcome {
                    channel_established: channel,
                    recruitment_agreed: recruitment.is_some(),
                    recruitment_mode: recruitment,
                    recruitment_on: None,
                    exemplary: String::new(),
                },
                job_postings: jobs.iter().map(|j| job(j, &planned.employer_id)).collect::<Result<_>>()?,
                internship_bases: base
                    .into_iter()
                    .map(|name| InternshipBase {
                        employer_id: planned.employer_id.clone(),
                        visit_id: None,
                        name,
                        status: BaseStatus::Signed,
                        established_on: None,
                        capacity: None,
                        signed_on: None,
                        term_ends_on: None,
                        placements: Vec::new(),
                    })
                    .collect(),
            };
            let v = store.write(env.now, |tx| visits::complete(tx, &id, done))?;
            output(format!("{}\tcompleted", v.id), v)
        }
        VisitCmd::Cancel { id, reason } => {
            let v = store.write(env.now, |tx| visits::cancel(tx, &id, &reason))?;
            output(format!("{}\tcancelled", v.id), v)
        }
        VisitCmd::Replan { id, start, end } => {
            let zone = records::get::<Visit>(store.conn(), &id)?.data.time_zone;
            let (start, end) =
                (local_time("visit.planned_start", &start, &zone)?, local_time("visit.planned_end", &end, &zone)?);
            let v = store.write(env.now, |tx| visits::replan(tx, &id, start, end))?;
            output(format!("{}\tplanned again", v.id), v)
        }
        VisitCmd::Confirm { id } => {
            let v = store.write(env.now, |tx| visits::confirm(tx, &id))?;
            output(format!("{}\tconfirmed", v.id), v)
        }
        VisitCmd::List { from, to, status } => {
            let zone = env.today(&store)?.zone;
            let from = from.map(|d| ledger::start_of_day(d, zone));
            let to = to.map(|d| ledger::start_of_day(d + chrono::Days::new(1), zone));
            let rows = visits::between(store.conn(), from, to, status)?;
            let text = lines(&rows, |r| {
                format!(
                    "{}\t{}\t{}\t{}",
                    r.visit.id,
                    r.visit.data.start().with_timezone(&zone).format("%Y-%m-%d %H:%M"),
                    r.visit.data.status.as_str(),
                    r.employer_name
                )
            });
            output(text, rows)
        }
    }
}

/// A job posting typed as TITLE:HEADCOUNT[:MAJORS].
fn job(spec: &str, employer_id: &Id) -> Result<JobPosting> {
    let mut parts = spec.splitn(3, [':', '：']);
    let title = parts.next().unwrap_or_default().to_string();
    let headcount = parts
        .next()
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| Failure::Usage(format!("--job is TITLE:HEADCOUNT[:MAJORS], not {spec}")))?;
    Ok(JobPosting {
        employer_id: employer_id.clone(),
        visit_id: None,
        title,
        headcount,
        majors: parts.next().map(list).unwrap_or_default(),
        education: Education::Any,
        location: String::new(),
        stage: PostingStage::Published,
        pay_min: None,
        pay_max: None,
        hired: None,
    })
}
