//! Locks the store before the machine sleeps and when the desktop session is locked, from
//! logind's signals on the system bus (Linux): `PrepareForSleep(true)` on the manager and `Lock`
//! on this session. A delay inhibitor (`Inhibit("sleep", …, "delay")`) holds the sleep back
//! until the key is dropped, so the key is gone before the machine sleeps, not after it wakes.
//! Without logind (a container, another init) nothing is watched, and the guard's clocks still
//! see a sleep once the machine wakes (`guard::decide`).
//!
//! Windows does the same from the system's messages to a hidden window: `sleep_windows.rs`.
use crate::state::Shared;
use visitdesk_core::session::AutoLock;
use zbus::blocking::{Connection, Proxy};
use zbus::zvariant::OwnedFd;

const LOGIND: &str = "org.freedesktop.login1";

/// Starts the watch on threads of its own; a machine without logind is said once, on stderr.
pub fn watch(state: Shared) {
    let started = std::thread::Builder::new().name("visitdesk-sleep".into()).spawn(move || {
        if let Err(e) = run(state) {
            eprintln!("visitdesk: not watching logind ({e}); a sleep is still seen when the machine wakes");
        }
    });
    if let Err(e) = started {
        eprintln!("visitdesk: not watching logind: {e}");
    }
}

fn run(state: Shared) -> zbus::Result<()> {
    let bus = Connection::system()?;
    let manager = Proxy::new(&bus, LOGIND, "/org/freedesktop/login1", "org.freedesktop.login1.Manager")?;
    let session = Proxy::new(&bus, LOGIND, "/org/freedesktop/login1/session/auto", "org.freedesktop.login1.Session")?;
    let locks = session.receive_signal("Lock")?;
    let on_lock = state.clone();
    std::thread::Builder::new().name("visitdesk-session-lock".into()).spawn(move || {
        for _ in locks {
            let _ = on_lock.lock_for(AutoLock::ScreenLock);
        }
    })?;
    let mut inhibitor = inhibit(&manager);
    for signal in manager.receive_signal("PrepareForSleep")? {
        let going_to_sleep: bool = signal.body().deserialize()?;
        if going_to_sleep {
            let _ = state.lock_for(AutoLock::Suspend);
            // Dropping the descriptor lets the sleep go ahead.
            inhibitor = None;
        } else {
            inhibitor = inhibit(&manager);
        }
    }
    drop(inhibitor);
    Ok(())
}

/// A delay inhibitor on sleep, held while it is open; `None` if logind refuses one.
fn inhibit(manager: &Proxy<'_>) -> Option<OwnedFd> {
    let args = ("sleep", "访企拓岗工作台 Visitdesk", "lock the store before the machine sleeps", "delay");
    manager.call("Inhibit", &args).ok()
}
