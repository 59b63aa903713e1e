//! The shell's watch over an unlocked store, on a thread of its own: it locks after the idle
//! delay from the settings and when the machine has slept, tidies the store (`Store::tidy`), and makes the
//! automatic backup while the store stays unlocked. The UI is told through the channel it
//! registered (`watch_lock`), so it drops every view even when nobody is touching it.
//!
//! Suspend is seen without any platform service: `Instant` (CLOCK_MONOTONIC on Linux) stands
//! still while the machine sleeps and the wall clock does not, so between two ticks the wall
//! clock running ahead of the monotonic one means the machine slept. A screen lock is not seen
//! (that needs the desktop's D-Bus session); the idle delay covers it.
use crate::state::Shared;
use chrono::Utc;
use std::time::{Duration, Instant, SystemTime};
use visitdesk_core::session::AutoLock;
use visitdesk_core::store::backups;

/// How often the guard looks.
const TICK: Duration = Duration::from_secs(5);
/// How far the wall clock may run ahead of the monotonic clock in one tick before it counts as
/// a sleep (a tick that is late under load moves both clocks alike).
const SLEEP_GAP: Duration = Duration::from_secs(30);
/// How often the automatic backup is asked for; the core makes one when the newest is older
/// than `backups::AUTO_INTERVAL`.
const BACKUP_EVERY: Duration = Duration::from_secs(5 * 60);

/// Both clocks read at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Clocks {
    pub wall: SystemTime,
    pub mono: Instant,
}

impl Clocks {
    pub fn now() -> Clocks {
        Clocks { wall: SystemTime::now(), mono: Instant::now() }
    }
}

/// Whether to lock at `now`, having looked last at `prev`, with the last activity at
/// `last_activity` and the idle delay `idle`. A wall clock set back is no sleep.
pub fn decide(prev: Clocks, now: Clocks, last_activity: Instant, idle: Duration) -> Option<AutoLock> {
    let wall = now.wall.duration_since(prev.wall).unwrap_or_default();
    let mono = now.mono.saturating_duration_since(prev.mono);
    if wall.saturating_sub(mono) > SLEEP_GAP {
        Some(AutoLock::Suspend)
    } else if now.mono.saturating_duration_since(last_activity) >= idle {
        Some(AutoLock::Idle)
    } else {
        None
    }
}

/// Starts the guard's thread; it runs as long as the app.
pub fn start(state: Shared) -> std::io::Result<()> {
    std::thread::Builder::new().name("visitdesk-guard".into()).spawn(move || {
        let mut prev = Clocks::now();
        // When the automatic backup was last tried: none yet, so the first tick with the store
        // unlocked makes it (unless a recent one exists), instead of the unlock waiting for it.
        let mut backed_up: Option<Instant> = None;
        let mut team_mark = None;
        loop {
            std::thread::sleep(TICK);
            let now = Clocks::now();
            if let Err(e) = state.guard(prev, now) {
                eprintln!("visitdesk: the auto-lock failed: {}", e.message);
            }
            // The team folder: a pass when another member's bundle there changed or this
            // laptop has changes to write. Locked: nothing to do. A folder that cannot be
            // read shows on the team page as a refusal, and is tried again.
            team_mark = state.team_tick(team_mark, Utc::now()).unwrap_or(None);
            // The search index's merging and the WAL's checkpoint run here, between the user's
            // actions, rather than in some unlucky save (see `Store::tidy`). Locked: nothing to
            // do; after a failure the next tick tries again, and the pages stay safe in the WAL.
            let _ = state.read(|s| s.tidy());
            if backed_up.is_none_or(|at| now.mono.saturating_duration_since(at) >= BACKUP_EVERY) {
                // Locked: nothing to back up, and the first unlocked tick tries. A failure (a
                // full disk) shows as an old newest backup in the settings' list. It runs on
                // the store's reader, so the user's calls are not held up meanwhile.
                if let Ok(reader) = state.reader() {
                    backed_up = Some(now.mono);
                    // The attachments' content no record names any more (an attaching that
                    // failed half way) goes first, so no backup keeps it.
                    let _ = state.read(|s| visitdesk_core::attachments::sweep(s.conn(), &s.vault(), Utc::now()));
                    let _ = backups::auto(&reader, Utc::now());
                }
            }
            prev = now;
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn at(base: Clocks, wall: u64, mono: u64) -> Clocks {
        Clocks { wall: base.wall + Duration::from_secs(wall), mono: base.mono + Duration::from_secs(mono) }
    }

    #[test]
    fn locks_after_the_idle_delay_counted_from_the_last_activity() {
        let t0 = Clocks::now();
        let (prev, now) = (at(t0, 595, 595), at(t0, 600, 600));
        assert_eq!(decide(prev, now, t0.mono, 10 * MIN), Some(AutoLock::Idle));
        assert_eq!(decide(prev, at(t0, 599, 599), t0.mono, 10 * MIN), None);
        // Activity a minute ago restarts the count.
        assert_eq!(decide(prev, now, at(t0, 0, 540).mono, 10 * MIN), None);
        assert_eq!(decide(prev, now, at(t0, 0, 540).mono, MIN), Some(AutoLock::Idle));
    }

    #[test]
    fn a_wall_clock_running_ahead_of_the_monotonic_one_is_a_sleep() {
        let t0 = Clocks::now();
        let prev = at(t0, 100, 100);
        let active = at(t0, 0, 104).mono;
        // An hour asleep between two ticks: the wall clock moved on, the monotonic one 5 s.
        assert_eq!(decide(prev, at(t0, 3705, 105), active, 10 * MIN), Some(AutoLock::Suspend));
        // A late tick moves both clocks; a small drift and a clock set back are no sleep.
        assert_eq!(decide(prev, at(t0, 160, 160), active, 10 * MIN), None);
        assert_eq!(decide(prev, at(t0, 134, 105), active, 10 * MIN), None);
        assert_eq!(decide(prev, at(t0, 0, 105), active, 10 * MIN), None);
    }
}
