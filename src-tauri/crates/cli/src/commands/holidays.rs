//! China's official holidays and 调休 working days (`calendar::workdays`): the schedules the
//! app ships, and the days an admin adds for a year published later.
use crate::args::{parse_choice, parse_date};
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use chrono::NaiveDate;
use clap::Subcommand;
use visitdesk_core::calendar::workdays;
use visitdesk_core::model::{DayType, OfficialDay};

#[derive(Debug, Subcommand)]
pub enum HolidaysCmd {
    /// The official days of a year (shipped, or added by an admin), in date order.
    List {
        /// The year (default: this year in the campaign's zone).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Set one day of a published schedule (an admin's): a holiday, or a weekend day worked.
    Set {
        #[arg(value_parser = parse_date)]
        on: NaiveDate,
        /// holiday (放假) or workday (调休上班).
        #[arg(value_parser = parse_choice::<DayType>)]
        day_type: DayType,
        /// The holiday it belongs to, e.g. 国庆节.
        name: String,
    },
    /// Set a year's schedule from a one-sheet workbook or CSV (日期, 类型 放假/上班, 名称), all
    /// days or none (an admin's).
    Import { file: std::path::PathBuf },
}

pub fn run(env: &Env, cmd: HolidaysCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        HolidaysCmd::List { year } => {
            let year = match year {
                Some(year) => year,
                None => chrono::Datelike::year(&env.today(&store)?.date),
            };
            let (first, last) = workdays::shipped_years();
            let days = workdays::of_year(store.conn(), year)?;
            let mut text = lines(&days, |d| {
                let added = if d.added.is_some() { "\tadded" } else { "" };
                format!("{}\t{}\t{}{added}", d.on, d.day_type.as_str(), d.name)
            });
            if days.iter().all(|d| d.added.is_some()) && !(first..=last).contains(&year) {
                text.push_str(&format!(
                    "(the app ships the schedules of {first}–{last}; add {year}'s with `visitdesk holidays set`)\n"
                ));
            }
            output(text, days)
        }
        HolidaysCmd::Import { file } => {
            let bytes = visitdesk_core::exchange::read::load(&file).map_err(visitdesk_core::error::Error::from)?;
            let n = store.write(env.now, |tx| visitdesk_core::exchange::official_days::import(tx, &bytes))?;
            output(format!("{n} days set"), serde_json::json!({ "days": n }))
        }
        HolidaysCmd::Set { on, day_type, name } => {
            let day = store.write(env.now, |tx| workdays::set(tx, OfficialDay { on, day_type, name }))?;
            output(format!("{}\t{}\t{}\t{}", day.id, day.data.on, day.data.day_type.as_str(), day.data.name), day)
        }
    }
}
