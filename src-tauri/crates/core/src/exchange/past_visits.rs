//! Past visits in: a school's own visit ledger, kept in Excel before this app, in the column
//! shape of the data standard's 访企拓岗数据 table or close to it (what `standard` writes reads
//! back here).
//!
//! The same steps as the employer import (`import`): the header row found under title rows,
//! columns mapped by synonyms (correctable), a preview row by row, and a commit in one batch.
//! Each data row is one completed visit:
//! - its employer is matched as the employer import matches (credit code, then folded name),
//!   in the store and earlier in the file, or created;
//! - its leader (牵头拜访人) is matched by name to the people; one not found is added as a
//!   person only when the user confirmed it (`create_people`), else the row is rejected;
//! - what it opened up becomes records: 可提供岗位数 a job posting (with the majors and pay),
//!   接受实习生人数 or a 基地 in 访谈成果主要形式 an internship base, the 接待人 a contact;
//! - a row the store already holds (the same leader at the same employer that day) is not
//!   added twice, so importing a ledger again adds only its new rows.
use super::ExchangeError;
use super::import::{
    Action, Counts, Field, ImportOptions, Issue, IssueCode, MatchedBy, Preview, Row, RowOutcome, blank_row, date_of,
    invalid, issue, layout_of, skip_reason, table,
};
use super::labels::ROLE;
use super::read::{Book, Cell, fold_label};
use crate::employers::{self, DuplicateReason};
use crate::error::Result;
use crate::ids::Id;
use crate::ledger::{self, start_of_day};
use crate::model::validate::{self, name_key};
use crate::model::{
    BaseStatus, Contact, Education, Employer, InternshipBase, JobPosting, Outcome, Person, PostingStage, Record, Role,
    Visit, VisitMode, VisitStatus,
};
use crate::store::records::{self, Stored, Tx};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// Header synonyms of a visit ledger, written folded (see `import::SYNONYMS`).
pub(super) const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::Serial, &["序号", "编号", "no", "#"]),
    (
        Field::Name,
        &[
            "走访企业名称",
            "走访单位名称",
            "走访企业",
            "走访单位",
            "拜访企业",
            "企业名称",
            "单位名称",
            "用人单位",
            "公司名称",
            "企业",
            "单位",
            "name",
            "employer",
            "company",
        ],
    ),
    (
        Field::CreditCode,
        &["走访企业统一社会信用代码", "统一社会信用代码", "社会信用代码", "信用代码", "creditcode", "uscc"],
    ),
    (Field::MajorCode, &["需求专业代码", "专业代码", "majorcode"]),
    (Field::Majors, &["需求专业名称", "需求专业", "专业名称", "专业", "majors"]),
    (Field::Positions, &["可提供岗位数", "提供岗位数", "岗位数", "岗位数量", "需求人数", "positions", "jobs"]),
    (Field::Pay, &["平均薪酬", "薪酬", "平均工资", "月薪", "薪资", "pay", "salary"]),
    (Field::Leader, &["牵头拜访人", "拜访人", "牵头人", "走访领导", "带队领导", "校领导", "leader"]),
    (Field::LeaderTitle, &["职务", "拜访人职务", "牵头拜访人职务", "领导职务", "title"]),
    (Field::VisitedOn, &["拜访时间", "走访时间", "拜访日期", "走访日期", "日期", "时间", "date"]),
    (Field::HostName, &["企业接待人姓名", "企业接待人", "接待人姓名", "接待人", "host"]),
    (Field::HostTitle, &["接待人职务", "企业接待人职务", "hosttitle"]),
    (Field::OutcomeForm, &["访谈成果主要形式", "访谈成果", "走访成果", "成果形式", "成果", "outcome"]),
    (Field::Interns, &["接受实习生人数", "接收实习生人数", "实习生人数", "实习人数", "interns"]),
    (
        Field::Cooperation,
        &["其他达成意向的合作", "达成意向的合作", "其他合作", "合作意向", "备注", "cooperation", "notes"],
    ),
    (Field::VisitMode, &["走访形式", "走访方式", "拜访形式", "形式", "mode"]),
];

/// Where a record of the plan is: made by the import (index into its list) or in the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum At {
    New(usize),
    Stored(Id),
}

/// One row's visit and what it brings, with its employer and leader still to be resolved.
struct Planned {
    employer: At,
    lead: At,
    visit: Visit,
    posting: Option<JobPosting>,
    base: Option<InternshipBase>,
    host: Option<Contact>,
}

/// What [`apply`] writes.
pub(super) struct Plan {
    employers: Vec<Employer>,
    people: Vec<Person>,
    visits: Vec<Planned>,
}

/// An id that [`apply`] replaces with the record's own.
fn placeholder() -> Id {
    Id::from_parts(DateTime::<Utc>::UNIX_EPOCH, [0; 10])
}

/// What the visit ledger's text cells say, read once per row.
struct Read {
    name: String,
    visited_on: NaiveDate,
    leader: String,
    others: Vec<String>,
    title: String,
    mode: VisitMode,
    majors: Vec<String>,
    positions: Option<u32>,
    pay: (Option<u32>, Option<u32>),
    interns: Option<u32>,
    form: String,
    cooperation: String,
    host: (String, String),
}

/// The numbers in a text, in order ("5000-8000" gives two, "约30人" one).
fn numbers_in(text: &str) -> Vec<f64> {
    let text = validate::fold_width(text);
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) || (c == ',' && !current.is_empty()) {
            if c != ',' {
                current.push(c);
            }
        } else if !current.is_empty() {
            if let Ok(n) = current.trim_end_matches('.').parse::<f64>() {
                out.push(n);
            }
            current.clear();
        }
    }
    out
}

/// Units written after a count or an amount, which leave it exact.
const UNITS: &[char] = &['人', '个', '名', '元', '/', '月', '位', ' '];

/// The numbers of a cell (at most `max` of them, e.g. a pay range): a number is exact; text
/// holding numbers with words around them ("约30") is read as them and flagged; text with no
/// number is dropped and flagged.
fn numbers(row: &Row<'_>, field: Field, max: usize, issues: &mut Vec<Issue>) -> Vec<u32> {
    const LIMIT: f64 = 1_000_000.0;
    let as_count = |n: f64| (0.0..=LIMIT).contains(&n).then(|| n.round() as u32);
    match row.cell(field) {
        Cell::Empty => Vec::new(),
        Cell::Number(n) => as_count(*n).into_iter().collect(),
        cell => {
            let text = cell.text();
            let found: Vec<u32> = numbers_in(&text).into_iter().filter_map(as_count).take(max).collect();
            let plain = validate::fold_width(&text);
            let plain = plain.trim().trim_end_matches(UNITS);
            let exact = plain.parse::<f64>().is_ok()
                || (max > 1 && plain.split(['-', '~', '～', '至', '—']).all(|p| p.trim().parse::<f64>().is_ok()));
            match (found.is_empty(), exact) {
                (true, _) => issues.push(issue(IssueCode::NumberDropped, Some(field), text)),
                (false, false) => issues.push(issue(IssueCode::NumberApprox, Some(field), text)),
                (false, true) => {}
            }
            found
        }
    }
}

/// A visit date: as the employer import reads dates (YYYYMMDD as text or number, 2023年3月15日,
/// 2023.3.18, a real date), and a date followed by a time.
fn visit_date(cell: &Cell) -> Option<NaiveDate> {
    date_of(cell).or_else(|| match cell {
        Cell::Text(t) => date_of(&Cell::Text(t.split([' ', 'T']).next().unwrap_or_default().into())),
        _ => None,
    })
}

/// A list written in one cell: 、 , ， ; ； / or line breaks between the items.
fn items(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The role a leader's title (职务) names: the standard's own labels, else the words in it.
fn role_of(title: &str) -> Role {
    // A deputy (副书记, 副校长) is a leader, whatever else the title says.
    if title.contains('副') {
        return Role::Leader;
    }
    match ROLE.parse(title) {
        Some(role) => role,
        None if title.contains("书记") => Role::Secretary,
        None if title.contains("校长") => Role::President,
        None => Role::Leader,
    }
}

/// The province's 走访形式, or the app's own names.
fn mode_of(text: &str) -> Option<VisitMode> {
    let t = fold_label(text);
    match () {
        _ if t.is_empty() => Some(VisitMode::OnSite),
        _ if t.contains("线上") || t.contains("视频") || t.contains("online") => Some(VisitMode::Online),
        _ if t.contains("进校") || t.contains("请进来") || t.contains("hosted") => Some(VisitMode::Hosted),
        _ if t.contains("实地") || t.contains("走出去") || t.contains("走访") || t.contains("onsite") => {
            Some(VisitMode::OnSite)
        }
        _ => None,
    }
}

/// Reads a data row; `None` when it is to be rejected (the reasons are in `issues`).
fn read_row(row: &Row<'_>, issues: &mut Vec<Issue>) -> Option<Read> {
    let name = row.text(Field::Name);
    if name.is_empty() {
        issues.push(issue(IssueCode::NameMissing, Some(Field::Name), ""));
    }
    let date_text = row.text(Field::VisitedOn);
    let visited_on = visit_date(row.cell(Field::VisitedOn));
    if visited_on.is_none() {
        issues.push(issue(IssueCode::VisitDateMissing, Some(Field::VisitedOn), date_text));
    }
    let mut leaders = items(&row.text(Field::Leader));
    if leaders.is_empty() {
        issues.push(issue(IssueCode::LeaderMissing, Some(Field::Leader), ""));
    }
    let mode_text = row.text(Field::VisitMode);
    let mode = mode_of(&mode_text).unwrap_or_else(|| {
        issues.push(issue(IssueCode::ChoiceUnknown, Some(Field::VisitMode), mode_text));
        VisitMode::OnSite
    });
    let positions = numbers(row, Field::Positions, 1, issues).first().copied();
    let pay = match numbers(row, Field::Pay, 2, issues).as_slice() {
        [] => (None, None),
        [one] => (Some(*one), Some(*one)),
        [a, b, ..] => (Some(*a.min(b)), Some(*a.max(b))),
    };
    let interns = numbers(row, Field::Interns, 1, issues).first().copied();
    let (Some(visited_on), false, false) = (visited_on, leaders.is_empty(), name.is_empty()) else { return None };
    let leader = leaders.remove(0);
    Some(Read {
        name,
        visited_on,
        leader,
        others: leaders,
        title: row.text(Field::LeaderTitle),
        mode,
        majors: items(&row.text(Field::Majors)),
        positions: positions.filter(|n| *n > 0),
        pay: (pay.0.filter(|n| *n > 0), pay.1.filter(|n| *n > 0)),
        interns: interns.filter(|n| *n > 0),
        form: row.text(Field::OutcomeForm),
        cooperation: row.text(Field::Cooperation),
        host: (row.text(Field::HostName), row.text(Field::HostTitle)),
    })
}

/// The employers known so far: in the store (looked up once each) and new in the file.
#[derive(Default)]
struct Employers {
    /// By credit code and by folded name: where the employer is, the row that first named it
    /// (`None` for one found in the store) and how it matched.
    by_code: HashMap<String, (At, Option<u32>)>,
    by_name: HashMap<String, (At, Option<u32>)>,
    new: Vec<Employer>,
    names: HashMap<Id, String>,
}

impl Employers {
    /// Where the employer of `candidate` is, and the row's action.
    fn find(&mut self, conn: &Connection, candidate: Employer, number: u32) -> Result<(At, Action)> {
        let key = name_key(&candidate.name);
        let code = candidate.credit_code.clone();
        let known = code
            .as_ref()
            .and_then(|c| self.by_code.get(c).map(|k| (k.clone(), MatchedBy::CreditCode)))
            .or_else(|| self.by_name.get(&key).map(|k| (k.clone(), MatchedBy::Name)));
        let (at, action) = match known {
            Some(((at, Some(row)), by)) => (at, Action::MergeInFile { row, by }),
            Some(((At::Stored(id), None), by)) => {
                let action =
                    Action::MergeExisting { employer_name: self.names[&id].clone(), employer_id: id.clone(), by };
                (At::Stored(id), action)
            }
            Some(((at @ At::New(_), None), by)) => (at, Action::MergeInFile { row: number, by }),
            None => {
                let duplicates = employers::likely_duplicates(conn, &candidate, None)?;
                let found =
                    duplicates.iter().find(|d| d.reason == DuplicateReason::CreditCode).or_else(|| duplicates.first());
                match found {
                    Some(d) => {
                        self.names.insert(d.id.clone(), d.name.clone());
                        let action = Action::MergeExisting {
                            employer_id: d.id.clone(),
                            employer_name: d.name.clone(),
                            by: d.reason.into(),
                        };
                        self.remember(code.as_ref(), &key, At::Stored(d.id.clone()), None);
                        (At::Stored(d.id.clone()), action)
                    }
                    None => {
                        self.new.push(candidate);
                        let at = At::New(self.new.len() - 1);
                        self.remember(code.as_ref(), &key, at.clone(), Some(number));
                        (at, Action::Create)
                    }
                }
            }
        };
        Ok((at, action))
    }

    fn remember(&mut self, code: Option<&String>, key: &str, at: At, row: Option<u32>) {
        if let Some(c) = code {
            self.by_code.entry(c.clone()).or_insert((at.clone(), row));
        }
        self.by_name.entry(key.to_string()).or_insert((at, row));
    }
}

/// The people known by folded name: those in the store, and those the import adds.
struct People {
    known: HashMap<String, At>,
    new: Vec<Person>,
}

impl People {
    fn load(conn: &Connection) -> Result<People> {
        let known = records::list::<Person>(conn, "1", "created_at, id", [])?
            .into_iter()
            .map(|p| (name_key(&p.data.name), At::Stored(p.id)))
            .collect();
        Ok(People { known, new: Vec::new() })
    }

    /// The person named `name`, or one to add with the role `title` names.
    fn find_or_add(&mut self, name: &str, title: &str) -> Option<At> {
        if let Some(at) = self.known.get(&name_key(name)) {
            return Some(at.clone());
        }
        let person = Person { title: title.to_string(), ..Person::new(name, role_of(title)) }.validate().ok()?;
        self.new.push(person);
        let at = At::New(self.new.len() - 1);
        self.known.insert(name_key(name), at.clone());
        Some(at)
    }
}

/// Whether the store already holds a completed visit of `lead` to `employer` on `day`.
fn already_held(conn: &Connection, lead: &Id, employer: &Id, day: NaiveDate, tz: Tz) -> Result<bool> {
    let from = records::timestamp(start_of_day(day, tz));
    let to = records::timestamp(start_of_day(day + Duration::days(1), tz));
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM visit_people WHERE status = 'completed' AND person_id = ?1 AND employer_id = ?2
             AND starts_at >= ?3 AND starts_at < ?4 LIMIT 1",
        )?
        .query_row(params![lead, employer, from, to], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The visit a row records, with what it opened up.
fn visit_of(r: &Read, tz: Tz, employer_name: &str) -> (Visit, Option<JobPosting>, Option<InternshipBase>) {
    // The ledger keeps the day, not the hour: a morning visit of two hours.
    let start = start_of_day(r.visited_on, tz) + Duration::hours(9);
    let end = start + Duration::hours(2);
    let form = &r.form;
    let summary = [form.as_str(), r.cooperation.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    let visit = Visit {
        employer_id: placeholder(),
        lead_id: placeholder(),
        participant_ids: Vec::new(),
        guests: r.others.join("、"),
        status: VisitStatus::Completed,
        mode: r.mode,
        planned_start: start,
        planned_end: end,
        time_zone: tz.name().to_string(),
        actual_start: Some(start),
        actual_end: Some(end),
        objectives: String::new(),
        summary: summary.join("\n"),
        cancel_reason: String::new(),
        outcome: Outcome {
            channel_established: form.contains("渠道") || form.contains("合作"),
            recruitment_agreed: form.contains("招聘") || form.contains("宣讲"),
            ..Outcome::default()
        },
        trip_id: None,
        trip_seq: None,
        travel_note: String::new(),
        completed_by: None,
        confirmed_by: None,
        replan_of: None,
    };
    let posting = r.positions.map(|headcount| JobPosting {
        employer_id: placeholder(),
        visit_id: None,
        title: match r.majors.first() {
            Some(m) => format!("{m}等专业岗位").chars().take(validate::LINE_MAX).collect(),
            None => "可提供岗位".into(),
        },
        headcount: headcount.min(100_000),
        majors: r.majors.iter().take(50).cloned().collect(),
        education: Education::Any,
        location: String::new(),
        stage: PostingStage::Published,
        pay_min: r.pay.0,
        pay_max: r.pay.1,
        hired: None,
    });
    let base = (r.interns.is_some() || form.contains("基地")).then(|| InternshipBase {
        employer_id: placeholder(),
        visit_id: None,
        name: format!("{}实习实践基地", employer_name.chars().take(180).collect::<String>()),
        status: match () {
            _ if form.contains("挂牌") => BaseStatus::Unveiled,
            _ if form.contains("签") => BaseStatus::Signed,
            _ => BaseStatus::Intended,
        },
        signed_on: None,
        established_on: None,
        term_ends_on: None,
        capacity: r.interns.map(|n| n.min(100_000)),
        placements: Vec::new(),
    });
    (visit, posting, base)
}

/// Reads the file and decides, row by row, what importing it would write.
pub(super) fn plan(conn: &Connection, book: &Book, options: &ImportOptions) -> Result<(Preview, Plan)> {
    let table = table(book, options)?;
    if !table.columns.iter().any(|c| c.field == Some(Field::VisitedOn)) {
        return Err(ExchangeError::NoHeader(super::import::HEADER_SEARCH_ROWS).into());
    }
    let header = &table.sheet.rows[table.header];
    let tz = match ledger::current_campaign(conn, NaiveDate::MIN) {
        Ok(c) => ledger::zone_of(&c.data),
        Err(_) => ledger::DEFAULT_ZONE,
    };
    let mut employers = Employers::default();
    let mut people = People::load(conn)?;
    let mut outcomes: Vec<RowOutcome> = Vec::new();
    let mut visits: Vec<Planned> = Vec::new();
    // (employer, leader, day) of the visits planned, so a row repeated in the file counts once.
    let mut seen: HashSet<(String, String, NaiveDate)> = HashSet::new();
    // Contact names per stored employer (read once) and per new one, to add each host once.
    let mut hosts: HashMap<At, HashSet<String>> = HashMap::new();
    let mut counts = Counts::default();

    for (i, cells) in table.sheet.rows.iter().enumerate().skip(table.header + 1) {
        if blank_row(cells) {
            continue;
        }
        let number = i as u32 + 1;
        let row = Row::of(&table, cells, number);
        let mut issues = Vec::new();
        let mut outcome = RowOutcome {
            row: number,
            name: row.text(Field::Name),
            contact: None,
            leader: Some(row.text(Field::Leader)).filter(|l| !l.is_empty()),
            visited_on: visit_date(row.cell(Field::VisitedOn)),
            action: Action::Reject,
            issues: Vec::new(),
        };
        if let Some(code) = skip_reason(cells, header) {
            let first = cells.iter().map(Cell::text).find(|t| !t.is_empty()).unwrap_or_default();
            outcomes.push(RowOutcome { action: Action::Skip, issues: vec![issue(code, None, first)], ..outcome });
            counts.skipped += 1;
            continue;
        }
        let reject = |mut outcome: RowOutcome, issues: Vec<Issue>, counts: &mut Counts| {
            outcome.issues = issues;
            counts.rejected += 1;
            outcome
        };
        let Some(read) = read_row(&row, &mut issues) else {
            outcomes.push(reject(outcome, issues, &mut counts));
            continue;
        };
        // The employer, validated as the employer import does.
        let code = row.text(Field::CreditCode);
        let mut candidate =
            Employer { credit_code: (!code.is_empty()).then(|| code.clone()), ..Employer::named(&read.name) };
        if let Err(e) = validate::optional("employer.credit_code", Some(&code), validate::credit_code) {
            if !options.keep_rows_with_bad_credit_code {
                issues.push(invalid(&e, code));
                outcomes.push(reject(outcome, issues, &mut counts));
                continue;
            }
            issues.push(Issue { code: IssueCode::CreditCodeDropped, ..invalid(&e, code) });
            candidate.credit_code = None;
        }
        let candidate = match candidate.validate() {
            Ok(c) => c,
            Err(e) => {
                issues.push(invalid(&e, read.name.clone()));
                outcomes.push(reject(outcome, issues, &mut counts));
                continue;
            }
        };
        // The leader: a person in the store, or one to add when the user confirmed it.
        let known = people.known.get(&name_key(&read.leader)).cloned();
        let lead = match known {
            Some(at) => at,
            None if options.create_people => match people.find_or_add(&read.leader, &read.title) {
                Some(at) => {
                    issues.push(issue(IssueCode::LeaderAdded, Some(Field::Leader), read.leader.clone()));
                    at
                }
                None => {
                    issues.push(issue(IssueCode::LeaderMissing, Some(Field::Leader), read.leader.clone()));
                    outcomes.push(reject(outcome, issues, &mut counts));
                    continue;
                }
            },
            None => {
                issues.push(issue(IssueCode::LeaderUnknown, Some(Field::Leader), read.leader.clone()));
                outcomes.push(reject(outcome, issues, &mut counts));
                continue;
            }
        };
        let employer_name = candidate.name.clone();
        let (employer, action) = employers.find(conn, candidate, number)?;
        let key = (name_key(&employer_name), name_key(&read.leader), read.visited_on);
        let held = match (&employer, &lead) {
            (At::Stored(e), At::Stored(p)) => already_held(conn, p, e, read.visited_on, tz)?,
            _ => false,
        };
        if held || !seen.insert(key) {
            issues.push(issue(IssueCode::VisitExists, None, read.visited_on.to_string()));
            outcomes.push(RowOutcome { action: Action::Skip, issues, ..outcome });
            counts.skipped += 1;
            continue;
        }
        let (visit, posting, base) = visit_of(&read, tz, &employer_name);
        // The employer's 接待人, as a contact, once.
        let (host_name, host_title) = &read.host;
        let names = match hosts.get_mut(&employer) {
            Some(names) => names,
            None => {
                let stored = match &employer {
                    At::Stored(id) => records::list::<Contact>(conn, "employer_id = ?1", "id", [id])?
                        .into_iter()
                        .map(|c| name_key(&c.data.name))
                        .collect(),
                    At::New(_) => HashSet::new(),
                };
                hosts.entry(employer.clone()).or_insert(stored)
            }
        };
        let host = match (host_name.is_empty(), names.insert(name_key(host_name))) {
            (true, _) | (false, false) => None,
            (false, true) => {
                let contact = Contact { title: host_title.clone(), ..Contact::named(placeholder(), host_name) };
                match contact.validate() {
                    Ok(c) => Some(c),
                    Err(e) => {
                        issues.push(Issue { code: IssueCode::ContactDropped, ..invalid(&e, host_name.clone()) });
                        None
                    }
                }
            }
        };
        counts.visits_added += 1;
        counts.postings_added += u32::from(posting.is_some());
        counts.bases_added += u32::from(base.is_some());
        counts.contacts_added += u32::from(host.is_some());
        match action {
            Action::Create => counts.created += 1,
            Action::MergeExisting { .. } => counts.merged_existing += 1,
            _ => counts.merged_in_file += 1,
        }
        outcome.contact = host.as_ref().map(|c| c.name.clone());
        visits.push(Planned { employer, lead, visit, posting, base, host });
        outcomes.push(RowOutcome { action, issues, ..outcome });
    }
    counts.people_added = people.new.len() as u32;
    let preview = Preview { layout: layout_of(book, table), rows: outcomes, counts };
    Ok((preview, Plan { employers: employers.new, people: people.new, visits }))
}

/// Adds the people the import would add (the leaders not found, when the user confirmed
/// creating them) and returns what the whole import does.
pub(super) fn add_people(tx: &Tx<'_>, book: &Book, options: &ImportOptions) -> Result<Preview> {
    let (preview, plan) = self::plan(tx.conn(), book, options)?;
    for person in plan.people {
        tx.insert(person)?;
    }
    Ok(preview)
}

/// Writes the plan: the new employers and people, then each visit with what it brings.
pub(super) fn apply(tx: &Tx<'_>, plan: Plan) -> Result<()> {
    let employers: Vec<Id> = plan.employers.into_iter().map(|e| Ok(tx.insert(e)?.id)).collect::<Result<_>>()?;
    let people: Vec<Id> = plan.people.into_iter().map(|p| Ok(tx.insert(p)?.id)).collect::<Result<_>>()?;
    let resolve = |at: &At, new: &[Id]| match at {
        At::New(i) => new[*i].clone(),
        At::Stored(id) => id.clone(),
    };
    let me = tx.rights()?.clone();
    for p in plan.visits {
        let employer_id = resolve(&p.employer, &employers);
        let lead_id = resolve(&p.lead, &people);
        // Recorded by its leader when an admin imports (the ledger was the record); by the
        // importer otherwise, and then it waits for the leader's confirmation.
        let completed_by = if me.access == crate::access::Access::Admin { lead_id.clone() } else { me.id.clone() };
        let visit: Stored<Visit> = tx.insert(Visit {
            employer_id: employer_id.clone(),
            lead_id,
            completed_by: Some(completed_by),
            ..p.visit
        })?;
        if let Some(posting) = p.posting {
            tx.insert(JobPosting { employer_id: employer_id.clone(), visit_id: Some(visit.id.clone()), ..posting })?;
        }
        if let Some(base) = p.base {
            tx.insert(InternshipBase { employer_id: employer_id.clone(), visit_id: Some(visit.id.clone()), ..base })?;
        }
        if let Some(host) = p.host {
            tx.insert(Contact { employer_id, ..host })?;
        }
    }
    Ok(())
}
