//! The printable documents as a reader gets them: generated from the `campus` demo store (and
//! from hostile content), then read back with poppler (`pdftotext`, `pdffonts`) and checked
//! with `qpdf --check`. Figures are the ledger's, never typed in here.
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use visitdesk_core::demo::{self, Size};
use visitdesk_core::ids::Id;
use visitdesk_core::ledger;
use visitdesk_core::model::*;
use visitdesk_core::report::{self, Document};
use visitdesk_core::store::Store;
use visitdesk_core::testing::*;
use visitdesk_core::visits;

/// 1 June 2022, 10:00 in Beijing: mid-campaign, with visits behind and ahead.
fn now() -> chrono::DateTime<chrono::Utc> {
    at(2022, 6, 1) + chrono::Duration::hours(1)
}

struct Campus {
    store: Store,
    _dir: tempfile::TempDir,
}

/// The campus demo store, built once for all the stories in this file.
fn campus() -> std::sync::MutexGuard<'static, Campus> {
    static CAMPUS: OnceLock<Mutex<Campus>> = OnceLock::new();
    CAMPUS
        .get_or_init(|| {
            let (dir, mut store) = new_store();
            demo::fill(&mut store, Size::Campus, 7, now()).unwrap();
            Mutex::new(Campus { store, _dir: dir })
        })
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What a reader of the PDF finds: its text without whitespace (lines and table cells break
/// anywhere) and its page count. Checks the file with qpdf, and that every font is embedded
/// and subset.
struct Read {
    text: String,
    pages: usize,
    bytes: usize,
}

fn read(doc: &Document) -> Read {
    let pdf = doc.render(&mut |_, _| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let file = path.to_str().unwrap();
    run("qpdf", &["--check", file]);
    let fonts = run("pdffonts", &[file]);
    let rows: Vec<Vec<&str>> = fonts.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert!(!rows.is_empty(), "no font in the PDF");
    for row in &rows {
        // … emb sub uni object-number generation
        let n = row.len();
        assert_eq!(&row[n - 5..n - 2], ["yes", "yes", "yes"], "font not embedded, subset and mapped: {fonts}");
        assert!(row[0].contains('+'), "subset fonts are named XXXXXX+Name: {fonts}");
    }
    let text = run("pdftotext", &["-enc", "UTF-8", file, "-"]);
    // KEEP_PDF=/some/prefix keeps each document, to look at its pages.
    if let Ok(prefix) = std::env::var("KEEP_PDF") {
        std::fs::write(format!("{prefix}-{}.pdf", squash(&doc.title)), &pdf.bytes).unwrap();
    }
    let pages = text.matches('\u{c}').count();
    assert_eq!(pages, pdf.pages);
    Read { text: squash(&text), pages, bytes: pdf.bytes.len() }
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn has(read: &Read, expected: &str) -> bool {
    read.text.contains(&squash(expected))
}

/// The trip with the most stops.
fn longest_trip(store: &Store) -> Id {
    store
        .conn()
        .query_row(
            "SELECT trip_id FROM visits WHERE trip_id IS NOT NULL AND deleted_at IS NULL
             GROUP BY trip_id ORDER BY count(*) DESC, trip_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_briefing_pack_has_every_stop_of_the_trip() {
    let campus = campus();
    let conn = campus.store.conn();
    let trip = longest_trip(&campus.store);
    let stops = visits::trip_stops(conn, &trip).unwrap();
    assert!(stops.len() >= 2);
    let doc = report::brief(conn, &campus.store.vault(), &trip, now()).unwrap();
    let read = read(&doc);
    let title = visitdesk_core::store::records::get::<Trip>(conn, &trip).unwrap().data.title;
    assert!(has(&read, &title));
    for (n, stop) in stops.iter().enumerate() {
        assert!(has(&read, &format!("第 {} 站 · {}", n + 1, stop.employer_name)), "stop {n} missing");
    }
    // A cover, then a section per stop, each with the running header and footer.
    assert!(read.pages > stops.len());
    assert!(read.bytes < 1_000_000, "{} bytes", read.bytes);
    assert!(has(&read, &format!("第 1 页 / 共 {} 页", read.pages)));
    assert!(has(&read, "内部资料 注意保存"));
    assert!(has(&read, SCHOOL));
    assert!(has(&read, "行程安排") && has(&read, "现场记录") && has(&read, "历次走访"));
}

#[test]
fn the_summary_carries_the_ledgers_figures() {
    let campus = campus();
    let conn = campus.store.conn();
    let today = ledger::today(conn, now()).unwrap();
    let f = ledger::figures(conn, None, None, today.date).unwrap();
    let read = read(&report::summary(conn, &campus.store.vault(), None, None, now()).unwrap());
    assert!(has(&read, &format!("完成走访 {} 次", f.visits_completed)));
    assert!(has(&read, &format!("走访用人单位 {} 家", f.employers_visited)));
    assert!(has(&read, &format!("{} 个，需求 {} 人", f.job_postings, f.job_headcount)));
    assert!(has(&read, &format!("实习实践基地 {} 个", f.internship_bases)));
    assert!(has(&read, &format!("逾期跟进事项 {} 项", f.overdue_tasks)));
    // Each principal leader's bar says where they are against the target.
    let principals: Vec<_> = f.leaders.iter().filter(|l| l.pace.is_some()).collect();
    assert!(!principals.is_empty());
    for l in principals {
        let p = l.pace.as_ref().unwrap();
        assert!(has(&read, &format!("{} / {} 家单位", p.actual, p.target)), "{}", l.name);
        assert!(has(&read, &l.name));
    }
    let n = &f.newly_developed;
    assert!(has(&read, &format!("已新开拓用人单位 {} 家", n.actual)));
    assert!(has(&read, &format!("预计期末可达 {:.0} 家", n.projected)));
    // The majors asked for most, as the ledger ranks them.
    let demand = ledger::demand(conn, &f.campaign, f.period, 10).unwrap();
    assert!(!demand.majors.is_empty() && !demand.abilities.is_empty());
    let top = &demand.majors[0];
    assert!(has(&read, &format!("1{}{}", top.label, top.count)), "top major {top:?}");
    assert!(has(&read, &format!("{:.1} / 5", f.satisfaction.moral.unwrap())));

    // A period gives that period's figures.
    let may = ledger::Period::new(day(2022, 5, 1), day(2022, 5, 31)).unwrap();
    let f = ledger::figures(conn, None, Some(may), today.date).unwrap();
    let read = self::read(&report::summary(conn, &campus.store.vault(), Some(may), None, now()).unwrap());
    assert!(has(&read, "统计期间：2022-05-01 至 2022-05-31"));
    assert!(has(&read, &format!("完成走访 {} 次", f.visits_completed)));
    // Progress toward the targets runs from the start of the campaign to the end of the period.
    let upto = ledger::Period::new(day(2022, 3, 1), day(2022, 5, 31)).unwrap();
    let p = ledger::figures(conn, None, Some(upto), day(2022, 5, 31)).unwrap().newly_developed;
    assert!(has(&read, &format!("已新开拓用人单位 {} 家", p.actual)));
    assert!(has(&read, &format!("按期应达 {:.0} 家", p.expected_by_now)));
    assert!(has(&read, "累计至 2022-05-31"));
    // Half a period is refused, not taken for the whole campaign.
    let half = report::ReportRequest::Summary { from: Some(day(2022, 5, 1)), to: None, case_visit_id: None };
    assert_eq!(
        report::make(conn, &campus.store.vault(), half, now()).err().map(|e| e.code().to_string()).as_deref(),
        Some("validation.required")
    );
}

#[test]
fn a_visit_sheet_records_one_visit_with_a_signature_line() {
    let campus = campus();
    let conn = campus.store.conn();
    // A completed visit that obtained job postings.
    let visit: Id = conn
        .query_row(
            "SELECT v.id FROM visits v JOIN job_postings j ON j.visit_id = v.id
             WHERE v.status = 'completed' AND v.deleted_at IS NULL ORDER BY v.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let d = visits::detail(conn, &visit).unwrap();
    let read = read(&report::visit_sheet(conn, &campus.store.vault(), &visit, now()).unwrap());
    assert!(has(&read, "走访记录表"));
    assert!(has(&read, &d.employer.data.name));
    assert!(has(&read, &d.lead_name));
    for p in &d.job_postings {
        assert!(has(&read, &p.data.title));
    }
    assert!(has(&read, "带队校领导（签字）"));
    assert!(read.pages <= 2, "one visit on one or two pages, not {}", read.pages);
}

#[test]
fn the_recovery_sheet_shows_the_key() {
    let key = "7K2M-Q9XD-4RTB-8NWE-3HJC-5PVA-6YFG-2ZSU";
    let read = read(&report::recovery_sheet(SCHOOL, key, day(2022, 2, 1)));
    assert!(has(&read, key));
    assert!(has(&read, "数据恢复密钥") && has(&read, SCHOOL) && has(&read, "保管人（签字）"));
    assert_eq!(read.pages, 1);
}

#[test]
fn hostile_content_still_gives_a_sound_document() {
    let (_dir, mut store) = new_store();
    let me = store.actor().clone();
    let long_name = format!("{}有限公司", "超长名称的用人单位".repeat(21));
    let url = format!("https://example.com/{}", "very-long-path-segment/".repeat(20));
    let trip = store
        .write(at(2022, 3, 1), |tx| {
            let long = tx.insert(employer(&long_name))?;
            let emoji = tx.insert(Employer {
                address: String::new(),
                region: String::new(),
                industry: String::new(),
                notes: format!("官网 {url}"),
                ..employer("笑脸😀科技 Ünïcødé Straße 株式会社 한국어")
            })?;
            let trip = tx.insert(Trip {
                leader_id: me.clone(),
                title: "🚄 华东行".into(),
                starts_on: day(2022, 6, 10),
                ends_on: day(2022, 6, 12),
                notes: String::new(),
            })?;
            // Thousands of earlier visits to one employer.
            for i in 0..2_000 {
                let start = at(2022, 3, 2) + chrono::Duration::hours(i);
                tx.insert(Visit {
                    summary: format!("第{i}次回访，沟通顺利。"),
                    ..completed(visit(&long.id, &me, start))
                })?;
            }
            for (seq, e) in [&long.id, &emoji.id].into_iter().enumerate() {
                tx.insert(Visit {
                    trip_id: Some(trip.id.clone()),
                    trip_seq: Some(seq as u32 + 1),
                    objectives: if seq == 0 { String::new() } else { format!("洽谈😀合作，参考{url}。") },
                    ..visit(e, &me, at(2022, 6, 10 + seq as u32))
                })?;
            }
            Ok(trip.id)
        })
        .unwrap();
    let read = read(&report::brief(store.conn(), &store.vault(), &trip, at(2022, 6, 1)).unwrap());
    // The long name arrives whole; missing glyphs show as □, never vanish.
    assert!(has(&read, &long_name));
    assert!(has(&read, "笑脸□科技ÜnïcødéStraße株式会社□□□"));
    assert!(has(&read, "□华东行"));
    assert!(has(&read, &url));
    // Only the latest earlier visits are listed, with a note of the rest.
    assert!(has(&read, "另有 1980 条走访记录未列出（共 2000 条）"));
    assert!(read.pages < 12, "{} pages", read.pages);
}

/// The pictures of a PDF as `pdfimages -list` gives them: (page, width, height, object).
fn images(pdf: &[u8]) -> Vec<(usize, u32, u32, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let listed = run("pdfimages", &["-list", path.to_str().unwrap()]);
    listed
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[0].parse().unwrap(), c[3].parse().unwrap(), c[4].parse().unwrap(), format!("{} {}", c[10], c[11]))
        })
        .collect()
}

#[test]
fn photos_are_printed_downscaled_and_embedded_once() {
    use visitdesk_core::attachments::{self, AttachmentEdit, Target};
    use visitdesk_core::testing::photos::jpeg;
    let (_dir, mut store) = new_store();
    let me = store.actor().clone();
    let files = tempfile::tempdir().unwrap();
    let (employer, earlier, trip) = store
        .write(at(2022, 6, 1), |tx| {
            let e = tx.insert(employer("苏州精密制造有限公司"))?;
            let earlier = tx.insert(Visit {
                outcome: Outcome {
                    exemplary: "校企共建智能制造订单班，首批录用 12 人。".into(),
                    channel_established: true,
                    ..Outcome::default()
                },
                ..completed(visit(&e.id, &me, at(2022, 5, 10)))
            })?;
            let trip = tx.insert(Trip {
                title: "苏州行".into(),
                leader_id: me.clone(),
                starts_on: day(2022, 6, 10),
                ends_on: day(2022, 6, 11),
                notes: String::new(),
            })?;
            // Two stops at the same employer: both show the earlier visit's photos.
            for seq in 0..2u32 {
                tx.insert(Visit {
                    trip_id: Some(trip.id.clone()),
                    trip_seq: Some(seq + 1),
                    ..visit(&e.id, &me, at(2022, 6, 10 + seq))
                })?;
            }
            Ok((e.id, earlier.id, trip.id))
        })
        .unwrap();
    let photo = files.path().join("签约仪式.jpg");
    std::fs::write(&photo, jpeg(3000, 2000)).unwrap();
    let small = files.path().join("挂牌.jpg");
    std::fs::write(&small, jpeg(800, 600)).unwrap();
    let to = Target { kind: Kind::Visit, id: earlier.clone() };
    let added = attachments::attach(&mut store, &to, &[photo, small], at(2022, 6, 1)).unwrap().added;
    for (a, caption) in added.iter().zip(["签约仪式", "基地挂牌"]) {
        let edit = AttachmentEdit { caption: caption.into(), in_documents: true };
        store.write(at(2022, 6, 1), |tx| attachments::edit(tx, &a.id, &edit)).unwrap();
    }
    let vault = store.vault();

    // The visit sheet: both photos, the large one downscaled to the document copy's 1600 px.
    let sheet = report::visit_sheet(store.conn(), &vault, &earlier, at(2022, 6, 1)).unwrap();
    let read_sheet = read(&sheet);
    assert!(has(&read_sheet, "现场照片") && has(&read_sheet, "签约仪式") && has(&read_sheet, "基地挂牌"));
    let pdf = sheet.render(&mut |_, _| {}).unwrap().bytes;
    let mut sizes: Vec<(u32, u32)> = images(&pdf).iter().map(|i| (i.1, i.2)).collect();
    sizes.sort();
    assert_eq!(sizes, [(800, 600), (1600, 1067)]);

    // The briefing pack shows them at both stops: four placements of two pictures, each
    // embedded once.
    let brief = report::brief(store.conn(), &vault, &trip, at(2022, 6, 1)).unwrap();
    let pdf = brief.render(&mut |_, _| {}).unwrap().bytes;
    let placed = images(&pdf);
    let pages: std::collections::BTreeSet<usize> = placed.iter().map(|i| i.0).collect();
    let objects: std::collections::BTreeSet<&String> = placed.iter().map(|i| &i.3).collect();
    assert_eq!((placed.len(), pages.len(), objects.len()), (4, 2, 2), "{placed:?}");

    // The summary's 典型案例 page: the visit's text, outcomes and photos.
    let summary = report::summary(store.conn(), &vault, None, Some(&earlier), at(2022, 6, 1)).unwrap();
    let read_summary = read(&summary);
    assert!(has(&read_summary, "九、典型案例") && has(&read_summary, "校企共建智能制造订单班"));
    assert_eq!(images(&summary.render(&mut |_, _| {}).unwrap().bytes).len(), 2);
    // Without it, no such page.
    assert!(!has(&read(&report::summary(store.conn(), &vault, None, None, at(2022, 6, 1)).unwrap()), "典型案例"));
    let _ = employer;
}
