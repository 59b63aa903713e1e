//! The ledger's figures against a fixture counted by hand.
use visitdesk_core::ledger::{self, Period};
use visitdesk_core::model::*;
use visitdesk_core::store::Store;
use visitdesk_core::testing::*;

struct Fixture {
    store: Store,
    _dir: tempfile::TempDir,
}

/// 2022 campaign, 1 March – 31 August. Who did what (see each figure's comment for the count):
/// - A existing; B newly developed 1 April; C newly developed 15 February (before the window);
///   D newly developed 1 May but later moved to the trash with its visit; E existing.
/// - v1 A, 王 leads with 李, 10 March, completed: channel + recruitment session, a posting of 5, a base.
/// - v2 A, 王, 10 April, completed: a posting of 3.
/// - v3 B, 李, 5 May, completed: demand survey, follow-up 5/4/3.
/// - v4 E, 王, 20 June, planned.   v5 E, 赵, 15 May, cancelled.
/// - v6 C, 王, 20 February, completed (before the window).   v7 D, 李, 10 May, completed (D deleted).
/// - v8 E, 赵, 20 May, completed: follow-up 3/5/5.
/// - Tasks: one open due 1 May (overdue on 1 June), one done, one open due 1 July.
fn fixture() -> Fixture {
    let (dir, mut store) = new_store();
    let wang = store.actor().clone();
    store
        .write(at(2022, 2, 2), |tx| {
            let li = tx.insert(person("李校长", Role::President))?.id;
            let zhao = tx.insert(person("赵副校长", Role::Leader))?.id;
            tx.insert(person("钱老师", Role::Staff))?;
            let a = tx.insert(employer("甲精密机械有限公司"))?.id;
            let b = tx.insert(developed("乙软件科技有限公司", day(2022, 4, 1)))?.id;
            let c = tx.insert(developed("丙物流有限公司", day(2022, 2, 15)))?.id;
            let d = tx.insert(developed("丁电子有限公司", day(2022, 5, 1)))?.id;
            let e = tx.insert(employer("戊建设集团有限公司"))?.id;

            let mut v1 = completed(visit(&a, &wang, at(2022, 3, 10)));
            v1.participant_ids = vec![li.clone()];
            v1.outcome = Outcome {
                channel_established: true,
                recruitment_agreed: true,
                recruitment_mode: Some(RecruitmentMode::Offline),
                ..Outcome::default()
            };
            let v1 = tx.insert(v1)?.id;
            tx.insert(posting(&a, Some(&v1), "机械工程师", 5))?;
            tx.insert(InternshipBase {
                employer_id: a.clone(),
                visit_id: Some(v1.clone()),
                name: "甲精密实习基地".into(),
                status: BaseStatus::Signed,
                established_on: None,
                capacity: Some(20),
                signed_on: None,
                term_ends_on: None,
                placements: Vec::new(),
            })?;
            let v2 = tx.insert(completed(visit(&a, &wang, at(2022, 4, 10))))?.id;
            tx.insert(posting(&a, Some(&v2), "质检员", 3))?;
            let v3 = tx.insert(completed(visit(&b, &li, at(2022, 5, 5))))?.id;
            tx.insert(DemandSurvey {
                visit_id: v3.clone(),
                knowledge: "熟悉 Java".into(),
                ability: String::new(),
                qualities: String::new(),
                industry_trend: String::new(),
                majors_wanted: vec!["软件技术".into()],
                abilities_wanted: vec!["学习能力".into()],
                planned_hires: Some(10),
                shortcomings: String::new(),
                suggestions: String::new(),
            })?;
            tx.insert(followup(&v3, 5, 4, 3))?;
            tx.insert(visit(&e, &wang, at(2022, 6, 20)))?;
            tx.insert(Visit {
                status: VisitStatus::Cancelled,
                cancel_reason: "对方临时出差".into(),
                ..visit(&e, &zhao, at(2022, 5, 15))
            })?;
            tx.insert(completed(visit(&c, &wang, at(2022, 2, 20))))?;
            tx.insert(completed(visit(&d, &li, at(2022, 5, 10))))?;
            let v8 = tx.insert(completed(visit(&e, &zhao, at(2022, 5, 20))))?.id;
            tx.insert(followup(&v8, 3, 5, 5))?;
            tx.insert(task("寄送校企合作协议", day(2022, 5, 1), &wang, None, None))?;
            tx.insert(Task {
                done_on: Some(day(2022, 4, 30)),
                ..task("回访乙公司", day(2022, 5, 1), &li, None, None)
            })?;
            tx.insert(task("安排宣讲会", day(2022, 7, 1), &wang, None, None))?;
            tx.delete(Kind::Employer, &d)?;
            Ok(())
        })
        .unwrap();
    Fixture { store, _dir: dir }
}

fn leader<'a>(f: &'a ledger::Figures, name: &str) -> &'a ledger::LeaderFigures {
    f.leaders.iter().find(|l| l.name == name).unwrap()
}

#[test]
fn whole_campaign_figures_match_the_hand_count() {
    let fx = fixture();
    let f = ledger::figures(fx.store.conn(), None, None, day(2022, 6, 1)).unwrap();
    // Principals first, then the other leaders; staff are not listed.
    let names: Vec<&str> = f.leaders.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["王书记", "李校长", "赵副校长"]);
    // 王: A twice → one distinct employer; v6 is before the window.
    let wang = leader(&f, "王书记");
    assert_eq!((wang.employers_visited, wang.visits_completed, wang.visits_planned), (1, 2, 1));
    // 李: A (as participant on v1) and B; D's visit went to the trash with D.
    let li = leader(&f, "李校长");
    assert_eq!((li.employers_visited, li.visits_completed), (2, 2));
    // 赵: E (v8); the cancelled v5 does not count. Not a principal, so no target.
    let zhao = leader(&f, "赵副校长");
    assert_eq!((zhao.employers_visited, zhao.visits_completed), (1, 1));
    assert!(zhao.pace.is_none());
    // Only B: C was developed before the window, D is in the trash.
    assert_eq!(f.newly_developed.actual, 1);
    assert_eq!(f.newly_developed.target, 100);
    assert_eq!((f.visits_completed, f.visits_planned, f.visits_cancelled), (4, 1, 1));
    assert_eq!(f.employers_visited, 3);
    assert_eq!((f.channels, f.recruitment_sessions), (1, 1));
    assert_eq!((f.job_postings, f.job_headcount, f.internship_bases), (2, 8, 1));
    assert_eq!(f.demand_surveys, 1);
    assert_eq!(f.satisfaction.surveys, 2);
    assert_eq!(
        (f.satisfaction.moral, f.satisfaction.literacy, f.satisfaction.ability),
        (Some(4.0), Some(4.5), Some(4.0))
    );
    assert_eq!(f.overdue_tasks, 1);
}

#[test]
fn pace_follows_the_campaign_window() {
    let fx = fixture();
    // The pace counts working days (weekends and the State Council's holidays off, 调休 days
    // on): 1 June is the 65th of the window's 129, with 清明节 and 劳动节 behind it.
    let f = ledger::figures(fx.store.conn(), None, None, day(2022, 6, 1)).unwrap();
    let pace = leader(&f, "王书记").pace.clone().unwrap();
    assert!((pace.elapsed - 65.0 / 129.0).abs() < 1e-9);
    assert!((pace.expected_by_now - 100.0 * 65.0 / 129.0).abs() < 1e-9);
    assert!((pace.projected - 129.0 / 65.0).abs() < 1e-9);
    assert!(!pace.on_track);
    let before = ledger::figures(fx.store.conn(), None, None, day(2022, 1, 1)).unwrap();
    assert_eq!(before.newly_developed.elapsed, 0.0);
    let after = ledger::figures(fx.store.conn(), None, None, day(2022, 12, 1)).unwrap();
    assert_eq!(after.newly_developed.elapsed, 1.0);
    assert_eq!(after.newly_developed.projected, 1.0);
}

#[test]
fn a_period_counts_only_its_days() {
    let fx = fixture();
    let may = Period::new(day(2022, 5, 1), day(2022, 5, 31)).unwrap();
    let f = ledger::figures(fx.store.conn(), None, Some(may), day(2022, 6, 1)).unwrap();
    assert_eq!(leader(&f, "王书记").employers_visited, 0);
    assert_eq!(leader(&f, "李校长").employers_visited, 1);
    assert_eq!(leader(&f, "赵副校长").employers_visited, 1);
    assert_eq!(f.newly_developed.actual, 0);
    assert_eq!((f.visits_completed, f.visits_cancelled), (2, 1));
    assert_eq!((f.job_postings, f.internship_bases, f.channels), (0, 0, 0));
    assert!(Period::new(day(2022, 5, 31), day(2022, 5, 1)).is_err());
}

#[test]
fn restoring_from_the_trash_brings_the_figures_back() {
    let mut fx = fixture();
    let d = visitdesk_core::store::records::trash(fx.store.conn()).unwrap()[0].id.clone();
    fx.store.write(at(2022, 6, 1), |tx| tx.restore(Kind::Employer, &d)).unwrap();
    let f = ledger::figures(fx.store.conn(), None, None, day(2022, 6, 1)).unwrap();
    assert_eq!(leader(&f, "李校长").employers_visited, 3);
    assert_eq!(f.newly_developed.actual, 2);
}
