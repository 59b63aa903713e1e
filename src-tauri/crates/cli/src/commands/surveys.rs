//! The demand (社会需求调查) and graduate follow-up (毕业生跟踪调查) surveys of a visit.
use crate::args::{list, parse_id};
use crate::env::Env;
use crate::output::{Output, Result, output};
use clap::Subcommand;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{DemandSurvey, FollowupSurvey};
use visitdesk_core::visits;

#[derive(Debug, Subcommand)]
pub enum SurveyCmd {
    /// Record a survey on a visit.
    #[command(subcommand)]
    Add(SurveyKind),
}

#[derive(Debug, Subcommand)]
pub enum SurveyKind {
    /// 社会需求调查.
    Demand {
        #[arg(long, value_parser = parse_id)]
        visit: Id,
        #[arg(long, default_value = "")]
        knowledge: String,
        #[arg(long, default_value = "")]
        ability: String,
        #[arg(long, default_value = "")]
        qualities: String,
        #[arg(long, default_value = "")]
        trend: String,
        /// Majors wanted, comma-separated.
        #[arg(long, default_value = "")]
        majors: String,
        /// Abilities wanted, comma-separated.
        #[arg(long, default_value = "")]
        abilities: String,
        #[arg(long)]
        planned_hires: Option<u32>,
        #[arg(long, default_value = "")]
        shortcomings: String,
        #[arg(long, default_value = "")]
        suggestions: String,
    },
    /// 毕业生跟踪调查, with employer satisfaction 1–5.
    Followup {
        #[arg(long, value_parser = parse_id)]
        visit: Id,
        #[arg(long)]
        moral: u8,
        #[arg(long)]
        literacy: u8,
        #[arg(long)]
        ability: u8,
        #[arg(long, default_value_t = 0)]
        graduates: u32,
        #[arg(long, default_value = "")]
        work_and_life: String,
        #[arg(long, default_value = "")]
        suggestions: String,
        #[arg(long, default_value = "")]
        feedback: String,
    },
}

pub fn run(env: &Env, cmd: SurveyCmd) -> Result<Output> {
    let SurveyCmd::Add(kind) = cmd;
    let mut store = env.unlock()?;
    match kind {
        SurveyKind::Demand {
            visit,
            knowledge,
            ability,
            qualities,
            trend,
            majors,
            abilities,
            planned_hires,
            shortcomings,
            suggestions,
        } => {
            let survey = DemandSurvey {
                visit_id: visit,
                knowledge,
                ability,
                qualities,
                industry_trend: trend,
                majors_wanted: list(&majors),
                abilities_wanted: list(&abilities),
                planned_hires,
                shortcomings,
                suggestions,
            };
            let s = store.write(env.now, |tx| visits::record_demand(tx, survey))?;
            output(format!("{}\tdemand survey recorded", s.id), s)
        }
        SurveyKind::Followup { visit, moral, literacy, ability, graduates, work_and_life, suggestions, feedback } => {
            let survey = FollowupSurvey {
                visit_id: visit,
                graduates_employed: graduates,
                graduates: Vec::new(),
                work_and_life,
                graduate_suggestions: suggestions,
                satisfaction_moral: moral,
                satisfaction_literacy: literacy,
                satisfaction_ability: ability,
                employer_feedback: feedback,
            };
            let s = store.write(env.now, |tx| visits::record_followup(tx, survey))?;
            output(format!("{}\tfollow-up survey recorded", s.id), s)
        }
    }
}
