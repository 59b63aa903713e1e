use crate::error::IpcError;
use crate::state::{Shared, read, write};
use chrono::{DateTime, Utc};
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{DemandSurvey, FollowupSurvey, Visit};
use visitdesk_core::store::Stored;
use visitdesk_core::visits::{self, Cases, Completion, Listing, VisitDetail, VisitRow};

#[tauri::command(rename_all = "snake_case")]
pub async fn visits_between(
    state: State<'_, Shared>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<VisitRow>, IpcError> {
    read(state, move |s| visits::rows_between(s.conn(), from, to)).await
}

/// The visit list's page: the first `limit` upcoming visits from `now`, or past ones newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_visits(
    state: State<'_, Shared>,
    past: bool,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Listing, IpcError> {
    read(state, move |s| visits::listed(s.conn(), past, now, limit)).await
}

/// The summary's 典型案例 choices of `[from, to)`: the newest of the completed visits whose case
/// is written (not every visit of the period, which the large store has 100,000 of).
#[tauri::command(rename_all = "snake_case")]
pub async fn summary_cases(
    state: State<'_, Shared>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Cases, IpcError> {
    read(state, move |s| visits::cases(s.conn(), from, to)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn visit_detail(state: State<'_, Shared>, id: Id) -> Result<VisitDetail, IpcError> {
    read(state, move |s| visits::detail(s.conn(), &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan_visit(state: State<'_, Shared>, visit: Visit) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::plan(tx, visit)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_visit(state: State<'_, Shared>, id: Id, visit: Visit) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::edit(tx, &id, visit)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn complete_visit(
    state: State<'_, Shared>,
    id: Id,
    completion: Completion,
) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::complete(tx, &id, completion)).await
}

/// Confirms a completion someone else recorded for the visit's leader (the leader's, or an
/// admin's).
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_visit(state: State<'_, Shared>, id: Id) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::confirm(tx, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_visit(state: State<'_, Shared>, id: Id, reason: String) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::cancel(tx, &id, &reason)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_demand_survey(
    state: State<'_, Shared>,
    survey: DemandSurvey,
) -> Result<Stored<DemandSurvey>, IpcError> {
    write(state, move |tx| visits::record_demand(tx, survey)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_followup_survey(
    state: State<'_, Shared>,
    survey: FollowupSurvey,
) -> Result<Stored<FollowupSurvey>, IpcError> {
    write(state, move |tx| visits::record_followup(tx, survey)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn replan_visit(
    state: State<'_, Shared>,
    id: Id,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| visits::replan(tx, &id, start, end)).await
}
