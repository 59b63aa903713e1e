use crate::error::IpcError;
use crate::state::{Shared, read, write};
use tauri::State;
use visitdesk_core::employers::{self, EmployerCheck, EmployerDetail, EmployerFilter, Merged};
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Contact, Employer, Note};
use visitdesk_core::store::Stored;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_employers(
    state: State<'_, Shared>,
    filter: EmployerFilter,
) -> Result<Vec<Stored<Employer>>, IpcError> {
    read(state, move |s| employers::list(s.conn(), &filter)).await
}

/// The employers a picker offers for what was typed (`employers::matching`).
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_employers(
    state: State<'_, Shared>,
    text: String,
    limit: Option<u32>,
) -> Result<Vec<Stored<Employer>>, IpcError> {
    read(state, move |s| employers::matching(s.conn(), &text, limit)).await
}

/// The names of the employers `ids` name (`employers::names`).
#[tauri::command(rename_all = "snake_case")]
pub async fn employer_names(state: State<'_, Shared>, ids: Vec<Id>) -> Result<Vec<(Id, String)>, IpcError> {
    read(state, move |s| employers::names(s.conn(), &ids)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn employer_detail(state: State<'_, Shared>, id: Id) -> Result<EmployerDetail, IpcError> {
    read(state, move |s| employers::detail(s.conn(), &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_employer(
    state: State<'_, Shared>,
    id: Option<Id>,
    employer: Employer,
) -> Result<EmployerCheck, IpcError> {
    read(state, move |s| employers::check(s.conn(), id.as_ref(), employer)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_employer(
    state: State<'_, Shared>,
    id: Option<Id>,
    employer: Employer,
) -> Result<Stored<Employer>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), employer)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_contact(
    state: State<'_, Shared>,
    id: Option<Id>,
    contact: Contact,
) -> Result<Stored<Contact>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), contact)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_note(state: State<'_, Shared>, id: Option<Id>, note: Note) -> Result<Stored<Note>, IpcError> {
    write(state, move |tx| tx.save(id.as_ref(), note)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn merge_employers(
    state: State<'_, Shared>,
    keep: Id,
    away: Id,
    combined: Employer,
) -> Result<Merged, IpcError> {
    write(state, move |tx| employers::merge(tx, &keep, &away, combined)).await
}
