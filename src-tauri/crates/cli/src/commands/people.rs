//! People at the school.
use crate::args::parse_choice;
use crate::env::Env;
use crate::output::{Failure, Output, Result, lines, output};
use clap::Subcommand;
use visitdesk_core::error::Error;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Kind, Person, Role};
use visitdesk_core::people;
use visitdesk_core::store::{Store, records};

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_choice::<Role>)]
        role: Role,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    List,
}

pub fn run(env: &Env, cmd: PersonCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        PersonCmd::Add { name, role, title, phone, email } => {
            let p = store.write(env.now, |tx| tx.save(None, Person { name, role, title, phone, email }))?;
            output(format!("{}\t{}", p.id, p.data.name), p)
        }
        PersonCmd::List => {
            let people = people::list(store.conn())?;
            let text =
                lines(&people, |p| format!("{}\t{}\t{}\t{}", p.id, p.data.name, p.data.role.as_str(), p.data.title));
            output(text, people)
        }
    }
}

/// A person given by id or by exact name.
pub fn find(store: &Store, text: &str) -> Result<Id> {
    if let Some(id) = Id::parse(text) {
        return Ok(records::get::<Person>(store.conn(), &id)?.id);
    }
    match people::named(store.conn(), text)?.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::not_found(Kind::Person, text).into()),
        _ => Err(Failure::Usage(format!("several people are called {text}; give the id"))),
    }
}
