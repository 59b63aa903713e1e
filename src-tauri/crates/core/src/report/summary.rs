//! The leadership summary (工作简报) for a period or the whole campaign. Every figure is the
//! ledger's.
use super::labels::Zh;
use super::layout::{Bar, Block, Table};
use super::{Document, decimal, local, unlisted};
use crate::error::Result;
use crate::ids::Id;
use crate::ledger::{self, Figures, Pace, Period, Ranked};
use crate::model::{Person, VisitStatus};
use crate::store::records;
use crate::store::vault::Vault;
use crate::{settings, tasks, visits};
use chrono::{DateTime, Days, Utc};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// At most this many overdue tasks and planned visits are listed; a note gives the rest.
const LIMIT: u32 = 100;
/// How many of the majors and abilities asked for most are shown.
const TOP: u32 = 10;

/// The summary of the current campaign over `period` (its whole window if `None`), as of `now`;
/// with a 典型案例 page of the visit `case` if given.
pub fn summary(
    conn: &Connection,
    vault: &Vault,
    period: Option<Period>,
    case: Option<&Id>,
    now: DateTime<Utc>,
) -> Result<Document> {
    let today = ledger::today(conn, now)?;
    let f = ledger::figures(conn, Some(&today.campaign.id), period, today.date)?;
    let demand = ledger::demand(conn, &f.campaign, f.period, TOP)?;
    let c = &f.campaign;
    let whole = f.period.from == c.starts_on && f.period.to == c.ends_on;
    // Progress toward the targets counts from the start of the campaign to the end of the
    // period, paced as of then.
    let upto = f.period.to.max(c.starts_on);
    let progress = if whole {
        f.clone()
    } else {
        let since_start = Period::new(c.starts_on, upto)?;
        ledger::figures(conn, Some(&today.campaign.id), Some(since_start), upto.min(today.date))?
    };
    let progress_note = if whole {
        LEGEND.to_string()
    } else {
        format!("进度自专项行动开始（{}）累计至 {}。{LEGEND}", c.starts_on, progress.today)
    };
    let span = format!("{} 至 {}", f.period.from, f.period.to);
    let mut blocks = vec![
        Block::Title("工作简报".into()),
        Block::Subtitle(c.name.clone()),
        Block::Subtitle(if whole {
            format!("专项行动全程（{span}）")
        } else {
            format!("统计期间：{span}")
        }),
        Block::Subtitle(format!("数据截至 {}", f.today)),
        Block::Gap(8.0),
        Block::Heading("一、主要数据".into()),
        key_figures(&f),
        Block::Heading("二、书记校长访企拓岗进度".into()),
    ];
    let principals: Vec<Bar> = progress
        .leaders
        .iter()
        .filter_map(|l| {
            let p = l.pace.as_ref()?;
            Some(pace_bar(format!("{}（{}）", l.name, l.role.zh()), p, "家单位"))
        })
        .collect();
    if principals.is_empty() {
        blocks.push(Block::Note("尚未登记党委书记或校长。".into()));
    } else {
        blocks.push(Block::Bars(principals));
        blocks.push(Block::Note(progress_note.clone()));
    }
    blocks.push(Block::Table(Table {
        header: ["校领导", "职务", "走访单位（家）", "完成走访（次）", "计划走访（次）"].map(String::from).to_vec(),
        widths: vec![2.0, 1.5, 1.6, 1.6, 1.6],
        rows: f
            .leaders
            .iter()
            .map(|l| {
                vec![
                    l.name.clone(),
                    l.role.zh().to_string(),
                    l.employers_visited.to_string(),
                    l.visits_completed.to_string(),
                    l.visits_planned.to_string(),
                ]
            })
            .collect(),
    }));

    blocks.push(Block::Heading("三、新开拓用人单位".into()));
    let n = &progress.newly_developed;
    blocks.push(Block::Bars(vec![pace_bar("领导班子新开拓用人单位".into(), n, "家")]));
    blocks.push(Block::Note(progress_note));
    blocks.push(Block::Paragraph(pace_sentence(n)));

    blocks.push(Block::Heading("四、岗位、实习基地与招聘".into()));
    let (p, e) = (&f.posting_stages, &f.events);
    blocks.push(Block::Fields(vec![
        ("岗位".into(), format!("{} 个，需求 {} 人，已录用 {} 人", f.job_postings, f.job_headcount, p.hired)),
        ("岗位阶段".into(), p.zh()),
        ("实习实践基地".into(), format!("{} 个（{}）", f.internship_bases, f.base_stages.zh())),
        (
            "招聘活动".into(),
            format!("{} 场（{}），参加学生 {} 人次，录用意向 {} 人", e.total(), e.zh(), e.attended, e.offers),
        ),
        ("进校招聘".into(), format!("{} 场", f.recruitment_sessions)),
        ("建立合作渠道".into(), format!("{} 个", f.channels)),
    ]));

    blocks.push(Block::Heading("五、用人单位满意度".into()));
    let s = &f.satisfaction;
    if s.surveys == 0 {
        blocks.push(Block::Note("本期没有毕业生跟踪调查。".into()));
    } else {
        let bar = |label: &str, x: Option<f64>| Bar {
            label: label.into(),
            value: x.unwrap_or(0.0),
            target: 5.0,
            marker: None,
            projected: None,
            caption: format!("{} / 5", decimal(x)),
        };
        blocks.push(Block::Bars(vec![
            bar("思想道德品质", s.moral),
            bar("职业素养", s.literacy),
            bar("专业能力", s.ability),
        ]));
        blocks.push(Block::Note(format!("依据本期 {} 份毕业生跟踪调查的平均分（满分 5 分）。", s.surveys)));
    }

    blocks.push(Block::Heading("六、用人单位需求最多的专业与能力".into()));
    blocks.push(Block::Note(format!("依据本期 {} 份社会需求调查，按提及的调查份数排序。", f.demand_surveys)));
    for (title, ranked) in [("专业", &demand.majors), ("能力", &demand.abilities)] {
        if ranked.is_empty() {
            blocks.push(Block::Note(format!("本期社会需求调查未提及{title}。")));
        } else {
            blocks.push(ranking(title, ranked));
        }
    }

    blocks.push(Block::Heading("七、逾期未办的跟进事项".into()));
    let overdue = tasks::overdue(conn, today.date, LIMIT)?;
    if overdue.is_empty() {
        blocks.push(Block::Note("没有逾期的跟进事项。".into()));
    } else {
        blocks.push(Block::Paragraph(format!("截至 {}，共有 {} 项跟进事项逾期未办。", f.today, f.overdue_tasks)));
        blocks.push(Block::Table(Table {
            header: ["到期日", "事项", "负责人", "用人单位"].map(String::from).to_vec(),
            widths: vec![1.3, 3.6, 1.3, 3.0],
            rows: overdue
                .iter()
                .map(|t| {
                    vec![
                        t.task.data.due_on.to_string(),
                        t.task.data.title.clone(),
                        t.owner_name.clone(),
                        t.employer_name.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        }));
        blocks.extend(unlisted(overdue.len(), f.overdue_tasks as usize, "逾期事项"));
    }

    blocks.push(Block::Heading("八、未来两周走访计划".into()));
    let end = today.date.checked_add_days(Days::new(14)).unwrap_or(today.date);
    let (from, to) = (ledger::start_of_day(today.date, today.zone), ledger::start_of_day(end, today.zone));
    let planned = visits::rows_with_status(conn, from, to, VisitStatus::Planned, LIMIT)?;
    if planned.is_empty() {
        blocks.push(Block::Note(format!("{} 至 {} 没有计划中的走访。", today.date, end)));
    } else {
        blocks.push(Block::Table(Table {
            header: ["时间", "用人单位", "带队"].map(String::from).to_vec(),
            widths: vec![1.8, 5.0, 1.5],
            rows: planned
                .iter()
                .map(|r| vec![local(r.visit.data.start(), today.zone), r.employer_name.clone(), r.lead_name.clone()])
                .collect(),
        }));
        let total = ledger::count_visits(conn, from, to, VisitStatus::Planned)?;
        blocks.extend(unlisted(planned.len(), total as usize, "计划走访"));
    }
    let mut images = BTreeMap::new();
    if let Some(visit_id) = case {
        case_study(conn, vault, visit_id, today.zone, &mut blocks, &mut images)?;
    }
    Ok(Document { school: settings::printed_school(conn)?, title: "工作简报".into(), blocks, images })
}

/// The most photos a 典型案例 page shows: two rows.
const CASE_PHOTOS: usize = 4;

/// The 典型案例 page: one visit, what it opened up, its 典型案例 text (else its summary), and
/// its photos (those chosen for documents, else any).
fn case_study(
    conn: &Connection,
    vault: &Vault,
    visit_id: &Id,
    zone: chrono_tz::Tz,
    blocks: &mut Vec<Block>,
    images: &mut BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    let d = visits::detail(conn, visit_id)?;
    let v = &d.visit.data;
    let lead = records::get::<Person>(conn, &v.lead_id).map(|p| p.data.name).unwrap_or_else(|_| "—".into());
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading("九、典型案例".into()));
    blocks.push(Block::Subheading(format!("{} · {}", d.employer.data.name, local(v.start(), zone))));
    let text = if v.outcome.exemplary.trim().is_empty() { &v.summary } else { &v.outcome.exemplary };
    blocks.push(Block::Paragraph(super::or_dash(text)));
    let headcount: u32 = d.job_postings.iter().map(|p| p.data.headcount).sum();
    blocks.push(Block::Fields(super::filled(vec![
        ("带队校领导", lead),
        ("建立合作渠道", super::labels::yes_no(v.outcome.channel_established).to_string()),
        ("同意进校招聘", super::labels::yes_no(v.outcome.recruitment_agreed).to_string()),
        (
            "岗位",
            if d.job_postings.is_empty() {
                String::new()
            } else {
                format!("{} 个，需求 {headcount} 人", d.job_postings.len())
            },
        ),
        (
            "实习实践基地",
            d.internship_bases
                .iter()
                .map(|b| format!("{}（{}）", b.data.name, b.data.status.zh()))
                .collect::<Vec<_>>()
                .join("；"),
        ),
    ])));
    if let Some(shown) = super::photos(conn, vault, visit_id, true, CASE_PHOTOS, images)? {
        blocks.push(shown);
    }
    Ok(())
}

const LEGEND: &str = "深色：已完成；浅色：按当前进度预计期末可达；竖线：按期应达进度。";

fn key_figures(f: &Figures) -> Block {
    Block::Fields(vec![
        (
            "完成走访".into(),
            format!(
                "{} 次（其中待确认 {} 次；另有计划 {} 次，取消 {} 次）",
                f.visits_completed, f.visits_awaiting, f.visits_planned, f.visits_cancelled
            ),
        ),
        ("走访用人单位".into(), format!("{} 家", f.employers_visited)),
        ("新开拓用人单位".into(), format!("{} 家（目标 {} 家）", f.newly_developed.actual, f.newly_developed.target)),
        ("岗位".into(), format!("{} 个，需求 {} 人", f.job_postings, f.job_headcount)),
        ("实习实践基地".into(), format!("{} 个", f.internship_bases)),
        ("进校招聘".into(), format!("{} 场", f.recruitment_sessions)),
        ("社会需求调查".into(), format!("{} 份", f.demand_surveys)),
        ("毕业生跟踪调查".into(), format!("{} 份", f.satisfaction.surveys)),
        ("逾期跟进事项".into(), format!("{} 项", f.overdue_tasks)),
    ])
}

fn pace_bar(label: String, p: &Pace, unit: &str) -> Bar {
    Bar {
        label,
        value: f64::from(p.actual),
        target: f64::from(p.target),
        marker: Some(p.expected_by_now),
        projected: Some(p.projected),
        caption: format!(
            "{} / {} {unit}　按期应达 {:.0}　预计期末 {:.0}",
            p.actual, p.target, p.expected_by_now, p.projected
        ),
    }
}

/// The pace projection in words.
fn pace_sentence(p: &Pace) -> String {
    let share = if p.target > 0 { f64::from(p.actual) / f64::from(p.target) * 100.0 } else { 0.0 };
    let outlook = if p.projected >= f64::from(p.target) {
        "可以完成目标".to_string()
    } else {
        format!("距目标尚差约 {:.0} 家，需加快进度", f64::from(p.target) - p.projected)
    };
    format!(
        "已新开拓用人单位 {} 家，完成目标 {} 家的 {share:.0}%；专项行动时间已过 {:.0}%，按期应达 {:.0} 家；按当前进度，预计期末可达 {:.0} 家，{outlook}。",
        p.actual,
        p.target,
        p.elapsed * 100.0,
        p.expected_by_now,
        p.projected
    )
}

fn ranking(what: &str, ranked: &[Ranked]) -> Block {
    Block::Table(Table {
        header: vec!["排名".into(), format!("需求{what}"), "提及（份）".into()],
        widths: vec![0.8, 5.0, 1.4],
        rows: ranked
            .iter()
            .enumerate()
            .map(|(i, r)| vec![(i + 1).to_string(), r.label.clone(), r.count.to_string()])
            .collect(),
    })
}
