//! A paired school (对口高校, the "一帮一" action, issue 20): the school this one shares job
//! postings and recruitment events with, and hears back from. Its public sharing keys come
//! from the pairing file it sent, checked by a fingerprint read aloud (`share::add_pair`).
//! Public data: it travels with the team, so every laptop knows the pair.
use super::validate::{self, Checked, Problem, fail, line};
use super::{Kind, Record, join};
use crate::access::{Owner, Right};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PairedSchool {
    /// Its name as it calls itself, e.g. 示范大学.
    pub name: String,
    /// Its 学校标识码: what its packages name it by.
    pub school_code: String,
    /// The Ed25519 public key its packages are signed with, hex.
    pub signing_key: String,
    /// Its age (X25519) recipient, `age1…`: packages to it are encrypted to this alone.
    pub recipient: String,
}

impl Record for PairedSchool {
    const KIND: Kind = Kind::PairedSchool;
    fn validate(self) -> Checked<Self> {
        validate::signing_key("paired_school.signing_key", &self.signing_key)?;
        validate::recipient("paired_school.recipient", &self.recipient)?;
        let school_code = line("paired_school.school_code", &self.school_code)?;
        if !school_code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return fail("paired_school.school_code", Problem::ForbiddenCharacter);
        }
        Ok(PairedSchool { name: line("paired_school.name", &self.name)?, school_code, ..self })
    }
    /// Pairing is the school's, like its code and its campaign: an admin's. (Not
    /// `manage_people`, which is about this school's own people and laptops.)
    fn owner(&self) -> Owner<'_> {
        Owner::Needs(Right::ManageCampaign)
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.name, &self.school_code])
    }
}
