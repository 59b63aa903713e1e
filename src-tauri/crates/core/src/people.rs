//! People at the school.
use crate::error::Result;
use crate::model::Person;
use crate::store::records::{self, Stored};
use rusqlite::Connection;

/// Everyone, in the order they were added.
pub fn list(conn: &Connection) -> Result<Vec<Stored<Person>>> {
    records::list::<Person>(conn, "1", "created_at, id", [])
}
