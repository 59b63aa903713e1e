//! Visitdesk core: everything that is not UI or IPC.
pub mod crypto;
pub mod demo;
pub mod employers;
pub mod error;
pub mod ids;
pub mod ledger;
pub mod model;
pub mod search;
pub mod store;
pub mod visits;
