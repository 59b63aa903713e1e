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
        stage: PostingStage::Published,
        pay_min: None,
        pay_max: None,
        hired: None,
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
        .field(
            "job_posting.pay_min",
            |j, n| j.pay_min = n,
            &[(Some(0), out_of(1, 1_000_000)), (Some(1_000_001), out_of(1, 1_000_000))],
            &[None, Some(1)],
        )
        .field(
            "job_posting.pay_max",
            |j, n| j.pay_max = n,
            &[(Some(0), out_of(1, 1_000_000))],
            &[None, Some(1_000_000)],
        )
        .bad(
            "pay to below pay from",
            |j| {
                j.pay_min = Some(8_000);
                j.pay_max = Some(6_000);
            },
            "job_posting.pay_max",
            Problem::EndBeforeStart,
        )
        .good("pay from and to equal", |j| {
            j.pay_min = Some(6_000);
            j.pay_max = Some(6_000);
        })
        .field("job_posting.hired", |j, n| j.hired = n, &[(Some(100_001), out_of(0, 100_000))], &[None, Some(0)])
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

/// A posting stored before stages had `open` instead: open reads as 已发布, closed as 已关闭,
/// and a stage, when there is one, wins.
#[test]
fn a_posting_without_a_stage_reads_its_open_flag() {
    let mut json = serde_json::to_value(job_posting()).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.remove("stage");
    for (open, stage) in [(true, PostingStage::Published), (false, PostingStage::Closed)] {
        obj.insert("open".into(), open.into());
        let read: JobPosting = serde_json::from_value(serde_json::Value::Object(obj.clone())).unwrap();
        assert_eq!(read.stage, stage);
    }
    obj.insert("stage".into(), "filled".into());
    let read: JobPosting = serde_json::from_value(serde_json::Value::Object(obj.clone())).unwrap();
    assert_eq!(read.stage, PostingStage::Filled);
    assert!(!serde_json::to_value(&read).unwrap().as_object().unwrap().contains_key("open"));
}
