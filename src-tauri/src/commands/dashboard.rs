use crate::error::IpcError;
use crate::state::{Shared, read};
use chrono::Utc;
use tauri::State;
use visitdesk_core::dashboard::{self, Dashboard};

#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard(state: State<'_, Shared>) -> Result<Dashboard, IpcError> {
    let now = Utc::now();
    read(state, move |s| dashboard::build(s.conn(), now)).await
}
