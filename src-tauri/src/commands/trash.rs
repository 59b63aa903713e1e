//! Deleting to the trash, restoring from it, undoing the current person's last change, and a
//! record's history.
use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::history::{self, HistoryEntry};
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

/// A record's changes, newest first: who made each, when, on which laptop, and what it changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn record_history(state: State<'_, Shared>, kind: Kind, id: Id) -> Result<Vec<HistoryEntry>, IpcError> {
    read(state, move |s| history::of_record(s.conn(), kind, &id)).await
}
