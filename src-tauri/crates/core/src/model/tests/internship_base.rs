//! InternshipBase: a valid baseline, and each validated field's bad values.
use super::*;

fn internship_base() -> InternshipBase {
    InternshipBase {
        employer_id: employer_id(),
        visit_id: Some(visit_id()),
        name: " 软件学院实习实践基地 ".into(),
        status: BaseStatus::Signed,
        established_on: Some(day("2022-05-01")),
        capacity: Some(30),
        signed_on: None,
        term_ends_on: None,
        placements: Vec::new(),
    }
}

#[test]
fn internship_base_baseline_is_normalised() {
    let expected = InternshipBase { name: "软件学院实习实践基地".into(), ..internship_base() };
    assert_eq!(normalised(internship_base()), expected);
}

#[test]
fn internship_base_fields_are_checked() {
    Cases::new(internship_base)
        .required_line("internship_base.name", |b, s| b.name = s)
        .field(
            "internship_base.capacity",
            |b, n| b.capacity = n,
            &[(Some(0), out_of(1, 100_000)), (Some(100_001), out_of(1, 100_000))],
            &[Some(1), Some(100_000), None],
        )
        .bad(
            "term ends before it is signed",
            |b| {
                b.signed_on = Some(day("2022-05-01"));
                b.term_ends_on = Some(day("2022-04-30"));
            },
            "internship_base.term_ends_on",
            Problem::EndBeforeStart,
        )
        .bad(
            "unveiled before it is signed",
            |b| {
                b.signed_on = Some(day("2022-05-02"));
            },
            "internship_base.established_on",
            Problem::EndBeforeStart,
        )
        .field(
            "internship_base.placements",
            |b, p| b.placements = p,
            &[
                (vec![Placement { year: 1999, students: 3 }], out_of(2000, 2100)),
                (vec![Placement { year: 2023, students: 100_001 }], out_of(0, 100_000)),
                (
                    vec![Placement { year: 2023, students: 3 }, Placement { year: 2023, students: 4 }],
                    Problem::Duplicate,
                ),
            ],
            &[vec![], vec![Placement { year: 2023, students: 0 }, Placement { year: 2022, students: 9 }]],
        )
        .good("expired, signed the day it was unveiled", |b| {
            b.status = BaseStatus::Expired;
            b.signed_on = Some(day("2022-05-01"));
            b.term_ends_on = Some(day("2025-04-30"));
        })
        .good("intended, no date, no visit", |b| {
            b.status = BaseStatus::Intended;
            b.established_on = None;
            b.visit_id = None;
        })
        .check();
}

#[test]
fn internship_base_references() {
    let base_refs = expected_refs(&[
        ("internship_base.employer_id", Kind::Employer, employer_id()),
        ("internship_base.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&normalised(internship_base())), base_refs);
    let no_visit = normalised(InternshipBase { visit_id: None, ..internship_base() });
    assert_eq!(refs(&no_visit), expected_refs(&[("internship_base.employer_id", Kind::Employer, employer_id())]));
}
