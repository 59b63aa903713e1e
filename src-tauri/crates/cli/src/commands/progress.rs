//! Progress against the campaign's targets: the ledger's figures, as every report shows them.
use crate::args::parse_date;
use crate::env::Env;
use crate::output::{Failure, Output, Result, output};
use chrono::NaiveDate;
use clap::Args;
use visitdesk_core::ledger;

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
}

pub fn run(env: &Env, a: ProgressArgs) -> Result<Output> {
    let store = env.unlock()?;
    let period = match (a.from, a.to) {
        (None, None) => None,
        (Some(from), Some(to)) => Some(ledger::Period::new(from, to)?),
        _ => return Err(Failure::Usage("give both --from and --to, or neither".into())),
    };
    let f = ledger::figures(store.conn(), None, period, env.today(&store)?.date)?;
    let mut text = format!("{}  {} — {}\n", f.campaign.name, f.period.from, f.period.to);
    for l in &f.leaders {
        match &l.pace {
            Some(p) => {
                text += &format!("{}（{}）: {} / {} 家单位\n", l.name, l.role.as_str(), l.employers_visited, p.target)
            }
            None => text += &format!("{}（{}）: {} 家单位\n", l.name, l.role.as_str(), l.employers_visited),
        }
    }
    text += &format!(
        "新开拓用人单位: {} / {}\n走访 {} 次（待确认 {}，计划 {}，取消 {}）\n岗位 {} 个 / {} 人, 实习实践基地 {} 个, 进校招聘 {} 场, 合作渠道 {} 个\n逾期跟进事项 {} 项",
        f.newly_developed.actual,
        f.newly_developed.target,
        f.visits_completed,
        f.visits_awaiting,
        f.visits_planned,
        f.visits_cancelled,
        f.job_postings,
        f.job_headcount,
        f.internship_bases,
        f.recruitment_sessions,
        f.channels,
        f.overdue_tasks
    );
    if f.jobs_shared_with_pair > 0 {
        text += &format!(
            "\n一帮一: 与对口高校共享岗位 {} 人, 对口高校反馈就业 {} 人",
            f.jobs_shared_with_pair, f.pair_placements
        );
    }
    output(text, f)
}
