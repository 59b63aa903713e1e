//! Person: a valid baseline, and each validated field's bad values.
use super::*;

fn person() -> Person {
    Person {
        name: " 王建国 ".into(),
        role: Role::Secretary,
        title: " 党委书记 ".into(),
        phone: Some("+86 138 0013 8000".into()),
        email: Some("  wangjg@school.edu.cn ".into()),
        ..Person::new("", Role::Secretary)
    }
}

#[test]
fn person_baseline_is_normalised() {
    let expected = Person {
        name: "王建国".into(),
        role: Role::Secretary,
        title: "党委书记".into(),
        phone: Some("13800138000".into()),
        email: Some("wangjg@school.edu.cn".into()),
        ..Person::new("", Role::Secretary)
    };
    assert_eq!(normalised(person()), expected);
    let bare =
        normalised(Person { title: String::new(), phone: Some("  ".into()), email: Some(String::new()), ..person() });
    assert_eq!((bare.title.as_str(), bare.phone, bare.email), ("", None, None));
}

#[test]
fn person_fields_are_checked() {
    Cases::new(person)
        .required_line("person.name", |p, s| p.name = s)
        .optional_line("person.title", |p, s| p.title = s)
        .phone("person.phone", |p, v| p.phone = v)
        .email("person.email", |p, v| p.email = v)
        .check();
}

#[test]
fn person_references() {
    assert!(refs(&normalised(person())).is_empty());
}
