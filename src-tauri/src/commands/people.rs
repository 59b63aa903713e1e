use crate::error::IpcError;
use crate::state::{Shared, read, run, write};
use chrono::Utc;
use tauri::State;
use visitdesk_core::access::Access;
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

/// Sets (or replaces) a person's passphrase so they can unlock. `mine` is the unlocked person's
/// own passphrase, retyped: your own needs it, and anyone else's needs an admin who retypes it.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_passphrase(
    state: State<'_, Shared>,
    person_id: Id,
    passphrase: String,
    mine: String,
) -> Result<(), IpcError> {
    let (passphrase, mine, now) = (Zeroizing::new(passphrase), Zeroizing::new(mine), Utc::now());
    run(state, move |s| s.set_passphrase(&person_id, &passphrase, &mine, now)).await
}

/// Removes a person with their key slot (an admin's).
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_person(state: State<'_, Shared>, person_id: Id) -> Result<(), IpcError> {
    let now = Utc::now();
    run(state, move |s| s.with_store(|store| store.remove_person(&person_id, now))).await
}

/// Sets what a person may do, whom they assist and their college (an admin's).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_access(
    state: State<'_, Shared>,
    person_id: Id,
    access: Access,
    assists: Vec<Id>,
    college: String,
) -> Result<Stored<Person>, IpcError> {
    write(state, move |tx| people::set_access(tx, &person_id, access, Some(assists), Some(college))).await
}
