//! Full-text search across employers, contacts, visits, surveys, notes and tasks.
//!
//! FTS5's trigram tokenizer finds nothing for queries under three characters, and Chinese
//! words are mostly two (华为, 实习). So the text is indexed as overlapping character bigrams:
//! `华为技术` becomes the tokens `华为 为技 技术 术`. A one-character query is a prefix query
//! (`"华"*`), a longer one the phrase of its bigrams, which matches exactly where the query
//! occurs as a substring. Latin text is lower-cased and indexed the same way.
use crate::error::Result;
use crate::ids::Id;
use crate::model::{self, Kind, Record, for_kind};
use crate::store::records;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

/// The runs of letters and digits in `text`, folded for matching.
fn segments(text: &str) -> Vec<Vec<char>> {
    let folded = model::validate::fold_width(text).to_lowercase();
    let mut out = Vec::new();
    let mut current = Vec::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The bigram tokens of `text`, space-separated, as the index stores them.
pub fn grams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for seg in segments(text) {
        for i in 0..seg.len() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(seg[i]);
            if let Some(next) = seg.get(i + 1) {
                out.push(*next);
            }
        }
    }
    out
}

/// The FTS5 query for what the user typed; `None` when it has nothing searchable.
pub fn fts_query(typed: &str) -> Option<String> {
    let parts: Vec<String> = segments(typed)
        .into_iter()
        .map(|seg| {
            if seg.len() == 1 {
                format!("\"{}\"*", seg[0])
            } else {
                let bigrams: Vec<String> = seg.windows(2).map(|w| w.iter().collect()).collect();
                format!("\"{}\"", bigrams.join(" "))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// Adds, replaces or (with `None`) removes a record's entry in the index.
pub(crate) fn index(conn: &Connection, kind: Kind, id: &Id, text: Option<&str>) -> Result<()> {
    let rowid: Option<i64> = conn
        .prepare_cached("SELECT rowid FROM search_docs WHERE kind = ?1 AND record_id = ?2")?
        .query_row(params![kind.as_str(), id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = rowid {
        conn.prepare_cached("DELETE FROM search_fts WHERE rowid = ?1")?.execute([rowid])?;
    }
    let grams = text.map(grams).unwrap_or_default();
    match (rowid, grams.is_empty()) {
        (Some(rowid), true) => {
            conn.prepare_cached("DELETE FROM search_docs WHERE rowid = ?1")?.execute([rowid])?;
        }
        (Some(rowid), false) => {
            conn.prepare_cached("INSERT INTO search_fts (rowid, grams) VALUES (?1, ?2)")?
                .execute(params![rowid, grams])?;
        }
        (None, false) => {
            conn.prepare_cached("INSERT INTO search_docs (kind, record_id) VALUES (?1, ?2)")?
                .execute(params![kind.as_str(), id])?;
            let rowid = conn.last_insert_rowid();
            conn.prepare_cached("INSERT INTO search_fts (rowid, grams) VALUES (?1, ?2)")?
                .execute(params![rowid, grams])?;
        }
        (None, true) => {}
    }
    Ok(())
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    pub kind: Kind,
    pub id: Id,
    /// What the record is: an employer's name, a contact's name, a visit's date …
    pub title: String,
    /// The employer it belongs to (itself for an employer), by name and id.
    pub employer: Option<String>,
    pub employer_id: Option<Id>,
    /// The visit it belongs to (itself for a visit).
    pub visit_id: Option<Id>,
    /// A short excerpt around the first match.
    pub snippet: String,
}

/// The most results one search returns.
pub const MAX_HITS: usize = 50;

/// Searches every kind of record for `typed`; newest records first, at most `limit` hits.
pub fn search(conn: &Connection, typed: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = fts_query(typed) else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(
        "SELECT d.kind, d.record_id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid
         WHERE search_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2",
    )?;
    let found: Vec<(String, Id)> = stmt
        .query_map(params![query, limit.min(MAX_HITS) as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let needle = segments(typed).into_iter().next().unwrap_or_default();
    let mut hits = Vec::with_capacity(found.len());
    for (kind, id) in found {
        let Some(kind) = Kind::parse(&kind) else { continue };
        if let Some(hit) = describe(conn, kind, &id, &needle)? {
            hits.push(hit);
        }
    }
    Ok(hits)
}

/// A hit on the record, if it is live: its title, and the employer and visit it belongs to,
/// as its kind declares them ([`Record::PARENTS`]). An employer belongs to itself, a visit too,
/// and a record on a visit that names no employer (a survey) to the visit's employer.
fn describe(conn: &Connection, kind: Kind, id: &Id, needle: &[char]) -> Result<Option<Hit>> {
    for_kind!(kind, T => {
        let Some(record) = records::find::<T>(conn, id)? else { return Ok(None) };
        let parent = |of: Kind| if kind == of { Some(id.clone()) } else { record.data.parent(of).cloned() };
        let visit_id = parent(Kind::Visit);
        let employer_id = match (parent(Kind::Employer), &visit_id) {
            (None, Some(visit)) => records::find::<model::Visit>(conn, visit)?.map(|v| v.data.employer_id),
            (employer, _) => employer,
        };
        let employer = match &employer_id {
            Some(e) => records::find::<model::Employer>(conn, e)?.map(|e| e.data.name),
            None => None,
        };
        let snippet = snippet(&record.data.search_text(), needle);
        Ok(Some(Hit { kind, id: id.clone(), title: record.data.title(), employer, employer_id, visit_id, snippet }))
    })
}

/// About 60 characters of `text` around the first occurrence of `needle` (case-folded).
pub fn snippet(text: &str, needle: &[char]) -> String {
    const BEFORE: usize = 20;
    const LENGTH: usize = 60;
    let chars: Vec<char> = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    let folded: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let at = if needle.is_empty() { 0 } else { folded.windows(needle.len()).position(|w| w == needle).unwrap_or(0) };
    let start = at.saturating_sub(BEFORE);
    let end = (start + LENGTH).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_and_queries() {
        assert_eq!(grams("华为技术"), "华为 为技 技术 术");
        assert_eq!(grams("Huawei, 华为"), "hu ua aw we ei i 华为 为");
        assert_eq!(grams("  "), "");
        assert_eq!(fts_query("华").unwrap(), "\"华\"*");
        assert_eq!(fts_query("华为").unwrap(), "\"华为\"");
        assert_eq!(fts_query("华为技术").unwrap(), "\"华为 为技 技术\"");
        assert_eq!(fts_query("华为 HR").unwrap(), "\"华为\" AND \"hr\"");
        assert_eq!(fts_query("\"*)(").as_deref(), None);
        assert_eq!(fts_query("ＨＲ").unwrap(), "\"hr\"");
    }

    #[test]
    fn snippets_centre_on_the_match() {
        let text = format!("{}华为{}", "前".repeat(30), "后".repeat(50));
        let s = snippet(&text, &['华', '为']);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("华为"));
        assert_eq!(snippet("短文本", &['x']), "短文本");
    }
}
