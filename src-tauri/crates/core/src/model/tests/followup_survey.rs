//! FollowupSurvey and TrackedGraduate: a valid baseline, and each validated field's bad values.
use super::*;

fn graduate(name: &str) -> TrackedGraduate {
    TrackedGraduate {
        name: name.into(),
        grad_year: Some(2020),
        major: " 软件工程 ".into(),
        position: " 测试工程师 ".into(),
    }
}

fn followup_survey() -> FollowupSurvey {
    FollowupSurvey {
        visit_id: visit_id(),
        graduates_employed: 1,
        graduates: vec![graduate(" 陈晨 "), TrackedGraduate { grad_year: None, ..graduate("刘洋") }],
        work_and_life: "工作稳定\r\n".into(),
        graduate_suggestions: "多开项目课".into(),
        satisfaction_moral: 5,
        satisfaction_literacy: 4,
        satisfaction_ability: 1,
        employer_feedback: "  满意".into(),
    }
}

#[test]
fn followup_survey_baseline_is_normalised() {
    let tidy = |name: &str, grad_year| TrackedGraduate {
        name: name.into(),
        grad_year,
        major: "软件工程".into(),
        position: "测试工程师".into(),
    };
    let expected = FollowupSurvey {
        // Raised to the number of graduates listed.
        graduates_employed: 2,
        graduates: vec![tidy("陈晨", Some(2020)), tidy("刘洋", None)],
        work_and_life: "工作稳定".into(),
        // Free text keeps its indentation.
        employer_feedback: "  满意".into(),
        ..followup_survey()
    };
    assert_eq!(normalised(followup_survey()), expected);

    // More employed than listed stays as it is.
    let more = normalised(FollowupSurvey { graduates_employed: 40, ..followup_survey() });
    assert_eq!(more.graduates_employed, 40);
    let none = normalised(FollowupSurvey { graduates_employed: 0, graduates: Vec::new(), ..followup_survey() });
    assert_eq!(none.graduates_employed, 0);
}

#[test]
fn followup_survey_fields_are_checked() {
    let score = || [(0, out_of(1, 5)), (6, out_of(1, 5)), (u8::MAX, out_of(1, 5))];
    let year = out_of(1900, 2100);
    let graduates = |n: usize| (0..n).map(|i| graduate(&format!("毕业生{i}"))).collect::<Vec<_>>();
    Cases::new(followup_survey)
        .field("followup_survey.satisfaction_moral", |f, n| f.satisfaction_moral = n, &score(), &[1, 5])
        .field("followup_survey.satisfaction_literacy", |f, n| f.satisfaction_literacy = n, &score(), &[1, 5])
        .field("followup_survey.satisfaction_ability", |f, n| f.satisfaction_ability = n, &score(), &[1, 5])
        .field(
            "followup_survey.graduates_employed",
            |f, n| f.graduates_employed = n,
            &[(1_000_001, out_of(0, 1_000_000))],
            &[0, 1_000_000],
        )
        .field(
            "followup_survey.graduates",
            |f, g| f.graduates = g,
            &[(graduates(501), out_of(0, 500))],
            &[Vec::new(), graduates(500)],
        )
        .field(
            "followup_survey.graduates.grad_year",
            |f, y| f.graduates[1].grad_year = y,
            &[(Some(1899), year.clone()), (Some(2101), year.clone()), (Some(0), year)],
            &[Some(1900), Some(2100), None],
        )
        .required_line("followup_survey.graduates.name", |f, s| f.graduates[1].name = s)
        .optional_line("followup_survey.graduates.major", |f, s| f.graduates[0].major = s)
        .optional_line("followup_survey.graduates.position", |f, s| f.graduates[1].position = s)
        .text("followup_survey.work_and_life", |f, s| f.work_and_life = s)
        .text("followup_survey.graduate_suggestions", |f, s| f.graduate_suggestions = s)
        .text("followup_survey.employer_feedback", |f, s| f.employer_feedback = s)
        .check();
}

#[test]
fn followup_survey_references() {
    let followup_refs = expected_refs(&[("followup_survey.visit_id", Kind::Visit, visit_id())]);
    assert_eq!(refs(&normalised(followup_survey())), followup_refs);
}
