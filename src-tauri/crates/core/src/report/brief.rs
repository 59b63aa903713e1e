//! The trip briefing pack (出访简报): a cover with the itinerary, then one section per stop.
use super::labels::Zh;
use super::layout::{Block, Table};
use super::{
    Document, capped, class_of, demand_fields, filled, followup_fields, local, name, names, or_dash, people, photos,
    postings_table,
};
use crate::employers::{self, EmployerDetail};
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Person, Trip, Visit};
use crate::store::records::{self, Stored};
use crate::store::vault::Vault;
use crate::{ledger, settings, visits};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::collections::HashMap;

/// At most this many rows of a stop's lists; a note says how many more there are.
const LIMIT: usize = 20;
/// The most photos of earlier visits a stop shows: two rows.
const PHOTOS: usize = 4;

/// The briefing pack of trip `trip_id`, as of `now`.
/// Each stop shows the photos chosen for documents of its employer's earlier visits.
pub fn brief(conn: &Connection, vault: &Vault, trip_id: &Id, now: DateTime<Utc>) -> Result<Document> {
    let today = ledger::today(conn, now)?;
    let trip: Stored<Trip> = records::get(conn, trip_id)?;
    let stops: Vec<Stored<Visit>> = visits::trip_stops(conn, trip_id)?.into_iter().map(|r| r.visit).collect();
    let people = people(conn)?;
    let t = &trip.data;

    let mut team: Vec<&Id> = Vec::new();
    for stop in &stops {
        for p in stop.data.everyone() {
            if *p != t.leader_id && !team.contains(&p) {
                team.push(p);
            }
        }
    }
    let leader = people.get(&t.leader_id);
    let mut blocks = vec![
        Block::Title("出访简报".into()),
        Block::Subtitle(t.title.clone()),
        Block::Gap(12.0),
        Block::Fields(filled(vec![
            ("出访行程", t.title.clone()),
            ("带队校领导", leader.map(leader_line).unwrap_or_else(|| "—".into())),
            ("日期", format!("{} 至 {}（{} 天）", t.starts_on, t.ends_on, (t.ends_on - t.starts_on).num_days() + 1)),
            ("走访单位", format!("{} 家", stops.len())),
            ("随行人员", names(&people, &team)),
            ("行程说明", t.notes.clone()),
            ("印发日期", today.date.to_string()),
        ])),
        Block::Heading("行程安排".into()),
    ];
    let mut details = Vec::with_capacity(stops.len());
    let mut itinerary = Vec::with_capacity(stops.len());
    for (i, stop) in stops.iter().enumerate() {
        let d = employers::detail(conn, &stop.data.employer_id)?;
        let e = &d.employer.data;
        itinerary.push(vec![
            (i + 1).to_string(),
            local(stop.data.start(), today.zone),
            e.name.clone(),
            stop.data.mode.zh().to_string(),
            or_dash(&if e.address.is_empty() { e.region.clone() } else { e.address.clone() }),
            stop.data.status.zh().to_string(),
        ]);
        details.push(d);
    }
    if itinerary.is_empty() {
        blocks.push(Block::Paragraph("该行程尚未安排走访单位。".into()));
    } else {
        blocks.push(Block::Table(Table {
            header: ["序号", "时间", "用人单位", "方式", "地点", "状态"].map(String::from).to_vec(),
            widths: vec![0.8, 1.9, 3.2, 1.7, 2.6, 0.9],
            rows: itinerary,
        }));
    }
    let mut images = BTreeMap::new();
    for (i, (stop, d)) in stops.iter().zip(&details).enumerate() {
        blocks.push(Block::PageBreak);
        stop_section(&mut blocks, i + 1, stop, d, &people, today.zone);
        let mut shown = Vec::new();
        for earlier in d.visits.iter().filter(|h| h.id != stop.id && h.data.start() < stop.data.start()) {
            if let Some(Block::Photos(p)) = photos(conn, vault, &earlier.id, false, PHOTOS, &mut images)? {
                shown.extend(p);
            }
        }
        if !shown.is_empty() {
            shown.truncate(PHOTOS);
            blocks.push(Block::Subheading("往次走访照片".into()));
            blocks.push(Block::Photos(shown));
        }
    }
    Ok(Document {
        school: settings::printed_school(conn)?, title: format!("出访简报 · {}", t.title), blocks, images
    })
}

fn leader_line(p: &Person) -> String {
    let title = if p.title.is_empty() { p.role.zh() } else { p.title.as_str() };
    format!("{}（{}）", p.name, title)
}

fn stop_section(
    blocks: &mut Vec<Block>,
    n: usize,
    stop: &Stored<Visit>,
    d: &EmployerDetail,
    people: &HashMap<Id, Person>,
    zone: Tz,
) {
    let v = &stop.data;
    let e = &d.employer.data;
    blocks.push(Block::Heading(format!("第 {n} 站 · {}", e.name)));
    let others: Vec<&Id> = v.participant_ids.iter().collect();
    blocks.push(Block::Fields(filled(vec![
        ("时间", format!("{} 至 {}", local(v.planned_start, zone), local(v.planned_end, zone))),
        ("方式", v.mode.zh().to_string()),
        ("状态", v.status.zh().to_string()),
        ("带队", name(people, &v.lead_id).to_string()),
        ("参加人员", names(people, &others)),
        ("其他人员", v.guests.clone()),
        ("路线提示", v.travel_note.clone()),
    ])));

    blocks.push(Block::Subheading("单位概况".into()));
    let mut marks = Vec::new();
    if e.is_key {
        marks.push("重点单位".to_string());
    }
    if let Some(on) = e.developed_on {
        marks.push(format!("新开拓用人单位（{on}）"));
    }
    blocks.push(Block::Fields(filled(vec![
        ("单位名称", e.name.clone()),
        ("统一社会信用代码", e.credit_code.clone().unwrap_or_default()),
        ("行业", e.industry.clone()),
        ("性质 / 规模", format!("{} / {}", e.ownership.zh(), e.size.zh())),
        ("地区", e.region.clone()),
        ("地址", e.address.clone()),
        ("园区", e.park.clone()),
        ("标注", marks.join("；")),
        ("备注", e.notes.clone()),
    ])));

    blocks.push(Block::Subheading("联系人".into()));
    if d.contacts.is_empty() {
        blocks.push(Block::Note("暂无联系人记录。".into()));
    } else {
        let (contacts, more) = capped(&d.contacts, LIMIT, "联系人");
        let rows = contacts
            .iter()
            .map(|c| {
                let c = &c.data;
                let phones: Vec<&str> = [c.mobile.as_deref(), c.phone.as_deref()].into_iter().flatten().collect();
                vec![
                    c.name.clone(),
                    or_dash(&c.title),
                    or_dash(&phones.join(" / ")),
                    or_dash(c.email.as_deref().unwrap_or("")),
                    if c.is_alumnus { "是".into() } else { String::new() },
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: ["姓名", "职务", "电话", "邮箱", "校友"].map(String::from).to_vec(),
            widths: vec![1.4, 2.0, 2.6, 2.8, 0.7],
            rows,
        }));
        blocks.extend(more);
    }

    blocks.push(Block::Subheading("历次走访".into()));
    let earlier: Vec<&Stored<Visit>> =
        d.visits.iter().filter(|h| h.id != stop.id && h.data.start() < v.start()).collect();
    if earlier.is_empty() {
        blocks.push(Block::Note("此前没有走访记录。".into()));
    } else {
        let (earlier, more) = capped(&earlier, LIMIT, "走访记录");
        let rows = earlier
            .iter()
            .map(|h| {
                let postings = d.job_postings.iter().filter(|p| p.data.visit_id.as_ref() == Some(&h.id)).count();
                let bases = d.internship_bases.iter().filter(|b| b.data.visit_id.as_ref() == Some(&h.id)).count();
                let mut outcome = Vec::new();
                if h.data.outcome.channel_established {
                    outcome.push("建立合作渠道".to_string());
                }
                if h.data.outcome.recruitment_agreed {
                    outcome.push("同意进校招聘".to_string());
                }
                if postings > 0 {
                    outcome.push(format!("岗位 {postings} 个"));
                }
                if bases > 0 {
                    outcome.push(format!("实习基地 {bases} 个"));
                }
                let what =
                    if h.data.summary.is_empty() { h.data.cancel_reason.clone() } else { h.data.summary.clone() };
                vec![
                    h.data.start().with_timezone(&zone).format("%Y-%m-%d").to_string(),
                    name(people, &h.data.lead_id).to_string(),
                    h.data.status.zh().to_string(),
                    or_dash(&outcome.join("；")),
                    or_dash(&what),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: ["日期", "带队", "状态", "成果", "纪要"].map(String::from).to_vec(),
            widths: vec![1.5, 1.2, 0.9, 2.2, 4.2],
            rows,
        }));
        blocks.extend(more);
    }

    blocks.push(Block::Subheading("在该单位工作的校友".into()));
    let mut alumni: Vec<Vec<String>> = Vec::new();
    for c in d.contacts.iter().filter(|c| c.data.is_alumnus) {
        let c = &c.data;
        alumni.push(vec![
            c.name.clone(),
            class_of(c.alumni_year),
            or_dash(&c.alumni_major),
            or_dash(&c.title),
            "联系人".into(),
        ]);
    }
    for s in &d.followup_surveys {
        for g in &s.data.graduates {
            alumni.push(vec![
                g.name.clone(),
                class_of(g.grad_year),
                or_dash(&g.major),
                or_dash(&g.position),
                "毕业生跟踪调查".into(),
            ]);
        }
    }
    if alumni.is_empty() {
        blocks.push(Block::Note("暂无校友在该单位工作的记录。".into()));
    } else {
        let (rows, more) = capped(&alumni, LIMIT, "校友记录");
        blocks.push(Block::Table(Table {
            header: ["姓名", "届别", "专业", "岗位 / 职务", "来源"].map(String::from).to_vec(),
            widths: vec![1.4, 1.0, 2.2, 2.2, 1.8],
            rows: rows.to_vec(),
        }));
        blocks.extend(more);
    }

    blocks.push(Block::Subheading("在招岗位与实习基地".into()));
    let open: Vec<_> = d.job_postings.iter().filter(|p| p.data.stage.is_open()).collect();
    if open.is_empty() {
        blocks.push(Block::Note("暂无在招岗位。".into()));
    } else {
        let (open, more) = capped(&open, LIMIT, "岗位");
        blocks.push(postings_table(open.iter().map(|p| &p.data)));
        blocks.extend(more);
    }
    if d.internship_bases.is_empty() {
        blocks.push(Block::Note("尚未建立实习实践基地。".into()));
    } else {
        let (bases, more) = capped(&d.internship_bases, LIMIT, "实习基地");
        let rows = bases
            .iter()
            .map(|b| {
                let b = &b.data;
                vec![
                    b.name.clone(),
                    b.status.zh().to_string(),
                    b.established_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    b.capacity.map(|c| format!("{c} 人")).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: ["实习实践基地", "状态", "建立日期", "可容纳"].map(String::from).to_vec(),
            widths: vec![4.0, 1.0, 1.5, 1.2],
            rows,
        }));
        blocks.extend(more);
    }

    blocks.push(Block::Subheading("往期调查要点".into()));
    let demand = d.demand_surveys.first().map(|s| &s.data);
    let followup = d.followup_surveys.first().map(|s| &s.data);
    if demand.is_none() && followup.is_none() {
        blocks.push(Block::Note("此前未做社会需求调查或毕业生跟踪调查。".into()));
    }
    blocks.extend(demand.map(demand_fields));
    blocks.extend(followup.map(followup_fields));

    blocks.push(Block::Subheading("本次走访目标".into()));
    blocks.push(Block::Paragraph(if v.objectives.trim().is_empty() {
        "（未填写）".into()
    } else {
        v.objectives.clone()
    }));
    blocks.push(Block::Subheading("现场记录".into()));
    blocks.push(Block::RuledFill { min: 8, keep: 0.0 });
}
