//! Drafts of the current person's unsaved forms, kept in the encrypted store.
use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::drafts;

#[tauri::command(rename_all = "snake_case")]
pub async fn save_draft(state: State<'_, Shared>, key: String, json: String) -> Result<(), IpcError> {
    write(state, move |tx| drafts::save(tx, &key, &json)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn draft(state: State<'_, Shared>, key: String) -> Result<Option<String>, IpcError> {
    read(state, move |s| drafts::load(s.conn(), s.actor(), &key)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn clear_draft(state: State<'_, Shared>, key: String) -> Result<(), IpcError> {
    write(state, move |tx| drafts::clear(tx, &key)).await
}
