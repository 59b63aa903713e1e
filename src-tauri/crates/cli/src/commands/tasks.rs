//! Follow-up tasks (跟进事项), as the app's task list keeps them: listed with `tasks::list`,
//! added, edited and marked done by saving the task (`Tx::save`, as `save_task`).
use super::people;
use crate::args::{parse_date, parse_id};
use crate::env::Env;
use crate::output::{Output, Result, lines, output};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Kind, Task};
use visitdesk_core::store::{Store, records};
use visitdesk_core::tasks;

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task.
    Add {
        #[arg(long)]
        title: String,
        /// When it is due.
        #[arg(long, value_parser = parse_date)]
        due: NaiveDate,
        #[command(flatten)]
        fields: Fields,
    },
    /// Tasks by due date: the open ones, or all.
    List {
        /// Also the tasks that are done.
        #[arg(long)]
        all: bool,
    },
    /// Mark a task done, today (in the campaign's zone) or on another day.
    Done {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Change a task: the options given replace its values, the others are kept.
    Edit {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = parse_date)]
        due: Option<NaiveDate>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Move a task to the trash (`visitdesk delete task ID`).
    Delete {
        #[arg(value_parser = parse_id)]
        id: Id,
    },
}

/// The task's fields but its title and due date.
#[derive(Debug, Args)]
pub struct Fields {
    /// Who follows it up (id or name); a new task: you.
    #[arg(long)]
    owner: Option<String>,
    /// The visit it follows up.
    #[arg(long, value_parser = parse_id)]
    visit: Option<Id>,
    /// The employer it is about.
    #[arg(long, value_parser = parse_id)]
    employer: Option<Id>,
    #[arg(long)]
    notes: Option<String>,
}

impl Fields {
    /// `t` with the values given replacing its own.
    fn apply(self, store: &Store, t: Task) -> Result<Task> {
        Ok(Task {
            owner_id: match self.owner {
                Some(owner) => people::find(store, &owner)?,
                None => t.owner_id,
            },
            visit_id: self.visit.or(t.visit_id),
            employer_id: self.employer.or(t.employer_id),
            notes: self.notes.unwrap_or(t.notes),
            ..t
        })
    }
}

pub fn run(env: &Env, cmd: TaskCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    let (id, task) = match cmd {
        TaskCmd::List { all } => {
            let rows = tasks::list(store.conn(), !all)?;
            let text = lines(&rows, |r| {
                let t = &r.task.data;
                let done = t.done_on.map(|d| format!("done {d}")).unwrap_or_else(|| "open".into());
                let employer = r.employer_name.as_deref().unwrap_or("");
                format!("{}\t{}\t{done}\t{}\t{}\t{employer}", r.task.id, t.due_on, t.title, r.owner_name)
            });
            return output(text, rows);
        }
        TaskCmd::Delete { id } => return super::trash::delete_in(env, &mut store, Kind::Task, &id),
        TaskCmd::Add { title, due, fields } => {
            let new = Task {
                title,
                due_on: due,
                owner_id: store.actor().clone(),
                visit_id: None,
                employer_id: None,
                done_on: None,
                notes: String::new(),
            };
            (None, fields.apply(&store, new)?)
        }
        TaskCmd::Edit { id, title, due, fields } => {
            let t = records::get::<Task>(store.conn(), &id)?.data;
            let t = Task { title: title.unwrap_or(t.title), due_on: due.unwrap_or(t.due_on), ..t };
            (Some(id), fields.apply(&store, t)?)
        }
        TaskCmd::Done { id, on } => {
            let on = match on {
                Some(day) => day,
                None => env.today(&store)?.date,
            };
            let t = records::get::<Task>(store.conn(), &id)?.data;
            (Some(id), Task { done_on: Some(on), ..t })
        }
    };
    let t = store.write(env.now, |tx| tx.save(id.as_ref(), task))?;
    let state = t.data.done_on.map(|d| format!("done {d}")).unwrap_or_else(|| "open".into());
    output(format!("{}\t{}\t{state}", t.id, t.data.title), t)
}
