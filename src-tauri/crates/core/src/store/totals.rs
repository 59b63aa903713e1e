//! The ledger's running totals (schema 10): what the facts of each campaign's window add up
//! to, for the team (`ledger_windows`) and per person (`ledger_people`), so the dashboard reads
//! a handful of rows instead of walking every visit's facts.
//!
//! Triggers on `visit_facts` and `visit_people` add a row's share when it is inserted and take
//! it away when it is deleted. Those two tables are only ever written by deleting and inserting
//! rows (`facts::refresh`, `records::derive`), in the transaction of the write that changed the
//! records, whatever made it: a save, an undo, a restore, a team bundle applied. So the totals
//! are in step with every write without any of them knowing. A campaign's row is made, or made
//! again, when the campaign is written with another window (`refresh_window`).
//!
//! Why per window, not per day: the ledger counts *distinct* employers, which do not add up
//! over days, and a day's bounds depend on the campaign's zone, which SQL cannot convert. A
//! window is two instants; whether a visit falls in it is a comparison, and whether its
//! employer is new to it is one probe of the facts' own key. Other periods (a week, a month)
//! are read from the facts as before (`ledger::figures`).
use crate::error::Result;
use crate::ids::Id;
use crate::ledger::{Period, zone_of};
use crate::model::Campaign;
use rusqlite::{Connection, OptionalExtension, params};

/// The sums a completed visit's facts add to its window, as `column = column + share`.
const SUMS: &[(&str, &str)] = &[
    ("awaiting", "awaiting"),
    ("channels", "channel"),
    ("sessions", "recruitment"),
    ("postings", "postings"),
    ("headcount", "headcount"),
    ("bases", "bases"),
    ("demand_surveys", "demand_surveys"),
    ("followups", "followups"),
    ("moral_sum", "moral_sum"),
    ("literacy_sum", "literacy_sum"),
    ("ability_sum", "ability_sum"),
    ("postings_published", "postings_published"),
    ("postings_filled", "postings_filled"),
    ("postings_closed", "postings_closed"),
    ("hired", "hired"),
    ("bases_signed", "bases_signed"),
    ("bases_unveiled", "bases_unveiled"),
    ("bases_expired", "bases_expired"),
];

/// The triggers that keep the totals: a row inserted (`NEW`, +1) adds its share, a row deleted
/// (`OLD`, -1) takes it away. One template for both, so the two cannot drift apart.
fn triggers() -> String {
    let mut sql = String::new();
    for (event, row, sign) in [("INSERT", "NEW", "1"), ("DELETE", "OLD", "-1")] {
        let done = format!("({row}.status = 'completed')");
        let sums: String = SUMS
            .iter()
            .map(|(total, fact)| format!(",\n        {total} = {total} + {sign} * {done} * {row}.{fact}"))
            .collect();
        sql.push_str(&format!(
            "CREATE TRIGGER ledger_windows_{event} AFTER {event} ON visit_facts BEGIN
    UPDATE ledger_windows SET
        planned = planned + {sign} * ({row}.status = 'planned'),
        cancelled = cancelled + {sign} * ({row}.status = 'cancelled'),
        completed = completed + {sign} * {done},
        -- The employer's first completed visit in the window, or its last one gone.
        employers = employers + {sign} * ({done} AND NOT EXISTS (
            SELECT 1 FROM visit_facts f WHERE f.status = 'completed' AND f.employer_id = {row}.employer_id
            AND f.starts_at >= from_at AND f.starts_at < to_at AND f.visit_id <> {row}.visit_id)){sums}
    WHERE {row}.starts_at >= from_at AND {row}.starts_at < to_at;
END;
CREATE TRIGGER ledger_people_{event} AFTER {event} ON visit_people
WHEN {row}.status IN ('completed', 'planned') BEGIN
    INSERT INTO ledger_people (campaign_id, person_id, completed, planned, employers)
    SELECT w.campaign_id, {row}.person_id, {sign} * {done}, {sign} * ({row}.status = 'planned'),
        {sign} * ({done} AND NOT EXISTS (
            SELECT 1 FROM visit_people p WHERE p.status = 'completed' AND p.person_id = {row}.person_id
            AND p.employer_id = {row}.employer_id AND p.starts_at >= w.from_at AND p.starts_at < w.to_at
            AND p.visit_id <> {row}.visit_id))
    FROM ledger_windows w WHERE {row}.starts_at >= w.from_at AND {row}.starts_at < w.to_at
    ON CONFLICT (campaign_id, person_id) DO UPDATE SET completed = completed + excluded.completed,
        planned = planned + excluded.planned, employers = employers + excluded.employers;
END;
"
        ));
    }
    sql
}

/// The triggers, and the totals of every campaign's window (schema 10's first contents, made
/// again by schema 12).
pub(crate) fn install(conn: &Connection) -> Result<()> {
    conn.execute_batch(&triggers())?;
    let campaigns = crate::store::records::list::<Campaign>(conn, "1", "id", [])?;
    for c in campaigns {
        refresh_window(conn, &c.id, Some(&c.data))?;
    }
    Ok(())
}

/// The window of `campaign` as the ledger reads it: its days as instants in its zone.
pub(crate) fn window_of(campaign: &Campaign) -> Result<(String, String)> {
    Ok(Period::new(campaign.starts_on, campaign.ends_on)?.instants(zone_of(campaign)))
}

/// After a campaign is written (`None`: it went to the trash): its totals, counted afresh from
/// the facts when its window moved. Any other change (a target, the name) leaves them be.
pub(crate) fn refresh_window(conn: &Connection, id: &Id, campaign: Option<&Campaign>) -> Result<()> {
    let window = campaign.map(window_of).transpose()?;
    let kept: Option<(String, String)> = conn
        .prepare_cached("SELECT from_at, to_at FROM ledger_windows WHERE campaign_id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if kept == window {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM ledger_windows WHERE campaign_id = ?1")?.execute([id])?;
    conn.prepare_cached("DELETE FROM ledger_people WHERE campaign_id = ?1")?.execute([id])?;
    let Some((from, to)) = window else { return Ok(()) };
    let sums: String = SUMS
        .iter()
        .map(|(_, fact)| format!(", coalesce(sum({fact}) FILTER (WHERE status = 'completed'), 0)"))
        .collect();
    let columns: String = SUMS.iter().map(|(total, _)| format!(", {total}")).collect();
    conn.execute(
        &format!(
            "INSERT INTO ledger_windows (campaign_id, from_at, to_at, planned, cancelled, completed, employers{columns})
             SELECT ?1, ?2, ?3, count(*) FILTER (WHERE status = 'planned'), count(*) FILTER (WHERE status = 'cancelled'),
                 count(*) FILTER (WHERE status = 'completed'),
                 count(DISTINCT employer_id) FILTER (WHERE status = 'completed'){sums}
             FROM visit_facts WHERE starts_at >= ?2 AND starts_at < ?3"
        ),
        params![id, from, to],
    )?;
    conn.execute(
        "INSERT INTO ledger_people (campaign_id, person_id, completed, planned, employers)
         SELECT ?1, person_id, count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'planned'),
             count(DISTINCT employer_id) FILTER (WHERE status = 'completed')
         FROM visit_people WHERE status IN ('completed', 'planned') AND starts_at >= ?2 AND starts_at < ?3
         GROUP BY person_id",
        params![id, from, to],
    )?;
    Ok(())
}

/// Panics unless the totals kept are those counted afresh from the facts (the tests of every
/// kind of write call it: `facts`, `team`).
#[cfg(test)]
pub(crate) fn assert_in_step(conn: &Connection) {
    let sums: String = SUMS.iter().map(|(total, _)| format!(", {total}")).collect();
    let read = |conn: &Connection| -> Vec<String> {
        let sql = format!(
            "SELECT * FROM (SELECT json_array(campaign_id, from_at, to_at, planned, cancelled, completed, employers{sums})
                            FROM ledger_windows ORDER BY campaign_id)
             UNION ALL
             SELECT * FROM (SELECT json_array(campaign_id, person_id, completed, planned, employers) FROM ledger_people
                            WHERE completed <> 0 OR planned <> 0 OR employers <> 0 ORDER BY campaign_id, person_id)"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    };
    let kept = read(conn);
    conn.execute_batch("SAVEPOINT recount; DELETE FROM ledger_windows; DELETE FROM ledger_people;").unwrap();
    for c in crate::store::records::list::<Campaign>(conn, "deleted_at IS NULL", "id", []).unwrap() {
        refresh_window(conn, &c.id, Some(&c.data)).unwrap();
    }
    let counted = read(conn);
    conn.execute_batch("ROLLBACK TO recount; RELEASE recount;").unwrap();
    assert!(!counted.is_empty());
    assert_eq!(kept, counted);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    /// A campaign moved to other days is counted afresh; a change that keeps its days (a
    /// target) leaves its totals as they are.
    #[test]
    fn a_campaign_moved_is_counted_afresh() {
        let (_dir, mut store) = new_store();
        let now = at(2022, 6, 15);
        crate::demo::fill(&mut store, crate::demo::Size::Small, 3, now).unwrap();
        let campaign = crate::ledger::current_campaign(store.conn(), now.date_naive()).unwrap();
        let completed = |conn: &Connection| -> i64 {
            conn.query_row("SELECT completed FROM ledger_windows WHERE campaign_id = ?1", [&campaign.id], |r| r.get(0))
                .unwrap()
        };
        let whole = completed(store.conn());
        let shorter = Campaign { ends_on: day(2022, 4, 30), ..campaign.data.clone() };
        store.write(now, |tx| tx.update(&campaign.id, shorter)).unwrap();
        assert_in_step(store.conn());
        let april = completed(store.conn());
        assert!(0 < april && april < whole, "{april} of {whole}");
        // Poisoned on purpose: a write that keeps the days must not count afresh.
        store.conn().execute("UPDATE ledger_windows SET completed = -1", []).unwrap();
        let target = Campaign { target_per_principal: 120, ends_on: day(2022, 4, 30), ..campaign.data.clone() };
        store.write(now, |tx| tx.update(&campaign.id, target)).unwrap();
        assert_eq!(completed(store.conn()), -1);
    }
}
