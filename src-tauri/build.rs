//! Generates the app's command permissions (`allow-<command>`) from the one command list, and
//! refuses to build when the main window's capability does not grant exactly those commands:
//! with an app manifest, Tauri rejects any command the capability leaves out.
use std::collections::BTreeSet;

include!("src/commands/list.rs");

macro_rules! names {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        &[$(stringify!($command)),+]
    };
}

const COMMANDS: &[&str] = with_commands!(names);
const CAPABILITY: &str = "capabilities/default.json";

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    println!("cargo:rerun-if-changed={CAPABILITY}");
    println!("cargo:rerun-if-changed=capabilities");
    check_capability();
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

fn check_capability() {
    let text = std::fs::read_to_string(CAPABILITY).unwrap_or_else(|e| panic!("{CAPABILITY}: {e}"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CAPABILITY}: {e}"));
    // The main window only, never a remote URL, and no other capability file beside it (Tauri
    // loads every file in the folder).
    assert_eq!(json["windows"], serde_json::json!(["main"]), "{CAPABILITY} must grant the main window only");
    assert!(
        json.get("remote").is_none() && json.get("webviews").is_none(),
        "{CAPABILITY} must not grant remote URLs or webviews"
    );
    let files: Vec<_> = std::fs::read_dir("capabilities")
        .unwrap_or_else(|e| panic!("capabilities/: {e}"))
        .filter_map(|f| f.ok()?.file_name().into_string().ok())
        .collect();
    assert_eq!(files, ["default.json"], "capabilities/ must hold only default.json");
    let granted: BTreeSet<String> = json["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("{CAPABILITY}: no permissions"))
        .iter()
        .filter_map(|p| p.as_str())
        // Plugin and core permissions are `prefix:name`; the app's own have no prefix.
        .filter(|p| !p.contains(':'))
        .map(str::to_string)
        .collect();
    let wanted: BTreeSet<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    let missing: Vec<_> = wanted.difference(&granted).collect();
    let extra: Vec<_> = granted.difference(&wanted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{CAPABILITY} must grant exactly the commands in src/commands/list.rs; missing {missing:?}, not commands {extra:?}"
    );
}
