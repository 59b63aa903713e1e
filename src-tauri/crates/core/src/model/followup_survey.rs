//! The graduate follow-up survey (毕业生就业状况跟踪调查).
use super::validate::{Checked, Problem, fail, line, optional_line, range, text};
use super::{Facts, Kind, Parent, Record, join};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A graduate of the school working at the employer, as met on a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrackedGraduate {
    pub name: String,
    #[serde(default)]
    pub grad_year: Option<u16>,
    #[serde(default)]
    pub major: String,
    #[serde(default)]
    pub position: String,
}

/// The graduate follow-up survey (毕业生就业状况跟踪调查), with employer satisfaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FollowupSurvey {
    pub visit_id: Id,
    /// Graduates of the school working there.
    #[serde(default)]
    pub graduates_employed: u32,
    #[serde(default)]
    pub graduates: Vec<TrackedGraduate>,
    /// Their work, life and development.
    #[serde(default)]
    pub work_and_life: String,
    /// Their suggestions on the school's training.
    #[serde(default)]
    pub graduate_suggestions: String,
    /// Satisfaction with ideological and moral quality (思想道德品质), 1–5.
    pub satisfaction_moral: u8,
    /// … professional literacy (职业素养), 1–5.
    pub satisfaction_literacy: u8,
    /// … professional ability (专业能力), 1–5.
    pub satisfaction_ability: u8,
    #[serde(default)]
    pub employer_feedback: String,
}

impl Record for FollowupSurvey {
    const KIND: Kind = Kind::FollowupSurvey;
    const PARENTS: &'static [Parent<Self>] =
        &[Parent { field: "followup_survey.visit_id", kind: Kind::Visit, id: |s| Some(&s.visit_id) }];
    const FACTS: Facts = Facts::ToItsVisit;
    fn validate(self) -> Checked<Self> {
        range("followup_survey.satisfaction_moral", self.satisfaction_moral.into(), 1, 5)?;
        range("followup_survey.satisfaction_literacy", self.satisfaction_literacy.into(), 1, 5)?;
        range("followup_survey.satisfaction_ability", self.satisfaction_ability.into(), 1, 5)?;
        range("followup_survey.graduates_employed", self.graduates_employed.into(), 0, 1_000_000)?;
        if self.graduates.len() > 500 {
            return fail("followup_survey.graduates", Problem::OutOfRange { min: 0, max: 500 });
        }
        let graduates = self
            .graduates
            .into_iter()
            .map(|g| {
                if let Some(year) = g.grad_year {
                    range("followup_survey.graduates.grad_year", year.into(), 1900, 2100)?;
                }
                Ok(TrackedGraduate {
                    name: line("followup_survey.graduates.name", &g.name)?,
                    grad_year: g.grad_year,
                    major: optional_line("followup_survey.graduates.major", &g.major)?,
                    position: optional_line("followup_survey.graduates.position", &g.position)?,
                })
            })
            .collect::<Checked<Vec<_>>>()?;
        Ok(FollowupSurvey {
            graduates_employed: self.graduates_employed.max(graduates.len() as u32),
            graduates,
            work_and_life: text("followup_survey.work_and_life", &self.work_and_life)?,
            graduate_suggestions: text("followup_survey.graduate_suggestions", &self.graduate_suggestions)?,
            employer_feedback: text("followup_survey.employer_feedback", &self.employer_feedback)?,
            ..self
        })
    }
    fn title(&self) -> String {
        self.graduates.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join("、")
    }
    fn search_text(&self) -> String {
        let graduates: Vec<String> = self.graduates.iter().map(|g| join(&[&g.name, &g.major, &g.position])).collect();
        join(&[&graduates.join("\n"), &self.work_and_life, &self.graduate_suggestions, &self.employer_feedback])
    }
}
