//! Note: a valid baseline, and each validated field's bad values.
use super::*;

fn note() -> Note {
    Note {
        employer_id: employer_id(),
        visit_id: Some(visit_id()),
        written_on: day("2022-03-16"),
        body: "\r\n电话回访：\r\n\t同意五月来校宣讲。\r\n\r\n".into(),
    }
}

#[test]
fn note_baseline_is_normalised() {
    let expected = Note { body: "电话回访：\n\t同意五月来校宣讲。".into(), ..note() };
    assert_eq!(normalised(note()), expected);
}

#[test]
fn note_fields_are_checked() {
    Cases::new(note)
        .field(
            "note.body",
            |n, s: &str| n.body = s.into(),
            &[("", Problem::Required), (" \r\n\t\n ", Problem::Required), ("\n\n", Problem::Required)],
            &["一"],
        )
        .text("note.body", |n, s| {
            // A note needs some text: the empty body is tested above.
            n.body = if s.is_empty() { "空".into() } else { s };
        })
        .check();
}

#[test]
fn note_references() {
    let note_refs = expected_refs(&[
        ("note.employer_id", Kind::Employer, employer_id()),
        ("note.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&normalised(note())), note_refs);
    let no_visit = normalised(Note { visit_id: None, ..note() });
    assert_eq!(refs(&no_visit), expected_refs(&[("note.employer_id", Kind::Employer, employer_id())]));
}
