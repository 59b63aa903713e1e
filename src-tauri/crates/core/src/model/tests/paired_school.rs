//! Paired school: a valid baseline, its keys and its code.
use super::*;

fn pair() -> PairedSchool {
    PairedSchool {
        name: " 示范大学 ".into(),
        school_code: " 4111010001 ".into(),
        signing_key: "11".repeat(32),
        recipient: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p".into(),
    }
}

#[test]
fn paired_school_baseline_is_normalised() {
    let expected = PairedSchool { name: "示范大学".into(), school_code: "4111010001".into(), ..pair() };
    assert_eq!(normalised(pair()), expected);
    assert_eq!(refs(&pair()), expected_refs(&[]));
}

#[test]
fn paired_school_fields_are_checked() {
    Cases::new(pair)
        .required_line("paired_school.name", |p, v| p.name = v)
        .bad("no code", |p| p.school_code = " ".into(), "paired_school.school_code", Problem::Required)
        .bad(
            "a code with a slash",
            |p| p.school_code = "4111/01".into(),
            "paired_school.school_code",
            Problem::ForbiddenCharacter,
        )
        .bad("a short key", |p| p.signing_key = "11".repeat(31), "paired_school.signing_key", Problem::InvalidState)
        .bad(
            "a key not in hex",
            |p| p.signing_key = "zz".repeat(32),
            "paired_school.signing_key",
            Problem::InvalidState,
        )
        .bad("no recipient", |p| p.recipient = String::new(), "paired_school.recipient", Problem::InvalidState)
        .bad(
            "a recipient that does not parse",
            |p| p.recipient = "age1notakey".into(),
            "paired_school.recipient",
            Problem::InvalidState,
        )
        .check();
}
