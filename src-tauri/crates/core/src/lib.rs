//! Visitdesk core: everything that is not UI or IPC.
pub mod access;
pub mod attachments;
pub mod bindings;
pub mod calendar;
pub mod crypto;
pub mod dashboard;
pub mod demo;
pub mod drafts;
pub mod employers;
pub mod error;
pub mod exchange;
pub mod history;
pub mod ids;
pub mod ledger;
pub mod model;
pub mod outcomes;
pub mod people;
pub mod report;
pub mod search;
pub mod session;
pub mod settings;
pub mod share;
pub mod store;
pub mod tasks;
pub mod team;
#[cfg(test)]
mod ui_fixtures;
pub mod visits;
pub mod warning;

/// Test fixtures; other crates' tests get them with the `testing` feature.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
