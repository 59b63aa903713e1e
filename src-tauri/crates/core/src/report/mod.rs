//! Printable documents, typeset in Chinese on A4: the trip briefing pack (出访简报), the
//! leadership summary (工作简报), the visit record sheet (走访记录表) and the recovery sheet.
//!
//! Each document is built in three steps, kept apart so each can be tested on its own:
//! 1. a builder ([`brief`], [`summary`], [`visit_sheet`], [`recovery_sheet`]) reads the store
//!    (every figure from [`crate::ledger`]) and returns a [`Document`] of [`layout::Block`]s;
//! 2. [`Document::pages`] breaks lines and pages ([`text`] and [`layout`], pure functions);
//! 3. [`Document::render`] writes the PDF, with the font subset to the glyphs used.
//!
//! Characters the font lacks are replaced with a visible □ before layout, never dropped.
mod brief;
pub mod font;
mod labels;
pub mod layout;
mod pdf;
mod recovery;
mod sheet;
mod summary;
pub mod text;

pub use brief::brief;
pub use recovery::recovery_sheet;
pub use sheet::visit_sheet;
pub use summary::summary;

use crate::error::Result;
use crate::ids::Id;
use crate::ledger::Period;
use crate::model::{DemandSurvey, FollowupSurvey, JobPosting, Person};
use crate::store::vault::Vault;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use labels::Zh;
use layout::Table;
use layout::{Block, Page, Picture, Running};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// A document ready to be laid out and written.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Printed in the running header.
    pub school: String,
    /// The document's title, in the running header and the PDF's metadata.
    pub title: String,
    pub blocks: Vec<Block>,
    /// The pictures its [`Block::Photos`] show, as JPEG by key: each embedded once, however
    /// often it is shown.
    pub images: BTreeMap<String, Vec<u8>>,
}

impl Document {
    /// The laid-out pages, with running header and footer.
    pub fn pages(&self) -> Result<Vec<Page>> {
        let font = font::font()?;
        let visible = |t: &str| font.visible(t);
        let blocks: Vec<Block> = self.blocks.iter().map(|b| b.map_text(&visible)).collect();
        let mut pages = layout::paginate(&blocks, font);
        let running = Running { school: &visible(&self.school), title: &visible(&self.title) };
        layout::decorate(&mut pages, &running, font);
        Ok(pages)
    }

    /// The PDF. `progress(done, total)` is called as each page is written and once more when
    /// the file is complete (`total` is the page count plus one), so a long document can show
    /// how far it has got.
    pub fn render(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<Pdf> {
        let pages = self.pages()?;
        let bytes = pdf::write(&pages, &self.title, font::font()?, &self.images, progress);
        Ok(Pdf { bytes, pages: pages.len() })
    }
}

/// A written document.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Which document the app asks for.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportRequest {
    /// The briefing pack of a trip (出访简报).
    Brief { trip_id: Id },
    /// The leadership summary (工作简报) of a period, or of the whole campaign; with a
    /// 典型案例 page of one visit (its photos, its outcomes and its 典型案例 text) if named.
    Summary {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        #[serde(default)]
        #[ts(optional = nullable)]
        case_visit_id: Option<Id>,
    },
    /// The record sheet of a visit (走访记录表).
    Visit { visit_id: Id },
}

/// Builds the document `request` names; its photos come from `vault`.
pub fn make(conn: &Connection, vault: &Vault, request: ReportRequest, now: DateTime<Utc>) -> Result<Document> {
    match request {
        ReportRequest::Brief { trip_id } => brief(conn, vault, &trip_id, now),
        ReportRequest::Summary { from, to, case_visit_id } => {
            summary(conn, vault, Period::optional(from, to)?, case_visit_id.as_ref(), now)
        }
        ReportRequest::Visit { visit_id } => visit_sheet(conn, vault, &visit_id, now),
    }
}

/// The photos of visit `visit_id` a document prints ([`attachments::doc_photos`]), as a block,
/// their pictures added to `images`; `None` when it has none.
fn photos(
    conn: &Connection,
    vault: &Vault,
    visit_id: &Id,
    or_any: bool,
    limit: usize,
    images: &mut BTreeMap<String, Vec<u8>>,
) -> Result<Option<Block>> {
    let found = crate::attachments::doc_photos(conn, vault, visit_id, or_any, limit)?;
    if found.is_empty() {
        return Ok(None);
    }
    let pictures = found
        .into_iter()
        .map(|p| {
            let picture = Picture { key: p.key.clone(), width: p.width, height: p.height, caption: p.caption };
            images.insert(p.key, p.jpeg);
            picture
        })
        .collect();
    Ok(Some(Block::Photos(pictures)))
}

/// How far a PDF is written: `page` of `pages` (see [`Document::render`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ReportProgress {
    pub page: usize,
    pub pages: usize,
}

/// Everyone in the store by id, those in the trash too: a record keeps showing who took part.
fn people(conn: &Connection) -> Result<HashMap<Id, Person>> {
    let mut stmt = conn.prepare_cached("SELECT id, data FROM people")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, data) = row?;
        out.insert(id, serde_json::from_str(&data)?);
    }
    Ok(out)
}

/// A person's name, or "—" for someone not in the store.
fn name<'a>(people: &'a HashMap<Id, Person>, id: &Id) -> &'a str {
    people.get(id).map_or("—", |p| p.name.as_str())
}

/// The names of `ids`, joined with 、.
fn names(people: &HashMap<Id, Person>, ids: &[&Id]) -> String {
    ids.iter().map(|id| name(people, id)).collect::<Vec<_>>().join("、")
}

/// A time as the campaign's zone shows it: 2022-03-15 09:30.
fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// `text`, or a dash when it is blank.
fn or_dash(text: &str) -> String {
    if text.trim().is_empty() { "—".to_string() } else { text.to_string() }
}

/// Label–value pairs without the blank ones.
fn filled(fields: Vec<(&str, String)>) -> Vec<(String, String)> {
    fields.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(l, v)| (l.to_string(), v)).collect()
}

/// The first `limit` rows, and a note of how many more there are.
fn capped<'a, T>(items: &'a [T], limit: usize, what: &str) -> (&'a [T], Option<Block>) {
    let listed = items.len().min(limit);
    (&items[..listed], unlisted(listed, items.len(), what))
}

/// A note of how many of `total` rows a list of `listed` leaves out (none if it has them all).
fn unlisted(listed: usize, total: usize, what: &str) -> Option<Block> {
    (total > listed)
        .then(|| Block::Note(format!("另有 {} 条{what}未列出（共 {total} 条），请在工作台中查看。", total - listed)))
}

/// A one-decimal figure, or a dash when there is none.
fn decimal(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.1}"))
}

/// A demand survey's answers, the blank ones left out.
fn demand_fields(s: &DemandSurvey) -> Block {
    Block::Fields(filled(vec![
        ("需求专业", s.majors_wanted.join("、")),
        ("看重的能力", s.abilities_wanted.join("、")),
        ("计划招聘", s.planned_hires.map(|n| format!("{n} 人")).unwrap_or_default()),
        ("知识要求", s.knowledge.clone()),
        ("能力要求", s.ability.clone()),
        ("素质要求", s.qualities.clone()),
        ("行业趋势", s.industry_trend.clone()),
        ("指出的不足", s.shortcomings.clone()),
        ("单位建议", s.suggestions.clone()),
    ]))
}

/// A graduate follow-up's satisfaction ratings and answers, the blank ones left out.
fn followup_fields(s: &FollowupSurvey) -> Block {
    Block::Fields(filled(vec![
        ("满意度：思想道德品质", format!("{} / 5", s.satisfaction_moral)),
        ("满意度：职业素养", format!("{} / 5", s.satisfaction_literacy)),
        ("满意度：专业能力", format!("{} / 5", s.satisfaction_ability)),
        ("在职毕业生", format!("{} 人", s.graduates_employed)),
        ("工作与发展", s.work_and_life.clone()),
        ("毕业生建议", s.graduate_suggestions.clone()),
        ("单位反馈", s.employer_feedback.clone()),
    ]))
}

/// Job postings as a table.
fn postings_table<'a>(postings: impl Iterator<Item = &'a JobPosting>) -> Block {
    Block::Table(Table {
        header: ["岗位", "人数", "专业", "学历", "地点"].map(String::from).to_vec(),
        widths: vec![2.4, 0.8, 3.0, 0.9, 1.8],
        rows: postings
            .map(|p| {
                vec![
                    p.title.clone(),
                    p.headcount.to_string(),
                    or_dash(&p.majors.join("、")),
                    p.education.zh().to_string(),
                    or_dash(&p.location),
                ]
            })
            .collect(),
    })
}

/// A graduation year as 2019 届, or a dash.
fn class_of(year: Option<u16>) -> String {
    year.map_or_else(|| "—".to_string(), |y| format!("{y} 届"))
}
