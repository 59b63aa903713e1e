//! Employer queries: filtered lists, the detail view, likely duplicates, and the check a form
//! runs before saving; and merging two employers that are one.
use crate::error::Result;
use crate::ids::Id;
use crate::model::validate::name_key;
use crate::model::{
    Contact, DemandSurvey, Employer, EmployerSize, FieldError, FollowupSurvey, InternshipBase, JobPosting, Kind, Note,
    Origin, Ownership, Problem, Record, RecruitmentEvent, Task, ValidationError, Visit, for_kind,
};
use crate::store::records::{self, COLUMNS, Stored, Tx, stored_from_row};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
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
    /// Part of the name, region, industry, park or credit code (spaces and case aside).
    #[serde(default)]
    pub text: Option<String>,
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
    let folded: String = filter
        .text
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if !folded.is_empty() {
        args.push(Value::Text(folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
        let n = args.len();
        let holds = |expr: &str| format!("replace(lower({expr}), ' ', '') LIKE '%' || ?{n} || '%' ESCAPE '\\'");
        let fields = ["data ->> 'name'", "data ->> 'region'", "data ->> 'industry'", "data ->> 'park'", "credit_code"];
        sql += &format!(" AND ({})", fields.map(holds).join(" OR "));
    }
    args.push(Value::Integer(i64::from(filter.limit.unwrap_or(10_000))));
    sql += &format!(" ORDER BY data ->> 'name', id LIMIT ?{}", args.len());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), stored_from_row::<Employer>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many employers the picker offers for what was typed.
pub const PICKED: u32 = 8;

/// The employers a picker offers for `text` (part of a name, region, industry, park or credit
/// code, as [`EmployerFilter::text`]), by name, at most `limit` (else [`PICKED`]); with nothing
/// typed, the first by name. Asked of the core as the user types, so a picker never holds the
/// whole list (the large store's 20,000; `list` stops at 10,000).
pub fn matching(conn: &Connection, text: &str, limit: Option<u32>) -> Result<Vec<Stored<Employer>>> {
    let filter = EmployerFilter {
        text: Some(text.to_string()),
        limit: Some(limit.unwrap_or(PICKED)),
        ..EmployerFilter::default()
    };
    list(conn, &filter)
}

/// The names of the employers `ids` name, for a page that names a few (a 双选会's other
/// employers) without the whole list; read even from the trash, as a visit keeps its
/// employer's name. An id that names no employer is left out.
pub fn names(conn: &Connection, ids: &[Id]) -> Result<Vec<(Id, String)>> {
    let ids = serde_json::to_string(ids)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, coalesce(data ->> 'name', '') FROM employers WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    )?;
    let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
    /// Those it holds or takes part in (a 双选会), newest first.
    pub recruitment_events: Vec<Stored<RecruitmentEvent>>,
    /// Open ones first, by due date.
    pub tasks: Vec<Stored<Task>>,
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
        recruitment_events: records::list(
            conn,
            "employer_id = ?1 OR EXISTS (SELECT 1 FROM json_each(data, '$.co_employer_ids') WHERE value = ?1)",
            "held_on DESC, id",
            [id],
        )?,
        tasks: of_employer(conn, id, "done_on IS NOT NULL, due_on, id")?,
    })
}

/// Fills the blank fields of `base` from `extra`, never overwriting. An employer already in
/// the store keeps its origin (it decides the newly-developed figure); rows of the file that
/// are one new employer share theirs.
pub(crate) fn fill_blanks(base: &mut Employer, extra: &Employer, stored: bool) {
    let fill = |a: &mut String, b: &String| {
        if a.is_empty() {
            a.clone_from(b);
        }
    };
    if base.credit_code.is_none() {
        base.credit_code.clone_from(&extra.credit_code);
    }
    fill(&mut base.industry, &extra.industry);
    fill(&mut base.region, &extra.region);
    fill(&mut base.address, &extra.address);
    fill(&mut base.park, &extra.park);
    fill(&mut base.notes, &extra.notes);
    if base.ownership == Ownership::Other {
        base.ownership = extra.ownership;
    }
    if base.size == EmployerSize::Unknown {
        base.size = extra.size;
    }
    base.is_key |= extra.is_key;
    if !stored && base.origin == Origin::Existing && extra.origin == Origin::NewlyDeveloped {
        base.origin = extra.origin;
        base.developed_on = extra.developed_on;
    }
}

/// What a merge keeps by default: `keep`'s fields, its blank ones filled from `away`'s (the
/// CLI's merge; the app shows both side by side to choose).
pub fn merged_fields(keep: &Employer, away: &Employer) -> Employer {
    let mut combined = keep.clone();
    fill_blanks(&mut combined, away, true);
    combined
}

/// What a merge did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Merged {
    pub kept: Stored<Employer>,
    /// Records that pointed at the merged employer and now point at the kept one.
    pub moved: u32,
}

/// Merges employer `away` into `keep`, whose data becomes `combined` (the fields picked side by
/// side): every live record that points at `away` (contacts, visits, postings, bases, events,
/// tasks, notes, contact plans) points at `keep`, and `away` goes to the trash pointing at
/// `keep` (`merged_into`). One batch: one undo puts everything back.
pub fn merge(tx: &Tx<'_>, keep: &Id, away: &Id, combined: Employer) -> Result<Merged> {
    if keep == away {
        return Err(ValidationError { field: "employer.merged_into", problem: Problem::InvalidState }.into());
    }
    let gone: Stored<Employer> = records::get(tx.conn(), away)?;
    records::get::<Employer>(tx.conn(), keep)?;
    let mut moved = 0;
    for &kind in Kind::ALL {
        moved += for_kind!(kind, T => repoint::<T>(tx, away, keep))?;
    }
    tx.update(away, Employer { merged_into: Some(keep.clone()), ..gone.data })?;
    tx.delete(Kind::Employer, away)?;
    let kept = tx.update(keep, Employer { merged_into: None, ..combined })?;
    Ok(Merged { kept, moved })
}

/// Points the live records of type `T` that refer to employer `from` at employer `to`
/// (whatever field refers to it: a parent, or a list such as a 双选会's employers, which keeps
/// `to` once). Returns how many changed.
fn repoint<T: Record>(tx: &Tx<'_>, from: &Id, to: &Id) -> Result<u32> {
    let candidates = records::list::<T>(tx.conn(), "instr(data, ?1) > 0", "id", [from])?;
    let mut moved = 0;
    for record in candidates {
        let fields: Vec<&str> = record
            .data
            .references()
            .into_iter()
            .filter(|(_, kind, id)| *kind == Kind::Employer && *id == from)
            .map(|(field, _, _)| field.rsplit('.').next().unwrap_or(field))
            .collect();
        if fields.is_empty() {
            continue;
        }
        let (from_v, to_v) = (Json::from(from.as_str()), Json::from(to.as_str()));
        let mut data = serde_json::to_value(&record.data)?;
        let Some(obj) = data.as_object_mut() else { continue };
        for field in fields {
            match obj.get_mut(field) {
                Some(Json::Array(ids)) => ids.iter_mut().filter(|v| **v == from_v).for_each(|v| *v = to_v.clone()),
                Some(v) => *v = to_v.clone(),
                None => {}
            }
        }
        // `to` once: a list keeps it only if no other field names it, and only once.
        let named = obj.values().any(|v| *v == to_v);
        for v in obj.values_mut() {
            if let Json::Array(ids) = v {
                let mut seen = named;
                ids.retain(|x| *x != to_v || !std::mem::replace(&mut seen, true));
            }
        }
        tx.update(&record.id, serde_json::from_value::<T>(data)?)?;
        moved += 1;
    }
    Ok(moved)
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

    /// The picker offers the employers whose name, region or credit code holds what was typed
    /// (spaces and case aside; `%` and `_` are letters), by name, at most so many; none in
    /// the trash. A page naming a few employers gets their names alone.
    #[test]
    fn the_picker_and_the_names_find_employers_without_the_whole_list() {
        let (_dir, mut store) = new_store();
        let ids = store
            .write(at(2022, 3, 1), |tx| {
                let a = tx.insert(Employer {
                    region: "江苏省苏州市".into(), ..employer("苏州精密制造有限公司")
                })?;
                let b =
                    tx.insert(Employer { region: "浙江省杭州市".into(), ..employer("Hangzhou Data 100%") })?;
                let c = tx.insert(Employer {
                    credit_code: Some("91350100M000100Y43".into()),
                    region: "江苏省无锡市".into(),
                    ..employer("无锡新材料有限公司")
                })?;
                let gone = tx.insert(employer("苏州已删除有限公司"))?;
                tx.delete(crate::model::Kind::Employer, &gone.id)?;
                Ok([a.id, b.id, c.id])
            })
            .unwrap();
        let found = |text: &str, limit: Option<u32>| -> Vec<Id> {
            matching(store.conn(), text, limit).unwrap().into_iter().map(|e| e.id).collect()
        };
        assert_eq!(found("苏州", None), [ids[0].clone()]);
        assert_eq!(found("杭州", None), [ids[1].clone()]);
        assert_eq!(found(" hangzhou  DATA ", None), [ids[1].clone()]);
        assert_eq!(found("100%", None), [ids[1].clone()]);
        assert_eq!(found("%", None), [ids[1].clone()]);
        assert_eq!(found("_", None), Vec::<Id>::new());
        assert_eq!(found("m000100y", None), [ids[2].clone()]);
        assert_eq!(found("", Some(2)).len(), 2);
        assert_eq!(found("", None).len(), 3);
        // The employers page filters by the same text, with its other filters.
        let filter =
            EmployerFilter {
                text: Some("有限 公司".into()), region: Some("江苏".into()), ..EmployerFilter::default()
            };
        let listed: Vec<Id> = list(store.conn(), &filter).unwrap().into_iter().map(|e| e.id).collect();
        assert_eq!(listed, [ids[2].clone(), ids[0].clone()]);
        // A page that names a few asks for those: in the trash too, an unknown id left out.
        let gone = store.write(at(2022, 3, 2), |tx| Ok(tx.insert(employer("苏州旧名有限公司"))?.id)).unwrap();
        store.write(at(2022, 3, 3), |tx| tx.delete(crate::model::Kind::Employer, &gone)).unwrap();
        let mut asked = vec![ids[2].clone(), gone.clone(), Id::new(at(2022, 3, 4))];
        asked.sort();
        let mut want = vec![(ids[2].clone(), "无锡新材料有限公司".to_string()), (gone, "苏州旧名有限公司".to_string())];
        want.sort();
        assert_eq!(names(store.conn(), &asked).unwrap(), want);
    }

    /// Two records of one employer (a laptop each added it) are merged: everything that was the
    /// other's moves to the kept one, a 双选会 that had both names it once, the ledger counts
    /// one employer, and one undo puts it all back.
    #[test]
    fn a_merge_moves_everything_and_one_undo_takes_it_back() {
        use crate::model::EventKind;
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let now = at(2022, 3, 20);
        let (keep, away, fair) = store
            .write(now, |tx| {
                let keep = tx.insert(employer("苏州精密制造有限公司"))?;
                let away = tx.insert(employer("苏州精密制造"))?;
                tx.insert(contact(&away.id, "张经理"))?;
                let v = tx.insert(completed(visit(&away.id, &me, at(2022, 3, 10))))?;
                tx.insert(completed(visit(&keep.id, &me, at(2022, 3, 12))))?;
                tx.insert(posting(&away.id, Some(&v.id), "数控技术员", 5))?;
                tx.insert(task("回访", day(2022, 3, 25), &me, Some(&away.id), Some(&v.id)))?;
                tx.insert(Note {
                    employer_id: away.id.clone(),
                    visit_id: None,
                    written_on: day(2022, 3, 11),
                    body: "电话沟通".into(),
                })?;
                let fair = tx.insert(RecruitmentEvent {
                    kind: EventKind::DoubleChoice,
                    employer_id: keep.id.clone(),
                    co_employer_ids: vec![away.id.clone()],
                    visit_id: None,
                    held_on: day(2022, 4, 1),
                    venue: "体育馆".into(),
                    link: String::new(),
                    majors: Vec::new(),
                    attended: None,
                    offers: None,
                    notes: String::new(),
                })?;
                Ok((keep, away, fair))
            })
            .unwrap();
        let employers_visited = |store: &crate::store::Store| {
            crate::ledger::figures(store.conn(), None, None, now.date_naive()).unwrap().employers_visited
        };
        assert_eq!(employers_visited(&store), 2);
        let before = detail(store.conn(), &away.id).unwrap();

        let combined = Employer { address: "苏州工业园区星湖街 1 号".into(), ..keep.data.clone() };
        let merged = store.write(now, |tx| merge(tx, &keep.id, &away.id, combined.clone())).unwrap();
        assert_eq!(merged.moved, 6, "contact, visit, posting, task, note, event");
        assert_eq!(merged.kept.data.address, combined.address);
        let after = detail(store.conn(), &keep.id).unwrap();
        assert_eq!((after.contacts.len(), after.visits.len(), after.job_postings.len()), (1, 2, 1));
        assert_eq!((after.tasks.len(), after.notes.len(), after.recruitment_events.len()), (1, 1, 1));
        let event = records::get::<RecruitmentEvent>(store.conn(), &fair.id).unwrap();
        assert!(event.data.co_employer_ids.is_empty(), "{:?}", event.data.co_employer_ids);
        assert_eq!(employers_visited(&store), 1);
        assert!(records::find::<Employer>(store.conn(), &away.id).unwrap().is_none(), "in the trash");
        let pointer: Option<String> = store
            .conn()
            .query_row("SELECT data ->> 'merged_into' FROM employers WHERE id = ?1", [&away.id], |r| r.get(0))
            .unwrap();
        assert_eq!(pointer.as_deref(), Some(keep.id.as_str()));
        crate::store::totals::assert_in_step(store.conn());

        store.write(now, |tx| tx.undo_last().map(drop)).unwrap();
        let back = detail(store.conn(), &away.id).unwrap();
        assert_eq!(back.employer.data, before.employer.data);
        assert_eq!((back.contacts.len(), back.visits.len(), back.job_postings.len(), back.tasks.len()), (1, 1, 1, 1));
        assert_eq!(detail(store.conn(), &keep.id).unwrap().employer.data, keep.data);
        assert_eq!(records::get::<RecruitmentEvent>(store.conn(), &fair.id).unwrap().data, fair.data);
        assert_eq!(employers_visited(&store), 2);
        crate::store::totals::assert_in_step(store.conn());

        let err = store.write(now, |tx| merge(tx, &keep.id, &keep.id, keep.data.clone())).unwrap_err();
        assert_eq!(err.code(), "validation.invalid_state");
        assert_eq!(
            store
                .conn()
                .query_row("SELECT count(*) FROM employers WHERE deleted_at IS NULL", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            2
        );
    }

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
