//! A record's history as a person reads it: each change, who made it, when, on which laptop
//! when it came from another one (issue 16), and which of the record's fields it changed.
use crate::error::{Result, StoreError};
use crate::ids::Id;
use crate::model::{Kind, choice};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

choice!(
    /// What a change did to the record.
    HistoryOp {
        Create = "create",
        Update = "update",
        Delete = "delete",
        Restore = "restore",
        Undo = "undo",
    }
);

/// One change of a record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub op: HistoryOp,
    pub by: Id,
    /// The person's name, if they are still in the store.
    pub by_name: Option<String>,
    /// The laptop the change was made on, when it came from another one (`None`: this one).
    pub device: Option<Id>,
    pub device_name: Option<String>,
    /// The fields it changed (the record's own keys whose values differ), in order.
    pub fields: Vec<String>,
}

/// The changes of the record `id` of `kind`, newest first.
pub fn of_record(conn: &Connection, kind: Kind, id: &Id) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.at, h.op, h.by, p.data ->> 'name', h.device, d.data ->> 'name', h.before, h.after
         FROM history h LEFT JOIN people p ON p.id = h.by LEFT JOIN devices d ON d.id = h.device
         WHERE h.kind = ?1 AND h.record_id = ?2 ORDER BY h.seq DESC",
    )?;
    let rows = stmt.query_map(rusqlite::params![kind.as_str(), id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Id>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<Id>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (at, op, by, by_name, device, device_name, before, after) = row?;
        let op = HistoryOp::parse(&op).ok_or_else(|| StoreError::Damaged(format!("history op {op}")))?;
        out.push(HistoryEntry { at, op, by, by_name, device, device_name, fields: changed(before, after)? });
    }
    Ok(out)
}

/// The keys of the record's data whose values differ between two snapshots (as history keeps
/// them: `{data, deleted_at}`).
fn changed(before: Option<String>, after: Option<String>) -> Result<Vec<String>> {
    let data = |s: Option<String>| -> Result<serde_json::Map<String, Value>> {
        let snap: Value = s.map(|s| serde_json::from_str(&s)).transpose()?.unwrap_or(Value::Null);
        Ok(snap.get("data").and_then(Value::as_object).cloned().unwrap_or_default())
    };
    let (before, after) = (data(before)?, data(after)?);
    let mut keys: Vec<String> =
        before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).cloned().collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Visit;
    use crate::store::records;
    use crate::testing::*;

    #[test]
    fn a_record_tells_each_change_who_made_it_and_what_it_changed() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let id = store
            .write(at(2022, 3, 1), |tx| {
                let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?.id;
                Ok(tx.insert(visit(&e, &me, at(2022, 3, 10)))?.id)
            })
            .unwrap();
        let mut v = records::get::<Visit>(store.conn(), &id).unwrap().data;
        v.objectives = "谈共建基地".into();
        v.guests = "校友会".into();
        store.write(at(2022, 3, 2), |tx| tx.update(&id, v).map(drop)).unwrap();
        store.write(at(2022, 3, 3), |tx| tx.delete(Kind::Visit, &id).map(drop)).unwrap();
        let changes = of_record(store.conn(), Kind::Visit, &id).unwrap();
        let ops: Vec<HistoryOp> = changes.iter().map(|c| c.op).collect();
        assert_eq!(ops, [HistoryOp::Delete, HistoryOp::Update, HistoryOp::Create]);
        assert_eq!(changes[1].fields, ["guests", "objectives"]);
        assert!(changes[0].fields.is_empty(), "a delete changes no field");
        assert_eq!((changes[1].by.clone(), changes[1].by_name.as_deref()), (me, Some("王书记")));
        assert_eq!(changes[1].device, None, "made on this laptop");
    }
}
