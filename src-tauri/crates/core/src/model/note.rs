//! Notes about employers.
use super::validate::{self, Checked, Problem, fail, text};
use super::{Kind, Parent, Record};
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A dated note about an employer, optionally from a visit (what was said, a phone call).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Note {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub written_on: NaiveDate,
    pub body: String,
}

impl Record for Note {
    const KIND: Kind = Kind::Note;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "note.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "note.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
    ];
    fn validate(self) -> Checked<Self> {
        let body = text("note.body", &self.body)?;
        if validate::is_blank(&body) {
            return fail("note.body", Problem::Required);
        }
        Ok(Note { body, ..self })
    }
    fn title(&self) -> String {
        self.body.chars().take(40).collect()
    }
    fn search_text(&self) -> String {
        self.body.clone()
    }
}
