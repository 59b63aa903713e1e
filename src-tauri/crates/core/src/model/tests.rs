//! Validation of every record type: for each, a valid baseline that comes back normalised, and
//! for every validated field bad values with the exact error each must produce.
use super::validate::{LINE_MAX, TEXT_MAX};
use super::*;
use chrono::Duration;
use std::fmt::Debug;

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
// Campaign

fn campaign() -> Campaign {
    Campaign {
        name: "  2022年访企拓岗促就业专项行动 ".into(),
        starts_on: day("2022-03-01"),
        ends_on: day("2022-08-31"),
        time_zone: " Asia/Shanghai ".into(),
        target_per_principal: 100,
        target_new_employers: 120,
    }
}

#[test]
fn campaign_baseline_is_normalised() {
    let expected = Campaign {
        name: "2022年访企拓岗促就业专项行动".into(),
        starts_on: day("2022-03-01"),
        ends_on: day("2022-08-31"),
        time_zone: "Asia/Shanghai".into(),
        target_per_principal: 100,
        target_new_employers: 120,
    };
    assert_eq!(normalised(campaign()), expected);
    let fresh = normalised(Campaign::new("专项行动", day("2022-03-01"), day("2022-08-31")));
    assert_eq!(fresh.time_zone, Campaign::DEFAULT_TIME_ZONE);
    assert_eq!((fresh.target_per_principal, fresh.target_new_employers), (100, 100));
}

#[test]
fn campaign_fields_are_checked() {
    Cases::new(campaign)
        .required_line("campaign.name", |c, s| c.name = s)
        .field(
            "campaign.ends_on",
            |c, d| c.ends_on = d,
            &[(day("2022-02-28"), Problem::EndBeforeStart), (day("2021-09-01"), Problem::EndBeforeStart)],
            &[day("2022-03-01"), day("2023-12-31")],
        )
        .field(
            "campaign.time_zone",
            |c, s: &str| c.time_zone = s.into(),
            &[("Mars/Base", Problem::TimeZone), ("", Problem::TimeZone), ("+08:00", Problem::TimeZone)],
            &["Europe/Berlin", "UTC"],
        )
        .field(
            "campaign.target_per_principal",
            |c, n| c.target_per_principal = n,
            &[(0, out_of(1, 10_000)), (10_001, out_of(1, 10_000))],
            &[1, 10_000],
        )
        .field(
            "campaign.target_new_employers",
            |c, n| c.target_new_employers = n,
            &[(0, out_of(1, 100_000)), (100_001, out_of(1, 100_000))],
            &[1, 100_000],
        )
        .check();
}

// ---------------------------------------------------------------------------------------------
// Person

fn person() -> Person {
    Person {
        name: " 王建国 ".into(),
        role: Role::Secretary,
        title: " 党委书记 ".into(),
        phone: Some("+86 138 0013 8000".into()),
        email: Some("  wangjg@school.edu.cn ".into()),
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

// ---------------------------------------------------------------------------------------------
// Employer

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

// ---------------------------------------------------------------------------------------------
// Contact

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

// ---------------------------------------------------------------------------------------------
// Trip

fn trip() -> Trip {
    Trip {
        leader_id: lead_id(),
        title: " 深圳、广州访企行 ".into(),
        starts_on: day("2022-04-11"),
        ends_on: day("2022-04-14"),
        notes: "高铁往返\n".into(),
    }
}

#[test]
fn trip_baseline_is_normalised() {
    let expected = Trip { title: "深圳、广州访企行".into(), notes: "高铁往返".into(), ..trip() };
    assert_eq!(normalised(trip()), expected);
}

#[test]
fn trip_fields_are_checked() {
    Cases::new(trip)
        .required_line("trip.title", |t, s| t.title = s)
        // The trip starts on 2022-04-11.
        .field(
            "trip.ends_on",
            |t, d| t.ends_on = d,
            &[(day("2022-04-10"), Problem::EndBeforeStart)],
            &[day("2022-04-11")],
        )
        .field("trip.days", |t, d| t.ends_on = d, &[(day("2022-06-11"), out_of(0, 60))], &[day("2022-06-10")])
        .text("trip.notes", |t, s| t.notes = s)
        .check();
}

// ---------------------------------------------------------------------------------------------
// Visit

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

// ---------------------------------------------------------------------------------------------
// JobPosting

fn job_posting() -> JobPosting {
    JobPosting {
        employer_id: employer_id(),
        visit_id: Some(visit_id()),
        title: " 嵌入式软件工程师 ".into(),
        headcount: 5,
        majors: strings(&[" 计算机科学与技术 ", "", "软件工程", "计算机科学与技术", "  "]),
        education: Education::Bachelor,
        location: " 深圳 ".into(),
        open: true,
    }
}

#[test]
fn job_posting_baseline_is_normalised() {
    let expected = JobPosting {
        title: "嵌入式软件工程师".into(),
        majors: strings(&["计算机科学与技术", "软件工程"]),
        location: "深圳".into(),
        ..job_posting()
    };
    assert_eq!(normalised(job_posting()), expected);
}

#[test]
fn job_posting_fields_are_checked() {
    Cases::new(job_posting)
        .required_line("job_posting.title", |j, s| j.title = s)
        .field(
            "job_posting.headcount",
            |j, n| j.headcount = n,
            &[(0, out_of(1, 100_000)), (100_001, out_of(1, 100_000))],
            &[1, 100_000],
        )
        .labels("job_posting.majors", |j, v| j.majors = v)
        .optional_line("job_posting.location", |j, s| j.location = s)
        .good("no visit", |j| j.visit_id = None)
        .check();
}

#[test]
fn job_posting_references() {
    let j = normalised(job_posting());
    let expected = expected_refs(&[
        ("job_posting.employer_id", Kind::Employer, employer_id()),
        ("job_posting.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&j), expected);
    let j = normalised(JobPosting { visit_id: None, ..job_posting() });
    assert_eq!(refs(&j), expected_refs(&[("job_posting.employer_id", Kind::Employer, employer_id())]));
}

// ---------------------------------------------------------------------------------------------
// InternshipBase

fn internship_base() -> InternshipBase {
    InternshipBase {
        employer_id: employer_id(),
        visit_id: Some(visit_id()),
        name: " 软件学院实习实践基地 ".into(),
        status: BaseStatus::Signed,
        established_on: Some(day("2022-05-01")),
        capacity: Some(30),
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
        .good("intended, no date, no visit", |b| {
            b.status = BaseStatus::Intended;
            b.established_on = None;
            b.visit_id = None;
        })
        .check();
}

// ---------------------------------------------------------------------------------------------
// DemandSurvey

fn demand_survey() -> DemandSurvey {
    DemandSurvey {
        visit_id: visit_id(),
        knowledge: "扎实的数据结构基础\r\n".into(),
        ability: "动手能力".into(),
        qualities: "吃苦耐劳".into(),
        industry_trend: "\n嵌入式人才紧缺 ".into(),
        majors_wanted: strings(&["电子信息工程", " 自动化", "电子信息工程"]),
        abilities_wanted: strings(&["C语言", ""]),
        planned_hires: Some(20),
        shortcomings: "实践环节偏少".into(),
        suggestions: "增加企业课程".into(),
    }
}

#[test]
fn demand_survey_baseline_is_normalised() {
    let expected = DemandSurvey {
        knowledge: "扎实的数据结构基础".into(),
        industry_trend: "嵌入式人才紧缺".into(),
        majors_wanted: strings(&["电子信息工程", "自动化"]),
        abilities_wanted: strings(&["C语言"]),
        ..demand_survey()
    };
    assert_eq!(normalised(demand_survey()), expected);
}

#[test]
fn demand_survey_fields_are_checked() {
    Cases::new(demand_survey)
        .text("demand_survey.knowledge", |d, s| d.knowledge = s)
        .text("demand_survey.ability", |d, s| d.ability = s)
        .text("demand_survey.qualities", |d, s| d.qualities = s)
        .text("demand_survey.industry_trend", |d, s| d.industry_trend = s)
        .labels("demand_survey.majors_wanted", |d, v| d.majors_wanted = v)
        .labels("demand_survey.abilities_wanted", |d, v| d.abilities_wanted = v)
        .field(
            "demand_survey.planned_hires",
            |d, n| d.planned_hires = n,
            &[(Some(1_000_001), out_of(0, 1_000_000)), (Some(u32::MAX), out_of(0, 1_000_000))],
            &[Some(0), Some(1_000_000), None],
        )
        .text("demand_survey.shortcomings", |d, s| d.shortcomings = s)
        .text("demand_survey.suggestions", |d, s| d.suggestions = s)
        .check();
}

// ---------------------------------------------------------------------------------------------
// FollowupSurvey and TrackedGraduate

fn graduate(name: &str) -> TrackedGraduate {
    TrackedGraduate {
        name: name.into(),
        grad_year: Some(2020),
        major: " 软件工程 ".into(),
        position: " 测试工程师 ".into(),
    }
}

fn followup_survey() -> FollowupSurvey {
    FollowupSurvey {
        visit_id: visit_id(),
        graduates_employed: 1,
        graduates: vec![graduate(" 陈晨 "), TrackedGraduate { grad_year: None, ..graduate("刘洋") }],
        work_and_life: "工作稳定\r\n".into(),
        graduate_suggestions: "多开项目课".into(),
        satisfaction_moral: 5,
        satisfaction_literacy: 4,
        satisfaction_ability: 1,
        employer_feedback: "  满意".into(),
    }
}

#[test]
fn followup_survey_baseline_is_normalised() {
    let tidy = |name: &str, grad_year| TrackedGraduate {
        name: name.into(),
        grad_year,
        major: "软件工程".into(),
        position: "测试工程师".into(),
    };
    let expected = FollowupSurvey {
        // Raised to the number of graduates listed.
        graduates_employed: 2,
        graduates: vec![tidy("陈晨", Some(2020)), tidy("刘洋", None)],
        work_and_life: "工作稳定".into(),
        // Free text keeps its indentation.
        employer_feedback: "  满意".into(),
        ..followup_survey()
    };
    assert_eq!(normalised(followup_survey()), expected);

    // More employed than listed stays as it is.
    let more = normalised(FollowupSurvey { graduates_employed: 40, ..followup_survey() });
    assert_eq!(more.graduates_employed, 40);
    let none = normalised(FollowupSurvey { graduates_employed: 0, graduates: Vec::new(), ..followup_survey() });
    assert_eq!(none.graduates_employed, 0);
}

#[test]
fn followup_survey_fields_are_checked() {
    let score = || [(0, out_of(1, 5)), (6, out_of(1, 5)), (u8::MAX, out_of(1, 5))];
    let year = out_of(1900, 2100);
    let graduates = |n: usize| (0..n).map(|i| graduate(&format!("毕业生{i}"))).collect::<Vec<_>>();
    Cases::new(followup_survey)
        .field("followup_survey.satisfaction_moral", |f, n| f.satisfaction_moral = n, &score(), &[1, 5])
        .field("followup_survey.satisfaction_literacy", |f, n| f.satisfaction_literacy = n, &score(), &[1, 5])
        .field("followup_survey.satisfaction_ability", |f, n| f.satisfaction_ability = n, &score(), &[1, 5])
        .field(
            "followup_survey.graduates_employed",
            |f, n| f.graduates_employed = n,
            &[(1_000_001, out_of(0, 1_000_000))],
            &[0, 1_000_000],
        )
        .field(
            "followup_survey.graduates",
            |f, g| f.graduates = g,
            &[(graduates(501), out_of(0, 500))],
            &[Vec::new(), graduates(500)],
        )
        .field(
            "followup_survey.graduates.grad_year",
            |f, y| f.graduates[1].grad_year = y,
            &[(Some(1899), year.clone()), (Some(2101), year.clone()), (Some(0), year)],
            &[Some(1900), Some(2100), None],
        )
        .required_line("followup_survey.graduates.name", |f, s| f.graduates[1].name = s)
        .optional_line("followup_survey.graduates.major", |f, s| f.graduates[0].major = s)
        .optional_line("followup_survey.graduates.position", |f, s| f.graduates[1].position = s)
        .text("followup_survey.work_and_life", |f, s| f.work_and_life = s)
        .text("followup_survey.graduate_suggestions", |f, s| f.graduate_suggestions = s)
        .text("followup_survey.employer_feedback", |f, s| f.employer_feedback = s)
        .check();
}

// ---------------------------------------------------------------------------------------------
// Task

fn task() -> Task {
    Task {
        title: " 寄送校招宣讲会邀请函 ".into(),
        due_on: day("2022-04-01"),
        owner_id: participant(1),
        visit_id: Some(visit_id()),
        employer_id: Some(employer_id()),
        done_on: None,
        notes: "联系人：李娜\r\n".into(),
    }
}

#[test]
fn task_baseline_is_normalised() {
    let expected =
        Task { title: "寄送校招宣讲会邀请函".into(), notes: "联系人：李娜".into(), ..task() };
    assert_eq!(normalised(task()), expected);
}

#[test]
fn task_fields_are_checked() {
    Cases::new(task)
        .required_line("task.title", |t, s| t.title = s)
        .text("task.notes", |t, s| t.notes = s)
        .good("done", |t| t.done_on = Some(day("2022-03-30")))
        .check();
}

#[test]
fn task_references() {
    let t = normalised(task());
    let expected = expected_refs(&[
        ("task.owner_id", Kind::Person, participant(1)),
        ("task.visit_id", Kind::Visit, visit_id()),
        ("task.employer_id", Kind::Employer, employer_id()),
    ]);
    assert_eq!(refs(&t), expected);
    let t = normalised(Task { visit_id: None, employer_id: None, ..task() });
    assert_eq!(refs(&t), expected_refs(&[("task.owner_id", Kind::Person, participant(1))]));
}

// ---------------------------------------------------------------------------------------------
// Note

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

// ---------------------------------------------------------------------------------------------
// References of the other records

#[test]
fn other_references() {
    assert!(refs(&normalised(campaign())).is_empty());
    assert!(refs(&normalised(person())).is_empty());
    assert!(refs(&normalised(employer())).is_empty());
    let contact_refs = expected_refs(&[("contact.employer_id", Kind::Employer, employer_id())]);
    assert_eq!(refs(&normalised(contact())), contact_refs);
    assert_eq!(refs(&normalised(trip())), expected_refs(&[("trip.leader_id", Kind::Person, lead_id())]));
    let base_refs = expected_refs(&[
        ("internship_base.employer_id", Kind::Employer, employer_id()),
        ("internship_base.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&normalised(internship_base())), base_refs);
    let no_visit = normalised(InternshipBase { visit_id: None, ..internship_base() });
    assert_eq!(refs(&no_visit), expected_refs(&[("internship_base.employer_id", Kind::Employer, employer_id())]));
    let demand_refs = expected_refs(&[("demand_survey.visit_id", Kind::Visit, visit_id())]);
    assert_eq!(refs(&normalised(demand_survey())), demand_refs);
    let followup_refs = expected_refs(&[("followup_survey.visit_id", Kind::Visit, visit_id())]);
    assert_eq!(refs(&normalised(followup_survey())), followup_refs);
    let note_refs = expected_refs(&[
        ("note.employer_id", Kind::Employer, employer_id()),
        ("note.visit_id", Kind::Visit, visit_id()),
    ]);
    assert_eq!(refs(&normalised(note())), note_refs);
    let no_visit = normalised(Note { visit_id: None, ..note() });
    assert_eq!(refs(&no_visit), expected_refs(&[("note.employer_id", Kind::Employer, employer_id())]));
}
