//! Argument definitions and the thin adapters from each subcommand to the core.
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use serde_json::{Value, json};
use std::path::PathBuf;
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::error::{Error, StoreError};
use visitdesk_core::ids::Id;
use visitdesk_core::model::validate;
use visitdesk_core::model::*;
use visitdesk_core::store::{BACKUP_DIR, InitOptions, Secret, Store, backups, records};
use visitdesk_core::{employers, ledger, search, visits};

#[path = "report.rs"]
mod report;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("{0}")]
    Usage(String),
    #[error("likely the same employer as {0}; add --force to add it anyway")]
    Duplicate(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Failure {
    pub fn code(&self) -> String {
        match self {
            Failure::Core(e) => e.code().as_str().into(),
            Failure::Usage(_) => "usage".into(),
            Failure::Duplicate(_) => "validation.duplicate".into(),
            Failure::Io(_) => "io".into(),
        }
    }
}

impl From<ValidationError> for Failure {
    fn from(e: ValidationError) -> Failure {
        Failure::Core(e.into())
    }
}

pub(crate) type Result<T> = std::result::Result<T, Failure>;

/// What a command prints: text for people, JSON for scripts.
pub struct Output {
    pub text: String,
    pub json: Value,
}

pub(crate) fn output(text: impl Into<String>, json: impl Serialize) -> Result<Output> {
    Ok(Output { text: text.into(), json: serde_json::to_value(json).map_err(|e| Failure::Usage(e.to_string()))? })
}

#[derive(Debug, Parser)]
#[command(
    name = "visitdesk",
    version,
    about = "访企拓岗工作台 Visitdesk: the campaign's encrypted store from the command line"
)]
pub struct Cli {
    /// The store's folder.
    #[arg(long, global = true, env = "VISITDESK_STORE", default_value = "visitdesk-store")]
    store: PathBuf,
    /// Whose passphrase unlocks the store (person id or name); needed when several people have one.
    #[arg(long, global = true, env = "VISITDESK_PERSON")]
    person: Option<String>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The current time (RFC 3339), for reproducible runs; defaults to the clock.
    #[arg(long, global = true, env = "VISITDESK_NOW", hide = true)]
    now: Option<DateTime<Utc>>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    /// Visits: plan, complete, cancel, list.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Trips (出访行程).
    #[command(subcommand)]
    Trip(TripCmd),
    /// The demand and graduate follow-up surveys of a visit.
    #[command(subcommand)]
    Survey(SurveyCmd),
    /// Progress against the campaign's targets.
    Progress(ProgressArgs),
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
    Report(report::ReportCmd),
    /// Import employers and contacts from a spreadsheet or CSV file.
    #[command(subcommand)]
    Import(crate::exchange::ImportCmd),
    /// Export the ledger workbook, its tables as CSV, or planned visits as a calendar.
    #[command(subcommand)]
    Export(crate::exchange::ExportCmd),
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The school's name, printed on reports.
    #[arg(long)]
    school: String,
    /// The first person's name.
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = parse_role, default_value = "staff")]
    role: Role,
    #[arg(long, default_value = "")]
    title: String,
    /// The campaign's name.
    #[arg(long, default_value = "书记校长访企拓岗促就业专项行动")]
    campaign: String,
    /// First day of the campaign window.
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// Last day of the campaign window.
    #[arg(long, value_parser = parse_date)]
    to: NaiveDate,
    #[arg(long, default_value_t = Campaign::DEFAULT_TARGET)]
    target_per_principal: u32,
    #[arg(long, default_value_t = Campaign::DEFAULT_TARGET)]
    target_new_employers: u32,
    #[arg(long, default_value = Campaign::DEFAULT_TIME_ZONE)]
    time_zone: String,
    /// Also write the recovery key as a printable sheet (PDF) to this file.
    #[arg(long)]
    recovery_sheet: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum PersonCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    List,
}

#[derive(Debug, Subcommand)]
enum EmployerCmd {
    Add(EmployerArgs),
    List {
        #[arg(long)]
        industry: Option<String>,
        #[arg(long)]
        region: Option<String>,
        /// Only key employers (重点单位).
        #[arg(long)]
        key: bool,
        /// Only newly developed employers.
        #[arg(long)]
        new: bool,
        #[arg(long)]
        limit: Option<u32>,
    },
    Show {
        id: String,
    },
}

#[derive(Debug, Args)]
struct EmployerArgs {
    #[arg(long)]
    name: String,
    /// 统一社会信用代码.
    #[arg(long)]
    credit_code: Option<String>,
    #[arg(long, default_value = "")]
    industry: String,
    #[arg(long, value_parser = parse_choice::<Ownership>, default_value = "other")]
    ownership: Ownership,
    #[arg(long, value_parser = parse_choice::<EmployerSize>, default_value = "unknown")]
    size: EmployerSize,
    #[arg(long, default_value = "")]
    region: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    park: String,
    /// A key employer (重点单位).
    #[arg(long)]
    key: bool,
    /// Newly developed (新开拓) on this date.
    #[arg(long, value_parser = parse_date)]
    developed_on: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    notes: String,
    /// Add even when a likely duplicate exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Subcommand)]
enum ContactCmd {
    Add {
        #[arg(long)]
        employer: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// The contact is an alumnus (校友) of this graduation year.
        #[arg(long)]
        alumni_year: Option<u16>,
        #[arg(long, default_value = "")]
        alumni_major: String,
    },
}

#[derive(Debug, Subcommand)]
enum VisitCmd {
    /// Plan a visit. Times are local to the campaign's zone: "2022-03-15 09:30".
    Plan {
        #[arg(long)]
        employer: String,
        /// The leading leader (id or name).
        #[arg(long)]
        lead: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        #[arg(long, value_parser = parse_choice::<VisitMode>, default_value = "on_site")]
        mode: VisitMode,
        /// Other participants (id or name), repeatable.
        #[arg(long)]
        participant: Vec<String>,
        #[arg(long, default_value = "")]
        objectives: String,
        #[arg(long)]
        trip: Option<String>,
    },
    /// Record that a visit took place, and what it opened up.
    Complete {
        id: String,
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
        id: String,
        #[arg(long)]
        reason: String,
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

#[derive(Debug, Subcommand)]
enum TripCmd {
    Add {
        #[arg(long)]
        leader: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
        /// Visits that are its stops, in order, repeatable.
        #[arg(long)]
        visit: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum SurveyCmd {
    /// Record a survey on a visit.
    #[command(subcommand)]
    Add(SurveyKind),
}

#[derive(Debug, Subcommand)]
enum SurveyKind {
    /// 社会需求调查.
    Demand {
        #[arg(long)]
        visit: String,
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
        #[arg(long)]
        visit: String,
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

#[derive(Debug, Args)]
struct ProgressArgs {
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
}

#[derive(Debug, Args)]
struct DemoArgs {
    #[arg(long, default_value = "small")]
    size: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(crate) fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    validate::date("date", s).map_err(|e| e.problem.to_string())
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    parse_choice::<Role>(s)
}

/// A choice by its stored name; clap shows the valid names on error.
trait Choice: Sized + Copy + 'static {
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
choices!(Role, Ownership, EmployerSize, VisitMode, VisitStatus, RecruitmentMode);

fn parse_choice<T: Choice>(s: &str) -> std::result::Result<T, String> {
    T::all().iter().copied().find(|c| c.name() == s.trim()).ok_or_else(|| {
        let names: Vec<&str> = T::all().iter().map(|c| c.name()).collect();
        format!("expected one of: {}", names.join(", "))
    })
}

pub(crate) fn parse_id(text: &str) -> Result<Id> {
    Id::parse(text).ok_or_else(|| Failure::Usage(format!("not a record id: {text}")))
}

fn list(items: &str) -> Vec<String> {
    items.split([',', '，', '、']).map(str::to_string).collect()
}

/// Finds a person by id or by exact name.
pub(crate) fn person_id(store: &Store, text: &str) -> Result<Id> {
    if let Some(id) = Id::parse(text) {
        return Ok(records::get::<Person>(store.conn(), &id)?.id);
    }
    let found = records::list::<Person>(store.conn(), "data ->> 'name' = ?1", "id", [text.trim()])?;
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::not_found(Kind::Person, text).into()),
        _ => Err(Failure::Usage(format!("several people are called {text}; give the id"))),
    }
}

fn passphrase(prompt: &str) -> Result<String> {
    secret_from("VISITDESK_PASSPHRASE", prompt)
}

fn secret_from(var: &str, prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    Ok(rpassword::prompt_password(prompt)?)
}

/// A new passphrase: from `VISITDESK_NEW_PASSPHRASE`, or typed twice.
fn new_passphrase(var: &str) -> Result<String> {
    let secret = secret_from(var, "New passphrase / 设置口令: ")?;
    if std::env::var(var).is_err() && rpassword::prompt_password("Again / 再次输入: ")? != secret {
        return Err(Failure::Usage("the two passphrases differ".into()));
    }
    Ok(secret)
}

/// The key derivation cost for new passphrases. Tests set `VISITDESK_FAST_KDF_FOR_TESTS` to
/// skip the deliberate third of a second; a release build ignores it.
fn kdf() -> KdfParams {
    KdfParams::for_env(std::env::var_os("VISITDESK_FAST_KDF_FOR_TESTS").is_some())
}

pub(crate) struct Env {
    pub(crate) store_dir: PathBuf,
    pub(crate) person: Option<String>,
    pub(crate) now: DateTime<Utc>,
}

impl Env {
    pub(crate) fn today(&self) -> NaiveDate {
        self.now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
    }

    /// Whose passphrase `--person` names, if it names anyone.
    fn person_id(&self) -> Result<Option<Id>> {
        let Some(p) = &self.person else { return Ok(None) };
        if let Some(id) = Id::parse(p) {
            return Ok(Some(id));
        }
        let slot = Store::slots(&self.store_dir)?.into_iter().find(|s| s.label == p.trim());
        Ok(Some(slot.and_then(|s| s.person_id).ok_or(Error::Store(StoreError::NoSuchSlot))?))
    }

    /// Unlocks, then makes the automatic backup if one is due.
    pub(crate) fn unlock(&self) -> Result<Store> {
        let person = self.person_id()?;
        let secret = passphrase("Passphrase / 口令: ")?;
        let store = Store::unlock(&self.store_dir, person.as_ref(), &secret, self.now)?;
        if let Err(e) = backups::auto(&store, self.now) {
            eprintln!("visitdesk: warning: the automatic backup failed: {e}");
        }
        Ok(store)
    }

    fn zone(&self, store: &Store) -> Result<String> {
        Ok(ledger::current_campaign(store.conn(), self.today())?.data.time_zone)
    }
}

pub fn run(cli: Cli) -> Result<Output> {
    let env = Env { store_dir: cli.store, person: cli.person, now: cli.now.unwrap_or_else(Utc::now) };
    match cli.command {
        Command::Init(args) => init(&env, args),
        Command::Person(cmd) => person(&env, cmd),
        Command::Employer(cmd) => employer(&env, cmd),
        Command::Contact(cmd) => contact(&env, cmd),
        Command::Visit(cmd) => visit(&env, cmd),
        Command::Trip(cmd) => trip(&env, cmd),
        Command::Survey(SurveyCmd::Add(kind)) => survey(&env, kind),
        Command::Progress(args) => progress(&env, args),
        Command::Search { query } => {
            let store = env.unlock()?;
            let hits = search::search(store.conn(), &query, search::MAX_HITS)?;
            let text: Vec<String> = hits
                .iter()
                .map(|h| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}",
                        h.kind.as_str(),
                        h.id,
                        h.title,
                        h.employer.as_deref().unwrap_or(""),
                        h.snippet
                    )
                })
                .collect();
            output(text.join("\n"), hits)
        }
        Command::Check => check(&env),
        Command::Backup { out, list } => backup(&env, out, list),
        Command::Restore { backup } => restore(&env, backup),
        Command::Rekey => {
            let mut store = env.unlock()?;
            let secret = new_passphrase("VISITDESK_NEW_PASSPHRASE")?;
            let recovery_key = store.rekey(&secret, kdf(), env.now)?;
            let key = recovery_key.to_string();
            output(
                format!(
                    "Re-encrypted under a new key. Other people need their passphrases set again.\nNew recovery key (shown once / 新恢复密钥仅显示一次):\n\n    {key}\n"
                ),
                json!({ "recovery_key": key }),
            )
        }
        Command::Import(cmd) => crate::exchange::import(&env, cmd),
        Command::Export(cmd) => crate::exchange::export(&env, cmd),
        Command::Demo(args) => {
            let size = visitdesk_core::demo::Size::parse(&args.size)
                .ok_or_else(|| Failure::Usage("--size is small, campus or large".into()))?;
            let mut store = env.unlock()?;
            let summary = visitdesk_core::demo::fill(&mut store, size, args.seed, env.now)?;
            output(format!("{summary:?}"), summary)
        }
        Command::Report(cmd) => report::run(&env, cmd),
    }
}

fn check(env: &Env) -> Result<Output> {
    let person = env.person_id()?;
    let secret = passphrase("Passphrase / 口令: ")?;
    let health = backups::check_dir(
        &env.store_dir,
        &Secret::Passphrase { person_id: person.as_ref(), passphrase: &secret },
        env.now,
    )?;
    if health.ok() {
        return output("ok: integrity_check and cipher_integrity_check passed", json!({ "ok": true }));
    }
    let advice = match &health.newest_good_backup {
        Some(b) => format!("the newest good backup is {} (restore it with: visitdesk restore {})", b.name, b.name),
        None => "no good backup was found".to_string(),
    };
    Err(Error::Store(StoreError::Damaged(format!("{}; {advice}", health.problems.join("; ")))).into())
}

fn backup(env: &Env, out: Option<PathBuf>, list: bool) -> Result<Output> {
    if list {
        let all = backups::list(&env.store_dir)?;
        let text: Vec<String> = all.iter().map(|b| format!("{}\t{}", b.name, b.taken_at.to_rfc3339())).collect();
        return output(text.join("\n"), all);
    }
    let store = env.unlock()?;
    let path = match out {
        Some(out) => {
            backups::make(&store, &out)?;
            out
        }
        None => backups::make_now(&store, env.now)?.path,
    };
    output(format!("backup written to {}", path.display()), json!({ "backup": path }))
}

fn restore(env: &Env, backup: PathBuf) -> Result<Output> {
    let backup = if backup.exists() { backup } else { env.store_dir.join(BACKUP_DIR).join(&backup) };
    let person = env.person_id()?;
    let secret = passphrase("Passphrase (of the backup) / 备份的口令: ")?;
    let kept = backups::restore(
        &env.store_dir,
        &backup,
        &Secret::Passphrase { person_id: person.as_ref(), passphrase: &secret },
        env.now,
    )?;
    let kept_text = kept.as_ref().map(|b| format!("; the store as it was is kept as backup {}", b.name));
    output(
        format!("restored {}{}", backup.display(), kept_text.unwrap_or_default()),
        json!({ "restored": backup, "kept": kept }),
    )
}

fn init(env: &Env, a: InitArgs) -> Result<Output> {
    let secret = new_passphrase("VISITDESK_PASSPHRASE")?;
    let kdf = kdf();
    // A sheet that cannot be written is found out before the store (and its key) exists.
    if let Some(path) = &a.recovery_sheet {
        std::fs::File::create(path)?;
    }
    let created = Store::init(
        &env.store_dir,
        InitOptions {
            person: Person { name: a.name, role: a.role, title: a.title, phone: None, email: None },
            passphrase: &secret,
            school: &a.school,
            campaign: Campaign {
                name: a.campaign,
                starts_on: a.from,
                ends_on: a.to,
                time_zone: a.time_zone,
                target_per_principal: a.target_per_principal,
                target_new_employers: a.target_new_employers,
            },
            kdf,
            now: env.now,
        },
    )
    .inspect_err(|_| {
        if let Some(path) = &a.recovery_sheet {
            let _ = std::fs::remove_file(path);
        }
    })?;
    let key = created.recovery_key.to_string();
    // The key is printed whatever happens to the sheet: it exists nowhere else.
    let sheet = match &a.recovery_sheet {
        None => String::new(),
        Some(path) => {
            let doc = visitdesk_core::report::recovery_sheet(&a.school, &key, env.today());
            match report::write(&doc, path) {
                Ok(_) => format!("Recovery sheet / 恢复密钥打印页: {}\n", path.display()),
                Err(e) => format!("The recovery sheet could not be written ({e}); copy the key by hand.\n"),
            }
        }
    };
    output(
        format!(
            "Store created in {}.\nRecovery key (shown once — print it and keep it safe / 恢复密钥仅显示一次，请妥善保存):\n\n    {key}\n\n{sheet}",
            env.store_dir.display()
        ),
        json!({ "store": env.store_dir, "person_id": created.store.actor(), "recovery_key": key }),
    )
}

fn person(env: &Env, cmd: PersonCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        PersonCmd::Add { name, role, title, phone, email } => {
            let p = store.write(env.now, |tx| tx.insert(Person { name, role, title, phone, email }))?;
            output(format!("{}\t{}", p.id, p.data.name), p)
        }
        PersonCmd::List => {
            let people = records::list::<Person>(store.conn(), "1", "created_at, id", [])?;
            let text: Vec<String> = people
                .iter()
                .map(|p| format!("{}\t{}\t{}\t{}", p.id, p.data.name, p.data.role.as_str(), p.data.title))
                .collect();
            output(text.join("\n"), people)
        }
    }
}

fn employer(env: &Env, cmd: EmployerCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        EmployerCmd::Add(a) => {
            let employer = Employer {
                name: a.name,
                credit_code: a.credit_code,
                industry: a.industry,
                ownership: a.ownership,
                size: a.size,
                region: a.region,
                address: a.address,
                park: a.park,
                is_key: a.key,
                origin: if a.developed_on.is_some() { Origin::NewlyDeveloped } else { Origin::Existing },
                developed_on: a.developed_on,
                notes: a.notes,
            }
            .validate()?;
            let duplicates = employers::likely_duplicates(store.conn(), &employer, None)?;
            if !duplicates.is_empty() && !a.force {
                let names: Vec<String> = duplicates.iter().map(|d| format!("{} ({})", d.name, d.id)).collect();
                return Err(Failure::Duplicate(names.join(", ")));
            }
            let e = store.write(env.now, |tx| tx.insert(employer))?;
            output(format!("{}\t{}", e.id, e.data.name), e)
        }
        EmployerCmd::List { industry, region, key, new, limit } => {
            let filter = employers::EmployerFilter {
                industry,
                region,
                key_only: key,
                origin: new.then_some(Origin::NewlyDeveloped),
                limit,
            };
            let list = employers::list(store.conn(), &filter)?;
            let text: Vec<String> = list
                .iter()
                .map(|e| format!("{}\t{}\t{}\t{}", e.id, e.data.name, e.data.industry, e.data.region))
                .collect();
            output(text.join("\n"), list)
        }
        EmployerCmd::Show { id } => {
            let d = employers::detail(store.conn(), &parse_id(&id)?)?;
            let e = &d.employer.data;
            let mut text = format!(
                "{}\n统一社会信用代码: {}\n行业: {}  地区: {}  园区: {}\n重点单位: {}  新开拓: {}\n",
                e.name,
                e.credit_code.as_deref().unwrap_or("—"),
                e.industry,
                e.region,
                e.park,
                if e.is_key { "是" } else { "否" },
                e.developed_on.map(|d| d.to_string()).unwrap_or_else(|| "否".into()),
            );
            for c in &d.contacts {
                text += &format!(
                    "联系人: {} {} {}\n",
                    c.data.name,
                    c.data.title,
                    c.data.mobile.as_deref().or(c.data.phone.as_deref()).unwrap_or("")
                );
            }
            text += &format!(
                "走访 {} 次, 岗位 {} 个, 实习基地 {} 个",
                d.visits.len(),
                d.job_postings.len(),
                d.internship_bases.len()
            );
            output(text, d)
        }
    }
}

fn contact(env: &Env, cmd: ContactCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    let ContactCmd::Add { employer, name, title, phone, mobile, email, alumni_year, alumni_major } = cmd;
    let employer_id = parse_id(&employer)?;
    let c = store.write(env.now, |tx| {
        tx.insert(Contact {
            employer_id,
            name,
            title,
            phone,
            mobile,
            email,
            is_alumnus: alumni_year.is_some() || !alumni_major.is_empty(),
            alumni_year,
            alumni_major,
            notes: String::new(),
        })
    })?;
    output(format!("{}\t{}", c.id, c.data.name), c)
}

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
        open: true,
    })
}

fn visit(env: &Env, cmd: VisitCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    let zone = env.zone(&store)?;
    match cmd {
        VisitCmd::Plan { employer, lead, start, end, mode, participant, objectives, trip } => {
            let visit = Visit {
                employer_id: parse_id(&employer)?,
                lead_id: person_id(&store, &lead)?,
                participant_ids: participant.iter().map(|p| person_id(&store, p)).collect::<Result<_>>()?,
                guests: String::new(),
                status: VisitStatus::Planned,
                mode,
                planned_start: validate::local_time("visit.planned_start", &start, &zone)?,
                planned_end: validate::local_time("visit.planned_end", &end, &zone)?,
                time_zone: zone,
                actual_start: None,
                actual_end: None,
                objectives,
                summary: String::new(),
                cancel_reason: String::new(),
                outcome: Outcome::default(),
                trip_id: trip.as_deref().map(parse_id).transpose()?,
                trip_seq: None,
                travel_note: String::new(),
            };
            let v = store.write(env.now, |tx| visits::plan(tx, visit))?;
            output(format!("{}\tplanned", v.id), v)
        }
        VisitCmd::Complete { id, start, end, summary, channel, recruitment, job: jobs, base } => {
            let id = parse_id(&id)?;
            let planned = records::get::<Visit>(store.conn(), &id)?.data;
            let at = |text: Option<String>, field, default| match text {
                Some(t) => validate::local_time(field, &t, &zone).map_err(Failure::from),
                None => Ok(default),
            };
            let done = visits::Completion {
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
                    })
                    .collect(),
            };
            let v = store.write(env.now, |tx| visits::complete(tx, &id, done))?;
            output(format!("{}\tcompleted", v.id), v)
        }
        VisitCmd::Cancel { id, reason } => {
            let id = parse_id(&id)?;
            let v = store.write(env.now, |tx| visits::cancel(tx, &id, &reason))?;
            output(format!("{}\tcancelled", v.id), v)
        }
        VisitCmd::List { from, to, status } => {
            let day_start = |d: NaiveDate| validate::local_time("date", &d.to_string(), &zone);
            let from = from.map(day_start).transpose()?;
            let to = to.map(|d| day_start(d + chrono::Days::new(1))).transpose()?;
            let list = visits::between(store.conn(), from, to, status)?;
            let text: Vec<String> = list
                .iter()
                .map(|v| {
                    let employer = records::find::<Employer>(store.conn(), &v.data.employer_id)
                        .ok()
                        .flatten()
                        .map(|e| e.data.name)
                        .unwrap_or_default();
                    format!(
                        "{}\t{}\t{}\t{}",
                        v.id,
                        v.data.start().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M"),
                        v.data.status.as_str(),
                        employer
                    )
                })
                .collect();
            output(text.join("\n"), list)
        }
    }
}

fn trip(env: &Env, cmd: TripCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    let TripCmd::Add { leader, title, from, to, visit } = cmd;
    let leader_id = person_id(&store, &leader)?;
    let stops: Vec<Id> = visit.iter().map(|v| parse_id(v)).collect::<Result<_>>()?;
    let t = store.write(env.now, |tx| {
        let trip = tx.insert(Trip { leader_id, title, starts_on: from, ends_on: to, notes: String::new() })?;
        for (seq, stop) in stops.iter().enumerate() {
            let v = records::get::<Visit>(tx.conn(), stop)?;
            tx.update(stop, Visit { trip_id: Some(trip.id.clone()), trip_seq: Some(seq as u32 + 1), ..v.data })?;
        }
        Ok(trip)
    })?;
    output(format!("{}\t{}", t.id, t.data.title), t)
}

fn survey(env: &Env, kind: SurveyKind) -> Result<Output> {
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
                visit_id: parse_id(&visit)?,
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
                visit_id: parse_id(&visit)?,
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

fn progress(env: &Env, a: ProgressArgs) -> Result<Output> {
    let store = env.unlock()?;
    let period = match (a.from, a.to) {
        (None, None) => None,
        (Some(from), Some(to)) => Some(ledger::Period::new(from, to)?),
        _ => return Err(Failure::Usage("give both --from and --to, or neither".into())),
    };
    let f = ledger::figures(store.conn(), None, period, env.today())?;
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
        "新开拓用人单位: {} / {}\n走访 {} 次（计划 {}，取消 {}）\n岗位 {} 个 / {} 人, 实习实践基地 {} 个, 进校招聘 {} 场, 合作渠道 {} 个\n逾期跟进事项 {} 项",
        f.newly_developed.actual,
        f.newly_developed.target,
        f.visits_completed,
        f.visits_planned,
        f.visits_cancelled,
        f.job_postings,
        f.job_headcount,
        f.internship_bases,
        f.recruitment_sessions,
        f.channels,
        f.overdue_tasks
    );
    output(text, f)
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
        &["employer", "add"],
        &["employer", "list"],
        &["employer", "show"],
        &["contact", "add"],
        &["visit", "plan"],
        &["visit", "complete"],
        &["visit", "cancel"],
        &["visit", "list"],
        &["trip", "add"],
        &["survey", "add", "demand"],
        &["survey", "add", "followup"],
        &["progress"],
        &["search"],
        &["check"],
        &["demo"],
        &["backup"],
        &["restore"],
        &["rekey"],
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
}
