//! The command line: the global options, the subcommands (each area's own are in its file
//! under `commands/`), and the parsers of values that several areas take.
use crate::commands::{
    attachments::AttachmentCmd,
    contacts::ContactCmd,
    employers::EmployerCmd,
    exchange::ExportCmd,
    exchange::ImportCmd,
    holidays::HolidaysCmd,
    people::PersonCmd,
    progress::ProgressArgs,
    report::ReportCmd,
    settings::SettingsArgs,
    share::{PairCmd, ShareCmd},
    store::DemoArgs,
    store::InitArgs,
    surveys::SurveyCmd,
    tasks::TaskCmd,
    team::{ConflictCmd, SyncCmd, TeamCmd},
    trash::TrashCmd,
    trips::TripCmd,
    visits::VisitCmd,
};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use visitdesk_core::access::Access;
use visitdesk_core::ids::Id;
use visitdesk_core::model::validate;
use visitdesk_core::model::{
    DayType, EmployerSize, Kind, Ownership, PostingStage, RecruitmentMode, Role, VisitMode, VisitStatus,
};

#[derive(Debug, Parser)]
#[command(
    name = "visitdesk",
    version,
    about = "访企拓岗工作台 Visitdesk: the campaign's encrypted store from the command line"
)]
pub struct Cli {
    /// The store's folder.
    #[arg(long, global = true, env = "VISITDESK_STORE", default_value = "visitdesk-store")]
    pub store: PathBuf,
    /// Whose passphrase unlocks the store (person id or name); needed when several people have one.
    #[arg(long, global = true, env = "VISITDESK_PERSON")]
    pub person: Option<String>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The current time (RFC 3339), for reproducible runs; defaults to the clock.
    #[arg(long, global = true, env = "VISITDESK_NOW", hide = true)]
    pub now: Option<DateTime<Utc>>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new store; prints the recovery key once.
    Init(InitArgs),
    /// People at the school.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Employers.
    #[command(subcommand)]
    Employer(EmployerCmd),
    /// Contacts at employers.
    #[command(subcommand)]
    Contact(ContactCmd),
    /// Visits: plan, edit, complete, cancel, list.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Trips (出访行程).
    #[command(subcommand)]
    Trip(TripCmd),
    /// The demand and graduate follow-up surveys of a visit.
    #[command(subcommand)]
    Survey(SurveyCmd),
    /// Follow-up tasks (跟进事项).
    #[command(subcommand)]
    Task(TaskCmd),
    /// Photos and documents (附件) of visits, employers, postings, bases and events, kept
    /// encrypted in the store.
    #[command(subcommand)]
    Attachment(AttachmentCmd),
    /// Official holidays and 调休 working days (the schedules shipped, and those an admin adds).
    #[command(subcommand)]
    Holidays(HolidaysCmd),
    /// The team: every laptop of the leadership team shares one campaign record.
    #[command(subcommand)]
    Team(TeamCmd),
    /// Changes between the team's laptops, by file or through a shared folder.
    #[command(subcommand)]
    Sync(SyncCmd),
    /// Fields edited on two laptops at once (修改冲突), and settling them.
    #[command(subcommand)]
    Conflict(ConflictCmd),
    /// The paired school of the 一帮一 action (对口高校): pairing files and fingerprints.
    #[command(subcommand)]
    Pair(PairCmd),
    /// Job postings and recruitment events shared with the paired school, and its placements.
    #[command(subcommand)]
    Share(ShareCmd),
    /// Move a record, and the records that depend on it, to the trash.
    Delete {
        #[arg(value_parser = parse_choice::<Kind>)]
        kind: Kind,
        #[arg(value_parser = parse_id)]
        id: Id,
    },
    /// What is in the trash, and restoring from it.
    #[command(subcommand)]
    Trash(TrashCmd),
    /// Undo your last change (the last one made with your passphrase).
    Undo,
    /// A record's changes, newest first: when, what, who, and on which laptop.
    History {
        #[arg(value_parser = parse_choice::<Kind>)]
        kind: Kind,
        #[arg(value_parser = parse_id)]
        id: Id,
    },
    /// Progress against the campaign's targets.
    Progress(ProgressArgs),
    /// The school's settings; `--school-code` sets its 学校标识码 (an admin's).
    Settings(SettingsArgs),
    /// Full-text search (one character and up).
    Search { query: String },
    /// Integrity check, including SQLCipher's page HMACs; names the newest good backup when
    /// the store is damaged.
    Check,
    /// Make an encrypted backup: into the store's backups/ (rotated), or a new folder --out.
    Backup {
        /// A new folder to write the backup to (it opens as a store, with the same passphrases).
        #[arg(long)]
        out: Option<PathBuf>,
        /// List the store's backups instead.
        #[arg(long, conflicts_with = "out")]
        list: bool,
    },
    /// Restore a backup (a folder, or a name in the store's backups/). The store as it was is
    /// kept as a backup first; a damaged backup or a wrong passphrase changes nothing.
    Restore { backup: PathBuf },
    /// Re-encrypt the whole store under a new key (for a suspected leak). Prints a new recovery
    /// key; other people's passphrases and the old backups are dropped.
    Rekey,
    /// Fill the store with deterministic synthetic data.
    Demo(DemoArgs),
    /// Printable documents (PDF): briefing packs, the leadership summary, visit sheets.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Import employers and contacts from a spreadsheet or CSV file.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export the ledger workbook, its tables as CSV, or planned visits as a calendar.
    #[command(subcommand)]
    Export(ExportCmd),
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    validate::date("date", s).map_err(|e| e.problem.to_string())
}

pub fn parse_id(s: &str) -> Result<Id, String> {
    Id::parse(s).ok_or_else(|| format!("not a record id: {s}"))
}

/// A choice by its stored name; clap shows the valid names on error.
pub trait Choice: Sized + Copy + 'static {
    fn all() -> &'static [Self];
    fn name(self) -> &'static str;
}

macro_rules! choices {
    ($($t:ty),*) => {$(
        impl Choice for $t {
            fn all() -> &'static [Self] { <$t>::ALL }
            fn name(self) -> &'static str { self.as_str() }
        }
    )*};
}
choices!(Role, Ownership, EmployerSize, VisitMode, VisitStatus, RecruitmentMode, Kind, Access, DayType, PostingStage);

pub fn parse_choice<T: Choice>(s: &str) -> Result<T, String> {
    T::all().iter().copied().find(|c| c.name() == s.trim()).ok_or_else(|| {
        let names: Vec<&str> = T::all().iter().map(|c| c.name()).collect();
        format!("expected one of: {}", names.join(", "))
    })
}

/// A list typed with commas (ASCII or Chinese) or 、 between its items.
pub fn list(items: &str) -> Vec<String> {
    items.split([',', '，', '、']).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    use visitdesk_core::testing::hostile_text;

    /// Every subcommand, as typed.
    const COMMANDS: &[&[&str]] = &[
        &["init"],
        &["person", "add"],
        &["person", "list"],
        &["person", "passphrase"],
        &["person", "remove"],
        &["person", "access"],
        &["team", "create"],
        &["team", "join-request"],
        &["team", "accept"],
        &["team", "join"],
        &["team", "remove"],
        &["team", "status"],
        &["team", "folder"],
        &["sync", "export"],
        &["sync", "import"],
        &["sync", "files"],
        &["sync", "folder"],
        &["sync", "listen"],
        &["sync", "peer"],
        &["sync", "direct"],
        &["conflict", "list"],
        &["conflict", "resolve"],
        &["pair", "request"],
        &["pair", "add"],
        &["pair", "list"],
        &["share", "jobs"],
        &["share", "import"],
        &["share", "list"],
        &["share", "placed"],
        &["share", "report"],
        &["employer", "add"],
        &["employer", "edit"],
        &["employer", "list"],
        &["employer", "show"],
        &["contact", "add"],
        &["visit", "plan"],
        &["visit", "edit"],
        &["visit", "complete"],
        &["visit", "cancel"],
        &["visit", "confirm"],
        &["history"],
        &["visit", "list"],
        &["trip", "add"],
        &["trip", "list"],
        &["survey", "add", "demand"],
        &["survey", "add", "followup"],
        &["task", "add"],
        &["task", "list"],
        &["task", "done"],
        &["task", "edit"],
        &["task", "delete"],
        &["settings"],
        &["export", "standard"],
        &["holidays", "list"],
        &["holidays", "set"],
        &["delete"],
        &["trash", "list"],
        &["trash", "restore"],
        &["undo"],
        &["progress"],
        &["search"],
        &["check"],
        &["demo"],
        &["backup"],
        &["restore"],
        &["rekey"],
        &["report", "brief"],
        &["report", "summary"],
        &["report", "visit"],
        &["import", "employers"],
        &["import", "visits"],
        &["employer", "merge"],
        &["employer", "posting"],
        &["visit", "replan"],
        &["holidays", "import"],
        &["export", "ledger"],
        &["export", "ics"],
        &["attachment", "add"],
        &["attachment", "list"],
        &["attachment", "export"],
        &["attachment", "remove"],
    ];

    /// Options the subcommands take, so the arbitrary values land in their parsers.
    const OPTIONS: &[&str] = &[
        "--school",
        "--name",
        "--role",
        "--from",
        "--to",
        "--time-zone",
        "--target-per-principal",
        "--credit-code",
        "--ownership",
        "--size",
        "--developed-on",
        "--key",
        "--force",
        "--limit",
        "--employer",
        "--lead",
        "--start",
        "--end",
        "--mode",
        "--participant",
        "--trip",
        "--job",
        "--recruitment",
        "--status",
        "--moral",
        "--literacy",
        "--ability",
        "--graduates",
        "--planned-hires",
        "--alumni-year",
        "--visit",
        "--leader",
        "--title",
        "--due",
        "--owner",
        "--on",
        "--fingerprint",
        "--major",
        "--posting",
        "--event",
        "--until",
        "--all",
        "--seed",
        "--out",
        "--list",
        "--json",
        "--store",
        "--person",
        "--now",
        "--",
    ];

    fn argument() -> impl Strategy<Value = String> {
        prop_oneof![prop::sample::select(OPTIONS).prop_map(String::from), hostile_text()]
    }

    /// Parsing succeeds, or fails with a clap error of a kind (usage, value, help), never a panic.
    fn parses_or_refuses(argv: Vec<OsString>) {
        if let Err(e) = Cli::try_parse_from(argv) {
            let _ = e.kind();
            assert!(!e.to_string().is_empty());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_arguments_to_every_subcommand(cmd in prop::sample::select(COMMANDS), args in prop::collection::vec(argument(), 0..8)) {
            let argv = std::iter::once("visitdesk").chain(cmd.iter().copied()).map(OsString::from);
            parses_or_refuses(argv.chain(args.into_iter().map(OsString::from)).collect());
        }

        #[test]
        fn arguments_that_are_not_utf8(cmd in prop::sample::select(COMMANDS), option in prop::sample::select(OPTIONS), bytes in prop::collection::vec(any::<u8>(), 0..24)) {
            let argv = std::iter::once("visitdesk").chain(cmd.iter().copied()).chain([option]).map(OsString::from);
            parses_or_refuses(argv.chain([OsString::from_vec(bytes)]).collect());
        }
    }

    #[test]
    fn an_argument_that_is_not_utf8_is_a_usage_error() {
        let argv = ["visitdesk", "employer", "add", "--name"].map(OsString::from);
        let bad = OsString::from_vec(b"\xff\xfe\xc3\x28".to_vec());
        let e = Cli::try_parse_from(argv.into_iter().chain([bad])).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidUtf8);
        assert!(e.use_stderr());
    }

    #[test]
    fn the_subcommand_list_names_every_subcommand() {
        use clap::CommandFactory;
        fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| s.get_name() != "help").collect();
            if subs.is_empty() {
                out.push(path);
                return;
            }
            for s in subs {
                let mut p = path.clone();
                p.push(s.get_name().to_string());
                leaves(s, p, out);
            }
        }
        let mut all = Vec::new();
        leaves(&Cli::command(), Vec::new(), &mut all);
        let listed: Vec<Vec<String>> = COMMANDS.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        let missing: Vec<&Vec<String>> = all.iter().filter(|c| !listed.contains(c)).collect();
        assert!(missing.is_empty(), "not in COMMANDS: {missing:?}");
    }
}
