//! The school's settings the CLI shows and sets (`settings::load`, `settings::save_school_code`).
use crate::env::Env;
use crate::output::{Output, Result, output};
use clap::Args;
use visitdesk_core::settings;

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Set the school's 学校标识码 (10 digits; "" clears it), printed in `export standard`.
    #[arg(long)]
    school_code: Option<String>,
}

pub fn run(env: &Env, args: SettingsArgs) -> Result<Output> {
    let mut store = env.unlock()?;
    if let Some(code) = args.school_code {
        store.write(env.now, |tx| settings::save_school_code(tx, &code))?;
    }
    let s = settings::load(store.conn(), env.now)?;
    let text = format!(
        "school\t{}\nschool_code\t{}\ncampaign\t{}\nauto_lock_minutes\t{}\n",
        s.school, s.school_code, s.campaign.data.name, s.auto_lock_minutes
    );
    output(text, s)
}
