use crate::error::IpcError;
use crate::state::{Shared, read, write};
use chrono::Utc;
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Campaign;
use visitdesk_core::settings::{self, Settings};
use visitdesk_core::store::Stored;

#[tauri::command(rename_all = "snake_case")]
pub async fn settings(state: State<'_, Shared>) -> Result<Settings, IpcError> {
    let now = Utc::now();
    read(state, move |s| settings::load(s.conn(), now)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_campaign(state: State<'_, Shared>, id: Id, campaign: Campaign) -> Result<Stored<Campaign>, IpcError> {
    write(state, move |tx| tx.update(&id, campaign)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_settings(state: State<'_, Shared>, school: String, auto_lock_minutes: u32) -> Result<(), IpcError> {
    write(state, move |tx| settings::save(tx, &school, auto_lock_minutes)).await
}

/// Sets the school's 学校标识码 (ten digits, or empty), printed in the data standard's table.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_school_code(state: State<'_, Shared>, code: String) -> Result<String, IpcError> {
    write(state, move |tx| settings::save_school_code(tx, &code)).await
}
