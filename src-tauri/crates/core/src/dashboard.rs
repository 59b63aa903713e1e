//! The dashboard: progress against the targets, this week's planned visits, overdue tasks.
use crate::error::Result;
use crate::ledger::{self, Figures};
use crate::model::VisitStatus;
use crate::tasks::{self, TaskRow};
use crate::visits::{self, VisitRow};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    /// The current campaign's figures over its whole window.
    pub figures: Figures,
    /// The first [`LIST_LIMIT`] planned visits from Monday 00:00 to next Monday, in the
    /// campaign's zone.
    pub this_week: Vec<VisitRow>,
    /// How many visits are planned this week (the list shows the first of them).
    pub this_week_total: u32,
    /// The first [`LIST_LIMIT`] open tasks due before today, by due date (all of them are
    /// counted in `figures.overdue_tasks`).
    pub overdue: Vec<TaskRow>,
}

/// The most rows each of the dashboard's lists shows; the calendar and the task list have all.
pub const LIST_LIMIT: u32 = 20;

/// The week holding `date` (Monday to Monday, in `zone`) as a half-open range of instants.
pub fn week_of(date: NaiveDate, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
    let next = monday + Days::new(7);
    (ledger::start_of_day(monday, zone), ledger::start_of_day(next, zone))
}

pub fn build(conn: &Connection, now: DateTime<Utc>) -> Result<Dashboard> {
    let today = ledger::today(conn, now)?;
    let (from, to) = week_of(today.date, today.zone);
    Ok(Dashboard {
        figures: ledger::figures(conn, Some(&today.campaign.id), None, today.date)?,
        this_week: visits::rows_with_status(conn, from, to, VisitStatus::Planned, LIST_LIMIT)?,
        this_week_total: ledger::count_visits(conn, from, to, VisitStatus::Planned)?,
        overdue: tasks::overdue(conn, today.date, LIST_LIMIT)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::testing::*;
    use chrono::TimeZone;

    #[test]
    fn weeks_run_monday_to_monday_in_the_campaign_zone() {
        let shanghai = chrono_tz::Asia::Shanghai;
        // 2022-03-16 is a Wednesday; Monday 00:00 in Beijing is Sunday 16:00 UTC.
        let (from, to) = week_of(day(2022, 3, 16), shanghai);
        assert_eq!(from, Utc.with_ymd_and_hms(2022, 3, 13, 16, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2022, 3, 20, 16, 0, 0).unwrap());
        // A Monday is its own week's start; a Sunday belongs to the week before.
        assert_eq!(week_of(day(2022, 3, 14), shanghai).0, from);
        assert_eq!(week_of(day(2022, 3, 20), shanghai).0, from);
        // Local midnights: in New York, after the switch to summer time, Monday starts at 04:00 UTC …
        let (from, to) = week_of(day(2022, 3, 16), chrono_tz::America::New_York);
        assert_eq!(from, Utc.with_ymd_and_hms(2022, 3, 14, 4, 0, 0).unwrap());
        assert_eq!((to - from).num_hours(), 7 * 24);
        // … and the week holding the switch (Sunday 2022-03-13) is an hour short.
        let (from, to) = week_of(day(2022, 3, 9), chrono_tz::America::New_York);
        assert_eq!((to - from).num_hours(), 7 * 24 - 1);
    }

    #[test]
    fn today_is_the_date_in_the_campaigns_zone() {
        let (_dir, mut store) = new_store();
        let campaign = ledger::today(store.conn(), at(2022, 3, 16)).unwrap().campaign;
        // 03:00 UTC on the 16th: already the 16th in Beijing, still the 15th in New York.
        let now = Utc.with_ymd_and_hms(2022, 3, 16, 3, 0, 0).unwrap();
        assert_eq!(ledger::today(store.conn(), now).unwrap().date, day(2022, 3, 16));
        let ny = crate::model::Campaign { time_zone: "America/New_York".into(), ..campaign.data };
        store.write(now, |tx| tx.update(&campaign.id, ny)).unwrap();
        let today = ledger::today(store.conn(), now).unwrap();
        assert_eq!((today.date, today.zone), (day(2022, 3, 15), chrono_tz::America::New_York));
        assert_eq!(build(store.conn(), now).unwrap().figures.today, day(2022, 3, 15));
    }

    #[test]
    fn the_dashboard_shows_this_weeks_plans_and_overdue_tasks() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        store
            .write(at(2022, 3, 1), |tx| {
                let acme = tx.insert(employer("苏州精密制造有限公司"))?;
                // Last Sunday evening, this Monday morning, this Sunday evening, next Monday.
                for start in [
                    Utc.with_ymd_and_hms(2022, 3, 13, 12, 0, 0).unwrap(),
                    Utc.with_ymd_and_hms(2022, 3, 14, 1, 0, 0).unwrap(),
                    Utc.with_ymd_and_hms(2022, 3, 20, 12, 0, 0).unwrap(),
                    Utc.with_ymd_and_hms(2022, 3, 21, 1, 0, 0).unwrap(),
                ] {
                    tx.insert(visit(&acme.id, &me, start))?;
                }
                // Completed this week: not a plan any more.
                let mut done = visit(&acme.id, &me, at(2022, 3, 15));
                done.status = VisitStatus::Completed;
                done.actual_start = Some(done.planned_start);
                done.actual_end = Some(done.planned_end);
                tx.insert(done)?;
                tx.insert(task("寄送材料", day(2022, 3, 15), &me, Some(&acme.id), None))?;
                tx.insert(task("今天到期", day(2022, 3, 16), &me, None, None))?;
                tx.insert(Task {
                    done_on: Some(day(2022, 3, 2)), ..task("已完成", day(2022, 3, 3), &me, None, None)
                })?;
                Ok(())
            })
            .unwrap();
        // Wednesday 2022-03-16, 01:00 in Beijing (still Tuesday in UTC).
        let now = Utc.with_ymd_and_hms(2022, 3, 15, 17, 0, 0).unwrap();
        let d = build(store.conn(), now).unwrap();
        assert_eq!(d.figures.today, day(2022, 3, 16));
        assert_eq!(d.figures.visits_completed, 1);
        let starts: Vec<_> = d.this_week.iter().map(|r| r.visit.data.planned_start).collect();
        assert_eq!(
            starts,
            [Utc.with_ymd_and_hms(2022, 3, 14, 1, 0, 0).unwrap(), Utc.with_ymd_and_hms(2022, 3, 20, 12, 0, 0).unwrap()]
        );
        assert_eq!(d.this_week[0].employer_name, "苏州精密制造有限公司");
        assert_eq!(d.this_week[0].lead_name, "王书记");
        let overdue: Vec<&str> = d.overdue.iter().map(|t| t.task.data.title.as_str()).collect();
        assert_eq!(overdue, ["寄送材料"]);
        assert_eq!(d.figures.overdue_tasks, 1);
    }

    #[test]
    fn long_lists_show_their_first_rows_and_count_them_all() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let n = LIST_LIMIT as usize + 5;
        store
            .write(at(2022, 3, 1), |tx| {
                let acme = tx.insert(employer("苏州精密制造有限公司"))?;
                for i in 0..n {
                    tx.insert(visit(&acme.id, &me, at(2022, 3, 15) + chrono::Duration::minutes(i as i64)))?;
                    tx.insert(task(&format!("事项 {i}"), day(2022, 3, 2), &me, None, None))?;
                }
                Ok(())
            })
            .unwrap();
        let d = build(store.conn(), at(2022, 3, 16)).unwrap();
        assert_eq!(d.this_week.len(), LIST_LIMIT as usize);
        assert_eq!(d.this_week_total as usize, n);
        assert_eq!(d.overdue.len(), LIST_LIMIT as usize);
        assert_eq!(d.figures.overdue_tasks as usize, n);
        // The first ones, in order.
        assert_eq!(d.this_week[0].visit.data.planned_start, at(2022, 3, 15));
    }
}
