use crate::error::IpcError;
use crate::state::{Shared, read};
use tauri::State;
use visitdesk_core::search::{self, Hit};

#[tauri::command(rename_all = "snake_case")]
pub async fn search(state: State<'_, Shared>, query: String) -> Result<Vec<Hit>, IpcError> {
    read(state, move |s| search::search(s.conn(), &query, search::MAX_HITS)).await
}
