//! The safety commands as a user runs them: backup, check, restore, rekey; wrong and repeated
//! secrets; a full disk and a read-only folder.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use visitdesk_core::testing::file_tree as tree;

mod common;
use common::{json, ok};

const PASS: &str = "correct horse battery";
const NOW: &str = "2022-06-01T02:00:00Z";

fn visitdesk_at(store: &Path, passphrase: &str, now: &str, args: &[&str]) -> Output {
    command(store, passphrase, now).args(args).output().expect("visitdesk runs")
}

fn command(store: &Path, passphrase: &str, now: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_visitdesk"));
    c.env("VISITDESK_STORE", store)
        .env("VISITDESK_PASSPHRASE", passphrase)
        .env("VISITDESK_NOW", now)
        .env("VISITDESK_FAST_KDF_FOR_TESTS", "1")
        .env_remove("VISITDESK_PERSON")
        .env_remove("VISITDESK_NEW_PASSPHRASE");
    c
}

fn visitdesk(store: &Path, args: &[&str]) -> Output {
    visitdesk_at(store, PASS, NOW, args)
}

fn error_code(out: &Output) -> String {
    let err: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("not a JSON error: {}", String::from_utf8_lossy(&out.stderr)));
    err["code"].as_str().unwrap().to_string()
}

/// A store with one employer; returns the recovery key.
fn init(dir: &Path) -> String {
    let out = json(visitdesk(dir, common::INIT));
    ok(visitdesk(dir, &["employer", "add", "--name", "苏州绿叶精密机械有限公司"]));
    out["recovery_key"].as_str().unwrap().to_string()
}

fn employers(dir: &Path) -> usize {
    json(visitdesk(dir, &["--json", "employer", "list"])).as_array().unwrap().len()
}

/// A new store with one employer, in a temporary folder.
fn new_store() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    init(&dir);
    (tmp, dir)
}

#[test]
fn a_damaged_page_is_reported_with_the_newest_good_backup_which_restores() {
    let (tmp, dir) = new_store();
    // The first unlock made the automatic backup; make another, named, outside the store too.
    let backups = json(visitdesk(&dir, &["--json", "backup", "--list"]));
    assert_eq!(backups.as_array().unwrap().len(), 1);
    let outside = tmp.path().join("usb-stick");
    ok(visitdesk(&dir, &["backup", "--out", outside.to_str().unwrap()]));
    assert!(ok(visitdesk(&outside, &["check"])).contains("ok"), "an outside backup opens as a store");
    let later = "2022-06-02T02:00:00Z";
    let made = json(visitdesk_at(&dir, PASS, later, &["--json", "backup"]));
    let newest = Path::new(made["backup"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_string();
    ok(visitdesk_at(&dir, PASS, later, &["employer", "add", "--name", "无锡蓝天电子有限公司"]));
    assert!(ok(visitdesk(&dir, &["check"])).contains("ok"));

    // Damage a page in the middle of the database.
    let db = dir.join("visitdesk.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let pages = bytes.len() / 4096;
    bytes[(pages - 2) * 4096 + 1000] ^= 0x41;
    std::fs::write(&db, bytes).unwrap();
    let out = visitdesk(&dir, &["--json", "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(error_code(&out), "store.damaged");
    assert!(String::from_utf8_lossy(&out.stderr).contains(&newest), "{}", String::from_utf8_lossy(&out.stderr));

    let out = json(visitdesk(&dir, &["--json", "restore", &newest]));
    assert!(out["kept"]["name"].as_str().unwrap().ends_with("before-restore"));
    assert!(ok(visitdesk(&dir, &["check"])).contains("ok"));
    assert_eq!(employers(&dir), 1, "the backup's records, from before the second employer");

    // A damaged header: "damaged", not "wrong passphrase"; the backup outside restores.
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[..16] {
        *b ^= 0xff;
    }
    std::fs::write(&db, bytes).unwrap();
    let out = visitdesk(&dir, &["--json", "employer", "list"]);
    assert_eq!(error_code(&out), "store.damaged");
    ok(visitdesk(&dir, &["restore", outside.to_str().unwrap()]));
    assert_eq!(employers(&dir), 1);
}

#[test]
fn wrong_secrets_change_no_byte_and_repeated_ones_must_wait() {
    let (_tmp, dir) = new_store();
    let before = tree(&dir);
    let backup = json(visitdesk(&dir, &["--json", "backup", "--list"]))[0]["name"].as_str().unwrap().to_string();
    for args in [
        &["--json", "employer", "list"][..],
        &["--json", "check"],
        &["--json", "restore", &backup],
        &["--json", "rekey"],
    ] {
        let out = visitdesk_at(&dir, "not the passphrase", NOW, args);
        assert_eq!((out.status.code(), error_code(&out).as_str()), (Some(3), "store.wrong_secret"), "{args:?}");
    }
    let mut after = tree(&dir);
    assert!(after.remove("unlock-failures.json").is_some(), "the wrong secrets were counted");
    assert_eq!(after, before, "a wrong passphrase changed a file");
    let failures = std::fs::read_to_string(dir.join("unlock-failures.json")).unwrap();
    assert!(failures.contains("\"count\":4"), "{failures}");

    // The fifth is free, then they wait — the right passphrase too, until the delay is over.
    let out = visitdesk_at(&dir, "not the passphrase", NOW, &["--json", "employer", "list"]);
    assert_eq!(error_code(&out), "store.wrong_secret");
    let out = visitdesk_at(&dir, PASS, "2022-06-01T02:00:04Z", &["--json", "employer", "list"]);
    assert_eq!((out.status.code(), error_code(&out).as_str()), (Some(3), "store.throttled"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("6 s"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(visitdesk_at(&dir, PASS, "2022-06-01T02:00:10Z", &["employer", "list"]).status.code(), Some(0));
}

#[test]
fn rekey_prints_a_new_recovery_key_and_the_old_passphrase_stops_working() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let old_key = init(&dir);
    let out = command(&dir, PASS, NOW)
        .env("VISITDESK_NEW_PASSPHRASE", "a new passphrase after the leak")
        .args(["--json", "rekey"])
        .output()
        .unwrap();
    let new_key = json(out)["recovery_key"].as_str().unwrap().to_string();
    assert_ne!(new_key, old_key);
    assert_eq!(visitdesk(&dir, &["employer", "list"]).status.code(), Some(3));
    let out = visitdesk_at(&dir, "a new passphrase after the leak", NOW, &["--json", "employer", "list"]);
    assert_eq!(json(out).as_array().unwrap().len(), 1);
    for name in tree(&dir).keys() {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap()).into_owned();
        assert!(!text.contains(&new_key) && !text.contains(&new_key.replace('-', "")), "{name} holds the key");
    }
}

/// Whether this machine lets the tests mount in a private mount namespace (root, or user
/// namespaces allowed): then a really full disk and a really read-only folder are tested.
fn can_mount() -> bool {
    Command::new("unshare").args(["-m", "--propagation", "private", "true"]).status().is_ok_and(|s| s.success())
}

/// Runs `script` with bash in a private mount namespace (so mounts vanish with it), with the
/// binary's path in $VD.
fn in_namespace(dir: &Path, script: &str) -> Output {
    shell(dir, &["unshare", "-m", "--propagation", "private", "bash", "-euc", script])
}

/// Runs `argv` with the store's environment, the binary's path in $VD and the store in $STORE.
fn shell(dir: &Path, argv: &[&str]) -> Output {
    let c = command(dir, PASS, NOW);
    Command::new(argv[0])
        .args(&argv[1..])
        .envs(c.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("VD", env!("CARGO_BIN_EXE_visitdesk"))
        .env("STORE", dir)
        .output()
        .unwrap()
}

/// Adds employers with long notes until a write fails; returns the failure's JSON error code
/// and how many were added.
const FILL: &str = r#"
    notes=$(head -c 19000 /dev/zero | tr '\0' 'x')
    result="never failed"
    for i in $(seq 1 400); do
        if ! "$VD" --json employer add --name "填满磁盘公司$i" --notes "$notes" --force >/dev/null 2>"$STORE.err"; then
            result="failed at $i $(cat "$STORE.err")"
            break
        fi
    done
    echo "$result""#;

/// How many employers [`FILL`] added before a write failed, and what it printed.
fn filled(what: &str, out: &Output) -> (usize, String) {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    eprintln!("{what}: {text}");
    assert!(text.starts_with("failed at"), "{text} {}", String::from_utf8_lossy(&out.stderr));
    (text.split_whitespace().nth(2).unwrap().parse::<usize>().unwrap() - 1, text)
}

#[test]
fn a_full_disk_is_a_typed_error_and_leaves_no_half_written_record() {
    let (tmp, dir) = new_store();
    let before = employers(&dir);
    let fresh = tmp.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    for f in ["visitdesk.db", "keyslots.json"] {
        std::fs::copy(dir.join(f), fresh.join(f)).unwrap();
    }
    // Everywhere: a file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored) makes writes fail with
    // EFBIG. SQLite reports a write refused outright as an I/O error: store.write_failed.
    let out = shell(&dir, &["bash", "-euc", &format!("trap '' XFSZ; ulimit -f 2048; {FILL}")]);
    let (added, text) = filled("file size limit", &out);
    assert!(text.contains("\"code\":\"store.write_failed\""), "{text}");
    assert!(ok(visitdesk(&dir, &["check"])).contains("ok"));
    assert_eq!(employers(&dir), before + added, "the failed record is not there, half or whole");

    // Where mounting is allowed: a really full disk (a 2 MB tmpfs), ENOSPC, store.disk_full.
    if !can_mount() {
        eprintln!("skipped the real full disk: cannot mount in a private namespace here");
        return;
    }
    let copy = tmp.path().join("copy");
    let out = in_namespace(
        &fresh,
        &format!(
            r#"disk=$(mktemp -d); mount -t tmpfs -o size=2m tmpfs "$disk"
            cp "$STORE"/visitdesk.db "$STORE"/keyslots.json "$disk"/; mkdir "$disk"/backups
            export STORE="$disk" VISITDESK_STORE="$disk"
            {FILL}
            cp -a "$disk" {copy:?}"#
        ),
    );
    let (added, text) = filled("full tmpfs", &out);
    assert!(text.contains("\"code\":\"store.disk_full\""), "{text}");
    assert!(ok(visitdesk(&copy, &["check"])).contains("ok"));
    assert_eq!(employers(&copy), before + added);
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().unwrap().stdout == b"0\n"
}

#[test]
fn a_read_only_folder_is_a_typed_error() {
    let (_tmp, dir) = new_store();
    let before = tree(&dir);
    let add = ["--json", "employer", "add", "--name", "只读公司"];
    // Everywhere: a folder and files without write permission. Root passes permission checks
    // by its capabilities (CAP_DAC_OVERRIDE and the like), so as root the CLI runs with none
    // (setpriv empties the bounding and inheritable sets): still root, and held to the
    // permissions like the owner of the files.
    let chmod = |mode: &str| {
        assert!(Command::new("chmod").args(["-R", mode, dir.to_str().unwrap()]).status().unwrap().success())
    };
    chmod("a-w");
    let vd = env!("CARGO_BIN_EXE_visitdesk");
    let out = if is_root() {
        shell(&dir, &[&["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", vd][..], &add].concat())
    } else {
        visitdesk(&dir, &add)
    };
    chmod("u+w");
    assert_eq!(error_code(&out), "store.read_only", "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&dir), before);

    // Where mounting is allowed: a read-only mount (EROFS), which no capability gets around.
    if !can_mount() {
        eprintln!("skipped the read-only mount: cannot mount in a private namespace here");
        return;
    }
    let out = in_namespace(
        &dir,
        r#"mount --bind "$STORE" "$STORE"; mount -o remount,bind,ro "$STORE"
        "$VD" --json employer add --name 只读公司 || true"#,
    );
    assert_eq!(error_code(&out), "store.read_only", "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&dir), before);
}
