//! Trips (出访行程): building one from visits, as the app's calendar does
//! (`calendar::trips::build`), and the list to find a trip's id in.
use super::people;
use crate::args::{parse_date, parse_id};
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use chrono::NaiveDate;
use clap::Subcommand;
use visitdesk_core::calendar::trips::{self, Stop};
use visitdesk_core::ids::Id;
use visitdesk_core::model::Trip;

#[derive(Debug, Subcommand)]
pub enum TripCmd {
    /// Add a trip whose stops are the given visits, in order. The leader must take part in
    /// each; the trip's dates grow to cover them.
    Add {
        /// The leader (id or name).
        #[arg(long)]
        leader: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
        /// A visit that is a stop, repeatable, in itinerary order.
        #[arg(long, value_parser = parse_id)]
        visit: Vec<Id>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Every trip, by its first day, with its leader.
    List,
}

pub fn run(env: &Env, cmd: TripCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        TripCmd::Add { leader, title, from, to, visit, notes } => {
            let trip = Trip { leader_id: people::find(&store, &leader)?, title, starts_on: from, ends_on: to, notes };
            let stops: Vec<Stop> =
                visit.into_iter().map(|visit_id| Stop { visit_id, travel_note: String::new() }).collect();
            let t = store.write(env.now, |tx| trips::build(tx, trip, &stops))?;
            output(format!("{}\t{}", t.trip.id, t.trip.data.title), t)
        }
        TripCmd::List => {
            let all = trips::list(store.conn())?;
            let text = lines(&all, |t| {
                let trip = &t.trip.data;
                format!("{}\t{} — {}\t{}\t{}", t.trip.id, trip.starts_on, trip.ends_on, t.leader_name, trip.title)
            });
            output(text, all)
        }
    }
}
