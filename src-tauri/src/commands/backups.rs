//! Backups in the app: the list, a backup now, restore, and the check the unlock screen runs
//! when the store is damaged. Restore and check work while locked. A backup is made on the
//! store's reader, so the rest of the app is not held up meanwhile.
use crate::error::IpcError;
use crate::state::{Shared, read, run};
use chrono::Utc;
use std::path::Path;
use tauri::State;
use visitdesk_core::ids::Id;
use visitdesk_core::store::Secret;
use visitdesk_core::store::backups::{self, BackupInfo, StoreHealth};
use zeroize::Zeroizing;

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
        Ok(backups::check_dir(&s.dir(), &secret, now)?.into())
    })
    .await
}
