//! Validation of every record type: for each, a valid baseline that comes back normalised, and
//! for every validated field bad values with the exact error each must produce.
use super::validate::{LINE_MAX, TEXT_MAX};
use super::*;
use chrono::Duration;
use std::fmt::Debug;

mod campaign;
mod contact;
mod demand_survey;
mod device;
mod employer;
mod followup_survey;
mod internship_base;
mod job_posting;
mod job_share;
mod note;
mod paired_school;
mod person;
mod recruitment_event;
mod shared_job;
mod task;
mod trip;
mod visit;

// ---------------------------------------------------------------------------------------------
// Fixtures

fn day(s: &str) -> NaiveDate {
    s.parse().expect("fixture date")
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("fixture time")
}

fn id(n: u8) -> Id {
    Id::from_parts(utc("2022-03-01T00:00:00Z"), [n; 10])
}

fn employer_id() -> Id {
    id(1)
}

fn lead_id() -> Id {
    id(2)
}

fn trip_id() -> Id {
    id(3)
}

fn visit_id() -> Id {
    id(4)
}

fn participant(n: u8) -> Id {
    id(10 + n)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn out_of(min: i64, max: i64) -> Problem {
    Problem::OutOfRange { min, max }
}

/// Validates a record that must be valid, and checks that validating it again changes nothing.
#[track_caller]
fn normalised<T: Record + Debug + PartialEq>(record: T) -> T {
    let first = match record.validate() {
        Ok(r) => r,
        Err(e) => panic!("expected a valid {}, got {e}", T::KIND.as_str()),
    };
    match first.clone().validate() {
        Ok(again) => assert_eq!(again, first, "validation is not idempotent"),
        Err(e) => panic!("a normalised {} no longer validates: {e}", T::KIND.as_str()),
    }
    first
}

/// (field, kind, id), sorted, for comparing reference lists regardless of order.
fn refs<T: Record>(record: &T) -> Vec<(&'static str, &'static str, Id)> {
    let mut out: Vec<_> =
        record.references().into_iter().map(|(field, kind, id)| (field, kind.as_str(), id.clone())).collect();
    out.sort();
    out
}

fn expected_refs(items: &[(&'static str, Kind, Id)]) -> Vec<(&'static str, &'static str, Id)> {
    let mut out: Vec<_> = items.iter().map(|(field, kind, id)| (*field, kind.as_str(), id.clone())).collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Tables of changes to a valid baseline, each with the error it must produce (or none).

struct Case<T> {
    what: String,
    change: Box<dyn Fn(&mut T)>,
    /// `None`: the changed record must still be valid.
    expected: Option<ValidationError>,
}

struct Cases<T> {
    base: fn() -> T,
    cases: Vec<Case<T>>,
}

/// Characters a single line refuses: control characters (including line breaks and tabs
/// inside the text) and the invisible direction controls.
const FORBIDDEN_IN_LINES: [&str; 11] = [
    "天\u{0}津",
    "天\u{7}津",
    "天\u{1b}[31m津",
    "天\u{7f}津",
    "天\n津",
    "天\r津",
    "天\t津",
    "evil\u{202E}gpj.exe",
    "\u{202A}天津",
    "天\u{2067}津",
    "天\u{200F}津",
];

/// Characters free text refuses: control characters other than line breaks and tabs, and the
/// direction overrides and isolates.
const FORBIDDEN_IN_TEXT: [&str; 5] =
    ["第一行\u{0}", "第一行\n\u{1b}[2J", "第一行\u{c}第二行", "第一行\u{202E}", "\u{2066}第一行"];

fn describe(value: &impl Debug) -> String {
    let text = format!("{value:?}");
    let len = text.chars().count();
    if len <= 60 { text } else { format!("{}… ({len} characters)", text.chars().take(30).collect::<String>()) }
}

impl<T: Record + Debug + PartialEq> Cases<T> {
    fn new(base: fn() -> T) -> Self {
        Cases { base, cases: Vec::new() }
    }

    /// `change` must make the record fail on `field` with `problem`.
    fn bad(mut self, what: &str, change: impl Fn(&mut T) + 'static, field: &'static str, problem: Problem) -> Self {
        self.cases.push(Case {
            what: format!("{field}: {what}"),
            change: Box::new(change),
            expected: Some(ValidationError { field, problem }),
        });
        self
    }

    /// `change` must leave the record valid.
    fn good(mut self, what: &str, change: impl Fn(&mut T) + 'static) -> Self {
        self.cases.push(Case { what: what.to_string(), change: Box::new(change), expected: None });
        self
    }

    /// One field's values: each bad one must fail on `field` with its problem; each good one
    /// must pass.
    fn field<V: Clone + Debug + 'static>(
        mut self,
        field: &'static str,
        set: fn(&mut T, V),
        bad: &[(V, Problem)],
        good: &[V],
    ) -> Self {
        for (value, problem) in bad {
            let value = value.clone();
            self = self.bad(&describe(&value), move |r| set(r, value.clone()), field, problem.clone());
        }
        for value in good {
            let value = value.clone();
            self = self.good(&format!("{field} = {}", describe(&value)), move |r| set(r, value.clone()));
        }
        self
    }

    /// A single line of text: bounded, no control or direction characters; `required` refuses
    /// empty and blank text.
    fn line(self, field: &'static str, set: fn(&mut T, String), required: bool) -> Self {
        let mut bad = vec![("字".repeat(LINE_MAX + 1), Problem::TooLong { max: LINE_MAX })];
        bad.extend(FORBIDDEN_IN_LINES.iter().map(|s| (s.to_string(), Problem::ForbiddenCharacter)));
        let mut good = vec!["字".repeat(LINE_MAX), format!(" \t{}\u{3000}\n", "字".repeat(LINE_MAX))];
        if required {
            bad.push((String::new(), Problem::Required));
            bad.push((" \t\u{3000}\n".to_string(), Problem::Required));
        } else {
            good.push(String::new());
        }
        self.field(field, set, &bad, &good)
    }

    fn required_line(self, field: &'static str, set: fn(&mut T, String)) -> Self {
        self.line(field, set, true)
    }

    fn optional_line(self, field: &'static str, set: fn(&mut T, String)) -> Self {
        self.line(field, set, false)
    }

    /// Free text: bounded, no control or direction-override characters, but line breaks and tabs.
    fn text(self, field: &'static str, set: fn(&mut T, String)) -> Self {
        let mut bad = vec![("字".repeat(TEXT_MAX + 1), Problem::TooLong { max: TEXT_MAX })];
        bad.extend(FORBIDDEN_IN_TEXT.iter().map(|s| (s.to_string(), Problem::ForbiddenCharacter)));
        let good = ["字".repeat(TEXT_MAX), String::new(), "第一行\r\n\t第二行\r第三行 \u{200F}".to_string()];
        self.field(field, set, &bad, &good)
    }

    /// A list of labels: each a line, at most 50 distinct ones.
    fn labels(self, field: &'static str, set: fn(&mut T, Vec<String>)) -> Self {
        let distinct = |n: usize| (0..n).map(|i| format!("专业{i}")).collect::<Vec<_>>();
        let mut fifty_and_repeats = distinct(50);
        fifty_and_repeats.extend(strings(&["专业0", " 专业1 ", "", "  "]));
        let bad = [
            (distinct(51), out_of(0, 50)),
            (vec!["字".repeat(LINE_MAX + 1)], Problem::TooLong { max: LINE_MAX }),
            (strings(&["计算机", "软件\u{0}工程"]), Problem::ForbiddenCharacter),
            (strings(&["计算机\u{202E}"]), Problem::ForbiddenCharacter),
        ];
        self.field(field, set, &bad, &[Vec::new(), distinct(50), fifty_and_repeats])
    }

    fn phone(self, field: &'static str, set: fn(&mut T, Option<String>)) -> Self {
        let bad = ["12800138000", "1380013800", "138001380001", "abc", "13800138000x", "010-123", "+1 415 555 0100"]
            .map(|s| (Some(s.to_string()), Problem::Phone));
        let good =
            [None, Some(" ".to_string()), Some("0755-86012345-801".to_string()), Some("400-820-8820".to_string())];
        self.field(field, set, &bad, &good)
    }

    fn email(self, field: &'static str, set: fn(&mut T, Option<String>)) -> Self {
        let bad = ["hr@", "@huawei.com", "hr@huawei", "hr huawei@x.cn", "a@b@c.cn", "hr@.cn", "hr@x..cn", "hr"]
            .map(|s| (Some(s.to_string()), Problem::Email));
        let good = [None, Some(String::new()), Some("zhang.san+jobs@mail.example.cn".to_string())];
        self.field(field, set, &bad, &good)
    }

    fn check(self) {
        let prefix = format!("{}.", T::KIND.as_str());
        normalised((self.base)());
        for case in &self.cases {
            let mut record = (self.base)();
            (case.change)(&mut record);
            match (record.validate(), &case.expected) {
                (Err(e), Some(expected)) => {
                    assert!(e.field.starts_with(&prefix), "{}: {} is not a {prefix} field", case.what, e.field);
                    assert_eq!(&e, expected, "{}", case.what);
                }
                (Ok(r), Some(expected)) => {
                    panic!("{}: expected {expected}, but accepted {r:?}", case.what)
                }
                (Err(e), None) => panic!("{}: expected valid, got {e}", case.what),
                (Ok(r), None) => {
                    if let Err(e) = r.validate() {
                        panic!("{}: the normalised record no longer validates: {e}", case.what);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The registry

/// `for_kind!` gives each kind its own type, and each type's declared parents are named by a
/// field of that type, at most one parent of each kind.
#[test]
fn each_kind_has_its_type_and_declares_its_parents_once() {
    for &kind in Kind::ALL {
        let (own, parents): (Kind, Vec<(&str, Kind)>) =
            for_kind!(kind, T => (T::KIND, T::PARENTS.iter().map(|p| (p.field, p.kind)).collect()));
        assert_eq!(own, kind);
        for (i, (field, parent)) in parents.iter().enumerate() {
            assert_eq!(field.split_once('.').map(|f| f.0), Some(kind.as_str()), "{field}");
            assert!(!parents[..i].iter().any(|p| p.1 == *parent), "{kind:?} declares two {parent:?} parents");
        }
    }
}
