//! What the binary's tests share.
use std::process::Output;

/// `visitdesk --json init …` for 王书记's 2022 campaign; its output holds the recovery key.
pub const INIT: &[&str] = &[
    "--json",
    "init",
    "--school",
    "示例职业技术学院",
    "--name",
    "王书记",
    "--role",
    "secretary",
    "--from",
    "2022-03-01",
    "--to",
    "2022-08-31",
];

/// The standard output of a run that must succeed.
pub fn ok(out: Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON a `--json` run that must succeed printed.
pub fn json(out: Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}
