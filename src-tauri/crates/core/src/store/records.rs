//! The generic record layer: audited writes, history, trash and undo for every record kind.
//!
//! Every table has the same shape (see `migrations/001_init.sql`), so one piece of code
//! writes them all. Each change writes a `history` row with the record's before and after;
//! a batch is the set of changes of one [`Tx`], which is what undo reverts.
use super::facts;
use crate::access::{self, Actor, Right};
use crate::error::{Error, Result};
use crate::ids::{Id, IdSeq};
use crate::model::{self, Kind, Problem, Record, ValidationError, for_kind};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::OnceCell;
use ts_rs::TS;

/// Who created and last changed a record, and when; `deleted_at` marks it as in the trash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Audit {
    pub created_at: String,
    pub updated_at: String,
    pub created_by: Id,
    pub updated_by: Id,
    pub deleted_at: Option<String>,
}

/// A record as kept: its id, its data and its audit columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Stored<T> {
    pub id: Id,
    #[serde(flatten)]
    pub data: T,
    pub audit: Audit,
}

/// The columns every record query selects, in the order [`stored_from_row`] reads them.
pub const COLUMNS: &str = "id, data, created_at, updated_at, created_by, updated_by, deleted_at";

/// [`COLUMNS`] prefixed with a table alias, for joins: `columns("v")` is `v.id, v.data, …`.
pub fn columns(alias: &str) -> String {
    COLUMNS.split(", ").map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// Reads a row selected with [`COLUMNS`] (optionally prefixed by a table alias).
pub fn stored_from_row<T: Record>(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored<T>> {
    let data: String = row.get(1)?;
    let data = serde_json::from_str(&data)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?;
    Ok(Stored {
        id: row.get(0)?,
        data,
        audit: Audit {
            created_at: row.get(2)?,
            updated_at: row.get(3)?,
            created_by: row.get(4)?,
            updated_by: row.get(5)?,
            deleted_at: row.get(6)?,
        },
    })
}

/// A live (not deleted) record by id.
pub fn get<T: Record>(conn: &Connection, id: &Id) -> Result<Stored<T>> {
    find(conn, id)?.ok_or_else(|| Error::not_found(T::KIND, id))
}

/// A live record by id, or `None`.
pub fn find<T: Record>(conn: &Connection, id: &Id) -> Result<Option<Stored<T>>> {
    let sql = format!("SELECT {COLUMNS} FROM {} WHERE id = ?1 AND deleted_at IS NULL", T::KIND.table());
    Ok(conn.prepare_cached(&sql)?.query_row([id], stored_from_row::<T>).optional()?)
}

/// Live records matching `filter` (an SQL condition over the table's columns), in `order`.
pub fn list<T: Record>(
    conn: &Connection,
    filter: &str,
    order: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Stored<T>>> {
    let sql =
        format!("SELECT {COLUMNS} FROM {} WHERE deleted_at IS NULL AND ({filter}) ORDER BY {order}", T::KIND.table());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, stored_from_row::<T>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Column `i` of a row, an instant the store wrote as RFC 3339 text ([`timestamp`], or chrono's
/// own in a record's JSON).
pub(crate) fn instant_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = r.get(i)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// A record's state as history keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) data: Value,
    pub(crate) deleted_at: Option<String>,
}

pub(crate) fn snapshot(conn: &Connection, kind: Kind, id: &Id) -> Result<Option<Snapshot>> {
    let sql = format!("SELECT data, deleted_at FROM {} WHERE id = ?1", kind.table());
    let row: Option<(String, Option<String>)> =
        conn.prepare_cached(&sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    row.map(|(data, deleted_at)| Ok(Snapshot { data: serde_json::from_str(&data)?, deleted_at })).transpose()
}

/// Records that belong to a record of `kind` (it is one of their declared parents), with the
/// column that names it; deleting the parent moves them to the trash with it.
fn dependents(kind: Kind) -> Vec<(Kind, &'static str)> {
    Kind::ALL.iter().filter_map(|&child| Some((child, child.parent_column(kind)?))).collect()
}

/// One item in the trash: a deleted record and how many records went with it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrashEntry {
    pub kind: Kind,
    pub id: Id,
    pub title: String,
    pub deleted_at: String,
    pub deleted_by: Id,
    /// Records deleted together with it (its contacts, visits …), itself included.
    pub records: usize,
}

/// What is in the trash, newest first.
pub fn trash(conn: &Connection) -> Result<Vec<TrashEntry>> {
    let mut stmt = conn.prepare(
        "SELECT h.kind, h.record_id, h.at, h.by, (SELECT count(*) FROM history c WHERE c.batch = h.batch AND c.op = 'delete')
         FROM history h
         WHERE h.op = 'delete'
           AND h.seq = (SELECT min(f.seq) FROM history f WHERE f.batch = h.batch AND f.op = 'delete')
           AND h.seq = (SELECT max(g.seq) FROM history g WHERE g.kind = h.kind AND g.record_id = h.record_id AND g.op = 'delete')
         ORDER BY h.seq DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Id>(1)?, r.get(2)?, r.get(3)?, r.get::<_, i64>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, id, deleted_at, deleted_by, records) = row?;
        let kind = Kind::parse(&kind).ok_or_else(|| Error::Invalid(format!("unknown kind {kind}")))?;
        let Some(snap) = snapshot(conn, kind, &id)? else { continue };
        if snap.deleted_at.is_none() {
            continue;
        }
        let title = for_kind!(kind, T => serde_json::from_value::<T>(snap.data)?.title());
        out.push(TrashEntry { kind, id, title, deleted_at, deleted_by, records: records as usize });
    }
    Ok(out)
}

/// A write transaction on behalf of one person at one moment. Everything done through one
/// `Tx` is one batch in the history, undone together.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    now: DateTime<Utc>,
    at: String,
    actor: &'a Id,
    batch: Id,
    /// The ids of the records and history rows this write makes.
    ids: IdSeq,
    /// The actor's rights, read at the first change that needs them.
    rights: OnceCell<Actor>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(tx: Transaction<'a>, now: DateTime<Utc>, actor: &'a Id) -> Tx<'a> {
        Tx { tx, now, at: timestamp(now), actor, batch: Id::new(now), ids: IdSeq::new(now), rights: OnceCell::new() }
    }

    pub(super) fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }

    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn actor(&self) -> &Id {
        self.actor
    }

    pub fn batch(&self) -> &Id {
        &self.batch
    }

    /// The rights of the person this write is on behalf of.
    pub fn rights(&self) -> Result<&Actor> {
        if let Some(actor) = self.rights.get() {
            return Ok(actor);
        }
        let actor = Actor::of(&self.tx, self.actor)?;
        Ok(self.rights.get_or_init(|| actor))
    }

    /// Fails with `access.forbidden` unless the actor holds `right` (campaign settings, people).
    pub fn require(&self, right: Right) -> Result<()> {
        self.rights()?.require(right)
    }

    /// Whether the actor may add or change `data` (`deleting` false), or move it to the trash.
    fn allowed<T: Record>(&self, data: &T, deleting: bool) -> Result<()> {
        access::check(self.rights()?, data.owner(), deleting, &*self.tx)
    }

    /// [`Tx::allowed`] for a record as history or the table holds it.
    pub(crate) fn allowed_snapshot(&self, kind: Kind, snap: &Snapshot, deleting: bool) -> Result<()> {
        self.allowed_as(self.rights()?, kind, snap, deleting)
    }

    /// Whether `actor` (someone else: the author of a change from another laptop) may make a
    /// change that leaves a record of `kind` as `snap`.
    pub(crate) fn allowed_as(&self, actor: &Actor, kind: Kind, snap: &Snapshot, deleting: bool) -> Result<()> {
        for_kind!(kind, T => {
            let record = serde_json::from_value::<T>(snap.data.clone())?;
            access::check(actor, record.owner(), deleting, &*self.tx)
        })
    }

    /// Whether `actor` may change a record of `kind` from `before` to `after` as far as the
    /// kind's own rule goes ([`Record::guard`]: confirming a visit is its leader's).
    pub(crate) fn guard_as(
        &self,
        actor: &Actor,
        kind: Kind,
        before: Option<&Snapshot>,
        after: &Snapshot,
    ) -> Result<()> {
        for_kind!(kind, T => {
            let before = before.map(|b| serde_json::from_value::<T>(b.data.clone())).transpose()?;
            serde_json::from_value::<T>(after.data.clone())?.guard(before.as_ref(), actor)
        })
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn remove_setting(&self, key: &str) -> Result<()> {
        self.tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    fn check_references<T: Record>(&self, data: &T) -> Result<()> {
        for (field, kind, id) in data.references() {
            let sql = format!("SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NULL", kind.table());
            let live = self.tx.prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?.is_some();
            if !live {
                return Err(ValidationError { field, problem: Problem::UnknownReference }.into());
            }
        }
        Ok(())
    }

    /// Validates and adds a record with a new id.
    pub fn insert<T: Record>(&self, data: T) -> Result<Stored<T>> {
        self.insert_with_id(self.ids.next(), data)
    }

    /// Validates and adds a record under a given id.
    pub fn insert_with_id<T: Record>(&self, id: Id, data: T) -> Result<Stored<T>> {
        let data = data.validate()?;
        self.check_references(&data)?;
        self.allowed(&data, false)?;
        data.guard(None, self.rights()?)?;
        let after = Snapshot { data: serde_json::to_value(&data)?, deleted_at: None };
        let sql = format!(
            "INSERT INTO {} (id, data, created_at, updated_at, created_by, updated_by) VALUES (?1, ?2, ?3, ?3, ?4, ?4)",
            T::KIND.table()
        );
        self.tx.prepare_cached(&sql)?.execute(params![id, after.data.to_string(), self.at, self.actor])?;
        // What was just written, without reading it back (bulk imports insert thousands).
        let after = Some(after);
        self.log(T::KIND, &id, "create", &None, &after)?;
        derive(&self.tx, &id, Some(&data))?;
        self.refresh_facts(T::KIND, &id, [&None, &after])?;
        let audit = Audit {
            created_at: self.at.clone(),
            updated_at: self.at.clone(),
            created_by: self.actor.clone(),
            updated_by: self.actor.clone(),
            deleted_at: None,
        };
        Ok(Stored { id, data, audit })
    }

    /// Adds `data` as a new record, or with `id`, replaces that record's data: what a form's
    /// "save" does, for a form that both creates and edits.
    pub fn save<T: Record>(&self, id: Option<&Id>, data: T) -> Result<Stored<T>> {
        match id {
            Some(id) => self.update(id, data),
            None => self.insert(data),
        }
    }

    /// Validates and replaces a live record's data. An unchanged record writes nothing.
    pub fn update<T: Record>(&self, id: &Id, data: T) -> Result<Stored<T>> {
        let data = data.validate()?;
        let before = snapshot(&self.tx, T::KIND, id)?
            .filter(|s| s.deleted_at.is_none())
            .ok_or_else(|| Error::not_found(T::KIND, id))?;
        self.check_references(&data)?;
        // Both as it was and as it becomes: a visit handed to another leader is both leaders' say.
        self.allowed_snapshot(T::KIND, &before, false)?;
        self.allowed(&data, false)?;
        data.guard(Some(&serde_json::from_value(before.data.clone())?), self.rights()?)?;
        let json = serde_json::to_value(&data)?;
        if json == before.data {
            return get(&self.tx, id);
        }
        let sql = format!("UPDATE {} SET data = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1", T::KIND.table());
        self.tx.prepare_cached(&sql)?.execute(params![id, json.to_string(), self.at, self.actor])?;
        self.changed(T::KIND, id, "update", Some(before))?;
        get(&self.tx, id)
    }

    /// Moves a record, and the records that belong to it, to the trash. Returns how many.
    /// Refuses the kinds that must not go there ([`Record::DELETABLE`]).
    pub fn delete(&self, kind: Kind, id: &Id) -> Result<usize> {
        if !kind.deletable() {
            return Err(Error::NotDeletable { kind });
        }
        self.retire(kind, id)
    }

    /// [`Tx::delete`] for any kind: a person, whom `Store::remove_person` removes with their key
    /// slot. Whoever may delete the record may delete what belongs to it.
    pub(crate) fn retire(&self, kind: Kind, id: &Id) -> Result<usize> {
        let before = snapshot(&self.tx, kind, id)?
            .filter(|s| s.deleted_at.is_none())
            .ok_or_else(|| Error::not_found(kind, id))?;
        self.allowed_snapshot(kind, &before, true)?;
        self.cascade(kind, id, before)
    }

    fn cascade(&self, kind: Kind, id: &Id, before: Snapshot) -> Result<usize> {
        self.set_deleted(kind, id, Some(&self.at))?;
        self.changed(kind, id, "delete", Some(before))?;
        let mut count = 1;
        for (child, column) in dependents(kind) {
            let sql = format!("SELECT id FROM {} WHERE {column} = ?1 AND deleted_at IS NULL", child.table());
            let ids: Vec<Id> =
                self.tx.prepare(&sql)?.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for child_id in ids {
                // A record can depend on two deleted parents (a job posting on its visit and
                // its employer); the first cascade takes it.
                if let Some(before) = snapshot(&self.tx, child, &child_id)?.filter(|s| s.deleted_at.is_none()) {
                    count += self.cascade(child, &child_id, before)?;
                }
            }
        }
        Ok(count)
    }

    /// Restores a record from the trash, with everything deleted together with it.
    pub fn restore(&self, kind: Kind, id: &Id) -> Result<usize> {
        let batch: String = self
            .tx
            .query_row(
                "SELECT batch FROM history WHERE kind = ?1 AND record_id = ?2 AND op = 'delete'
                 ORDER BY seq DESC LIMIT 1",
                params![kind.as_str(), id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(kind, id))?;
        let entries = self.entries(&batch, "op = 'delete'")?;
        let mut restored = 0;
        for (_, kind, record_id, _, _) in &entries {
            let Some(before) = snapshot(&self.tx, *kind, record_id)? else { continue };
            if before.deleted_at.is_some() {
                self.allowed_snapshot(*kind, &before, true)?;
                self.set_deleted(*kind, record_id, None)?;
                self.changed(*kind, record_id, "restore", Some(before))?;
                restored += 1;
            }
        }
        if restored == 0 {
            return Err(Error::not_found(kind, id));
        }
        for (_, kind, record_id, _, _) in &entries {
            self.check_live_references(*kind, record_id)?;
        }
        Ok(restored)
    }

    /// Restores a record from the trash with what went there with it (what belongs to it,
    /// deleted at the same moment), wherever the delete was made: a record deleted on another
    /// laptop has no delete batch of this laptop's to restore (`team::resolve`).
    pub(crate) fn restore_with_dependents(&self, kind: Kind, id: &Id) -> Result<usize> {
        let before = snapshot(&self.tx, kind, id)?
            .filter(|s| s.deleted_at.is_some())
            .ok_or_else(|| Error::not_found(kind, id))?;
        let at = before.deleted_at.clone();
        self.allowed_snapshot(kind, &before, true)?;
        self.set_deleted(kind, id, None)?;
        self.changed(kind, id, "restore", Some(before))?;
        let mut restored = 1;
        for (child, column) in dependents(kind) {
            let sql = format!("SELECT id FROM {} WHERE {column} = ?1 AND deleted_at = ?2", child.table());
            let ids: Vec<Id> =
                self.tx.prepare(&sql)?.query_map(params![id, at], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for child_id in ids {
                restored += self.restore_with_dependents(child, &child_id)?;
            }
        }
        self.check_live_references(kind, id)?;
        Ok(restored)
    }

    /// Reverts the last batch of changes this person made. Refuses if someone changed one of
    /// those records since.
    pub fn undo_last(&self) -> Result<usize> {
        let batch: String = self
            .tx
            .query_row(
                "SELECT batch FROM history WHERE by = ?1 AND undone = 0 AND op <> 'undo' ORDER BY seq DESC LIMIT 1",
                [self.actor],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::NothingToUndo)?;
        let mut entries = self.entries(&batch, "undone = 0")?;
        entries.reverse();
        for (seq, kind, record_id, before, after) in &entries {
            let current = snapshot(&self.tx, *kind, record_id)?;
            if current.as_ref() != after.as_ref() {
                return Err(Error::UndoConflict(record_id.to_string()));
            }
            // The rights of today, not of when the change was made.
            let trashes = before.as_ref().is_none_or(|b| b.deleted_at.is_some());
            for state in [before, after].into_iter().flatten() {
                self.allowed_snapshot(*kind, state, trashes)?;
            }
            match before {
                Some(before) => {
                    let sql = format!(
                        "UPDATE {} SET data = ?2, deleted_at = ?3, updated_at = ?4, updated_by = ?5 WHERE id = ?1",
                        kind.table()
                    );
                    self.tx.execute(
                        &sql,
                        params![record_id, before.data.to_string(), before.deleted_at, self.at, self.actor],
                    )?;
                }
                // Undoing a creation moves the record to the trash, which a kind that may not go
                // there refuses: undoing the store's first batch would remove its campaign and
                // the person who made it, and no unlock would work again.
                None if !kind.deletable() => return Err(Error::NotDeletable { kind: *kind }),
                None => self.set_deleted(*kind, record_id, Some(&self.at))?,
            }
            self.changed(*kind, record_id, "undo", current)?;
            self.tx.execute("UPDATE history SET undone = 1 WHERE seq = ?1", [seq])?;
        }
        for (_, kind, record_id, _, _) in &entries {
            self.check_live_references(*kind, record_id)?;
        }
        Ok(entries.len())
    }

    #[allow(clippy::type_complexity)]
    fn entries(&self, batch: &str, filter: &str) -> Result<Vec<(i64, Kind, Id, Option<Snapshot>, Option<Snapshot>)>> {
        let sql = format!(
            "SELECT seq, kind, record_id, before, after FROM history WHERE batch = ?1 AND {filter} ORDER BY seq"
        );
        let mut stmt = self.tx.prepare(&sql)?;
        let rows = stmt.query_map([batch], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Id>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let parse =
            |s: Option<String>| -> Result<Option<Snapshot>> { Ok(s.map(|s| serde_json::from_str(&s)).transpose()?) };
        let mut out = Vec::new();
        for row in rows {
            let (seq, kind, id, before, after) = row?;
            let kind = Kind::parse(&kind).ok_or_else(|| Error::Invalid(format!("unknown kind {kind}")))?;
            out.push((seq, kind, id, parse(before)?, parse(after)?));
        }
        Ok(out)
    }

    /// After a restore or undo: a live record must not point at a deleted one.
    fn check_live_references(&self, kind: Kind, id: &Id) -> Result<()> {
        for_kind!(kind, T => match find::<T>(&self.tx, id)? {
            Some(record) => self.check_references(&record.data),
            None => Ok(()),
        })
    }

    fn set_deleted(&self, kind: Kind, id: &Id, at: Option<&str>) -> Result<()> {
        let sql =
            format!("UPDATE {} SET deleted_at = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1", kind.table());
        self.tx.prepare_cached(&sql)?.execute(params![id, at, self.at, self.actor])?;
        Ok(())
    }

    /// Records a change in history and refreshes what is derived from the record.
    fn changed(&self, kind: Kind, id: &Id, op: &str, before: Option<Snapshot>) -> Result<()> {
        let after = snapshot(&self.tx, kind, id)?;
        if kind == Kind::Person {
            access::keep_an_admin(&self.tx)?;
        }
        self.log(kind, id, op, &before, &after)?;
        self.refresh_derived(kind, id, &before, after)
    }

    /// After a change: the ledger's facts of the visits it touched, and the tables derived from
    /// the record as it now is (nothing when it is in the trash).
    fn refresh_derived(&self, kind: Kind, id: &Id, before: &Option<Snapshot>, after: Option<Snapshot>) -> Result<()> {
        self.refresh_facts(kind, id, [before, &after])?;
        let live = after.filter(|s| s.deleted_at.is_none());
        for_kind!(kind, T => {
            let record: Option<T> = live.map(|s| serde_json::from_value(s.data)).transpose()?;
            derive(&self.tx, id, record.as_ref())
        })
    }

    /// Refreshes the ledger's facts of the visits a change touched: the visit a record counted
    /// in before the change and the one it counts in after (a posting can move).
    fn refresh_facts(&self, kind: Kind, id: &Id, states: [&Option<Snapshot>; 2]) -> Result<()> {
        let mut visits: Vec<Id> =
            states.into_iter().flatten().filter_map(|s| facts::visit_of(kind, id, &s.data)).collect();
        visits.dedup();
        for visit in &visits {
            facts::refresh(&self.tx, visit)?;
        }
        Ok(())
    }

    /// The history row of one change, made here. In a team's store it is also what the
    /// record's document catches up from, off the user's save (`team::catch_up`).
    fn log(&self, kind: Kind, id: &Id, op: &str, before: &Option<Snapshot>, after: &Option<Snapshot>) -> Result<()> {
        self.history(kind, id, op, before, after, (self.actor, &self.batch, None))
    }

    /// The history row of a change by `by` in `batch`.
    fn history(
        &self,
        kind: Kind,
        id: &Id,
        op: &str,
        before: &Option<Snapshot>,
        after: &Option<Snapshot>,
        (by, batch, device): (&Id, &Id, Option<&Id>),
    ) -> Result<()> {
        let json = |s: &Option<Snapshot>| s.as_ref().map(serde_json::to_string).transpose();
        self.tx
            .prepare_cached(
                "INSERT INTO history (id, batch, kind, record_id, op, before, after, at, by, device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.ids.next(),
                batch,
                kind.as_str(),
                id,
                op,
                json(before)?,
                json(after)?,
                self.at,
                by,
                device
            ])?;
        Ok(())
    }

    /// Writes a record as a merge from another laptop left it (`team::import`): the row, a
    /// history row by `by` on `device` (the change's author, so nobody here undoes it by
    /// mistake) in `batch`, the ledger's facts and the derived tables, as a local change does.
    /// Rights were checked against the author, and the document is already saved.
    pub(crate) fn apply_remote(
        &self,
        kind: Kind,
        id: &Id,
        after: Snapshot,
        (by, device): (&Id, &Id),
        batch: &Id,
    ) -> Result<()> {
        let before = snapshot(&self.tx, kind, id)?;
        if before.as_ref() == Some(&after) {
            return Ok(());
        }
        let table = kind.table();
        let data = after.data.to_string();
        let op = match &before {
            None => {
                let sql = format!(
                    "INSERT INTO {table} (id, data, created_at, updated_at, created_by, updated_by, deleted_at)
                     VALUES (?1, ?2, ?3, ?3, ?4, ?4, ?5)"
                );
                self.tx.prepare_cached(&sql)?.execute(params![id, data, self.at, by, after.deleted_at])?;
                "create"
            }
            Some(was) => {
                let sql = format!(
                    "UPDATE {table} SET data = ?2, updated_at = ?3, updated_by = ?4, deleted_at = ?5 WHERE id = ?1"
                );
                self.tx.prepare_cached(&sql)?.execute(params![id, data, self.at, by, after.deleted_at])?;
                match (was.deleted_at.is_some(), after.deleted_at.is_some()) {
                    (false, true) => "delete",
                    (true, false) => "restore",
                    _ => "update",
                }
            }
        };
        let after = Some(after);
        self.history(kind, id, op, &before, &after, (by, batch, Some(device)))?;
        self.refresh_derived(kind, id, &before, after)
    }
}

/// Keeps the tables derived from a record in step with it: the search index always, the
/// participants of a visit and the folded name of an employer.
fn derive<T: Record>(conn: &Connection, id: &Id, record: Option<&T>) -> Result<()> {
    crate::search::index(conn, T::KIND, id, record.map(Record::search_text).as_deref())?;
    let any: Option<&dyn std::any::Any> = record.map(|r| r as &dyn std::any::Any);
    match T::KIND {
        Kind::Visit => {
            conn.prepare_cached("DELETE FROM visit_people WHERE visit_id = ?1")?.execute([id])?;
            if let Some(visit) = any.and_then(|a| a.downcast_ref::<model::Visit>()) {
                // The visit's employer, status and start as its row has them (generated
                // columns), so the copies cannot differ from what the visit query reads.
                let mut insert = conn.prepare_cached(
                    "INSERT INTO visit_people (person_id, visit_id, employer_id, status, starts_at)
                     SELECT ?1, id, employer_id, status, starts_at FROM visits WHERE id = ?2",
                )?;
                for person in visit.everyone() {
                    insert.execute(params![person, id])?;
                }
            }
        }
        Kind::Campaign => {
            let campaign = any.and_then(|a| a.downcast_ref::<model::Campaign>());
            super::totals::refresh_window(conn, id, campaign)?;
        }
        Kind::Employer => {
            conn.prepare_cached("DELETE FROM employer_names WHERE employer_id = ?1")?.execute([id])?;
            if let Some(employer) = any.and_then(|a| a.downcast_ref::<model::Employer>()) {
                conn.prepare_cached("INSERT INTO employer_names (employer_id, name_key) VALUES (?1, ?2)")?
                    .execute(params![id, model::validate::name_key(&employer.name)])?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn history(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap()
    }

    /// Every unlock opens the current campaign and the session of the person unlocking, so
    /// neither may go to the trash: the delete is refused, changes nothing, and the store
    /// still unlocks.
    #[test]
    fn campaigns_and_people_stay_out_of_the_trash() {
        let (dir, mut store) = new_store();
        let me = store.actor().clone();
        let campaign = list::<model::Campaign>(store.conn(), "1", "id", []).unwrap().remove(0).id;
        let before = history(store.conn());
        for (kind, id) in [(Kind::Campaign, &campaign), (Kind::Person, &me)] {
            let refused = store.write(at(2022, 3, 1), |tx| tx.delete(kind, id)).unwrap_err();
            assert_eq!(refused.code(), "record.not_deletable", "{kind:?}");
        }
        assert_eq!(history(store.conn()), before);
        assert!(trash(store.conn()).unwrap().is_empty());
        drop(store);
        let (_, session) = crate::session::unlock(dir.path(), &me, PASSPHRASE, at(2022, 3, 2)).unwrap();
        assert_eq!((session.campaign.id, session.person.id), (campaign, me));
    }

    /// The cascade to the trash comes from the parents each kind declares: these records go
    /// with an employer and with a visit, a person's devices with them (`remove_person`), and
    /// none with a record of another kind.
    #[test]
    fn dependents_are_the_records_that_declare_the_parent() {
        let sorted = |kind: Kind| {
            let mut d: Vec<(&str, &str)> = dependents(kind).into_iter().map(|(k, c)| (k.as_str(), c)).collect();
            d.sort();
            d
        };
        let employer = [
            "attachment",
            "contact",
            "contact_plan",
            "internship_base",
            "job_posting",
            "note",
            "recruitment_event",
            "task",
            "visit",
        ];
        assert_eq!(sorted(Kind::Employer), employer.map(|k| (k, "employer_id")));
        let visit = [
            "attachment",
            "demand_survey",
            "followup_survey",
            "internship_base",
            "job_posting",
            "note",
            "recruitment_event",
            "task",
        ];
        assert_eq!(sorted(Kind::Visit), visit.map(|k| (k, "visit_id")));
        assert_eq!(sorted(Kind::Person), [("device", "person_id")]);
        // A posting's, a base's and an event's attachments go with them, and a posting's and
        // an event's records of being shared with the paired school.
        assert_eq!(sorted(Kind::JobPosting), [("attachment", "job_posting_id"), ("job_share", "job_posting_id")]);
        assert_eq!(sorted(Kind::InternshipBase), [("attachment", "internship_base_id")]);
        assert_eq!(
            sorted(Kind::RecruitmentEvent),
            [("attachment", "recruitment_event_id"), ("job_share", "recruitment_event_id")]
        );
        // A paired school's shares and shared jobs go with it.
        assert_eq!(sorted(Kind::PairedSchool), [("job_share", "paired_school_id"), ("shared_job", "paired_school_id")]);
        let parents = [
            Kind::Employer,
            Kind::Visit,
            Kind::Person,
            Kind::JobPosting,
            Kind::InternshipBase,
            Kind::RecruitmentEvent,
            Kind::PairedSchool,
        ];
        for kind in Kind::ALL.iter().filter(|k| !parents.contains(k)) {
            assert_eq!(sorted(*kind), [], "{kind:?}");
        }
    }

    /// A declared parent is a column of the record's table (generated from its data), so the
    /// cascade's query can find the records that belong to it.
    #[test]
    fn declared_parents_are_columns() {
        let (_dir, store) = new_store();
        for &kind in Kind::ALL {
            for &parent in Kind::ALL {
                if let Some(column) = kind.parent_column(parent) {
                    let sql = format!("SELECT {column} FROM {} WHERE {column} = ?1", kind.table());
                    assert!(store.conn().prepare(&sql).is_ok(), "{sql}");
                }
            }
        }
    }
}
