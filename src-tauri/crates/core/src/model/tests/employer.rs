//! Employer: a valid baseline, and each validated field's bad values.
use super::*;

fn employer() -> Employer {
    Employer {
        name: " 福州示例科技有限公司 ".into(),
        credit_code: Some(" 9135 0100-m000100y43 ".into()),
        industry: " 信息技术 ".into(),
        ownership: Ownership::Private,
        size: EmployerSize::Medium,
        region: " 福建省福州市鼓楼区 ".into(),
        address: "软件大道89号 ".into(),
        park: String::new(),
        is_key: true,
        origin: Origin::Existing,
        developed_on: Some(day("2022-03-20")),
        notes: "\r\n重点联系单位\r\n每年春招\n\n".into(),
        merged_into: None,
    }
}

#[test]
fn employer_baseline_is_normalised() {
    let expected = Employer {
        name: "福州示例科技有限公司".into(),
        credit_code: Some("91350100M000100Y43".into()),
        industry: "信息技术".into(),
        ownership: Ownership::Private,
        size: EmployerSize::Medium,
        region: "福建省福州市鼓楼区".into(),
        address: "软件大道89号".into(),
        park: String::new(),
        is_key: true,
        origin: Origin::Existing,
        // Dropped: only newly developed employers have one.
        developed_on: None,
        notes: "重点联系单位\n每年春招".into(),
        merged_into: None,
    };
    assert_eq!(normalised(employer()), expected);

    let new = normalised(Employer { origin: Origin::NewlyDeveloped, ..employer() });
    assert_eq!(new.developed_on, Some(day("2022-03-20")));

    // Full-width credit codes fold; an empty one is absent.
    let wide = normalised(Employer {
        credit_code: Some("９１３５０１００Ｍ０００１００Ｙ４３".into()), ..employer()
    });
    assert_eq!(wide.credit_code.as_deref(), Some("91350100M000100Y43"));
    let blank = normalised(Employer { credit_code: Some(" ".into()), ..employer() });
    assert_eq!(blank.credit_code, None);
}

#[test]
fn employer_fields_are_checked() {
    Cases::new(employer)
        .required_line("employer.name", |e, s| e.name = s)
        .field(
            "employer.credit_code",
            |e, s: &str| e.credit_code = Some(s.into()),
            &[
                ("91350100M000100Y44", Problem::CreditCodeCheck { expected: '3' }),
                ("91350100M000100Y4", Problem::CreditCodeLength),
                ("91350100M000100Y433", Problem::CreditCodeLength),
                ("91350100I000100Y43", Problem::CreditCodeCharacter),
                ("闽91350100M000100Y4", Problem::CreditCodeCharacter),
            ],
            &["91350100M000100Y43", "9135-0100-M000-100Y-43", ""],
        )
        .optional_line("employer.industry", |e, s| e.industry = s)
        .optional_line("employer.region", |e, s| e.region = s)
        .optional_line("employer.address", |e, s| e.address = s)
        .optional_line("employer.park", |e, s| e.park = s)
        .bad(
            "newly developed without a date",
            |e| {
                e.origin = Origin::NewlyDeveloped;
                e.developed_on = None;
            },
            "employer.developed_on",
            Problem::Required,
        )
        .good("existing without a date", |e| e.developed_on = None)
        .text("employer.notes", |e, s| e.notes = s)
        .check();
}

#[test]
fn employer_references() {
    assert!(refs(&normalised(employer())).is_empty());
}
