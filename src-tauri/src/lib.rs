//! The Visitdesk desktop shell: it owns the window and, as the app grows, the IPC commands,
//! each a thin adapter over `visitdesk-core`.

/// Starts the app and blocks until its last window closes.
pub fn run() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("error while running the Visitdesk app");
}
