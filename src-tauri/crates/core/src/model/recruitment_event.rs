//! Recruitment events (招聘活动): 宣讲会, 专场招聘会, 双选会, 空中宣讲.
use super::validate::{self, Checked, Problem, fail, labels, optional_line, range, text};
use super::{Kind, Parent, Record, choice, join};
use crate::ids::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// 宣讲会 / 专场招聘会 / 双选会 / 空中宣讲.
    EventKind {
        Talk = "talk",
        JobFair = "job_fair",
        DoubleChoice = "double_choice",
        OnlineTalk = "online_talk",
    }
);

impl EventKind {
    /// The Chinese name, for titles and search.
    pub fn zh(self) -> &'static str {
        match self {
            EventKind::Talk => "宣讲会",
            EventKind::JobFair => "专场招聘会",
            EventKind::DoubleChoice => "双选会",
            EventKind::OnlineTalk => "空中宣讲",
        }
    }
}

/// A recruitment event held for the school's students: one employer's, or several employers'
/// at a 双选会.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecruitmentEvent {
    pub kind: EventKind,
    /// The employer that holds it (the first of a 双选会's).
    pub employer_id: Id,
    /// The other employers at a 双选会.
    #[serde(default)]
    pub co_employer_ids: Vec<Id>,
    /// The visit that agreed it, if any.
    #[serde(default)]
    pub visit_id: Option<Id>,
    pub held_on: NaiveDate,
    #[serde(default)]
    pub venue: String,
    /// Where an online event is held (http or https).
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub majors: Vec<String>,
    /// Students who attended, when known.
    #[serde(default)]
    pub attended: Option<u32>,
    /// Offers made to students, when known.
    #[serde(default)]
    pub offers: Option<u32>,
    #[serde(default)]
    pub notes: String,
}

/// Most employers at one 双选会.
const MAX_CO_EMPLOYERS: usize = 500;

impl Record for RecruitmentEvent {
    const KIND: Kind = Kind::RecruitmentEvent;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "recruitment_event.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "recruitment_event.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
    ];
    fn validate(self) -> Checked<Self> {
        let field = "recruitment_event.co_employer_ids";
        if !self.co_employer_ids.is_empty() && self.kind != EventKind::DoubleChoice {
            return fail(field, Problem::InvalidState);
        }
        if self.co_employer_ids.len() > MAX_CO_EMPLOYERS {
            return fail(field, Problem::OutOfRange { min: 0, max: MAX_CO_EMPLOYERS as i64 });
        }
        let mut seen = vec![&self.employer_id];
        for id in &self.co_employer_ids {
            if seen.contains(&id) {
                return fail(field, Problem::Duplicate);
            }
            seen.push(id);
        }
        let venue = optional_line("recruitment_event.venue", &self.venue)?;
        let link = optional_line("recruitment_event.link", &self.link)?;
        if !(link.is_empty() || link.starts_with("https://") || link.starts_with("http://")) {
            return fail("recruitment_event.link", Problem::InvalidState);
        }
        match self.kind {
            EventKind::OnlineTalk if link.is_empty() => return fail("recruitment_event.link", Problem::Required),
            EventKind::OnlineTalk => {}
            _ if validate::is_blank(&venue) && link.is_empty() => {
                return fail("recruitment_event.venue", Problem::Required);
            }
            _ => {}
        }
        if let Some(n) = self.attended {
            range("recruitment_event.attended", n.into(), 0, 1_000_000)?;
        }
        if let Some(n) = self.offers {
            range("recruitment_event.offers", n.into(), 0, self.attended.map_or(1_000_000, i64::from))?;
        }
        Ok(RecruitmentEvent {
            venue,
            link,
            majors: labels("recruitment_event.majors", &self.majors)?,
            notes: text("recruitment_event.notes", &self.notes)?,
            ..self
        })
    }
    fn other_references(&self) -> Vec<(&'static str, Kind, &Id)> {
        self.co_employer_ids.iter().map(|id| ("recruitment_event.co_employer_ids", Kind::Employer, id)).collect()
    }
    fn title(&self) -> String {
        format!("{} {}", self.kind.zh(), self.held_on)
    }
    fn search_text(&self) -> String {
        join(&[self.kind.zh(), &self.venue, &self.majors.join(" "), &self.notes])
    }
}
