//! Deleting to the trash, restoring from it, and undoing the current person's last change.
use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Kind;
use visitdesk_core::store::{TrashEntry, records};

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_record(state: State<'_, Shared>, kind: Kind, id: Id) -> Result<usize, IpcError> {
    write(state, move |tx| tx.delete(kind, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn trash(state: State<'_, Shared>) -> Result<Vec<TrashEntry>, IpcError> {
    read(state, |s| records::trash(s.conn())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore(state: State<'_, Shared>, kind: Kind, id: Id) -> Result<usize, IpcError> {
    write(state, move |tx| tx.restore(kind, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn undo(state: State<'_, Shared>) -> Result<usize, IpcError> {
    write(state, |tx| tx.undo_last()).await
}
