//! Shared job: a valid baseline, checked by the rules of the posting or event it copies, and
//! read-only but for what it placed.
use super::*;
use crate::access::{Access, Actor};

fn green() -> SharedEmployer {
    SharedEmployer {
        name: " 苏州绿叶精密机械有限公司 ".into(),
        credit_code: Some(" 91350100m000100y43 ".into()),
        industry: "制造业".into(),
        region: "江苏省苏州市".into(),
        address: String::new(),
    }
}

fn job() -> SharedJob {
    SharedJob {
        paired_school_id: id(20),
        source: SharedSource::Posting,
        source_id: id(21),
        source_version: utc("2022-06-01T02:00:00.500Z"),
        employer: green(),
        posting: Some(SharedPosting {
            title: " 数控工程师 ".into(),
            headcount: 5,
            majors: strings(&["机电一体化", " 机电一体化 "]),
            education: Education::Vocational,
            location: "苏州".into(),
            pay_min: Some(6000),
            pay_max: Some(8000),
            stage: PostingStage::Published,
        }),
        event: None,
        matched_employer_id: Some(employer_id()),
        placed: None,
    }
}

fn talk() -> SharedEvent {
    SharedEvent {
        kind: EventKind::Talk,
        held_on: day("2022-06-20"),
        venue: " 图书馆报告厅 ".into(),
        link: String::new(),
        majors: Vec::new(),
    }
}

#[test]
fn shared_job_baseline_is_normalised() {
    let valid = normalised(job());
    assert_eq!(valid.source_version, utc("2022-06-01T02:00:00Z"));
    assert_eq!(valid.employer.name, "苏州绿叶精密机械有限公司");
    assert_eq!(valid.employer.credit_code.as_deref(), Some("91350100M000100Y43"));
    let posting = valid.posting.as_ref().unwrap();
    assert_eq!(
        (posting.title.as_str(), posting.majors.as_slice()),
        ("数控工程师", strings(&["机电一体化"]).as_slice())
    );
    assert_eq!(valid.title(), "数控工程师");
    assert!(valid.search_text().contains("苏州绿叶精密机械有限公司"));
    assert_eq!(
        refs(&job()),
        expected_refs(&[
            ("shared_job.paired_school_id", Kind::PairedSchool, id(20)),
            ("shared_job.matched_employer_id", Kind::Employer, employer_id()),
        ])
    );
    let event = normalised(SharedJob { source: SharedSource::Event, posting: None, event: Some(talk()), ..job() });
    assert_eq!(event.title(), "宣讲会 2022-06-20");
    assert!(!event.is_closed());
    assert!(
        normalised(SharedJob {
            posting: job().posting.map(|p| SharedPosting { stage: PostingStage::Filled, ..p }),
            ..job()
        })
        .is_closed()
    );
}

/// What it copies is checked by the rules of its kind, under that kind's field names.
#[test]
fn shared_job_fields_are_checked_as_their_source_is() {
    let fails = |j: SharedJob| j.validate().unwrap_err();
    let with_posting = |change: fn(&mut SharedPosting)| {
        let mut j = job();
        change(j.posting.as_mut().unwrap());
        j
    };
    let cases: Vec<(SharedJob, &str, Problem)> = vec![
        (SharedJob { event: Some(talk()), ..job() }, "shared_job.source", Problem::InvalidState),
        (SharedJob { posting: None, ..job() }, "shared_job.source", Problem::InvalidState),
        (SharedJob { source: SharedSource::Event, ..job() }, "shared_job.source", Problem::InvalidState),
        (SharedJob { placed: Some(100_001), ..job() }, "shared_job.placed", out_of(0, 100_000)),
        (with_posting(|p| p.title = " ".into()), "job_posting.title", Problem::Required),
        (with_posting(|p| p.headcount = 0), "job_posting.headcount", out_of(1, 100_000)),
        (with_posting(|p| p.pay_max = Some(10)), "job_posting.pay_max", Problem::EndBeforeStart),
        (
            SharedJob { employer: SharedEmployer { credit_code: Some("913501".into()), ..green() }, ..job() },
            "employer.credit_code",
            Problem::CreditCodeLength,
        ),
        (
            SharedJob {
                source: SharedSource::Event,
                posting: None,
                event: Some(SharedEvent { venue: String::new(), ..talk() }),
                ..job()
            },
            "recruitment_event.venue",
            Problem::Required,
        ),
    ];
    for (j, field, problem) in cases {
        assert_eq!(fails(j), ValidationError { field, problem });
    }
}

#[test]
fn only_a_newer_version_from_the_source_changes_what_it_says() {
    let admin = Actor { id: lead_id(), access: Access::Admin, assists: Vec::new(), college: String::new() };
    let was = normalised(job());
    let read_only = |after: SharedJob| after.guard(Some(&was), &admin).unwrap_err().code();
    let retitled = with_title(&was, "改过的标题");
    assert_eq!(read_only(retitled.clone()), "share.read_only", "even an admin's edit");
    assert_eq!(read_only(SharedJob { source_id: id(22), ..was.clone() }), "share.read_only");
    assert_eq!(read_only(SharedJob { paired_school_id: id(23), ..was.clone() }), "share.read_only");
    let older = SharedJob { source_version: was.source_version - Duration::seconds(1), ..retitled.clone() };
    assert_eq!(read_only(older), "share.read_only");
    let newer = SharedJob { source_version: was.source_version + Duration::seconds(1), ..retitled };
    assert!(newer.guard(Some(&was), &admin).is_ok(), "a newer version from the source");
    let placed = SharedJob { placed: Some(3), matched_employer_id: None, ..was.clone() };
    assert!(placed.guard(Some(&was), &admin).is_ok(), "what it placed, and the employer matched here");
    assert!(was.guard(None, &admin).is_ok());
}

fn with_title(j: &SharedJob, title: &str) -> SharedJob {
    let mut j = j.clone();
    j.posting.as_mut().unwrap().title = title.into();
    j
}
