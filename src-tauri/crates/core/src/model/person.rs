//! People at the school and their roles.
use super::validate::{self, Checked, line, optional, optional_line};
use super::{Kind, Record, choice, join};
use crate::access::{Access, Owner, Right};
use crate::ids::Id;
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
    /// What they may do (管理员, 校领导, 助理, 学院联络人): their rights, apart from their position.
    #[serde(default = "Access::least")]
    pub access: Access,
    /// The leaders whose visits and trips an assistant plans and records.
    #[serde(default)]
    pub assists: Vec<Id>,
    /// Their college (二级学院), if any: a coordinator records the visits of its leaders.
    #[serde(default)]
    pub college: String,
}

impl Person {
    /// Someone new, with the access their position suggests ([`Access::for_role`]).
    pub fn new(name: &str, role: Role) -> Person {
        Person {
            name: name.into(),
            role,
            title: String::new(),
            phone: None,
            email: None,
            access: Access::for_role(role),
            assists: Vec::new(),
            college: String::new(),
        }
    }
}

impl Record for Person {
    const KIND: Kind = Kind::Person;
    /// Removing a person also removes their key slot, so it is its own step
    /// (`Store::remove_person`), not the trash's.
    const DELETABLE: bool = false;
    fn validate(self) -> Checked<Self> {
        let mut assists = self.assists;
        assists.sort();
        assists.dedup();
        Ok(Person {
            name: line("person.name", &self.name)?,
            role: self.role,
            title: optional_line("person.title", &self.title)?,
            phone: optional("person.phone", self.phone.as_deref(), validate::phone)?,
            email: optional("person.email", self.email.as_deref(), validate::email)?,
            access: self.access,
            assists,
            college: optional_line("person.college", &self.college)?,
        })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        self.assists.iter().map(|id| ("person.assists", Kind::Person, id)).collect()
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Needs(Right::ManagePeople)
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.name, &self.title, &self.college])
    }
}
