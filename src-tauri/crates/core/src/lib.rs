//! Visitdesk core: everything that is not UI or IPC.
pub mod crypto;
pub mod error;
pub mod ids;
pub mod model;
pub mod search;
pub mod store;
