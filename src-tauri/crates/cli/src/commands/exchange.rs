//! `visitdesk import …` and `visitdesk export …`: thin adapters over `visitdesk_core::exchange`.
use super::people;
use crate::args::{parse_date, parse_id};
use crate::env::Env;
use crate::output::{Failure, Output, Result, output};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use visitdesk_core::exchange::ics::{self, CalendarOf};
use visitdesk_core::exchange::import::{self, Action, ColumnChoice, Field, ImportOptions, Importing, Preview};
use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
use visitdesk_core::exchange::read::Encoding;
use visitdesk_core::ids::Id;
use visitdesk_core::ledger::Period;

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Employers and their contacts from .xlsx, .xls or .csv. Prints what each row does.
    Employers(ImportArgs),
    /// Past visits from a school's own visit ledger (the data standard's 访企拓岗数据 columns,
    /// or close to them) in .xlsx, .xls or .csv: each row one completed visit, with its job
    /// postings and internship base. Prints what each row does.
    Visits {
        #[command(flatten)]
        args: ImportArgs,
        /// Add the leaders not found among the people as people (without it, their rows are
        /// rejected). Undoing the import leaves the people added.
        #[arg(long)]
        create_people: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Show what would happen, row by row; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The CSV file's encoding (utf-8, gbk / gb18030, utf-16le, utf-16be) instead of the detected one.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// The sheet to read, instead of the one with the best header.
    #[arg(long)]
    sheet: Option<String>,
    /// The header's row number (1 is the first row), instead of the detected one.
    #[arg(long)]
    header_row: Option<u32>,
    /// What a column holds, as COLUMN=FIELD: `B=name`, `4=mobile`, `C=-` (ignore). Repeatable.
    #[arg(long = "map", value_parser = parse_mapping)]
    map: Vec<ColumnChoice>,
    /// Keep rows whose credit code has a wrong check character, without the code.
    #[arg(long)]
    keep_bad_credit_codes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// The ledger workbook (.xlsx), or with `--format csv` its tables as CSV files in a folder.
    Ledger(WorkbookArgs),
    /// The data standard's 访企拓岗数据 table of the completed visits (.xlsx, or `--format csv`
    /// one CSV file), the one a school uploads upward; the school code from `visitdesk settings`.
    Standard(WorkbookArgs),
    /// Planned visits as an .ics calendar: those of a trip (`--trip`), or else those of the
    /// person named by `--person` (any passphrase of the store unlocks it then).
    Ics {
        #[arg(long, value_parser = parse_id)]
        trip: Option<Id>,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Where a workbook goes, in which format, over which period.
#[derive(Debug, Args)]
pub struct WorkbookArgs {
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value = "xlsx", value_parser = ["xlsx", "csv"])]
    format: String,
    /// First day of the period (default: the campaign's window).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
}

fn parse_encoding(s: &str) -> std::result::Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| "expected utf-8, gbk, gb18030, utf-16le or utf-16be".into())
}

/// `B=name`, `2=mobile`, `C=-`: a column by letter or by 1-based number, and a field name.
fn parse_mapping(s: &str) -> std::result::Result<ColumnChoice, String> {
    let (column, field) = s.split_once('=').ok_or("expected COLUMN=FIELD")?;
    let column = column.trim();
    let column = match column.parse::<u32>() {
        Ok(n) if n >= 1 => n - 1,
        _ if !column.is_empty() && column.len() <= 2 && column.chars().all(|c| c.is_ascii_alphabetic()) => {
            column.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1
        }
        _ => return Err(format!("not a column: {column}")),
    };
    let field = match field.trim() {
        "-" | "" => None,
        name => Some(serde_json::from_value::<Field>(json!(name)).map_err(|_| format!("not a field: {name}"))?),
    };
    Ok(ColumnChoice { column, field })
}

fn describe(p: &Preview, dry_run: bool) -> String {
    let mut lines = vec![format!(
        "{:?} {}header row {}",
        p.layout.format,
        p.layout.encoding.map(|e| format!("{} ", e.as_str())).unwrap_or_default(),
        p.layout.header_row
    )];
    for r in &p.rows {
        let action = match &r.action {
            Action::Create => "create".to_string(),
            Action::MergeExisting { employer_id, by, .. } => format!("merge into {employer_id} ({by:?})"),
            Action::MergeInFile { row, by } => format!("merge with row {row} ({by:?})"),
            Action::Skip => "skip".to_string(),
            Action::Reject => "reject".to_string(),
        };
        let issues: Vec<String> = r
            .issues
            .iter()
            .map(|i| {
                let code = serde_json::to_value(i.code).ok().and_then(|v| v.as_str().map(str::to_string));
                let detail = i.validation.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
                format!("{}{detail} {:?}", code.unwrap_or_default(), i.value)
            })
            .collect();
        let visit = match (&r.leader, r.visited_on) {
            (Some(leader), Some(on)) => format!("{on} {leader}\t"),
            (Some(leader), None) => format!("{leader}\t"),
            _ => String::new(),
        };
        lines.push(format!(
            "{}\t{action}\t{}\t{visit}{}\t{}",
            r.row,
            r.name,
            r.contact.as_deref().unwrap_or(""),
            issues.join("; ")
        ));
    }
    let c = &p.counts;
    lines.push(format!(
        "{}created {}, merged into existing {}, merged within the file {}, rejected {}, skipped {}; contacts added {}, employers updated {}",
        if dry_run { "dry run, nothing written: " } else { "" },
        c.created,
        c.merged_existing,
        c.merged_in_file,
        c.rejected,
        c.skipped,
        c.contacts_added,
        c.employers_updated
    ));
    if c.visits_added > 0 || p.rows.iter().any(|r| r.visited_on.is_some()) {
        lines.push(format!(
            "visits {}, people added {}, job postings {}, internship bases {}",
            c.visits_added, c.people_added, c.postings_added, c.bases_added
        ));
    }
    lines.join("\n")
}

pub fn import(env: &Env, cmd: ImportCmd) -> Result<Output> {
    let (a, importing, create_people) = match cmd {
        ImportCmd::Employers(a) => (a, Importing::Employers, false),
        ImportCmd::Visits { args, create_people } => (args, Importing::Visits, create_people),
    };
    let bytes = visitdesk_core::exchange::read::load(&a.file).map_err(visitdesk_core::error::Error::from)?;
    let options = ImportOptions {
        encoding: a.encoding,
        sheet: a.sheet,
        header_row: a.header_row,
        mapping: a.map,
        keep_rows_with_bad_credit_code: a.keep_bad_credit_codes,
        importing,
        create_people,
    };
    let mut store = env.unlock()?;
    if a.dry_run {
        let p = import::preview(store.conn(), &bytes, &options)?;
        return output(describe(&p, true), p);
    }
    let done = import::commit(&mut store, &bytes, &options, env.now)?;
    output(describe(&done.preview, false), done)
}

/// Writes `book` over the period `from`–`to` (the campaign's window if neither): an .xlsx file
/// at `out`, or CSV files in the folder `out`.
fn workbook(env: &Env, book: Book, WorkbookArgs { out, format, from, to }: WorkbookArgs) -> Result<Output> {
    let period = match (from, to) {
        (None, None) => None,
        (Some(from), Some(to)) => Some(Period::new(from, to)?),
        _ => return Err(Failure::Usage("give both --from and --to, or neither".into())),
    };
    let store = env.unlock()?;
    let options = LedgerOptions { campaign: None, period, today: env.today(&store)?.date, book };
    if format == "csv" {
        let files = ledger_book::export_csv(store.conn(), &options, &out)?;
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        output(names.join("\n"), json!({ "files": names }))
    } else {
        ledger_book::export_xlsx(store.conn(), &options, &out)?;
        output(out.display().to_string(), json!({ "file": out }))
    }
}

pub fn export(env: &Env, cmd: ExportCmd) -> Result<Output> {
    match cmd {
        ExportCmd::Ledger(args) => workbook(env, Book::Ledger, args),
        ExportCmd::Standard(args) => workbook(env, Book::Standard, args),
        ExportCmd::Ics { trip, out } => {
            let (store, of) = match (trip, &env.person) {
                (Some(trip), _) => (env.unlock()?, CalendarOf::Trip(trip)),
                (None, Some(person)) => {
                    // --person names whose calendar; whoever's passphrase it is unlocks.
                    let store = Env { person: None, store_dir: env.store_dir.clone(), now: env.now }.unlock()?;
                    let id = people::find(&store, person)?;
                    (store, CalendarOf::Person(id))
                }
                (None, None) => return Err(Failure::Usage("give --person or --trip".into())),
            };
            let text = ics::calendar(store.conn(), &of, env.now)?;
            std::fs::write(&out, &text)?;
            let events = text.matches("BEGIN:VEVENT").count();
            output(format!("{} ({events} events)", out.display()), json!({ "file": out, "events": events }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_name_columns_by_letter_or_number() {
        assert_eq!(parse_mapping("B=name"), Ok(ColumnChoice { column: 1, field: Some(Field::Name) }));
        assert_eq!(parse_mapping("aa=mobile"), Ok(ColumnChoice { column: 26, field: Some(Field::Mobile) }));
        assert_eq!(parse_mapping("3=-"), Ok(ColumnChoice { column: 2, field: None }));
        assert!(parse_mapping("0=name").is_err());
        assert!(parse_mapping("B=shoe_size").is_err());
        assert!(parse_mapping("B").is_err());
    }
}
