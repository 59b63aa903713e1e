//! The team page: the team's devices, making a team, bundles out and in through the file
//! dialogs, accepting a join request, removing a device, and the conflicts. Each is one call of
//! `visitdesk_core::team`; paths come only from the dialogs.
use crate::error::IpcError;
use crate::files::{self, Dialog};
use crate::state::{Shared, read, run, write};
use chrono::Utc;
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_dialog::DialogExt;
use visitdesk_core::access::Access;
use visitdesk_core::ids::Id;
use visitdesk_core::session::{self, Session};
use visitdesk_core::team::direct::{DirectExchange, DirectStatus};
use visitdesk_core::team::{self, Conflict, FolderPass, Imported, JoinForm, Refusal, TeamStatus, Waiting};

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
    let now = Utc::now();
    let bundle = run(state, move |s| s.with_store(|store| team::export(store, now))).await?;
    files::save_as(&app, &file_name, ("Visitdesk", &["vdsync"]), move |path| {
        std::fs::write(path, &bundle).map_err(visitdesk_core::error::Error::from)?;
        Ok(())
    })
    .await
}

/// Applies a bundle the user picks in the open dialog; `None` when they cancel. A refused
/// bundle is listed on the team page too.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_bundle(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<Option<Imported>, IpcError> {
    let dialog = app.dialog().file().add_filter("Visitdesk", &["vdsync"]);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        s.with_store(|store| team::import(store, &team::read_file(&path)?, now).map(Some))
            .inspect_err(|e| s.refused(&source, e.code, now))
    })
    .await
}

/// The bundles refused since the app started, with why.
#[tauri::command(rename_all = "snake_case")]
pub async fn team_refusals(state: State<'_, Shared>) -> Result<Vec<Refusal>, IpcError> {
    run(state, |s| Ok(s.refusals())).await
}

/// Points this laptop at the team folder the user picks (a shared network folder, or one a
/// cloud drive keeps in step), and makes the first pass over it; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn choose_team_folder(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
) -> Result<Option<TeamStatus>, IpcError> {
    let Some(dir) = files::choose(app.dialog().file(), Dialog::blocking_pick_folder).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        s.write(now, |tx| team::set_folder(tx, Some(&dir)))?;
        s.sync_team_folder(now)?;
        s.read(|store| team::status(store.conn()))
    })
    .await
}

/// Stops exchanging through the team folder on this laptop.
#[tauri::command(rename_all = "snake_case")]
pub async fn forget_team_folder(state: State<'_, Shared>) -> Result<Option<TeamStatus>, IpcError> {
    let now = Utc::now();
    run(state, move |s| {
        s.write(now, |tx| team::set_folder(tx, None))?;
        s.read(|store| team::status(store.conn()))
    })
    .await
}

/// One pass over the team folder now ("立即同步"); `None` without a folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_team_folder(state: State<'_, Shared>) -> Result<Option<FolderPass>, IpcError> {
    let now = Utc::now();
    run(state, move |s| s.sync_team_folder(now)).await
}

/// Where the UI hears of the passes the idle tick makes over the team folder, to refresh
/// what it shows.
#[tauri::command(rename_all = "snake_case")]
pub fn watch_team(state: State<'_, Shared>, on_pass: Channel<FolderPass>) {
    state.on_team(move |pass| {
        let _ = on_pass.send(pass.clone());
    });
}

/// First run on a laptop that joins a team ("加入团队"): asks where to save the join request
/// first (a cancelled dialog makes nothing, `None`), then makes this laptop's store, which
/// waits for the welcome, and writes the request there. Shows the fingerprint to read aloud
/// and the new store's recovery key, once.
#[tauri::command(rename_all = "snake_case")]
pub async fn request_to_join(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    input: JoinForm,
) -> Result<Option<Waiting>, IpcError> {
    let save = app
        .dialog()
        .file()
        .set_file_name(format!("{}-join-request.json", input.person_name.trim()))
        .add_filter("Visitdesk", &["json"]);
    let Some(out) = files::choose(save, Dialog::blocking_save_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        let (request, waiting) = s.request_to_join(&input, now)?;
        std::fs::write(&out, request.to_bytes()?).map_err(visitdesk_core::error::Error::from)?;
        Ok(Some(waiting))
    })
    .await
}

/// The waiting screen of a store that waits for its team's welcome: who asked, and the
/// fingerprint to read aloud again.
#[tauri::command(rename_all = "snake_case")]
pub async fn pending_join(state: State<'_, Shared>) -> Result<Waiting, IpcError> {
    read(state, |s| Ok(Waiting::from(&team::pending_request(s.conn())?))).await
}

/// Saves the join request again where the user chooses (a lost USB stick); `None` when they
/// cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_join_request(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<Option<String>, IpcError> {
    let request = read(state, |s| team::pending_request(s.conn())).await?;
    let name = format!("{}-join-request.json", request.name);
    files::save_as(&app, &name, ("Visitdesk", &["json"]), move |path| {
        std::fs::write(path, request.to_bytes()?).map_err(visitdesk_core::error::Error::from)?;
        Ok(())
    })
    .await
}

/// Opens the team's welcome the user picks, in the store that waits for it; then this
/// laptop is a member and the session starts. `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_welcome(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<Option<Session>, IpcError> {
    let dialog = app.dialog().file().add_filter("Visitdesk", &["vdsync"]);
    let Some(path) = files::choose(dialog, Dialog::blocking_pick_file).await? else { return Ok(None) };
    let now = Utc::now();
    run(state, move |s| {
        s.with_store(|store| {
            team::join(store, &team::read_file(&path)?, now)?;
            session::session(store, now).map(Some)
        })
    })
    .await
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

/// `on_exchange` hears of each direct exchange with a laptop on the network that brought records.
#[tauri::command(rename_all = "snake_case")]
pub fn watch_direct(state: State<'_, Shared>, on_exchange: Channel<DirectExchange>) {
    state.direct.on_exchange(move |exchange| {
        let _ = on_exchange.send(exchange.clone());
    });
}

/// Direct sync on the network: the switch, this laptop's ticket, the members reachable now and
/// the last exchanges.
#[tauri::command(rename_all = "snake_case")]
pub async fn direct_status(state: State<'_, Shared>) -> Result<DirectStatus, IpcError> {
    crate::direct::status(&state).await
}

/// Turns direct sync on or off on this laptop.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_direct(state: State<'_, Shared>, on: bool) -> Result<DirectStatus, IpcError> {
    crate::direct::switch(&state, on).await
}

/// Syncs once with the laptop whose ticket was pasted (where multicast is blocked).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_ticket(state: State<'_, Shared>, ticket: String) -> Result<DirectStatus, IpcError> {
    crate::direct::sync_ticket(&state, &ticket).await
}
