//! Backups in the app: the list, a backup now, restore, and the check the unlock screen runs
//! when the store is damaged. Restore and check work while locked. A backup is made on the
//! store's reader, so the rest of the app is not held up meanwhile.
use crate::error::IpcError;
use crate::state::{Shared, read, run};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::store::Secret;
use visitdesk_core::store::backups::{self, Backup};
use zeroize::Zeroizing;

/// A backup as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    pub name: String,
    pub taken_at: DateTime<Utc>,
    /// The size of its files.
    pub bytes: u64,
    /// `regular` (automatic or made on demand), or `before_restore` (the store as it was).
    pub kind: &'static str,
}

impl From<Backup> for BackupInfo {
    fn from(b: Backup) -> BackupInfo {
        let bytes = std::fs::read_dir(&b.path)
            .map(|files| files.filter_map(|f| f.ok()?.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0);
        let kind = if b.before_restore() { "before_restore" } else { "regular" };
        BackupInfo { name: b.name, taken_at: b.taken_at, bytes, kind }
    }
}

/// What the check of a damaged store found, and the newest backup that is sound.
#[derive(Debug, Clone, Serialize)]
pub struct StoreHealth {
    pub problems: Vec<String>,
    pub newest_good_backup: Option<BackupInfo>,
}

/// The store's backups, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_backups(state: State<'_, Shared>) -> Result<Vec<BackupInfo>, IpcError> {
    read(state, |s| list(s.dir())).await
}

fn list(dir: &Path) -> visitdesk_core::error::Result<Vec<BackupInfo>> {
    Ok(backups::list(dir)?.into_iter().rev().map(BackupInfo::from).collect())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(state: State<'_, Shared>) -> Result<BackupInfo, IpcError> {
    let now = Utc::now();
    run(state, move |s| Ok(backups::make_now(&s.reader()?, now)?.into())).await
}

/// Locks and restores the backup `name`; the UI then shows the unlock screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    state: State<'_, Shared>,
    name: String,
    person_id: Id,
    passphrase: String,
) -> Result<Option<BackupInfo>, IpcError> {
    let (passphrase, now) = (Zeroizing::new(passphrase), Utc::now());
    run(state, move |s| Ok(s.restore(&name, &person_id, &passphrase, now)?.map(BackupInfo::from))).await
}

/// The integrity checks of a store that may not open, with a person's passphrase.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_store(state: State<'_, Shared>, person_id: Id, passphrase: String) -> Result<StoreHealth, IpcError> {
    let (passphrase, now) = (Zeroizing::new(passphrase), Utc::now());
    run(state, move |s| {
        let secret = Secret::Passphrase { person_id: Some(&person_id), passphrase: &passphrase };
        let health = backups::check_dir(s.dir(), &secret, now)?;
        Ok(StoreHealth {
            problems: health.problems,
            newest_good_backup: health.newest_good_backup.map(BackupInfo::from),
        })
    })
    .await
}
