//! Direct sync through the command line (issue 20): 张秘书's laptop listens on 127.0.0.1 and
//! prints its ticket; 王书记's syncs with it once; a laptop of another team is refused; with
//! direct sync off nothing listens.
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";
const ZHANG: &str = "张秘书的口令二〇二二";

fn command(store: &Path, passphrase: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_visitdesk"));
    c.env("VISITDESK_STORE", store)
        .env("VISITDESK_NOW", "2022-06-01T02:00:00Z")
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env("VISITDESK_PASSPHRASE", passphrase)
        .env_remove("VISITDESK_PERSON")
        .stdin(Stdio::null())
        .args(args);
    c
}

fn visitdesk(store: &Path, passphrase: &str, args: &[&str]) -> Output {
    command(store, passphrase, args).output().expect("visitdesk runs")
}

fn run(store: &Path, passphrase: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    json(visitdesk(store, passphrase, &all))
}

/// 王书记's store made a team's, and 张秘书's new laptop joined it.
fn team(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (admin, zhang) = (dir.join("admin"), dir.join("zhang"));
    ok(visitdesk(&admin, PASS, common::INIT));
    run(&admin, PASS, &["team", "create"]);
    let (request, welcome) = (dir.join("request.json"), dir.join("welcome.vdsync"));
    let asked = run(&zhang, ZHANG, &["team", "join-request", "--name", "张秘书", "--out", request.to_str().unwrap()]);
    let fingerprint = asked["fingerprint"].as_str().unwrap();
    let accept = ["team", "accept", request.to_str().unwrap(), "--fingerprint", fingerprint];
    ok(visitdesk(&admin, PASS, &[&accept[..], &["--out", welcome.to_str().unwrap()]].concat()));
    run(&zhang, ZHANG, &["team", "join", welcome.to_str().unwrap()]);
    (admin, zhang)
}

/// `sync listen` on 127.0.0.1 for `store`, and the ticket it printed first.
fn listen(store: &Path, passphrase: &str) -> (Child, String) {
    let args = ["sync", "listen", "--bind", "127.0.0.1:0", "--no-mdns", "--once"];
    let mut child = command(store, passphrase, &args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
    let ticket = first.trim().strip_prefix("ticket\t").unwrap_or_else(|| panic!("no ticket: {first:?}")).to_string();
    (child, ticket)
}

fn employers(store: &Path, passphrase: &str) -> Vec<String> {
    let listed = run(store, passphrase, &["employer", "list"]);
    let names = listed.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string());
    names.collect()
}

#[test]
fn two_processes_on_loopback_sync_with_a_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let (admin, zhang) = team(dir.path());
    run(&admin, PASS, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]);
    run(&zhang, ZHANG, &["employer", "add", "--name", "无锡青禾软件有限公司"]);

    let (listener, ticket) = listen(&zhang, ZHANG);
    let synced = run(&admin, PASS, &["sync", "peer", &ticket]);
    assert_eq!(synced[0]["dialed"], true, "{synced}");
    assert!(synced[0]["imported"]["records"].as_u64().unwrap() >= 1, "张秘书's employer arrived: {synced}");
    let served = listener.wait_with_output().unwrap();
    assert!(served.status.success(), "{}", String::from_utf8_lossy(&served.stderr));

    for (store, pass) in [(&admin, PASS), (&zhang, ZHANG)] {
        let names = employers(store, pass);
        assert!(names.contains(&"苏州绿叶精密机械有限公司".to_string()), "{names:?}");
        assert!(names.contains(&"无锡青禾软件有限公司".to_string()), "{names:?}");
    }
}

#[test]
fn a_laptop_of_another_team_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_admin, zhang) = team(dir.path());
    let other = dir.path().join("other");
    ok(visitdesk(&other, PASS, common::INIT));
    run(&other, PASS, &["team", "create"]);
    run(&other, PASS, &["employer", "add", "--name", "外校的企业"]);
    let before = employers(&zhang, ZHANG);

    let (mut listener, ticket) = listen(&zhang, ZHANG);
    let refused = visitdesk(&other, PASS, &["--json", "sync", "peer", &ticket]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("team.peer_refused"), "{refused:?}");
    listener.kill().unwrap();
    listener.wait().unwrap();
    assert_eq!(employers(&zhang, ZHANG), before);
}

#[test]
fn with_direct_sync_off_nothing_listens() {
    let dir = tempfile::tempdir().unwrap();
    let (_admin, zhang) = team(dir.path());
    run(&zhang, ZHANG, &["sync", "direct", "off"]);
    let refused = visitdesk(&zhang, ZHANG, &["--json", "sync", "listen", "--no-mdns"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("team.direct_off"), "{refused:?}");
    assert!(refused.stdout.is_empty(), "no ticket was printed");
    run(&zhang, ZHANG, &["sync", "direct", "on"]);
    let (mut listener, ticket) = listen(&zhang, ZHANG);
    assert!(ticket.starts_with("vdsync1"));
    listener.kill().unwrap();
    listener.wait().unwrap();
}
