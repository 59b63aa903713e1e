use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Person;
use visitdesk_core::people;
use visitdesk_core::store::Stored;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_people(state: State<'_, Shared>) -> Result<Vec<Stored<Person>>, IpcError> {
    read(state, |s| people::list(s.conn())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_person(state: State<'_, Shared>, id: Option<Id>, person: Person) -> Result<Stored<Person>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), person)).await
}
