//! 一帮一 job sharing with the paired school (issue 20): pairing by file and fingerprint, job
//! postings and recruitment events shared as a package, imported there, and the placements
//! reported back. Each is one call of `visitdesk_core::share`.
use crate::args::{parse_date, parse_id};
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Record;
use visitdesk_core::share::{self, ShareFilter};

#[derive(Debug, Subcommand)]
pub enum PairCmd {
    /// Write this school's pairing file for the school it pairs with (an admin's), and print
    /// the fingerprint to read to them. The first one makes this laptop the one that shares
    /// and receives packages. The school's code must be set (`settings --school-code`).
    Request {
        #[arg(long)]
        out: PathBuf,
    },
    /// Add the paired school whose pairing file this is (an admin's), once the fingerprint they
    /// read out matches the file's.
    Add {
        file: PathBuf,
        /// The fingerprint as the other school reads it (spaces or dashes optional).
        #[arg(long)]
        fingerprint: String,
    },
    /// The paired schools, their fingerprints, and what went between the two schools.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Share job postings and recruitment events with a paired school ("共享给对口高校"): those
    /// named, and those of a filter (employer, major, dates), or all open ones when nothing is
    /// named. Writes the package to send.
    Jobs {
        /// The paired school: its code or its name.
        #[arg(long)]
        to: String,
        #[arg(long, value_parser = parse_id)]
        employer: Option<Id>,
        #[arg(long)]
        major: Option<String>,
        /// Postings recorded, and events held, from this day…
        #[arg(long, value_parser = parse_date, requires = "until")]
        from: Option<NaiveDate>,
        /// …to this day.
        #[arg(long, value_parser = parse_date, requires = "from")]
        until: Option<NaiveDate>,
        /// A posting to share, repeatable.
        #[arg(long, value_parser = parse_id)]
        posting: Vec<Id>,
        /// A recruitment event to share, repeatable.
        #[arg(long, value_parser = parse_id)]
        event: Vec<Id>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a package from a paired school: its jobs, or its report of placements.
    Import { package: PathBuf },
    /// The jobs the paired schools shared (来自××大学的共享岗位).
    List,
    /// Record how many of this school's graduates a shared job placed.
    Placed {
        #[arg(value_parser = parse_id)]
        job: Id,
        #[arg(long)]
        graduates: u32,
    },
    /// Write the placements recorded here of a paired school's jobs, to send back to it.
    Report {
        /// The paired school: its code or its name.
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn pair(env: &Env, cmd: PairCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        PairCmd::Request { out } => {
            let own = store.write(env.now, |tx| {
                let own = share::pairing_file(tx)?;
                std::fs::write(&out, &own.bytes)?;
                Ok(own)
            })?;
            output(
                format!("Fingerprint / 指纹 (read it to the paired school): {}", own.fingerprint),
                json!({ "fingerprint": own.fingerprint, "out": out }),
            )
        }
        PairCmd::Add { file, fingerprint } => {
            let bytes = share::read_file(&file)?;
            let pair = store.write(env.now, |tx| share::add_pair(tx, &bytes, &fingerprint))?;
            output(format!("paired\t{}\t{}\t{}", pair.id, pair.data.school_code, pair.data.name), pair)
        }
        PairCmd::List => {
            let pairs = share::pairs(store.conn())?;
            let text = lines(&pairs, |p| {
                format!(
                    "{}\t{}\t{}\t{}\tshared {}\tplaced {}\treceived {}",
                    p.pair.id,
                    p.pair.data.school_code,
                    p.pair.data.name,
                    p.fingerprint,
                    p.jobs_shared,
                    p.placements_reported,
                    p.received
                )
            });
            output(text, pairs)
        }
    }
}

pub fn run(env: &Env, cmd: ShareCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        ShareCmd::Jobs { to, employer, major, from, until, posting, event, out } => {
            let filter = ShareFilter { employer, major, from, to: until, postings: posting, events: event };
            // The shares are written only with the package.
            let sent = store.write(env.now, |tx| {
                let sent = share::share_jobs(tx, &to, &filter)?;
                std::fs::write(&out, &sent.bytes)?;
                Ok(sent)
            })?;
            output(
                format!(
                    "wrote\t{}\tto {}\t{} postings ({} jobs)\t{} events",
                    out.display(),
                    sent.to_school,
                    sent.postings,
                    sent.headcount,
                    sent.events
                ),
                sent,
            )
        }
        ShareCmd::Import { package } => {
            let bytes = share::read_file(&package)?;
            let got = store.write(env.now, |tx| share::import(tx, &bytes))?;
            let text = format!(
                "from {}\tadded\t{}\tupdated\t{}\tclosed\t{}\tmatched\t{}\tplacements\t{}",
                got.from_school, got.added, got.updated, got.closed, got.matched, got.placements
            );
            output(text, got)
        }
        ShareCmd::List => {
            let rows = share::shared_jobs(store.conn())?;
            let text = lines(&rows, |r| {
                let state = if r.closed { "closed" } else { "open" };
                let placed = r.job.data.placed.map_or("-".to_string(), |n| n.to_string());
                format!(
                    "{}\t来自{}\t{}\t{}\t{state}\tplaced {placed}",
                    r.job.id,
                    r.from_school,
                    r.job.data.title(),
                    r.job.data.employer.name
                )
            });
            output(text, rows)
        }
        ShareCmd::Placed { job, graduates } => {
            let saved = store.write(env.now, |tx| share::set_placed(tx, &job, Some(graduates)))?;
            output(format!("placed\t{}\t{graduates}", saved.id), saved)
        }
        ShareCmd::Report { to, out } => {
            let sent = share::report(store.conn(), &to, env.now)?;
            std::fs::write(&out, &sent.bytes)?;
            output(format!("wrote\t{}\tto {}\t{} placements", out.display(), sent.to_school, sent.placements), sent)
        }
    }
}
