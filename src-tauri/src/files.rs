//! The native file dialogs, and the file work after them, off the window's thread: a dialog
//! blocks until the user answers, and writing a workbook or a long PDF takes a while. Paths
//! come only from these dialogs, never from the webview.
use crate::error::IpcError;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Wry};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// A file dialog of the app's window, set up (`app.dialog().file().add_filter(…)`).
pub type Dialog = FileDialogBuilder<Wry>;

/// Runs `f` on the blocking pool.
pub async fn off_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(IpcError::internal)
}

/// Shows `dialog` the way `show` says (`Dialog::blocking_pick_file`, `…_pick_folder`,
/// `…_save_file`); the chosen path, or `None` when the user cancels.
pub async fn choose(dialog: Dialog, show: fn(Dialog) -> Option<FilePath>) -> Result<Option<PathBuf>, IpcError> {
    let chosen = off_thread(move || show(dialog)).await?;
    chosen.map(|p| p.into_path().map_err(IpcError::internal)).transpose()
}

/// Asks where to save in the save dialog (suggesting `file_name`, offering files of the type
/// `filter`: its name and extensions), then runs `write` on the chosen path off the window's
/// thread. The path written, or `None` when the user cancels.
pub async fn save_as(
    app: &AppHandle,
    file_name: &str,
    filter: (&str, &[&str]),
    write: impl FnOnce(&Path) -> Result<(), IpcError> + Send + 'static,
) -> Result<Option<String>, IpcError> {
    let dialog = app.dialog().file().set_file_name(file_name).add_filter(filter.0, filter.1);
    let Some(path) = choose(dialog, Dialog::blocking_save_file).await? else { return Ok(None) };
    let target = path.clone();
    off_thread(move || write(&target)).await??;
    Ok(Some(path.display().to_string()))
}
