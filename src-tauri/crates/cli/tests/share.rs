//! Two schools' stores through the command line (一帮一, issue 20): 示范大学 and 对口职业学院
//! pair by their pairing files and fingerprints, the first shares an employer's job postings,
//! the second imports them, records what one placed and reports back, and the first's
//! progress counts it; a posting closed at the source closes at the pair, and a package
//! changed on the way is refused.
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";
const A_CODE: &str = "4111010001";
const B_CODE: &str = "4152010002";
const CREDIT_CODE: &str = "91350100M000100Y43";

fn visitdesk(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_visitdesk"))
        .env("VISITDESK_STORE", store)
        .env("VISITDESK_NOW", "2022-06-01T02:00:00Z")
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env("VISITDESK_PASSPHRASE", PASS)
        .env_remove("VISITDESK_PERSON")
        .env_remove("VISITDESK_NEW_PASSPHRASE")
        .stdin(Stdio::null())
        .args(args)
        .output()
        .expect("visitdesk runs")
}

fn run(store: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    json(visitdesk(store, &all))
}

/// The code of a `--json` run that must fail (exit 1).
fn fails(store: &Path, args: &[&str]) -> String {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = visitdesk(store, &all);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    err["code"].as_str().unwrap().to_string()
}

/// A school's new store, with its name and code.
fn school(store: &Path, name: &str, code: &str) {
    let init: Vec<&str> = common::INIT.iter().map(|a| if *a == "示例职业技术学院" { name } else { a }).collect();
    ok(visitdesk(store, &init));
    run(store, &["settings", "--school-code", code]);
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn two_schools_pair_share_close_and_report_back() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, files) = (dir.path().join("a"), dir.path().join("b"), dir.path());
    school(&a, "示范大学", A_CODE);
    school(&b, "对口职业学院", B_CODE);

    // A's employer, two postings from a visit, and the same employer at B by its credit code.
    let green = run(&a, &["employer", "add", "--name", "苏州绿叶精密机械有限公司", "--credit-code", CREDIT_CODE]);
    let green = green["id"].as_str().unwrap().to_string();
    run(&b, &["employer", "add", "--name", "绿叶精密（苏州）", "--credit-code", CREDIT_CODE]);
    let plan = [
        "visit",
        "plan",
        "--employer",
        &green,
        "--lead",
        "王书记",
        "--start",
        "2022-05-10 09:00",
        "--end",
        "2022-05-10 11:00",
    ];
    let visit = run(&a, &plan)["id"].as_str().unwrap().to_string();
    run(&a, &["visit", "complete", &visit, "--job", "数控工程师:5:机电一体化", "--job", "质检员:3"]);
    let postings = run(&a, &["employer", "show", &green])["job_postings"].clone();
    let posting_of = |title: &str| {
        postings.as_array().unwrap().iter().find(|p| p["title"] == title).unwrap()["id"].as_str().unwrap().to_string()
    };
    let (engineer, inspector) = (posting_of("数控工程师"), posting_of("质检员"));

    // Pairing: each writes its file; the other adds it only with the fingerprint read out.
    let (a_file, b_file) = (files.join("a.pair"), files.join("b.pair"));
    let a_fp = run(&a, &["pair", "request", "--out", path(&a_file)])["fingerprint"].as_str().unwrap().to_string();
    let b_fp = run(&b, &["pair", "request", "--out", path(&b_file)])["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(
        fails(&b, &["pair", "add", path(&a_file), "--fingerprint", "1111 2222 3333 4444"]),
        "share.fingerprint_mismatch"
    );
    assert_eq!(run(&b, &["pair", "list"]), Value::Array(vec![]), "nothing added");
    run(&b, &["pair", "add", path(&a_file), "--fingerprint", &a_fp.replace(' ', "-")]);
    run(&a, &["pair", "add", path(&b_file), "--fingerprint", &b_fp]);
    let listed = run(&a, &["pair", "list"]);
    assert_eq!(
        (listed[0]["pair"]["name"].as_str(), listed[0]["fingerprint"].as_str()),
        (Some("对口职业学院"), Some(b_fp.as_str()))
    );

    // A shares the employer's postings; B imports them, matched to its own employer.
    let first = files.join("jobs-1.vdshare");
    let sent = run(&a, &["share", "jobs", "--to", B_CODE, "--employer", &green, "--out", path(&first)]);
    assert_eq!((sent["postings"].as_u64(), sent["headcount"].as_u64()), (Some(2), Some(8)));
    let got = run(&b, &["share", "import", path(&first)]);
    assert_eq!(
        (got["from_school"].as_str(), got["added"].as_u64(), got["matched"].as_u64()),
        (Some("示范大学"), Some(2), Some(2))
    );
    let shared = run(&b, &["share", "list"]);
    let titles: Vec<&str> =
        shared.as_array().unwrap().iter().map(|r| r["job"]["posting"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["数控工程师", "质检员"]);
    assert_eq!(shared[0]["matched_employer"], "绿叶精密（苏州）");

    // A package changed on the way is refused whole.
    let mut bytes = std::fs::read(&first).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let changed = files.join("changed.vdshare");
    std::fs::write(&changed, bytes).unwrap();
    assert_eq!(fails(&b, &["share", "import", path(&changed)]), "share.tampered");

    // The inspector post is filled at A; the next package closes it at B.
    run(&a, &["--now", "2022-06-05T02:00:00Z", "employer", "posting", &inspector, "filled"]);
    let second = files.join("jobs-2.vdshare");
    run(
        &a,
        &[
            "--now",
            "2022-06-06T02:00:00Z",
            "share",
            "jobs",
            "--to",
            "对口职业学院",
            "--posting",
            &inspector,
            "--out",
            path(&second),
        ],
    );
    let got = run(&b, &["share", "import", path(&second)]);
    assert_eq!((got["updated"].as_u64(), got["closed"].as_u64()), (Some(1), Some(1)));
    let again = run(&b, &["share", "import", path(&first)]);
    assert_eq!(
        (again["added"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0)),
        "an older package changes nothing"
    );

    // B records what the engineer post placed and reports it back; A's progress counts it.
    let shared = run(&b, &["share", "list"]);
    let job = shared.as_array().unwrap().iter().find(|r| r["job"]["source_id"] == engineer.as_str()).unwrap();
    run(&b, &["share", "placed", job["job"]["id"].as_str().unwrap(), "--graduates", "3"]);
    let report = files.join("report.vdshare");
    let sent = run(&b, &["share", "report", "--to", A_CODE, "--out", path(&report)]);
    assert_eq!(sent["placements"].as_u64(), Some(1));
    let got = run(&a, &["share", "import", path(&report)]);
    assert_eq!(got["placements"].as_u64(), Some(1));
    let progress = run(&a, &["progress"]);
    assert_eq!((progress["jobs_shared_with_pair"].as_u64(), progress["pair_placements"].as_u64()), (Some(8), Some(3)));
    let text = ok(visitdesk(&a, &["progress"]));
    assert!(text.contains("与对口高校共享岗位 8 人, 对口高校反馈就业 3 人"), "{text}");
    // B's report is no package for B itself.
    assert_eq!(fails(&b, &["share", "import", path(&report)]), "share.not_paired");
}
