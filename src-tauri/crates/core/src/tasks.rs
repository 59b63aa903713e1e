//! Follow-up tasks as lists show them: with their owner's and employer's names.
use crate::error::Result;
use crate::model::Task;
use crate::store::records::{Stored, columns, stored_from_row};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskRow {
    pub task: Stored<Task>,
    pub owner_name: String,
    /// The task's employer, or its visit's employer; `None` for a task about neither.
    pub employer_name: Option<String>,
}

/// Tasks by due date (open ones only when `open_only`).
pub fn list(conn: &Connection, open_only: bool) -> Result<Vec<TaskRow>> {
    rows(conn, "?1 = 0 OR t.done_on IS NULL", "", rusqlite::params![open_only])
}

/// The first `limit` open tasks due before `today`, by due date. The ledger counts them all
/// ([`crate::ledger::Figures::overdue_tasks`]).
pub fn overdue(conn: &Connection, today: NaiveDate, limit: u32) -> Result<Vec<TaskRow>> {
    rows(conn, "t.done_on IS NULL AND t.due_on < ?1", "LIMIT ?2", rusqlite::params![today.to_string(), limit])
}

fn rows(conn: &Connection, filter: &str, limit: &str, params: impl rusqlite::Params) -> Result<Vec<TaskRow>> {
    // Names are read even from records in the trash, so a task keeps showing its owner.
    let sql = format!(
        "SELECT {}, coalesce(p.data ->> 'name', ''), e.data ->> 'name'
         FROM tasks t
         LEFT JOIN people p ON p.id = t.owner_id
         LEFT JOIN visits v ON v.id = t.visit_id
         LEFT JOIN employers e ON e.id = coalesce(t.employer_id, v.employer_id)
         WHERE t.deleted_at IS NULL AND ({filter})
         ORDER BY t.due_on, t.id {limit}",
        columns("t")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(TaskRow { task: stored_from_row(r)?, owner_name: r.get(7)?, employer_name: r.get(8)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn tasks_come_with_names_in_due_order() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let acme = store
            .write(at(2022, 3, 10), |tx| {
                let acme = tx.insert(employer("苏州精密制造有限公司"))?;
                let visit = tx.insert(visit(&acme.id, &me, at(2022, 3, 12)))?;
                tx.insert(task("电话回访", day(2022, 3, 20), &me, None, Some(&visit.id)))?;
                tx.insert(task("寄送材料", day(2022, 3, 15), &me, Some(&acme.id), None))?;
                tx.insert(Task {
                    done_on: Some(day(2022, 3, 11)),
                    ..task("已完成", day(2022, 3, 1), &me, None, None)
                })?;
                tx.insert(task("整理台账", day(2022, 3, 18), &me, None, None))?;
                Ok(acme)
            })
            .unwrap();
        let open = list(store.conn(), true).unwrap();
        let titles: Vec<&str> = open.iter().map(|t| t.task.data.title.as_str()).collect();
        assert_eq!(titles, ["寄送材料", "整理台账", "电话回访"]);
        assert_eq!(open[0].owner_name, "王书记");
        assert_eq!(open[0].employer_name.as_deref(), Some("苏州精密制造有限公司"));
        assert_eq!(open[1].employer_name, None);
        // A task about a visit names the visit's employer.
        assert_eq!(open[2].employer_name.as_deref(), Some("苏州精密制造有限公司"));
        assert_eq!(list(store.conn(), false).unwrap().len(), 4);

        let overdue = overdue(store.conn(), day(2022, 3, 19), 10).unwrap();
        let titles: Vec<&str> = overdue.iter().map(|t| t.task.data.title.as_str()).collect();
        assert_eq!(titles, ["寄送材料", "整理台账"]);

        // Deleting the employer takes its tasks (and its visit's tasks) to the trash.
        store.write(at(2022, 3, 21), |tx| tx.delete(crate::model::Kind::Employer, &acme.id)).unwrap();
        let open = list(store.conn(), true).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].task.data.title, "整理台账");
    }
}
