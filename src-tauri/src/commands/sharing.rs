//! 一帮一 job sharing with the paired school: this school's pairing file, adding a paired
//! school, sharing postings and events as a package, importing a paired school's package, the
//! placements recorded here and reported back. Each is one call of `visitdesk_core::share`;
//! paths come only from the dialogs, and a package is written inside the transaction that
//! records it, so a file that cannot be written keeps nothing.
use crate::error::IpcError;
use crate::files::{self, Dialog};
use crate::state::{Shared, read, run, write};
use chrono::Utc;
use std::sync::{Arc, Mutex, PoisonError};
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use visitdesk_core::error::Result as CoreResult;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{PairedSchool, SharedJob};
use visitdesk_core::share::{self, OwnPairing, PairRow, Sent, ShareFilter, ShareImported, SharedJobRow};
use visitdesk_core::store::{Stored, Tx};

/// The type of file a package or a pairing file is saved as.
const PACKAGE: (&str, &[&str]) = ("访企拓岗共享包", &["vdshare"]);
const PAIRING: (&str, &[&str]) = ("访企拓岗配对文件", &["json"]);

/// Asks where to save, then runs `make` in one transaction and writes the bytes it returns
/// there before the transaction ends; what `make` answers, or `None` when the user cancels.
async fn save_written<T: Send + 'static>(
    app: &tauri::AppHandle,
    state: &Shared,
    file_name: &str,
    filter: (&str, &[&str]),
    make: impl FnOnce(&Tx<'_>) -> CoreResult<(Vec<u8>, T)> + Send + 'static,
) -> Result<Option<T>, IpcError> {
    let (state, answer) = (Arc::clone(state), Arc::new(Mutex::new(None)));
    let kept = Arc::clone(&answer);
    let saved = files::save_as(app, file_name, filter, move |path| {
        let out = state.write(Utc::now(), |tx| {
            let (bytes, out) = make(tx)?;
            std::fs::write(path, &bytes)?;
            Ok(out)
        })?;
        *kept.lock().unwrap_or_else(PoisonError::into_inner) = Some(out);
        Ok(())
    })
    .await?;
    Ok(saved.and_then(|_| answer.lock().unwrap_or_else(PoisonError::into_inner).take()))
}

/// The paired schools, with what went between the two schools.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_pairs(state: State<'_, Shared>) -> Result<Vec<PairRow>, IpcError> {
    read(state, |s| share::pairs(s.conn())).await
}

/// The jobs the paired schools shared (来自××大学的共享岗位).
#[tauri::command(rename_all = "snake_case")]
pub async fn list_shared_jobs(state: State<'_, Shared>) -> Result<Vec<SharedJobRow>, IpcError> {
    read(state, |s| share::shared_jobs(s.conn())).await
}

/// Saves this school's pairing file where the user chooses; its fingerprint, to read aloud.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_pairing_file(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    file_name: String,
) -> Result<Option<OwnPairing>, IpcError> {
    save_written(&app, &state, &file_name, PAIRING, |tx| {
        let own = share::pairing_file(tx)?;
        Ok((own.bytes.clone(), own))
    })
    .await
}

/// Adds the paired school whose pairing file the user picks, once `fingerprint` (as its
/// people read it out) is the file's; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_pair(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    fingerprint: String,
) -> Result<Option<Stored<PairedSchool>>, IpcError> {
    let dialog = app.dialog().file().add_filter(PAIRING.0, PAIRING.1);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        let bytes = share::read_file(&path)?;
        s.write(now, |tx| share::add_pair(tx, &bytes, &fingerprint)).map(Some)
    })
    .await
}

/// Shares the postings and events `filter` picks with the paired school `to`: the package,
/// saved where the user chooses; what it holds, or `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn share_jobs(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    to: String,
    filter: ShareFilter,
    file_name: String,
) -> Result<Option<Sent>, IpcError> {
    save_written(&app, &state, &file_name, PACKAGE, move |tx| {
        let sent = share::share_jobs(tx, &to, &filter)?;
        Ok((sent.bytes.clone(), sent))
    })
    .await
}

/// Imports the package from a paired school the user picks: its jobs, or its report of
/// placements; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_share_package(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
) -> Result<Option<ShareImported>, IpcError> {
    let dialog = app.dialog().file().add_filter(PACKAGE.0, PACKAGE.1);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        let bytes = share::read_file(&path)?;
        s.write(now, |tx| share::import(tx, &bytes)).map(Some)
    })
    .await
}

/// Records how many of this school's graduates a shared job placed (none: not known).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_shared_placed(
    state: State<'_, Shared>,
    id: Id,
    placed: Option<u32>,
) -> Result<Stored<SharedJob>, IpcError> {
    write(state, move |tx| share::set_placed(tx, &id, placed)).await
}

/// Saves the placements recorded here of the paired school `to`'s jobs, to send back to it.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_share_report(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    to: String,
    file_name: String,
) -> Result<Option<Sent>, IpcError> {
    save_written(&app, &state, &file_name, PACKAGE, move |tx| {
        let sent = share::report(tx.conn(), &to, tx.now())?;
        Ok((sent.bytes.clone(), sent))
    })
    .await
}
