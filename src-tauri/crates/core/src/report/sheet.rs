//! The visit record sheet (走访记录表): one visit on one or two pages, ending with signatures.
use super::labels::{Zh, yes_no};
use super::layout::{Block, Table, signature_height};
use super::{
    Document, class_of, demand_fields, filled, followup_fields, local, name, names, or_dash, people, photos,
    postings_table,
};
use crate::store::vault::Vault;
use std::collections::BTreeMap;

/// The most photos a visit sheet prints: two rows.
const PHOTOS: usize = 4;
use crate::error::Result;
use crate::ids::Id;
use crate::model::{Contact, Trip, VisitStatus};
use crate::store::records;
use crate::{ledger, settings, visits};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// The record sheet of visit `visit_id`, with times in the zone of the campaign in force at `now`.
/// The photos chosen for documents follow its outcomes (at most [`PHOTOS`]).
pub fn visit_sheet(conn: &Connection, vault: &Vault, visit_id: &Id, now: DateTime<Utc>) -> Result<Document> {
    let zone = ledger::today(conn, now)?.zone;
    let d = visits::detail(conn, visit_id)?;
    let people = people(conn)?;
    let v = &d.visit.data;
    let e = &d.employer.data;
    let contacts = records::list::<Contact>(conn, "employer_id = ?1", "created_at, id", [&v.employer_id])?;
    let trip = match &v.trip_id {
        Some(id) => records::find::<Trip>(conn, id)?.map(|t| t.data.title),
        None => None,
    };
    let (start, end) = match (v.actual_start, v.actual_end) {
        (Some(s), Some(e)) => (s, e),
        _ => (v.planned_start, v.planned_end),
    };
    let others: Vec<&Id> = v.participant_ids.iter().collect();
    let contact_lines: Vec<String> = contacts
        .iter()
        .map(|c| {
            let c = &c.data;
            let phone = c.mobile.as_deref().or(c.phone.as_deref()).unwrap_or("");
            [c.name.as_str(), c.title.as_str(), phone]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();

    let mut blocks = vec![
        Block::Title("走访记录表".into()),
        Block::Subtitle(e.name.clone()),
        Block::Gap(8.0),
        Block::Fields(filled(vec![
            ("用人单位", e.name.clone()),
            ("统一社会信用代码", e.credit_code.clone().unwrap_or_default()),
            ("地址", if e.address.is_empty() { e.region.clone() } else { e.address.clone() }),
            ("走访时间", format!("{} 至 {}", local(start, zone), local(end, zone))),
            ("走访方式", v.mode.zh().to_string()),
            ("状态", v.status.zh().to_string()),
            ("带队校领导", name(&people, &v.lead_id).to_string()),
            ("参加人员", names(&people, &others)),
            ("其他人员", v.guests.clone()),
            ("所属行程", trip.unwrap_or_default()),
            ("单位联系人", contact_lines.join("；")),
        ])),
        Block::Subheading("走访目标".into()),
        Block::Paragraph(or_dash(&v.objectives)),
        Block::Subheading("走访情况".into()),
    ];
    if v.status == VisitStatus::Cancelled {
        blocks.push(Block::Paragraph(format!("已取消：{}", or_dash(&v.cancel_reason))));
    } else if v.summary.trim().is_empty() {
        blocks.push(Block::Ruled(6));
    } else {
        blocks.push(Block::Paragraph(v.summary.clone()));
    }

    blocks.push(Block::Subheading("工作成果".into()));
    let o = &v.outcome;
    let recruitment = if o.recruitment_agreed {
        let mut s = "是".to_string();
        if let Some(m) = o.recruitment_mode {
            s += &format!("（{}）", m.zh());
        }
        if let Some(on) = o.recruitment_on {
            s += &format!("，{on}");
        }
        s
    } else {
        "否".into()
    };
    blocks.push(Block::Fields(filled(vec![
        ("建立合作渠道", yes_no(o.channel_established).to_string()),
        ("同意进校招聘", recruitment),
        ("典型案例", o.exemplary.clone()),
    ])));
    if !d.job_postings.is_empty() {
        blocks.push(postings_table(d.job_postings.iter().map(|p| &p.data)));
    }
    if !d.internship_bases.is_empty() {
        blocks.push(Block::Table(Table {
            header: ["实习实践基地", "状态", "可容纳"].map(String::from).to_vec(),
            widths: vec![4.0, 1.0, 1.2],
            rows: d
                .internship_bases
                .iter()
                .map(|b| {
                    vec![
                        b.data.name.clone(),
                        b.data.status.zh().to_string(),
                        b.data.capacity.map(|c| format!("{c} 人")).unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        }));
    }

    let mut images = BTreeMap::new();
    if let Some(shown) = photos(conn, vault, visit_id, false, PHOTOS, &mut images)? {
        blocks.push(Block::Subheading("现场照片".into()));
        blocks.push(shown);
    }

    blocks.push(Block::Subheading("社会需求调查".into()));
    match &d.demand {
        None => blocks.push(Block::Note("未做社会需求调查。".into())),
        Some(s) => blocks.push(demand_fields(&s.data)),
    }

    blocks.push(Block::Subheading("毕业生跟踪调查".into()));
    match &d.followup {
        None => blocks.push(Block::Note("未做毕业生跟踪调查。".into())),
        Some(s) => {
            let s = &s.data;
            blocks.push(followup_fields(s));
            if !s.graduates.is_empty() {
                blocks.push(Block::Table(Table {
                    header: ["毕业生", "届别", "专业", "岗位"].map(String::from).to_vec(),
                    widths: vec![1.5, 1.0, 2.5, 2.5],
                    rows: s
                        .graduates
                        .iter()
                        .map(|g| vec![g.name.clone(), class_of(g.grad_year), or_dash(&g.major), or_dash(&g.position)])
                        .collect(),
                }));
            }
        }
    }

    let signatures: Vec<String> =
        ["带队校领导（签字）", "记录人（签字）", "单位联系人（签字）", "日期"].map(String::from).to_vec();
    blocks.push(Block::Subheading("补充记录".into()));
    blocks.push(Block::RuledFill { min: 3, keep: signature_height(signatures.len()) + 10.0 });
    blocks.push(Block::Gap(10.0));
    blocks.push(Block::Signature(signatures));
    Ok(Document {
        school: settings::printed_school(conn)?, title: format!("走访记录表 · {}", e.name), blocks, images
    })
}
