//! JobPosting: a valid baseline, and each validated field's bad values.
use super::*;

fn job_posting() -> JobPosting {
    JobPosting {
        employer_id: employer_id(),
        visit_id: Some(visit_id()),
        title: " 嵌入式软件工程师 ".into(),
        headcount: 5,
        majors: strings(&[" 计算机科学与技术 ", "", "软件工程", "计算机科学与技术", "  "]),
        education: Education::Bachelor,
        location: " 深圳 ".into(),
        open: true,
    }
}

#[test]
fn job_posting_baseline_is_normalised() {
    let expected = JobPosting {
        title: "嵌入式软件工程师".into(),
        majors: strings(&["计算机科学与技术", "软件工程"]),
        location: "深圳".into(),
        ..job_posting()
    };
    assert_eq!(normalised(job_posting()), expected);
}

#[test]
fn job_posting_fields_are_checked() {
    Cases::new(job_posting)
        .required_line("job_posting.title", |j, s| j.title = s)
        .field(
            "job_posting.headcount",
            |j, n| j.headcount = n,
            &[(0, out_of(1, 100_000)), (100_001, out_of(1, 100_000))],
            &[1, 100_000],
        )
        .labels("job_posting.majors", |j, v| j.majors = v)
        .optional_line("job_posting.location", |j, s| j.location = s)
        .good("no visit", |j| j.visit_id = None)
        .check();
}

#[test]
fn job_posting_references() {
    let j = normalised(job_posting());
    let expected = expected_refs(&[
        ("job_posting.employer_id", Kind::Employer, employer_id()),
        ("job_posting.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&j), expected);
    let j = normalised(JobPosting { visit_id: None, ..job_posting() });
    assert_eq!(refs(&j), expected_refs(&[("job_posting.employer_id", Kind::Employer, employer_id())]));
}
