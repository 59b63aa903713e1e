//! Two laptops side by side through the command line, as two people would do it: 王书记 makes
//! a team, 张秘书 asks to join from a new laptop and reads out her fingerprint, he accepts, she
//! opens the welcome; then both edit one visit and exchange bundles as files.
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";
const ZHANG: &str = "张秘书的口令二〇二二";

fn visitdesk(store: &Path, passphrase: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_visitdesk"))
        .env("VISITDESK_STORE", store)
        .env("VISITDESK_NOW", "2022-06-01T02:00:00Z")
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env("VISITDESK_PASSPHRASE", passphrase)
        .env_remove("VISITDESK_PERSON")
        .env_remove("VISITDESK_NEW_PASSPHRASE")
        .stdin(Stdio::null())
        .args(args)
        .output()
        .expect("visitdesk runs")
}

fn run(store: &Path, passphrase: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    json(visitdesk(store, passphrase, &all))
}

#[test]
fn two_laptops_join_edit_one_visit_and_exchange_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let (admin, zhang, files) = (dir.path().join("admin"), dir.path().join("zhang"), dir.path());
    ok(visitdesk(&admin, PASS, common::INIT));
    ok(visitdesk(&admin, PASS, &["person", "add", "--name", "李校长", "--role", "president"]));
    let e = run(&admin, PASS, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let plan = [
        "visit",
        "plan",
        "--employer",
        &e,
        "--lead",
        "李校长",
        "--start",
        "2022-06-10 09:00",
        "--end",
        "2022-06-10 11:00",
    ];
    let visit = run(&admin, PASS, &plan)["id"].as_str().unwrap().to_string();
    run(&admin, PASS, &["team", "create", "--device-name", "王书记的笔记本"]);

    // The new laptop asks; the admin accepts only with the fingerprint she reads out.
    let request = files.join("request.json");
    let asked = run(&zhang, ZHANG, &["team", "join-request", "--name", "张秘书", "--out", request.to_str().unwrap()]);
    let fingerprint = asked["fingerprint"].as_str().unwrap().to_string();
    // Until the welcome comes, the new laptop says what it waits for.
    let waiting = visitdesk(&zhang, ZHANG, &["--json", "visit", "list"]);
    assert!(String::from_utf8_lossy(&waiting.stderr).contains("team.pending"), "{waiting:?}");
    let welcome = files.join("welcome.vdsync");
    let accept = |fp: &str| {
        visitdesk(
            &admin,
            PASS,
            &["team", "accept", request.to_str().unwrap(), "--fingerprint", fp, "--out", welcome.to_str().unwrap()],
        )
    };
    let wrong = accept("0000 0000 0000 0000");
    assert_eq!(wrong.status.code(), Some(1), "a wrong fingerprint is refused");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("fingerprint"));
    assert!(!welcome.exists());
    ok(accept(&fingerprint));
    let joined = run(&zhang, ZHANG, &["team", "join", welcome.to_str().unwrap()]);
    assert!(joined["records"].as_u64().unwrap() >= 6, "{joined}");
    // She works in her own store, with her own passphrase, as an assistant of nobody yet.
    let zhang_sees = run(&zhang, ZHANG, &["visit", "list"]);
    assert_eq!(zhang_sees.as_array().unwrap().len(), 1);

    // Both edit the same visit's objectives; he also edits its guests. He gives her the right.
    run(&admin, PASS, &["person", "access", "张秘书", "assistant", "--assists", "李校长"]);
    run(&admin, PASS, &["visit", "edit", &visit, "--objectives", "谈共建基地"]);
    let to_her = files.join("to-her.vdsync");
    run(&admin, PASS, &["sync", "export", "--out", to_her.to_str().unwrap()]);
    run(&zhang, ZHANG, &["sync", "import", to_her.to_str().unwrap()]);
    run(&zhang, ZHANG, &["visit", "edit", &visit, "--objectives", "谈招聘"]);
    run(&admin, PASS, &["visit", "edit", &visit, "--objectives", "谈实习"]);
    let (to_him, to_her) = (files.join("to-him.vdsync"), files.join("to-her-2.vdsync"));
    run(&zhang, ZHANG, &["sync", "export", "--out", to_him.to_str().unwrap()]);
    run(&admin, PASS, &["sync", "export", "--out", to_her.to_str().unwrap()]);
    let applied = run(&admin, PASS, &["sync", "import", to_him.to_str().unwrap()]);
    assert_eq!(applied["refused"], Value::Array(vec![]), "{applied}");
    run(&zhang, ZHANG, &["sync", "import", to_her.to_str().unwrap()]);

    let objectives = |store: &Path, pass: &str| {
        let shown = run(store, pass, &["visit", "list"]);
        shown[0]["visit"]["objectives"].as_str().unwrap().to_string()
    };
    let (his, hers) = (objectives(&admin, PASS), objectives(&zhang, ZHANG));
    assert_eq!(his, hers, "one value on both laptops");
    for (store, pass) in [(&admin, PASS), (&zhang, ZHANG)] {
        let conflicts = run(store, pass, &["conflict", "list"]);
        let values = &conflicts[0]["values"];
        assert_eq!(conflicts[0]["field"], "objectives", "{conflicts}");
        assert_eq!(values[0].as_str().unwrap(), his, "the value shown comes first");
        assert_eq!(values.as_array().unwrap().len(), 2);
    }
    // He keeps the value shown; after the next exchange neither laptop lists the conflict.
    run(&admin, PASS, &["conflict", "resolve", &visit, "objectives", "--value", &serde_json::to_string(&his).unwrap()]);
    let settled = files.join("settled.vdsync");
    run(&admin, PASS, &["sync", "export", "--out", settled.to_str().unwrap()]);
    run(&zhang, ZHANG, &["sync", "import", settled.to_str().unwrap()]);
    for (store, pass) in [(&admin, PASS), (&zhang, ZHANG)] {
        assert_eq!(run(store, pass, &["conflict", "list"]), Value::Array(vec![]));
    }
    // A bundle read twice changes nothing.
    let again = run(&zhang, ZHANG, &["sync", "import", to_her.to_str().unwrap()]);
    assert_eq!(again["replay"], true);

    // She records the visit for 李校长: it waits for his (or an admin's) confirmation.
    let done = ["visit", "complete", &visit, "--summary", "谈妥实习岗位"];
    let completed = run(&zhang, ZHANG, &done);
    assert!(completed["completed_by"].is_string(), "{completed}");
    let status = run(&zhang, ZHANG, &["team", "status"]);
    assert!(status["unsent"].as_u64().unwrap() >= 1, "{status}");
    let mine = files.join("mine.vdsync");
    run(&zhang, ZHANG, &["sync", "export", "--out", mine.to_str().unwrap()]);
    run(&admin, PASS, &["sync", "import", mine.to_str().unwrap()]);
    assert_eq!(run(&admin, PASS, &["progress"])["visits_awaiting"], 1);
    assert!(run(&admin, PASS, &["team", "status"])["last_exchange"].is_string());
    let refused = visitdesk(&zhang, ZHANG, &["--json", "visit", "confirm", &visit]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("access.forbidden"));
    run(&admin, PASS, &["visit", "confirm", &visit]);
    assert_eq!(run(&admin, PASS, &["progress"])["visits_awaiting"], 0);

    // His laptop is pointed at a shared folder, as the app's team page does it.
    let shared = files.join("共享");
    std::fs::create_dir_all(&shared).unwrap();
    run(&admin, PASS, &["team", "folder", shared.to_str().unwrap()]);
    assert_eq!(run(&admin, PASS, &["team", "status"])["folder"], shared.to_str().unwrap());
    run(&admin, PASS, &["team", "folder", "--forget"]);
    assert_eq!(run(&admin, PASS, &["team", "status"])["folder"], Value::Null);

    // He removes her from the team: what her laptop signs from then on is refused.
    let removed = run(&admin, PASS, &["team", "remove", "张秘书"]);
    assert_eq!(removed.as_array().unwrap().len(), 1, "{removed}");
    run(&zhang, ZHANG, &["visit", "edit", &visit, "--objectives", "她被移除之后"]);
    let late = files.join("late.vdsync");
    run(&zhang, ZHANG, &["sync", "export", "--out", late.to_str().unwrap()]);
    let refused = visitdesk(&admin, PASS, &["--json", "sync", "import", late.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("team.removed_member"), "{refused:?}");
}
