//! The team page: the team's devices, making a team, bundles out and in through the file
//! dialogs, accepting a join request, removing a device, and the conflicts. Each is one call of
//! `visitdesk_core::team`; paths come only from the dialogs.
use crate::error::IpcError;
use crate::files::{self, Dialog};
use crate::state::{Shared, read, run, write};
use chrono::Utc;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use visitdesk_core::access::Access;
use visitdesk_core::ids::Id;
use visitdesk_core::team::{self, Conflict, Imported, TeamStatus};

/// The team as this laptop knows it; `None` when the store is not a team's.
#[tauri::command(rename_all = "snake_case")]
pub async fn team_status(state: State<'_, Shared>) -> Result<Option<TeamStatus>, IpcError> {
    read(state, |s| team::status(s.conn())).await
}

/// Makes this store a team's, with this laptop as its first device (an admin's).
#[tauri::command(rename_all = "snake_case")]
pub async fn create_team(state: State<'_, Shared>, device_name: String) -> Result<Option<TeamStatus>, IpcError> {
    let now = Utc::now();
    run(state, move |s| {
        s.with_store(|store| {
            team::create(store, &device_name, now)?;
            team::status(store.conn())
        })
    })
    .await
}

/// Writes the bundle of what the other members have not confirmed yet where the user chooses.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_bundle(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    file_name: String,
) -> Result<Option<String>, IpcError> {
    let bundle = read(state, |s| team::export(s.conn(), Utc::now())).await?;
    files::save_as(&app, &file_name, ("Visitdesk", &["vdsync"]), move |path| {
        std::fs::write(path, &bundle).map_err(visitdesk_core::error::Error::from)?;
        Ok(())
    })
    .await
}

/// Applies a bundle the user picks in the open dialog; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_bundle(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<Option<Imported>, IpcError> {
    let dialog = app.dialog().file().add_filter("Visitdesk", &["vdsync"]);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| s.with_store(|store| team::import(store, &team::read_file(&path)?, now).map(Some))).await
}

/// Accepts a join request the admin picks in the open dialog, if `fingerprint` (as the
/// newcomer reads it out) is its own, writing the welcome where the admin chooses. Where to
/// save is asked before anything is written, so a cancelled dialog adds nobody.
#[tauri::command(rename_all = "snake_case")]
pub async fn accept_join(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    fingerprint: String,
    access: Access,
) -> Result<Option<String>, IpcError> {
    let dialog = app.dialog().file().add_filter("Visitdesk", &["json"]);
    let Some(request_path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let bytes = files::off_thread(move || team::read_file(&request_path)).await??;
    let request = team::parse_request(&bytes)?;
    let save = app
        .dialog()
        .file()
        .set_file_name(format!("{}-welcome.vdsync", request.name))
        .add_filter("Visitdesk", &["vdsync"]);
    let Some(out) = files::choose(save, Dialog::blocking_save_file).await? else { return Ok(None) };
    let now = Utc::now();
    let target = out.clone();
    run(state, move |s| {
        s.with_store(|store| {
            let (_, welcome) = team::accept_checked(store, &bytes, &fingerprint, access, now)?;
            std::fs::write(&target, welcome)?;
            Ok(())
        })
    })
    .await?;
    Ok(Some(out.display().to_string()))
}

/// Removes a device from the team (an admin's).
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_device(state: State<'_, Shared>, device_id: Id) -> Result<(), IpcError> {
    write(state, move |tx| team::remove_device(tx, &device_id)).await
}

/// Settles a conflict: the record's `field` takes `value`, here and on the other laptops when
/// the change reaches them.
#[tauri::command(rename_all = "snake_case")]
pub async fn resolve_conflict(
    state: State<'_, Shared>,
    record_id: Id,
    field: String,
    value: serde_json::Value,
) -> Result<(), IpcError> {
    write(state, move |tx| team::resolve(tx, &record_id, &field, value)).await
}

/// Fields edited on two laptops at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn team_conflicts(state: State<'_, Shared>) -> Result<Vec<Conflict>, IpcError> {
    read(state, |s| team::conflicts(s.conn())).await
}
