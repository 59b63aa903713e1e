//! Importing employers and their contacts from a spreadsheet or CSV file.
//!
//! Two steps, as the import wizard shows them:
//! 1. [`preview`] reads the file, finds the header row under any title rows, maps the columns
//!    by their headers (Chinese or English synonyms, correctable through
//!    [`ImportOptions::mapping`]), and says for every data row what would happen: create an
//!    employer, merge into one already in the store, merge into an earlier row of the file,
//!    skip (totals and notes rows), or reject, each with typed reasons.
//! 2. [`commit`] does the same against the store as it is at that moment and writes the
//!    result in one transaction: all or nothing, and one batch in the history, so
//!    `Tx::undo_last` takes the whole import back.
//!
//! Duplicates are recognised by credit code or by folded name (`name_key`, the same rule and
//! index as the employer form's duplicate check). A duplicate never becomes a second employer:
//! its blank fields are filled from the file and its contacts are added to the one employer.
use super::ExchangeError;
use super::labels::{OWNERSHIP, SIZE, parse_yes_no};
use super::read::{self, Book, Cell, Encoding, Format, Sheet, fold_label};
use crate::employers::{self, DuplicateReason};
use crate::error::{ErrorCode, Result};
use crate::ids::Id;
use crate::model::validate::{self, name_key};
use crate::model::{Contact, Employer, EmployerSize, Origin, Ownership, Record, ValidationError};
use crate::store::Store;
use crate::store::records::{self, Stored, Tx};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    CreditCode,
    Industry,
    Ownership,
    Size,
    Region,
    Address,
    Park,
    IsKey,
    NewlyDeveloped,
    DevelopedOn,
    Notes,
    ContactName,
    ContactTitle,
    Phone,
    Mobile,
    Email,
    Alumnus,
    AlumniYear,
    AlumniMajor,
    // A past visit's (`past_visits`): the data standard's 访企拓岗数据 columns.
    MajorCode,
    Majors,
    Positions,
    Pay,
    Leader,
    LeaderTitle,
    VisitedOn,
    HostName,
    HostTitle,
    OutcomeForm,
    Interns,
    Cooperation,
    VisitMode,
    Serial,
}

/// What a file holds: employers with their contacts, or past visits (a school's visit ledger).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Importing {
    #[default]
    Employers,
    Visits,
}

impl Importing {
    /// The header synonyms of the fields this kind of file has.
    pub(super) fn synonyms(self) -> &'static [(Field, &'static [&'static str])] {
        match self {
            Importing::Employers => SYNONYMS,
            Importing::Visits => super::past_visits::SYNONYMS,
        }
    }
}

/// Header synonyms per field, written folded: a header matches after [`fold_label`] (width,
/// case, spaces, notes in brackets).
pub(super) const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "单位名称",
            "企业名称",
            "用人单位",
            "用人单位名称",
            "公司名称",
            "单位全称",
            "企业全称",
            "单位",
            "企业",
            "公司",
            "名称",
            "name",
            "employer",
            "employername",
            "company",
            "companyname",
            "organization",
        ],
    ),
    (
        Field::CreditCode,
        &[
            "统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "统一信用代码",
            "统一代码",
            "creditcode",
            "uscc",
            "unifiedsocialcreditcode",
        ],
    ),
    (Field::Industry, &["所属行业", "行业", "行业类别", "行业分类", "industry"]),
    (Field::Ownership, &["单位性质", "企业性质", "性质", "所有制", "经济类型", "ownership", "companytype"]),
    (Field::Size, &["企业规模", "单位规模", "规模", "size"]),
    (Field::Region, &["所在地区", "地区", "所在地", "所在省市", "省市", "区域", "region", "city", "location"]),
    (Field::Address, &["单位地址", "地址", "详细地址", "通讯地址", "办公地址", "注册地址", "address"]),
    (Field::Park, &["所在园区", "园区", "产业园区", "park"]),
    (Field::IsKey, &["重点单位", "是否重点单位", "重点", "keyemployer", "key"]),
    (Field::NewlyDeveloped, &["新开拓", "是否新开拓", "新开拓单位", "是否新开拓单位", "newlydeveloped", "new"]),
    (Field::DevelopedOn, &["开拓日期", "开拓时间", "新开拓日期", "developedon", "developed"]),
    (Field::Notes, &["备注", "说明", "notes", "note", "remark", "remarks"]),
    (Field::ContactName, &["联系人", "联系人姓名", "姓名", "contact", "contactname", "contactperson"]),
    (Field::ContactTitle, &["职务", "联系人职务", "职位", "title", "position", "jobtitle"]),
    (Field::Phone, &["联系电话", "电话", "办公电话", "座机", "固定电话", "phone", "tel", "telephone"]),
    (Field::Mobile, &["手机", "手机号", "手机号码", "移动电话", "mobile", "cellphone", "cell"]),
    (Field::Email, &["电子邮箱", "邮箱", "电子邮件", "email", "mail"]),
    (Field::Alumnus, &["校友", "是否校友", "alumnus", "alumni"]),
    (Field::AlumniYear, &["毕业年份", "届别", "毕业届别", "graduationyear", "alumniyear"]),
    (Field::AlumniMajor, &["所学专业", "毕业专业", "专业", "major"]),
];

/// How far down the header row may be (title rows above it).
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// A correction to the detected mapping: column `column` (0-based) holds `field`, or nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnChoice {
    pub column: u32,
    pub field: Option<Field>,
}

/// The file picked for import, as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PickedFile {
    /// The file's name, without its folder.
    pub name: String,
    pub bytes: usize,
    /// From the file's first bytes, not its name.
    pub format: Format,
}

impl PickedFile {
    pub fn new(name: String, bytes: &[u8]) -> PickedFile {
        PickedFile { name, bytes: bytes.len(), format: Format::detect(bytes) }
    }
}

/// What the user chose in the wizard. The defaults detect everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// For CSV: the encoding, instead of the detected one.
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// The sheet to read, instead of the one with the best header.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The header's row number as the sheet shows it (1 is the first row), instead of the detected one.
    #[serde(default)]
    pub header_row: Option<u32>,
    /// Corrections to the detected column mapping.
    #[serde(default)]
    pub mapping: Vec<ColumnChoice>,
    /// A credit code with a wrong check character: keep the row without the code instead of
    /// rejecting the row.
    #[serde(default)]
    pub keep_rows_with_bad_credit_code: bool,
    /// Employers (the default) or past visits.
    #[serde(default)]
    pub importing: Importing,
    /// For past visits: the leaders not found among the people are added as people (the
    /// user's confirmation); without it their rows are rejected.
    #[serde(default)]
    pub create_people: bool,
}

/// One column of the file and the field it maps to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Column {
    /// 0-based.
    pub column: u32,
    pub header: String,
    pub field: Option<Field>,
    /// The synonym the header matched, when the mapping was detected.
    pub matched: Option<String>,
    /// The user chose the field.
    pub chosen: bool,
}

/// Why two rows are the same employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    CreditCode,
    Name,
    /// The row has no employer of its own, only a contact: the employer cell was merged
    /// (or left blank) under the row above.
    MergedCell,
}

impl From<DuplicateReason> for MatchedBy {
    fn from(r: DuplicateReason) -> MatchedBy {
        match r {
            DuplicateReason::CreditCode => MatchedBy::CreditCode,
            DuplicateReason::Name => MatchedBy::Name,
        }
    }
}

/// What happens to a row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// A new employer.
    Create,
    /// The same employer as one in the store: blank fields filled, contact added.
    MergeExisting { employer_id: Id, employer_name: String, by: MatchedBy },
    /// The same employer as an earlier row (its row number): one employer for both.
    MergeInFile { row: u32, by: MatchedBy },
    /// Not an employer: a totals, notes or repeated header row.
    Skip,
    /// Nothing from this row is imported; see the issues.
    Reject,
}

/// Why a row is rejected, or what was dropped from it. The UI translates the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    // Rejections.
    /// No employer name.
    NameMissing,
    /// A field failed validation; `validation` holds the `validation.<problem>` code.
    Invalid,
    /// The same name as an employer in the store or file, with a different credit code.
    CreditCodeConflict,
    // Warnings: the row is imported without the value.
    /// A wrong credit code was left out, as the options asked.
    CreditCodeDropped,
    EmailDropped,
    PhoneDropped,
    DateDropped,
    YearDropped,
    /// A choice (ownership, size, yes/no) that is not one of the known names.
    ChoiceUnknown,
    /// Marked newly developed, without the date it was developed: imported as existing.
    DevelopedOnMissing,
    /// More phone numbers than the contact has fields: the rest went into its notes.
    ExtraPhones,
    /// Contact details without a usable contact (no name, or a field failed validation).
    ContactDropped,
    /// The employer already has a contact of that name; it was not added twice.
    ContactExists,
    // Past visits.
    /// No visit date, or one that cannot be read.
    VisitDateMissing,
    /// No leader named.
    LeaderMissing,
    /// The leader is not among the people: added as a person when confirmed, else rejected.
    LeaderUnknown,
    /// The leader will be added as a person (the import was confirmed to create people).
    LeaderAdded,
    /// The same leader already visited this employer that day: the row is not added twice.
    VisitExists,
    /// A number written with words ("约30"): read as the number in it.
    NumberApprox,
    /// A number that cannot be read at all: left out.
    NumberDropped,
    // Skips.
    TotalsRow,
    NotesRow,
    HeaderRow,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Issue {
    pub code: IssueCode,
    pub field: Option<Field>,
    /// The cell's text, as read.
    pub value: String,
    /// For validation problems, the same `validation.<problem>` code a form shows.
    pub validation: Option<String>,
}

/// One data row and what happens to it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RowOutcome {
    /// The row number as the sheet shows it (1 is the first row).
    pub row: u32,
    pub name: String,
    pub contact: Option<String>,
    /// For a past visit: its leader and day.
    pub leader: Option<String>,
    pub visited_on: Option<NaiveDate>,
    pub action: Action,
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    /// Employers created.
    pub created: u32,
    /// Rows merged into an employer in the store.
    pub merged_existing: u32,
    /// Rows merged into an earlier row of the file.
    pub merged_in_file: u32,
    pub rejected: u32,
    pub skipped: u32,
    /// Employers in the store whose blank fields the file fills.
    pub employers_updated: u32,
    pub contacts_added: u32,
    /// Past visits: the visits, people, postings and bases added.
    pub visits_added: u32,
    pub people_added: u32,
    pub postings_added: u32,
    pub bases_added: u32,
}

/// What an import would do (from [`preview`]) or did (from [`commit`]).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Preview {
    /// The file as it was read and mapped (flat in JSON, beside the rows).
    #[serde(flatten)]
    #[ts(flatten)]
    pub layout: Layout,
    pub rows: Vec<RowOutcome>,
    pub counts: Counts,
}

/// What [`commit`] wrote: the outcome row by row, and the history batch that undo reverts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Committed {
    pub preview: Preview,
    pub batch: Id,
}

// --- reading rows --------------------------------------------------------------------------

/// The fields that a header row's cells name, with the synonym each matched.
fn header_fields(row: &[Cell], importing: Importing) -> Vec<Option<(Field, &'static str)>> {
    let mut seen: Vec<Field> = Vec::new();
    row.iter()
        .map(|cell| {
            let label = fold_label(&cell.text());
            let found = importing.synonyms().iter().find_map(|(field, names)| {
                names.iter().find(|n| **n == label && !label.is_empty()).map(|n| (*field, *n))
            });
            // The first column that names a field gets it.
            found.filter(|(f, _)| !seen.contains(f)).inspect(|(f, _)| seen.push(*f))
        })
        .collect()
}

/// The header row: among the first rows, the one naming the most fields, the name among them.
fn find_header(sheet: &Sheet, importing: Importing) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let fields = header_fields(row, importing);
        if !fields.iter().flatten().any(|(f, _)| *f == Field::Name) {
            continue;
        }
        let score = fields.iter().flatten().count();
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best
}

pub(super) struct Table<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) header: usize,
    /// The header row was taken as the first row with anything in it, not found by its headers.
    guessed: bool,
    pub(super) columns: Vec<Column>,
}

/// The table to import: the sheet, its header row and the mapped columns, with a name column.
pub(super) fn table<'a>(book: &'a Book, options: &ImportOptions) -> Result<Table<'a>, ExchangeError> {
    let table = locate(book, options, false)?;
    if !table.columns.iter().any(|c| c.field == Some(Field::Name)) {
        return Err(ExchangeError::NoNameColumn);
    }
    Ok(table)
}

pub(super) fn blank_row(row: &[Cell]) -> bool {
    row.iter().all(Cell::is_blank)
}

fn blank_sheet(sheet: &Sheet) -> bool {
    sheet.rows.iter().all(|r| blank_row(r))
}

/// The sheet, its header row and its columns as mapped. Without a header row found or given,
/// `guess` takes the first row with anything in it (for the mapping step to correct), else it
/// fails with `NoHeader`. A file with nothing in it fails with `Empty`.
fn locate<'a>(book: &'a Book, options: &ImportOptions, guess: bool) -> Result<Table<'a>, ExchangeError> {
    if book.sheets.iter().all(blank_sheet) {
        return Err(ExchangeError::Empty);
    }
    let (sheet, header) = match &options.sheet {
        Some(name) => {
            let sheet = book
                .sheets
                .iter()
                .find(|s| s.name.as_deref() == Some(name.as_str()))
                .ok_or_else(|| ExchangeError::NoSuchSheet(name.clone()))?;
            (sheet, find_header(sheet, options.importing).map(|(i, _)| i))
        }
        None => book
            .sheets
            .iter()
            .map(|s| (s, find_header(s, options.importing)))
            // The best header; failing any, a sheet with something in it.
            .max_by_key(|(s, h)| (h.map(|(_, score)| score), !blank_sheet(s)))
            .map(|(s, h)| (s, h.map(|(i, _)| i)))
            .ok_or(ExchangeError::NoHeader(HEADER_SEARCH_ROWS))?,
    };
    let no_header = ExchangeError::NoHeader(HEADER_SEARCH_ROWS);
    let (header, guessed) = match (options.header_row, header) {
        (Some(n), _) if n >= 1 && (n as usize) <= sheet.rows.len() => (n as usize - 1, false),
        (Some(n), _) => return Err(ExchangeError::HeaderOutOfRange(n)),
        (None, Some(i)) => (i, false),
        (None, None) if guess => (sheet.rows.iter().position(|r| !blank_row(r)).ok_or(no_header)?, true),
        (None, None) => return Err(no_header),
    };
    let row = &sheet.rows[header];
    let mut columns: Vec<Column> = header_fields(row, options.importing)
        .into_iter()
        .zip(row)
        .enumerate()
        .map(|(i, (found, cell))| Column {
            column: i as u32,
            header: cell.text(),
            field: found.map(|(f, _)| f),
            matched: found.map(|(_, n)| n.to_string()),
            chosen: false,
        })
        .collect();
    for choice in &options.mapping {
        let i = choice.column as usize;
        if i >= read::MAX_COLS {
            continue;
        }
        while columns.len() <= i {
            columns.push(Column {
                column: columns.len() as u32,
                header: String::new(),
                field: None,
                matched: None,
                chosen: false,
            });
        }
        // A field lives in one column: choosing it for this column takes it from another.
        if let Some(field) = choice.field {
            for other in columns.iter_mut().filter(|c| c.field == Some(field)) {
                other.field = None;
                other.matched = None;
            }
        }
        columns[i] = Column { field: choice.field, matched: None, chosen: true, ..columns[i].clone() };
    }
    Ok(Table { sheet, header, guessed, columns })
}

/// What the mapping step shows of a file: see [`layout`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Layout {
    pub format: Format,
    /// For CSV: the encoding read with.
    pub encoding: Option<Encoding>,
    /// For CSV: bytes that did not decode were replaced; another encoding may be right.
    pub decode_errors: bool,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// The header's row number as the sheet shows it.
    pub header_row: u32,
    /// No row named the employer column: the header row is a guess, the first row with
    /// anything in it, and the columns need mapping by hand.
    pub header_guessed: bool,
    pub columns: Vec<Column>,
    /// The first data row under the header, as text by column, to tell the columns apart.
    pub sample: Vec<String>,
}

pub(super) fn layout_of(book: &Book, table: Table<'_>) -> Layout {
    let sample = table.sheet.rows.iter().skip(table.header + 1).find(|r| !blank_row(r));
    Layout {
        format: book.format,
        encoding: book.encoding,
        decode_errors: book.decode_errors,
        sheets: book.sheets.iter().filter_map(|s| s.name.clone()).collect(),
        sheet: table.sheet.name.clone(),
        header_row: table.header as u32 + 1,
        header_guessed: table.guessed,
        columns: table.columns,
        sample: sample.map(|r| r.iter().map(Cell::text).collect()).unwrap_or_default(),
    }
}

/// The sheet, header row and columns of a file as [`preview`] would map them, for the mapping
/// step, without the store. Unlike `preview` it needs no name column, and where no header row
/// is found it offers the first row with anything in it, so that a file whose headers are not
/// recognised can still be mapped by hand.
pub fn layout(bytes: &[u8], options: &ImportOptions) -> Result<Layout> {
    let book = read::read(bytes, options.encoding)?;
    Ok(layout_of(&book, locate(&book, options, true)?))
}

/// The cells of one row by field.
pub(super) struct Row<'a> {
    pub(super) number: u32,
    pub(super) cells: HashMap<Field, &'a Cell>,
}

impl<'a> Row<'a> {
    /// Row `number` (as the sheet shows it) of `table`, its non-blank cells by mapped field.
    pub(super) fn of(table: &Table<'_>, cells: &'a [Cell], number: u32) -> Row<'a> {
        Row {
            number,
            cells: table
                .columns
                .iter()
                .filter_map(|c| Some((c.field?, cells.get(c.column as usize)?)))
                .filter(|(_, cell)| !cell.is_blank())
                .collect(),
        }
    }
    pub(super) fn text(&self, field: Field) -> String {
        self.cells.get(&field).map(|c| c.text()).unwrap_or_default()
    }
    pub(super) fn cell(&self, field: Field) -> &Cell {
        self.cells.get(&field).copied().unwrap_or(&Cell::Empty)
    }
}

pub(super) fn issue(code: IssueCode, field: Option<Field>, value: impl Into<String>) -> Issue {
    Issue { code, field, value: value.into(), validation: None }
}

pub(super) fn invalid(e: &ValidationError, value: String) -> Issue {
    Issue {
        code: IssueCode::Invalid,
        field: field_of(e.field),
        value,
        validation: Some(ErrorCode::from(&e.problem).as_str().into()),
    }
}

/// The column field behind a model field name.
fn field_of(model_field: &str) -> Option<Field> {
    Some(match model_field {
        "employer.name" => Field::Name,
        "employer.credit_code" => Field::CreditCode,
        "employer.industry" => Field::Industry,
        "employer.region" => Field::Region,
        "employer.address" => Field::Address,
        "employer.park" => Field::Park,
        "employer.notes" | "contact.notes" => Field::Notes,
        "employer.developed_on" => Field::DevelopedOn,
        "contact.name" => Field::ContactName,
        "contact.title" => Field::ContactTitle,
        "contact.phone" => Field::Phone,
        "contact.mobile" => Field::Mobile,
        "contact.email" => Field::Email,
        "contact.alumni_year" => Field::AlumniYear,
        "contact.alumni_major" => Field::AlumniMajor,
        _ => return None,
    })
}

/// A date cell: a real date, an Excel serial number, 20220315, or text (2022年3月15日,
/// 2022/3/15, 2022.03.15, 2022-03-15).
pub(super) fn date_of(cell: &Cell) -> Option<NaiveDate> {
    let serial = |n: f64| {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        if (1.0..2_958_466.0).contains(&n) { epoch.checked_add_days(Days::new(n as u64)) } else { None }
    };
    let compact = |n: u64| NaiveDate::from_ymd_opt((n / 10_000) as i32, (n / 100 % 100) as u32, (n % 100) as u32);
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) if (19_000_101.0..=29_991_231.0).contains(n) => compact(*n as u64),
        Cell::Number(n) => serial(*n),
        Cell::Text(t) => {
            let t = validate::fold_width(t);
            let t = t.trim();
            validate::date("date", t).ok().or_else(|| match t.parse::<u64>() {
                Ok(n) if t.len() == 8 => compact(n),
                Ok(n) if t.len() <= 6 => serial(n as f64),
                _ => None,
            })
        }
        Cell::Empty | Cell::Bool(_) => None,
    }
}

fn yes_no(row: &Row<'_>, field: Field, issues: &mut Vec<Issue>) -> bool {
    match row.cell(field) {
        Cell::Bool(b) => *b,
        Cell::Number(n) => *n != 0.0,
        cell => {
            let text = cell.text();
            parse_yes_no(&text).unwrap_or_else(|| {
                issues.push(issue(IssueCode::ChoiceUnknown, Some(field), text));
                false
            })
        }
    }
}

/// The phone numbers in a cell: one, or several written apart (`/`, `、`, `,`, `;`, line
/// breaks, 或, or spaces between whole numbers). Returns the valid ones, canonical, and the rest.
fn phone_numbers(raw: &str) -> (Vec<String>, Vec<String>) {
    let raw = validate::fold_width(raw);
    if raw.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    if let Ok(one) = validate::phone("contact.phone", &raw) {
        return (vec![one], Vec::new());
    }
    let mut pieces: Vec<&str> =
        raw.split(['/', '、', ',', ';', '\n', '|', '或']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if pieces.len() == 1 {
        pieces = raw.split_whitespace().collect();
    }
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for piece in pieces {
        match validate::phone("contact.phone", piece) {
            Ok(p) if !good.contains(&p) => good.push(p),
            Ok(_) => {}
            Err(_) => bad.push(piece.to_string()),
        }
    }
    (good, bad)
}

/// A data row read into an employer and perhaps a contact.
struct Parsed {
    employer: Employer,
    contact: Option<Contact>,
}

fn parse_contact(row: &Row<'_>, issues: &mut Vec<Issue>) -> Option<Contact> {
    let name = row.text(Field::ContactName);
    let mut numbers: Vec<String> = Vec::new();
    for field in [Field::Mobile, Field::Phone] {
        let (good, bad) = phone_numbers(&row.text(field));
        numbers.extend(good.into_iter().filter(|n| !numbers.contains(n)).collect::<Vec<_>>());
        issues.extend(bad.into_iter().map(|b| issue(IssueCode::PhoneDropped, Some(field), b)));
    }
    let email_text = row.text(Field::Email);
    let email = match validate::optional("contact.email", Some(&email_text), validate::email) {
        Ok(e) => e,
        Err(_) => {
            issues.push(issue(IssueCode::EmailDropped, Some(Field::Email), email_text));
            None
        }
    };
    let title = row.text(Field::ContactTitle);
    let major = row.text(Field::AlumniMajor);
    let year_text = row.text(Field::AlumniYear);
    let year = match fold_label(&year_text).trim_end_matches('届').trim_end_matches('年') {
        "" => None,
        y => y.parse::<u16>().ok().filter(|y| (1900..=2100).contains(y)).or_else(|| {
            issues.push(issue(IssueCode::YearDropped, Some(Field::AlumniYear), year_text.clone()));
            None
        }),
    };
    let alumnus = yes_no(row, Field::Alumnus, issues) || year.is_some();
    let anything = !name.is_empty() || !numbers.is_empty() || email.is_some() || !title.is_empty();
    if !anything {
        return None;
    }
    // Mobiles go to the mobile field, landlines to the phone field, a second mobile to the
    // phone field if it is free; any more go into the notes.
    let mut rest = numbers;
    let mut take = |mobile: Option<bool>| {
        let is_mobile = |n: &String| n.len() == 11 && n.starts_with('1');
        rest.iter().position(|n| mobile.is_none_or(|m| is_mobile(n) == m)).map(|i| rest.remove(i))
    };
    let mobile = take(Some(true));
    let phone = take(Some(false)).or_else(|| take(None));
    let mut notes = String::new();
    if !rest.is_empty() {
        notes = format!("其他电话：{}", rest.join("、"));
        issues.push(issue(IssueCode::ExtraPhones, Some(Field::Phone), rest.join(" ")));
    }
    let contact = Contact {
        // Replaced by the employer's id when written.
        employer_id: Id::from_parts(DateTime::<Utc>::UNIX_EPOCH, [0; 10]),
        name: name.clone(),
        title,
        phone,
        mobile,
        email,
        is_alumnus: alumnus,
        alumni_year: year,
        alumni_major: major,
        notes,
    };
    match contact.validate() {
        Ok(c) => Some(c),
        Err(e) => {
            let value = if e.field == "contact.name" { name } else { String::new() };
            issues.push(Issue { code: IssueCode::ContactDropped, ..invalid(&e, value) });
            None
        }
    }
}

/// Reads a row into an employer (validated) and its contact; `Err` holds the reasons to reject it.
fn parse_row(row: &Row<'_>, options: &ImportOptions, issues: &mut Vec<Issue>) -> std::result::Result<Parsed, ()> {
    let name = row.text(Field::Name);
    if name.is_empty() {
        issues.push(issue(IssueCode::NameMissing, Some(Field::Name), ""));
        return Err(());
    }
    let choice = |field: Field| Some(row.text(field)).filter(|t| !t.is_empty());
    let ownership = match choice(Field::Ownership) {
        None => Ownership::Other,
        Some(t) => OWNERSHIP.parse(&t).unwrap_or_else(|| {
            issues.push(issue(IssueCode::ChoiceUnknown, Some(Field::Ownership), t));
            Ownership::Other
        }),
    };
    let size = match choice(Field::Size) {
        None => EmployerSize::Unknown,
        Some(t) => SIZE.parse(&t).unwrap_or_else(|| {
            issues.push(issue(IssueCode::ChoiceUnknown, Some(Field::Size), t));
            EmployerSize::Unknown
        }),
    };
    let developed_text = row.text(Field::DevelopedOn);
    let developed_on = date_of(row.cell(Field::DevelopedOn));
    if developed_on.is_none() && !developed_text.is_empty() {
        issues.push(issue(IssueCode::DateDropped, Some(Field::DevelopedOn), developed_text));
    }
    let newly = row.cells.contains_key(&Field::NewlyDeveloped).then(|| yes_no(row, Field::NewlyDeveloped, issues));
    let origin = match (newly, developed_on) {
        (Some(false), _) | (None, None) => Origin::Existing,
        (_, Some(_)) => Origin::NewlyDeveloped,
        (Some(true), None) => {
            issues.push(issue(IssueCode::DevelopedOnMissing, Some(Field::DevelopedOn), ""));
            Origin::Existing
        }
    };
    let code = row.text(Field::CreditCode);
    let mut employer = Employer {
        name: name.clone(),
        credit_code: (!code.is_empty()).then(|| code.clone()),
        industry: row.text(Field::Industry),
        ownership,
        size,
        region: row.text(Field::Region),
        address: row.text(Field::Address),
        park: row.text(Field::Park),
        is_key: yes_no(row, Field::IsKey, issues),
        origin,
        developed_on,
        notes: row.text(Field::Notes),
        merged_into: None,
    };
    if let Err(e) = validate::optional("employer.credit_code", employer.credit_code.as_deref(), validate::credit_code) {
        if !options.keep_rows_with_bad_credit_code {
            issues.push(invalid(&e, code));
            return Err(());
        }
        issues.push(Issue { code: IssueCode::CreditCodeDropped, ..invalid(&e, code) });
        employer.credit_code = None;
    }
    let employer = employer.validate().map_err(|e| {
        let value = row.text(field_of(e.field).unwrap_or(Field::Name));
        issues.push(invalid(&e, value));
    })?;
    Ok(Parsed { employer, contact: parse_contact(row, issues) })
}

/// Rows that are not data: totals, notes under the table, the header repeated.
pub(super) fn skip_reason(row: &[Cell], header: &[Cell]) -> Option<IssueCode> {
    let first = row.iter().map(Cell::text).find(|t| !t.is_empty())?;
    let first = fold_label(&first);
    const TOTALS: &[&str] = &["合计", "总计", "小计", "共计", "total", "sum"];
    const NOTES: &[&str] = &["填表人", "填表说明", "填报人", "制表", "注", "说明", "备注", "审核人"];
    if TOTALS.iter().any(|t| first.starts_with(t)) {
        return Some(IssueCode::TotalsRow);
    }
    if NOTES.iter().any(|n| first.starts_with(n)) && row.iter().filter(|c| !c.is_blank()).count() <= 2 {
        return Some(IssueCode::NotesRow);
    }
    let texts = |r: &[Cell]| r.iter().map(Cell::text).collect::<Vec<_>>();
    (texts(row) == texts(header)).then_some(IssueCode::HeaderRow)
}

// --- planning against the store --------------------------------------------------------------

/// Where a row's employer goes.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// Created from the group's first row.
    New,
    Existing(Id),
}

/// The rows that are one employer, and what will be written for it.
struct Group {
    target: Target,
    employer: Employer,
    /// The stored employer's data, for an existing one.
    before: Option<Employer>,
    contacts: Vec<Contact>,
}

/// A credit-code conflict: both have a code, and they differ.
fn conflict(mine: Option<&String>, theirs: Option<&String>) -> Option<String> {
    match (mine, theirs) {
        (Some(m), Some(t)) if m != t => Some(m.clone()),
        _ => None,
    }
}

fn plan(conn: &Connection, book: &Book, options: &ImportOptions) -> Result<(Preview, Vec<Group>)> {
    let table = table(book, options)?;
    let header = &table.sheet.rows[table.header];
    let mut outcomes: Vec<RowOutcome> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    // Index of the group, and the first row number, by credit code and by folded name.
    let mut by_code: HashMap<String, (usize, u32)> = HashMap::new();
    let mut by_name: HashMap<String, (usize, u32)> = HashMap::new();
    let mut by_existing: HashMap<Id, usize> = HashMap::new();
    // The group of the last row that was not rejected or skipped, for merged-cell contacts.
    let mut last: Option<(usize, u32)> = None;
    let mut existing_contacts: HashMap<Id, Vec<String>> = HashMap::new();

    for (i, cells) in table.sheet.rows.iter().enumerate().skip(table.header + 1) {
        if blank_row(cells) {
            continue;
        }
        let number = i as u32 + 1;
        let row = Row::of(&table, cells, number);
        let mut issues = Vec::new();
        let outcome = |action, name: String, contact: Option<String>, issues| RowOutcome {
            row: row.number,
            name,
            contact,
            leader: None,
            visited_on: None,
            action,
            issues,
        };
        if let Some(code) = skip_reason(cells, header) {
            let first = cells.iter().map(Cell::text).find(|t| !t.is_empty()).unwrap_or_default();
            outcomes.push(outcome(Action::Skip, String::new(), None, vec![issue(code, None, first)]));
            last = None;
            continue;
        }
        // A row with only contact details continues the employer above (a merged or blank cell).
        let contact_only = row.text(Field::Name).is_empty()
            && row.text(Field::CreditCode).is_empty()
            && row.cells.keys().any(|f| matches!(f, Field::ContactName | Field::Phone | Field::Mobile | Field::Email));
        if let (true, Some((g, first_row))) = (contact_only, last) {
            let contact = parse_contact(&row, &mut issues);
            let name = groups[g].employer.name.clone();
            let contact_name = contact.as_ref().map(|c| c.name.clone());
            add_contact(conn, &mut groups[g], contact, &mut existing_contacts, &mut issues)?;
            outcomes.push(outcome(
                Action::MergeInFile { row: first_row, by: MatchedBy::MergedCell },
                name,
                contact_name,
                issues,
            ));
            continue;
        }
        let parsed = match parse_row(&row, options, &mut issues) {
            Ok(p) => p,
            Err(()) => {
                // Contact rows under a rejected employer are not someone else's.
                last = None;
                outcomes.push(outcome(Action::Reject, row.text(Field::Name), None, issues));
                continue;
            }
        };
        let name = parsed.employer.name.clone();
        let contact_name = parsed.contact.as_ref().map(|c| c.name.clone());
        let code = parsed.employer.credit_code.clone();
        let key = name_key(&name);

        // Within the file first: by credit code, then by name.
        let in_file = code
            .as_ref()
            .and_then(|c| by_code.get(c).map(|g| (*g, MatchedBy::CreditCode)))
            .or_else(|| by_name.get(&key).map(|g| (*g, MatchedBy::Name)));
        let (g, action) = match in_file {
            Some(((g, first_row), by)) => {
                if let Some(mine) = conflict(code.as_ref(), groups[g].employer.credit_code.as_ref()) {
                    issues.push(issue(IssueCode::CreditCodeConflict, Some(Field::CreditCode), mine));
                    outcomes.push(outcome(Action::Reject, name, None, issues));
                    last = None;
                    continue;
                }
                (g, Action::MergeInFile { row: first_row, by })
            }
            None => {
                let duplicates = employers::likely_duplicates(conn, &parsed.employer, None)?;
                let found =
                    duplicates.iter().find(|d| d.reason == DuplicateReason::CreditCode).or_else(|| duplicates.first());
                match found {
                    Some(d) => {
                        let stored: Stored<Employer> = records::get(conn, &d.id)?;
                        if let Some(mine) = conflict(code.as_ref(), stored.data.credit_code.as_ref()) {
                            issues.push(issue(IssueCode::CreditCodeConflict, Some(Field::CreditCode), mine));
                            outcomes.push(outcome(Action::Reject, name, None, issues));
                            last = None;
                            continue;
                        }
                        let action = Action::MergeExisting {
                            employer_id: d.id.clone(),
                            employer_name: stored.data.name.clone(),
                            by: d.reason.into(),
                        };
                        let g = match by_existing.get(&d.id) {
                            Some(g) => *g,
                            None => {
                                groups.push(Group {
                                    target: Target::Existing(d.id.clone()),
                                    employer: stored.data.clone(),
                                    before: Some(stored.data),
                                    contacts: Vec::new(),
                                });
                                by_existing.insert(d.id.clone(), groups.len() - 1);
                                groups.len() - 1
                            }
                        };
                        (g, action)
                    }
                    None => {
                        groups.push(Group {
                            target: Target::New,
                            employer: parsed.employer.clone(),
                            before: None,
                            contacts: Vec::new(),
                        });
                        (groups.len() - 1, Action::Create)
                    }
                }
            }
        };
        let stored = groups[g].before.is_some();
        employers::fill_blanks(&mut groups[g].employer, &parsed.employer, stored);
        if !matches!(action, Action::MergeInFile { .. }) {
            if let Some(c) = &code {
                by_code.entry(c.clone()).or_insert((g, number));
            }
            by_name.entry(key).or_insert((g, number));
            if let Some(c) = &groups[g].employer.credit_code {
                by_code.entry(c.clone()).or_insert((g, number));
            }
            by_name.entry(name_key(&groups[g].employer.name)).or_insert((g, number));
        }
        let first_row = match &action {
            Action::MergeInFile { row, .. } => *row,
            _ => number,
        };
        last = Some((g, first_row));
        add_contact(conn, &mut groups[g], parsed.contact, &mut existing_contacts, &mut issues)?;
        outcomes.push(outcome(action, name, contact_name, issues));
    }

    let mut counts = Counts::default();
    for o in &outcomes {
        match o.action {
            Action::Create => counts.created += 1,
            Action::MergeExisting { .. } => counts.merged_existing += 1,
            Action::MergeInFile { .. } => counts.merged_in_file += 1,
            Action::Skip => counts.skipped += 1,
            Action::Reject => counts.rejected += 1,
        }
    }
    for g in &groups {
        counts.contacts_added += g.contacts.len() as u32;
        if g.before.as_ref().is_some_and(|b| *b != g.employer) {
            counts.employers_updated += 1;
        }
    }
    let preview = Preview { layout: layout_of(book, table), rows: outcomes, counts };
    Ok((preview, groups))
}

/// Adds a contact to a group unless its employer already has one of that name.
fn add_contact(
    conn: &Connection,
    group: &mut Group,
    contact: Option<Contact>,
    existing: &mut HashMap<Id, Vec<String>>,
    issues: &mut Vec<Issue>,
) -> Result<()> {
    let Some(contact) = contact else { return Ok(()) };
    let mut known: Vec<String> = group.contacts.iter().map(|c| c.name.clone()).collect();
    if let Target::Existing(id) = &group.target {
        if !existing.contains_key(id) {
            let names = records::list::<Contact>(conn, "employer_id = ?1", "id", [id])?
                .into_iter()
                .map(|c| c.data.name)
                .collect();
            existing.insert(id.clone(), names);
        }
        known.extend(existing[id].iter().cloned());
    }
    if known.iter().any(|k| name_key(k) == name_key(&contact.name)) {
        issues.push(issue(IssueCode::ContactExists, Some(Field::ContactName), contact.name));
        return Ok(());
    }
    group.contacts.push(contact);
    Ok(())
}

/// What importing `bytes` would do to the store, row by row. Writes nothing.
pub fn preview(conn: &Connection, bytes: &[u8], options: &ImportOptions) -> Result<Preview> {
    let book = read::read(bytes, options.encoding)?;
    match options.importing {
        Importing::Employers => Ok(plan(conn, &book, options)?.0),
        Importing::Visits => Ok(super::past_visits::plan(conn, &book, options)?.0),
    }
}

/// Imports `bytes` in one transaction (one history batch, undone as a whole), planned against
/// the store as it is now. Rejected rows are left out; nothing is written on error.
///
/// Past visits whose leaders are added as people add them first, in a batch of their own:
/// undo never takes a person away (`Tx::undo_last`), so the import's batch holds only what
/// undo can take back, and the people stay, to be removed on the people page.
pub fn commit(store: &mut Store, bytes: &[u8], options: &ImportOptions, now: DateTime<Utc>) -> Result<Committed> {
    let book = read::read(bytes, options.encoding)?;
    match options.importing {
        Importing::Employers => store.write(now, |tx| {
            let (preview, groups) = plan(tx.conn(), &book, options)?;
            apply(tx, groups)?;
            Ok(Committed { preview, batch: tx.batch().clone() })
        }),
        Importing::Visits => {
            let preview = store.write(now, |tx| super::past_visits::add_people(tx, &book, options))?;
            store.write(now, |tx| {
                let (_, plan) = super::past_visits::plan(tx.conn(), &book, options)?;
                super::past_visits::apply(tx, plan)?;
                Ok(Committed { preview, batch: tx.batch().clone() })
            })
        }
    }
}

fn apply(tx: &Tx<'_>, groups: Vec<Group>) -> Result<()> {
    for group in groups {
        let id = match (&group.target, group.before) {
            (Target::New, _) => tx.insert(group.employer)?.id,
            (Target::Existing(id), Some(before)) if before != group.employer => tx.update(id, group.employer)?.id,
            (Target::Existing(id), _) => id.clone(),
        };
        for contact in group.contacts {
            tx.insert(Contact { employer_id: id.clone(), ..contact })?;
        }
    }
    Ok(())
}
