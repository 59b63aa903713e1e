//! Record ids: UUIDv7, built from a timestamp the caller passes in (no clock inside the core).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
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
