//! People at the school.
use crate::error::Result;
use crate::model::Person;
use crate::store::records::{self, Stored};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Role};
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
        let ids = |store: &crate::store::Store, name: &str| -> Vec<_> {
            named(store.conn(), name).unwrap().into_iter().map(|p| p.id).collect()
        };
        assert_eq!(ids(&store, " 李校长 "), std::slice::from_ref(&li.id));
        assert_eq!(ids(&store, "李老师").len(), 2);
        assert!(ids(&store, "李").is_empty());
        store.write(at(2022, 3, 2), |tx| tx.delete(Kind::Person, &li.id)).unwrap();
        assert!(ids(&store, "李校长").is_empty(), "people in the trash are not found");
    }
}
