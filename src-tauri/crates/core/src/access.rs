//! Access: who may do what.
//!
//! A person's *position* ([`Role`](crate::model::Role): 党委书记, 校长 …) decides their targets;
//! their *access* decides their rights. The core checks the rights of the unlocked person on
//! every write (`store::records::Tx`), so the UI only mirrors them, and a later issue checks them
//! again on every change that arrives from another laptop.
//!
//! | access | may |
//! |---|---|
//! | 管理员 admin (the employment office) | everything: people, access, passphrases of others, rekey, restore, the campaign |
//! | 校领导 leader | their own visits and trips |
//! | 助理 assistant | the visits and trips of the leaders they assist |
//! | 学院联络人 college | the visits and trips of the leaders of their own college |
//!
//! Everyone reads everything, and anyone may add and edit employers and contacts; deleting them
//! (and, later, merging) needs an admin.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::{Person, Role, choice};
use crate::store::records;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// A person's access role.
    Access {
        Admin = "admin",
        Leader = "leader",
        Assistant = "assistant",
        College = "college",
    }
);

impl Access {
    /// The access a person gets unless told otherwise: leaders lead, staff assist. (Migration
    /// 006 gave the people of an older store theirs the same way, and its first person admin.)
    pub fn for_role(role: Role) -> Access {
        match role {
            Role::Secretary | Role::President | Role::Leader => Access::Leader,
            Role::Staff | Role::Teacher => Access::Assistant,
        }
    }

    /// The fewest rights, for a person record that does not say (written before access existed).
    pub fn least() -> Access {
        Access::Assistant
    }
}

choice!(
    /// A right a write may need; a refusal names it.
    ///
    /// - `manage_people`: people, their access, the passphrases of others, rekey and restore;
    /// - `manage_campaign`: the campaign, its targets and the school's settings;
    /// - `manage_employers`: deleting (and merging) employers and their contacts;
    /// - `leader_work`: a leader's visits and trips, and what hangs on them (surveys, outcomes);
    /// - `confirm_visits`: confirming a completion someone else recorded (the visit's leader's).
    Right {
        ManagePeople = "manage_people",
        ManageCampaign = "manage_campaign",
        ManageEmployers = "manage_employers",
        LeaderWork = "leader_work",
        ConfirmVisits = "confirm_visits",
    }
);

/// Whose say a record is, as far as rights go. Declared by each record kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// Anyone may add and change it; deleting it needs the right, if any.
    Anyone { delete: Option<Right> },
    /// Only a person with the right may add, change or delete it.
    Needs(Right),
    /// The work of this leader (a visit's lead, a trip's leader).
    Leader(&'a Id),
    /// Hangs on this visit: whoever may change the visit may change it.
    Visit(&'a Id),
}

/// The unlocked person, as far as rights go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Id,
    pub access: Access,
    /// The leaders an assistant works for.
    pub assists: Vec<Id>,
    /// The college (二级学院) a coordinator or leader belongs to; empty for none.
    pub college: String,
}

impl Actor {
    /// The rights of person `id` in the store. While the store is being made its first person
    /// is not written yet, and is an admin. A person in the trash (or not in the store) holds
    /// no right of their own.
    pub fn of(conn: &Connection, id: &Id) -> Result<Actor> {
        let nobody = |access| Actor { id: id.clone(), access, assists: vec![], college: String::new() };
        match records::find::<Person>(conn, id)? {
            Some(p) => {
                let Person { access, assists, college, .. } = p.data;
                Ok(Actor { id: id.clone(), access, assists, college })
            }
            None => {
                let people: i64 = conn.prepare_cached("SELECT count(*) FROM people")?.query_row([], |r| r.get(0))?;
                Ok(nobody(if people == 0 { Access::Admin } else { Access::least() }))
            }
        }
    }

    /// Fails with [`Error::Forbidden`] unless the person holds `right` outright.
    pub fn require(&self, right: Right) -> Result<()> {
        if self.holds(right) { Ok(()) } else { Err(Error::Forbidden { right }) }
    }

    /// Whether the person holds `right` outright. Only admins hold the managing rights;
    /// [`Right::LeaderWork`] depends on whose work it is ([`Actor::may_work_for`]).
    pub fn holds(&self, right: Right) -> bool {
        match right {
            Right::ManagePeople
            | Right::ManageCampaign
            | Right::ManageEmployers
            | Right::LeaderWork
            | Right::ConfirmVisits => self.access == Access::Admin,
        }
    }

    /// Whether the person may change the work of `leader`, whose college is `college`.
    pub fn may_work_for(&self, leader: &Id, college: &str) -> bool {
        match self.access {
            Access::Admin => true,
            Access::Leader => &self.id == leader,
            Access::Assistant => &self.id == leader || self.assists.contains(leader),
            Access::College => &self.id == leader || (!self.college.is_empty() && self.college == college),
        }
    }
}

/// What the unlocked person may do, as the UI needs it to disable the rest, naming the right
/// (the core checks every write again).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Rights {
    pub access: Access,
    /// The rights held outright.
    pub holds: Vec<Right>,
    /// The people whose visits and trips they may plan and record; `None` for everyone's.
    pub works_for: Option<Vec<Id>>,
}

impl Rights {
    /// The rights of `actor` in the store.
    pub fn of(actor: &Actor, conn: &Connection) -> Result<Rights> {
        let holds = Right::ALL.iter().copied().filter(|r| actor.holds(*r)).collect();
        let works_for = match actor.access {
            Access::Admin => None,
            _ => {
                let mut ids = Vec::new();
                for p in crate::people::list(conn)? {
                    if works_for(actor, &p.id, conn)? {
                        ids.push(p.id);
                    }
                }
                Some(ids)
            }
        };
        Ok(Rights { access: actor.access, holds, works_for })
    }
}

/// What a check needs to know about the store: a leader's college, and a visit's leader.
pub trait Lookup {
    fn college_of(&self, person: &Id) -> Result<String>;
    /// The lead of a visit, or `None` for a visit that does not exist.
    fn lead_of(&self, visit: &Id) -> Result<Option<Id>>;
}

/// The store answers from its tables.
impl Lookup for Connection {
    fn college_of(&self, person: &Id) -> Result<String> {
        let sql = "SELECT data ->> 'college' FROM people WHERE id = ?1";
        let college: Option<Option<String>> = self.prepare_cached(sql)?.query_row([person], |r| r.get(0)).optional()?;
        Ok(college.flatten().unwrap_or_default())
    }

    fn lead_of(&self, visit: &Id) -> Result<Option<Id>> {
        let sql = "SELECT data ->> 'lead_id' FROM visits WHERE id = ?1";
        Ok(self.prepare_cached(sql)?.query_row([visit], |r| r.get(0)).optional()?)
    }
}

/// Fails with [`Error::LastAdmin`] when no admin is left among the people not in the trash.
pub fn keep_an_admin(conn: &Connection) -> Result<()> {
    let sql = "SELECT count(*) FROM people WHERE deleted_at IS NULL AND data ->> 'access' = 'admin'";
    let admins: i64 = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
    if admins == 0 { Err(Error::LastAdmin) } else { Ok(()) }
}

/// Whether `actor` may make a change that touches a record owned by `owner`: adding or
/// changing it (`deleting` false), or moving it to the trash. A refusal names the missing right.
pub fn check(actor: &Actor, owner: Owner<'_>, deleting: bool, lookup: &impl Lookup) -> Result<()> {
    let missing = match owner {
        Owner::Anyone { delete: Some(right) } if deleting => (!actor.holds(right)).then_some(right),
        Owner::Anyone { .. } => None,
        Owner::Needs(right) => (!actor.holds(right)).then_some(right),
        Owner::Leader(leader) => (!works_for(actor, leader, lookup)?).then_some(Right::LeaderWork),
        Owner::Visit(visit) => match lookup.lead_of(visit)? {
            Some(leader) => (!works_for(actor, &leader, lookup)?).then_some(Right::LeaderWork),
            // A visit that does not exist: the write's own reference check refuses it.
            None => None,
        },
    };
    match missing {
        Some(right) => Err(Error::Forbidden { right }),
        None => Ok(()),
    }
}

fn works_for(actor: &Actor, leader: &Id, lookup: &impl Lookup) -> Result<bool> {
    // Only a coordinator's check needs the leader's college.
    Ok(match actor.access {
        Access::College if &actor.id != leader => actor.may_work_for(leader, &lookup.college_of(leader)?),
        _ => actor.may_work_for(leader, ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;
    use std::collections::HashMap;

    /// People by name, each with an id, a college, and the visits they lead.
    struct School {
        ids: HashMap<&'static str, Id>,
        colleges: HashMap<Id, &'static str>,
        visits: HashMap<Id, Id>,
    }

    impl Lookup for School {
        fn college_of(&self, person: &Id) -> Result<String> {
            Ok(self.colleges.get(person).copied().unwrap_or_default().to_string())
        }
        fn lead_of(&self, visit: &Id) -> Result<Option<Id>> {
            Ok(self.visits.get(visit).cloned())
        }
    }

    fn school() -> School {
        let people = [("书记", "机电学院"), ("校长", "信息学院"), ("就业办", ""), ("助理", ""), ("联络人", "机电学院")];
        let ids: HashMap<_, _> = people.iter().map(|(name, _)| (*name, Id::new(at(2022, 2, 1)))).collect();
        let colleges = people.iter().map(|(name, college)| (ids[name].clone(), *college)).collect();
        let visits = [("书记的走访", "书记"), ("校长的走访", "校长")]
            .iter()
            .map(|(_, lead)| (Id::new(at(2022, 2, 1)), ids[lead].clone()))
            .collect();
        School { ids, colleges, visits }
    }

    fn actor(school: &School, name: &str, access: Access) -> Actor {
        Actor {
            id: school.ids[name].clone(),
            access,
            assists: if access == Access::Assistant { vec![school.ids["校长"].clone()] } else { vec![] },
            college: school.colleges[&school.ids[name]].to_string(),
        }
    }

    fn visit_of(school: &School, lead: &str) -> Id {
        school.visits.iter().find(|(_, l)| **l == school.ids[lead]).map(|(v, _)| v.clone()).unwrap()
    }

    #[test]
    fn the_rights_table() {
        let s = school();
        let (secretary, president) = (&s.ids["书记"], &s.ids["校长"]);
        let (secretary_visit, president_visit) = (visit_of(&s, "书记"), visit_of(&s, "校长"));
        let admin = actor(&s, "就业办", Access::Admin);
        let leader = actor(&s, "书记", Access::Leader);
        let assistant = actor(&s, "助理", Access::Assistant);
        let college = actor(&s, "联络人", Access::College);
        let employer = Owner::Anyone { delete: Some(Right::ManageEmployers) };
        use Right::*;
        // (who, whose record, deleting, the right a refusal names or None when allowed)
        let cases: Vec<(&Actor, Owner<'_>, bool, Option<Right>)> = vec![
            (&admin, Owner::Needs(ManagePeople), false, None),
            (&admin, Owner::Needs(ManageCampaign), true, None),
            (&admin, Owner::Leader(president), false, None),
            (&admin, Owner::Visit(&secretary_visit), true, None),
            (&admin, employer, true, None),
            (&leader, Owner::Needs(ManagePeople), false, Some(ManagePeople)),
            (&leader, Owner::Needs(ManageCampaign), false, Some(ManageCampaign)),
            (&leader, Owner::Leader(secretary), false, None),
            (&leader, Owner::Visit(&secretary_visit), true, None),
            (&leader, Owner::Leader(president), false, Some(LeaderWork)),
            (&leader, Owner::Visit(&president_visit), false, Some(LeaderWork)),
            (&leader, employer, false, None),
            (&leader, employer, true, Some(ManageEmployers)),
            (&assistant, Owner::Leader(president), false, None),
            (&assistant, Owner::Visit(&president_visit), true, None),
            (&assistant, Owner::Leader(secretary), false, Some(LeaderWork)),
            (&assistant, Owner::Visit(&secretary_visit), false, Some(LeaderWork)),
            (&assistant, Owner::Needs(ManagePeople), false, Some(ManagePeople)),
            (&assistant, employer, false, None),
            (&assistant, Owner::Anyone { delete: None }, true, None),
            // 联络人 is of 机电学院, as is 书记; 校长 is of 信息学院.
            (&college, Owner::Leader(secretary), false, None),
            (&college, Owner::Visit(&secretary_visit), true, None),
            (&college, Owner::Leader(president), false, Some(LeaderWork)),
            (&college, Owner::Visit(&president_visit), false, Some(LeaderWork)),
            (&college, Owner::Needs(ManageCampaign), false, Some(ManageCampaign)),
            (&college, employer, true, Some(ManageEmployers)),
        ];
        for (who, owner, deleting, refused) in cases {
            let got = check(who, owner, deleting, &s).err().map(|e| match e {
                Error::Forbidden { right } => right,
                other => panic!("{other:?}"),
            });
            assert_eq!(got, refused, "{:?} {owner:?} deleting={deleting}", who.access);
        }
    }

    #[test]
    fn a_coordinator_without_a_college_works_only_for_themselves() {
        let s = school();
        let mut nobody = actor(&s, "就业办", Access::College);
        nobody.college.clear();
        // 就业办 has no college, so an empty college must not match a leader without one either.
        let lonely_leader = &s.ids["助理"];
        assert!(check(&nobody, Owner::Leader(lonely_leader), false, &s).is_err());
        assert!(check(&nobody, Owner::Leader(&nobody.id.clone()), false, &s).is_ok());
    }

    #[test]
    fn a_session_is_told_its_rights_and_whose_work_it_may_do() {
        use crate::model::Person;
        let (_dir, mut store) = crate::testing::new_store();
        let me = store.actor().clone();
        let (li, zhang) = store
            .write(at(2022, 3, 1), |tx| {
                let li = tx.insert(Person::new("李校长", Role::President))?.id;
                let zhang = Person { assists: vec![li.clone()], ..Person::new("张秘书", Role::Staff) };
                Ok((li.clone(), tx.insert(zhang)?.id))
            })
            .unwrap();
        let rights = |id: &Id| Rights::of(&Actor::of(store.conn(), id).unwrap(), store.conn()).unwrap();
        let admin = rights(&me);
        assert_eq!((admin.access, admin.holds.as_slice(), admin.works_for), (Access::Admin, Right::ALL, None));
        let assistant = rights(&zhang);
        assert_eq!(assistant.access, Access::Assistant);
        assert!(assistant.holds.is_empty());
        assert_eq!(assistant.works_for, Some(vec![li.clone(), zhang.clone()]));
        assert_eq!(rights(&li).works_for, Some(vec![li]));
    }

    #[test]
    fn a_visit_that_does_not_exist_is_left_to_the_reference_check() {
        let s = school();
        let leader = actor(&s, "书记", Access::Leader);
        assert!(check(&leader, Owner::Visit(&Id::new(at(2022, 2, 1))), false, &s).is_ok());
    }
}
