//! Record ids: UUIDv7, built from a timestamp the caller passes in (no clock inside the core).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::fmt;

/// A record id: a UUIDv7 in its canonical hyphenated text form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// A fresh id for a record created at `now`, with random bits from the OS.
    pub fn new(now: DateTime<Utc>) -> Id {
        let mut bytes = [0u8; 10];
        crate::crypto::fill_random(&mut bytes);
        Id::from_parts(now, bytes)
    }

    /// A UUIDv7 from a timestamp and ten random bytes (the demo generator passes seeded bytes).
    pub fn from_parts(now: DateTime<Utc>, random: [u8; 10]) -> Id {
        let millis = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        Id(uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid().hyphenated().to_string())
    }

    /// Parses user-supplied text into an id, accepting only a well-formed UUID.
    pub fn parse(text: &str) -> Option<Id> {
        uuid::Uuid::try_parse(text.trim()).ok().map(|u| Id(u.hyphenated().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Fresh ids for the records of one write, all made at one `now`: the first with random bits
/// from the OS, each next one the one before plus one. They sort in the order they were made,
/// so every index keyed by them grows at its end instead of at random places: a bulk import
/// splits far fewer pages and writes far fewer to the WAL.
#[derive(Debug)]
pub struct IdSeq {
    now: DateTime<Utc>,
    last: Cell<Option<[u8; 10]>>,
}

impl IdSeq {
    pub fn new(now: DateTime<Utc>) -> IdSeq {
        IdSeq { now, last: Cell::new(None) }
    }

    pub fn next(&self) -> Id {
        let bytes = match self.last.get() {
            None => {
                let mut bytes = [0u8; 10];
                crate::crypto::fill_random(&mut bytes);
                // The last eight bytes count up; their top bits (the UUID's variant) start
                // clear, so the count never carries into them.
                bytes[2] &= 0x1F;
                bytes
            }
            Some(mut bytes) => {
                let mut count = [0u8; 8];
                count.copy_from_slice(&bytes[2..]);
                bytes[2..].copy_from_slice(&u64::from_be_bytes(count).wrapping_add(1).to_be_bytes());
                bytes
            }
        };
        self.last.set(Some(bytes));
        Id::from_parts(self.now, bytes)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// In TypeScript an id is a plain `string`, wherever it appears (no `Id` alias to import).
impl ts_rs::TS for Id {
    type WithoutGenerics = Id;
    type OptionInnerType = Id;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
}

impl rusqlite::ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl rusqlite::types::FromSql for Id {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        String::column_result(value).map(Id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_sequence_counts_up_in_order() {
        let now = Utc.with_ymd_and_hms(2022, 3, 1, 0, 0, 0).unwrap();
        let seq = IdSeq::new(now);
        let ids: Vec<Id> = (0..1000).map(|_| seq.next()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
        for id in &ids {
            let uuid = uuid::Uuid::parse_str(id.as_str()).unwrap();
            assert_eq!(uuid.get_version_num(), 7);
            assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122);
            assert_eq!(id.as_str()[..13], ids[0].as_str()[..13], "one timestamp");
        }
        // Another sequence starts somewhere else.
        assert_ne!(IdSeq::new(now).next(), ids[0]);
    }

    #[test]
    fn ids_are_v7_and_sort_by_time() {
        let early = Id::new(Utc.with_ymd_and_hms(2022, 3, 1, 0, 0, 0).unwrap());
        let late = Id::new(Utc.with_ymd_and_hms(2022, 8, 1, 0, 0, 0).unwrap());
        assert!(early < late);
        let parsed = uuid::Uuid::parse_str(early.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
        assert_eq!(Id::parse(&format!(" {} ", late)), Some(late));
        assert_eq!(Id::parse("not-an-id"), None);
    }
}
