//! The store itself: creating it, the integrity check, backups and restoring them, a new key,
//! and the demo data.
use super::report;
use crate::args::{parse_choice, parse_date};
use crate::env::{Env, NEW_PASSPHRASE_VAR, PASSPHRASE_VAR, kdf, new_passphrase};
use crate::output::{Failure, Output, Result, lines, output};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use visitdesk_core::error::{Error, StoreError};
use visitdesk_core::ledger;
use visitdesk_core::model::{Campaign, Person, Role};
use visitdesk_core::store::{BACKUP_DIR, InitOptions, Store, backups};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The school's name, printed on reports.
    #[arg(long)]
    school: String,
    /// The first person's name.
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = parse_choice::<Role>, default_value = "staff")]
    role: Role,
    #[arg(long, default_value = "")]
    title: String,
    /// The campaign's name.
    #[arg(long, default_value = "书记校长访企拓岗促就业专项行动")]
    campaign: String,
    /// First day of the campaign window.
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// Last day of the campaign window.
    #[arg(long, value_parser = parse_date)]
    to: NaiveDate,
    #[arg(long, default_value_t = Campaign::DEFAULT_TARGET)]
    target_per_principal: u32,
    #[arg(long, default_value_t = Campaign::DEFAULT_TARGET)]
    target_new_employers: u32,
    #[arg(long, default_value = Campaign::DEFAULT_TIME_ZONE)]
    time_zone: String,
    /// Also write the recovery key as a printable sheet (PDF) to this file.
    #[arg(long)]
    recovery_sheet: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, default_value = "small")]
    size: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn init(env: &Env, a: InitArgs) -> Result<Output> {
    let secret = new_passphrase(PASSPHRASE_VAR)?;
    // A sheet that cannot be written is found out before the store (and its key) exists.
    if let Some(path) = &a.recovery_sheet {
        std::fs::File::create(path)?;
    }
    let campaign = Campaign {
        name: a.campaign,
        starts_on: a.from,
        ends_on: a.to,
        time_zone: a.time_zone,
        target_per_principal: a.target_per_principal,
        target_new_employers: a.target_new_employers,
    };
    let today = env.now.with_timezone(&ledger::zone_of(&campaign)).date_naive();
    let created = Store::init(
        &env.store_dir,
        InitOptions {
            person: Person { title: a.title, ..Person::new(&a.name, a.role) },
            passphrase: &secret,
            school: &a.school,
            campaign,
            kdf: kdf(),
            now: env.now,
        },
    )
    .inspect_err(|_| {
        if let Some(path) = &a.recovery_sheet {
            let _ = std::fs::remove_file(path);
        }
    })?;
    let key = created.recovery_key.to_string();
    // The key is printed whatever happens to the sheet: it exists nowhere else.
    let sheet = match &a.recovery_sheet {
        None => String::new(),
        Some(path) => {
            let doc = visitdesk_core::report::recovery_sheet(&a.school, &key, today);
            match report::write(&doc, path) {
                Ok(_) => format!("Recovery sheet / 恢复密钥打印页: {}\n", path.display()),
                Err(e) => format!("The recovery sheet could not be written ({e}); copy the key by hand.\n"),
            }
        }
    };
    output(
        format!(
            "Store created in {}.\nRecovery key (shown once — print it and keep it safe / 恢复密钥仅显示一次，请妥善保存):\n\n    {key}\n\n{sheet}",
            env.store_dir.display()
        ),
        json!({ "store": env.store_dir, "person_id": created.store.actor(), "recovery_key": key }),
    )
}

pub fn check(env: &Env) -> Result<Output> {
    let health =
        env.with_secret("Passphrase / 口令: ", |secret| Ok(backups::check_dir(&env.store_dir, secret, env.now)?))?;
    if health.ok() {
        // The database is sound; then every attachment's content, read through.
        let store = env.unlock()?;
        let unreadable = visitdesk_core::attachments::check(store.conn(), &store.vault())?;
        return match unreadable.first() {
            None => output(
                "ok: integrity_check and cipher_integrity_check passed; every attachment reads back whole",
                json!({ "ok": true }),
            ),
            Some(first) => Err(Failure::Refused(
                first.code.as_str().into(),
                format!(
                    "the database is sound, but these attachments cannot be read: {} (restore a backup, or remove them and attach them again)",
                    unreadable.iter().map(|u| format!("{} ({})", u.name, u.code)).collect::<Vec<_>>().join(", ")
                ),
            )),
        };
    }
    let advice = match &health.newest_good_backup {
        Some(b) => format!("the newest good backup is {} (restore it with: visitdesk restore {})", b.name, b.name),
        None => "no good backup was found".to_string(),
    };
    Err(Error::Store(StoreError::Damaged(format!("{}; {advice}", health.problems.join("; ")))).into())
}

pub fn backup(env: &Env, out: Option<PathBuf>, list: bool) -> Result<Output> {
    if list {
        let all = backups::list(&env.store_dir)?;
        return output(lines(&all, |b| format!("{}\t{}", b.name, b.taken_at.to_rfc3339())), all);
    }
    let store = env.unlock()?;
    let path = match out {
        Some(out) => {
            backups::make(&store, &out)?;
            out
        }
        None => backups::make_now(&store, env.now)?.path,
    };
    output(format!("backup written to {}", path.display()), json!({ "backup": path }))
}

pub fn restore(env: &Env, backup: PathBuf) -> Result<Output> {
    let backup = if backup.exists() { backup } else { env.store_dir.join(BACKUP_DIR).join(&backup) };
    let kept = env.with_secret("Passphrase (of the backup) / 备份的口令: ", |secret| {
        Ok(backups::restore(&env.store_dir, &backup, secret, env.now)?)
    })?;
    let kept_text = kept.as_ref().map(|b| format!("; the store as it was is kept as backup {}", b.name));
    output(
        format!("restored {}{}", backup.display(), kept_text.unwrap_or_default()),
        json!({ "restored": backup, "kept": kept }),
    )
}

pub fn rekey(env: &Env) -> Result<Output> {
    let (mut store, mine) = env.unlock_keeping_passphrase()?;
    let secret = new_passphrase(NEW_PASSPHRASE_VAR)?;
    let rekeyed = store.rekey(&mine, &secret, kdf(), env.now)?;
    let key = rekeyed.recovery_key.clone();
    let warning = rekeyed.warning.map(|code| {
        format!("\nWarning: the store is re-encrypted, but what follows failed ({code}): make a backup now.\n")
    });
    output(
        format!(
            "Re-encrypted under a new key. Other people need their passphrases set again.\nNew recovery key (shown once / 新恢复密钥仅显示一次):\n\n    {key}\n{}",
            warning.unwrap_or_default()
        ),
        json!({ "recovery_key": key, "warning": rekeyed.warning }),
    )
}

pub fn demo(env: &Env, args: DemoArgs) -> Result<Output> {
    let size = visitdesk_core::demo::Size::parse(&args.size)
        .ok_or_else(|| Failure::Usage("--size is small, campus or large".into()))?;
    let mut store = env.unlock()?;
    let summary = visitdesk_core::demo::fill(&mut store, size, args.seed, env.now)?;
    output(format!("{summary:?}"), summary)
}
