//! 一帮一 (issue 20), as two schools live it: 示范大学 supports 对口职业学院. Their admins
//! pair both ways by pairing files and fingerprints read aloud; 示范大学 shares two job
//! postings and a recruitment talk; 对口职业学院 imports them as 来自示范大学的共享岗位, read-only,
//! its own copy of the employer matched by credit code. A posting changes and another is
//! filled at the source, and the next package updates and closes them; the receiving school
//! records what they placed and reports back; the sharing school's ledger, and its ledger
//! workbook read back, count the jobs shared and the placements reported.
use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
use visitdesk_core::exchange::read;
use visitdesk_core::ids::Id;
use visitdesk_core::ledger;
use visitdesk_core::model::*;
use visitdesk_core::outcomes;
use visitdesk_core::share::{self, ShareFilter};
use visitdesk_core::store::{Store, records};
use visitdesk_core::testing::*;

const CREDIT_CODE: &str = "91350100M000100Y43";

fn posting_in(
    store: &mut Store,
    employer: &Id,
    title: &str,
    headcount: u32,
    when: chrono::DateTime<chrono::Utc>,
) -> Id {
    let p = JobPosting { majors: vec!["机电一体化".into()], ..posting(employer, None, title, headcount) };
    store.write(when, |tx| outcomes::save_posting(tx, None, p)).unwrap().id
}

fn edit_posting(store: &mut Store, id: &Id, when: chrono::DateTime<chrono::Utc>, change: impl FnOnce(&mut JobPosting)) {
    let mut p = records::get::<JobPosting>(store.conn(), id).unwrap().data;
    change(&mut p);
    store.write(when, |tx| outcomes::save_posting(tx, Some(id), p)).unwrap();
}

fn shared_rows(store: &Store) -> Vec<(String, String, bool, Option<u32>)> {
    share::shared_jobs(store.conn())
        .unwrap()
        .into_iter()
        .map(|r| (r.from_school.clone(), r.job.data.title(), r.closed, r.job.data.placed))
        .collect()
}

/// The 汇总 sheet of the ledger workbook as a reader (calamine) sees it: item → figure.
fn summary(store: &Store, dir: &std::path::Path, today: chrono::NaiveDate) -> Vec<(String, String)> {
    let path = dir.join("台账.xlsx");
    let options = LedgerOptions { campaign: None, period: None, today, book: Book::Ledger };
    ledger_book::export_xlsx(store.conn(), &options, &path).unwrap();
    let book = read::read(&std::fs::read(&path).unwrap(), None).unwrap();
    let sheet = book.sheets.iter().find(|s| s.name.as_deref() == Some("汇总")).unwrap();
    sheet.rows.iter().filter(|r| r.len() > 2).map(|r| (r[1].text(), r[2].text())).collect()
}

#[test]
fn two_schools_pair_share_update_close_and_report_back() {
    let mut a = school_store("示范大学", "4111010001");
    let mut b = school_store("对口职业学院", "4152010002");
    pair_schools(&mut a.store, &mut b.store, at(2022, 4, 1));
    assert_eq!(share::pairs(a.store.conn()).unwrap()[0].pair.data.name, "对口职业学院");
    assert_eq!(share::pairs(b.store.conn()).unwrap()[0].pair.data.name, "示范大学");

    // 示范大学's employer, with a contact and notes of its own; the same employer at the pair.
    let green = a
        .store
        .write(at(2022, 5, 2), |tx| {
            let e = tx.insert(Employer {
                credit_code: Some(CREDIT_CODE.into()),
                notes: "只在本校：对方人事经理换人了".into(),
                ..employer("苏州绿叶精密机械有限公司")
            })?;
            tx.insert(Contact { mobile: Some("13912345678".into()), ..contact(&e.id, "刘经理") })?;
            Ok(e.id)
        })
        .unwrap();
    b.store
        .write(at(2022, 5, 2), |tx| {
            tx.insert(Employer { credit_code: Some(CREDIT_CODE.into()), ..employer("绿叶精密") })
        })
        .unwrap();
    let engineer = posting_in(&mut a.store, &green, "数控工程师", 5, at(2022, 5, 10));
    let inspector = posting_in(&mut a.store, &green, "质检员", 3, at(2022, 5, 10));
    let talk = a
        .store
        .write(at(2022, 5, 11), |tx| {
            let talk = RecruitmentEvent {
                kind: EventKind::Talk,
                employer_id: green.clone(),
                co_employer_ids: Vec::new(),
                visit_id: None,
                held_on: day(2022, 6, 20),
                venue: "图书馆报告厅".into(),
                link: String::new(),
                majors: vec!["机电一体化".into()],
                attended: None,
                offers: None,
                notes: String::new(),
            };
            outcomes::save_event(tx, None, talk)
        })
        .unwrap()
        .id;

    // Shared one by one: two postings and the talk.
    let chosen = ShareFilter {
        postings: vec![engineer.clone(), inspector.clone()],
        events: vec![talk],
        ..ShareFilter::default()
    };
    let first = a.store.write(at(2022, 6, 1), |tx| share::share_jobs(tx, "对口职业学院", &chosen)).unwrap();
    assert_eq!((first.postings, first.events, first.headcount), (2, 1, 8));
    let got = b.store.write(at(2022, 6, 2), |tx| share::import(tx, &first.bytes)).unwrap();
    assert_eq!((got.added, got.matched), (3, 3));
    let from = "示范大学".to_string();
    assert_eq!(
        shared_rows(&b.store),
        [
            (from.clone(), "宣讲会 2022-06-20".into(), false, None),
            (from.clone(), "数控工程师".into(), false, None),
            (from.clone(), "质检员".into(), false, None),
        ]
    );
    let employers_at_b = share::shared_jobs(b.store.conn()).unwrap();
    assert!(employers_at_b.iter().all(|r| r.matched_employer.as_deref() == Some("绿叶精密")));
    assert!(employers_at_b.iter().all(|r| r.job.data.employer.name == "苏州绿叶精密机械有限公司"));
    let hits = visitdesk_core::search::search(b.store.conn(), "数控工程师", 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == Kind::SharedJob), "{hits:?}");

    // The source raises one posting's headcount and fills the other; the next package, by the
    // employer, carries both (the filled one was shared before).
    edit_posting(&mut a.store, &engineer, at(2022, 6, 10), |p| p.headcount = 8);
    edit_posting(&mut a.store, &inspector, at(2022, 6, 11), |p| p.stage = PostingStage::Filled);
    let by_employer = ShareFilter { employer: Some(green.clone()), ..ShareFilter::default() };
    let second = a.store.write(at(2022, 6, 12), |tx| share::share_jobs(tx, "4152010002", &by_employer)).unwrap();
    let got = b.store.write(at(2022, 6, 13), |tx| share::import(tx, &second.bytes)).unwrap();
    assert_eq!((got.added, got.updated, got.closed), (0, 2, 1));
    let engineer_at_b =
        share::shared_jobs(b.store.conn()).unwrap().into_iter().find(|r| r.job.data.source_id == engineer).unwrap();
    assert_eq!(engineer_at_b.job.data.posting.as_ref().unwrap().headcount, 8);
    assert!(shared_rows(&b.store)[2].2, "the filled posting is closed at the pair, and listed last");
    // The first package, imported again late, changes nothing.
    let late = b.store.write(at(2022, 6, 14), |tx| share::import(tx, &first.bytes)).unwrap();
    assert_eq!((late.added, late.updated, late.closed), (0, 0, 0));

    // The pair records what the postings placed, and reports back.
    let jobs = share::shared_jobs(b.store.conn()).unwrap();
    let at_b = |source: &Id| jobs.iter().find(|r| r.job.data.source_id == *source).unwrap().job.id.clone();
    b.store
        .write(at(2022, 7, 1), |tx| {
            share::set_placed(tx, &at_b(&engineer), Some(4))?;
            share::set_placed(tx, &at_b(&inspector), Some(3))
        })
        .unwrap();
    let report = share::report(b.store.conn(), "示范大学", at(2022, 7, 2)).unwrap();
    let got = a.store.write(at(2022, 7, 3), |tx| share::import(tx, &report.bytes)).unwrap();
    assert_eq!((got.from_school.as_str(), got.placements), ("对口职业学院", 2));

    // 示范大学's ledger: the 8 + 3 jobs shared, the 7 graduates placed; its workbook says so.
    let f = ledger::figures(a.store.conn(), None, None, day(2022, 7, 3)).unwrap();
    assert_eq!((f.jobs_shared_with_pair, f.pair_placements), (11, 7));
    let rows = summary(&a.store, a.dir.path(), day(2022, 7, 3));
    let figure = |item: &str| rows.iter().find(|(i, _)| i == item).map(|(_, n)| n.clone());
    assert_eq!(figure("与对口高校共享岗位（人）").as_deref(), Some("11"));
    assert_eq!(figure("对口高校反馈就业（人）").as_deref(), Some("7"));
    // The pair's ledger counts none of it as its own.
    let f = ledger::figures(b.store.conn(), None, None, day(2022, 7, 3)).unwrap();
    assert_eq!((f.jobs_shared_with_pair, f.pair_placements), (0, 0));
}
