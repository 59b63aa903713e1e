//! Follow-up tasks.
use super::validate::{Checked, line, text};
use super::{Kind, Parent, Record, join};
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A follow-up task with a due date and an owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Task {
    pub title: String,
    pub due_on: NaiveDate,
    pub owner_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    #[serde(default)]
    pub employer_id: Option<Id>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
}

impl Record for Task {
    const KIND: Kind = Kind::Task;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "task.employer_id", kind: Kind::Employer, id: |t| t.employer_id.as_ref() },
        Parent { field: "task.visit_id", kind: Kind::Visit, id: |t| t.visit_id.as_ref() },
    ];
    fn validate(self) -> Checked<Self> {
        Ok(Task { title: line("task.title", &self.title)?, notes: text("task.notes", &self.notes)?, ..self })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        vec![("task.owner_id", Kind::Person, &self.owner_id)]
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.title, &self.notes])
    }
}
