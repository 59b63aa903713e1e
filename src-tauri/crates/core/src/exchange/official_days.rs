//! Next year's holiday schedule in from a one-sheet workbook (or CSV), as the State Council
//! publishes it: one row per day, with its date, whether it is a day off (放假) or a weekend
//! day worked (调休上班), and the holiday's name. A header row is optional (日期, 类型, 名称 or
//! close to them, under title rows); without one the columns are read in that order.
//!
//! The table is small and each row matters, so it goes in whole or not at all: the first bad
//! row is a typed error naming it, and nothing is written.
use super::ExchangeError;
use super::import::date_of;
use super::read::{self, Cell, fold_label};
use crate::calendar::workdays;
use crate::error::Result;
use crate::model::{DayType, OfficialDay, Record};
use crate::store::records::Tx;

/// Header synonyms (folded) of the three columns, in their default order.
const HEADERS: [&[&str]; 3] = [
    &["日期", "date", "放假日期", "时间"],
    &["类型", "type", "放假/上班", "安排", "daytype", "性质"],
    &["名称", "节日", "节假日", "name", "holiday", "假日名称"],
];

/// A day type as offices write it.
fn day_type(text: &str) -> Option<DayType> {
    match fold_label(text).as_str() {
        "放假" | "休" | "休息" | "假" | "休假" | "holiday" | "off" => Some(DayType::Holiday),
        "上班" | "班" | "调休上班" | "补班" | "调休" | "workday" | "work" => Some(DayType::Workday),
        _ => None,
    }
}

/// Reads `bytes` and sets every day it lists (`workdays::set`: a date already set is changed).
/// Returns how many days were set.
pub fn import(tx: &Tx<'_>, bytes: &[u8]) -> Result<u32> {
    let book = read::read(bytes, None)?;
    let sheet = book.sheets.iter().find(|s| s.rows.iter().any(|r| r.iter().any(|c| !c.is_blank())));
    let Some(sheet) = sheet else { return Err(ExchangeError::Empty.into()) };
    // The columns from a header row among the first rows (title rows above it), else in order
    // from the first row with more than a title in it.
    let header = sheet.rows.iter().take(5).enumerate().find_map(|(i, row)| {
        let at = |names: &[&str]| row.iter().position(|c| names.contains(&fold_label(&c.text()).as_str()));
        Some((i, [at(HEADERS[0])?, at(HEADERS[1])?, at(HEADERS[2])?]))
    });
    let (columns, data) = match header {
        Some((i, columns)) => (columns, i + 1),
        None => {
            ([0, 1, 2], sheet.rows.iter().position(|r| r.iter().filter(|c| !c.is_blank()).count() > 1).unwrap_or(0))
        }
    };
    let mut days = Vec::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(data) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let number = i as u32 + 1;
        let cell = |c: usize| row.get(columns[c]).cloned().unwrap_or(Cell::Empty);
        let bad = |what: &str| ExchangeError::BadRow(number, what.to_string());
        let on = date_of(&cell(0)).ok_or_else(|| bad(&format!("日期「{}」", cell(0).text())))?;
        let day_type = day_type(&cell(1).text()).ok_or_else(|| bad(&format!("类型「{}」", cell(1).text())))?;
        let day = OfficialDay { on, day_type, name: cell(2).text() }
            .validate()
            .map_err(|e| bad(&format!("{}「{}」", e.field, cell(2).text())))?;
        days.push(day);
    }
    if days.is_empty() {
        return Err(ExchangeError::Empty.into());
    }
    for day in &days {
        workdays::set(tx, day.clone())?;
    }
    Ok(days.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::workdays::Workdays;
    use crate::store::records;
    use crate::testing::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A year's schedule with a title row, a header and dates in three forms goes in whole;
    /// the calendar follows it, and one undo takes it back.
    #[test]
    fn a_schedule_goes_in_whole_and_undoes_as_one() {
        let (_dir, mut store) = new_store();
        let csv = "2027年部分节假日安排\n日期,类型,名称\n2027-10-01,放假,国庆节\n20271002,放假,国庆节\n\
                   2027年9月26日,上班,国庆节\n,,\n";
        let n = store.write(at(2022, 3, 1), |tx| import(tx, csv.as_bytes())).unwrap();
        assert_eq!(n, 3);
        let w = Workdays::load(store.conn()).unwrap();
        assert!(!w.is_working_day(d(2027, 10, 1)) && !w.is_working_day(d(2027, 10, 2)));
        assert!(w.is_working_day(d(2027, 9, 26)), "a Sunday worked");
        store.write(at(2022, 3, 1), |tx| tx.undo_last().map(drop)).unwrap();
        assert_eq!(records::list::<OfficialDay>(store.conn(), "1", "id", []).unwrap().len(), 0);
    }

    /// Without a header the columns are date, type, name. A bad row is an error naming it, and
    /// nothing of the file is written.
    #[test]
    fn a_bad_row_is_named_and_nothing_is_written() {
        let (_dir, mut store) = new_store();
        let good = "2027-01-01,休,元旦\n";
        assert_eq!(store.write(at(2022, 3, 1), |tx| import(tx, good.as_bytes())).unwrap(), 1);
        for (csv, row, what) in [
            ("2027-10-01,放假,国庆节\n2027-13-01,放假,国庆节\n", 2, "日期"),
            ("2027-10-01,放假,国庆节\n2027-10-02,请假,国庆节\n", 2, "类型"),
            ("日期,类型,名称\n2027-10-01,放假,\n", 2, "official_day.name"),
        ] {
            let err = store.write(at(2022, 3, 1), |tx| import(tx, csv.as_bytes())).unwrap_err();
            assert_eq!(err.code(), "exchange.bad_row", "{csv}");
            assert!(err.to_string().contains(&format!("row {row}")) && err.to_string().contains(what), "{err}");
        }
        assert_eq!(records::list::<OfficialDay>(store.conn(), "1", "id", []).unwrap().len(), 1);
        let empty = store.write(at(2022, 3, 1), |tx| import(tx, b",,\n"));
        assert_eq!(empty.unwrap_err().code(), "exchange.empty");
    }
}
