//! `visitdesk report …`: the printable documents, written as PDF files. The recovery sheet is
//! written by `visitdesk init --recovery-sheet F.pdf`, the only time the key exists.
use crate::args::{parse_date, parse_id};
use crate::env::Env;
use crate::output::{Failure, Output, Result, output};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use std::path::{Path, PathBuf};
use visitdesk_core::ids::Id;
use visitdesk_core::ledger::Period;
use visitdesk_core::report::{self, Document};

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// 出访简报: the briefing pack of a trip.
    Brief {
        /// The trip (`visitdesk trip list` shows their ids).
        #[arg(long, value_parser = parse_id)]
        trip: Id,
        #[arg(long)]
        out: PathBuf,
    },
    /// 工作简报: the leadership summary of a period, or of the whole campaign.
    Summary {
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// A visit for the 典型案例 page: its photos, outcomes and 典型案例 text.
        #[arg(long, value_parser = parse_id)]
        case: Option<Id>,
        #[arg(long)]
        out: PathBuf,
    },
    /// 走访记录表: the record sheet of a visit.
    Visit {
        #[arg(long, value_parser = parse_id)]
        visit: Id,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(env: &Env, cmd: ReportCmd) -> Result<Output> {
    let store = env.unlock()?;
    let (conn, vault) = (store.conn(), store.vault());
    let (doc, out) = match cmd {
        ReportCmd::Brief { trip, out } => (report::brief(conn, &vault, &trip, env.now)?, out),
        ReportCmd::Summary { from, to, case, out } => {
            let period = match (from, to) {
                (None, None) => None,
                (Some(from), Some(to)) => Some(Period::new(from, to)?),
                _ => return Err(Failure::Usage("give both --from and --to, or neither".into())),
            };
            (report::summary(conn, &vault, period, case.as_ref(), env.now)?, out)
        }
        ReportCmd::Visit { visit, out } => (report::visit_sheet(conn, &vault, &visit, env.now)?, out),
    };
    write(&doc, &out)
}

/// Renders `doc` to `out` and says where it went and how long it is.
pub fn write(doc: &Document, out: &Path) -> Result<Output> {
    let pdf = doc.render(&mut |_, _| {})?;
    std::fs::write(out, &pdf.bytes)?;
    output(
        format!("{}: {} ({} 页, {} KB)", doc.title, out.display(), pdf.pages, pdf.bytes.len().div_ceil(1024)),
        json!({ "title": doc.title, "out": out, "pages": pdf.pages, "bytes": pdf.bytes.len() }),
    )
}
