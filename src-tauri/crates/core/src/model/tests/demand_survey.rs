//! DemandSurvey: a valid baseline, and each validated field's bad values.
use super::*;

fn demand_survey() -> DemandSurvey {
    DemandSurvey {
        visit_id: visit_id(),
        knowledge: "扎实的数据结构基础\r\n".into(),
        ability: "动手能力".into(),
        qualities: "吃苦耐劳".into(),
        industry_trend: "\n嵌入式人才紧缺 ".into(),
        majors_wanted: strings(&["电子信息工程", " 自动化", "电子信息工程"]),
        abilities_wanted: strings(&["C语言", ""]),
        planned_hires: Some(20),
        shortcomings: "实践环节偏少".into(),
        suggestions: "增加企业课程".into(),
    }
}

#[test]
fn demand_survey_baseline_is_normalised() {
    let expected = DemandSurvey {
        knowledge: "扎实的数据结构基础".into(),
        industry_trend: "嵌入式人才紧缺".into(),
        majors_wanted: strings(&["电子信息工程", "自动化"]),
        abilities_wanted: strings(&["C语言"]),
        ..demand_survey()
    };
    assert_eq!(normalised(demand_survey()), expected);
}

#[test]
fn demand_survey_fields_are_checked() {
    Cases::new(demand_survey)
        .text("demand_survey.knowledge", |d, s| d.knowledge = s)
        .text("demand_survey.ability", |d, s| d.ability = s)
        .text("demand_survey.qualities", |d, s| d.qualities = s)
        .text("demand_survey.industry_trend", |d, s| d.industry_trend = s)
        .labels("demand_survey.majors_wanted", |d, v| d.majors_wanted = v)
        .labels("demand_survey.abilities_wanted", |d, v| d.abilities_wanted = v)
        .field(
            "demand_survey.planned_hires",
            |d, n| d.planned_hires = n,
            &[(Some(1_000_001), out_of(0, 1_000_000)), (Some(u32::MAX), out_of(0, 1_000_000))],
            &[Some(0), Some(1_000_000), None],
        )
        .text("demand_survey.shortcomings", |d, s| d.shortcomings = s)
        .text("demand_survey.suggestions", |d, s| d.suggestions = s)
        .check();
}

#[test]
fn demand_survey_references() {
    let demand_refs = expected_refs(&[("demand_survey.visit_id", Kind::Visit, visit_id())]);
    assert_eq!(refs(&normalised(demand_survey())), demand_refs);
}
