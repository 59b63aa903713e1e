//! Numbered, append-only schema migrations, tracked with `PRAGMA user_version`.
use crate::error::{Result, StoreError};
use rusqlite::Connection;

/// A migration: its SQL, then what it computes in Rust (a derived table's first contents).
type Migration = (&'static str, Option<fn(&Connection) -> Result<()>>);

/// Migration N is `MIGRATIONS[N - 1]`. Only ever append; a migration that changes what records
/// hold (a kind, a field, what a value means) also moves [`RECORDS`] to itself.
const MIGRATIONS: &[Migration] = &[
    (include_str!("migrations/001_init.sql"), None),
    (include_str!("migrations/002_calendar.sql"), None),
    (include_str!("migrations/003_ledger_covering_indexes.sql"), None),
    // The facts are computed by today's query, which reads columns later migrations add, so
    // the last migration that changes them computes them (every run goes to the end).
    (include_str!("migrations/004_ledger_facts.sql"), None),
    (include_str!("migrations/005_search_merge_when_idle.sql"), None),
    (include_str!("migrations/006_access.sql"), None),
    (include_str!("migrations/007_team.sql"), None),
    (include_str!("migrations/008_team_review.sql"), None),
    (include_str!("migrations/009_team_change_signatures.sql"), None),
    // So are the running totals' triggers, which sum the facts' columns.
    (include_str!("migrations/010_ledger_totals.sql"), None),
    (include_str!("migrations/011_official_days.sql"), None),
    (include_str!("migrations/012_campaign_records.sql"), Some(recount)),
    (include_str!("migrations/013_attachments.sql"), None),
    (include_str!("migrations/014_sharing.sql"), None),
    (include_str!("migrations/015_summary_cases.sql"), None),
];

/// The facts computed afresh, then the running totals' triggers made and the totals counted:
/// what the last migration that changes the facts' columns runs.
fn recount(conn: &Connection) -> Result<()> {
    super::facts::rebuild(conn)?;
    super::totals::install(conn)
}

/// The schema version this build knows.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The last migration that changed what records hold; those after it only add indexes. A team
/// bundle names this version (`team::wire::Header::schema`), so a laptop whose store only gained
/// an index since goes on exchanging with the team's laptops that have not updated yet.
pub const RECORDS: i64 = 14;
const _: () = assert!(RECORDS <= LATEST);

/// Brings the schema up to date in one transaction. A newer database is refused untouched.
pub fn run(conn: &Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > LATEST {
        return Err(StoreError::TooNew { found, known: LATEST }.into());
    }
    if found == LATEST {
        return Ok(());
    }
    // SQLite never writes a negative version; one is damage, not a store to build afresh.
    let done = usize::try_from(found).map_err(|_| StoreError::Damaged(format!("schema version {found}")))?;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        // Migration N is MIGRATIONS[N - 1]: those after the `done` first.
        for (version, (sql, then)) in (done + 1..).zip(&MIGRATIONS[done..]) {
            conn.execute_batch(sql)?;
            if let Some(then) = then {
                then(conn)?;
            }
            conn.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            conn.execute_batch("ROLLBACK")?;
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_from_empty_and_is_idempotent() {
        let conn = Connection::open_in_memory().unwrap();
        run(&conn).unwrap();
        run(&conn).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, LATEST);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'visits'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1);
    }

    #[test]
    fn refuses_a_newer_database_without_touching_it() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", LATEST + 1)).unwrap();
        let err = run(&conn).unwrap_err();
        assert!(matches!(err, crate::error::Error::Store(StoreError::TooNew { .. })), "{err}");
        let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert_eq!(objects, 0);
    }

    /// A negative version (written by hand or by damage) is not taken for an empty database.
    #[test]
    fn refuses_a_negative_version_without_touching_it() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = -3").unwrap();
        let err = run(&conn).unwrap_err();
        assert!(matches!(err, crate::error::Error::Store(StoreError::Damaged(_))), "{err}");
        let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert_eq!(objects, 0);
    }
}
