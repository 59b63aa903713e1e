//! Contacts at employers.
use super::validate::{self, Checked, line, optional, optional_line, range, text};
use super::{Kind, Parent, Record, join};
use crate::access::{Owner, Right};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A contact at an employer; alumni are marked so briefing packs can list them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Contact {
    pub employer_id: Id,
    pub name: String,
    /// 职务.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub is_alumnus: bool,
    #[serde(default)]
    pub alumni_year: Option<u16>,
    #[serde(default)]
    pub alumni_major: String,
    #[serde(default)]
    pub notes: String,
}

impl Contact {
    /// A contact of `employer_id` known by name only.
    pub fn named(employer_id: Id, name: &str) -> Contact {
        Contact {
            employer_id,
            name: name.into(),
            title: String::new(),
            phone: None,
            mobile: None,
            email: None,
            is_alumnus: false,
            alumni_year: None,
            alumni_major: String::new(),
            notes: String::new(),
        }
    }
}

impl Record for Contact {
    const KIND: Kind = Kind::Contact;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "contact.employer_id", kind: Kind::Employer, id: |c| Some(&c.employer_id) }];
    fn validate(self) -> Checked<Self> {
        if let Some(year) = self.alumni_year.filter(|_| self.is_alumnus) {
            range("contact.alumni_year", year.into(), 1900, 2100)?;
        }
        Ok(Contact {
            name: line("contact.name", &self.name)?,
            title: optional_line("contact.title", &self.title)?,
            phone: optional("contact.phone", self.phone.as_deref(), validate::phone)?,
            mobile: optional("contact.mobile", self.mobile.as_deref(), validate::phone)?,
            email: optional("contact.email", self.email.as_deref(), validate::email)?,
            alumni_year: if self.is_alumnus { self.alumni_year } else { None },
            alumni_major: if self.is_alumnus {
                optional_line("contact.alumni_major", &self.alumni_major)?
            } else {
                String::new()
            },
            notes: text("contact.notes", &self.notes)?,
            ..self
        })
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Anyone { delete: Some(Right::ManageEmployers) }
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[
            &self.name,
            &self.title,
            self.phone.as_deref().unwrap_or(""),
            self.mobile.as_deref().unwrap_or(""),
            self.email.as_deref().unwrap_or(""),
            &self.alumni_major,
            &self.notes,
        ])
    }
}
