//! Attachments: picked in the open dialog or dropped on the window (the paths stay in the
//! shell), listed with their thumbnails, opened in the system's viewer from a decrypted copy
//! in a private folder, and saved where the user chooses.
use crate::error::IpcError;
use crate::files::{self, Dialog};
use crate::state::{FileDrop, Shared, read, run, write};
use chrono::Utc;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use visitdesk_core::attachments::{
    self, Attached, AttachmentEdit, AttachmentSettings, ListedAttachment, Target, Unreadable,
};
use visitdesk_core::ids::Id;
use visitdesk_core::model::Attachment;
use visitdesk_core::store::Stored;

/// The file types the open dialog offers.
const TYPES: &[&str] = &["jpg", "jpeg", "png", "heic", "heif", "pdf", "docx", "xlsx"];

/// Asks for files in the open dialog (several at once) and attaches them to `to`. `None` when
/// the user cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_attachments(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    to: Target,
) -> Result<Option<Attached>, IpcError> {
    let dialog = app.dialog().file().add_filter("照片与文档", TYPES);
    let picked = files::off_thread(move || dialog.blocking_pick_files()).await?;
    let Some(picked) = picked else { return Ok(None) };
    let paths = picked.into_iter().map(|p| p.into_path().map_err(IpcError::internal)).collect::<Result<Vec<_>, _>>()?;
    let now = Utc::now();
    run(state, move |s| s.with_store(|store| attachments::attach(store, &to, &paths, now))).await.map(Some)
}

/// Where the page hears of files dragged over the window (never their paths).
#[tauri::command(rename_all = "snake_case")]
pub fn watch_drops(state: State<'_, Shared>, on_drop: tauri::ipc::Channel<FileDrop>) {
    state.on_drop(move |event| {
        let _ = on_drop.send(event);
    });
}

/// Attaches the files last dropped on the window to `to`.
#[tauri::command(rename_all = "snake_case")]
pub async fn attach_dropped(state: State<'_, Shared>, to: Target) -> Result<Attached, IpcError> {
    let now = Utc::now();
    run(state, move |s| {
        let paths = s.take_dropped();
        s.with_store(|store| attachments::attach(store, &to, &paths, now))
    })
    .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_attachments(state: State<'_, Shared>, to: Target) -> Result<Vec<ListedAttachment>, IpcError> {
    read(state, move |store| attachments::list(store.conn(), &store.vault(), &to)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_attachment(
    state: State<'_, Shared>,
    id: Id,
    edit: AttachmentEdit,
) -> Result<Stored<Attachment>, IpcError> {
    write(state, move |tx| attachments::edit(tx, &id, &edit)).await
}

/// Decrypts the attachment into a new private folder and opens it in the system's viewer.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_attachment(app: tauri::AppHandle, state: State<'_, Shared>, id: Id) -> Result<(), IpcError> {
    let path = run(state, move |s| {
        let folder = s.open_copy_folder()?;
        s.read(|store| {
            let a: Stored<Attachment> = visitdesk_core::store::records::get(store.conn(), &id)?;
            let path = folder.join(&a.data.name);
            attachments::export(store.conn(), &store.vault(), &id, &path)?;
            Ok(path)
        })
    })
    .await?;
    app.opener().open_path(path.display().to_string(), None::<&str>).map_err(IpcError::internal)
}

/// Saves a copy where the user chooses (suggesting its name). `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_attachment_as(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    id: Id,
) -> Result<Option<String>, IpcError> {
    let found = id.clone();
    let a: Stored<Attachment> =
        read(state.clone(), move |store| visitdesk_core::store::records::get(store.conn(), &found)).await?;
    let shared = state.inner().clone();
    let ext = a.data.name.rsplit_once('.').map(|(_, e)| e.to_string()).unwrap_or_default();
    let dialog = app.dialog().file().set_file_name(&a.data.name).add_filter(a.data.file_type.mime(), &[ext.as_str()]);
    let Some(path) = files::choose(dialog, Dialog::blocking_save_file).await? else { return Ok(None) };
    let target = path.clone();
    files::off_thread(move || shared.read(|store| attachments::export(store.conn(), &store.vault(), &id, &target)))
        .await??;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_attachments(state: State<'_, Shared>) -> Result<Vec<Unreadable>, IpcError> {
    read(state, |store| attachments::check(store.conn(), &store.vault())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attachment_settings(state: State<'_, Shared>) -> Result<AttachmentSettings, IpcError> {
    read(state, |store| attachments::settings(store.conn())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_attachment_settings(state: State<'_, Shared>, settings: AttachmentSettings) -> Result<(), IpcError> {
    write(state, move |tx| attachments::save_settings(tx, &settings)).await
}
