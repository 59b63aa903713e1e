//! Exchange with the outside world: employer lists in from spreadsheets and CSV files, the
//! ledger out as a workbook or CSV files, planned visits out as calendars.
//!
//! - [`import`]: [`import::preview`] then [`import::commit`], for the import wizard and
//!   `visitdesk import employers`; past visits from a school's own visit ledger
//!   (`past_visits`) go through the same steps and `visitdesk import visits`.
//! - [`ledger_book`]: the ledger workbook (.xlsx) and the same tables as CSV.
//! - [`ics`]: the planned visits of a person or a trip as an iCalendar file.
pub mod ics;
pub mod import;
mod labels;
pub mod ledger_book;
pub mod official_days;
mod past_visits;
pub mod read;
mod standard;

use crate::error::ErrorCode;

/// What can go wrong reading or writing an exchange file. Each has a stable `code()`.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("the file cannot be read as a spreadsheet or CSV file: {0}")]
    Unreadable(String),
    #[error("the file has nothing in it")]
    Empty,
    #[error("no header row naming the employer column was found in the first {0} rows")]
    NoHeader(usize),
    #[error("no column holds the employer's name")]
    NoNameColumn,
    #[error("the file is too large to import: {0}")]
    TooLarge(String),
    #[error("there is no sheet named {0}")]
    NoSuchSheet(String),
    #[error("row {0} is not in the sheet")]
    HeaderOutOfRange(u32),
    #[error("the file could not be written: {0}")]
    Write(String),
    #[error("row {0} cannot be read: {1}")]
    BadRow(u32, String),
}

impl ExchangeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ExchangeError::Unreadable(_) => ErrorCode::ExchangeUnreadable,
            ExchangeError::Empty => ErrorCode::ExchangeEmpty,
            ExchangeError::NoHeader(_) => ErrorCode::ExchangeNoHeader,
            ExchangeError::NoNameColumn => ErrorCode::ExchangeNoNameColumn,
            ExchangeError::TooLarge(_) => ErrorCode::ExchangeTooLarge,
            ExchangeError::NoSuchSheet(_) => ErrorCode::ExchangeNoSuchSheet,
            ExchangeError::HeaderOutOfRange(_) => ErrorCode::ExchangeHeaderOutOfRange,
            ExchangeError::Write(_) => ErrorCode::ExchangeWrite,
            ExchangeError::BadRow(..) => ErrorCode::ExchangeBadRow,
        }
    }
}

#[cfg(test)]
mod tests;
