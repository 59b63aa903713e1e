//! What a person does in the app, done from the command line: editing employers and visits,
//! trips, tasks, the trash and undo; and what the binary says when it has no passphrase.
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";

fn command(store: &Path) -> Command {
    run_in(Command::new(env!("CARGO_BIN_EXE_visitdesk")), store)
}

/// `c` set up to run visitdesk on `store`, at a fixed time.
fn run_in(mut c: Command, store: &Path) -> Command {
    // 10:00 on 1 June 2022 in Beijing, the campaign's zone.
    c.env("VISITDESK_STORE", store)
        .env("VISITDESK_NOW", "2022-06-01T02:00:00Z")
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env_remove("VISITDESK_PERSON")
        .env_remove("VISITDESK_NEW_PASSPHRASE")
        .stdin(Stdio::null());
    c
}

fn visitdesk(store: &Path, args: &[&str]) -> Output {
    command(store).env("VISITDESK_PASSPHRASE", PASS).args(args).output().expect("visitdesk runs")
}

/// `visitdesk --json ARGS`, which must succeed.
fn run(store: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    json(visitdesk(store, &all))
}

/// The `{code, message}` of a `--json` run that must fail (exit 1).
fn fails(store: &Path, args: &[&str]) -> (String, String) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = visitdesk(store, &all);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    (err["code"].as_str().unwrap().to_string(), err["message"].as_str().unwrap().to_string())
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The values of `key` in a JSON list, as text.
fn all(list: &Value, pick: impl Fn(&Value) -> &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| pick(v).as_str().unwrap_or_default().to_string()).collect()
}

fn new_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(command(dir.path()).env("VISITDESK_PASSPHRASE", PASS).args(common::INIT).output().unwrap());
    dir
}

#[test]
fn employers_are_edited_option_by_option() {
    let dir = new_store();
    let d = dir.path();
    let e = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司", "--region", "江苏省苏州市"]));

    let edited = run(d, &["employer", "edit", &e, "--industry", "制造业", "--key", "--developed-on", "2022-05-01"]);
    assert_eq!(edited["industry"], "制造业");
    assert_eq!((edited["is_key"].as_bool(), edited["origin"].as_str()), (Some(true), Some("newly_developed")));
    assert_eq!(edited["developed_on"], "2022-05-01");
    // What was not given is kept.
    assert_eq!(
        (edited["name"].as_str(), edited["region"].as_str()),
        (Some("苏州绿叶精密机械有限公司"), Some("江苏省苏州市"))
    );

    let back = run(d, &["employer", "edit", &e, "--key=false", "--developed-on", "none", "--region", ""]);
    assert_eq!((back["is_key"].as_bool(), back["origin"].as_str()), (Some(false), Some("existing")));
    assert_eq!((back["developed_on"].clone(), back["region"].as_str()), (Value::Null, Some("")));
    assert_eq!(run(d, &["employer", "show", &e])["employer"]["industry"], "制造业");

    // Renaming another employer to a likely duplicate is refused, as adding one is.
    let other = id(&run(d, &["employer", "add", "--name", "无锡新材料有限公司"]));
    let (code, message) = fails(d, &["employer", "edit", &other, "--name", "苏州绿叶精密机械有限责任公司"]);
    assert_eq!(code, "validation.duplicate");
    assert!(message.contains(&e), "{message}");
    assert_eq!(run(d, &["employer", "show", &other])["employer"]["name"], "无锡新材料有限公司");
    // Bad values are the core's typed errors; an unknown id is not found.
    let (code, _) = fails(d, &["employer", "edit", &other, "--credit-code", "91350100M000100Y44"]);
    assert_eq!(code, "validation.credit_code_check");
    let (code, _) = fails(d, &["employer", "edit", "01890000-0000-7000-8000-000000000000", "--industry", "x"]);
    assert_eq!(code, "not_found");
}

#[test]
fn visits_are_edited_and_trips_are_built_from_them_and_listed() {
    let dir = new_store();
    let d = dir.path();
    let e = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    let li = id(&run(d, &["person", "add", "--name", "李校长", "--role", "president"]));
    let plan = |start: &str, end: &str, lead: &str| {
        id(&run(d, &["visit", "plan", "--employer", &e, "--lead", lead, "--start", start, "--end", end]))
    };
    let first = plan("2022-06-10 09:00", "2022-06-10 11:00", "李校长");
    let second = plan("2022-06-11 09:00", "2022-06-11 11:00", "李校长");
    let not_his = plan("2022-06-12 09:00", "2022-06-12 11:00", "王书记");

    // Times are typed in the campaign's zone (Beijing); what is not given is kept.
    let moved = run(
        d,
        &[
            "visit",
            "edit",
            &first,
            "--start",
            "2022-06-10 14:00",
            "--end",
            "2022-06-10 16:00",
            "--objectives",
            "谈实习基地",
        ],
    );
    assert_eq!(
        (moved["planned_start"].as_str(), moved["planned_end"].as_str()),
        (Some("2022-06-10T06:00:00Z"), Some("2022-06-10T08:00:00Z"))
    );
    assert_eq!(
        (moved["objectives"].as_str(), moved["lead_id"].as_str(), moved["mode"].as_str()),
        (Some("谈实习基地"), Some(li.as_str()), Some("on_site"))
    );
    let listed = ok(visitdesk(d, &["visit", "list", "--from", "2022-06-10", "--to", "2022-06-10"]));
    assert!(listed.starts_with(&format!("{first}\t2022-06-10 14:00\tplanned\t苏州绿叶精密机械有限公司")), "{listed}");
    assert_eq!(listed.lines().count(), 1, "{listed}");
    // The edited visit is checked as a whole: here its end now comes before its start.
    let (code, _) = fails(d, &["visit", "edit", &first, "--end", "2022-06-10 13:00"]);
    assert_eq!(code, "validation.end_before_start");

    // A trip is built as the app builds it: the leader must be in every stop.
    let trip = |visits: &[&str]| {
        let mut args = vec![
            "trip",
            "add",
            "--leader",
            "李校长",
            "--title",
            "苏州访企",
            "--from",
            "2022-06-10",
            "--to",
            "2022-06-10",
        ];
        for v in visits {
            args.extend(["--visit", v]);
        }
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let refused = trip(&[&first, &not_his]);
    let (code, _) = fails(d, &refused.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, "validation.not_a_participant");
    assert_eq!(run(d, &["trip", "list"]), Value::Array(vec![]), "a refused trip is not half made");

    let built = trip(&[&second, &first]);
    let built = run(d, &built.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(all(&built["stops"], |s| &s["visit"]["id"]), [second.clone(), first.clone()]);
    assert_eq!(built["trip"]["ends_on"], "2022-06-11", "the dates grew to cover the stops");
    let trips = run(d, &["trip", "list"]);
    assert_eq!(all(&trips, |t| &t["trip"]["id"]), [id(&built["trip"])]);
    assert_eq!(trips[0]["leader_name"], "李校长");
    let text = ok(visitdesk(d, &["trip", "list"]));
    assert_eq!(text.trim(), format!("{}\t2022-06-10 — 2022-06-11\t李校长\t苏州访企", id(&built["trip"])));
}

#[test]
fn tasks_are_added_done_edited_deleted_and_restored() {
    let dir = new_store();
    let d = dir.path();
    let e = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    run(d, &["person", "add", "--name", "李校长", "--role", "president"]);
    let send = run(d, &["task", "add", "--title", "寄送材料", "--due", "2022-06-05", "--employer", &e]);
    let call = run(d, &["task", "add", "--title", "电话回访", "--due", "2022-06-03", "--owner", "李校长"]);
    let (send, call) = (id(&send), id(&call));
    let open = run(d, &["task", "list"]);
    assert_eq!(all(&open, |t| &t["task"]["title"]), ["电话回访", "寄送材料"], "by due date");
    assert_eq!(all(&open, |t| &t["owner_name"]), ["李校长", "王书记"], "a new task is yours unless given");
    assert_eq!(open[1]["employer_name"], "苏州绿叶精密机械有限公司");

    // Done today in the campaign's zone; it leaves the open list.
    assert_eq!(run(d, &["task", "done", &call])["done_on"], "2022-06-01");
    assert_eq!(all(&run(d, &["task", "list"]), |t| &t["task"]["id"]), [send.as_str()]);
    assert_eq!(run(d, &["task", "list", "--all"]).as_array().unwrap().len(), 2);

    let edited = run(d, &["task", "edit", &send, "--due", "2022-06-08", "--notes", "快递单号另附"]);
    assert_eq!((edited["title"].as_str(), edited["due_on"].as_str()), (Some("寄送材料"), Some("2022-06-08")));
    assert_eq!((edited["notes"].as_str(), edited["employer_id"].as_str()), (Some("快递单号另附"), Some(e.as_str())));
    let (code, _) = fails(d, &["task", "edit", &send, "--title", " "]);
    assert_eq!(code, "validation.required");

    // Deleted to the trash, and restored from it.
    run(d, &["task", "delete", &send]);
    assert_eq!(run(d, &["task", "list"]), Value::Array(vec![]));
    let trash = run(d, &["trash", "list"]);
    assert_eq!((trash[0]["kind"].as_str(), trash[0]["id"].as_str()), (Some("task"), Some(send.as_str())));
    assert_eq!(run(d, &["trash", "restore", "task", &send])["restored"], 1);
    assert_eq!(all(&run(d, &["task", "list"]), |t| &t["task"]["id"]), [send.as_str()]);
    let (code, _) = fails(d, &["trash", "restore", "task", &send]);
    assert_eq!(code, "not_found", "it is no longer in the trash");
    assert_eq!(visitdesk(d, &["trash", "restore", "shoe", &send]).status.code(), Some(2));
}

#[test]
fn a_deleted_employer_takes_its_visits_and_tasks_to_the_trash_and_undo_walks_back() {
    let dir = new_store();
    let d = dir.path();
    let e = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    id(&run(d, &["employer", "add", "--name", "无锡新材料有限公司"]));
    let v = id(&run(
        d,
        &[
            "visit",
            "plan",
            "--employer",
            &e,
            "--lead",
            "王书记",
            "--start",
            "2022-06-10 09:00",
            "--end",
            "2022-06-10 11:00",
        ],
    ));
    run(d, &["task", "add", "--title", "电话回访", "--due", "2022-06-12", "--visit", &v]);
    let names = || all(&run(d, &["employer", "list"]), |e| &e["name"]);
    let counts = || {
        (
            names().len(),
            run(d, &["visit", "list"]).as_array().unwrap().len(),
            run(d, &["task", "list"]).as_array().unwrap().len(),
        )
    };
    assert_eq!(counts(), (2, 1, 1));

    assert_eq!(run(d, &["delete", "employer", &e])["deleted"], 3);
    assert_eq!(counts(), (1, 0, 0));
    assert_eq!(names(), ["无锡新材料有限公司"]);
    let trash = run(d, &["trash", "list"]);
    assert_eq!(trash.as_array().unwrap().len(), 1, "one entry for what went together");
    assert_eq!((trash[0]["kind"].as_str(), trash[0]["records"].as_u64()), (Some("employer"), Some(3)));

    assert_eq!(run(d, &["trash", "restore", "employer", &e])["restored"], 3);
    assert_eq!(counts(), (2, 1, 1));
    // Undo takes back the restore, then the delete before it.
    assert_eq!(run(d, &["undo"])["undone"], 3);
    assert_eq!(counts(), (1, 0, 0));
    run(d, &["undo"]);
    assert_eq!(counts(), (2, 1, 1));
    let edited = run(d, &["employer", "edit", &e, "--industry", "制造业"]);
    assert_eq!(edited["industry"], "制造业");
    run(d, &["undo"]);
    assert_eq!(run(d, &["employer", "show", &e])["employer"]["industry"], "");

    assert_eq!(visitdesk(d, &["delete", "employer", "not-an-id"]).status.code(), Some(2));
}

#[test]
fn without_a_terminal_or_a_passphrase_it_says_which_variable_to_set() {
    let dir = new_store();
    let d = dir.path();
    for args in [&["employer", "list"][..], &["check"], &["undo"]] {
        let out = command(d).env_remove("VISITDESK_PASSPHRASE").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains("VISITDESK_PASSPHRASE") && stderr.contains("terminal"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
    let out = command(d).env_remove("VISITDESK_PASSPHRASE").args(["--json", "progress"]).output().unwrap();
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "no_passphrase");

    // A new store needs one as well, and is not made without it.
    let empty = tempfile::tempdir().unwrap();
    let out = command(empty.path()).env_remove("VISITDESK_PASSPHRASE").args(common::INIT).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("VISITDESK_PASSPHRASE"));
    assert!(!empty.path().join("keyslots.json").exists());
    // Re-keying asks for the new one by its own variable.
    let out = command(d).env("VISITDESK_PASSPHRASE", PASS).args(["rekey"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("VISITDESK_NEW_PASSPHRASE"));
}

const ZHANG: &str = "张秘书的口令二〇二二";

/// `visitdesk --json ARGS` as 张秘书, with her passphrase.
fn as_zhang(store: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--json", "--person", "张秘书"];
    all.extend_from_slice(args);
    command(store).env("VISITDESK_PASSPHRASE", ZHANG).args(&all).output().expect("visitdesk runs")
}

/// The code and message of a run that must fail with exit 1 (3 when the store stays locked).
fn refused(out: Output) -> (String, String) {
    assert!(matches!(out.status.code(), Some(1 | 3)), "{}", String::from_utf8_lossy(&out.stdout));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    (err["code"].as_str().unwrap().to_string(), err["message"].as_str().unwrap().to_string())
}

#[test]
fn an_assistant_records_for_the_leader_she_assists_and_only_an_admin_manages_people() {
    let dir = new_store();
    let d = dir.path();
    let e = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    run(d, &["person", "add", "--name", "李校长", "--role", "president"]);
    let zhang = run(d, &["person", "add", "--name", "张秘书", "--role", "staff", "--assists", "李校长"]);
    assert_eq!(zhang["access"], "assistant", "staff assist unless told otherwise");
    // The admin sets her passphrase, retyping their own (VISITDESK_PASSPHRASE).
    let set = command(d)
        .env("VISITDESK_PASSPHRASE", PASS)
        .env("VISITDESK_NEW_PASSPHRASE", ZHANG)
        .args(["person", "passphrase", "张秘书"])
        .output()
        .unwrap();
    ok(set);
    let plan = |lead: &str| {
        id(&run(
            d,
            &[
                "visit",
                "plan",
                "--employer",
                &e,
                "--lead",
                lead,
                "--start",
                "2022-05-20 09:00",
                "--end",
                "2022-05-20 11:00",
            ],
        ))
    };
    let (his, not_his) = (plan("李校长"), plan("王书记"));

    let (code, message) = refused(as_zhang(d, &["visit", "complete", &not_his, "--summary", "谈了实习"]));
    assert_eq!(code, "access.forbidden");
    assert!(message.contains("leader_work"), "the right is named: {message}");
    let done = json(as_zhang(d, &["visit", "complete", &his, "--summary", "谈了实习", "--channel"]));
    assert_eq!(done["status"], "completed");

    // Anyone adds employers; deleting one, people and passphrases are an admin's.
    let other = id(&json(as_zhang(d, &["employer", "add", "--name", "无锡蓝天电子有限公司"])));
    let refusals = [
        (vec!["delete", "employer", other.as_str()], "manage_employers"),
        (vec!["person", "add", "--name", "赵老师", "--role", "teacher"], "manage_people"),
        (vec!["person", "access", "张秘书", "admin"], "manage_people"),
        (vec!["person", "remove", "李校长"], "manage_people"),
    ];
    for (args, right) in refusals {
        let (code, message) = refused(as_zhang(d, &args));
        assert_eq!((code.as_str(), message.contains(right)), ("access.forbidden", true), "{args:?}: {message}");
    }
    let others = command(d)
        .env("VISITDESK_PASSPHRASE", ZHANG)
        .env("VISITDESK_NEW_PASSPHRASE", "她想替书记设的口令")
        .args(["--json", "--person", "张秘书", "person", "passphrase", "王书记"])
        .output()
        .unwrap();
    assert_eq!(refused(others).0, "access.forbidden");

    // Removed, her passphrase opens nothing.
    assert_eq!(run(d, &["person", "remove", "张秘书"]), Value::String(zhang["id"].as_str().unwrap().into()));
    assert_eq!(refused(as_zhang(d, &["person", "list"])).0, "store.no_such_slot");
}

/// A cancelled visit planned again; a posting closed; two employers merged, and undone.
#[test]
fn postings_close_visits_are_planned_again_and_employers_merge() {
    let dir = new_store();
    let d = dir.path();
    let keep = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    let away = id(&run(d, &["employer", "add", "--name", "绿叶精密机械厂", "--region", "江苏省苏州市"]));
    let plan = |employer: &str| {
        id(&run(
            d,
            &[
                "visit",
                "plan",
                "--employer",
                employer,
                "--lead",
                "王书记",
                "--start",
                "2022-06-10 09:00",
                "--end",
                "2022-06-10 11:00",
            ],
        ))
    };
    let cancelled = plan(&away);
    run(d, &["visit", "cancel", &cancelled, "--reason", "对方临时出差"]);
    let again = run(d, &["visit", "replan", &cancelled, "--start", "2022-06-17 09:00", "--end", "2022-06-17 11:00"]);
    assert_eq!((again["status"].as_str(), again["replan_of"].as_str()), (Some("planned"), Some(cancelled.as_str())));
    run(d, &["visit", "complete", again["id"].as_str().unwrap(), "--job", "数控技术员:4"]);
    let posting = run(d, &["employer", "show", &away])["job_postings"][0]["id"].as_str().unwrap().to_string();
    let closed = run(d, &["employer", "posting", &posting, "filled", "--hired", "3"]);
    assert_eq!((closed["stage"].as_str(), closed["hired"].as_u64()), (Some("filled"), Some(3)));

    let merged = run(d, &["employer", "merge", &keep, &away]);
    assert_eq!(merged["moved"], 3, "two visits and the posting");
    assert_eq!(merged["kept"]["region"], "江苏省苏州市", "a blank field filled from the other");
    let shown = run(d, &["employer", "show", &keep]);
    assert_eq!((shown["visits"].as_array().unwrap().len(), shown["job_postings"].as_array().unwrap().len()), (2, 1));
    assert_eq!(all(&run(d, &["employer", "list"]), |e| &e["name"]), ["苏州绿叶精密机械有限公司"]);
    run(d, &["undo"]);
    assert_eq!(all(&run(d, &["employer", "list"]), |e| &e["name"]).len(), 2);
    // The app's search box, from the command line: part of a name, spaces and case aside.
    let found = run(d, &["employer", "list", "--find", " 苏州 绿叶 "]);
    assert_eq!(all(&found, |e| &e["name"]), ["苏州绿叶精密机械有限公司"]);
}

#[test]
fn attachments_are_added_listed_exported_and_removed_and_hostile_pictures_refused_within_1_gib() {
    use visitdesk_core::testing::photos::{exif_with_gps, jpeg, png_claiming, with_exif};
    let dir = new_store();
    let d = dir.path();
    let files = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let employer = id(&run(d, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    let visit = id(&run(
        d,
        &[
            "visit",
            "plan",
            "--employer",
            &employer,
            "--lead",
            "王书记",
            "--start",
            "2022-05-10 09:00",
            "--end",
            "2022-05-10 11:00",
        ],
    ));
    let photo = put("合影.jpg", &with_exif(jpeg(1200, 800), exif_with_gps(1)));
    let added = run(d, &["attachment", "add", "--visit", &visit, &photo]);
    let a = &added["added"][0];
    assert_eq!((a["photo"]["width"].as_u64(), a["name"].as_str()), (Some(1200), Some("合影.jpg")));
    let listed = run(d, &["attachment", "list", "--employer", &employer]);
    assert_eq!(all(&listed, |l| &l["attachment"]["name"]), ["合影.jpg"]);
    assert!(listed[0]["thumb"].as_str().unwrap().starts_with("data:image/jpeg;base64,"));

    // Exported without its GPS.
    let out = files.path().join("out.jpg");
    run(d, &["attachment", "export", &id(a), "--out", &out.display().to_string()]);
    let exported = std::fs::read(&out).unwrap();
    assert!(exported.starts_with(&[0xFF, 0xD8]));
    assert!(!exported.windows(7).any(|w| w == b"GPSMARK"));

    // Hostile pictures, with the process's address space capped at 1 GiB: refused with a
    // typed error or kept, never a crash.
    let capped = |file: &str| {
        run_in(Command::new("bash"), d)
            .env("VISITDESK_PASSPHRASE", PASS)
            .args(["-c", "ulimit -v 1048576 && exec \"$@\"", "bash", env!("CARGO_BIN_EXE_visitdesk")])
            .args(["--json", "attachment", "add", "--visit", &visit, file])
            .output()
            .unwrap()
    };
    for (name, bytes) in [("炸弹.png", png_claiming(16_000)), ("巨图.png", png_claiming(100_000))] {
        let out = capped(&put(name, &bytes));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["code"], "attachment.bad_image", "{name}");
    }
    let whole = jpeg(4000, 3000);
    let out = capped(&put("截断.jpg", &whole[..whole.len() / 3]));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    if out.status.code() == Some(1) {
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["code"], "attachment.bad_image");
    }
    let big = capped(&put("大照片.jpg", &jpeg(8000, 6000)));
    assert_eq!(big.status.code(), Some(0), "a 48-megapixel photo fits: {}", String::from_utf8_lossy(&big.stderr));

    // Not a type that may be attached; then removed to the trash and back.
    assert_eq!(
        fails(d, &["attachment", "add", "--visit", &visit, &put("x.exe", b"MZ")]).0,
        "attachment.type_not_allowed"
    );
    run(d, &["attachment", "remove", &id(a)]);
    assert_eq!(run(d, &["attachment", "list", "--visit", &visit]).as_array().unwrap().len(), 2);
    run(d, &["undo"]);
    assert_eq!(run(d, &["attachment", "list", "--visit", &visit]).as_array().unwrap().len(), 3);

    // The check reads every attachment through: one byte changed in the vault is named.
    run(d, &["check"]);
    for entry in std::fs::read_dir(d.join("attachments")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
    }
    let (code, message) = fails(d, &["check"]);
    assert_eq!(code, "attachment.damaged");
    assert!(message.contains("合影.jpg"), "{message}");
}
