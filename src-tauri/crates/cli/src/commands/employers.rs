//! Employers: add, edit, list, show. Adding and editing are the app's employer form: the
//! likely duplicates are checked first (`employers::likely_duplicates`, as `check_employer`),
//! then the record is saved (`Tx::save`, as `save_employer`).
use crate::args::{parse_choice, parse_date, parse_id};
use crate::env::Env;
use crate::output::{Failure, Output, Result, lines, output};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use visitdesk_core::employers::{self, EmployerFilter};
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Employer, EmployerSize, JobPosting, Origin, Ownership, PostingStage, Record};
use visitdesk_core::outcomes;
use visitdesk_core::store::{Store, records};

#[derive(Debug, Subcommand)]
pub enum EmployerCmd {
    Add(AddArgs),
    /// Change an employer: the options given replace its values, the others are kept.
    Edit(EditArgs),
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
        /// Part of the name, region, industry, park or credit code (as the app's search box).
        #[arg(long)]
        find: Option<String>,
    },
    Show {
        #[arg(value_parser = parse_id)]
        id: Id,
    },
    /// Merge AWAY into KEEP (one employer kept twice): KEEP keeps its values, its blank ones
    /// filled from AWAY's; everything that was AWAY's moves to KEEP, and AWAY goes to the
    /// trash. One batch: `visitdesk undo` puts it back.
    Merge {
        #[arg(value_parser = parse_id)]
        keep: Id,
        #[arg(value_parser = parse_id)]
        away: Id,
    },
    /// Set a job posting's stage (intended, published, filled, closed), and the number hired.
    Posting {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(value_parser = parse_choice::<PostingStage>)]
        stage: PostingStage,
        #[arg(long)]
        hired: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    #[command(flatten)]
    fields: Fields,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_parser = parse_id)]
    id: Id,
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    fields: Fields,
}

/// The employer's fields but its name; each one given replaces the employer's value.
#[derive(Debug, Args)]
struct Fields {
    /// 统一社会信用代码 ("" for none).
    #[arg(long)]
    credit_code: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    /// The kind of ownership (new employers: other).
    #[arg(long, value_parser = parse_choice::<Ownership>)]
    ownership: Option<Ownership>,
    /// The employer's size (new employers: unknown).
    #[arg(long, value_parser = parse_choice::<EmployerSize>)]
    size: Option<EmployerSize>,
    #[arg(long)]
    region: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    park: Option<String>,
    /// A key employer (重点单位); --key=false for one that is not.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    key: Option<bool>,
    /// Newly developed (新开拓) on this date; `none` for an employer that was there before.
    #[arg(long, value_parser = parse_developed)]
    developed_on: Option<Developed>,
    #[arg(long)]
    notes: Option<String>,
    /// Save even when a likely duplicate exists.
    #[arg(long)]
    force: bool,
}

/// `--developed-on`: the day an employer was newly developed, or `None` for one that was not.
#[derive(Debug, Clone, Copy)]
struct Developed(Option<NaiveDate>);

fn parse_developed(s: &str) -> std::result::Result<Developed, String> {
    if s.trim() == "none" { Ok(Developed(None)) } else { parse_date(s).map(|d| Developed(Some(d))) }
}

impl Fields {
    /// `e` with the values given replacing its own.
    fn apply(self, e: Employer) -> Employer {
        let (origin, developed_on) = match self.developed_on {
            Some(Developed(Some(day))) => (Origin::NewlyDeveloped, Some(day)),
            Some(Developed(None)) => (Origin::Existing, None),
            None => (e.origin, e.developed_on),
        };
        Employer {
            name: e.name,
            credit_code: self.credit_code.or(e.credit_code),
            industry: self.industry.unwrap_or(e.industry),
            ownership: self.ownership.unwrap_or(e.ownership),
            size: self.size.unwrap_or(e.size),
            region: self.region.unwrap_or(e.region),
            address: self.address.unwrap_or(e.address),
            park: self.park.unwrap_or(e.park),
            is_key: self.key.unwrap_or(e.is_key),
            origin,
            developed_on,
            notes: self.notes.unwrap_or(e.notes),
            merged_into: None,
        }
    }
}

pub fn run(env: &Env, cmd: EmployerCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        EmployerCmd::Add(AddArgs { name, fields }) => {
            let blank = Employer::named(&name);
            let force = fields.force;
            save(env, &mut store, None, fields.apply(blank), force)
        }
        EmployerCmd::Edit(EditArgs { id, name, fields }) => {
            let mut current = records::get::<Employer>(store.conn(), &id)?.data;
            if let Some(name) = name {
                current.name = name;
            }
            let force = fields.force;
            save(env, &mut store, Some(&id), fields.apply(current), force)
        }
        EmployerCmd::List { industry, region, key, new, limit, find } => {
            let filter = EmployerFilter {
                industry,
                region,
                key_only: key,
                origin: new.then_some(Origin::NewlyDeveloped),
                limit,
                text: find,
            };
            let list = employers::list(store.conn(), &filter)?;
            let text = lines(&list, |e| format!("{}\t{}\t{}\t{}", e.id, e.data.name, e.data.industry, e.data.region));
            output(text, list)
        }
        EmployerCmd::Merge { keep, away } => {
            let kept = records::get::<Employer>(store.conn(), &keep)?.data;
            let gone = records::get::<Employer>(store.conn(), &away)?.data;
            let combined = employers::merged_fields(&kept, &gone);
            let merged = store.write(env.now, |tx| employers::merge(tx, &keep, &away, combined))?;
            output(format!("{}\tmerged, {} records moved", merged.kept.id, merged.moved), merged)
        }
        EmployerCmd::Posting { id, stage, hired } => {
            let current = records::get::<JobPosting>(store.conn(), &id)?.data;
            let posting = JobPosting { stage, hired: hired.or(current.hired), ..current };
            let saved = store.write(env.now, |tx| outcomes::save_posting(tx, Some(&id), posting))?;
            output(format!("{}\t{}", saved.id, saved.data.stage.as_str()), saved)
        }
        EmployerCmd::Show { id } => {
            let d = employers::detail(store.conn(), &id)?;
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

/// Saves `employer` (new, or the one with `id`) unless it is likely a duplicate of another
/// and `force` is not given.
fn save(env: &Env, store: &mut Store, id: Option<&Id>, employer: Employer, force: bool) -> Result<Output> {
    let employer = employer.validate()?;
    let duplicates = employers::likely_duplicates(store.conn(), &employer, id)?;
    if !duplicates.is_empty() && !force {
        let names: Vec<String> = duplicates.iter().map(|d| format!("{} ({})", d.name, d.id)).collect();
        return Err(Failure::Duplicate(names.join(", ")));
    }
    let e = store.write(env.now, |tx| tx.save(id, employer))?;
    output(format!("{}\t{}", e.id, e.data.name), e)
}
