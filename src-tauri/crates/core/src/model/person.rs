//! People at the school and their roles.
use super::validate::{self, Checked, line, optional, optional_line};
use super::{Kind, Record, choice, join};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// A person's place in the school. Secretaries and presidents are the principal leaders
    /// (正职) who each visit at least 100 employers.
    Role {
        Secretary = "secretary",
        President = "president",
        Leader = "leader",
        Staff = "staff",
        Teacher = "teacher",
    }
);

impl Role {
    pub fn is_principal(self) -> bool {
        matches!(self, Role::Secretary | Role::President)
    }
}

/// Someone at the school: a leader who visits, or staff who schedule and record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Person {
    pub name: String,
    pub role: Role,
    /// 职务, e.g. 党委书记 or 就业指导中心主任.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl Record for Person {
    const KIND: Kind = Kind::Person;
    /// Unlocking opens the session of a person in the store: one in the trash keeps their key
    /// slot but can no longer unlock. Removing a person, with their key slot, is its own step.
    const DELETABLE: bool = false;
    fn validate(self) -> Checked<Self> {
        Ok(Person {
            name: line("person.name", &self.name)?,
            role: self.role,
            title: optional_line("person.title", &self.title)?,
            phone: optional("person.phone", self.phone.as_deref(), validate::phone)?,
            email: optional("person.email", self.email.as_deref(), validate::email)?,
        })
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.name, &self.title])
    }
}
