//! The ledger's derived table `visit_facts`: one row per live visit with what it counts for,
//! its own outcome and what its job postings, internship bases and surveys add (schema 4).
//! It is refreshed in the transaction of every write that can change it, so `ledger` reads
//! it instead of joining records; nothing else writes it.
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Facts, Kind};
use rusqlite::Connection;
use serde_json::Value;

/// The facts of the live visits chosen by `{which}` (a condition on `v`), computed from the
/// records as they are. The one definition of what a visit contributes to the ledger.
const FACTS: &str = "INSERT INTO visit_facts (
        status, employer_id, starts_at, visit_id, channel, recruitment, postings, headcount, bases,
        demand_surveys, followups, moral_sum, literacy_sum, ability_sum, awaiting,
        postings_published, postings_filled, postings_closed, hired, bases_signed, bases_unveiled, bases_expired)
    SELECT v.status, v.employer_id, v.starts_at, v.id,
        coalesce(v.data ->> '$.outcome.channel_established', 0),
        coalesce(v.data ->> '$.outcome.recruitment_agreed', 0),
        (SELECT count(*) FROM job_postings x WHERE x.visit_id = v.id AND x.deleted_at IS NULL),
        (SELECT coalesce(sum(x.data ->> 'headcount'), 0) FROM job_postings x
            WHERE x.visit_id = v.id AND x.deleted_at IS NULL),
        (SELECT count(*) FROM internship_bases b WHERE b.visit_id = v.id AND b.deleted_at IS NULL),
        (SELECT count(*) FROM demand_surveys d WHERE d.visit_id = v.id AND d.deleted_at IS NULL),
        (SELECT count(*) FROM followup_surveys f WHERE f.visit_id = v.id AND f.deleted_at IS NULL),
        (SELECT coalesce(sum(f.data ->> 'satisfaction_moral'), 0) FROM followup_surveys f
            WHERE f.visit_id = v.id AND f.deleted_at IS NULL),
        (SELECT coalesce(sum(f.data ->> 'satisfaction_literacy'), 0) FROM followup_surveys f
            WHERE f.visit_id = v.id AND f.deleted_at IS NULL),
        (SELECT coalesce(sum(f.data ->> 'satisfaction_ability'), 0) FROM followup_surveys f
            WHERE f.visit_id = v.id AND f.deleted_at IS NULL),
        -- `Visit::awaiting_confirmation`
        coalesce(v.status = 'completed' AND v.data ->> 'completed_by' <> v.data ->> 'lead_id'
            AND v.data ->> 'confirmed_by' IS NULL, 0),
        (SELECT count(*) FROM job_postings x
            WHERE x.visit_id = v.id AND x.deleted_at IS NULL AND x.data ->> 'stage' = 'published'),
        (SELECT count(*) FROM job_postings x
            WHERE x.visit_id = v.id AND x.deleted_at IS NULL AND x.data ->> 'stage' = 'filled'),
        (SELECT count(*) FROM job_postings x
            WHERE x.visit_id = v.id AND x.deleted_at IS NULL AND x.data ->> 'stage' = 'closed'),
        (SELECT coalesce(sum(x.data ->> 'hired'), 0) FROM job_postings x
            WHERE x.visit_id = v.id AND x.deleted_at IS NULL),
        (SELECT count(*) FROM internship_bases b
            WHERE b.visit_id = v.id AND b.deleted_at IS NULL AND b.data ->> 'status' = 'signed'),
        (SELECT count(*) FROM internship_bases b
            WHERE b.visit_id = v.id AND b.deleted_at IS NULL AND b.data ->> 'status' = 'unveiled'),
        (SELECT count(*) FROM internship_bases b
            WHERE b.visit_id = v.id AND b.deleted_at IS NULL AND b.data ->> 'status' = 'expired')
    FROM visits v
    WHERE v.deleted_at IS NULL AND {which}";

/// Recomputes the facts of one visit (removing them if it is not live).
pub(crate) fn refresh(conn: &Connection, visit_id: &Id) -> Result<()> {
    conn.prepare_cached("DELETE FROM visit_facts WHERE visit_id = ?1")?.execute([visit_id])?;
    conn.prepare_cached(&FACTS.replace("{which}", "v.id = ?1"))?.execute([visit_id])?;
    Ok(())
}

/// Recomputes every visit's facts (the migration that made the table).
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM visit_facts", [])?;
    conn.execute(&FACTS.replace("{which}", "1"), [])?;
    Ok(())
}

/// The visit whose facts a record of `kind` with `data` counts in, as its kind declares
/// ([`Record::FACTS`]): a visit itself, or the visit a posting, base or survey was obtained on.
///
/// [`Record::FACTS`]: crate::model::Record::FACTS
pub(crate) fn visit_of(kind: Kind, id: &Id, data: &Value) -> Option<Id> {
    match kind.facts() {
        Facts::Nothing => None,
        Facts::Row => Some(id.clone()),
        Facts::ToItsVisit => data.get(kind.parent_column(Kind::Visit)?).and_then(Value::as_str).and_then(Id::parse),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::model::{JobPosting, Visit, VisitStatus};
    use crate::store::records;
    use crate::testing::*;

    fn table(conn: &Connection) -> Vec<String> {
        conn.prepare(
            "SELECT json_array(status, employer_id, starts_at, visit_id, channel, recruitment, postings, headcount,
                               bases, demand_surveys, followups, moral_sum, literacy_sum, ability_sum, awaiting,
                               postings_published, postings_filled, postings_closed, hired, bases_signed,
                               bases_unveiled, bases_expired)
             FROM visit_facts ORDER BY visit_id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// The kinds declared to add to the facts are those whose tables the query reads, and each
    /// that adds to a visit's row declares that visit as its parent.
    #[test]
    fn the_query_reads_the_kinds_that_add_to_the_facts() {
        for &kind in Kind::ALL {
            let read = FACTS.contains(&format!("FROM {} ", kind.table()));
            assert_eq!(read, kind.facts() != Facts::Nothing, "{kind:?}");
            if kind.facts() == Facts::ToItsVisit {
                assert!(kind.parent_column(Kind::Visit).is_some(), "{kind:?}");
            }
        }
    }

    /// Whatever writes happen (a cascade to the trash, a posting moved between visits, a visit
    /// completed, a survey added, an undo), the facts kept are those computed afresh.
    #[test]
    fn kept_in_step_with_every_write() {
        let (_dir, mut store) = new_store();
        let now = at(2022, 6, 15);
        demo::fill(&mut store, demo::Size::Small, 3, now).unwrap();
        let conn = store.conn();
        let postings = records::list::<JobPosting>(conn, "visit_id IS NOT NULL", "id", []).unwrap();
        let (moved, from_visit) = (&postings[0], postings[0].data.visit_id.clone().unwrap());
        let to_visit: Id = conn
            .query_row(
                "SELECT id FROM visits WHERE status = 'completed' AND employer_id = ?1 AND id <> ?2 LIMIT 1",
                [&moved.data.employer_id, &from_visit],
                |r| r.get(0),
            )
            .unwrap();
        let planned = records::list::<Visit>(conn, "status = 'planned'", "id", []).unwrap()[0].clone();
        let trashed: Id = conn
            .query_row(
                "SELECT employer_id FROM visit_facts WHERE postings > 0 AND employer_id <> ?1 LIMIT 1",
                [&moved.data.employer_id],
                |r| r.get(0),
            )
            .unwrap();
        store
            .write(now, |tx| {
                tx.update(&moved.id, JobPosting { visit_id: Some(to_visit.clone()), ..moved.data.clone() })?;
                // Recorded by the admin, not by its leader: it waits for a confirmation.
                let recorded = Visit { completed_by: Some(tx.actor().clone()), ..completed(planned.data.clone()) };
                tx.update(&planned.id, recorded)?;
                tx.insert(followup(&planned.id, 5, 4, 3))?;
                Ok(())
            })
            .unwrap();
        store.write(now, |tx| tx.delete(Kind::Employer, &trashed).map(drop)).unwrap();
        let after_delete = table(store.conn());
        store.write(now, |tx| tx.undo_last().map(drop)).unwrap();
        let kept = table(store.conn());

        assert_ne!(after_delete, kept, "the trashed employer's visits left the facts and came back");
        let conn = store.conn();
        let status: String =
            conn.query_row("SELECT status FROM visit_facts WHERE visit_id = ?1", [&planned.id], |r| r.get(0)).unwrap();
        assert_eq!(status, VisitStatus::Completed.as_str());
        let followups: i64 = conn
            .query_row("SELECT followups FROM visit_facts WHERE visit_id = ?1", [&planned.id], |r| r.get(0))
            .unwrap();
        assert_eq!(followups, 1);
        let awaiting = |conn: &Connection| -> i64 {
            conn.query_row("SELECT awaiting FROM visit_facts WHERE visit_id = ?1", [&planned.id], |r| r.get(0)).unwrap()
        };
        assert_ne!(planned.data.lead_id, *store.actor());
        assert_eq!(awaiting(conn), 1);
        super::super::totals::assert_in_step(conn);
        rebuild(conn).unwrap();
        assert_eq!(table(conn), kept);
        store.write(now, |tx| crate::visits::confirm(tx, &planned.id).map(drop)).unwrap();
        let conn = store.conn();
        assert_eq!(awaiting(conn), 0);
        super::super::totals::assert_in_step(conn);
        let kept = table(conn);
        rebuild(conn).unwrap();
        assert_eq!(table(conn), kept);
    }
}
