//! RecruitmentEvent: a valid baseline, and each validated field's bad values.
use super::*;

fn event() -> RecruitmentEvent {
    RecruitmentEvent {
        kind: EventKind::DoubleChoice,
        employer_id: employer_id(),
        co_employer_ids: vec![id(7), id(8)],
        visit_id: Some(visit_id()),
        held_on: day("2022-04-12"),
        venue: " 体育馆 ".into(),
        link: String::new(),
        majors: strings(&[" 机械设计制造及其自动化 ", "", "机械设计制造及其自动化"]),
        attended: Some(320),
        offers: Some(41),
        notes: "\r\n春季双选会\r\n".into(),
    }
}

#[test]
fn recruitment_event_baseline_is_normalised() {
    let expected = RecruitmentEvent {
        venue: "体育馆".into(),
        majors: strings(&["机械设计制造及其自动化"]),
        notes: "春季双选会".into(),
        ..event()
    };
    assert_eq!(normalised(event()), expected);
    assert_eq!(expected.title(), "双选会 2022-04-12");
}

#[test]
fn recruitment_event_fields_are_checked() {
    Cases::new(event)
        .bad(
            "a talk with co-employers",
            |e| e.kind = EventKind::Talk,
            "recruitment_event.co_employer_ids",
            Problem::InvalidState,
        )
        .bad(
            "the host twice",
            |e| e.co_employer_ids.push(employer_id()),
            "recruitment_event.co_employer_ids",
            Problem::Duplicate,
        )
        .bad(
            "a co-employer twice",
            |e| e.co_employer_ids.push(id(7)),
            "recruitment_event.co_employer_ids",
            Problem::Duplicate,
        )
        .bad("no venue and no link", |e| e.venue = " ".into(), "recruitment_event.venue", Problem::Required)
        .bad(
            "an online talk without a link",
            |e| {
                e.kind = EventKind::OnlineTalk;
                e.co_employer_ids.clear();
            },
            "recruitment_event.link",
            Problem::Required,
        )
        .field(
            "recruitment_event.link",
            |e, s: &str| e.link = s.into(),
            &[("ftp://example.cn/x", Problem::InvalidState), ("javascript:alert(1)", Problem::InvalidState)],
            &["https://meeting.example.cn/123", "http://example.cn"],
        )
        .good("an online talk with a link and no venue", |e| {
            e.kind = EventKind::OnlineTalk;
            e.co_employer_ids.clear();
            e.venue.clear();
            e.link = "https://meeting.example.cn/123".into();
        })
        .field("recruitment_event.offers", |e, n| e.offers = n, &[(Some(321), out_of(0, 320))], &[None, Some(320)])
        .good("offers with attendance unknown", |e| {
            e.attended = None;
            e.offers = Some(12);
        })
        .optional_line("recruitment_event.venue", |e, s| {
            // A venue or a link is needed: the empty venue is tested above.
            e.link = "https://meeting.example.cn/1".into();
            e.venue = s;
        })
        .labels("recruitment_event.majors", |e, v| e.majors = v)
        .text("recruitment_event.notes", |e, s| e.notes = s)
        .check();
}

#[test]
fn recruitment_event_references() {
    let expected = expected_refs(&[
        ("recruitment_event.employer_id", Kind::Employer, employer_id()),
        ("recruitment_event.visit_id", Kind::Visit, visit_id()),
        ("recruitment_event.co_employer_ids", Kind::Employer, id(7)),
        ("recruitment_event.co_employer_ids", Kind::Employer, id(8)),
    ]);
    assert_eq!(refs(&normalised(event())), expected);
}
