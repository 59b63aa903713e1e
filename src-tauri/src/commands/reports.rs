//! Printable documents: built by the core from the store (on its reader, so the rest of the app
//! is not held up), saved where the user chooses in the save dialog, then opened in the
//! system's PDF viewer.
use crate::error::IpcError;
use crate::files;
use crate::state::{Shared, long_read};
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::error::Error;
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

/// How far the PDF is written: `page` of `pages`; sent to the UI as each page is written.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub page: usize,
    pub pages: usize,
}

/// Makes the document, asks where to save it (suggesting `file_name`), writes it there and
/// opens it. `None` when the user cancels the dialog. The work runs off the window's thread,
/// so the window stays responsive while a long document is made, and `on_progress` hears of
/// each page written.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_report(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    request: Request,
    file_name: String,
    on_progress: Channel<Progress>,
) -> Result<Option<String>, IpcError> {
    let doc: Document = long_read(state, move |conn| {
        let now = Utc::now();
        match request {
            Request::Brief { trip_id } => report::brief(conn, &trip_id, now),
            Request::Summary { from: Some(from), to: Some(to) } => {
                report::summary(conn, Some(Period::new(from, to)?), now)
            }
            Request::Summary { .. } => report::summary(conn, None, now),
            Request::Visit { visit_id } => report::visit_sheet(conn, &visit_id, now),
        }
    })
    .await?;
    let saved = files::save_as(&app, &file_name, ("PDF", &["pdf"]), move |path| {
        let pdf = doc.render(&mut |page, pages| {
            // A closed window is no reason to stop writing the file.
            let _ = on_progress.send(Progress { page, pages });
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
