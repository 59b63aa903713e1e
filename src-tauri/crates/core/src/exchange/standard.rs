//! The data standard's 访企拓岗数据 table: the visits of a period in the column order, date
//! form and codes that a school uploads upward (the vocational-college data standard, and the
//! province's 走访形式). One sheet, its header on the first row; XLSX or CSV through the same
//! writers as the ledger workbook (`ledger_book`, [`Book::Standard`]).
//!
//! What the store does not hold is left empty rather than guessed: 需求专业代码 (majors are kept
//! by name) and the employer's 接待人. 平均薪酬 is the mean monthly pay of the visit's postings
//! that state one (the middle of each range), weighted by their headcount.
//!
//! [`Book::Standard`]: super::ledger_book::Book::Standard
use super::labels::ROLE;
use super::ledger_book::{LedgerOptions, Piece, Row, Sheet, Value, emit_rows, local_date, people};
use crate::error::Result;
use crate::ids::Id;
use crate::ledger::{self, Period};
use crate::model::{DemandSurvey, Employer, InternshipBase, JobPosting, Visit, VisitMode, VisitStatus};
use crate::settings;
use crate::store::records;
use rusqlite::Connection;
use std::collections::HashMap;

/// The standard's columns, in its order.
const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("学校标识码", 12.0),
    ("走访企业名称", 28.0),
    ("走访企业统一社会信用代码", 21.0),
    ("需求专业代码", 12.0),
    ("需求专业名称", 24.0),
    ("可提供岗位数", 8.0),
    ("平均薪酬（元）", 10.0),
    ("牵头拜访人", 10.0),
    ("职务", 10.0),
    ("拜访时间", 10.0),
    ("企业接待人姓名", 10.0),
    ("接待人职务", 10.0),
    ("访谈成果主要形式", 30.0),
    ("接受实习生人数", 8.0),
    ("其他达成意向的合作", 40.0),
    ("走访形式", 12.0),
];

/// The province's 走访形式.
fn mode(m: VisitMode) -> &'static str {
    match m {
        VisitMode::OnSite => "实地走访",
        VisitMode::Online => "线上视频会议",
        VisitMode::Hosted => "企业进校园",
    }
}

/// Builds the table: the completed visits of the period, in time order.
pub(super) fn build(
    conn: &Connection,
    options: &LedgerOptions,
    mut emit: impl FnMut(Piece) -> Result<()>,
) -> Result<()> {
    let campaign = match &options.campaign {
        Some(id) => records::get(conn, id)?,
        None => ledger::current_campaign(conn, options.today)?,
    };
    let tz = ledger::zone_of(&campaign.data);
    let period = options.period.unwrap_or(Period::new(campaign.data.starts_on, campaign.data.ends_on)?);
    let (from, to) = period.instants(tz);
    let school_code = settings::school_code(conn)?;
    let people = people(conn)?;
    emit(Piece::Sheet(Sheet { name: "访企拓岗数据", title: None, columns: COLUMNS }))?;

    let visits = records::list::<Visit>(
        conn,
        "status = ?1 AND starts_at >= ?2 AND starts_at < ?3",
        "starts_at, id",
        rusqlite::params![VisitStatus::Completed.as_str(), from, to],
    )?;
    // What the visits obtained: the records that name one of them.
    const OF_THE_VISITS: &str = "visit_id IN (SELECT value FROM json_each(?1))";
    let ids = serde_json::to_string(&visits.iter().map(|v| &v.id).collect::<Vec<_>>())?;
    let mut majors: HashMap<Id, Vec<String>> = HashMap::new();
    for s in records::list::<DemandSurvey>(conn, OF_THE_VISITS, "id", [&ids])? {
        majors.entry(s.data.visit_id).or_default().extend(s.data.majors_wanted);
    }
    let mut headcount: HashMap<Id, (i64, Vec<String>)> = HashMap::new();
    // Per visit: the sum of pay × headcount and the headcount of the postings that state pay.
    let mut pay: HashMap<Id, (f64, f64)> = HashMap::new();
    for p in records::list::<JobPosting>(conn, OF_THE_VISITS, "id", [&ids])? {
        let Some(visit) = p.data.visit_id else { continue };
        let stated = match (p.data.pay_min, p.data.pay_max) {
            (Some(a), Some(b)) => Some((f64::from(a) + f64::from(b)) / 2.0),
            (one, other) => one.or(other).map(f64::from),
        };
        if let Some(monthly) = stated {
            let entry = pay.entry(visit.clone()).or_default();
            entry.0 += monthly * f64::from(p.data.headcount);
            entry.1 += f64::from(p.data.headcount);
        }
        let entry = headcount.entry(visit).or_default();
        entry.0 += i64::from(p.data.headcount);
        entry.1.extend(p.data.majors);
    }
    let mut interns: HashMap<Id, (i64, bool)> = HashMap::new();
    for b in records::list::<InternshipBase>(conn, OF_THE_VISITS, "id", [&ids])? {
        let Some(visit) = b.data.visit_id else { continue };
        let entry = interns.entry(visit).or_default();
        entry.0 += i64::from(b.data.capacity.unwrap_or(0));
        entry.1 = true;
    }
    let employers: HashMap<Id, Employer> =
        records::list::<Employer>(conn, "1", "id", [])?.into_iter().map(|e| (e.id, e.data)).collect();

    let rows = visits.iter().filter_map(|v| Some((v, employers.get(&v.data.employer_id)?))).enumerate().map(
        |(i, (visit, employer))| {
            let v = &visit.data;
            let lead = people.get(&v.lead_id);
            let (jobs, posting_majors) = headcount.get(&visit.id).cloned().unwrap_or_default();
            let (placed, base) = interns.get(&visit.id).copied().unwrap_or_default();
            // The majors the employer asked for in the demand survey, else those its postings name.
            let mut wanted = majors.get(&visit.id).cloned().filter(|m| !m.is_empty()).unwrap_or(posting_majors);
            wanted.dedup();
            let mut forms = Vec::new();
            for (yes, form) in [
                (v.outcome.channel_established, "建立就业合作渠道"),
                (v.outcome.recruitment_agreed, "进校招聘"),
                (jobs > 0, "提供就业岗位"),
                (base, "共建实习实践基地"),
            ] {
                if yes {
                    forms.push(form);
                }
            }
            Row::plain(vec![
                Value::count(i as i64 + 1),
                Value::text(&school_code),
                Value::text(&employer.name),
                Value::text(employer.credit_code.clone().unwrap_or_default()),
                Value::Empty,
                Value::text(wanted.join("、")),
                Value::count(jobs),
                pay.get(&visit.id).map_or(Value::Empty, |(sum, heads)| Value::count((sum / heads).round() as i64)),
                Value::text(lead.map(|l| l.0.clone()).unwrap_or_default()),
                Value::text(lead.and_then(|l| l.1).map(|r| ROLE.label(r)).unwrap_or_default()),
                Value::text(local_date(v.start(), tz).format("%Y%m%d").to_string()),
                Value::Empty,
                Value::Empty,
                Value::text(forms.join("、")),
                Value::count(placed),
                Value::text(&v.summary),
                Value::text(mode(v.mode)),
            ])
        },
    );
    emit_rows(&mut emit, rows)
}
