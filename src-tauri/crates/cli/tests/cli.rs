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
    let visits = visits.as_array().unwrap();
    let trip = visits.iter().find_map(|v| v["trip_id"].as_str()).unwrap();
    let visit = visits[0]["id"].as_str().unwrap();

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
