//! The subcommands, one module per area as in the app's `src-tauri/src/commands/`. Each
//! handler unlocks, makes one core call (the one the app's command for the same action
//! makes) and says what it did. No SQL, no rules.
pub mod attachments;
pub mod contacts;
pub mod employers;
pub mod exchange;
pub mod holidays;
pub mod people;
pub mod progress;
pub mod report;
pub mod search;
pub mod settings;
pub mod share;
pub mod store;
pub mod surveys;
pub mod tasks;
pub mod team;
pub mod trash;
pub mod trips;
pub mod visits;

use crate::args::{Cli, Command};
use crate::env::Env;
use crate::output::{Output, Result};
use chrono::Utc;

pub fn run(cli: Cli) -> Result<Output> {
    let env = Env { store_dir: cli.store, person: cli.person, now: cli.now.unwrap_or_else(Utc::now) };
    match cli.command {
        Command::Init(args) => store::init(&env, args),
        Command::Person(cmd) => people::run(&env, cmd),
        Command::Employer(cmd) => employers::run(&env, cmd),
        Command::Contact(cmd) => contacts::run(&env, cmd),
        Command::Visit(cmd) => visits::run(&env, cmd),
        Command::Trip(cmd) => trips::run(&env, cmd),
        Command::Survey(cmd) => surveys::run(&env, cmd),
        Command::Task(cmd) => tasks::run(&env, cmd),
        Command::Attachment(cmd) => attachments::run(&env, cmd),
        Command::Holidays(cmd) => holidays::run(&env, cmd),
        Command::Settings(args) => settings::run(&env, args),
        Command::Team(cmd) => team::run(&env, cmd),
        Command::Sync(cmd) => team::sync(&env, cmd),
        Command::Conflict(cmd) => team::conflict(&env, cmd),
        Command::Pair(cmd) => share::pair(&env, cmd),
        Command::Share(cmd) => share::run(&env, cmd),
        Command::Delete { kind, id } => trash::delete(&env, kind, &id),
        Command::Trash(cmd) => trash::run(&env, cmd),
        Command::Undo => trash::undo(&env),
        Command::History { kind, id } => trash::history(&env, kind, &id),
        Command::Progress(args) => progress::run(&env, args),
        Command::Search { query } => search::run(&env, &query),
        Command::Check => store::check(&env),
        Command::Backup { out, list } => store::backup(&env, out, list),
        Command::Restore { backup } => store::restore(&env, backup),
        Command::Rekey => store::rekey(&env),
        Command::Demo(args) => store::demo(&env, args),
        Command::Report(cmd) => report::run(&env, cmd),
        Command::Import(cmd) => exchange::import(&env, cmd),
        Command::Export(cmd) => exchange::export(&env, cmd),
    }
}
