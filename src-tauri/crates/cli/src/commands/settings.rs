//! The school's settings the CLI shows and sets (`settings::load`, `settings::save_school_code`),
//! and the attachments' (`attachments::save_settings`).
use crate::env::Env;
use crate::output::{Output, Result, output};
use clap::Args;
use visitdesk_core::attachments::{self, AttachmentSettings};
use visitdesk_core::settings;

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Set the school's 学校标识码 (10 digits; "" clears it), printed in `export standard`.
    #[arg(long)]
    school_code: Option<String>,
    /// Set the largest file that may be attached, in MB (1–1024).
    #[arg(long)]
    attachment_limit_mb: Option<u32>,
    /// Set the attachments' quota in MB (past it, each new one warns).
    #[arg(long)]
    attachment_quota_mb: Option<u32>,
    /// Keep a photo's EXIF (its GPS position among it) in exported copies: true or false.
    #[arg(long)]
    keep_photo_metadata: Option<bool>,
}

pub fn run(env: &Env, args: SettingsArgs) -> Result<Output> {
    let mut store = env.unlock()?;
    if let Some(code) = args.school_code {
        store.write(env.now, |tx| settings::save_school_code(tx, &code))?;
    }
    let current = attachments::settings(store.conn())?;
    let wanted = AttachmentSettings {
        limit_mb: args.attachment_limit_mb.unwrap_or(current.limit_mb),
        quota_mb: args.attachment_quota_mb.unwrap_or(current.quota_mb),
        keep_metadata: args.keep_photo_metadata.unwrap_or(current.keep_metadata),
    };
    if wanted != current {
        store.write(env.now, |tx| attachments::save_settings(tx, &wanted))?;
    }
    let s = settings::load(store.conn(), env.now)?;
    let text = format!(
        "school\t{}\nschool_code\t{}\ncampaign\t{}\nauto_lock_minutes\t{}\nattachment_limit_mb\t{}\nattachment_quota_mb\t{}\nkeep_photo_metadata\t{}\n",
        s.school,
        s.school_code,
        s.campaign.data.name,
        s.auto_lock_minutes,
        wanted.limit_mb,
        wanted.quota_mb,
        wanted.keep_metadata
    );
    let mut json = serde_json::to_value(&s).map_err(visitdesk_core::error::Error::from)?;
    json["attachments"] = serde_json::to_value(wanted).map_err(visitdesk_core::error::Error::from)?;
    output(text, json)
}
