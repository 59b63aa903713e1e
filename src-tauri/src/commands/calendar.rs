//! The calendar: a range of days, scheduling with warnings, trips, contact plans, reminders
//! and the calendar's preferences.
use crate::error::IpcError;
use crate::state::{Shared, read, write};
use chrono::{DateTime, NaiveDate, Utc};
use tauri::State;
use tauri_plugin_notification::NotificationExt;
use visitdesk_core::calendar::reminders::{self, Notice, Reminder};
use visitdesk_core::calendar::trips::{self, Stop, TripDetail};
use visitdesk_core::calendar::workdays::{self, Official};
use visitdesk_core::calendar::{self, Filter, Preferences, Range, Warning, plans};
use visitdesk_core::ids::Id;
use visitdesk_core::model::{ContactPlan, OccurrenceChange, OfficialDay, Trip, Visit};
use visitdesk_core::store::{Stored, records};

#[tauri::command(rename_all = "snake_case")]
pub async fn calendar_range(
    state: State<'_, Shared>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    filter: Filter,
    per_day: u32,
) -> Result<Range, IpcError> {
    read(state, move |s| calendar::range(s.conn(), from, to, &filter, per_day, Utc::now())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn check_schedule(state: State<'_, Shared>, id: Option<Id>, visit: Visit) -> Result<Vec<Warning>, IpcError> {
    read(state, move |s| calendar::check(s.conn(), id.as_ref(), &visit, Utc::now())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn schedule_visit(
    state: State<'_, Shared>,
    id: Option<Id>,
    visit: Visit,
    reason: String,
) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| calendar::schedule(tx, id.as_ref(), visit, &reason)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn move_visit(
    state: State<'_, Shared>,
    id: Id,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    reason: String,
) -> Result<Stored<Visit>, IpcError> {
    write(state, move |tx| calendar::move_visit(tx, &id, start, end, &reason)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn trip_detail(state: State<'_, Shared>, id: Id) -> Result<TripDetail, IpcError> {
    read(state, move |s| trips::detail(s.conn(), &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn build_trip(state: State<'_, Shared>, trip: Trip, stops: Vec<Stop>) -> Result<TripDetail, IpcError> {
    write(state, move |tx| trips::build(tx, trip, &stops)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_itinerary(state: State<'_, Shared>, id: Id, stops: Vec<Stop>) -> Result<TripDetail, IpcError> {
    write(state, move |tx| trips::set_itinerary(tx, &id, &stops)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn contact_plan(state: State<'_, Shared>, id: Id) -> Result<Stored<ContactPlan>, IpcError> {
    read(state, move |s| records::get(s.conn(), &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_contact_plan(
    state: State<'_, Shared>,
    id: Option<Id>,
    plan: ContactPlan,
) -> Result<Stored<ContactPlan>, IpcError> {
    write(state, move |tx| plans::save(tx, id.as_ref(), plan)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn change_occurrence(
    state: State<'_, Shared>,
    plan_id: Id,
    on: NaiveDate,
    change: Option<OccurrenceChange>,
) -> Result<Stored<ContactPlan>, IpcError> {
    write(state, move |tx| plans::change_occurrence(tx, &plan_id, on, change)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn calendar_preferences(state: State<'_, Shared>) -> Result<Preferences, IpcError> {
    read(state, |s| calendar::preferences(s.conn())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_calendar_preferences(state: State<'_, Shared>, prefs: Preferences) -> Result<Preferences, IpcError> {
    write(state, move |tx| calendar::save_preferences(tx, prefs)).await
}

/// The official holidays and 调休 working days of `year`: those shipped and those an admin added.
#[tauri::command(rename_all = "snake_case")]
pub async fn official_days(state: State<'_, Shared>, year: i32) -> Result<Vec<Official>, IpcError> {
    read(state, move |s| workdays::of_year(s.conn(), year)).await
}

/// Sets one day of a published schedule (an admin's); a day already set is changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_official_day(state: State<'_, Shared>, day: OfficialDay) -> Result<Stored<OfficialDay>, IpcError> {
    write(state, move |tx| workdays::set(tx, day)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn due_reminders(state: State<'_, Shared>) -> Result<Vec<Reminder>, IpcError> {
    read(state, |s| reminders::due(s.conn(), Utc::now())).await
}

/// Shows the UI's notifications on the desktop and records the reminders they deliver. A
/// desktop without a notification service still gets them in the window (the UI shows them),
/// so a failure to raise one is not an error.
#[tauri::command(rename_all = "snake_case")]
pub async fn deliver_reminders(
    app: tauri::AppHandle,
    state: State<'_, Shared>,
    notices: Vec<Notice>,
    keys: Vec<String>,
) -> Result<(), IpcError> {
    for n in notices.iter().take(5) {
        let _ = app.notification().builder().title(&n.title).body(&n.body).show();
    }
    write(state, move |tx| reminders::mark_delivered(tx, &keys)).await
}
