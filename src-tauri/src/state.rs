//! What the commands share: the store's folder, and the store while it is unlocked.
//!
//! Store work blocks (SQLCipher, Argon2id), so every command runs its core call on the blocking
//! pool through [`run`], [`read`], [`long_read`] or [`write`] and stays a few lines long.
//!
//! The store is behind one lock, held for each quick read and each write. Long jobs (exports,
//! reports, backups) hold it only to take the store's [`Reader`], and run on that second
//! connection without it, so the dashboard and the calendar answer meanwhile.
use crate::error::IpcError;
use crate::guard::{self, Clocks};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::error::ErrorCode;
use visitdesk_core::error::{Error, Result as CoreResult};
use visitdesk_core::ids::Id;
use visitdesk_core::session::{self, AutoLock, Created, NewStore, Session, StoreStatus};
use visitdesk_core::settings;
use visitdesk_core::store::backups::{self, Backup};
use visitdesk_core::store::{KeySlots, Reader, Rekeyed, Secret, Store, Tx};
use visitdesk_core::team::{self, FolderPass, JoinForm, JoinRequest, Refusal, TeamError, Waiting};

/// The state Tauri manages; cloned (cheaply) into each blocking call.
pub type Shared = Arc<AppState>;

/// Told when the shell locks the store on its own (idle, or the machine slept).
type LockListener = Box<dyn Fn(AutoLock) + Send>;

/// Told when a pass over the team folder on the idle tick applied or refused something.
type TeamListener = Box<dyn Fn(&FolderPass) + Send>;

pub struct AppState {
    /// The real store's folder.
    dir: PathBuf,
    /// Whether the demo store (in [`AppState::demo_dir`]) is the one in use: from "用示例数据试用"
    /// until the demo is left.
    demo: std::sync::atomic::AtomicBool,
    kdf: KdfParams,
    /// `None` while locked. Dropping the `Store` wipes its key and closes the database.
    store: Mutex<Option<Store>>,
    /// The last sign of the user (`touch`, or opening the store), for the idle delay.
    activity: Mutex<Instant>,
    /// Told when the shell locks on its own (the UI's channel, see `watch_lock`).
    on_lock: Mutex<Option<LockListener>>,
    /// The file picked in the import wizard, kept for its later steps; dropped on lock.
    import: Mutex<Option<Arc<ImportFile>>>,
    /// Told of the team folder's passes on the idle tick (the UI's channel, see `watch_team`).
    on_team: Mutex<Option<TeamListener>>,
    /// Bundles refused since the app started, newest last, one per source (the team page
    /// lists them; refusing writes nothing to the store).
    refusals: Mutex<Vec<Refusal>>,
    /// Where attachments opened in the system's viewer are decrypted to (see [`OpenCopies`]).
    open_copies: Option<OpenCopies>,
    /// The files last dropped on the window, until the page attaches them.
    dropped: Mutex<Vec<PathBuf>>,
    /// Told of files dragged over, dropped on or dragged off the window (the UI's channel, see
    /// `watch_drops`): never their paths.
    on_drop: Mutex<Option<DropListener>>,
    /// Direct sync's node while the store is unlocked (see `direct`).
    pub direct: crate::direct::Direct,
}

/// Told of files dragged over the window: `over`, `drop` or `leave`.
type DropListener = Box<dyn Fn(FileDrop) + Send>;

/// What files dragged onto the window are doing, as the UI hears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileDrop {
    Over,
    Drop,
    Leave,
}

/// A private folder (0700) for the decrypted copies of attachments the user opens in the
/// system's viewer: emptied when the store locks, when the app quits, and at the next start
/// (after a crash).
pub struct OpenCopies(PathBuf);

impl OpenCopies {
    /// The folder `dir`, emptied now.
    pub fn new(dir: PathBuf) -> OpenCopies {
        let copies = OpenCopies(dir);
        copies.clear();
        copies
    }

    /// A new private subfolder for one copy, so two files of the same name never collide.
    pub fn folder(&self) -> std::io::Result<PathBuf> {
        let dir = self.0.join(Id::new(chrono::Utc::now()).to_string());
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(dir)
    }

    /// Removes every copy.
    pub fn clear(&self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file picked for import: its name (without the folder) and its bytes.
#[derive(Debug)]
pub struct ImportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The store's folder: `$VISITDESK_STORE` when set (end-to-end tests use a temporary folder),
/// else `store/` in the app's data folder.
pub fn store_dir(
    from_env: Option<OsString>,
    app_data: impl FnOnce() -> tauri::Result<PathBuf>,
) -> tauri::Result<PathBuf> {
    match from_env.filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(app_data()?.join("store")),
    }
}

/// The KDF cost for new passphrases: the deliberate half second, unless the end-to-end tests
/// ask for speed (`VISITDESK_FAST_KDF_FOR_TESTS`, as the CLI does) in a debug build.
pub fn kdf(fast_for_tests: bool) -> KdfParams {
    KdfParams::for_env(fast_for_tests)
}

impl AppState {
    pub fn new(dir: PathBuf, kdf: KdfParams) -> AppState {
        AppState {
            dir,
            demo: std::sync::atomic::AtomicBool::new(false),
            kdf,
            store: Mutex::new(None),
            activity: Mutex::new(Instant::now()),
            on_lock: Mutex::new(None),
            import: Mutex::new(None),
            on_team: Mutex::new(None),
            refusals: Mutex::new(Vec::new()),
            open_copies: None,
            dropped: Mutex::new(Vec::new()),
            on_drop: Mutex::new(None),
            direct: crate::direct::Direct::default(),
        }
    }

    /// Decrypts attachments opened in the system's viewer into `copies`.
    pub fn with_open_copies(self, copies: OpenCopies) -> AppState {
        AppState { open_copies: Some(copies), ..self }
    }

    /// The folder for one opened attachment's decrypted copy.
    pub fn open_copy_folder(&self) -> Result<PathBuf, IpcError> {
        let copies = self.open_copies.as_ref().ok_or_else(|| IpcError::internal("no folder for opened copies"))?;
        copies.folder().map_err(|e| Error::from(e).into())
    }

    /// Removes the opened copies (the app quits).
    pub fn clear_open_copies(&self) {
        if let Some(copies) = &self.open_copies {
            copies.clear();
        }
    }

    /// Tells the UI of files dragged over the window; a drop's paths are kept for
    /// [`AppState::take_dropped`].
    pub fn file_drop(&self, event: FileDrop, paths: Option<Vec<PathBuf>>) {
        if let Some(paths) = paths {
            *self.dropped.lock().unwrap_or_else(PoisonError::into_inner) = paths;
        }
        if let Some(tell) = self.on_drop.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            tell(event);
        }
    }

    /// Where files dragged over the window are told (the last page that asked).
    pub fn on_drop(&self, tell: impl Fn(FileDrop) + Send + 'static) {
        *self.on_drop.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(tell));
    }

    /// The files last dropped on the window, once.
    pub fn take_dropped(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.dropped.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The folder of the store in use: the demo's while it is open, else the real one.
    pub fn dir(&self) -> PathBuf {
        if self.in_demo() { self.demo_dir() } else { self.dir.clone() }
    }

    /// The demo store's folder: beside the real store's, never inside it.
    pub fn demo_dir(&self) -> PathBuf {
        let name = self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.dir.with_file_name(format!("{name}-demo"))
    }

    pub fn in_demo(&self) -> bool {
        self.demo.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Opens the demo store (made first if need be), in place of the real one, which locks.
    pub fn try_demo(&self, now: DateTime<Utc>) -> Result<Session, IpcError> {
        let mut slot = self.slot();
        self.close(&mut slot)?;
        let (store, session) = session::try_demo(&self.demo_dir(), self.kdf, now)?;
        self.demo.store(true, std::sync::atomic::Ordering::SeqCst);
        self.open(&mut slot, store);
        Ok(session)
    }

    /// Leaves the demo: it locks, and the real store is the one in use again (locked).
    pub fn leave_demo(&self) -> Result<(), IpcError> {
        let mut slot = self.slot();
        if self.in_demo() {
            self.close(&mut slot)?;
            self.demo.store(false, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(())
    }

    /// Deletes the demo store (never while it is in use).
    pub fn delete_demo(&self) -> Result<(), IpcError> {
        let _slot = self.slot();
        if self.in_demo() {
            return Err(Error::Invalid("the demo is in use: leave it first".into()).into());
        }
        match std::fs::remove_dir_all(self.demo_dir()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::from(e).into()),
            _ => Ok(()),
        }
    }

    /// The store slot. A command that panicked cannot leave the store half-written (its
    /// transaction rolls back), so a poisoned lock is still safe to use.
    fn slot(&self) -> MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `store` unlocked, with the idle delay counted from now.
    fn open(&self, slot: &mut Option<Store>, store: Store) {
        *slot = Some(store);
        self.touch();
    }

    /// Records a sign of the user, which restarts the idle delay.
    pub fn touch(&self) {
        *self.activity.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    /// Who to tell when the shell locks on its own (replacing the one told before).
    pub fn on_lock(&self, tell: impl Fn(AutoLock) + Send + 'static) {
        *self.on_lock.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(tell));
    }

    /// One look of the guard, having looked last at `prev`: locks an unlocked store that has
    /// been idle for the delay in its settings, or when the machine slept, and says why.
    pub fn guard(&self, prev: Clocks, now: Clocks) -> Result<Option<AutoLock>, IpcError> {
        let Ok(minutes) = self.read(|s| settings::auto_lock_minutes(s.conn())) else { return Ok(None) };
        let last = *self.activity.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(reason) = guard::decide(prev, now, last, Duration::from_secs(u64::from(minutes) * 60)) else {
            return Ok(None);
        };
        self.lock_for(reason)?;
        Ok(Some(reason))
    }

    /// Locks on the shell's own account (idle, sleep, the session locked), and tells the UI
    /// why. Locked already is fine, and nobody is told again.
    pub fn lock_for(&self, reason: AutoLock) -> Result<(), IpcError> {
        if self.slot().is_none() {
            return Ok(());
        }
        self.lock()?;
        if let Some(tell) = self.on_lock.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            tell(reason);
        }
        Ok(())
    }

    /// Runs a read on the unlocked store.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> CoreResult<T>) -> Result<T, IpcError> {
        let slot = self.slot();
        let store = slot.as_ref().ok_or_else(IpcError::locked)?;
        Ok(f(store)?)
    }

    /// The unlocked store's reader, for a long job: taken under the store's lock, used without
    /// it. Locking closes it, and a job on it fails with `store.locked`.
    pub fn reader(&self) -> Result<Reader, IpcError> {
        Ok(self.slot().as_ref().ok_or_else(IpcError::locked)?.reader().clone())
    }

    /// Runs a long read (an export, a report) in one read transaction on the store's reader,
    /// without holding the store's lock.
    pub fn long_read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> Result<T, IpcError> {
        Ok(self.reader()?.read(f)?)
    }

    /// Runs `f` in one transaction on the unlocked store, as the person who unlocked it.
    pub fn write<T>(&self, now: DateTime<Utc>, f: impl FnOnce(&Tx<'_>) -> CoreResult<T>) -> Result<T, IpcError> {
        self.with_store(|store| store.write(now, f))
    }

    /// Runs `f` on the unlocked store itself, for core calls that open their own transaction.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> CoreResult<T>) -> Result<T, IpcError> {
        Ok(self.core(f)?)
    }

    /// [`AppState::with_store`] with the core's error (`store.locked` when locked), for the
    /// shell's own workers.
    pub fn core<T>(&self, f: impl FnOnce(&mut Store) -> CoreResult<T>) -> CoreResult<T> {
        let mut slot = self.slot();
        let store = slot.as_mut().ok_or(visitdesk_core::error::StoreError::Locked)?;
        f(store)
    }

    fn import_slot(&self) -> MutexGuard<'_, Option<Arc<ImportFile>>> {
        self.import.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `file` for the import wizard's later steps, in place of the one picked before.
    /// Only while unlocked, as the steps after it need the store.
    pub fn keep_import(&self, file: ImportFile) -> Result<(), IpcError> {
        let slot = self.slot();
        if slot.is_none() {
            return Err(IpcError::locked());
        }
        *self.import_slot() = Some(Arc::new(file));
        Ok(())
    }

    /// The file picked for import (`invalid` when none is, e.g. after a lock).
    pub fn import_file(&self) -> Result<Arc<ImportFile>, IpcError> {
        let file = self.import_slot().clone();
        Ok(file.ok_or_else(|| Error::Invalid("no file is picked for import".into()))?)
    }

    pub fn status(&self) -> Result<StoreStatus, IpcError> {
        let unlocked = self.slot().is_some();
        Ok(session::status(&self.dir(), unlocked)?)
    }

    /// First run: creates the store and keeps it unlocked.
    pub fn create(&self, form: &NewStore, now: DateTime<Utc>) -> Result<Created, IpcError> {
        let (store, created) = session::create(&self.dir(), form, self.kdf, now)?;
        self.open(&mut self.slot(), store);
        Ok(created)
    }

    /// Unlocks as `person_id` (replacing whoever had it unlocked). The key derivation runs
    /// without holding the lock, so a slow unlock does not hold up other calls. A store that
    /// waits for its team's welcome stays unlocked for the waiting screen, which the error
    /// (`team.pending`) sends the UI to.
    pub fn unlock(&self, person_id: &Id, passphrase: &str, now: DateTime<Utc>) -> Result<Session, IpcError> {
        let (store, session) = session::unlock_any(&self.dir(), person_id, passphrase, now)?;
        self.open(&mut self.slot(), store);
        Ok(session.ok_or(TeamError::Pending).map_err(Error::from)?)
    }

    /// First run on a laptop that joins a team: makes the store that waits for the welcome
    /// and keeps it unlocked; returns the request to hand to an admin.
    pub fn request_to_join(&self, form: &JoinForm, now: DateTime<Utc>) -> Result<(JoinRequest, Waiting), IpcError> {
        let (created, request) = team::join_request(
            &self.dir(),
            &form.person_name,
            form.role,
            &form.device_name,
            &form.passphrase,
            self.kdf,
            now,
        )?;
        let mut waiting = Waiting::from(&request);
        waiting.recovery_key = Some(created.recovery_key.to_string());
        self.open(&mut self.slot(), created.store);
        Ok((request, waiting))
    }

    /// Who to tell of the team folder's passes on the idle tick (replacing the one told before).
    pub fn on_team(&self, tell: impl Fn(&FolderPass) + Send + 'static) {
        *self.on_team.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(tell));
    }

    /// Tells the UI what a pass (over the folder, or with a laptop on the network) did.
    pub fn tell_team(&self, pass: &FolderPass) {
        if let Some(tell) = self.on_team.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            tell(pass);
        }
    }

    /// Notes what a bundle's refusal or a folder pass refused, for the team page.
    pub fn refused(&self, source: &str, code: ErrorCode, at: DateTime<Utc>) {
        let mut list = self.refusals.lock().unwrap_or_else(PoisonError::into_inner);
        list.retain(|r| r.source != source);
        list.push(Refusal { source: source.to_string(), code, at });
    }

    /// The bundles refused since the app started.
    pub fn refusals(&self) -> Vec<Refusal> {
        self.refusals.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// One pass over the team folder (`team::sync_own_folder`), noting what it refused and
    /// what it applied; `None` without a folder.
    pub fn sync_team_folder(&self, now: DateTime<Utc>) -> Result<Option<FolderPass>, IpcError> {
        let pass = self.with_store(|store| team::sync_own_folder(store, now)).inspect_err(|e| {
            let folder = self.read(|s| team::folder(s.conn())).ok().flatten();
            if let Some(folder) = folder {
                self.refused(&folder.display().to_string(), e.code, now);
            }
        })?;
        if let Some(pass) = &pass {
            let mut list = self.refusals.lock().unwrap_or_else(PoisonError::into_inner);
            for read in &pass.read {
                list.retain(|r| r.source != read.file);
                if let Some(code) = read.error {
                    list.push(Refusal { source: read.file.clone(), code, at: now });
                }
            }
        }
        Ok(pass)
    }

    /// The idle tick's look at the team folder: a pass when what is there (or here) changed
    /// since `last` (see `team::folder_mark`), told to the UI. Returns the mark to pass next.
    pub fn team_tick(&self, last: Option<u64>, now: DateTime<Utc>) -> Result<Option<u64>, IpcError> {
        let mark = self.read(|s| team::folder_mark(s.conn()))?;
        if mark.is_none() || mark == last {
            return Ok(mark);
        }
        // A pass that failed (noted among the refusals) is tried again when something changes.
        if let Ok(Some(pass)) = self.sync_team_folder(now) {
            self.tell_team(&pass);
        }
        // What the pass wrote and applied is part of the mark it leaves.
        self.read(|s| team::folder_mark(s.conn()))
    }

    /// Sets a person's passphrase, at the app's KDF cost; `mine` is the unlocked person's own,
    /// retyped. Holds the lock while it rewrites the key slots, so two calls never write
    /// `keyslots.json` at once.
    pub fn set_passphrase(
        &self,
        person_id: &Id,
        passphrase: &str,
        mine: &str,
        now: DateTime<Utc>,
    ) -> Result<(), IpcError> {
        self.with_store(|store| store.set_passphrase(person_id, passphrase, mine, self.kdf, now))
    }

    /// Re-encrypts the store under a new key, at the app's KDF cost (an admin's; `mine` is
    /// their passphrase, retyped; `passphrase` theirs from now on).
    pub fn rekey(&self, mine: &str, passphrase: &str, now: DateTime<Utc>) -> Result<Rekeyed, IpcError> {
        self.with_store(|store| store.rekey(mine, passphrase, self.kdf, now))
    }

    /// A forgotten passphrase: unlocks with the recovery key as `person_id` (replacing whoever
    /// had it unlocked) and sets their new passphrase. Unlike [`AppState::unlock`] it holds the
    /// lock throughout, because it rewrites the key slots.
    pub fn recover(
        &self,
        recovery_key: &str,
        person_id: &Id,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<Session, IpcError> {
        let mut slot = self.slot();
        let (store, session) = session::recover(&self.dir(), recovery_key, person_id, passphrase, self.kdf, now)?;
        self.open(&mut slot, store);
        Ok(session)
    }

    /// Locks: closes the database and wipes the key (`Store::lock`). Locked already is fine.
    pub fn lock(&self) -> Result<(), IpcError> {
        self.close(&mut self.slot())
    }

    fn close(&self, slot: &mut Option<Store>) -> Result<(), IpcError> {
        self.direct.stop();
        self.import_slot().take();
        self.clear_open_copies();
        match slot.take() {
            Some(store) => Ok(store.lock()?),
            None => Ok(()),
        }
    }

    /// The backup named `name` in the store's backups folder; no other path can be named.
    pub fn backup(&self, name: &str) -> Result<Backup, IpcError> {
        let found = backups::list(&self.dir())?.into_iter().find(|b| b.name == name);
        Ok(found.ok_or_else(|| Error::Invalid(format!("no backup named {name}")))?)
    }

    /// Restores the backup `name` with `person_id`'s passphrase of the day it was taken, and
    /// leaves the store locked. The core checks the backup and the secret before it changes
    /// anything; while unlocked, the secret is tried on the backup's key slots first, so a
    /// mistyped one leaves the store unlocked. (Locked, only the core's throttled try counts.)
    /// Returns the store as it was, kept as a backup. Holds the lock, so nobody unlocks meanwhile.
    pub fn restore(
        &self,
        name: &str,
        person_id: &Id,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Backup>, IpcError> {
        let mut slot = self.slot();
        let backup = self.backup(name)?;
        let secret = Secret::Passphrase { person_id: Some(person_id), passphrase };
        if slot.is_some() {
            KeySlots::load(&backup.path)?.open(&secret)?;
        }
        self.close(&mut slot)?;
        Ok(backups::restore(&self.dir(), &backup.path, &secret, now)?)
    }
}

/// Runs `f` on the blocking pool. A panic in `f` comes back as an `internal` error.
pub async fn run<T, F>(state: tauri::State<'_, Shared>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
{
    let shared = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || f(&shared)).await.map_err(IpcError::internal)?
}

/// Runs a read on the unlocked store (`store.locked` if there is none).
pub async fn read<T, F>(state: tauri::State<'_, Shared>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> CoreResult<T> + Send + 'static,
{
    run(state, move |s| s.read(f)).await
}

/// Runs a long read on the store's reader (`store.locked` if there is none), see
/// [`AppState::long_read`].
pub async fn long_read<T, F>(state: tauri::State<'_, Shared>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> CoreResult<T> + Send + 'static,
{
    run(state, move |s| s.long_read(f)).await
}

/// Runs `f` in one transaction, now, on the unlocked store.
pub async fn write<T, F>(state: tauri::State<'_, Shared>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: for<'a> FnOnce(&Tx<'a>) -> CoreResult<T> + Send + 'static,
{
    let now = Utc::now();
    run(state, move |s| s.write(now, f)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use visitdesk_core::model::Role;
    use visitdesk_core::testing::{PASSPHRASE, at, first_run_form as form, person};
    use visitdesk_core::{drafts, people};

    fn now() -> DateTime<Utc> {
        at(2022, 3, 15)
    }

    #[test]
    fn opened_attachments_are_decrypted_privately_and_gone_at_the_lock_and_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let copies = dir.path().join("open");
        // What a crash left is gone when the app starts.
        std::fs::create_dir_all(copies.join("left-over")).unwrap();
        std::fs::write(copies.join("left-over").join("协议.pdf"), b"%PDF").unwrap();
        let state =
            AppState::new(dir.path().join("store"), KdfParams::TEST).with_open_copies(OpenCopies::new(copies.clone()));
        assert!(!copies.exists());
        state.create(&form(), now()).unwrap();
        let folder = state.open_copy_folder().unwrap();
        std::fs::write(folder.join("合影.jpg"), b"decrypted").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for d in [&copies, &folder] {
                assert_eq!(std::fs::metadata(d).unwrap().permissions().mode() & 0o777, 0o700, "{}", d.display());
            }
        }
        state.lock().unwrap();
        assert!(!copies.exists(), "the lock removes every opened copy");
    }

    #[test]
    fn the_demo_opens_beside_the_real_store_and_never_mixes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        state.create(&form(), now()).unwrap();
        let session = state.try_demo(now()).unwrap();
        assert!(session.demo && state.in_demo());
        assert_eq!(state.dir(), dir.path().join("store-demo"));
        assert_eq!(state.delete_demo().unwrap_err().code, "invalid", "not while in use");
        state.leave_demo().unwrap();
        assert!(!state.in_demo());
        let status = state.status().unwrap();
        assert!(status.exists && !status.unlocked, "the real store, locked");
        assert_eq!(status.people.len(), 1, "the real store's one person, not the demo's");
        state.delete_demo().unwrap();
        assert!(!dir.path().join("store-demo").exists());
    }

    #[test]
    fn the_store_dir_comes_from_the_environment_or_the_app_data_dir() {
        let app_data = || Ok(PathBuf::from("/data/cn.visitdesk.desktop"));
        assert_eq!(store_dir(None, app_data).unwrap(), Path::new("/data/cn.visitdesk.desktop/store"));
        assert_eq!(store_dir(Some("".into()), app_data).unwrap(), Path::new("/data/cn.visitdesk.desktop/store"));
        let fails = || Err(tauri::Error::UnknownPath);
        assert_eq!(store_dir(Some("/tmp/vd-e2e".into()), fails).unwrap(), Path::new("/tmp/vd-e2e"));
        assert!(store_dir(None, fails).is_err());
        assert_eq!(kdf(true), KdfParams::TEST);
        assert_eq!(kdf(false), KdfParams::INTERACTIVE);
    }

    #[test]
    fn calls_fail_with_store_locked_until_unlocked_and_after_lock() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let st = state.status().unwrap();
        assert!(!st.exists && !st.unlocked);
        assert_eq!(state.read(|s| people::list(s.conn())).unwrap_err().code, IpcError::LOCKED);
        assert_eq!(state.write(now(), |tx| drafts::save(tx, "k", "{}")).unwrap_err().code, IpcError::LOCKED);

        let created = state.create(&form(), now()).unwrap();
        assert!(state.status().unwrap().unlocked);
        assert_eq!(state.read(|s| people::list(s.conn())).unwrap().len(), 1);
        state.write(now(), |tx| drafts::save(tx, "k", "{\"a\":1}")).unwrap();
        assert_eq!(state.create(&form(), now()).unwrap_err().code, "store.exists");

        state.lock().unwrap();
        let st = state.status().unwrap();
        assert!(st.exists && !st.unlocked);
        assert_eq!(st.people[0].label, "王书记");
        assert_eq!(state.read(|s| people::list(s.conn())).unwrap_err().code, IpcError::LOCKED);

        let me = created.session.person.id.clone();
        assert_eq!(state.unlock(&me, "wrong passphrase", now()).unwrap_err().code, "store.wrong_secret");
        assert!(!state.status().unwrap().unlocked);
        let session = state.unlock(&me, PASSPHRASE, now()).unwrap();
        assert_eq!(session.person.id, me);
        let draft = state.read(|s| drafts::load(s.conn(), s.actor(), "k")).unwrap();
        assert_eq!(draft.as_deref(), Some("{\"a\":1}"));
    }

    #[test]
    fn a_person_added_in_settings_gets_a_passphrase_and_a_forgotten_one_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let created = state.create(&form(), now()).unwrap();
        let me = created.session.person.id.clone();
        let li = state.write(now(), |tx| tx.save(None, person("李老师", Role::Teacher))).unwrap().id;
        assert_eq!(state.status().unwrap().people.len(), 1);
        assert_eq!(
            state.set_passphrase(&li, "李老师的口令二〇二二", "not mine", now()).unwrap_err().code,
            "store.wrong_secret"
        );
        state.set_passphrase(&li, "李老师的口令二〇二二", PASSPHRASE, now()).unwrap();
        let labels: Vec<String> = state.status().unwrap().people.into_iter().map(|p| p.label).collect();
        assert_eq!(labels, ["王书记", "李老师"]);

        state.lock().unwrap();
        assert_eq!(
            state.set_passphrase(&li, "another passphrase", PASSPHRASE, now()).unwrap_err().code,
            IpcError::LOCKED
        );
        let wrong = state.recover("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", &me, "王书记的新口令二〇二二", now());
        assert_eq!(wrong.unwrap_err().code, "store.wrong_secret");
        assert!(!state.status().unwrap().unlocked);

        // Recovery works while locked, and leaves the store unlocked as that person.
        let session = state.recover(&created.recovery_key, &me, "王书记的新口令二〇二二", now()).unwrap();
        assert_eq!(session.person.id, me);
        assert!(state.status().unwrap().unlocked);
        assert_eq!(state.read(|s| Ok(s.actor().clone())).unwrap(), me);
        state.lock().unwrap();
        assert_eq!(state.unlock(&me, PASSPHRASE, now()).unwrap_err().code, "store.wrong_secret");
        assert_eq!(state.unlock(&li, "李老师的口令二〇二二", now()).unwrap().person.id, li);
    }

    #[test]
    fn validation_errors_name_their_field_and_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().to_path_buf(), KdfParams::TEST);
        state.create(&form(), now()).unwrap();
        let e = state.write(now(), |tx| tx.save(None, person(" ", Role::Staff))).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("validation.required", Some("person.name")));
        assert_eq!(state.read(|s| people::list(s.conn())).unwrap().len(), 1);
    }

    #[test]
    fn a_panicking_call_leaves_the_state_usable() {
        let dir = tempfile::tempdir().unwrap();
        let state = Arc::new(AppState::new(dir.path().to_path_buf(), KdfParams::TEST));
        state.create(&form(), now()).unwrap();
        let s = Arc::clone(&state);
        let panicked = std::thread::spawn(move || s.read(|_| -> CoreResult<()> { panic!("boom") })).join();
        assert!(panicked.is_err());
        assert_eq!(state.read(|s| people::list(s.conn())).unwrap().len(), 1);
    }

    #[test]
    fn the_idle_tick_passes_over_the_team_folder_only_when_it_changed_and_lists_what_it_refused() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let passes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&passes);
        state.on_team(move |p| sink.lock().unwrap().push(p.clone()));
        // Not a team, or no folder: nothing to pass over.
        state.create(&form(), now()).unwrap();
        assert_eq!(state.team_tick(None, now()).unwrap(), None);
        state.with_store(|s| team::create(s, "王书记的笔记本", now()).map(drop)).unwrap();
        assert_eq!(state.team_tick(None, now()).unwrap(), None);

        let shared = tempfile::tempdir().unwrap();
        state.write(now(), |tx| team::set_folder(tx, Some(shared.path()))).unwrap();
        let mark = state.team_tick(None, now()).unwrap();
        assert!(mark.is_some());
        assert_eq!(passes.lock().unwrap().len(), 1, "the first look passes and writes this laptop's bundle");
        assert_eq!(state.team_tick(mark, now()).unwrap(), mark, "nothing changed: no pass");
        assert_eq!(passes.lock().unwrap().len(), 1);

        // A file that is no bundle lands in the team's folder: the next tick reads it, refuses
        // it, and the team page lists it.
        let folder = std::fs::read_dir(shared.path()).unwrap().next().unwrap().unwrap().path();
        std::fs::write(folder.join("someone.vdsync"), b"half a file").unwrap();
        let next = state.team_tick(mark, now()).unwrap();
        assert_ne!(next, mark);
        assert_eq!(passes.lock().unwrap().len(), 2);
        let refused = state.refusals();
        assert_eq!((refused[0].source.as_str(), refused[0].code), ("someone.vdsync", ErrorCode::TeamDamaged));
        assert_eq!(state.team_tick(next, now()).unwrap(), next);
        assert_eq!(passes.lock().unwrap().len(), 2);
    }

    #[test]
    fn the_guard_locks_an_idle_store_and_tells_the_ui_why() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().to_path_buf(), KdfParams::TEST);
        let told = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&told);
        state.on_lock(move |r| sink.lock().unwrap().push(r));
        let later = |c: Clocks, secs: u64| Clocks {
            wall: c.wall + Duration::from_secs(secs),
            mono: c.mono + Duration::from_secs(secs),
        };

        // Locked: nothing to do. Unlocked and used a minute ago: stays unlocked.
        let t0 = Clocks::now();
        assert_eq!(state.guard(t0, later(t0, 3600)).unwrap(), None);
        state.create(&form(), now()).unwrap();
        let t0 = Clocks::now();
        assert_eq!(state.guard(later(t0, 55), later(t0, 60)).unwrap(), None);
        assert!(state.status().unwrap().unlocked);

        // Ten minutes (the default delay) without a touch: locked.
        state.touch();
        let t0 = Clocks::now();
        assert_eq!(state.guard(later(t0, 595), later(t0, 600)).unwrap(), Some(AutoLock::Idle));
        assert!(!state.status().unwrap().unlocked);
        assert_eq!(*told.lock().unwrap(), [AutoLock::Idle]);
        assert_eq!(state.guard(later(t0, 600), later(t0, 605)).unwrap(), None);
    }

    #[test]
    fn a_file_picked_for_import_is_kept_for_the_wizard_and_dropped_on_lock() {
        use visitdesk_core::employers::{self, EmployerFilter};
        use visitdesk_core::exchange::import::{self, ImportOptions};
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let csv = "单位名称,联系人\n华东机电有限公司,张三\n华东机电有限公司,李四\n";
        let file = || ImportFile { name: "名单.csv".into(), bytes: csv.as_bytes().to_vec() };
        assert_eq!(state.keep_import(file()).unwrap_err().code, IpcError::LOCKED);
        let me = state.create(&form(), now()).unwrap().session.person.id.clone();
        assert_eq!(state.import_file().unwrap_err().code, "invalid", "nothing picked yet");
        state.keep_import(file()).unwrap();
        assert_eq!(state.import_file().unwrap().name, "名单.csv");

        // The commit runs on the store itself (its own transaction); one undo takes it all back.
        let picked = state.import_file().unwrap();
        let done = state.with_store(|s| import::commit(s, &picked.bytes, &ImportOptions::default(), now())).unwrap();
        assert_eq!((done.preview.counts.created, done.preview.counts.contacts_added), (1, 2));
        let count = || state.read(|s| employers::list(s.conn(), &EmployerFilter::default())).unwrap().len();
        assert_eq!(count(), 1);
        assert_eq!(state.write(now(), |tx| tx.undo_last()).unwrap(), 3);
        assert_eq!(count(), 0);

        state.lock().unwrap();
        assert_eq!(state.with_store(|_| Ok(())).unwrap_err().code, IpcError::LOCKED);
        state.unlock(&me, PASSPHRASE, now()).unwrap();
        assert_eq!(state.import_file().unwrap_err().code, "invalid", "a lock drops the picked file");
    }

    #[test]
    fn a_long_job_on_the_reader_does_not_hold_up_the_dashboard_or_a_save() {
        use std::sync::mpsc;
        use visitdesk_core::dashboard;
        use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
        use visitdesk_core::testing::day;
        let dir = tempfile::tempdir().unwrap();
        let state = Arc::new(AppState::new(dir.path().join("store"), KdfParams::TEST));
        state.create(&form(), now()).unwrap();
        let (started, wait_started) = mpsc::channel();
        let (release, wait_release) = mpsc::channel::<()>();
        let (job, out) = (Arc::clone(&state), dir.path().join("ledger"));
        let export = std::thread::spawn(move || {
            job.long_read(|conn| {
                started.send(()).unwrap();
                // A slow export: held until the dashboard has answered (or the test gave up).
                let _ = wait_release.recv_timeout(Duration::from_secs(10));
                let options =
                    LedgerOptions { campaign: None, period: None, today: day(2022, 3, 15), book: Book::Ledger };
                ledger_book::export_csv(conn, &options, &out)
            })
        });
        wait_started.recv().unwrap();

        let (answered, wait_answered) = mpsc::channel();
        let calls = Arc::clone(&state);
        std::thread::spawn(move || {
            let board = calls.read(|s| dashboard::build(s.conn(), now())).map(drop);
            let saved = calls.write(now(), |tx| drafts::save(tx, "k", "{}"));
            answered.send((board, saved)).unwrap();
        });
        let (board, saved) = wait_answered.recv_timeout(Duration::from_secs(5)).expect("answered during the export");
        board.unwrap();
        saved.unwrap();
        release.send(()).unwrap();
        assert!(!export.join().unwrap().unwrap().is_empty());
    }

    #[test]
    fn a_lock_closes_the_reader_too() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let me = state.create(&form(), now()).unwrap().session.person.id.clone();
        let reader = state.reader().unwrap();
        assert_eq!(state.long_read(people::list).unwrap().len(), 1);

        state.lock().unwrap();
        assert_eq!(state.reader().map(drop).unwrap_err().code, IpcError::LOCKED);
        assert_eq!(state.long_read(people::list).unwrap_err().code, IpcError::LOCKED);
        let kept = IpcError::from(reader.read(people::list).unwrap_err());
        assert_eq!(kept.code, IpcError::LOCKED, "a reader taken before the lock is closed");

        state.unlock(&me, PASSPHRASE, now()).unwrap();
        assert_eq!(state.long_read(people::list).unwrap().len(), 1);
    }

    #[test]
    fn a_restore_locks_and_brings_back_the_backup_and_a_wrong_passphrase_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().join("store"), KdfParams::TEST);
        let me = state.create(&form(), now()).unwrap().session.person.id.clone();
        let backup = backups::make_now(&state.reader().unwrap(), now()).unwrap();
        state.write(now(), |tx| drafts::save(tx, "k", "{\"after\":1}")).unwrap();

        assert_eq!(state.restore("../elsewhere", &me, PASSPHRASE, now()).unwrap_err().code, "invalid");
        let wrong = state.restore(&backup.name, &me, "wrong passphrase", now()).unwrap_err();
        assert_eq!(wrong.code, "store.wrong_secret");
        assert!(state.status().unwrap().unlocked, "a mistyped passphrase leaves the store as it was");
        assert!(state.read(|s| drafts::load(s.conn(), s.actor(), "k")).unwrap().is_some());

        let kept = state.restore(&backup.name, &me, PASSPHRASE, now()).unwrap().unwrap();
        assert!(kept.name.ends_with("before-restore"));
        assert!(!state.status().unwrap().unlocked);
        state.unlock(&me, PASSPHRASE, now()).unwrap();
        assert_eq!(state.read(|s| drafts::load(s.conn(), s.actor(), "k")).unwrap(), None);
    }
}
