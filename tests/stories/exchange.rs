//! Exchange as the office sees it: the ledger workbook opened in a real reader (Python
//! openpyxl), the CSV tables, the employer sheet imported back, and calendars read by Python's
//! icalendar. The Python packages come with `scripts/setup.sh test`.
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::process::Command;
use visitdesk_core::demo::{self, Size};
use visitdesk_core::employers::{self, EmployerFilter};
use visitdesk_core::exchange::ics::{self, CalendarOf};
use visitdesk_core::exchange::import::{self, ImportOptions};
use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
use visitdesk_core::exchange::read;
use visitdesk_core::ids::Id;
use visitdesk_core::ledger;
use visitdesk_core::model::*;
use visitdesk_core::store::records;
use visitdesk_core::testing::*;
use visitdesk_core::visits;

/// Runs a Python script with arguments and parses what it prints as JSON.
fn python(script: &str, args: &[&std::path::Path]) -> Json {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (scripts/setup.sh test installs it with openpyxl and icalendar)");
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

const READ_XLSX: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb:
    rows = [[c.isoformat()[:10] if hasattr(c, 'isoformat') else c for c in row] for row in ws.iter_rows(values_only=True)]
    out[ws.title] = {"freeze": ws.freeze_panes, "print": [ws.print_title_rows, ws.page_setup.orientation, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToHeight], "merged": [str(r) for r in ws.merged_cells.ranges], "rows": rows,
                     "date_format": next((c.number_format for row in ws.iter_rows(min_row=3) for c in row if c.is_date), None),
                     "highlighted": [row[1].value for row in ws.iter_rows(min_row=3)
                                     if all((c.fill.fgColor.rgb or "").endswith("FFF2CC") for c in row)]}
print(json.dumps(out, ensure_ascii=False))
"#;

#[test]
fn the_ledger_workbook_reads_back_as_the_store_holds_it() {
    let (dir, mut store) = new_store();
    let now = at(2022, 6, 1);
    demo::fill(&mut store, Size::Small, 7, now).unwrap();
    // A 双选会 of two employers, which the demo does not hold.
    let two: Vec<Id> =
        employers::list(store.conn(), &EmployerFilter::default()).unwrap().into_iter().take(2).map(|e| e.id).collect();
    let fair = RecruitmentEvent {
        kind: EventKind::DoubleChoice,
        employer_id: two[0].clone(),
        co_employer_ids: vec![two[1].clone()],
        visit_id: None,
        held_on: day(2022, 5, 20),
        venue: "体育馆".into(),
        link: String::new(),
        majors: vec!["机电一体化技术".into()],
        attended: Some(320),
        offers: Some(41),
        notes: String::new(),
    };
    store.write(now, |tx| visitdesk_core::outcomes::save_event(tx, None, fair)).unwrap();
    // A photo and an agreement attached to the last visit before today.
    let first: Id = store
        .conn()
        .query_row("SELECT id FROM visits WHERE deleted_at IS NULL AND starts_at < '2022-06-01' ORDER BY starts_at DESC, id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let photo = dir.path().join("合影.jpg");
    std::fs::write(&photo, visitdesk_core::testing::photos::jpeg(64, 48)).unwrap();
    let agreement = dir.path().join("校企合作协议.pdf");
    std::fs::write(&agreement, b"%PDF-1.4 ok").unwrap();
    let to = visitdesk_core::attachments::Target { kind: Kind::Visit, id: first.clone() };
    visitdesk_core::attachments::attach(&mut store, &to, &[photo, agreement], now).unwrap();
    let conn = store.conn();
    let options = LedgerOptions { campaign: None, period: None, today: day(2022, 6, 1), book: Book::Ledger };
    let path = dir.path().join("台账.xlsx");
    ledger_book::export_xlsx(conn, &options, &path).unwrap();
    let book = python(READ_XLSX, &[&path]);

    let sheets: Vec<&str> = book.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "走访台账",
        "用人单位",
        "需求台账",
        "岗位信息",
        "实习实践基地",
        "重点单位",
        "新开拓单位",
        "毕业生跟踪",
        "招聘活动",
        "附件清单",
        "汇总",
    ];
    expected.sort();
    let mut got = sheets.clone();
    got.sort();
    assert_eq!(got, expected);
    for (name, sheet) in book.as_object().unwrap() {
        assert_eq!(sheet["freeze"], "A3", "{name}: title and header rows frozen");
        assert_eq!(sheet["print"], serde_json::json!(["$1:$2", "landscape", true, 0]), "{name}: printed one page wide");
        let title = sheet["rows"][0][0].as_str().unwrap();
        assert!(title.starts_with("示例职业技术学院"), "{name}: {title}");
    }

    // 用人单位: every live employer once, key employers flagged.
    let employers = employers::list(conn, &EmployerFilter::default()).unwrap();
    let rows = book["用人单位"]["rows"].as_array().unwrap();
    assert_eq!(rows[1][1], "单位名称");
    assert_eq!(rows.len() - 2, employers.len());
    let in_book: BTreeSet<(String, String, String)> = rows[2..]
        .iter()
        .map(|r| (r[1].as_str().unwrap().into(), r[2].as_str().unwrap_or("").into(), r[9].as_str().unwrap().into()))
        .collect();
    let in_store: BTreeSet<(String, String, String)> = employers
        .iter()
        .map(|e| {
            let d = &e.data;
            (d.name.clone(), d.credit_code.clone().unwrap_or_default(), if d.is_key { "是" } else { "否" }.into())
        })
        .collect();
    assert_eq!(in_book, in_store);
    // Key employers' rows are highlighted across every column, and only theirs.
    let highlighted: BTreeSet<&str> =
        book["用人单位"]["highlighted"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    let key: BTreeSet<&str> = employers.iter().filter(|e| e.data.is_key).map(|e| e.data.name.as_str()).collect();
    assert!(!key.is_empty());
    assert_eq!(highlighted, key);

    // 走访台账: the visits of the campaign window, dates as real dates in the campaign's zone.
    let figures = ledger::figures(conn, None, None, day(2022, 6, 1)).unwrap();
    let tz = ledger::zone_of(&figures.campaign);
    let (from, to) = (ledger::start_of_day(day(2022, 3, 1), tz), ledger::start_of_day(day(2022, 9, 1), tz));
    let visits = visits::rows_between(conn, from, to).unwrap();
    let rows = book["走访台账"]["rows"].as_array().unwrap();
    assert_eq!(rows.len() - 2, visits.len());
    assert_eq!(book["走访台账"]["date_format"], "yyyy-mm-dd");
    for (row, v) in rows[2..].iter().zip(&visits) {
        let date = v.visit.data.start().with_timezone(&tz).date_naive().to_string();
        assert_eq!((row[1].as_str().unwrap(), row[6].as_str().unwrap()), (date.as_str(), v.employer_name.as_str()));
    }
    let completed = rows[2..].iter().filter(|r| r[10] == "已完成").count();
    assert_eq!(completed as u32, figures.visits_completed);

    // 重点单位, 新开拓单位, 毕业生跟踪 and 招聘活动 hold what the ledger counts.
    let data_rows = |sheet: &str| book[sheet]["rows"].as_array().unwrap()[2..].to_vec();
    assert_eq!(data_rows("重点单位").len(), key.len());
    assert_eq!(data_rows("新开拓单位").len() as u32, figures.newly_developed.actual);
    assert_eq!(data_rows("毕业生跟踪").len() as u32, figures.satisfaction.surveys);
    let events = data_rows("招聘活动");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0][1].as_str(), events[0][6].as_u64(), events[0][7].as_u64()),
        (Some("双选会"), Some(320), Some(41))
    );
    assert_eq!(events[0][3].as_str().unwrap().matches('、').count(), 1, "both employers named");
    // 附件清单: each attachment of a visit by name and type, never its content.
    let attachments = data_rows("附件清单");
    let attached: Vec<(Option<&str>, Option<&str>)> =
        attachments.iter().map(|r| (r[3].as_str(), r[4].as_str())).collect();
    assert_eq!(attached, [(Some("合影.jpg"), Some("照片")), (Some("校企合作协议.pdf"), Some("PDF 文档"))]);

    // 汇总: the ledger's own figures.
    let summary = book["汇总"]["rows"].as_array().unwrap();
    let figure = |item: &str| summary.iter().find(|r| r[1] == item).unwrap()[2].as_u64().unwrap() as u32;
    assert_eq!(figure("新开拓用人单位"), figures.newly_developed.actual);
    assert_eq!(figure("已完成走访（次）"), figures.visits_completed);
    assert_eq!(figure("拓展岗位（个）"), figures.job_postings);
    assert_eq!(figure("实习实践基地（个）"), figures.internship_bases);
    assert_eq!(figure("招聘活动（场）"), 1);
    assert_eq!(figure("与对口高校共享岗位（人）"), figures.jobs_shared_with_pair);
    assert_eq!(figure("对口高校反馈就业（人）"), figures.pair_placements);
    let leader = &figures.leaders[0];
    let row = summary.iter().find(|r| r[1].as_str().is_some_and(|s| s.starts_with(&leader.name))).unwrap();
    assert_eq!(row[2].as_u64().unwrap() as u32, leader.employers_visited);

    // The CSV tables: UTF-8 with a byte-order mark, the same rows.
    let csv_dir = dir.path().join("csv");
    let files = ledger_book::export_csv(conn, &options, &csv_dir).unwrap();
    assert_eq!(files.len(), 11);
    let bytes = std::fs::read(csv_dir.join("用人单位.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let csv_rows = read::parse_csv(std::str::from_utf8(&bytes[3..]).unwrap()).unwrap();
    assert_eq!(csv_rows.len() - 1, employers.len());

    // The employer sheet imports back onto the same store as merges only: nothing new.
    let bytes = std::fs::read(&path).unwrap();
    let p = import::preview(conn, &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(p.layout.sheet.as_deref(), Some("用人单位"));
    assert_eq!((p.counts.created, p.counts.merged_existing as usize), (0, employers.len()));
    assert_eq!((p.counts.contacts_added, p.counts.employers_updated), (0, 0));
}

const READ_ICS: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps([{"uid": str(e['UID']), "start": e.decoded('DTSTART').isoformat(), "end": e.decoded('DTEND').isoformat(),
                   "summary": str(e['SUMMARY']), "location": str(e['LOCATION']), "description": str(e['DESCRIPTION']),
                   "sequence": int(e['SEQUENCE']), "status": str(e['STATUS']),
                   "alarms": [{"action": str(a['ACTION']), "before": -int(a.decoded('TRIGGER').total_seconds())}
                              for a in e.walk('VALARM')]} for e in cal.walk('VEVENT')], ensure_ascii=False))
"#;

#[test]
fn planned_visits_load_as_calendar_events_with_stable_uids() {
    let (dir, mut store) = new_store();
    let me = store.actor().clone();
    let (li, trip, first, second) = store
        .write(at(2022, 3, 1), |tx| {
            let li = tx.insert(person("李校长", Role::President))?.id;
            let a = tx
                .insert(Employer {
                    address: "苏州工业园区星湖街328号".into(), ..employer("苏州精密制造有限公司")
                })?;
            let b = tx.insert(employer("无锡新材料有限公司"))?;
            let trip = tx.insert(Trip {
                leader_id: me.clone(),
                title: "苏锡出访".into(),
                starts_on: day(2022, 3, 15),
                ends_on: day(2022, 3, 16),
                notes: String::new(),
            })?;
            let mut v1 = visit(&a.id, &me, at(2022, 3, 15));
            v1.participant_ids = vec![li.clone()];
            v1.objectives = "洽谈共建实习基地，推介数控专业毕业生".into();
            v1.trip_id = Some(trip.id.clone());
            v1.trip_seq = Some(1);
            let first = visits::plan(tx, v1)?;
            let mut v2 = visit(&b.id, &me, at(2022, 3, 16));
            v2.trip_id = Some(trip.id.clone());
            v2.trip_seq = Some(2);
            let second = visits::plan(tx, v2)?;
            // Not planned any more: not on the calendar.
            tx.insert(completed(visit(&b.id, &me, at(2022, 3, 10))))?;
            Ok((li, trip.id, first, second))
        })
        .unwrap();
    let path = dir.path().join("trip.ics");
    std::fs::write(&path, ics::calendar(store.conn(), &CalendarOf::Trip(trip.clone()), at(2022, 3, 2)).unwrap())
        .unwrap();
    let events = python(READ_ICS, &[&path]);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2);
    let e = &events[0];
    assert_eq!(e["uid"], ics::uid(&first.id));
    // 09:00–11:00 in Beijing is 01:00–03:00 UTC.
    assert_eq!(
        (e["start"].as_str().unwrap(), e["end"].as_str().unwrap()),
        ("2022-03-15T01:00:00+00:00", "2022-03-15T03:00:00+00:00")
    );
    assert_eq!(e["summary"], "走访：苏州精密制造有限公司");
    assert_eq!(e["location"], "苏州精密制造有限公司 苏州工业园区星湖街328号");
    let description = e["description"].as_str().unwrap();
    assert!(description.contains("带队：王书记") && description.contains("参与人员：李校长"), "{description}");
    assert!(description.contains("洽谈共建实习基地，推介数控专业毕业生"));
    assert_eq!(events[1]["uid"], ics::uid(&second.id));

    // The participant's calendar holds only the visit they join; an edit keeps the UID and
    // raises SEQUENCE, so a calendar app updates the event.
    let moved = Visit {
        planned_start: at(2022, 3, 15) + chrono::Duration::hours(1),
        planned_end: at(2022, 3, 15) + chrono::Duration::hours(3),
        ..records::get::<Visit>(store.conn(), &first.id).unwrap().data
    };
    store.write(at(2022, 3, 5), |tx| visits::edit(tx, &first.id, moved)).unwrap();
    std::fs::write(&path, ics::calendar(store.conn(), &CalendarOf::Person(li), at(2022, 3, 6)).unwrap()).unwrap();
    let events = python(READ_ICS, &[&path]);
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert_eq!(events[0]["uid"], ics::uid(&first.id));
    assert_eq!(
        (events[0]["start"].as_str().unwrap(), events[0]["sequence"].as_u64()),
        ("2022-03-15T02:00:00+00:00", Some(1))
    );
    // Alarms follow the reminder settings: a day and an hour before, by default.
    assert_eq!(events[0]["status"], "CONFIRMED");
    let before: Vec<u64> =
        events[0]["alarms"].as_array().unwrap().iter().map(|a| a["before"].as_u64().unwrap()).collect();
    assert_eq!(before, [24 * 3600, 3600]);
    assert!(events[0]["alarms"].as_array().unwrap().iter().all(|a| a["action"] == "DISPLAY"));

    // Cancelled, the visit stays in the file as cancelled under a higher SEQUENCE, so the phone
    // that imported it takes it off; with no reminders set, no alarm comes.
    store.write(at(2022, 3, 7), |tx| visits::cancel(tx, &first.id, "企业改期")).unwrap();
    let prefs = visitdesk_core::calendar::Preferences { reminder_minutes: Vec::new(), ..Default::default() };
    store.write(at(2022, 3, 7), |tx| visitdesk_core::calendar::save_preferences(tx, prefs).map(drop)).unwrap();
    std::fs::write(&path, ics::calendar(store.conn(), &CalendarOf::Trip(trip.clone()), at(2022, 3, 8)).unwrap())
        .unwrap();
    let events = python(READ_ICS, &[&path]);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0]["uid"].as_str(), events[0]["status"].as_str()),
        (Some(ics::uid(&first.id).as_str()), Some("CANCELLED"))
    );
    assert_eq!(events[0]["sequence"].as_u64(), Some(2));
    assert_eq!(events[1]["status"], "CONFIRMED");
    assert!(events.iter().all(|e| e["alarms"].as_array().unwrap().is_empty()));

    let err = ics::calendar(store.conn(), &CalendarOf::Trip(first.id.clone()), at(2022, 3, 6)).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

const READ_TABLE: &str = r#"
import json, sys, openpyxl, csv
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
with open(sys.argv[2], encoding="utf-8-sig", newline="") as f:
    csv_rows = list(csv.reader(f))
print(json.dumps({"sheets": wb.sheetnames, "freeze": ws.freeze_panes,
                  "rows": [list(r) for r in ws.iter_rows(values_only=True)], "csv": csv_rows}, ensure_ascii=False))
"#;

/// The data standard's 访企拓岗数据 table, read back with openpyxl and Python's csv: its column
/// order, the header on the first row, `YYYYMMDD` dates, the school code from the settings,
/// the province's 走访形式, and only the completed visits of the period.
#[test]
fn the_standards_table_reads_back_in_its_column_order() {
    let (dir, mut store) = new_store();
    let me = store.actor().clone();
    store
        .write(at(2022, 3, 1), |tx| {
            visitdesk_core::settings::save_school_code(tx, "4132010295")?;
            let a = tx.insert(Employer {
                credit_code: Some("91320594MA1MUMJ05W".into()),
                ..employer("苏州精密制造有限公司")
            })?;
            let b = tx.insert(employer("无锡新材料有限公司"))?;
            let mut first = completed(visit(&a.id, &me, at(2022, 3, 15)));
            first.outcome.channel_established = true;
            first.summary = "约定共建订单班".into();
            let first = tx.insert(first)?;
            tx.insert(DemandSurvey {
                visit_id: first.id.clone(),
                knowledge: String::new(),
                ability: String::new(),
                qualities: String::new(),
                industry_trend: String::new(),
                majors_wanted: vec!["数控技术".into(), "机电一体化技术".into()],
                abilities_wanted: Vec::new(),
                planned_hires: None,
                shortcomings: String::new(),
                suggestions: String::new(),
            })?;
            // 平均薪酬: (5 × 6,000 + 3 × 8,000) / 8 = 6,750; a posting without pay does not count.
            tx.insert(JobPosting {
                pay_min: Some(5_000),
                pay_max: Some(7_000),
                ..posting(&a.id, Some(&first.id), "数控操作工", 5)
            })?;
            tx.insert(JobPosting {
                pay_min: Some(8_000),
                pay_max: None,
                ..posting(&a.id, Some(&first.id), "质检员", 3)
            })?;
            tx.insert(posting(&a.id, Some(&first.id), "学徒", 2))?;
            tx.insert(InternshipBase {
                employer_id: a.id.clone(),
                visit_id: Some(first.id.clone()),
                name: "精密制造实习基地".into(),
                status: BaseStatus::Signed,
                established_on: None,
                capacity: Some(8),
                signed_on: None,
                term_ends_on: None,
                placements: Vec::new(),
            })?;
            tx.insert(Visit { mode: VisitMode::Online, ..completed(visit(&b.id, &me, at(2022, 4, 20))) })?;
            // Neither a plan nor a visit outside the period is reported.
            tx.insert(visit(&b.id, &me, at(2022, 4, 21)))?;
            tx.insert(completed(visit(&b.id, &me, at(2022, 6, 1))))?;
            Ok(())
        })
        .unwrap();
    let options = LedgerOptions {
        campaign: None,
        period: Some(ledger::Period::new(day(2022, 3, 1), day(2022, 5, 31)).unwrap()),
        today: day(2022, 6, 15),
        book: Book::Standard,
    };
    let xlsx = dir.path().join("访企拓岗数据.xlsx");
    ledger_book::export_xlsx(store.conn(), &options, &xlsx).unwrap();
    let files = ledger_book::export_csv(store.conn(), &options, &dir.path().join("csv")).unwrap();
    assert_eq!(files.len(), 1);
    let read = python(READ_TABLE, &[&xlsx, &files[0]]);
    assert_eq!(read["sheets"], serde_json::json!(["访企拓岗数据"]));
    assert_eq!(read["freeze"], "A2");
    let header = [
        "序号",
        "学校标识码",
        "走访企业名称",
        "走访企业统一社会信用代码",
        "需求专业代码",
        "需求专业名称",
        "可提供岗位数",
        "平均薪酬（元）",
        "牵头拜访人",
        "职务",
        "拜访时间",
        "企业接待人姓名",
        "接待人职务",
        "访谈成果主要形式",
        "接受实习生人数",
        "其他达成意向的合作",
        "走访形式",
    ];
    assert_eq!(read["rows"][0], serde_json::json!(header));
    let rows = read["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let first = &rows[1];
    assert_eq!(first[1], "4132010295");
    assert_eq!((first[2].as_str(), first[3].as_str()), (Some("苏州精密制造有限公司"), Some("91320594MA1MUMJ05W")));
    assert_eq!(first[5], "数控技术、机电一体化技术");
    assert_eq!((first[6].as_i64(), first[7].as_i64(), first[14].as_i64()), (Some(10), Some(6750), Some(8)));
    assert_eq!(
        (first[8].as_str(), first[9].as_str(), first[10].as_str()),
        (Some("王书记"), Some("党委书记"), Some("20220315"))
    );
    assert_eq!(first[13], "建立就业合作渠道、提供就业岗位、共建实习实践基地");
    assert_eq!((first[15].as_str(), first[16].as_str()), (Some("约定共建订单班"), Some("实地走访")));
    assert_eq!((rows[2][10].as_str(), rows[2][16].as_str()), (Some("20220420"), Some("线上视频会议")));
    // The CSV holds the same table, header first.
    let csv = read["csv"].as_array().unwrap();
    assert_eq!(csv[0], serde_json::json!(header));
    assert_eq!(csv.len(), 3);
    assert_eq!(
        (csv[1][2].as_str(), csv[1][10].as_str(), csv[1][6].as_str()),
        (Some("苏州精密制造有限公司"), Some("20220315"), Some("10"))
    );
}

/// What one school exports as the standard's table, another store imports as past visits: the
/// demo campaign's completed visits, employers, each leader's employers and the job headcount
/// arrive whole, with every leader added as a person once confirmed. The table keeps a visit's
/// day, not its hour, so a leader's second visit to one employer on one day is taken for the
/// same row typed twice and skipped (the demo has one).
#[test]
fn the_standards_table_imports_back_as_past_visits() {
    let (_from_dir, mut from) = new_store();
    let now = at(2022, 6, 15);
    demo::fill(&mut from, Size::Small, 3, now).unwrap();
    let options = LedgerOptions { campaign: None, period: None, today: now.date_naive(), book: Book::Standard };
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("访企拓岗数据.xlsx");
    ledger_book::export_xlsx(from.conn(), &options, &xlsx).unwrap();
    let sent = ledger::figures(from.conn(), None, None, now.date_naive()).unwrap();

    let (_to_dir, mut to) = new_store();
    let bytes = read::load(&xlsx).unwrap();
    let visits =
        ImportOptions { importing: import::Importing::Visits, create_people: true, ..ImportOptions::default() };
    let committed = import::commit(&mut to, &bytes, &visits, now).unwrap();
    let counts = &committed.preview.counts;
    assert_eq!(counts.rejected, 0);
    let twice =
        committed.preview.rows.iter().filter(|r| r.issues.iter().any(|i| i.code == import::IssueCode::VisitExists));
    assert_eq!((twice.count(), counts.skipped), (1, 1));
    let got = ledger::figures(to.conn(), None, None, now.date_naive()).unwrap();
    assert_eq!(got.visits_completed + 1, sent.visits_completed);
    assert_eq!(got.employers_visited, sent.employers_visited);
    assert_eq!(got.job_headcount, sent.job_headcount - own_headcount(&from));
    // Who led a visit to whom in the campaign: the table names the lead, not the others who
    // came along.
    let (from_at, to_at) = sent.period.instants(ledger::zone_of(&sent.campaign));
    let leaders = |s: &visitdesk_core::store::Store| -> BTreeSet<(String, String)> {
        let mut stmt = s
            .conn()
            .prepare(
                "SELECT p.data ->> 'name', e.data ->> 'name' FROM visits v
                 JOIN people p ON p.id = v.data ->> 'lead_id' JOIN employers e ON e.id = v.employer_id
                 WHERE v.status = 'completed' AND v.deleted_at IS NULL AND v.starts_at >= ?1 AND v.starts_at < ?2",
            )
            .unwrap();
        stmt.query_map([&from_at, &to_at], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(leaders(&to), leaders(&from));
}

/// The headcount of postings recorded outside any visit, which the standard's table (one row
/// per visit) does not carry.
fn own_headcount(store: &visitdesk_core::store::Store) -> u32 {
    records::list::<JobPosting>(store.conn(), "visit_id IS NULL", "id", [])
        .unwrap()
        .iter()
        .map(|p| p.data.headcount)
        .sum()
}
