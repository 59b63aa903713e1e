//! The Visitdesk desktop shell: it owns the window and the IPC commands, each a thin adapter
//! over `visitdesk-core`. Nothing here holds SQL or a business rule.
mod commands;
mod direct;
pub mod error;
pub mod files;
pub mod guard;
#[cfg(target_os = "linux")]
mod sleep;
#[cfg(windows)]
mod sleep_windows;
pub mod state;

use std::sync::Arc;
use tauri::Manager;

include!("commands/list.rs");

/// Builds the invoke handler from the one command list.
macro_rules! handler {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),+]
    };
}

/// A second launch focuses the window that is already open instead of starting another app on
/// the same store.
fn focus_main(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Starts the app and blocks until its last window closes.
pub fn run() {
    tauri::Builder::default()
        // First, so that a second instance exits before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main(app)))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dir = state::store_dir(std::env::var_os("VISITDESK_STORE"), || app.path().app_data_dir())?;
            let kdf = state::kdf(std::env::var_os("VISITDESK_FAST_KDF_FOR_TESTS").is_some());
            // Reports find the font the package installed beside the program.
            if let Ok(program) = std::env::current_exe() {
                visitdesk_core::report::font::program_at(program);
            }
            // Opened attachments are decrypted under the session's runtime folder (a tmpfs,
            // the user's alone) where there is one, else the app's cache folder.
            let copies = match std::env::var_os("XDG_RUNTIME_DIR") {
                Some(runtime) => std::path::PathBuf::from(runtime).join("visitdesk-open"),
                None => app.path().app_cache_dir()?.join("open"),
            };
            let shared: state::Shared =
                Arc::new(state::AppState::new(dir, kdf).with_open_copies(state::OpenCopies::new(copies)));
            guard::start(Arc::clone(&shared))?;
            direct::start(Arc::clone(&shared));
            #[cfg(target_os = "linux")]
            sleep::watch(Arc::clone(&shared));
            #[cfg(windows)]
            sleep_windows::watch(Arc::clone(&shared));
            app.manage(shared);
            Ok(())
        })
        // Files dragged onto the window: the page hears over, drop and leave (`watch_drops`);
        // a drop's paths stay in the shell until the page attaches them (`attach_dropped`).
        .on_window_event(|window, event| {
            use state::FileDrop;
            use tauri::DragDropEvent as D;
            if let tauri::WindowEvent::DragDrop(drag) = event {
                let state = window.state::<state::Shared>();
                match drag {
                    D::Enter { .. } | D::Over { .. } => state.file_drop(FileDrop::Over, None),
                    D::Drop { paths, .. } => state.file_drop(FileDrop::Drop, Some(paths.clone())),
                    D::Leave => state.file_drop(FileDrop::Leave, None),
                    _ => {}
                }
            }
        })
        .invoke_handler(with_commands!(handler))
        .build(tauri::generate_context!())
        .expect("error while building the Visitdesk app")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<state::Shared>().clear_open_copies();
            }
        });
}

#[cfg(test)]
mod tests {
    /// The command names of the one list.
    macro_rules! names {
        ($($module:ident :: $command:ident),+ $(,)?) => {
            &[$(stringify!($command)),+]
        };
    }

    /// Every command the UI's backend calls (`call('name'`) is in the command list, so a
    /// misspelt or unregistered command fails here rather than at run time in the window.
    #[test]
    fn every_command_the_ui_calls_is_registered() {
        const COMMANDS: &[&str] = with_commands!(names);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/backend/tauri.ts");
        let ui = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let called: Vec<&str> =
            ui.split("call('").skip(1).map(|rest| rest.split('\'').next().unwrap_or_default()).collect();
        assert!(called.len() > 50, "{path}: found only {} calls", called.len());
        let unknown: Vec<&&str> = called.iter().filter(|c| !COMMANDS.contains(c)).collect();
        assert!(unknown.is_empty(), "{path} calls commands missing from commands/list.rs: {unknown:?}");
    }
}
