use super::plans::{self, Occurrence};
use super::reminders::{self, Reminder};
use super::trips::{self, Stop};
use super::*;
use crate::model::{ContactPlan, Employer, Frequency, Kind, OccurrenceChange, Role, Task};
use crate::store::Store;
use crate::testing::*;
use chrono::{NaiveTime, TimeZone};

/// Beijing local time on a day of 2022, in UTC.
fn bj(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2022, m, d, h, min, 0).unwrap().with_timezone(&Utc)
}

fn planned(employer: &Id, lead: &Id, start: DateTime<Utc>, hours: i64) -> Visit {
    Visit { planned_end: start + Duration::hours(hours), ..visit(employer, lead, start) }
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    me: Id,
    li: Id,
    a: Id,
    b: Id,
}

/// The 2022 campaign store, with 李校长 and two employers, 甲 (a key employer) and 乙.
fn world() -> World {
    let (dir, mut store) = new_store();
    let me = store.actor().clone();
    let (li, a, b) = store
        .write(at(2022, 3, 1), |tx| {
            let li = tx.insert(person("李校长", Role::President))?;
            let a = tx.insert(Employer { is_key: true, ..employer("甲精密制造有限公司") })?;
            let b = tx.insert(employer("乙新材料有限公司"))?;
            Ok((li.id, a.id, b.id))
        })
        .unwrap();
    World { _dir: dir, store, me, li, a, b }
}

impl World {
    /// Plans a visit as it is, warnings or not.
    fn plan(&mut self, v: Visit) -> Stored<Visit> {
        self.store.write(at(2022, 3, 1), |tx| crate::visits::plan(tx, v)).unwrap()
    }
    fn check(&self, v: &Visit, id: Option<&Id>) -> Vec<Warning> {
        check(self.store.conn(), id, v, at(2022, 3, 1)).unwrap()
    }
    fn range(&self, from: DateTime<Utc>, to: DateTime<Utc>, filter: &Filter) -> Vec<Id> {
        range(self.store.conn(), from, to, filter, MAX_PER_DAY, at(2022, 3, 1))
            .unwrap()
            .events
            .into_iter()
            .map(|e| e.id)
            .collect()
    }
}

#[test]
fn a_participant_in_two_overlapping_visits_is_double_booked() {
    let mut w = world();
    // Tuesday 15 March, 09:00–11:00, led by 王书记 with 李校长.
    let first = w.plan(Visit { participant_ids: vec![w.li.clone()], ..planned(&w.a, &w.me, bj(3, 15, 9, 0), 2) });

    // 李校长 leads another visit at 10:00: booked twice.
    let clash = planned(&w.b, &w.li, bj(3, 15, 10, 0), 1);
    let warnings = w.check(&clash, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    match &warnings[0] {
        Warning::DoubleBooked { person_id, person_name, visit_id, employer_name, starts_at } => {
            assert_eq!((person_id, person_name.as_str(), visit_id), (&w.li, "李校长", &first.id));
            assert_eq!((employer_name.as_str(), *starts_at), ("甲精密制造有限公司", bj(3, 15, 9, 0)));
        }
        other => panic!("expected a double booking, got {other:?}"),
    }

    // Back to back is not a clash; neither is the visit with itself, nor a cancelled visit.
    assert!(w.check(&planned(&w.b, &w.li, bj(3, 15, 11, 0), 1), None).is_empty());
    assert!(w.check(&planned(&w.b, &w.li, bj(3, 15, 8, 0), 1), None).is_empty());
    assert!(w.check(&first.data, Some(&first.id)).is_empty());
    w.store.write(at(2022, 3, 2), |tx| crate::visits::cancel(tx, &first.id, "改期")).unwrap();
    assert!(w.check(&clash, None).is_empty());
}

#[test]
fn a_second_visit_to_an_employer_within_the_window_is_flagged() {
    let mut w = world();
    let first = w.plan(planned(&w.a, &w.me, bj(3, 15, 9, 0), 2));
    let again = |d: u32| planned(&w.a, &w.li, bj(4, d, 9, 0), 1);
    // 14 April is 30 days later: inside the default 30-day window; 15 April is not.
    let warnings = w.check(&again(14), None);
    assert!(
        matches!(&warnings[..], [Warning::RecentVisit { visit_id, days_apart: 30, within_days: 30, .. }] if *visit_id == first.id),
        "{warnings:?}"
    );
    assert!(w.check(&again(15), None).is_empty());
    // Earlier visits count too, in either direction; another employer does not.
    assert_eq!(w.check(&planned(&w.a, &w.li, bj(3, 1, 9, 0), 1), None).len(), 1);
    assert!(w.check(&planned(&w.b, &w.li, bj(3, 16, 9, 0), 1), None).is_empty());

    // The window is a setting.
    w.store
        .write(at(2022, 3, 2), |tx| {
            save_preferences(tx, Preferences { recent_visit_days: 7, ..Preferences::default() })
        })
        .unwrap();
    assert!(w.check(&again(14), None).is_empty());
}

#[test]
fn weekends_and_days_outside_the_campaign_are_flagged_in_the_visits_zone() {
    let w = world();
    // Saturday 19 March 2022.
    let saturday = planned(&w.a, &w.me, bj(3, 19, 9, 0), 2);
    assert_eq!(w.check(&saturday, None), [Warning::Weekend { date: day(2022, 3, 19), holiday: None }]);
    // Friday 18 March, 23:30 to 00:30: runs into Saturday.
    let late = planned(&w.a, &w.me, bj(3, 18, 23, 30), 1);
    assert_eq!(w.check(&late, None), [Warning::Weekend { date: day(2022, 3, 19), holiday: None }]);
    // Friday 18 March 20:00 UTC is Saturday 04:00 in Beijing.
    let utc_friday = planned(&w.a, &w.me, Utc.with_ymd_and_hms(2022, 3, 18, 20, 0, 0).unwrap(), 1);
    assert_eq!(w.check(&utc_friday, None), [Warning::Weekend { date: day(2022, 3, 19), holiday: None }]);
    // The State Council's schedule: Tuesday 5 April 2022 was 清明节, a day off; Saturday 2 April
    // was worked in its place (调休), so a visit then raises nothing.
    let qingming = Warning::Weekend { date: day(2022, 4, 5), holiday: Some("清明节".into()) };
    assert_eq!(w.check(&planned(&w.a, &w.me, bj(4, 5, 9, 0), 2), None), [qingming]);
    assert!(w.check(&planned(&w.a, &w.me, bj(4, 2, 9, 0), 2), None).is_empty());

    // The campaign runs 1 March – 31 August; Monday 28 February and Thursday 1 September are outside it.
    let window = Warning::OutsideCampaign { starts_on: day(2022, 3, 1), ends_on: day(2022, 8, 31) };
    assert_eq!(w.check(&planned(&w.a, &w.me, bj(2, 28, 9, 0), 1), None), std::slice::from_ref(&window));
    assert_eq!(w.check(&planned(&w.a, &w.me, bj(9, 1, 9, 0), 1), None), [window]);
    assert!(w.check(&planned(&w.a, &w.me, bj(8, 31, 9, 0), 1), None).is_empty());
}

#[test]
fn a_change_with_warnings_needs_a_reason_which_is_kept_and_undone_with_it() {
    let mut w = world();
    let first = w.plan(planned(&w.a, &w.me, bj(3, 15, 9, 0), 2));
    let second = w.plan(planned(&w.b, &w.me, bj(3, 16, 9, 0), 2));

    // Dragging the second onto the first's time clashes: refused without a reason, nothing written.
    let err = w
        .store
        .write(at(2022, 3, 2), |tx| move_visit(tx, &second.id, bj(3, 15, 10, 0), bj(3, 15, 12, 0), ""))
        .unwrap_err();
    assert_eq!(err.code(), "calendar.conflicts");
    assert!(matches!(&err, Error::Conflicts(ws) if ws.len() == 1));
    assert_eq!(records::get::<Visit>(w.store.conn(), &second.id).unwrap().data.planned_start, bj(3, 16, 9, 0));

    // With a reason it is saved, and the reason is noted on the visit.
    let moved = w
        .store
        .write(at(2022, 3, 2), |tx| move_visit(tx, &second.id, bj(3, 15, 10, 0), bj(3, 15, 12, 0), "书记只出席开场"))
        .unwrap();
    assert_eq!((moved.data.planned_start, moved.data.planned_end), (bj(3, 15, 10, 0), bj(3, 15, 12, 0)));
    let notes = records::list::<Note>(w.store.conn(), "visit_id = ?1", "id", [&second.id]).unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].data.body.contains("书记只出席开场"));

    // Undo takes the move and its note back together.
    w.store.write(at(2022, 3, 3), |tx| tx.undo_last()).unwrap();
    assert_eq!(records::get::<Visit>(w.store.conn(), &second.id).unwrap().data.planned_start, bj(3, 16, 9, 0));
    assert!(records::list::<Note>(w.store.conn(), "visit_id = ?1", "id", [&second.id]).unwrap().is_empty());

    // A move without warnings needs no reason; only planned visits move.
    w.store.write(at(2022, 3, 4), |tx| move_visit(tx, &first.id, bj(3, 17, 14, 0), bj(3, 17, 15, 0), "")).unwrap();
    w.store.write(at(2022, 3, 4), |tx| crate::visits::cancel(tx, &first.id, "改期")).unwrap();
    let err = w
        .store
        .write(at(2022, 3, 5), |tx| move_visit(tx, &first.id, bj(3, 18, 14, 0), bj(3, 18, 15, 0), ""))
        .unwrap_err();
    assert_eq!(err.code(), "validation.invalid_state");
}

#[test]
fn a_range_holds_the_visits_that_overlap_it_and_no_others() {
    let mut w = world();
    // Around the end of March in Beijing: 31 March 23:00–01:00 overlaps April; 1 April 00:00 starts in it.
    let across = w.plan(planned(&w.a, &w.me, bj(3, 31, 23, 0), 2));
    let first_of_april = w.plan(planned(&w.b, &w.li, bj(4, 1, 0, 0), 1));
    let last_of_march = w.plan(planned(&w.b, &w.me, bj(3, 31, 9, 0), 1));
    let last_of_april = w.plan(planned(&w.a, &w.li, bj(4, 30, 23, 0), 1));
    let first_of_may = w.plan(planned(&w.a, &w.li, bj(5, 1, 0, 0), 1));

    let april = (bj(4, 1, 0, 0), bj(5, 1, 0, 0));
    assert_eq!(
        w.range(april.0, april.1, &Filter::default()),
        [across.id.clone(), first_of_april.id.clone(), last_of_april.id.clone()]
    );
    let march = (bj(3, 1, 0, 0), bj(4, 1, 0, 0));
    assert_eq!(w.range(march.0, march.1, &Filter::default()), [last_of_march.id.clone(), across.id.clone()]);
    assert_eq!(w.range(bj(5, 1, 0, 0), bj(6, 1, 0, 0), &Filter::default()), std::slice::from_ref(&first_of_may.id));

    // Filters: by leader (lead or participant), status, mode and key employer.
    let li_only = Filter { leaders: vec![w.li.clone()], ..Filter::default() };
    assert_eq!(w.range(april.0, april.1, &li_only), [first_of_april.id.clone(), last_of_april.id.clone()]);
    let key_only = Filter { key_only: true, ..Filter::default() };
    assert_eq!(w.range(april.0, april.1, &key_only), [across.id.clone(), last_of_april.id.clone()]);
    w.store.write(at(2022, 3, 2), |tx| crate::visits::cancel(tx, &last_of_april.id, "改期")).unwrap();
    let cancelled = Filter { statuses: vec![VisitStatus::Cancelled], ..Filter::default() };
    assert_eq!(w.range(april.0, april.1, &cancelled), std::slice::from_ref(&last_of_april.id));
    let online = Filter { modes: vec![VisitMode::Online], ..Filter::default() };
    assert!(w.range(april.0, april.1, &online).is_empty());

    // Bad ranges are refused.
    let err = range(w.store.conn(), april.1, april.0, &Filter::default(), 4, at(2022, 3, 1)).unwrap_err();
    assert_eq!(err.code(), "validation.end_before_start");
    let err = range(w.store.conn(), april.0, april.0 + Duration::days(500), &Filter::default(), 4, at(2022, 3, 1))
        .unwrap_err();
    assert_eq!(err.code(), "validation.out_of_range");
    for per_day in [0, MAX_PER_DAY + 1] {
        let err = range(w.store.conn(), april.0, april.1, &Filter::default(), per_day, at(2022, 3, 1)).unwrap_err();
        assert_eq!(err.code(), "validation.out_of_range");
    }
}

/// The whole team's visits are walked in the order of the facts' calendar index: nothing is
/// sorted, however many there are (about 18,600 in six weeks of the large demo store).
#[test]
fn a_range_of_everyones_visits_walks_one_index_in_order() {
    let w = world();
    for (by_leader, index) in [(false, "visit_facts_calendar"), (true, "visit_people_calendar")] {
        let sql = format!("EXPLAIN QUERY PLAN {}", found_sql(by_leader));
        let mut stmt = w.store.conn().prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map(
                rusqlite::params![
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    0
                ],
                |r| r.get(3),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains(index), "{plan}");
        // Several leaders' visits are merged in time order; everyone's come in it.
        assert_eq!(plan.contains("TEMP B-TREE FOR ORDER BY"), by_leader, "{plan}");
    }
}

/// A range carries its days' official holidays and 调休 working days, for the calendar to mark.
#[test]
fn a_range_carries_its_official_days() {
    let w = world();
    let first_april_week =
        range(w.store.conn(), bj(4, 1, 0, 0), bj(4, 6, 0, 0), &Filter::default(), 4, at(2022, 3, 1)).unwrap();
    let days: Vec<(NaiveDate, crate::model::DayType)> =
        first_april_week.official_days.iter().map(|o| (o.on, o.day_type)).collect();
    use crate::model::DayType::{Holiday, Workday};
    assert_eq!(
        days,
        [
            (day(2022, 4, 2), Workday),
            (day(2022, 4, 3), Holiday),
            (day(2022, 4, 4), Holiday),
            (day(2022, 4, 5), Holiday)
        ]
    );
    assert!(first_april_week.official_days.iter().all(|o| o.name == "清明节" && o.added.is_none()));
}

/// A day fuller than the view draws sends its first visits and how many more there are; the
/// events carry what they show.
#[test]
fn a_full_day_sends_its_first_visits_and_counts_the_rest() {
    let mut w = world();
    // Five visits on Tuesday 15 March (the last just before midnight in Beijing), one on the 16th.
    let tuesday: Vec<Id> = [8, 9, 10, 14, 23]
        .into_iter()
        .map(|h| w.plan(planned(&w.a, if h == 9 { &w.li } else { &w.me }, bj(3, 15, h, 0), 1)).id)
        .collect();
    let wednesday = w.plan(planned(&w.b, &w.li, bj(3, 16, 0, 30), 1)).id;
    let week = (bj(3, 14, 0, 0), bj(3, 21, 0, 0));
    let shown = range(w.store.conn(), week.0, week.1, &Filter::default(), 3, at(2022, 3, 1)).unwrap();
    let ids: Vec<&Id> = shown.events.iter().map(|e| &e.id).collect();
    assert_eq!(ids, [&tuesday[0], &tuesday[1], &tuesday[2], &wednesday]);
    assert_eq!(shown.hidden, [Hidden { day: day(2022, 3, 15), visits: 2, trips: 0 }]);
    let e = &shown.events[1];
    assert_eq!((e.start, e.end, e.status), (bj(3, 15, 9, 0), bj(3, 15, 10, 0), VisitStatus::Planned));
    assert_eq!(
        (e.lead_id.clone(), e.lead_name.as_str(), e.employer_name.as_str()),
        (w.li.clone(), "李校长", "甲精密制造有限公司")
    );
    assert!(e.key_employer && !e.awaiting && e.trip_id.is_none());
    assert!(!shown.events[3].key_employer);
    // Trips are capped by the day they start: of three starting on the 16th, one is drawn with
    // per_day 1, and the 16th says two more.
    for title in ["甲", "乙", "丙"] {
        w.store
            .write(at(2022, 3, 1), |tx| {
                tx.insert(Trip {
                    leader_id: w.me.clone(),
                    title: format!("{title}线出访"),
                    starts_on: day(2022, 3, 16),
                    ends_on: day(2022, 3, 17),
                    notes: String::new(),
                })
            })
            .unwrap();
    }
    let capped = range(w.store.conn(), week.0, week.1, &Filter::default(), 1, at(2022, 3, 1)).unwrap();
    assert_eq!(capped.trips.len(), 1);
    assert_eq!(
        capped.hidden,
        [Hidden { day: day(2022, 3, 15), visits: 4, trips: 0 }, Hidden { day: day(2022, 3, 16), visits: 0, trips: 2 }]
    );
    assert_eq!(range(w.store.conn(), week.0, week.1, &Filter::default(), 3, at(2022, 3, 1)).unwrap().trips.len(), 3);
    // Filtered by leader, the cap counts that leader's visits only.
    let li = Filter { leaders: vec![w.li.clone()], ..Filter::default() };
    let shown = range(w.store.conn(), week.0, week.1, &li, 1, at(2022, 3, 1)).unwrap();
    assert_eq!(shown.events.iter().map(|e| &e.id).collect::<Vec<_>>(), [&tuesday[1], &wednesday]);
    assert!(shown.hidden.is_empty());
}

#[test]
fn times_round_trip_through_the_zone_they_were_planned_in() {
    let mut w = world();
    // Planned in Urumqi (UTC+6) at 10:00 local: stored in UTC, shown back at 10:00 there.
    let urumqi: Tz = "Asia/Urumqi".parse().unwrap();
    let start = crate::model::validate::local_time("visit.planned_start", "2022-03-15 10:00", "Asia/Urumqi").unwrap();
    assert_eq!(start, Utc.with_ymd_and_hms(2022, 3, 15, 4, 0, 0).unwrap());
    let v = w.plan(Visit { time_zone: "Asia/Urumqi".into(), ..planned(&w.a, &w.me, start, 1) });
    let back = records::get::<Visit>(w.store.conn(), &v.id).unwrap();
    assert_eq!(back.data.planned_start.with_timezone(&urumqi).format("%Y-%m-%d %H:%M").to_string(), "2022-03-15 10:00");
    assert_eq!(back.data.planned_start.with_timezone(&chrono_tz::Asia::Shanghai).format("%H:%M").to_string(), "12:00");

    // A contact plan at 09:30 in New York keeps 09:30 across the DST change (13 March 2022),
    // and an hour that does not exist there (02:30 on 13 March) moves to the first valid time.
    let ny: Tz = "America/New_York".parse().unwrap();
    let plan = ContactPlan {
        time_zone: "America/New_York".into(),
        first_on: day(2022, 2, 13),
        at: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        ..contact_plan(&w.a, &w.me)
    };
    let id = Id::new(at(2022, 1, 1));
    let local: Vec<String> = plans::expand(&id, &plan, at(2022, 2, 1), at(2022, 4, 30))
        .iter()
        .map(|o| o.start.with_timezone(&ny).format("%m-%d %H:%M %Z").to_string())
        .collect();
    assert_eq!(local, ["02-13 09:30 EST", "03-13 09:30 EDT", "04-13 09:30 EDT"]);
    let gap = ContactPlan { at: NaiveTime::from_hms_opt(2, 30, 0).unwrap(), first_on: day(2022, 3, 13), ..plan };
    let o = &plans::expand(&id, &gap, at(2022, 3, 1), at(2022, 3, 31))[0];
    assert_eq!(o.start.with_timezone(&ny).format("%H:%M").to_string(), "03:30");
}

fn contact_plan(employer: &Id, owner: &Id) -> ContactPlan {
    ContactPlan {
        employer_id: employer.clone(),
        owner_id: owner.clone(),
        title: "季度走访联络".into(),
        frequency: Frequency::Monthly,
        first_on: day(2022, 1, 31),
        until: None,
        at: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
        minutes: 60,
        time_zone: "Asia/Shanghai".into(),
        notes: String::new(),
        changes: Vec::new(),
    }
}

fn dates(occurrences: &[Occurrence]) -> Vec<String> {
    occurrences
        .iter()
        .map(|o| o.start.with_timezone(&chrono_tz::Asia::Shanghai).format("%m-%d %H:%M").to_string())
        .collect()
}

#[test]
fn monthly_and_quarterly_plans_expand_on_the_same_day_or_the_months_last() {
    let w = world();
    let id = Id::new(at(2022, 1, 1));
    let monthly = contact_plan(&w.a, &w.me);
    // From 31 January: 28 February, 31 March, 30 April …
    let got = plans::expand(&id, &monthly, bj(1, 1, 0, 0), bj(5, 1, 0, 0));
    assert_eq!(dates(&got), ["01-31 15:00", "02-28 15:00", "03-31 15:00", "04-30 15:00"]);
    // The range is half-open and only what overlaps it is given.
    assert_eq!(dates(&plans::expand(&id, &monthly, bj(2, 28, 15, 30), bj(3, 31, 15, 0))), ["02-28 15:00"]);

    let quarterly = ContactPlan { frequency: Frequency::Quarterly, until: Some(day(2022, 10, 30)), ..monthly.clone() };
    assert_eq!(
        dates(&plans::expand(&id, &quarterly, bj(1, 1, 0, 0), bj(12, 31, 0, 0))),
        ["01-31 15:00", "04-30 15:00", "07-31 15:00"]
    );
    assert!(quarterly.falls_on(day(2022, 4, 30)) && !quarterly.falls_on(day(2022, 5, 31)));
    assert!(!quarterly.falls_on(day(2022, 10, 31)), "after `until`");
}

#[test]
fn one_occurrence_moves_or_is_skipped_without_touching_the_series() {
    let mut w = world();
    let (a, me) = (w.a.clone(), w.me.clone());
    let plan = w.store.write(at(2022, 1, 1), |tx| plans::save(tx, None, contact_plan(&a, &me))).unwrap();
    let in_spring =
        |w: &World| dates(&plans::occurrences(w.store.conn(), bj(2, 1, 0, 0), bj(5, 1, 0, 0), &[]).unwrap());
    assert_eq!(in_spring(&w), ["02-28 15:00", "03-31 15:00", "04-30 15:00"]);

    // Move March's to 1 April 10:00 and skip April's.
    let moved = OccurrenceChange {
        on: day(2000, 1, 1), // replaced by the occurrence's date
        skipped: false,
        start: Some(bj(4, 1, 10, 0)),
        end: Some(bj(4, 1, 11, 0)),
        note: "对方要求改期".into(),
    };
    w.store.write(at(2022, 3, 1), |tx| plans::change_occurrence(tx, &plan.id, day(2022, 3, 31), Some(moved))).unwrap();
    let skip = OccurrenceChange { on: day(2022, 4, 30), skipped: true, start: None, end: None, note: String::new() };
    w.store.write(at(2022, 3, 1), |tx| plans::change_occurrence(tx, &plan.id, day(2022, 4, 30), Some(skip))).unwrap();
    let all = plans::occurrences(w.store.conn(), bj(2, 1, 0, 0), bj(5, 1, 0, 0), &[]).unwrap();
    assert_eq!(dates(&all), ["02-28 15:00", "04-01 10:00"]);
    assert_eq!((all[1].on, all[1].changed, all[1].note.as_str()), (day(2022, 3, 31), true, "对方要求改期"));
    assert_eq!(all[0].employer_name, "甲精密制造有限公司");
    // A moved occurrence shows where it went, even from a range that only holds its new time.
    assert_eq!(
        dates(&plans::occurrences(w.store.conn(), bj(4, 1, 0, 0), bj(4, 2, 0, 0), &[]).unwrap()),
        ["04-01 10:00"]
    );

    // A date the series does not fall on is not an occurrence.
    let err =
        w.store.write(at(2022, 3, 1), |tx| plans::change_occurrence(tx, &plan.id, day(2022, 3, 30), None)).unwrap_err();
    assert_eq!(err.code(), "not_found");

    // Putting one back, then editing the whole series (to 10:00): the skipped April stays skipped.
    w.store.write(at(2022, 3, 2), |tx| plans::change_occurrence(tx, &plan.id, day(2022, 3, 31), None)).unwrap();
    let current = records::get::<ContactPlan>(w.store.conn(), &plan.id).unwrap().data;
    let series = ContactPlan { at: NaiveTime::from_hms_opt(10, 0, 0).unwrap(), ..current };
    w.store.write(at(2022, 3, 2), |tx| plans::save(tx, Some(&plan.id), series)).unwrap();
    assert_eq!(in_spring(&w), ["02-28 10:00", "03-31 10:00"]);

    // Moving the series' first day drops edits of dates it no longer has.
    let current = records::get::<ContactPlan>(w.store.conn(), &plan.id).unwrap().data;
    let shifted = ContactPlan { first_on: day(2022, 1, 15), ..current };
    let saved = w.store.write(at(2022, 3, 3), |tx| plans::save(tx, Some(&plan.id), shifted)).unwrap();
    assert!(saved.data.changes.is_empty());

    // Deleting the employer takes its plans to the trash with it.
    w.store.write(at(2022, 3, 4), |tx| tx.delete(Kind::Employer, &a)).unwrap();
    assert!(plans::occurrences(w.store.conn(), bj(2, 1, 0, 0), bj(5, 1, 0, 0), &[]).unwrap().is_empty());
}

#[test]
fn a_plan_is_validated() {
    let w = world();
    let bad = |p: ContactPlan| crate::model::Record::validate(p).unwrap_err().field;
    let plan = contact_plan(&w.a, &w.me);
    assert_eq!(bad(ContactPlan { minutes: 5, ..plan.clone() }), "contact_plan.minutes");
    assert_eq!(bad(ContactPlan { until: Some(day(2022, 1, 1)), ..plan.clone() }), "contact_plan.until");
    assert_eq!(bad(ContactPlan { title: " ".into(), ..plan.clone() }), "contact_plan.title");
    let off_series =
        OccurrenceChange { on: day(2022, 2, 27), skipped: true, start: None, end: None, note: String::new() };
    assert_eq!(bad(ContactPlan { changes: vec![off_series], ..plan.clone() }), "contact_plan.changes");
    let half = OccurrenceChange {
        on: day(2022, 2, 28),
        skipped: false,
        start: Some(bj(3, 1, 9, 0)),
        end: None,
        note: String::new(),
    };
    assert_eq!(bad(ContactPlan { changes: vec![half], ..plan }), "contact_plan.changes");
}

#[test]
fn a_trip_is_built_from_visits_reordered_and_given_travel_notes() {
    let mut w = world();
    let (li, a, b) = (w.li.clone(), w.a.clone(), w.b.clone());
    let first = w.plan(planned(&a, &li, bj(3, 15, 9, 0), 2));
    let second = w.plan(planned(&b, &li, bj(3, 16, 14, 0), 2));
    let not_his = w.plan(planned(&a, &w.me, bj(3, 21, 9, 0), 2));

    let trip = Trip {
        leader_id: li.clone(),
        title: "苏锡常访企".into(),
        starts_on: day(2022, 3, 15),
        ends_on: day(2022, 3, 15),
        notes: String::new(),
    };
    let stops = [
        Stop { visit_id: second.id.clone(), travel_note: String::new() },
        Stop { visit_id: first.id.clone(), travel_note: "高铁 40 分钟".into() },
    ];
    let built = w.store.write(at(2022, 3, 2), |tx| trips::build(tx, trip.clone(), &stops)).unwrap();
    let order: Vec<_> =
        built.stops.iter().map(|s| (&s.visit.id, s.visit.data.trip_seq, s.visit.data.travel_note.as_str())).collect();
    assert_eq!(order, [(&second.id, Some(1), ""), (&first.id, Some(2), "高铁 40 分钟")]);
    // The dates grew to cover the stops; the leader's name comes along.
    assert_eq!((built.trip.data.starts_on, built.trip.data.ends_on), (day(2022, 3, 15), day(2022, 3, 16)));
    assert_eq!(built.leader_name, "李校长");
    let listed = trips::list(w.store.conn()).unwrap();
    assert_eq!(listed, [TripSpan { trip: built.trip.clone(), leader_name: "李校长".into() }]);

    // Reorder, and drop the second stop: it leaves the trip.
    let trip_id = built.trip.id.clone();
    let again = w
        .store
        .write(at(2022, 3, 3), |tx| {
            trips::set_itinerary(tx, &trip_id, &[Stop { visit_id: first.id.clone(), travel_note: String::new() }])
        })
        .unwrap();
    assert_eq!(again.stops.len(), 1);
    let left = records::get::<Visit>(w.store.conn(), &second.id).unwrap().data;
    assert_eq!((left.trip_id, left.trip_seq), (None, None));

    // A visit the leader is not in, a repeated stop and a cancelled visit are refused.
    let err = w
        .store
        .write(at(2022, 3, 4), |tx| {
            trips::set_itinerary(tx, &trip_id, &[Stop { visit_id: not_his.id.clone(), travel_note: String::new() }])
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation.not_a_participant");
    let twice = [
        Stop { visit_id: first.id.clone(), travel_note: String::new() },
        Stop { visit_id: first.id.clone(), travel_note: String::new() },
    ];
    assert_eq!(
        w.store.write(at(2022, 3, 4), |tx| trips::set_itinerary(tx, &trip_id, &twice)).unwrap_err().code(),
        "validation.duplicate"
    );

    // The trip shows as a span on the calendar, and undo takes the last itinerary change back.
    let shown =
        range(w.store.conn(), bj(3, 14, 0, 0), bj(3, 21, 0, 0), &Filter::default(), MAX_PER_DAY, at(2022, 3, 1))
            .unwrap();
    assert_eq!(shown.trips.len(), 1);
    assert_eq!(shown.trips[0].leader_name, "李校长");
    w.store.write(at(2022, 3, 5), |tx| tx.undo_last()).unwrap();
    assert_eq!(trips::detail(w.store.conn(), &trip_id).unwrap().stops.len(), 2);
}

#[test]
fn reminders_come_once_before_each_visit_and_none_is_lost_across_a_restart() {
    let mut w = world();
    let v = w.plan(planned(&w.a, &w.me, bj(3, 15, 9, 0), 2));
    let due = |w: &World, t: DateTime<Utc>| reminders::due(w.store.conn(), t).unwrap();
    let deliver = |w: &mut World, t: DateTime<Utc>| {
        let all = due(w, t);
        let keys: Vec<String> = all.iter().flat_map(|r| r.keys().to_vec()).collect();
        w.store.write(t, |tx| reminders::mark_delivered(tx, &keys)).unwrap();
        all
    };
    let minutes = |rs: &[Reminder]| {
        rs.iter()
            .map(|r| match r {
                Reminder::Visit { minutes_before, .. } => *minutes_before,
                Reminder::Task { .. } => 0,
            })
            .collect::<Vec<_>>()
    };

    assert!(due(&w, bj(3, 14, 8, 59)).is_empty(), "more than a day ahead");
    assert_eq!(minutes(&deliver(&mut w, bj(3, 14, 9, 0))), [24 * 60]);
    assert!(due(&w, bj(3, 14, 12, 0)).is_empty(), "delivered once");
    assert_eq!(minutes(&deliver(&mut w, bj(3, 15, 8, 0))), [60]);
    assert!(due(&w, bj(3, 15, 8, 30)).is_empty());
    assert!(due(&w, bj(3, 15, 9, 0)).is_empty(), "nothing once it has started");

    // Moved while the app was closed past both: one reminder, the nearest, stands for both.
    w.store.write(at(2022, 3, 2), |tx| move_visit(tx, &v.id, bj(3, 22, 9, 0), bj(3, 22, 10, 0), "")).unwrap();
    let late = deliver(&mut w, bj(3, 22, 8, 30));
    assert!(
        matches!(&late[..], [Reminder::Visit { minutes_before: 60, employer_name, keys, .. }] if employer_name == "甲精密制造有限公司" && keys.len() == 2)
    );

    // "Restart": delivered reminders are in the store, so a new unlock repeats none.
    let dir = w._dir.path().to_path_buf();
    let reopened = Store::unlock(&dir, None, PASSPHRASE, bj(3, 22, 8, 40)).unwrap();
    assert!(reminders::due(reopened.conn(), bj(3, 22, 8, 45)).unwrap().is_empty());
}

#[test]
fn a_follow_up_task_is_reminded_of_when_it_falls_due() {
    let mut w = world();
    let me = w.me.clone();
    let task = Task {
        title: "寄送校企合作协议".into(),
        due_on: day(2022, 3, 20),
        owner_id: me,
        visit_id: None,
        employer_id: None,
        done_on: None,
        notes: String::new(),
    };
    let t = w.store.write(at(2022, 3, 1), |tx| tx.insert(task.clone())).unwrap();
    assert!(reminders::due(w.store.conn(), bj(3, 19, 23, 0)).unwrap().is_empty());
    let due = reminders::due(w.store.conn(), bj(3, 20, 0, 5)).unwrap();
    assert!(
        matches!(&due[..], [Reminder::Task { task_id, due_on, .. }] if *task_id == t.id && *due_on == day(2022, 3, 20))
    );
    w.store.write(bj(3, 20, 0, 5), |tx| reminders::mark_delivered(tx, due[0].keys())).unwrap();
    assert!(reminders::due(w.store.conn(), bj(3, 21, 0, 0)).unwrap().is_empty());
    // Done tasks are not reminded of.
    w.store
        .write(at(2022, 3, 1), |tx| {
            tx.update(&t.id, Task { due_on: day(2022, 3, 25), done_on: Some(day(2022, 3, 21)), ..task })
        })
        .unwrap();
    assert!(reminders::due(w.store.conn(), bj(3, 26, 0, 0)).unwrap().is_empty());
}

#[test]
fn preferences_default_and_are_checked() {
    let mut w = world();
    assert_eq!(preferences(w.store.conn()).unwrap(), Preferences::default());
    let saved = w
        .store
        .write(at(2022, 3, 1), |tx| {
            save_preferences(
                tx,
                Preferences {
                    view: View::Month,
                    recent_visit_days: 14,
                    reminder_minutes: vec![60, 1440, 60],
                    ..Preferences::default()
                },
            )
        })
        .unwrap();
    assert_eq!(saved.reminder_minutes, [1440, 60]);
    assert_eq!(preferences(w.store.conn()).unwrap().view, View::Month);
    let err = w
        .store
        .write(at(2022, 3, 1), |tx| {
            save_preferences(tx, Preferences { reminder_minutes: vec![0], ..Preferences::default() })
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation.out_of_range");
    // Working hours end after they start.
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    let err = w
        .store
        .write(at(2022, 3, 1), |tx| {
            save_preferences(tx, Preferences { work_start: nine, work_end: nine, ..Preferences::default() })
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation.end_before_start");
    assert_eq!(preferences(w.store.conn()).unwrap().recent_visit_days, 14);
    assert_eq!(preferences(w.store.conn()).unwrap().work_start, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
}
