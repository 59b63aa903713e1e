//! The `visitdesk` binary as a user runs it: exit codes, JSON errors, and what it leaves on disk.
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";

fn visitdesk(store: &Path, passphrase: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_visitdesk"))
        .args(args)
        .env("VISITDESK_STORE", store)
        .env("VISITDESK_PASSPHRASE", passphrase)
        .env("VISITDESK_NOW", "2022-06-01T02:00:00Z")
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env_remove("VISITDESK_PERSON")
        .output()
        .expect("visitdesk runs")
}

fn init(dir: &Path) -> String {
    let out = json(visitdesk(dir, PASS, common::INIT));
    out["recovery_key"].as_str().unwrap().to_string()
}

fn digests(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn init_prints_the_recovery_key_once() {
    let dir = tempfile::tempdir().unwrap();
    let key = init(dir.path());
    assert_eq!(key.len(), 39);
    for (name, bytes) in digests(dir.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&key) && !text.contains(&key.replace('-', "")), "{name} holds the recovery key");
    }
}

#[test]
fn a_wrong_passphrase_exits_3_and_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(visitdesk(dir.path(), PASS, &["employer", "add", "--name", "华为技术有限公司"]));
    let before = digests(dir.path());
    for args in [&["progress"][..], &["employer", "list"], &["check"]] {
        let out = visitdesk(dir.path(), "not the passphrase", args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("wrong"));
    }
    let out = visitdesk(dir.path(), "not the passphrase", &["--json", "progress"]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "store.wrong_secret");
    // Only the count of wrong passphrases (for the unlock delay) is written.
    let mut after = digests(dir.path());
    after.retain(|(name, _)| !name.ends_with("unlock-failures.json"));
    assert_eq!(after, before);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    assert_eq!(visitdesk(dir.path(), PASS, &["employer", "frobnicate"]).status.code(), Some(2));
    assert_eq!(visitdesk(dir.path(), PASS, &["demo", "--size", "huge"]).status.code(), Some(2));
    assert_eq!(visitdesk(dir.path(), PASS, &["employer", "show", "not-an-id"]).status.code(), Some(2));
    // An impossible date is refused while parsing.
    let out = visitdesk(dir.path(), PASS, &["progress", "--from", "2022-02-30", "--to", "2022-03-01"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_input_is_a_typed_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let out = visitdesk(
        dir.path(),
        PASS,
        &["--json", "employer", "add", "--name", "某公司", "--credit-code", "91350100M000100Y44"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "validation.credit_code_check");
    let list = json(visitdesk(dir.path(), PASS, &["--json", "employer", "list"]));
    assert_eq!(list.as_array().unwrap().len(), 0);
}

/// The shipped holiday schedules are listed; an admin adds a later year's days, and one set
/// twice is changed, not doubled.
#[test]
fn holidays_are_listed_and_an_admin_adds_next_years() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let days = json(visitdesk(dir.path(), PASS, &["--json", "holidays", "list", "--year", "2023"]));
    let days = days.as_array().unwrap();
    let on = |d: &str| days.iter().find(|x| x["on"] == d).cloned().unwrap_or_default();
    assert_eq!(
        (on("2023-10-01")["day_type"].as_str(), on("2023-10-01")["name"].as_str()),
        (Some("holiday"), Some("国庆节"))
    );
    assert_eq!(on("2023-10-07")["day_type"], "workday");
    let text = String::from_utf8(visitdesk(dir.path(), PASS, &["holidays", "list", "--year", "2027"]).stdout).unwrap();
    assert!(text.contains("visitdesk holidays set"), "{text}");
    for kind in ["workday", "holiday"] {
        let out = visitdesk(dir.path(), PASS, &["holidays", "set", "2027-10-02", kind, "国庆节"]);
        assert!(out.status.success(), "{out:?}");
    }
    let added = json(visitdesk(dir.path(), PASS, &["--json", "holidays", "list", "--year", "2027"]));
    assert_eq!(added.as_array().unwrap().len(), 1);
    assert_eq!(added[0]["day_type"], "holiday");
    assert!(added[0]["added"].is_string(), "{added}");
    let bad = visitdesk(dir.path(), PASS, &["holidays", "set", "1999-10-01", "holiday", "国庆节"]);
    assert_eq!(bad.status.code(), Some(1));

    // A year's schedule from a table: all of it, or with a bad row none of it.
    let files = tempfile::tempdir().unwrap();
    let table = files.path().join("2028.csv");
    std::fs::write(&table, "日期,类型,名称\n2028-10-01,放假,国庆节\n2028-10-07,上班,国庆节\n").unwrap();
    let done = json(visitdesk(dir.path(), PASS, &["--json", "holidays", "import", table.to_str().unwrap()]));
    assert_eq!(done["days"], 2);
    std::fs::write(&table, "日期,类型,名称\n2029-10-01,放假,国庆节\n2029-10-08,请假,国庆节\n").unwrap();
    let out = visitdesk(dir.path(), PASS, &["--json", "holidays", "import", table.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exchange.bad_row"));
    let none = json(visitdesk(dir.path(), PASS, &["--json", "holidays", "list", "--year", "2029"]));
    assert_eq!(none.as_array().unwrap().len(), 0);
}

#[test]
fn a_visit_from_plan_to_progress() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let e = json(visitdesk(
        dir.path(),
        PASS,
        &["--json", "employer", "add", "--name", "苏州绿叶精密机械有限公司", "--developed-on", "2022-04-01"],
    ));
    let e = e["id"].as_str().unwrap();
    let dup = visitdesk(dir.path(), PASS, &["employer", "add", "--name", "苏州绿叶精密机械有限责任公司"]);
    assert_eq!(dup.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("苏州绿叶精密机械有限公司"));
    ok(visitdesk(dir.path(), PASS, &["person", "add", "--name", "李校长", "--role", "president"]));
    let v = json(visitdesk(
        dir.path(),
        PASS,
        &[
            "--json",
            "visit",
            "plan",
            "--employer",
            e,
            "--lead",
            "王书记",
            "--participant",
            "李校长",
            "--start",
            "2022-05-10 09:00",
            "--end",
            "2022-05-10 11:00",
        ],
    ));
    let v = v["id"].as_str().unwrap();
    ok(visitdesk(
        dir.path(),
        PASS,
        &[
            "visit",
            "complete",
            v,
            "--summary",
            "同意共建实习基地",
            "--channel",
            "--job",
            "机械工程师:5:机械设计",
            "--base",
            "绿叶实习基地",
        ],
    ));
    ok(visitdesk(
        dir.path(),
        PASS,
        &["survey", "add", "followup", "--visit", v, "--moral", "5", "--literacy", "4", "--ability", "3"],
    ));
    let bad = visitdesk(
        dir.path(),
        PASS,
        &["survey", "add", "followup", "--visit", v, "--moral", "6", "--literacy", "4", "--ability", "3"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let p = json(visitdesk(dir.path(), PASS, &["--json", "progress"]));
    assert_eq!(p["leaders"][0]["employers_visited"], 1);
    assert_eq!(p["leaders"][1]["employers_visited"], 1);
    assert_eq!(p["newly_developed"]["actual"], 1);
    assert_eq!(p["job_headcount"], 5);
    assert_eq!(p["satisfaction"]["ability"], 3.0);
    let hits = json(visitdesk(dir.path(), PASS, &["--json", "search", "实习"]));
    assert!(hits.as_array().unwrap().iter().any(|h| h["kind"] == "visit"));
    assert!(ok(visitdesk(dir.path(), PASS, &["check"])).contains("ok"));
}

#[test]
fn a_demo_store_holds_no_employer_name_in_plain_bytes() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(visitdesk(dir.path(), PASS, &["demo", "--size", "small", "--seed", "7"]));
    let list = json(visitdesk(dir.path(), PASS, &["--json", "employer", "list"]));
    let names: Vec<String> = list.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string()).collect();
    assert!(names.len() >= 40, "{} employers", names.len());
    let files = digests(dir.path());
    assert!(files.iter().any(|(n, _)| n.ends_with("visitdesk.db")));
    for name in &names {
        for (file, bytes) in &files {
            assert!(!holds(bytes, name), "{file} holds {name} in plain bytes");
        }
    }
    // The scan finds a name that is there, so it cannot pass by never matching.
    assert!(holds(format!("xx{}xx", names[0]).as_bytes(), &names[0]));
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// `init` with its arguments and any `extra` ones.
fn init_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = common::INIT.to_vec();
    args.extend_from_slice(extra);
    args
}

fn is_pdf(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"%PDF-") && b.len() > 1_000)
}

#[test]
fn reports_are_written_as_pdf_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = |name: &str| out.path().join(name).display().to_string();

    // A sheet that cannot be written stops init before the store exists.
    let nowhere = out.path().join("no/such/folder/key.pdf").display().to_string();
    let failed = visitdesk(dir.path(), PASS, &init_args(&["--recovery-sheet", &nowhere]));
    assert_eq!(failed.status.code(), Some(1));
    assert!(!dir.path().join("keyslots.json").exists() && !dir.path().join("visitdesk.db").exists());

    let created = json(visitdesk(dir.path(), PASS, &init_args(&["--recovery-sheet", &file("key.pdf")])));
    assert_eq!(created["recovery_key"].as_str().unwrap().len(), 39);
    assert!(is_pdf(Path::new(&file("key.pdf"))));

    ok(visitdesk(dir.path(), PASS, &["demo", "--size", "small", "--seed", "7"]));
    let visits = json(visitdesk(dir.path(), PASS, &["--json", "visit", "list", "--status", "completed"]));
    let visit = visits[0]["visit"]["id"].as_str().unwrap();
    // The briefing pack's trip, from the list of trips.
    let trips = json(visitdesk(dir.path(), PASS, &["--json", "trip", "list"]));
    let trip = trips[0]["trip"]["id"].as_str().unwrap();

    let brief =
        json(visitdesk(dir.path(), PASS, &["--json", "report", "brief", "--trip", trip, "--out", &file("b.pdf")]));
    assert!(brief["pages"].as_u64().unwrap() >= 2);
    assert_eq!(brief["bytes"].as_u64().unwrap(), std::fs::metadata(file("b.pdf")).unwrap().len());
    let text = ok(visitdesk(dir.path(), PASS, &["report", "summary", "--out", &file("s.pdf")]));
    assert!(text.contains("工作简报") && text.contains("s.pdf"), "{text}");
    ok(visitdesk(
        dir.path(),
        PASS,
        &["report", "summary", "--from", "2022-05-01", "--to", "2022-05-31", "--out", &file("m.pdf")],
    ));
    ok(visitdesk(dir.path(), PASS, &["report", "visit", "--visit", visit, "--out", &file("v.pdf")]));
    for name in ["b.pdf", "s.pdf", "m.pdf", "v.pdf"] {
        assert!(is_pdf(Path::new(&file(name))), "{name}");
    }

    // Half a period is a usage error; an unknown trip is not found.
    let half = visitdesk(dir.path(), PASS, &["report", "summary", "--from", "2022-05-01", "--out", &file("h.pdf")]);
    assert_eq!(half.status.code(), Some(2));
    let missing = visitdesk(dir.path(), PASS, &["--json", "report", "brief", "--trip", visit, "--out", &file("x.pdf")]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not_found"));
    assert!(!Path::new(&file("h.pdf")).exists() && !Path::new(&file("x.pdf")).exists());
}

/// `import visits`: a dry run lists each row with its day and leader and writes nothing; the
/// leader not among the people rejects the row until `--create-people` confirms adding them.
#[test]
fn past_visits_import_with_dry_run_then_create_people() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    init(dir.path());
    let csv = files.path().join("走访台账.csv");
    let text = "序号,走访企业名称,牵头拜访人,职务,拜访时间,可提供岗位数,走访形式\n\
                1,华东机电有限公司,王书记,党委书记,20220315,约10,实地走访\n\
                2,甲公司,孙副校长,副校长,2022年4月2日,3,线上视频会议\n\
                合计,,,,,13,\n";
    std::fs::write(&csv, text).unwrap();
    let arg = csv.to_str().unwrap();

    let dry = json(visitdesk(dir.path(), PASS, &["--json", "import", "visits", arg, "--dry-run"]));
    let n = |v: &serde_json::Value, k: &str| v["counts"][k].as_u64().unwrap();
    assert_eq!((n(&dry, "visits_added"), n(&dry, "rejected"), n(&dry, "skipped")), (1, 1, 1));
    assert_eq!(dry["rows"][0]["visited_on"], "2022-03-15");
    assert_eq!(dry["rows"][0]["issues"][0]["code"], "number_approx");
    assert_eq!(dry["rows"][1]["issues"][0]["code"], "leader_unknown");
    let listed = json(visitdesk(dir.path(), PASS, &["--json", "employer", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 0, "a dry run writes nothing");

    let text = ok(visitdesk(dir.path(), PASS, &["import", "visits", arg, "--create-people"]));
    assert!(text.contains("visits 2, people added 1, job postings 2"), "{text}");
    let people = json(visitdesk(dir.path(), PASS, &["--json", "person", "list"]));
    assert!(people.as_array().unwrap().iter().any(|p| p["name"] == "孙副校长"), "{people}");
}

#[test]
fn import_previews_with_dry_run_then_commits_and_exports_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    init(dir.path());
    let csv = files.path().join("单位.csv");
    let text = "2022年合作单位\n单位名称,统一社会信用代码,联系人,手机\n华东机电有限公司,91320500MA1MX6KC3N,陈一,13812345678\n\
                华东机电有限责任公司,,林二,13987654321\n甲公司,91350100M000100Y44,,\n合计,,,\n";
    std::fs::write(&csv, text).unwrap();
    let arg = csv.to_str().unwrap();

    let dry = json(visitdesk(dir.path(), PASS, &["--json", "import", "employers", arg, "--dry-run"]));
    assert_eq!(dry["encoding"], "utf8");
    assert_eq!(dry["header_row"], 2);
    let counts = &dry["counts"];
    let n = |k: &str| counts[k].as_u64().unwrap();
    assert_eq!((n("created"), n("merged_in_file"), n("rejected"), n("skipped")), (1, 1, 1, 1));
    let listed = json(visitdesk(dir.path(), PASS, &["--json", "employer", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 0, "a dry run writes nothing");

    let text = ok(visitdesk(dir.path(), PASS, &["import", "employers", arg, "--keep-bad-credit-codes"]));
    assert!(text.contains("created 2, merged into existing 0, merged within the file 1, rejected 0"), "{text}");
    let listed = json(visitdesk(dir.path(), PASS, &["--json", "employer", "list"]));
    assert_eq!(listed.as_array().unwrap().len(), 2);

    let out = visitdesk(dir.path(), PASS, &["--json", "import", "employers", arg, "--encoding", "klingon"]);
    assert_eq!(out.status.code(), Some(2));
    let out = visitdesk(dir.path(), PASS, &["--json", "import", "employers", arg, "--header-row", "40"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "exchange.header_out_of_range");

    let xlsx = files.path().join("台账.xlsx");
    ok(visitdesk(dir.path(), PASS, &["export", "ledger", "--out", xlsx.to_str().unwrap()]));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));
    let csv_dir = files.path().join("csv");
    let out = json(visitdesk(
        dir.path(),
        PASS,
        &["--json", "export", "ledger", "--format", "csv", "--out", csv_dir.to_str().unwrap()],
    ));
    assert_eq!(out["files"].as_array().unwrap().len(), 11);
    let employers = std::fs::read_to_string(csv_dir.join("用人单位.csv")).unwrap();
    assert!(employers.starts_with('\u{feff}') && employers.contains("华东机电有限公司"));

    // The data standard's table, with the school code an admin sets; a wrong code is refused.
    let bad = visitdesk(dir.path(), PASS, &["--json", "settings", "--school-code", "41320"]);
    assert_eq!(bad.status.code(), Some(1));
    let settings = json(visitdesk(dir.path(), PASS, &["--json", "settings", "--school-code", "4132010295"]));
    assert_eq!(settings["school_code"], "4132010295");
    let raised = json(visitdesk(dir.path(), PASS, &["--json", "settings", "--attachment-limit-mb", "300"]));
    assert_eq!(
        (raised["school_code"].as_str(), raised["attachments"]["limit_mb"].as_u64()),
        (Some("4132010295"), Some(300))
    );
    let bad = visitdesk(dir.path(), PASS, &["--json", "settings", "--attachment-limit-mb", "5000"]);
    assert_eq!(bad.status.code(), Some(1), "past 1024 MB is refused");
    let standard = files.path().join("standard");
    let out = json(visitdesk(
        dir.path(),
        PASS,
        &[
            "--json",
            "export",
            "standard",
            "--format",
            "csv",
            "--from",
            "2022-03-01",
            "--to",
            "2022-03-31",
            "--out",
            standard.to_str().unwrap(),
        ],
    ));
    assert_eq!(out["files"].as_array().unwrap().len(), 1);
    let table = std::fs::read_to_string(standard.join("访企拓岗数据.csv")).unwrap();
    assert!(table.starts_with("\u{feff}序号,学校标识码,走访企业名称"), "{table}");

    let ics = files.path().join("王书记.ics");
    let out = json(visitdesk(
        dir.path(),
        PASS,
        &["--json", "export", "ics", "--person", "王书记", "--out", ics.to_str().unwrap()],
    ));
    assert_eq!(out["events"], 0);
    assert!(std::fs::read_to_string(&ics).unwrap().starts_with("BEGIN:VCALENDAR"));
    assert_eq!(visitdesk(dir.path(), PASS, &["export", "ics", "--out", ics.to_str().unwrap()]).status.code(), Some(2));
}
