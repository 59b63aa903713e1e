//! The ledger workbook (台账): the tables the school reports and keeps, as an .xlsx workbook
//! (rust_xlsxwriter) or as CSV files, UTF-8 with a byte-order mark so Excel opens them right.
//!
//! Sheets: 走访台账 (the visits of the period), 用人单位 (every employer, key employers
//! marked), 需求台账 (the demand surveys of the period's visits), 岗位信息 and 实习实践基地
//! (every posting and base on record), and 汇总, whose figures all come from [`ledger::figures`],
//! the same as the dashboard and the reports. Dates are local to the campaign's zone.
use super::ExchangeError;
use super::labels::{
    BASE_STATUS, EDUCATION, OWNERSHIP, POSTING_STAGE, RECRUITMENT, ROLE, SIZE, VISIT_MODE, VISIT_STATUS, yes_no,
};
use crate::error::Result;
use crate::ids::Id;
use crate::ledger::{self, Figures, Pace, Period};
use crate::model::{
    Attachment, Contact, DemandSurvey, Employer, FollowupSurvey, InternshipBase, JobPosting, RecruitmentEvent, Role,
    Visit, VisitStatus,
};
use crate::settings;
use crate::store::records::{self, Stored};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which ledger: a campaign (the current one if `None`) over a period (its whole window if
/// `None`), as of `today`, in which shape.
#[derive(Debug, Clone)]
pub struct LedgerOptions {
    pub campaign: Option<Id>,
    pub period: Option<Period>,
    pub today: NaiveDate,
    pub book: Book,
}

/// The shape of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Book {
    /// The school's own ledger workbook (台账): its sheets, each under a title row.
    Ledger,
    /// The data standard's 访企拓岗数据 table, the one a school uploads upward
    /// (`exchange::standard`): one sheet, its header on the first row.
    Standard,
}

/// A cell of a ledger table.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Empty,
    Text(String),
    Int(i64),
    /// Printed with two decimals.
    Num(f64),
    /// A share, printed as a percentage.
    Percent(f64),
    Date(NaiveDate),
}

impl Value {
    pub(super) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    fn opt_date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Empty, Value::Date)
    }

    pub(super) fn count(n: impl Into<i64>) -> Value {
        Value::Int(n.into())
    }
}

/// A sheet of the ledger: its name (the CSV file's too), title row, headers and column widths
/// (in characters).
#[derive(Debug)]
pub(super) struct Sheet {
    pub(super) name: &'static str,
    /// The title row (school, table and period), if the sheet has one above its header.
    pub(super) title: Option<String>,
    pub(super) columns: &'static [(&'static str, f64)],
}

/// A data row of a ledger table; marked rows are highlighted (key employers).
#[derive(Debug)]
pub(super) struct Row {
    cells: Vec<Value>,
    marked: bool,
}

impl Row {
    pub(super) fn plain(cells: Vec<Value>) -> Row {
        Row { cells, marked: false }
    }
}

/// The ledger as it is built, sheet by sheet: a sheet's head, then its rows in batches, so the
/// workbook can be written while the rest is still being read.
#[derive(Debug)]
pub(super) enum Piece {
    Sheet(Sheet),
    Rows(Vec<Row>),
}

/// A piece of rows with no sheet before it: a fault in [`build`], which begins every table with
/// its sheet.
fn headless() -> ExchangeError {
    ExchangeError::Write("rows came before their sheet".into())
}

/// Rows per [`Piece::Rows`].
const BATCH: usize = 2048;

/// The status of a completed visit that waits for its leader's confirmation.
const AWAITING: &str = "已完成（待确认）";

const VISIT_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("走访日期", 11.0),
    ("时间", 7.0),
    ("带队校领导", 10.0),
    ("职务", 10.0),
    ("参与人员", 18.0),
    ("用人单位", 28.0),
    ("统一社会信用代码", 21.0),
    ("所在地区", 16.0),
    ("走访方式", 14.0),
    ("状态", 14.0),
    ("建立合作渠道", 8.0),
    ("进校招聘", 10.0),
    ("岗位数", 7.0),
    ("招聘人数", 8.0),
    ("实习实践基地", 8.0),
    ("需求调查", 8.0),
    ("跟踪调查", 8.0),
    ("走访成效", 40.0),
];

const EMPLOYER_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("单位名称", 30.0),
    ("统一社会信用代码", 21.0),
    ("所属行业", 14.0),
    ("单位性质", 10.0),
    ("企业规模", 8.0),
    ("所在地区", 18.0),
    ("单位地址", 28.0),
    ("所在园区", 16.0),
    ("重点单位", 8.0),
    ("新开拓", 8.0),
    ("开拓日期", 11.0),
    ("联系人", 10.0),
    ("职务", 12.0),
    ("手机", 13.0),
    ("联系电话", 15.0),
    ("电子邮箱", 24.0),
    ("完成走访次数", 8.0),
    ("备注", 30.0),
];

const DEMAND_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("用人单位", 28.0),
    ("走访日期", 11.0),
    ("带队校领导", 10.0),
    ("需求专业", 24.0),
    ("需求能力", 24.0),
    ("计划招聘人数", 8.0),
    ("知识要求", 30.0),
    ("能力要求", 30.0),
    ("素质要求", 30.0),
    ("行业发展趋势", 30.0),
    ("存在不足", 30.0),
    ("意见建议", 30.0),
];

const POSTING_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("用人单位", 28.0),
    ("岗位名称", 20.0),
    ("招聘人数", 8.0),
    ("专业要求", 24.0),
    ("学历要求", 8.0),
    ("工作地点", 14.0),
    ("月薪（元）", 12.0),
    ("状态", 8.0),
    ("录用人数", 8.0),
    ("获取日期", 11.0),
];

const BASE_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("基地名称", 28.0),
    ("用人单位", 28.0),
    ("状态", 8.0),
    ("签约日期", 11.0),
    ("挂牌日期", 11.0),
    ("协议到期", 11.0),
    ("可接收人数", 8.0),
    ("各年接收学生", 20.0),
    ("来源走访日期", 11.0),
];

const KEY_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("单位名称", 30.0),
    ("统一社会信用代码", 21.0),
    ("所属行业", 14.0),
    ("所在地区", 18.0),
    ("完成走访次数", 8.0),
    ("最近走访日期", 11.0),
    ("岗位数", 7.0),
    ("招聘人数", 8.0),
    ("实习实践基地", 8.0),
];

const NEW_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("单位名称", 30.0),
    ("统一社会信用代码", 21.0),
    ("所属行业", 14.0),
    ("所在地区", 18.0),
    ("开拓日期", 11.0),
    ("完成走访次数", 8.0),
];

const FOLLOWUP_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("用人单位", 28.0),
    ("走访日期", 11.0),
    ("带队校领导", 10.0),
    ("在岗毕业生人数", 8.0),
    ("跟踪毕业生", 30.0),
    ("工作生活情况", 30.0),
    ("毕业生意见建议", 30.0),
    ("思想道德满意度", 8.0),
    ("专业素养满意度", 8.0),
    ("工作能力满意度", 8.0),
    ("单位意见建议", 30.0),
];

const EVENT_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("活动类型", 10.0),
    ("举办日期", 11.0),
    ("用人单位", 28.0),
    ("地点或链接", 24.0),
    ("邀请专业", 24.0),
    ("参加学生", 8.0),
    ("录用意向", 8.0),
    ("来源走访日期", 11.0),
    ("备注", 30.0),
];

const ATTACHMENT_COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("走访日期", 11.0),
    ("用人单位", 28.0),
    ("附件名称", 30.0),
    ("类型", 10.0),
    ("大小（KB）", 10.0),
    ("说明", 24.0),
    ("添加时间", 18.0),
];

const SUMMARY_COLUMNS: &[(&str, f64)] =
    &[("类别", 10.0), ("项目", 26.0), ("完成数", 10.0), ("目标", 8.0), ("完成率", 9.0), ("说明", 36.0)];

/// The local date of an instant in the campaign's zone.
pub(super) fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The date part of a stored timestamp (`2022-03-15T01:00:00Z`), in the zone.
fn stored_date(at: &str, tz: Tz) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(at).ok().map(|t| local_date(t.with_timezone(&Utc), tz))
}

/// Everyone's name and role, those in the trash included (a visit keeps who led it).
pub(super) fn people(conn: &Connection) -> Result<HashMap<Id, (String, Option<Role>)>> {
    let mut stmt = conn.prepare("SELECT id, data ->> 'name', data ->> 'role' FROM people")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, name, role) = row?;
        out.insert(id, (name, role.as_deref().and_then(Role::parse)));
    }
    Ok(out)
}

/// `SELECT key, count(*), …` grouped into a map.
fn counts_by(conn: &Connection, sql: &str) -> Result<HashMap<Id, (i64, i64)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, n, sum) = row?;
        out.insert(id, (n, sum.unwrap_or(0)));
    }
    Ok(out)
}

/// A visit of the period with its (live) employer.
struct VisitRow<'a> {
    visit: &'a Stored<Visit>,
    employer: &'a Employer,
}

fn rate(pace: &Pace) -> Value {
    if pace.target == 0 { Value::Empty } else { Value::Percent(f64::from(pace.actual) / f64::from(pace.target)) }
}

fn summary_rows(f: &Figures) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    for l in &f.leaders {
        let role = ROLE.label(l.role);
        rows.push(vec![
            Value::text("校领导"),
            Value::text(format!("{}（{role}）走访用人单位", l.name)),
            Value::count(l.employers_visited),
            l.pace.as_ref().map_or(Value::Empty, |p| Value::count(p.target)),
            l.pace.as_ref().map_or(Value::Empty, rate),
            Value::text(format!("完成走访 {} 次，计划中 {} 次", l.visits_completed, l.visits_planned)),
        ]);
    }
    let team = |item: &str, n: u32, note: &str| {
        vec![Value::text("全校"), Value::text(item), Value::count(n), Value::Empty, Value::Empty, Value::text(note)]
    };
    let n = &f.newly_developed;
    rows.push(vec![
        Value::text("全校"),
        Value::text("新开拓用人单位"),
        Value::count(n.actual),
        Value::count(n.target),
        rate(n),
        Value::text("领导班子共同目标"),
    ]);
    rows.push(team("已完成走访（次）", f.visits_completed, ""));
    rows.push(team("其中待确认（次）", f.visits_awaiting, "他人代为记录、待带队校领导确认"));
    rows.push(team("计划中走访（次）", f.visits_planned, ""));
    rows.push(team("已取消走访（次）", f.visits_cancelled, ""));
    rows.push(team("走访用人单位（家）", f.employers_visited, "不重复计"));
    rows.push(team("建立就业合作渠道", f.channels, ""));
    rows.push(team("邀请进校招聘（场）", f.recruitment_sessions, ""));
    rows.push(team("拓展岗位（个）", f.job_postings, &f.posting_stages.zh()));
    rows.push(team("岗位招聘人数", f.job_headcount, ""));
    rows.push(team("岗位录用人数", f.posting_stages.hired, "已知录用人数之和"));
    rows.push(team("实习实践基地（个）", f.internship_bases, &f.base_stages.zh()));
    let e = &f.events;
    rows.push(team("招聘活动（场）", e.total(), &e.zh()));
    rows.push(team("招聘活动参加学生（人次）", e.attended, ""));
    rows.push(team("招聘活动录用意向（人）", e.offers, ""));
    rows.push(team("社会需求调查（份）", f.demand_surveys, ""));
    rows.push(team("毕业生跟踪调查（份）", f.satisfaction.surveys, ""));
    let s = &f.satisfaction;
    for (item, mean) in
        [("满意度：思想道德品质", s.moral), ("满意度：职业素养", s.literacy), ("满意度：专业能力", s.ability)]
    {
        let value = mean.map_or(Value::Empty, Value::Num);
        rows.push(vec![
            Value::text("全校"),
            Value::text(item),
            value,
            Value::Empty,
            Value::Empty,
            Value::text("5 分制平均"),
        ]);
    }
    rows.push(team("逾期跟进事项", f.overdue_tasks, ""));
    rows.push(team("与对口高校共享岗位（人）", f.jobs_shared_with_pair, "一帮一：共享岗位的招聘人数"));
    rows.push(team("对口高校反馈就业（人）", f.pair_placements, "对口高校报告的毕业生就业人数"));
    rows
}

/// Hands `rows` to `emit` in batches of [`BATCH`].
pub(super) fn emit_rows(emit: &mut impl FnMut(Piece) -> Result<()>, rows: impl Iterator<Item = Row>) -> Result<()> {
    let mut batch = Vec::with_capacity(BATCH);
    for row in rows {
        batch.push(row);
        if batch.len() == BATCH {
            emit(Piece::Rows(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))?;
        }
    }
    if !batch.is_empty() {
        emit(Piece::Rows(batch))?;
    }
    Ok(())
}

/// Builds the ledger's tables in sheet order, handing each piece to `emit` as soon as it is made.
/// `emit` is dropped after the last piece, before the memory the tables were built from is
/// freed: a writer waiting for the end need not wait for that.
fn build(conn: &Connection, options: &LedgerOptions, mut emit: impl FnMut(Piece) -> Result<()>) -> Result<()> {
    if options.book == Book::Standard {
        return super::standard::build(conn, options, emit);
    }
    let figures = ledger::figures(conn, options.campaign.as_ref(), options.period, options.today)?;
    let tz = ledger::zone_of(&figures.campaign);
    let period = figures.period;
    let (from, to) = period.instants(tz);
    let school = settings::printed_school(conn)?;
    let span = format!("{} 至 {}", period.from, period.to);
    let title = |name: &str, scope: &str| format!("{school} {name}（{scope}）");
    let as_of = format!("截至 {}", options.today);
    let people = people(conn)?;
    let name_of = |id: &Id| people.get(id).map(|p| p.0.clone()).unwrap_or_default();
    let head = |name: &'static str, title: String, columns| Piece::Sheet(Sheet { name, title: Some(title), columns });
    emit(head("走访台账", title("走访台账", &span), VISIT_COLUMNS))?;

    // Each table is read once, in the file's order, and sorted here: walking an index in
    // order reads the rows at random across the file (on the large demo store, 1.8 s instead
    // of 0.5 s for the visits). Employers and visits are joined here too, not in SQL.
    let mut employers = records::list::<Employer>(conn, "1", "rowid", [])?;
    employers.sort_by(|a, b| (&a.data.name, &a.id).cmp(&(&b.data.name, &b.id)));
    let employer_of: HashMap<&Id, &Employer> = employers.iter().map(|e| (&e.id, &e.data)).collect();
    let mut all_visits = records::list::<Visit>(conn, "1", "rowid", [])?;
    all_visits.sort_by(|a, b| (a.data.start(), &a.id).cmp(&(b.data.start(), &b.id)));
    let visit_dates: HashMap<&Id, NaiveDate> =
        all_visits.iter().map(|v| (&v.id, local_date(v.data.start(), tz))).collect();

    // 走访台账: the period's visits of live employers, as the ledger counts them.
    let visits: Vec<VisitRow> = all_visits
        .iter()
        .filter(|v| (from.as_str()..to.as_str()).contains(&records::timestamp(v.data.start()).as_str()))
        .filter_map(|v| Some(VisitRow { visit: v, employer: employer_of.get(&v.data.employer_id)? }))
        .collect();
    // What each visit obtained, as the ledger counts it (store::facts).
    let mut facts: HashMap<Id, [i64; 5]> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT visit_id, postings, headcount, bases, demand_surveys, followups FROM visit_facts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        facts.insert(r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?]);
    }
    let visit_rows = visits.iter().enumerate().map(|(i, r)| {
        let v = &r.visit.data;
        let start = v.start().with_timezone(&tz);
        let lead = people.get(&v.lead_id);
        let participants: Vec<String> = v.participant_ids.iter().map(&name_of).collect();
        let done = v.status == VisitStatus::Completed;
        let [postings, headcount, bases, demand, followups] = facts.get(&r.visit.id).copied().unwrap_or_default();
        let recruitment = match (v.outcome.recruitment_agreed, v.outcome.recruitment_mode) {
            (true, Some(mode)) => RECRUITMENT.label(mode),
            (true, None) => "是",
            (false, _) => "否",
        };
        vec![
            Value::count(i as i64 + 1),
            Value::Date(start.date_naive()),
            Value::text(start.format("%H:%M").to_string()),
            Value::text(lead.map(|l| l.0.clone()).unwrap_or_default()),
            Value::text(lead.and_then(|l| l.1).map(|r| ROLE.label(r)).unwrap_or_default()),
            Value::text(participants.join("、")),
            Value::text(&r.employer.name),
            Value::text(r.employer.credit_code.clone().unwrap_or_default()),
            Value::text(&r.employer.region),
            Value::text(VISIT_MODE.label(v.mode)),
            // A completion someone else recorded for the leader is marked until confirmed.
            Value::text(if v.awaiting_confirmation() { AWAITING } else { VISIT_STATUS.label(v.status) }),
            Value::text(if done { yes_no(v.outcome.channel_established) } else { "" }),
            Value::text(if done { recruitment } else { "" }),
            Value::count(postings),
            Value::count(headcount),
            Value::count(bases),
            Value::text(yes_no(demand > 0)),
            Value::text(yes_no(followups > 0)),
            Value::text(if v.status == VisitStatus::Cancelled { &v.cancel_reason } else { &v.summary }),
        ]
    });
    emit_rows(&mut emit, visit_rows.map(Row::plain))?;

    // 用人单位
    emit(head("用人单位", title("用人单位", &format!("重点单位已标出；{as_of}")), EMPLOYER_COLUMNS))?;
    let mut first_contact: HashMap<Id, Contact> = HashMap::new();
    let mut contacts = records::list::<Contact>(conn, "1", "rowid", [])?;
    contacts.sort_by(|a, b| (&a.audit.created_at, &a.id).cmp(&(&b.audit.created_at, &b.id)));
    for c in contacts {
        first_contact.entry(c.data.employer_id.clone()).or_insert(c.data);
    }
    let completed_per_employer = counts_by(
        conn,
        "SELECT employer_id, count(*), 0 FROM visit_facts WHERE status = 'completed' GROUP BY employer_id",
    )?;
    let employer_rows = employers.iter().enumerate().map(|(i, e)| {
        let d = &e.data;
        let c = first_contact.get(&e.id);
        let contact = |f: fn(&Contact) -> Option<&str>| Value::text(c.and_then(f).unwrap_or_default());
        let cells = vec![
            Value::count(i as i64 + 1),
            Value::text(&d.name),
            Value::text(d.credit_code.clone().unwrap_or_default()),
            Value::text(&d.industry),
            Value::text(OWNERSHIP.label(d.ownership)),
            Value::text(SIZE.label(d.size)),
            Value::text(&d.region),
            Value::text(&d.address),
            Value::text(&d.park),
            Value::text(yes_no(d.is_key)),
            Value::text(yes_no(d.developed_on.is_some())),
            Value::opt_date(d.developed_on),
            contact(|c| Some(&c.name)),
            contact(|c| Some(&c.title)),
            contact(|c| c.mobile.as_deref()),
            contact(|c| c.phone.as_deref()),
            contact(|c| c.email.as_deref()),
            Value::count(completed_per_employer.get(&e.id).map_or(0, |n| n.0)),
            Value::text(&d.notes),
        ];
        Row { cells, marked: d.is_key }
    });
    emit_rows(&mut emit, employer_rows)?;
    let employer_name = |id: &Id| Value::text(employer_of.get(id).map(|e| e.name.as_str()).unwrap_or_default());

    // 需求台账: the surveys of the period's visits.
    emit(head("需求台账", title("用人单位需求台账", &span), DEMAND_COLUMNS))?;
    let visit_index: HashMap<&Id, &VisitRow> = visits.iter().map(|r| (&r.visit.id, r)).collect();
    let demand: Vec<Stored<DemandSurvey>> = records::list(conn, "1", "id", [])?;
    let mut demand: Vec<(&VisitRow, DemandSurvey)> =
        demand.into_iter().filter_map(|s| Some((*visit_index.get(&s.data.visit_id)?, s.data))).collect();
    demand.sort_by(|a, b| (a.0.visit.data.start(), &a.0.visit.id).cmp(&(b.0.visit.data.start(), &b.0.visit.id)));
    let demand_rows = demand.iter().enumerate().map(|(i, (r, s))| {
        vec![
            Value::count(i as i64 + 1),
            Value::text(&r.employer.name),
            Value::Date(local_date(r.visit.data.start(), tz)),
            Value::text(name_of(&r.visit.data.lead_id)),
            Value::text(s.majors_wanted.join("、")),
            Value::text(s.abilities_wanted.join("、")),
            s.planned_hires.map_or(Value::Empty, Value::count),
            Value::text(&s.knowledge),
            Value::text(&s.ability),
            Value::text(&s.qualities),
            Value::text(&s.industry_trend),
            Value::text(&s.shortcomings),
            Value::text(&s.suggestions),
        ]
    });
    emit_rows(&mut emit, demand_rows.map(Row::plain))?;

    // 岗位信息 and 实习实践基地: everything on record, dated by the visit that obtained it.
    let visit_date = |v: &Option<Id>| v.as_ref().and_then(|v| visit_dates.get(v).copied());
    let live = "employer_id IN (SELECT id FROM employers WHERE deleted_at IS NULL)";
    emit(head("岗位信息", title("岗位信息", &as_of), POSTING_COLUMNS))?;
    let mut postings = records::list::<JobPosting>(conn, live, "rowid", [])?;
    postings.sort_by(|a, b| (&a.audit.created_at, &a.id).cmp(&(&b.audit.created_at, &b.id)));
    let posting_rows = postings.iter().enumerate().map(|(i, p)| {
        let d = &p.data;
        vec![
            Value::count(i as i64 + 1),
            employer_name(&d.employer_id),
            Value::text(&d.title),
            Value::count(d.headcount),
            Value::text(d.majors.join("、")),
            Value::text(EDUCATION.label(d.education)),
            Value::text(&d.location),
            Value::text(match (d.pay_min, d.pay_max) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}-{b}"),
                (Some(a), None) => format!("{a}起"),
                (None, Some(b)) => format!("至{b}"),
                (None, None) => String::new(),
            }),
            Value::text(POSTING_STAGE.label(d.stage)),
            d.hired.map_or(Value::Empty, Value::count),
            Value::opt_date(visit_date(&d.visit_id).or_else(|| stored_date(&p.audit.created_at, tz))),
        ]
    });
    emit_rows(&mut emit, posting_rows.map(Row::plain))?;
    emit(head("实习实践基地", title("实习实践基地", &as_of), BASE_COLUMNS))?;
    let bases = records::list::<InternshipBase>(conn, live, "created_at, id", [])?;
    let base_rows = bases.iter().enumerate().map(|(i, b)| {
        let d = &b.data;
        vec![
            Value::count(i as i64 + 1),
            Value::text(&d.name),
            employer_name(&d.employer_id),
            Value::text(BASE_STATUS.label(d.status)),
            Value::opt_date(d.signed_on),
            Value::opt_date(d.established_on),
            Value::opt_date(d.term_ends_on),
            d.capacity.map_or(Value::Empty, Value::count),
            Value::text(
                d.placements.iter().map(|p| format!("{}年{}人", p.year, p.students)).collect::<Vec<_>>().join("、"),
            ),
            Value::opt_date(visit_date(&d.visit_id)),
        ]
    });
    emit_rows(&mut emit, base_rows.map(Row::plain))?;

    // 重点单位 and 新开拓单位: what the period's completed visits did with each.
    let mut per_employer: HashMap<&Id, (i64, Option<NaiveDate>, i64, i64, i64)> = HashMap::new();
    for r in visits.iter().filter(|r| r.visit.data.status == VisitStatus::Completed) {
        let [postings, headcount, bases, _, _] = facts.get(&r.visit.id).copied().unwrap_or_default();
        let e = per_employer.entry(&r.visit.data.employer_id).or_default();
        e.0 += 1;
        e.1 = e.1.max(Some(local_date(r.visit.data.start(), tz)));
        (e.2, e.3, e.4) = (e.2 + postings, e.3 + headcount, e.4 + bases);
    }
    emit(head("重点单位", title("重点单位", &span), KEY_COLUMNS))?;
    let key_rows = employers.iter().filter(|e| e.data.is_key).enumerate().map(|(i, e)| {
        let (done, last, postings, headcount, bases) = per_employer.get(&e.id).copied().unwrap_or_default();
        vec![
            Value::count(i as i64 + 1),
            Value::text(&e.data.name),
            Value::text(e.data.credit_code.clone().unwrap_or_default()),
            Value::text(&e.data.industry),
            Value::text(&e.data.region),
            Value::count(done),
            Value::opt_date(last),
            Value::count(postings),
            Value::count(headcount),
            Value::count(bases),
        ]
    });
    emit_rows(&mut emit, key_rows.map(Row::plain))?;
    emit(head("新开拓单位", title("新开拓单位", &span), NEW_COLUMNS))?;
    let mut developed: Vec<&Stored<Employer>> =
        employers.iter().filter(|e| e.data.developed_on.is_some_and(|d| period.from <= d && d <= period.to)).collect();
    developed.sort_by_key(|e| (e.data.developed_on, &e.data.name));
    let new_rows = developed.iter().enumerate().map(|(i, e)| {
        vec![
            Value::count(i as i64 + 1),
            Value::text(&e.data.name),
            Value::text(e.data.credit_code.clone().unwrap_or_default()),
            Value::text(&e.data.industry),
            Value::text(&e.data.region),
            Value::opt_date(e.data.developed_on),
            Value::count(per_employer.get(&e.id).map_or(0, |n| n.0)),
        ]
    });
    emit_rows(&mut emit, new_rows.map(Row::plain))?;

    // 毕业生跟踪: the follow-up surveys of the period's visits, with the employer's satisfaction.
    emit(head("毕业生跟踪", title("毕业生跟踪调查", &span), FOLLOWUP_COLUMNS))?;
    let followups: Vec<Stored<FollowupSurvey>> = records::list(conn, "1", "id", [])?;
    let mut followups: Vec<(&VisitRow, FollowupSurvey)> =
        followups.into_iter().filter_map(|s| Some((*visit_index.get(&s.data.visit_id)?, s.data))).collect();
    followups.sort_by(|a, b| (a.0.visit.data.start(), &a.0.visit.id).cmp(&(b.0.visit.data.start(), &b.0.visit.id)));
    let followup_rows = followups.iter().enumerate().map(|(i, (r, s))| {
        let graduates: Vec<String> = s
            .graduates
            .iter()
            .map(|g| {
                let year = g.grad_year.map(|y| format!("{y}届")).unwrap_or_default();
                [g.name.as_str(), &year, &g.major, &g.position]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        vec![
            Value::count(i as i64 + 1),
            Value::text(&r.employer.name),
            Value::Date(local_date(r.visit.data.start(), tz)),
            Value::text(name_of(&r.visit.data.lead_id)),
            Value::count(s.graduates_employed),
            Value::text(graduates.join("；")),
            Value::text(&s.work_and_life),
            Value::text(&s.graduate_suggestions),
            Value::count(s.satisfaction_moral),
            Value::count(s.satisfaction_literacy),
            Value::count(s.satisfaction_ability),
            Value::text(&s.employer_feedback),
        ]
    });
    emit_rows(&mut emit, followup_rows.map(Row::plain))?;

    // 招聘活动: the events held in the period.
    emit(head("招聘活动", title("招聘活动", &span), EVENT_COLUMNS))?;
    let events = records::list::<RecruitmentEvent>(
        conn,
        "held_on >= ?1 AND held_on <= ?2",
        "held_on, id",
        [period.from.to_string(), period.to.to_string()],
    )?;
    let event_rows = events.iter().enumerate().map(|(i, e)| {
        let d = &e.data;
        let names: Vec<&str> = std::iter::once(&d.employer_id)
            .chain(&d.co_employer_ids)
            .filter_map(|id| employer_of.get(id).map(|e| e.name.as_str()))
            .collect();
        let place = [d.venue.as_str(), d.link.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
        vec![
            Value::count(i as i64 + 1),
            Value::text(d.kind.zh()),
            Value::Date(d.held_on),
            Value::text(names.join("、")),
            Value::text(place.join(" ")),
            Value::text(d.majors.join("、")),
            d.attended.map_or(Value::Empty, Value::count),
            d.offers.map_or(Value::Empty, Value::count),
            Value::opt_date(visit_date(&d.visit_id)),
            Value::text(&d.notes),
        ]
    });
    emit_rows(&mut emit, event_rows.map(Row::plain))?;

    // 附件清单: the attachments of the period's visits, by name and type (never their content).
    emit(head("附件清单", title("走访附件清单", &span), ATTACHMENT_COLUMNS))?;
    let mut attached: Vec<(&VisitRow, Stored<Attachment>)> = Vec::new();
    let of_visit: HashMap<&Id, &VisitRow> = visits.iter().map(|r| (&r.visit.id, r)).collect();
    for a in records::list::<Attachment>(conn, "visit_id IS NOT NULL", "created_at, id", [])? {
        if let Some(row) = a.data.visit_id.as_ref().and_then(|v| of_visit.get(v)) {
            attached.push((row, a));
        }
    }
    attached.sort_by(|(a, x), (b, y)| {
        (a.visit.data.start(), &x.audit.created_at).cmp(&(b.visit.data.start(), &y.audit.created_at))
    });
    let attachment_rows = attached.iter().enumerate().map(|(i, (row, a))| {
        vec![
            Value::count(i as i64 + 1),
            Value::Date(local_date(row.visit.data.start(), tz)),
            Value::text(&row.employer.name),
            Value::text(&a.data.name),
            Value::text(a.data.file_type.zh()),
            Value::count(a.data.size.div_ceil(1024) as i64),
            Value::text(&a.data.caption),
            Value::text(match DateTime::parse_from_rfc3339(&a.audit.created_at) {
                Ok(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                Err(_) => a.audit.created_at.clone(),
            }),
        ]
    });
    emit_rows(&mut emit, attachment_rows.map(Row::plain))?;

    emit(head("汇总", title(&format!("{} 进展汇总", figures.campaign.name), &span), SUMMARY_COLUMNS))?;
    emit(Piece::Rows(summary_rows(&figures).into_iter().map(Row::plain).collect()))?;
    drop(emit);
    Ok(())
}

fn write_error(e: XlsxError) -> ExchangeError {
    ExchangeError::Write(e.to_string())
}

/// The ledger as an .xlsx workbook, written as its pieces arrive: a title row over each sheet,
/// the header frozen with a filter, dates as real dates, key employers highlighted.
///
/// Cells in the default style are written without a format: rust_xlsxwriter hashes the format of
/// every formatted cell, which took a third of the time on the large demo store. The zip level is
/// 3, not 6: on that store it saves in a third of the time, for a file 15% larger.
///
/// Written rows are handed to `spent`, to be freed by the thread that made them.
fn workbook(
    pieces: impl IntoIterator<Item = Piece>,
    mut spent: impl FnMut(Vec<Row>),
) -> Result<Vec<u8>, ExchangeError> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(3);
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2));
    let fill = Format::new().set_background_color(Color::RGB(0xFFF2CC));
    let date = [Format::new(), fill.clone()].map(|f| f.set_num_format("yyyy-mm-dd"));
    let num = [Format::new(), fill.clone()].map(|f| f.set_num_format("0.00"));
    let percent = [Format::new(), fill.clone()].map(|f| f.set_num_format("0.0%"));
    // The sheet being written: its index, next row, last column and header row.
    let mut current: Option<(usize, u32, u16, u32)> = None;
    let finish = |book: &mut Workbook, (index, next, last_col, header_row): (usize, u32, u16, u32)| {
        let sheet = book.worksheet_from_index(index)?;
        sheet.set_freeze_panes(header_row + 1, 0)?;
        sheet.autofilter(header_row, 0, (next - 1).max(header_row + 1), last_col)?;
        Ok::<_, XlsxError>(())
    };
    for piece in pieces {
        match piece {
            Piece::Sheet(s) => {
                if let Some(done) = current.take() {
                    finish(&mut book, done).map_err(write_error)?;
                }
                // Rows go to a temporary file as they are written; strings to one shared table.
                let sheet = book.add_worksheet_with_low_memory().map_err(write_error)?;
                sheet.set_name(s.name).map_err(write_error)?;
                let last_col = (s.columns.len() - 1) as u16;
                let header_row = u32::from(s.title.is_some());
                if let Some(text) = &s.title {
                    sheet.merge_range(0, 0, 0, last_col, text, &title).map_err(write_error)?;
                    sheet.set_row_height(0, 24).map_err(write_error)?;
                }
                // Printed on A4 landscape, one page wide, the title and header on every page.
                sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
                sheet.set_repeat_rows(0, header_row).map_err(write_error)?;
                for (c, (header, width)) in s.columns.iter().enumerate() {
                    sheet.write_string_with_format(header_row, c as u16, *header, &head).map_err(write_error)?;
                    sheet.set_column_width(c as u16, *width).map_err(write_error)?;
                }
                current = Some((book.worksheets().len() - 1, header_row + 1, last_col, header_row));
            }
            Piece::Rows(rows) => {
                let Some((index, next, _, _)) = current.as_mut() else {
                    return Err(headless());
                };
                let sheet = book.worksheet_from_index(*index).map_err(write_error)?;
                for row in &rows {
                    let (r, marked) = (*next, row.marked);
                    let m = usize::from(marked);
                    *next += 1;
                    for (c, value) in row.cells.iter().enumerate() {
                        let c = c as u16;
                        match value {
                            Value::Empty if marked => sheet.write_blank(r, c, &fill),
                            Value::Empty => continue,
                            Value::Text(s) if marked => sheet.write_string_with_format(r, c, s.as_str(), &fill),
                            Value::Text(s) => sheet.write_string(r, c, s.as_str()),
                            Value::Int(n) if marked => sheet.write_number_with_format(r, c, *n as f64, &fill),
                            Value::Int(n) => sheet.write_number(r, c, *n as f64),
                            Value::Num(x) => sheet.write_number_with_format(r, c, *x, &num[m]),
                            Value::Percent(x) => sheet.write_number_with_format(r, c, *x, &percent[m]),
                            Value::Date(d) => {
                                let dt = excel_date(*d).map_err(write_error)?;
                                sheet.write_datetime_with_format(r, c, dt, &date[m])
                            }
                        }
                        .map_err(write_error)?;
                    }
                }
                spent(rows);
            }
        }
    }
    if let Some(done) = current {
        finish(&mut book, done).map_err(write_error)?;
    }
    book.save_to_buffer().map_err(write_error)
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year().clamp(1900, 9999) as u16, d.month() as u8, d.day() as u8)
}

/// Text that a spreadsheet would take for a formula gets a leading apostrophe (CSV injection).
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// A CSV line: the fields joined with commas, CRLF at the end.
fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields.collect::<Vec<_>>().join(",");
    line += "\r\n";
    line
}

/// A ledger cell as CSV text.
fn csv_value(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(s) => csv_field(s),
        Value::Int(n) => n.to_string(),
        Value::Num(x) => format!("{x:.2}"),
        Value::Percent(x) => format!("{:.1}%", x * 100.0),
        Value::Date(d) => d.to_string(),
    }
}

/// Writes the ledger workbook to `path`. The sheets are written on a second thread while the
/// next rows are read and built.
///
/// The writer sends the rows it has written back to be freed here, where they were made: freeing
/// millions of small strings allocated by another thread contends for the allocator's locks, and
/// made the writer twice as slow on the large demo store.
pub fn export_xlsx(conn: &Connection, options: &LedgerOptions, path: &Path) -> Result<()> {
    use std::sync::mpsc::channel;
    let ((pieces, received), (spent, returned)) = (channel(), channel());
    let (built, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || workbook(received, |rows| drop(spent.send(rows))));
        // A send fails only once the writer has stopped on an error, which `written` carries.
        let stopped = || ExchangeError::Write("the workbook writer stopped".into()).into();
        let back = &returned;
        let built = build(conn, options, move |piece| {
            back.try_iter().for_each(drop);
            pieces.send(piece).map_err(|_| stopped())
        });
        returned.iter().for_each(drop);
        (built, writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let bytes = written?;
    built?;
    std::fs::write(path, bytes)?;
    Ok(())
}

/// Writes the ledger's tables as CSV files into `dir` (created if missing), UTF-8 with a
/// byte-order mark, the header row first, CRLF line ends; returns their paths.
pub fn export_csv(conn: &Connection, options: &LedgerOptions, dir: &Path) -> Result<Vec<PathBuf>> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    let mut file: Option<std::io::BufWriter<std::fs::File>> = None;
    build(conn, options, |piece| {
        match piece {
            Piece::Sheet(sheet) => {
                if let Some(mut done) = file.take() {
                    done.flush()?;
                }
                let path = dir.join(format!("{}.csv", sheet.name));
                let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
                out.write_all("\u{FEFF}".as_bytes())?;
                out.write_all(csv_line(sheet.columns.iter().map(|(h, _)| csv_field(h))).as_bytes())?;
                paths.push(path);
                file = Some(out);
            }
            Piece::Rows(rows) => {
                let out = file.as_mut().ok_or_else(headless)?;
                for row in rows {
                    out.write_all(csv_line(row.cells.iter().map(csv_value)).as_bytes())?;
                }
            }
        }
        Ok(())
    })?;
    if let Some(mut done) = file {
        done.flush()?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_go_out_in_order_in_full_batches() {
        let rows = (0..2 * BATCH + 1).map(|i| Row::plain(vec![Value::count(i as i64)]));
        let mut batches = Vec::new();
        emit_rows(
            &mut |piece| {
                batches.push(piece);
                Ok(())
            },
            rows,
        )
        .unwrap();
        let sizes: Vec<usize> = batches.iter().map(|b| if let Piece::Rows(r) = b { r.len() } else { 0 }).collect();
        assert_eq!(sizes, [BATCH, BATCH, 1]);
        let values: Vec<Value> = batches
            .into_iter()
            .flat_map(|b| if let Piece::Rows(r) = b { r } else { Vec::new() })
            .map(|r| r.cells[0].clone())
            .collect();
        assert_eq!(values, (0..2 * BATCH + 1).map(|i| Value::count(i as i64)).collect::<Vec<_>>());
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("甲公司"), "甲公司");
        assert_eq!(csv_field("甲,乙"), "\"甲,乙\"");
        assert_eq!(csv_field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
