//! Reading a file into rows of cells: a CSV file in any of the encodings Chinese offices write,
//! or a spreadsheet (.xlsx, .xls) through calamine, with merged cells filled in.
//!
//! Everything here is bounded, so a hostile file cannot make the importer allocate without
//! limit: a file over [`MAX_FILE_BYTES`] is refused before it is read, a cell over
//! [`MAX_CELL_CHARS`] is refused, at most [`MAX_ROWS`] rows and [`MAX_COLS`] columns are kept,
//! and the cells kept, merged copies included, may take at most [`MAX_CELL_BYTES`]. A merged
//! value is shared by the cells it fills, not copied into each.
use super::ExchangeError;
use crate::model::validate::fold_width;
use calamine::{Data, Dimensions, Reader};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

/// Rows beyond this are refused (a sheet holds 1,048,576; no employer list is that long).
pub const MAX_ROWS: usize = 200_000;
/// Columns beyond this are ignored.
pub const MAX_COLS: usize = 100;
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Excel's own limit on a cell's length: a longer cell was not written by Excel, and is refused.
pub const MAX_CELL_CHARS: usize = 32_767;
/// What the cells read may take, in all: each cell's own size and its text, a merged value
/// counted once for every cell it fills (the importer reads each of them). Without it a
/// 100 KB workbook, one cell of 32,767 characters merged over 100,000 cells, read as 9.8 GB.
pub const MAX_CELL_BYTES: usize = 256 * 1024 * 1024;
/// Cells that merged regions may cover, in all: a bound on the work of a hostile merge list
/// whose regions all lie over the same cells.
const MAX_MERGE_FILL: usize = 5_000_000;

/// The text encodings of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    /// GB18030, a superset of GBK and GB2312: what Excel on Chinese Windows writes.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub const ALL: &'static [Encoding] = &[Encoding::Utf8, Encoding::Gb18030, Encoding::Utf16Le, Encoding::Utf16Be];

    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// Parses the names people use: `utf-8`, `gbk`, `gb2312`, `gb18030`, `utf-16` (little-endian,
    /// as Windows writes it), `utf-16le`, `utf-16be`, case and punctuation ignored.
    pub fn parse(text: &str) -> Option<Encoding> {
        let name: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        match name.as_str() {
            "utf8" | "utf8bom" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" | "936" => Some(Encoding::Gb18030),
            "utf16" | "utf16le" | "unicode" | "ucs2" => Some(Encoding::Utf16Le),
            "utf16be" => Some(Encoding::Utf16Be),
            _ => None,
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }

    /// Guesses the encoding of CSV bytes: a byte-order mark decides; without one, text whose
    /// every other byte is zero is UTF-16; valid UTF-8 is UTF-8; anything else is GB18030.
    pub fn detect(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return Encoding::Utf8;
        }
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Encoding::Utf16Le;
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Encoding::Utf16Be;
        }
        // Delimiters, line ends and digits are ASCII, so BOM-less UTF-16 has zero bytes, mostly
        // on one side of the pairs; UTF-8 and GB18030 text never contains a zero byte.
        let sample = &bytes[..bytes.len().min(4096) & !1];
        let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
        let (even, odd) = (zeros(0), zeros(1));
        if odd > 2 * even {
            return Encoding::Utf16Le;
        }
        if even > 2 * odd {
            return Encoding::Utf16Be;
        }
        if std::str::from_utf8(bytes).is_ok() { Encoding::Utf8 } else { Encoding::Gb18030 }
    }
}

/// What kind of file was read, from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
}

impl Format {
    pub fn detect(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Format::Xls
        } else {
            Format::Csv
        }
    }
}

/// One cell as read. CSV cells are all text; spreadsheets keep numbers and dates typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cell {
    #[default]
    Empty,
    /// Shared: the cells a merged region fills hold the same text.
    Text(Arc<str>),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as text, trimmed: numbers without a spurious `.0` (a phone number typed into
    /// a number cell), dates as `2022-03-15`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => crate::model::validate::is_blank(s),
            _ => false,
        }
    }
}

/// One sheet (a CSV file is one sheet): its rows, row 0 first, each at most [`MAX_COLS`] wide.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A file read into sheets, with what was detected on the way.
#[derive(Debug, Clone)]
pub struct Book {
    pub format: Format,
    /// For CSV: the encoding used (detected, or the override).
    pub encoding: Option<Encoding>,
    /// For CSV: some bytes did not decode in that encoding and were replaced.
    pub decode_errors: bool,
    pub sheets: Vec<Sheet>,
}

fn too_large(what: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::TooLarge(what.to_string())
}

/// Reads a file to import, refusing one over [`MAX_FILE_BYTES`] before reading it (and one
/// that grows past it while being read).
pub fn load(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let too_big = || too_large(format!("the file is larger than {} MiB", MAX_FILE_BYTES >> 20));
    if file.metadata().map_err(unreadable)?.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The memory the cells read may still take (see [`MAX_CELL_BYTES`]).
struct Budget(usize);

impl Budget {
    fn new() -> Budget {
        Budget(MAX_CELL_BYTES)
    }

    fn spend(&mut self, bytes: usize) -> Result<(), ExchangeError> {
        self.0 = self
            .0
            .checked_sub(bytes)
            .ok_or_else(|| too_large(format!("its cells would take more than {} MiB", MAX_CELL_BYTES >> 20)))?;
        Ok(())
    }

    /// Pays for `cell` in a row: its size and its text.
    fn cell(&mut self, cell: &Cell) -> Result<(), ExchangeError> {
        let text = match cell {
            Cell::Text(t) => t.len(),
            _ => 0,
        };
        self.spend(size_of::<Cell>() + text)
    }

    /// Grows `row` to hold column `c`, paying for the empty cells added.
    fn widen(&mut self, row: &mut Vec<Cell>, c: usize) -> Result<(), ExchangeError> {
        if row.len() <= c {
            self.spend((c + 1 - row.len()) * size_of::<Cell>())?;
            row.resize(c + 1, Cell::Empty);
        }
        Ok(())
    }
}

/// A text cell, refused beyond [`MAX_CELL_CHARS`].
fn text_cell(text: String) -> Result<Cell, ExchangeError> {
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(too_large(format!("a cell is longer than {MAX_CELL_CHARS} characters")));
    }
    Ok(Cell::Text(text.into()))
}

/// Reads a file's bytes into sheets. `encoding` overrides the detected one for CSV.
pub fn read(bytes: &[u8], encoding: Option<Encoding>) -> Result<Book, ExchangeError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!("the file is larger than {} MiB", MAX_FILE_BYTES >> 20)));
    }
    match Format::detect(bytes) {
        Format::Csv => {
            let encoding = encoding.unwrap_or_else(|| Encoding::detect(bytes));
            let (text, decode_errors) = encoding.codec().decode_with_bom_removal(bytes);
            let rows = parse_csv(&text)?;
            Ok(Book {
                format: Format::Csv,
                encoding: Some(encoding),
                decode_errors,
                sheets: vec![Sheet { name: None, rows }],
            })
        }
        Format::Xlsx => read_xlsx(bytes),
        Format::Xls => read_xls(bytes),
    }
}

fn unreadable(e: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::Unreadable(e.to_string())
}

/// The delimiter a CSV file uses: the one of `,` `\t` `;` seen most in its first lines, outside
/// quotes (Excel's "Unicode text" is tab-separated; some European locales write `;`).
fn sniff_delimiter(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars().take(16_384) {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], usize::from(*i == 0))).unwrap_or(0);
    [',', '\t', ';'][best]
}

/// Parses CSV text (RFC 4180: quoted fields with `""` escapes and line breaks inside quotes;
/// CRLF, LF or CR line ends). Lenient where Excel is: a quote inside an unquoted field is
/// kept as it is, and an unterminated quote runs to the end of the file.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<Cell>>, ExchangeError> {
    let delimiter = sniff_delimiter(text);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut fresh) = (false, true);
    let end_field = |row: &mut Vec<Cell>, field: &mut String, budget: &mut Budget| -> Result<(), ExchangeError> {
        if row.len() < MAX_COLS {
            let text = std::mem::take(field);
            let cell = if text.is_empty() { Cell::Empty } else { text_cell(text)? };
            budget.cell(&cell)?;
            row.push(cell);
        } else {
            field.clear();
        }
        Ok(())
    };
    let mut budget = Budget::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if fresh => {
                quoted = true;
                fresh = false;
            }
            c if c == delimiter => {
                end_field(&mut row, &mut field, &mut budget)?;
                fresh = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_field(&mut row, &mut field, &mut budget)?;
                rows.push(std::mem::take(&mut row));
                if rows.len() > MAX_ROWS {
                    return Err(too_large(format!("it has more than {MAX_ROWS} rows")));
                }
                fresh = true;
            }
            c => {
                field.push(c);
                fresh = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() || !fresh {
        end_field(&mut row, &mut field, &mut budget)?;
        rows.push(row);
    }
    Ok(rows)
}

fn cell_of(data: Data) -> Result<Cell, ExchangeError> {
    Ok(match data {
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_cell(s)?,
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) if dt.is_datetime() => dt.as_datetime().map_or(Cell::Empty, |d| Cell::Date(d.date())),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    })
}

/// Puts a cell at (row, col) of `rows`, growing it; cells beyond the bounds are dropped or refused.
fn put(rows: &mut Vec<Vec<Cell>>, (r, c): (u32, u32), cell: Cell, budget: &mut Budget) -> Result<(), ExchangeError> {
    let (r, c) = (r as usize, c as usize);
    if c >= MAX_COLS || cell == Cell::Empty {
        return Ok(());
    }
    if r >= MAX_ROWS {
        return Err(too_large(format!("it has more than {MAX_ROWS} rows")));
    }
    if rows.len() <= r {
        budget.spend((r + 1 - rows.len()) * size_of::<Vec<Cell>>())?;
        rows.resize_with(r + 1, Vec::new);
    }
    let row = &mut rows[r];
    budget.widen(row, c)?;
    budget.cell(&cell)?;
    row[c] = cell;
    Ok(())
}

/// Gives every cell of a merged region the value of its top-left cell, as a reader sees it:
/// an employer's name merged down over its three contacts belongs to each of their rows.
fn fill_merged(rows: &mut [Vec<Cell>], regions: &[Dimensions], budget: &mut Budget) -> Result<(), ExchangeError> {
    let mut covered = 0;
    for region in regions {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let Some(value) = rows.get(r0).and_then(|row| row.get(c0)).filter(|v| **v != Cell::Empty).cloned() else {
            continue;
        };
        let r1 = (region.end.0 as usize).min(rows.len().saturating_sub(1));
        let c1 = (region.end.1 as usize).min(MAX_COLS - 1);
        for row in rows.iter_mut().take(r1 + 1).skip(r0) {
            for c in c0..=c1 {
                covered += 1;
                if covered > MAX_MERGE_FILL {
                    return Err(too_large(format!("its merged cells cover more than {MAX_MERGE_FILL} cells")));
                }
                budget.widen(row, c)?;
                if row[c] == Cell::Empty {
                    budget.cell(&value)?;
                    row[c] = value.clone();
                }
            }
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Book, ExchangeError> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    let mut budget = Budget::new();
    for name in book.sheet_names() {
        let mut rows = Vec::new();
        // Cell by cell: calamine's ranges allocate the whole rectangle up to the last cell.
        // Chart sheets and the like have no cells: skip them.
        let Ok(mut reader) = book.worksheet_cells_reader(&name) else { continue };
        while let Some(cell) = reader.next_cell().map_err(unreadable)? {
            put(&mut rows, cell.get_position(), cell_of(cell.get_value().clone().into())?, &mut budget)?;
        }
        drop(reader);
        let merged = book.worksheet_merge_cells(&name).transpose().map_err(unreadable)?.unwrap_or_default();
        fill_merged(&mut rows, &merged, &mut budget)?;
        sheets.push(Sheet { name: Some(name), rows });
    }
    Ok(Book { format: Format::Xlsx, encoding: None, decode_errors: false, sheets })
}

fn read_xls(bytes: &[u8]) -> Result<Book, ExchangeError> {
    let mut book = calamine::Xls::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    let mut budget = Budget::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (r, c, data) in range.used_cells() {
            put(&mut rows, (r0 + r as u32, c0 + c as u32), cell_of(data.clone())?, &mut budget)?;
        }
        fill_merged(&mut rows, &book.worksheet_merge_cells(&name).unwrap_or_default(), &mut budget)?;
        sheets.push(Sheet { name: Some(name), rows });
    }
    Ok(Book { format: Format::Xls, encoding: None, decode_errors: false, sheets })
}

/// A header or choice as compared: width folded, lower case, without spaces, asterisks
/// (required-field marks), colons, or a bracketed note such as 单位名称（全称）.
pub fn fold_label(s: &str) -> String {
    let folded = fold_width(s).to_lowercase();
    let cut = folded.find(['(', '（', '[', '【']).filter(|i| *i > 0).unwrap_or(folded.len());
    folded[..cut].chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '_' | '-')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect()
    }

    #[test]
    fn csv_quoting_follows_rfc_4180() {
        let rows = parse_csv("名称,备注\r\n\"甲,乙公司\",\"说 \"\"好\"\"\n第二行\"\n丙公司,\n").unwrap();
        assert_eq!(texts(&rows), [vec!["名称", "备注"], vec!["甲,乙公司", "说 \"好\"\n第二行"], vec!["丙公司", ""]]);
        // A quote inside a field is kept; the last line needs no line end.
        assert_eq!(texts(&parse_csv("a\"b,c").unwrap()), [vec!["a\"b", "c"]]);
        // Tab-separated (Excel's "Unicode text").
        assert_eq!(texts(&parse_csv("名称\t电话\n甲\t1,2\n").unwrap()), [vec!["名称", "电话"], vec!["甲", "1,2"]]);
    }

    #[test]
    fn encodings_are_detected() {
        let text = "单位名称,联系人\n华为技术有限公司,张三\n";
        let gb = encoding_rs::GB18030.encode(text).0.into_owned();
        assert_eq!(Encoding::detect(&gb), Encoding::Gb18030);
        assert_eq!(Encoding::detect(text.as_bytes()), Encoding::Utf8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(Encoding::detect(&bom), Encoding::Utf8);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(Encoding::detect(&le), Encoding::Utf16Le, "BOM-less little-endian");
        assert_eq!(Encoding::detect(&be), Encoding::Utf16Be, "BOM-less big-endian");
        assert_eq!(Encoding::detect(&[&[0xFF, 0xFE][..], &le].concat()), Encoding::Utf16Le);
        assert_eq!(Encoding::detect(&[&[0xFE, 0xFF][..], &be].concat()), Encoding::Utf16Be);
        for e in Encoding::ALL {
            assert_eq!(Encoding::parse(e.as_str()), Some(*e));
        }
        assert_eq!(Encoding::parse("GBK"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::parse("UTF-16"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::parse("latin1"), None);
    }

    #[test]
    fn merged_regions_fill_from_their_top_left_cell() {
        let mut rows = vec![
            vec![Cell::Text("标题".into())],
            vec![Cell::Text("甲公司".into()), Cell::Text("张三".into())],
            vec![Cell::Empty, Cell::Text("李四".into())],
        ];
        let region = |r0, c0, r1, c1| Dimensions { start: (r0, c0), end: (r1, c1) };
        let regions = [region(0, 0, 0, 1), region(1, 0, 2, 0), region(5, 0, 1_000_000, 16_000)];
        fill_merged(&mut rows, &regions, &mut Budget::new()).unwrap();
        assert_eq!(texts(&rows), [vec!["标题", "标题"], vec!["甲公司", "张三"], vec!["甲公司", "李四"]]);
        // The cells filled share the value.
        let (Cell::Text(a), Cell::Text(b)) = (&rows[1][0], &rows[2][0]) else { panic!() };
        assert!(Arc::ptr_eq(a, b));
    }

    #[test]
    fn files_too_large_for_memory_are_refused() {
        fn too_large<T>(r: Result<T, ExchangeError>) -> Option<&'static str> {
            r.err().map(|e| e.code().as_str())
        }
        // A cell longer than Excel allows.
        let longest = "很".repeat(MAX_CELL_CHARS);
        assert!(parse_csv(&format!("名称\n{longest}\n")).is_ok());
        assert_eq!(too_large(parse_csv(&format!("名称\n{longest}很\n"))), Some("exchange.too_large"));
        // A long value merged over many cells: each cell it fills is counted.
        let mut rows = vec![vec![Cell::Text(longest.into())]];
        rows.resize(1_000, vec![Cell::Number(1.0)]);
        let region = Dimensions { start: (0, 0), end: (999, 99) };
        assert_eq!(too_large(fill_merged(&mut rows, &[region], &mut Budget::new())), Some("exchange.too_large"));
        // Cells far apart: the empty cells between them are counted too (here against 1 MiB).
        let mut rows = Vec::new();
        let mut budget = Budget(1 << 20);
        let far =
            (0..MAX_ROWS as u32).map(|r| put(&mut rows, (r, 99), Cell::Bool(true), &mut budget)).find(Result::is_err);
        assert_eq!(too_large(far.unwrap()), Some("exchange.too_large"));
        // A file over the size cap, refused before it is read (a sparse file: nothing written).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.xlsx");
        std::fs::File::create(&path).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(too_large(load(&path)), Some("exchange.too_large"));
        std::fs::File::create(&path).unwrap().set_len(10).unwrap();
        assert_eq!(load(&path).unwrap().len(), 10);
    }

    #[test]
    fn labels_fold_width_case_and_notes() {
        assert_eq!(fold_label(" *单位名称（全称）："), "单位名称");
        assert_eq!(fold_label("Ｅ-mail"), "email");
        assert_eq!(fold_label("Credit Code"), "creditcode");
    }
}
