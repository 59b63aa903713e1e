//! Printable documents: built by the core from the store (on its reader, so the rest of the app
//! is not held up), saved where the user chooses in the save dialog, then opened in the
//! system's PDF viewer.
use crate::error::IpcError;
use crate::files;
use crate::state::{Shared, long_read};
use chrono::Utc;
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::error::Error;
use visitdesk_core::report::{self, Document, ReportProgress, ReportRequest};

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
    let doc: Document = long_read(state, move |conn| report::make(conn, request, Utc::now())).await?;
    let saved = files::save_as(&app, &file_name, ("PDF", &["pdf"]), move |path| {
        let pdf = doc.render(&mut |page, pages| {
            // A closed window is no reason to stop writing the file.
            let _ = on_progress.send(ReportProgress { page, pages });
        })?;
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
