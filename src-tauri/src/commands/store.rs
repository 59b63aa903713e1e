//! The store: first run, unlock, recovery, lock, and the auto-lock's `touch` and `watch_lock`.
//! These work while the store is locked; so do the demo store (try, leave, delete) and 关于.
use crate::error::IpcError;
use crate::state::{Shared, run};
use chrono::Utc;
use tauri::State;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::ids::Id;
use visitdesk_core::session::{About, AutoLock, Created, NewStore, Session, StoreStatus};
use visitdesk_core::store::Rekeyed;
use zeroize::Zeroizing;

#[tauri::command(rename_all = "snake_case")]
pub fn app_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[tauri::command(rename_all = "snake_case")]
pub async fn store_status(state: State<'_, Shared>) -> Result<StoreStatus, IpcError> {
    run(state, |s| s.status()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_store(state: State<'_, Shared>, input: NewStore) -> Result<Created, IpcError> {
    let now = Utc::now();
    run(state, move |s| s.create(&input, now)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlock(state: State<'_, Shared>, person_id: Id, passphrase: String) -> Result<Session, IpcError> {
    let (passphrase, now) = (Zeroizing::new(passphrase), Utc::now());
    run(state, move |s| s.unlock(&person_id, &passphrase, now)).await
}

/// Re-encrypts the store under a new key, for a lost laptop or a departed member (an admin's):
/// `mine` is their passphrase, retyped, and `passphrase` theirs from now on. Everyone else's
/// passphrase must be set again; the new recovery key is shown (and printed) once.
#[tauri::command(rename_all = "snake_case")]
pub async fn rekey(state: State<'_, Shared>, mine: String, passphrase: String) -> Result<Rekeyed, IpcError> {
    let (mine, passphrase, now) = (Zeroizing::new(mine), Zeroizing::new(passphrase), Utc::now());
    run(state, move |s| s.rekey(&mine, &passphrase, now)).await
}

/// A forgotten passphrase: unlocks with the recovery key and sets `person_id`'s new passphrase.
#[tauri::command(rename_all = "snake_case")]
pub async fn recover(
    state: State<'_, Shared>,
    recovery_key: String,
    person_id: Id,
    passphrase: String,
) -> Result<Session, IpcError> {
    let (recovery_key, passphrase, now) = (Zeroizing::new(recovery_key), Zeroizing::new(passphrase), Utc::now());
    run(state, move |s| s.recover(&recovery_key, &person_id, &passphrase, now)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn lock(state: State<'_, Shared>) -> Result<(), IpcError> {
    run(state, |s| s.lock()).await
}

/// A sign of the user (the UI sends one, throttled, on input): restarts the idle delay.
#[tauri::command(rename_all = "snake_case")]
pub fn touch(state: State<'_, Shared>) {
    state.touch();
}

/// Where the UI hears that the shell locked on its own (idle, or the machine slept).
#[tauri::command(rename_all = "snake_case")]
pub fn watch_lock(state: State<'_, Shared>, on_lock: Channel<AutoLock>) {
    state.on_lock(move |reason| {
        let _ = on_lock.send(reason);
    });
}

/// "用示例数据试用": opens the demo store (made first, which takes a few seconds), in place of the
/// real one, which locks.
#[tauri::command(rename_all = "snake_case")]
pub async fn try_demo(state: State<'_, Shared>) -> Result<Session, IpcError> {
    let now = Utc::now();
    run(state, move |s| s.try_demo(now)).await
}

/// Leaves the demo for the real store (locked: its unlock screen, or its first run).
#[tauri::command(rename_all = "snake_case")]
pub async fn leave_demo(state: State<'_, Shared>) -> Result<(), IpcError> {
    run(state, |s| s.leave_demo()).await
}

/// Deletes the demo store (Settings); refused while it is in use.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_demo(state: State<'_, Shared>) -> Result<(), IpcError> {
    run(state, |s| s.delete_demo()).await
}

/// Help → 关于: the version, the store's folder and its backups folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn about(state: State<'_, Shared>) -> Result<About, IpcError> {
    run(state, |s| Ok(About::of(&s.dir(), env!("CARGO_PKG_VERSION"), s.in_demo()))).await
}

/// Opens the store's backups folder in the system's file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_backups_folder(app: tauri::AppHandle, state: State<'_, Shared>) -> Result<(), IpcError> {
    let folder = run(state, |s| Ok(s.dir().join(visitdesk_core::store::BACKUP_DIR))).await?;
    std::fs::create_dir_all(&folder).map_err(|e| IpcError::from(visitdesk_core::error::Error::from(e)))?;
    app.opener().open_path(folder.display().to_string(), None::<&str>).map_err(IpcError::internal)
}
