//! Spreadsheets in and out: the import wizard's steps over `visitdesk_core::exchange::import`,
//! and the ledger and calendar exports, each saved where the user chooses in a dialog. The
//! exports run on the store's reader, so the rest of the app is not held up meanwhile.
//!
//! The picked file stays in the shell (`AppState::keep_import`) for the wizard's later steps:
//! its bytes cross IPC never, the options and the outcome once per step.
use crate::error::IpcError;
use crate::files::{self, Dialog};
use crate::state::{ImportFile, Shared, long_read, run};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use std::sync::Arc;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use visitdesk_core::error::{Error, Result as CoreResult};
use visitdesk_core::exchange::ics::{self, CalendarOf, CalendarRequest};
use visitdesk_core::exchange::import::{self, Committed, ImportOptions, Layout, PickedFile, Preview};
use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
use visitdesk_core::ledger::{self, Period};
use visitdesk_core::store::Store;

/// Asks for a spreadsheet or CSV file in the open dialog, reads it and keeps it for the
/// wizard's later steps. `None` when the user cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import_file(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<Option<PickedFile>, IpcError> {
    let dialog = app.dialog().file().add_filter("Excel / CSV", &["xlsx", "xls", "csv", "txt"]);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    run(state, move |s| {
        let bytes = visitdesk_core::exchange::read::load(&path).map_err(Error::from)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let picked = PickedFile::new(name.clone(), &bytes);
        s.keep_import(ImportFile { name, bytes })?;
        Ok(Some(picked))
    })
    .await
}

/// Runs `f` on the picked file and the unlocked store.
async fn with_file<T: Send + 'static>(
    state: State<'_, Shared>,
    f: impl FnOnce(&ImportFile, &mut Store) -> CoreResult<T> + Send + 'static,
) -> Result<T, IpcError> {
    run(state, move |s| {
        let file = s.import_file()?;
        s.with_store(|store| f(&file, store))
    })
    .await
}

/// The mapping step: the picked file's sheet, header row and columns as `options` map them.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_layout(state: State<'_, Shared>, options: ImportOptions) -> Result<Layout, IpcError> {
    with_file(state, move |file, _| import::layout(&file.bytes, &options)).await
}

/// The preview step: what importing the picked file would do, row by row. Writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(state: State<'_, Shared>, options: ImportOptions) -> Result<Preview, IpcError> {
    with_file(state, move |file, store| import::preview(store.conn(), &file.bytes, &options)).await
}

/// Imports the picked file in one transaction: one batch in the history, which `undo` reverts.
#[tauri::command(rename_all = "snake_case")]
pub async fn commit_import(state: State<'_, Shared>, options: ImportOptions) -> Result<Committed, IpcError> {
    let now = Utc::now();
    with_file(state, move |file, store| import::commit(store, &file.bytes, &options, now)).await
}

/// Sets every day of the holiday schedule in the picked file (a one-sheet workbook or CSV:
/// 日期, 类型, 名称), all or none; returns how many. One batch, which `undo` reverts.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_official_days(state: State<'_, Shared>) -> Result<u32, IpcError> {
    let now = Utc::now();
    with_file(state, move |file, store| {
        store.write(now, |tx| visitdesk_core::exchange::official_days::import(tx, &file.bytes))
    })
    .await
}

/// The current campaign's `book` over `period` (its whole window if `None`), as of today in
/// its zone.
fn ledger_options(
    conn: &Connection,
    now: DateTime<Utc>,
    book: Book,
    period: Option<Period>,
) -> CoreResult<LedgerOptions> {
    Ok(LedgerOptions { campaign: None, period, today: ledger::today(conn, now)?.date, book })
}

/// The ledger workbook or the data standard's table (.xlsx) over a period (the campaign's
/// window if neither day is given), saved where the user chooses (suggesting `file_name`).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_ledger(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    file_name: String,
    book: Book,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Option<String>, IpcError> {
    let period = Period::optional(from, to)?;
    let shared = Arc::clone(&state);
    files::save_as(&app, &file_name, ("Excel", &["xlsx"]), move |path| {
        shared.long_read(|conn| ledger_book::export_xlsx(conn, &ledger_options(conn, Utc::now(), book, period)?, path))
    })
    .await
}

/// The same tables as CSV files (UTF-8 with a byte-order mark), written into the folder the
/// user chooses. The folder, or `None` when the user cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_ledger_csv(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    book: Book,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Option<String>, IpcError> {
    let period = Period::optional(from, to)?;
    let Some(dir) = files::choose(app.dialog().file(), Dialog::blocking_pick_folder).await? else { return Ok(None) };
    let target = dir.clone();
    long_read(state, move |conn| {
        ledger_book::export_csv(conn, &ledger_options(conn, Utc::now(), book, period)?, &target)
    })
    .await?;
    Ok(Some(dir.display().to_string()))
}

/// The planned visits of a person or a trip as an .ics calendar, saved where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_calendar(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    request: CalendarRequest,
    file_name: String,
) -> Result<Option<String>, IpcError> {
    let (shared, of) = (Arc::clone(&state), CalendarOf::from(request));
    files::save_as(&app, &file_name, ("iCalendar", &["ics"]), move |path| {
        let text = shared.long_read(|conn| ics::calendar(conn, &of, Utc::now()))?;
        std::fs::write(path, text).map_err(Error::from)?;
        Ok(())
    })
    .await
}
