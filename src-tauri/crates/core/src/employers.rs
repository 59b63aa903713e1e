//! Employer queries: filtered lists, the detail view, and likely duplicates.
use crate::error::Result;
use crate::ids::Id;
use crate::model::validate::name_key;
use crate::model::{
    Contact, DemandSurvey, Employer, FollowupSurvey, InternshipBase, JobPosting, Note, Origin, Record, Visit,
};
use crate::store::records::{self, COLUMNS, Stored, stored_from_row};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// Filters for the employer list; empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Filter {
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
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Stored<Employer>>> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same unified social credit code.
    CreditCode,
    /// A name that differs only by spaces, bracket width or 有限公司 / 有限责任公司.
    Name,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
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

pub fn detail(conn: &Connection, id: &Id) -> Result<Detail> {
    Ok(Detail {
        employer: records::get(conn, id)?,
        contacts: of_employer(conn, id, "created_at, id")?,
        visits: of_employer(conn, id, "starts_at DESC")?,
        job_postings: of_employer(conn, id, "created_at DESC")?,
        internship_bases: of_employer(conn, id, "created_at DESC")?,
        demand_surveys: of_visits(conn, id)?,
        followup_surveys: of_visits(conn, id)?,
        notes: of_employer(conn, id, "data ->> 'written_on' DESC, id DESC")?,
    })
}
