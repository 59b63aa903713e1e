//! The IPC commands, one module per area. Each is an adapter of a few lines: it takes the
//! arguments (named in snake_case, as `tauri.ts` sends them), runs one core call on the blocking
//! pool, and returns plain data or an [`IpcError`](crate::error::IpcError). No SQL, no rules.
pub mod attachments;
pub mod backups;
pub mod calendar;
pub mod dashboard;
pub mod drafts;
pub mod employers;
pub mod exchange;
pub mod outcomes;
pub mod people;
pub mod reports;
pub mod search;
pub mod settings;
pub mod sharing;
pub mod store;
pub mod tasks;
pub mod team;
pub mod trash;
pub mod visits;
