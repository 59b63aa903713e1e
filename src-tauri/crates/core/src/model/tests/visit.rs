//! Visit: a valid baseline, and each validated field's bad values.
use super::*;

/// A completed visit, a stop on a trip, with outcomes.
fn visit() -> Visit {
    Visit {
        employer_id: employer_id(),
        lead_id: lead_id(),
        participant_ids: vec![participant(1), lead_id(), participant(2), participant(1)],
        guests: "  校友办 张老师 ".into(),
        status: VisitStatus::Completed,
        mode: VisitMode::OnSite,
        planned_start: utc("2022-03-15T01:30:00.250Z"),
        planned_end: utc("2022-03-15T03:30:00Z"),
        time_zone: " Asia/Shanghai ".into(),
        actual_start: Some(utc("2022-03-15T01:40:12.999999999Z")),
        actual_end: Some(utc("2022-03-15T03:50:00.5Z")),
        objectives: "了解用人需求\r\n洽谈实习基地\r\n".into(),
        summary: "\n\n同意共建实习基地。  ".into(),
        cancel_reason: "  ".into(),
        outcome: Outcome {
            channel_established: true,
            recruitment_agreed: true,
            recruitment_mode: Some(RecruitmentMode::Both),
            recruitment_on: Some(day("2022-04-20")),
            exemplary: "校企合作典型\r\n".into(),
        },
        trip_id: Some(trip_id()),
        trip_seq: Some(2),
        travel_note: "地铁 40 分钟".into(),
        completed_by: None,
        confirmed_by: None,
        replan_of: None,
    }
}

fn plan(v: &mut Visit) {
    v.status = VisitStatus::Planned;
    v.actual_start = None;
    v.actual_end = None;
}

fn cancel(v: &mut Visit) {
    v.status = VisitStatus::Cancelled;
    v.actual_start = None;
    v.actual_end = None;
}

#[test]
fn visit_baseline_is_normalised() {
    let expected = Visit {
        employer_id: employer_id(),
        lead_id: lead_id(),
        // Repeats and the lead are dropped.
        participant_ids: vec![participant(1), participant(2)],
        guests: "校友办 张老师".into(),
        status: VisitStatus::Completed,
        mode: VisitMode::OnSite,
        // Whole seconds.
        planned_start: utc("2022-03-15T01:30:00Z"),
        planned_end: utc("2022-03-15T03:30:00Z"),
        time_zone: "Asia/Shanghai".into(),
        actual_start: Some(utc("2022-03-15T01:40:12Z")),
        actual_end: Some(utc("2022-03-15T03:50:00Z")),
        objectives: "了解用人需求\n洽谈实习基地".into(),
        summary: "同意共建实习基地。".into(),
        cancel_reason: String::new(),
        outcome: Outcome {
            channel_established: true,
            recruitment_agreed: true,
            recruitment_mode: Some(RecruitmentMode::Both),
            recruitment_on: Some(day("2022-04-20")),
            exemplary: "校企合作典型".into(),
        },
        trip_id: Some(trip_id()),
        trip_seq: Some(2),
        travel_note: "地铁 40 分钟".into(),
        completed_by: None,
        confirmed_by: None,
        replan_of: None,
    };
    let v = normalised(visit());
    assert_eq!(v, expected);
    assert_eq!(v.everyone(), [&lead_id(), &participant(1), &participant(2)]);
    assert_eq!(v.start(), utc("2022-03-15T01:40:12Z"));
}

#[test]
fn visit_recruitment_details_need_an_agreement() {
    let mut raw = visit();
    raw.outcome.recruitment_agreed = false;
    let v = normalised(raw);
    assert_eq!((v.outcome.recruitment_mode, v.outcome.recruitment_on), (None, None));
    assert!(v.outcome.channel_established);
}

#[test]
fn visit_planned_and_cancelled() {
    let mut raw = visit();
    plan(&mut raw);
    let planned = normalised(raw);
    assert_eq!((planned.actual_start, planned.actual_end), (None, None));
    assert_eq!(planned.start(), utc("2022-03-15T01:30:00Z"));

    let mut raw = visit();
    cancel(&mut raw);
    raw.cancel_reason = "  企业临时有会 ".into();
    assert_eq!(normalised(raw).cancel_reason, "企业临时有会");

    // A cancelled visit need not say why.
    let mut raw = visit();
    cancel(&mut raw);
    assert_eq!(normalised(raw).cancel_reason, "");
}

#[test]
fn visit_fields_are_checked() {
    let limit = Duration::hours(Visit::MAX_HOURS);
    let too_long = out_of(0, Visit::MAX_HOURS);
    let planned = utc("2022-03-15T01:30:00Z");
    let actual = utc("2022-03-15T01:40:12Z");
    let second = Duration::seconds(1);
    Cases::new(visit)
        .field(
            "visit.planned_end",
            |v, t| v.planned_end = t,
            &[
                (planned - Duration::hours(1), Problem::EndBeforeStart),
                (planned, Problem::EndBeforeStart),
                // The start is at 01:30:00.250; both are cut to whole seconds.
                (utc("2022-03-15T01:30:00.900Z"), Problem::EndBeforeStart),
                (planned + limit + second, too_long.clone()),
                (planned + Duration::days(7), too_long.clone()),
            ],
            &[planned + second, planned + limit],
        )
        .field(
            "visit.time_zone",
            |v, s: &str| v.time_zone = s.into(),
            &[("Asia/Beijing", Problem::TimeZone), ("", Problem::TimeZone)],
            &["America/New_York"],
        )
        // Actual times against the status: the baseline is completed.
        .field("visit.actual_start", |v, t| v.actual_start = t, &[(None, Problem::Required)], &[Some(planned)])
        .field(
            "visit.actual_end",
            |v, t| v.actual_end = t,
            &[
                (None, Problem::Required),
                (Some(actual - Duration::hours(2)), Problem::EndBeforeStart),
                (Some(actual), Problem::EndBeforeStart),
                (Some(actual + limit + Duration::minutes(1)), too_long),
            ],
            &[Some(actual + second), Some(actual + limit - second)],
        )
        .bad(
            "completed without actual times",
            |v| {
                v.actual_start = None;
                v.actual_end = None;
            },
            "visit.actual_start",
            Problem::Required,
        )
        // Only a completed visit has actual times.
        .field(
            "visit.actual_start",
            |v, status| v.status = status,
            &[(VisitStatus::Planned, Problem::InvalidState), (VisitStatus::Cancelled, Problem::InvalidState)],
            &[],
        )
        .bad(
            "planned with an actual start only",
            |v| {
                v.status = VisitStatus::Planned;
                v.actual_end = None;
            },
            "visit.actual_start",
            Problem::InvalidState,
        )
        .bad(
            "planned with an actual end only",
            |v| {
                v.status = VisitStatus::Planned;
                v.actual_start = None;
            },
            "visit.actual_end",
            Problem::InvalidState,
        )
        // Only a cancelled visit has a reason; it is a single line.
        .bad("on a completed visit", |v| v.cancel_reason = "下雨".into(), "visit.cancel_reason", Problem::InvalidState)
        .bad(
            "on a planned visit",
            |v| {
                plan(v);
                v.cancel_reason = "下雨".into();
            },
            "visit.cancel_reason",
            Problem::InvalidState,
        )
        .optional_line("visit.cancel_reason", |v, s| {
            cancel(v);
            v.cancel_reason = s;
        })
        .bad("a stop number without a trip", |v| v.trip_id = None, "visit.trip_seq", Problem::InvalidState)
        .good("not on a trip", |v| {
            v.trip_id = None;
            v.trip_seq = None;
        })
        .good("on a trip without a stop number", |v| v.trip_seq = None)
        .field(
            "visit.participant_ids",
            |v, n| v.participant_ids = (0..n).map(participant).collect(),
            &[(51, out_of(0, 50)), (100, out_of(0, 50))],
            &[0, 50],
        )
        .optional_line("visit.guests", |v, s| v.guests = s)
        .text("visit.objectives", |v, s| v.objectives = s)
        .text("visit.summary", |v, s| v.summary = s)
        .text("visit.travel_note", |v, s| v.travel_note = s)
        .text("visit.outcome.exemplary", |v, s| v.outcome.exemplary = s)
        .good("no outcome", |v| v.outcome = Outcome::default())
        .check();
}

#[test]
fn visit_references() {
    let v = normalised(visit());
    let expected = expected_refs(&[
        ("visit.employer_id", Kind::Employer, employer_id()),
        ("visit.lead_id", Kind::Person, lead_id()),
        ("visit.participant_ids", Kind::Person, participant(1)),
        ("visit.participant_ids", Kind::Person, participant(2)),
        ("visit.trip_id", Kind::Trip, trip_id()),
    ]);
    assert_eq!(refs(&v), expected);

    let alone = normalised(Visit { participant_ids: Vec::new(), trip_id: None, trip_seq: None, ..visit() });
    let expected = expected_refs(&[
        ("visit.employer_id", Kind::Employer, employer_id()),
        ("visit.lead_id", Kind::Person, lead_id()),
    ]);
    assert_eq!(refs(&alone), expected);
}
