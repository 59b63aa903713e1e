use crate::error::IpcError;
use crate::state::{Shared, read, run, write};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Person;
use visitdesk_core::people;
use visitdesk_core::store::Stored;
use zeroize::Zeroizing;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_people(state: State<'_, Shared>) -> Result<Vec<Stored<Person>>, IpcError> {
    read(state, |s| people::list(s.conn())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_person(state: State<'_, Shared>, id: Option<Id>, person: Person) -> Result<Stored<Person>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), person)).await
}

/// Sets (or replaces) a person's passphrase so they can unlock; anyone with the store unlocked may.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_passphrase(state: State<'_, Shared>, person_id: Id, passphrase: String) -> Result<(), IpcError> {
    let passphrase = Zeroizing::new(passphrase);
    run(state, move |s| s.set_passphrase(&person_id, &passphrase)).await
}
