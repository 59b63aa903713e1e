//! People at the school.
use crate::args::parse_choice;
use crate::env::{Env, NEW_PASSPHRASE_VAR, kdf, new_passphrase};
use crate::output::{Failure, Output, Result, lines, output};
use clap::Subcommand;
use visitdesk_core::access::Access;
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
        /// What they may do: admin, leader, assistant or college (default: from the role).
        #[arg(long, value_parser = parse_choice::<Access>)]
        access: Option<Access>,
        /// Their college (二级学院), for a college coordinator or a college's leader.
        #[arg(long, default_value = "")]
        college: String,
        /// A leader an assistant works for (id or name); repeat for several.
        #[arg(long)]
        assists: Vec<String>,
    },
    List,
    /// Sets or changes a person's passphrase: your own needs your current one; anyone else's
    /// needs an admin. The new one from VISITDESK_NEW_PASSPHRASE, or typed twice.
    Passphrase {
        #[arg(value_name = "PERSON")]
        who: String,
    },
    /// Removes a person with their key slot (an admin's): their passphrase then opens neither
    /// the store nor any kept backup.
    Remove {
        #[arg(value_name = "PERSON")]
        who: String,
    },
    /// Sets what a person may do (an admin's).
    Access {
        #[arg(value_name = "PERSON")]
        who: String,
        #[arg(value_parser = parse_choice::<Access>)]
        access: Access,
        #[arg(long)]
        college: Option<String>,
        /// The leaders an assistant works for (id or name); repeat for several.
        #[arg(long)]
        assists: Vec<String>,
    },
}

pub fn run(env: &Env, cmd: PersonCmd) -> Result<Output> {
    match cmd {
        PersonCmd::Passphrase { who } => {
            let (mut store, mine) = env.unlock_keeping_passphrase()?;
            let id = find(&store, &who)?;
            let new = new_passphrase(NEW_PASSPHRASE_VAR)?;
            store.set_passphrase(&id, &new, &mine, kdf(), env.now)?;
            output(format!("passphrase set\t{id}"), id)
        }
        PersonCmd::Add { name, role, title, phone, email, access, college, assists } => {
            let mut store = env.unlock()?;
            let assists = assists.iter().map(|a| find(&store, a)).collect::<Result<Vec<_>>>()?;
            let access = access.unwrap_or(Access::for_role(role));
            let person = Person { title, phone, email, access, assists, college, ..Person::new(&name, role) };
            let p = store.write(env.now, |tx| tx.insert(person))?;
            output(format!("{}\t{}", p.id, p.data.name), p)
        }
        PersonCmd::List => {
            let store = env.unlock()?;
            let people = people::list(store.conn())?;
            let text = lines(&people, |p| {
                let d = &p.data;
                format!("{}\t{}\t{}\t{}\t{}", p.id, d.name, d.role.as_str(), d.access.as_str(), d.title)
            });
            output(text, people)
        }
        PersonCmd::Remove { who } => {
            let mut store = env.unlock()?;
            let id = find(&store, &who)?;
            store.remove_person(&id, env.now)?;
            output(format!("removed\t{id}"), id)
        }
        PersonCmd::Access { who, access, college, assists } => {
            let mut store = env.unlock()?;
            let id = find(&store, &who)?;
            let assists = assists.iter().map(|a| find(&store, a)).collect::<Result<Vec<_>>>()?;
            let assists = (!assists.is_empty()).then_some(assists);
            let p = store.write(env.now, |tx| people::set_access(tx, &id, access, assists, college))?;
            output(format!("{}\t{}\t{}", p.id, p.data.name, p.data.access.as_str()), p)
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
