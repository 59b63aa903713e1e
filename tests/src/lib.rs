//! Shared helpers for the story tests in `tests/stories/`.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::path::Path;
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::ids::Id;
use visitdesk_core::model::*;
use visitdesk_core::store::{InitOptions, Store};

pub const PASSPHRASE: &str = "correct horse battery";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// 09:00 Beijing time on the given day, in UTC.
pub fn morning(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).single().expect("a valid time")
}

/// A store for the 2022 campaign (2022-03-01 to 2022-08-31), opened by its secretary 王书记.
pub fn new_store(dir: &Path) -> Store {
    Store::init(
        dir,
        InitOptions {
            person: Person {
                name: "王书记".into(),
                role: Role::Secretary,
                title: "党委书记".into(),
                phone: None,
                email: None,
            },
            passphrase: PASSPHRASE,
            school: "示例职业技术学院",
            campaign: Campaign::new("2022年访企拓岗促就业专项行动", day(2022, 3, 1), day(2022, 8, 31)),
            kdf: KdfParams::TEST,
            now: morning(2022, 2, 1),
        },
    )
    .expect("a new store")
    .store
}

pub fn person(name: &str, role: Role) -> Person {
    Person { name: name.into(), role, title: String::new(), phone: None, email: None }
}

pub fn employer(name: &str) -> Employer {
    Employer {
        name: name.into(),
        credit_code: None,
        industry: "制造业".into(),
        ownership: Ownership::Private,
        size: EmployerSize::Small,
        region: "江苏省苏州市".into(),
        address: String::new(),
        park: String::new(),
        is_key: false,
        origin: Origin::Existing,
        developed_on: None,
        notes: String::new(),
    }
}

pub fn developed(name: &str, on: NaiveDate) -> Employer {
    Employer { origin: Origin::NewlyDeveloped, developed_on: Some(on), ..employer(name) }
}

/// A planned two-hour visit starting at `start`.
pub fn visit(employer_id: &Id, lead_id: &Id, start: DateTime<Utc>) -> Visit {
    Visit {
        employer_id: employer_id.clone(),
        lead_id: lead_id.clone(),
        participant_ids: Vec::new(),
        guests: String::new(),
        status: VisitStatus::Planned,
        mode: VisitMode::OnSite,
        planned_start: start,
        planned_end: start + chrono::Duration::hours(2),
        time_zone: "Asia/Shanghai".into(),
        actual_start: None,
        actual_end: None,
        objectives: String::new(),
        summary: String::new(),
        cancel_reason: String::new(),
        outcome: Outcome::default(),
        trip_id: None,
        trip_seq: None,
        travel_note: String::new(),
    }
}

/// The same visit, completed as planned.
pub fn completed(v: Visit) -> Visit {
    Visit { status: VisitStatus::Completed, actual_start: Some(v.planned_start), actual_end: Some(v.planned_end), ..v }
}

pub fn followup(visit_id: &Id, moral: u8, literacy: u8, ability: u8) -> FollowupSurvey {
    FollowupSurvey {
        visit_id: visit_id.clone(),
        graduates_employed: 0,
        graduates: Vec::new(),
        work_and_life: String::new(),
        graduate_suggestions: String::new(),
        satisfaction_moral: moral,
        satisfaction_literacy: literacy,
        satisfaction_ability: ability,
        employer_feedback: String::new(),
    }
}

pub fn posting(employer_id: &Id, visit_id: Option<&Id>, title: &str, headcount: u32) -> JobPosting {
    JobPosting {
        employer_id: employer_id.clone(),
        visit_id: visit_id.cloned(),
        title: title.into(),
        headcount,
        majors: Vec::new(),
        education: Education::Bachelor,
        location: String::new(),
        open: true,
    }
}

pub fn task(title: &str, due_on: NaiveDate, owner_id: &Id, done_on: Option<NaiveDate>) -> Task {
    Task {
        title: title.into(),
        due_on,
        owner_id: owner_id.clone(),
        visit_id: None,
        employer_id: None,
        done_on,
        notes: String::new(),
    }
}
