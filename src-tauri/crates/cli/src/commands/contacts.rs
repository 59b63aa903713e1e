//! Contacts at employers.
use crate::args::parse_id;
use crate::env::Env;
use crate::output::{Output, Result, output};
use clap::Subcommand;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Contact;

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    Add {
        #[arg(long, value_parser = parse_id)]
        employer: Id,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// The contact is an alumnus (校友) of this graduation year.
        #[arg(long)]
        alumni_year: Option<u16>,
        #[arg(long, default_value = "")]
        alumni_major: String,
    },
}

pub fn run(env: &Env, cmd: ContactCmd) -> Result<Output> {
    let ContactCmd::Add { employer, name, title, phone, mobile, email, alumni_year, alumni_major } = cmd;
    let contact = Contact {
        employer_id: employer,
        name,
        title,
        phone,
        mobile,
        email,
        is_alumnus: alumni_year.is_some() || !alumni_major.is_empty(),
        alumni_year,
        alumni_major,
        notes: String::new(),
    };
    let c = env.unlock()?.write(env.now, |tx| tx.save(None, contact))?;
    output(format!("{}\t{}", c.id, c.data.name), c)
}
