//! Employer queries: filtered lists, the detail view, likely duplicates, and the check a form
//! runs before saving.
use crate::error::Result;
use crate::ids::Id;
use crate::model::validate::name_key;
use crate::model::{
    Contact, DemandSurvey, Employer, FieldError, FollowupSurvey, InternshipBase, JobPosting, Note, Origin, Record,
    Visit,
};
use crate::store::records::{self, COLUMNS, Stored, stored_from_row};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Filters for the employer list; empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct EmployerFilter {
    #[serde(default)]
    pub industry: Option<String>,
    /// Matches regions that start with this text (广东省 matches 广东省深圳市…).
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub key_only: bool,
    #[serde(default)]
    pub origin: Option<Origin>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Employers matching `filter`, by name.
pub fn list(conn: &Connection, filter: &EmployerFilter) -> Result<Vec<Stored<Employer>>> {
    let mut sql = format!("SELECT {COLUMNS} FROM employers WHERE deleted_at IS NULL");
    let mut args: Vec<Value> = Vec::new();
    if let Some(industry) = filter.industry.as_deref().filter(|s| !s.trim().is_empty()) {
        args.push(Value::Text(industry.trim().to_string()));
        sql += &format!(" AND data ->> 'industry' = ?{}", args.len());
    }
    if let Some(region) = filter.region.as_deref().filter(|s| !s.trim().is_empty()) {
        args.push(Value::Text(region.trim().replace(['%', '_'], "")));
        sql += &format!(" AND data ->> 'region' LIKE ?{} || '%'", args.len());
    }
    if filter.key_only {
        sql += " AND is_key";
    }
    if let Some(origin) = filter.origin {
        args.push(Value::Text(origin.as_str().to_string()));
        sql += &format!(" AND origin = ?{}", args.len());
    }
    args.push(Value::Integer(i64::from(filter.limit.unwrap_or(10_000))));
    sql += &format!(" ORDER BY data ->> 'name' LIMIT ?{}", args.len());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), stored_from_row::<Employer>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same unified social credit code.
    CreditCode,
    /// A name that differs only by spaces, bracket width or 有限公司 / 有限责任公司.
    Name,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Duplicate {
    pub id: Id,
    pub name: String,
    pub reason: DuplicateReason,
}

/// Live employers that are likely the same as `employer`, other than `except` (itself, when editing).
pub fn likely_duplicates(conn: &Connection, employer: &Employer, except: Option<&Id>) -> Result<Vec<Duplicate>> {
    let mut found: Vec<Duplicate> = Vec::new();
    let mut push = |id: Id, name: String, reason| {
        if except != Some(&id) && !found.iter().any(|d| d.id == id) {
            found.push(Duplicate { id, name, reason });
        }
    };
    let code = employer
        .credit_code
        .as_deref()
        .and_then(|c| crate::model::validate::credit_code("employer.credit_code", c).ok());
    if let Some(code) = code {
        let mut stmt = conn.prepare_cached(
            "SELECT id, data ->> 'name' FROM employers WHERE credit_code = ?1 AND deleted_at IS NULL",
        )?;
        for row in stmt.query_map([code], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            push(id, name, DuplicateReason::CreditCode);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.data ->> 'name' FROM employer_names n JOIN employers e ON e.id = n.employer_id
         WHERE n.name_key = ?1 AND e.deleted_at IS NULL",
    )?;
    for row in stmt.query_map([name_key(&employer.name)], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        push(id, name, DuplicateReason::Name);
    }
    Ok(found)
}

/// Everything the employer page shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EmployerDetail {
    pub employer: Stored<Employer>,
    pub contacts: Vec<Stored<Contact>>,
    /// Newest first.
    pub visits: Vec<Stored<Visit>>,
    pub job_postings: Vec<Stored<JobPosting>>,
    pub internship_bases: Vec<Stored<InternshipBase>>,
    pub demand_surveys: Vec<Stored<DemandSurvey>>,
    pub followup_surveys: Vec<Stored<FollowupSurvey>>,
    /// Newest first.
    pub notes: Vec<Stored<Note>>,
    /// Live employers it is likely the same as: two laptops that added one employer apart
    /// keep both, flagged here on each until someone deletes or merges one.
    pub duplicates: Vec<Duplicate>,
}

fn of_employer<T: Record>(conn: &Connection, id: &Id, order: &str) -> Result<Vec<Stored<T>>> {
    records::list::<T>(conn, "employer_id = ?1", order, [id])
}

fn of_visits<T: Record>(conn: &Connection, id: &Id) -> Result<Vec<Stored<T>>> {
    records::list::<T>(
        conn,
        "visit_id IN (SELECT id FROM visits WHERE employer_id = ?1 AND deleted_at IS NULL)",
        "created_at DESC",
        [id],
    )
}

pub fn detail(conn: &Connection, id: &Id) -> Result<EmployerDetail> {
    let employer: Stored<Employer> = records::get(conn, id)?;
    Ok(EmployerDetail {
        duplicates: likely_duplicates(conn, &employer.data, Some(id))?,
        employer,
        contacts: of_employer(conn, id, "created_at, id")?,
        visits: of_employer(conn, id, "starts_at DESC")?,
        job_postings: of_employer(conn, id, "created_at DESC")?,
        internship_bases: of_employer(conn, id, "created_at DESC")?,
        demand_surveys: of_visits(conn, id)?,
        followup_surveys: of_visits(conn, id)?,
        notes: of_employer(conn, id, "data ->> 'written_on' DESC, id DESC")?,
    })
}

/// What an employer form learns before saving: the first field that is wrong, and the live
/// employers it is likely the same as.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EmployerCheck {
    pub error: Option<FieldError>,
    pub duplicates: Vec<Duplicate>,
}

/// Validates `employer` as saving would (without saving) and looks for likely duplicates
/// other than `id`, the employer being edited.
pub fn check(conn: &Connection, id: Option<&Id>, employer: Employer) -> Result<EmployerCheck> {
    let (error, employer) = match employer.clone().validate() {
        Ok(valid) => (None, valid),
        Err(e) => (Some(FieldError::from(&e)), employer),
    };
    Ok(EmployerCheck { error, duplicates: likely_duplicates(conn, &employer, id)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn checking_reports_the_first_wrong_field_and_likely_duplicates() {
        let (_dir, mut store) = new_store();
        let acme = store
            .write(at(2022, 3, 1), |tx| {
                tx.insert(Employer {
                    credit_code: Some("91350100M000100Y43".into()),
                    ..employer("苏州精密制造有限公司")
                })
            })
            .unwrap();

        let clean = check(store.conn(), None, employer("无锡新材料有限公司")).unwrap();
        assert_eq!(clean, EmployerCheck { error: None, duplicates: vec![] });

        // The same name up to bracket width and 有限责任公司: a likely duplicate, not an error.
        let same = check(store.conn(), None, employer(" 苏州精密制造有限责任公司 ")).unwrap();
        assert_eq!(same.error, None);
        assert_eq!(
            same.duplicates,
            vec![Duplicate {
                id: acme.id.clone(), name: "苏州精密制造有限公司".into(), reason: DuplicateReason::Name
            }]
        );
        // Editing the employer itself finds no duplicate.
        assert!(check(store.conn(), Some(&acme.id), employer("苏州精密制造有限公司")).unwrap().duplicates.is_empty());

        // A wrong field is reported with its code; the duplicate search still runs.
        let wrong =
            Employer { credit_code: Some("91350100M000100Y4X".into()), ..employer("苏州精密制造有限公司") };
        let c = check(store.conn(), None, wrong).unwrap();
        assert_eq!(
            c.error,
            Some(FieldError {
                field: "employer.credit_code".into(),
                code: crate::error::ErrorCode::ValidationCreditCodeCheck
            })
        );
        assert_eq!(c.duplicates.len(), 1);

        // The same credit code under another name.
        let code = Employer { credit_code: Some("91350100m000100y43".into()), ..employer("精密（苏州）") };
        let c = check(store.conn(), None, code).unwrap();
        assert_eq!(c.error, None);
        assert_eq!(c.duplicates[0].reason, DuplicateReason::CreditCode);

        let nameless = check(store.conn(), None, employer("  ")).unwrap();
        assert_eq!(
            nameless.error,
            Some(FieldError { field: "employer.name".into(), code: crate::error::ErrorCode::ValidationRequired })
        );
    }
}
