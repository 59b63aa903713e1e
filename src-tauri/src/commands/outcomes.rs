use crate::error::IpcError;
use crate::state::{Shared, write};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{InternshipBase, JobPosting, RecruitmentEvent};
use visitdesk_core::outcomes;
use visitdesk_core::store::Stored;

#[tauri::command(rename_all = "snake_case")]
pub async fn save_job_posting(
    state: State<'_, Shared>,
    id: Option<Id>,
    posting: JobPosting,
) -> Result<Stored<JobPosting>, IpcError> {
    write(state, move |tx| outcomes::save_posting(tx, id.as_ref(), posting)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_internship_base(
    state: State<'_, Shared>,
    id: Option<Id>,
    base: InternshipBase,
) -> Result<Stored<InternshipBase>, IpcError> {
    write(state, move |tx| outcomes::save_base(tx, id.as_ref(), base)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_recruitment_event(
    state: State<'_, Shared>,
    id: Option<Id>,
    event: RecruitmentEvent,
) -> Result<Stored<RecruitmentEvent>, IpcError> {
    write(state, move |tx| outcomes::save_event(tx, id.as_ref(), event)).await
}
