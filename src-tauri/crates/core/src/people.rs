//! People at the school.
use crate::access::Access;
use crate::error::Result;
use crate::ids::Id;
use crate::model::Person;
use crate::store::records::{self, Stored, Tx};
use rusqlite::Connection;

/// Everyone, in the order they were added.
pub fn list(conn: &Connection) -> Result<Vec<Stored<Person>>> {
    records::list::<Person>(conn, "1", "created_at, id", [])
}

/// The people called exactly `name` (trimmed), in the order they were added: how a shell
/// that is given a name rather than an id finds the person.
pub fn named(conn: &Connection, name: &str) -> Result<Vec<Stored<Person>>> {
    records::list::<Person>(conn, "data ->> 'name' = ?1", "created_at, id", [name.trim()])
}

/// Sets what person `id` may do, and (when given) the leaders they assist and their college.
/// An admin's (`manage_people`); the last admin stays one.
pub fn set_access(
    tx: &Tx<'_>,
    id: &Id,
    access: Access,
    assists: Option<Vec<Id>>,
    college: Option<String>,
) -> Result<Stored<Person>> {
    let p = records::get::<Person>(tx.conn(), id)?.data;
    let assists = assists.unwrap_or(p.assists.clone());
    let college = college.unwrap_or(p.college.clone());
    tx.update(id, Person { access, assists, college, ..p })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::testing::*;

    #[test]
    fn people_are_found_by_their_exact_name() {
        let (_dir, mut store) = new_store();
        let li = store
            .write(at(2022, 3, 1), |tx| {
                tx.insert(person("李老师", Role::Teacher))?;
                tx.insert(person("李老师", Role::Staff))?;
                tx.insert(person("李校长", Role::President))
            })
            .unwrap();
        let ids = |name: &str| -> Vec<_> { named(store.conn(), name).unwrap().into_iter().map(|p| p.id).collect() };
        assert_eq!(ids(" 李校长 "), std::slice::from_ref(&li.id));
        assert_eq!(ids("李老师").len(), 2);
        assert!(ids("李").is_empty());
    }
}
