//! Printable documents: built by the core from the store (on its reader, so the rest of the app
//! is not held up), saved where the user chooses in the save dialog, then opened in the
//! system's PDF viewer.
use crate::error::IpcError;
use crate::files;
use crate::state::{Shared, long_read, read};
use chrono::Utc;
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::error::Error;
use visitdesk_core::report::{self, Document, ReportProgress, ReportRequest};
use visitdesk_core::{ledger, settings};
use zeroize::Zeroizing;

/// Makes the document, asks where to save it (suggesting `file_name`), writes it there and
/// opens it. `None` when the user cancels the dialog. The work runs off the window's thread,
/// so the window stays responsive while a long document is made, and `on_progress` hears of
/// each page written.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_report(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    request: ReportRequest,
    file_name: String,
    on_progress: Channel<ReportProgress>,
) -> Result<Option<String>, IpcError> {
    let vault = read(state.clone(), |store| Ok(store.vault())).await?;
    let doc: Document = long_read(state, move |conn| report::make(conn, &vault, request, Utc::now())).await?;
    save_and_open(&app, &file_name, doc, move |page, pages| {
        // A closed window is no reason to stop writing the file.
        let _ = on_progress.send(ReportProgress { page, pages });
    })
    .await
}

/// The recovery sheet of `recovery_key`, the key a first run or a rekey has just shown: printed
/// from the app, so the key the screen asks people to keep on paper can be. Saved where the
/// user chooses (suggesting `file_name`) and opened.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_recovery_sheet(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    recovery_key: String,
    file_name: String,
) -> Result<Option<String>, IpcError> {
    let key = Zeroizing::new(recovery_key);
    let doc = read(state, move |s| {
        let today = ledger::today(s.conn(), Utc::now())?.date;
        Ok(report::recovery_sheet(&settings::school(s.conn())?, &key, today))
    })
    .await?;
    save_and_open(&app, &file_name, doc, |_, _| {}).await
}

/// Asks where to save `doc`, writes it there off the window's thread (`on_page` hears of each
/// page written) and opens it. `None` when the user cancels the dialog.
async fn save_and_open(
    app: &tauri::AppHandle,
    file_name: &str,
    doc: Document,
    mut on_page: impl FnMut(usize, usize) + Send + 'static,
) -> Result<Option<String>, IpcError> {
    let saved = files::save_as(app, file_name, ("PDF", &["pdf"]), move |path| {
        let pdf = doc.render(&mut on_page)?;
        std::fs::write(path, &pdf.bytes).map_err(Error::from)?;
        Ok(())
    })
    .await?;
    // A computer without a PDF viewer still has the file where the user chose.
    if let Some(path) = &saved {
        let _ = app.opener().open_path(path, None::<&str>);
    }
    Ok(saved)
}
