//! Printable documents: built by the core from the store, saved where the user chooses in the
//! save dialog, then opened in the system's PDF viewer.
use crate::error::IpcError;
use crate::state::{Shared, read};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::ids::Id;
use visitdesk_core::ledger::Period;
use visitdesk_core::report::{self, Document};

/// Which document to make.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// The briefing pack of a trip (出访简报).
    Brief { trip_id: Id },
    /// The leadership summary (工作简报) of a period, or of the whole campaign.
    Summary { from: Option<NaiveDate>, to: Option<NaiveDate> },
    /// The record sheet of a visit (走访记录表).
    Visit { visit_id: Id },
}

/// Makes the document, asks where to save it (suggesting `file_name`), writes it there and
/// opens it. `None` when the user cancels the dialog. The work runs off the window's thread,
/// so the window stays responsive while a long document is made.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_report(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    request: Request,
    file_name: String,
) -> Result<Option<String>, IpcError> {
    let doc: Document = read(state, move |s| {
        let now = Utc::now();
        match request {
            Request::Brief { trip_id } => report::brief(s.conn(), &trip_id, now),
            Request::Summary { from: Some(from), to: Some(to) } => {
                report::summary(s.conn(), Some(Period::new(from, to)?), now)
            }
            Request::Summary { .. } => report::summary(s.conn(), None, now),
            Request::Visit { visit_id } => report::visit_sheet(s.conn(), &visit_id, now),
        }
    })
    .await?;
    let dialog = app.dialog().file().set_file_name(&file_name).add_filter("PDF", &["pdf"]);
    let chosen =
        tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file()).await.map_err(IpcError::internal)?;
    let Some(path) = chosen else { return Ok(None) };
    let path = path.into_path().map_err(IpcError::internal)?;
    let target = path.clone();
    tauri::async_runtime::spawn_blocking(move || -> Result<(), IpcError> {
        let pdf = doc.render(&mut |_, _| {})?;
        std::fs::write(&target, &pdf.bytes).map_err(visitdesk_core::error::Error::from)?;
        Ok(())
    })
    .await
    .map_err(IpcError::internal)??;
    // A computer without a PDF viewer still has the file where the user chose.
    let _ = app.opener().open_path(path.to_string_lossy(), None::<&str>);
    Ok(Some(path.display().to_string()))
}
