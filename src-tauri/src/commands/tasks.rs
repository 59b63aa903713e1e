use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Task;
use visitdesk_core::store::Stored;
use visitdesk_core::tasks::{self, TaskRow};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_tasks(state: State<'_, Shared>, open_only: bool) -> Result<Vec<TaskRow>, IpcError> {
    read(state, move |s| tasks::list(s.conn(), open_only)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_task(state: State<'_, Shared>, id: Option<Id>, task: Task) -> Result<Stored<Task>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), task)).await
}
