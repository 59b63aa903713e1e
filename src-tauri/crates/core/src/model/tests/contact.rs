//! Contact: a valid baseline, and each validated field's bad values.
use super::*;

fn contact() -> Contact {
    Contact {
        employer_id: employer_id(),
        name: " 李娜 ".into(),
        title: " 人力资源部经理 ".into(),
        phone: Some(" 010-6275 1234 ".into()),
        mobile: Some("+86 139 1234 5678".into()),
        email: Some(" hr@example.cn".into()),
        is_alumnus: true,
        alumni_year: Some(2012),
        alumni_major: " 计算机科学与技术 ".into(),
        notes: "校友，2012届\r\n".into(),
    }
}

#[test]
fn contact_baseline_is_normalised() {
    let expected = Contact {
        employer_id: employer_id(),
        name: "李娜".into(),
        title: "人力资源部经理".into(),
        phone: Some("010-62751234".into()),
        mobile: Some("13912345678".into()),
        email: Some("hr@example.cn".into()),
        is_alumnus: true,
        alumni_year: Some(2012),
        alumni_major: "计算机科学与技术".into(),
        notes: "校友，2012届".into(),
    };
    assert_eq!(normalised(contact()), expected);

    // Alumni fields are cleared for someone who is not an alumnus.
    let not_alumnus = normalised(Contact { is_alumnus: false, ..contact() });
    assert_eq!((not_alumnus.alumni_year, not_alumnus.alumni_major.as_str()), (None, ""));

    let bare = normalised(Contact { phone: Some(String::new()), mobile: None, email: Some("  ".into()), ..contact() });
    assert_eq!((bare.phone, bare.mobile, bare.email), (None, None, None));
}

#[test]
fn contact_fields_are_checked() {
    Cases::new(contact)
        .required_line("contact.name", |c, s| c.name = s)
        .optional_line("contact.title", |c, s| c.title = s)
        .phone("contact.phone", |c, v| c.phone = v)
        .phone("contact.mobile", |c, v| c.mobile = v)
        .email("contact.email", |c, v| c.email = v)
        .field(
            "contact.alumni_year",
            |c, y| c.alumni_year = y,
            &[(Some(1899), out_of(1900, 2100)), (Some(2101), out_of(1900, 2100)), (Some(0), out_of(1900, 2100))],
            &[Some(1900), Some(2100), None],
        )
        .optional_line("contact.alumni_major", |c, s| c.alumni_major = s)
        .text("contact.notes", |c, s| c.notes = s)
        .check();
}

#[test]
fn contact_references() {
    let contact_refs = expected_refs(&[("contact.employer_id", Kind::Employer, employer_id())]);
    assert_eq!(refs(&normalised(contact())), contact_refs);
}
