//! Deleting to the trash, restoring from it, undoing one's last change and a record's history:
//! the app's `delete_record`, `trash`, `restore`, `undo` and `record_history`.
use crate::args::{parse_choice, parse_id};
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use clap::Subcommand;
use serde_json::json;
use visitdesk_core::ids::Id;
use visitdesk_core::model::Kind;
use visitdesk_core::store::{Store, records};

#[derive(Debug, Subcommand)]
pub enum TrashCmd {
    /// What is in the trash, newest first.
    List,
    /// Restore a record from the trash, with everything deleted together with it.
    Restore {
        #[arg(value_parser = parse_choice::<Kind>)]
        kind: Kind,
        #[arg(value_parser = parse_id)]
        id: Id,
    },
}

pub fn run(env: &Env, cmd: TrashCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        TrashCmd::List => {
            let all = records::trash(store.conn())?;
            let text = lines(&all, |t| {
                format!("{}\t{}\t{}\t{}\t{} records", t.kind.as_str(), t.id, t.title, t.deleted_at, t.records)
            });
            output(text, all)
        }
        TrashCmd::Restore { kind, id } => {
            let n = store.write(env.now, |tx| tx.restore(kind, &id))?;
            output(format!("restored {} {id} ({n} records)", kind.as_str()), json!({ "restored": n }))
        }
    }
}

pub fn delete(env: &Env, kind: Kind, id: &Id) -> Result<Output> {
    delete_in(env, &mut env.unlock()?, kind, id)
}

/// Moves the record to the trash in an unlocked store, with the records that depend on it.
pub fn delete_in(env: &Env, store: &mut Store, kind: Kind, id: &Id) -> Result<Output> {
    let n = store.write(env.now, |tx| tx.delete(kind, id))?;
    output(
        format!("deleted {} {id} ({n} records; `visitdesk undo` brings them back)", kind.as_str()),
        json!({ "deleted": n }),
    )
}

pub fn undo(env: &Env) -> Result<Output> {
    let n = env.unlock()?.write(env.now, |tx| tx.undo_last())?;
    output(format!("undid your last change ({n} records)"), json!({ "undone": n }))
}

/// A record's changes, newest first: when, what, who, and the laptop when another made it.
pub fn history(env: &Env, kind: Kind, id: &Id) -> Result<Output> {
    let changes = visitdesk_core::history::of_record(env.unlock()?.conn(), kind, id)?;
    let text = lines(&changes, |c| {
        let who = c.by_name.clone().unwrap_or_else(|| c.by.to_string());
        let laptop = c.device_name.as_deref().map(|d| format!("\t@{d}")).unwrap_or_default();
        format!("{}\t{}\t{who}{laptop}\t{}", c.at, c.op.as_str(), c.fields.join(","))
    });
    output(text, changes)
}
