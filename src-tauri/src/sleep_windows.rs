//! Windows: locks the store before the machine sleeps and when the desktop session is locked,
//! from the system's own messages, as `sleep.rs` does from logind's signals on Linux
//! (`docs/WINDOWS.md`). A hidden top-level window of our own, on a thread of its own, receives
//! `WM_POWERBROADCAST` with `PBT_APMSUSPEND` (sent to every top-level window before a sleep; a
//! message-only window would not get it) and, once registered with
//! `WTSRegisterSessionNotification`, `WM_WTSSESSION_CHANGE` with `WTS_SESSION_LOCK`.
//! Type-checked for `x86_64-pc-windows-gnu` here; never run (the note of issue 19).
#![allow(unsafe_code)] // The Win32 window API is C: a window class, a window procedure, a message loop.

use crate::state::Shared;
use std::sync::OnceLock;
use visitdesk_core::session::AutoLock;
use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
use windows_sys::Win32::System::RemoteDesktop::{NOTIFY_FOR_THIS_SESSION, WTSRegisterSessionNotification};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DefWindowProcW, DispatchMessageW, GetMessageW, MSG, PBT_APMSUSPEND, RegisterClassW,
    TranslateMessage, WM_POWERBROADCAST, WM_WTSSESSION_CHANGE, WNDCLASSW, WS_OVERLAPPED, WTS_SESSION_LOCK,
};

/// The app's state, for the window procedure (a C callback, with no context of its own).
static STATE: OnceLock<Shared> = OnceLock::new();

/// Starts the watch on a thread of its own; a failure is said once, on stderr, and the guard's
/// clocks still see a sleep once the machine wakes (`guard::decide`).
pub fn watch(state: Shared) {
    let _ = STATE.set(state);
    let started = std::thread::Builder::new().name("visitdesk-sleep".into()).spawn(|| {
        if let Err(e) = run() {
            eprintln!(
                "visitdesk: not watching for sleep and session lock ({e}); a sleep is still seen when the machine wakes"
            );
        }
    });
    if let Err(e) = started {
        eprintln!("visitdesk: not watching for sleep: {e}");
    }
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

/// Makes the hidden window and runs its message loop for the life of the process.
fn run() -> Result<(), &'static str> {
    let class_name = wide("VisitdeskSleepWatch");
    // SAFETY: every pointer handed over lives until the call returns (the class name for the
    // life of the loop below); the structures are plain C data, zeroed where unused.
    unsafe {
        let instance = GetModuleHandleW(std::ptr::null());
        let class = WNDCLASSW {
            lpfnWndProc: Some(on_message),
            hInstance: instance,
            lpszClassName: class_name.as_ptr(),
            ..std::mem::zeroed()
        };
        if RegisterClassW(&class) == 0 {
            return Err("RegisterClassW failed");
        }
        // Top-level (no parent) so that power broadcasts reach it, and never shown.
        let window = CreateWindowExW(
            0,
            class_name.as_ptr(),
            std::ptr::null(),
            WS_OVERLAPPED,
            0,
            0,
            0,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            instance,
            std::ptr::null(),
        );
        if window.is_null() {
            return Err("CreateWindowExW failed");
        }
        if WTSRegisterSessionNotification(window, NOTIFY_FOR_THIS_SESSION) == 0 {
            eprintln!("visitdesk: session lock notifications refused; sleep is still watched");
        }
        let mut message: MSG = std::mem::zeroed();
        while GetMessageW(&mut message, std::ptr::null_mut(), 0, 0) > 0 {
            TranslateMessage(&message);
            DispatchMessageW(&message);
        }
    }
    Ok(())
}

/// The window procedure: locks on a coming sleep or a locked session, then lets Windows do the rest.
unsafe extern "system" fn on_message(window: HWND, message: u32, wparam: WPARAM, lparam: LPARAM) -> LRESULT {
    let reason = match (message, wparam as u32) {
        (WM_POWERBROADCAST, PBT_APMSUSPEND) => Some(AutoLock::Suspend),
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) => Some(AutoLock::ScreenLock),
        _ => None,
    };
    if let (Some(reason), Some(state)) = (reason, STATE.get()) {
        let _ = state.lock_for(reason);
    }
    // SAFETY: the arguments are the ones Windows passed in.
    unsafe { DefWindowProcW(window, message, wparam, lparam) }
}
