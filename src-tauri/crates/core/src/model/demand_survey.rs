//! The social demand survey (社会需求调查).
use super::validate::{Checked, labels, range, text};
use super::{Facts, Kind, Parent, Record, join};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The social demand survey (社会需求调查) carried out on a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DemandSurvey {
    pub visit_id: Id,
    /// Requirements on graduates' knowledge (知识).
    #[serde(default)]
    pub knowledge: String,
    /// … ability (能力).
    #[serde(default)]
    pub ability: String,
    /// … qualities (素质).
    #[serde(default)]
    pub qualities: String,
    /// The industry's development trend and talent demand.
    #[serde(default)]
    pub industry_trend: String,
    /// Majors the employer asks for.
    #[serde(default)]
    pub majors_wanted: Vec<String>,
    /// Abilities the employer asks for most.
    #[serde(default)]
    pub abilities_wanted: Vec<String>,
    /// Hires planned in the coming year, if the employer said.
    #[serde(default)]
    pub planned_hires: Option<u32>,
    /// Shortcomings seen in the school's majors, training and employment services.
    #[serde(default)]
    pub shortcomings: String,
    #[serde(default)]
    pub suggestions: String,
}

impl Record for DemandSurvey {
    const KIND: Kind = Kind::DemandSurvey;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "demand_survey.visit_id", kind: Kind::Visit, id: |s| Some(&s.visit_id) }];
    const FACTS: Facts = Facts::ToItsVisit;
    fn validate(self) -> Checked<Self> {
        if let Some(n) = self.planned_hires {
            range("demand_survey.planned_hires", n.into(), 0, 1_000_000)?;
        }
        Ok(DemandSurvey {
            knowledge: text("demand_survey.knowledge", &self.knowledge)?,
            ability: text("demand_survey.ability", &self.ability)?,
            qualities: text("demand_survey.qualities", &self.qualities)?,
            industry_trend: text("demand_survey.industry_trend", &self.industry_trend)?,
            majors_wanted: labels("demand_survey.majors_wanted", &self.majors_wanted)?,
            abilities_wanted: labels("demand_survey.abilities_wanted", &self.abilities_wanted)?,
            shortcomings: text("demand_survey.shortcomings", &self.shortcomings)?,
            suggestions: text("demand_survey.suggestions", &self.suggestions)?,
            ..self
        })
    }
    fn title(&self) -> String {
        self.majors_wanted.join("、")
    }
    fn search_text(&self) -> String {
        join(&[
            &self.knowledge,
            &self.ability,
            &self.qualities,
            &self.industry_trend,
            &self.majors_wanted.join(" "),
            &self.abilities_wanted.join(" "),
            &self.shortcomings,
            &self.suggestions,
        ])
    }
}
