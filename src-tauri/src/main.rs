// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Freed memory is wiped, so passphrases and record text do not outlive their use once the
/// store is locked (as in the CLI; tests/stories/memory.rs shows what is left without it).
#[global_allocator]
static WIPE_ON_FREE: zeroizing_alloc::ZeroAlloc<std::alloc::System> = zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() {
    visitdesk_app_lib::run();
}
