//! Job share: a valid baseline, one source, and its counts.
use super::*;

fn share() -> JobShare {
    JobShare {
        paired_school_id: id(20),
        job_posting_id: Some(id(21)),
        recruitment_event_id: None,
        headcount: 5,
        shared_at: utc("2022-06-01T02:00:00.250Z"),
        placed_reported: Some(2),
        reported_at: Some(utc("2022-07-01T02:00:00.750Z")),
    }
}

#[test]
fn job_share_baseline_is_normalised() {
    let expected =
        JobShare { shared_at: utc("2022-06-01T02:00:00Z"), reported_at: Some(utc("2022-07-01T02:00:00Z")), ..share() };
    assert_eq!(normalised(share()), expected);
    assert_eq!(
        refs(&share()),
        expected_refs(&[
            ("job_share.paired_school_id", Kind::PairedSchool, id(20)),
            ("job_share.job_posting_id", Kind::JobPosting, id(21)),
        ])
    );
}

#[test]
fn job_share_names_one_source() {
    Cases::new(share)
        .bad("no source", |s| s.job_posting_id = None, "job_share.job_posting_id", Problem::InvalidState)
        .bad(
            "two sources",
            |s| s.recruitment_event_id = Some(id(22)),
            "job_share.job_posting_id",
            Problem::InvalidState,
        )
        .good("an event", |s| {
            s.job_posting_id = None;
            s.recruitment_event_id = Some(id(22));
            s.headcount = 0;
        })
        .bad("a headcount past any", |s| s.headcount = 100_001, "job_share.headcount", out_of(0, 100_000))
        .bad(
            "placements past any",
            |s| s.placed_reported = Some(100_001),
            "job_share.placed_reported",
            out_of(0, 100_000),
        )
        .check();
}
