//! A team member's laptop (issue 16): the keys others encrypt to and check signatures with.
//! A record kind like the others, so the member list travels in the bundles it secures.
use super::validate::{self, Checked, line};
use super::{Kind, Parent, Record};
use crate::access::{Owner, Right};
use crate::ids::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One device of a member. Its secret keys never leave its own encrypted store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Device {
    pub person_id: Id,
    /// What its owner calls it, e.g. 王老师的笔记本.
    pub name: String,
    /// Its Ed25519 public key, hex: bundles it sends are signed with it.
    pub signing_key: String,
    /// Its age (X25519) recipient, `age1…`: bundles to the team are encrypted to it.
    pub recipient: String,
    /// When it was removed from the team: bundles are no longer encrypted to it, and what it
    /// signs after is refused.
    #[serde(default)]
    pub removed_at: Option<DateTime<Utc>>,
}

impl Record for Device {
    const KIND: Kind = Kind::Device;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "device.person_id", kind: Kind::Person, id: |d| Some(&d.person_id) }];
    /// A device leaves by removal (`removed_at`), which every member must hear of.
    const DELETABLE: bool = false;
    fn validate(self) -> Checked<Self> {
        validate::signing_key("device.signing_key", &self.signing_key)?;
        validate::recipient("device.recipient", &self.recipient)?;
        Ok(Device { name: line("device.name", &self.name)?, ..self })
    }
    fn owner(&self) -> Owner<'_> {
        Owner::Needs(Right::ManagePeople)
    }
    fn title(&self) -> String {
        self.name.clone()
    }
}
