//! The UI's test fixtures: what the real core answers on a small demo store, written as JSON
//! into `ui/src/lib/backend/fixtures/`. The UI's fake backend only stores records; wherever a
//! component test needs a rule's outcome (a validation error, duplicates, an import preview,
//! the dashboard's figures, a double booking, search hits, the trash) it takes it from here, so
//! the UI is tested against what the core really says, not against a second implementation.
//!
//! Like the TypeScript bindings, the JSON is committed: the test fails when it differs from what
//! the core produces now, and `make fixtures` (`VISITDESK_WRITE_FIXTURES=1 cargo test -p
//! visitdesk-core ui_fixtures`) rewrites it. Ids are random, so they are renumbered in the order
//! they first appear (`00000000-0000-7000-8000-000000000001`, …), the same in every file; every
//! other value comes from a fixed clock.
use crate::calendar::{self, Filter};
use crate::crypto::KdfParams;
use crate::error::{Error, StoreError};
use crate::exchange::import::{self, ImportOptions};
use crate::exchange::read;
use crate::ids::Id;
use crate::model::validate::credit_code_check_char;
use crate::model::*;
use crate::store::{InitOptions, Store, Stored, records};
use crate::testing::{at, completed, contact, day, person, visit};
use crate::{dashboard, employers, search, session, visits};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Where the fixtures are committed, relative to the repository root.
const DIR: &str = "ui/src/lib/backend/fixtures";
/// The demo's "now": Wednesday 18 November 2026, 10:00 in Beijing.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 2, 0, 0).unwrap()
}
const PASSPHRASE: &str = "demo passphrase";
const SCHOOL: &str = "江南理工职业技术学院";

fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

fn from_json<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// A failed call as the IPC sends it.
fn ipc(e: Error) -> Value {
    to_json(&crate::error::IpcError::from(e))
}

/// The error a call must fail with, and the input it failed on.
fn failure<T: Serialize + std::fmt::Debug>(input: Value, result: crate::error::Result<T>) -> Value {
    json!({ "input": input, "error": ipc(result.expect_err("the fixture's input is refused")) })
}

/// A valid credit code from its first 17 characters.
fn code(body: &str) -> String {
    format!("{body}{}", credit_code_check_char(body).unwrap())
}

/// The demo store: four people with passphrases, six employers, seven visits and what came of them.
struct Demo {
    _dir: tempfile::TempDir,
    store: Store,
    /// The clock of the writes: one second apart, so ids sort in the order records were made.
    clock: DateTime<Utc>,
    people: Vec<Id>,
    employers: Vec<Id>,
}

impl Demo {
    fn write<T>(
        &mut self,
        f: impl FnOnce(&crate::store::Tx<'_>) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        self.clock += Duration::seconds(1);
        self.store.write(self.clock, f)
    }

    fn insert<T: Record>(&mut self, data: Value) -> Id {
        let data: T = from_json(data);
        self.write(|tx| tx.insert(data)).unwrap().id
    }

    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let clock = now() - Duration::hours(1);
        let campaign = Campaign::new("2026年书记校长访企拓岗促就业专项行动", day(2026, 9, 1), day(2027, 2, 28));
        let first = Person { title: "党委书记".into(), ..person("周明远", Role::Secretary) };
        let options = InitOptions {
            person: first,
            passphrase: PASSPHRASE,
            school: SCHOOL,
            campaign,
            kdf: KdfParams::TEST,
            now: clock,
        };
        let store = Store::init(dir.path(), options).unwrap().store;
        let secretary = store.actor().clone();
        let mut d = Demo { _dir: dir, store, clock, people: vec![secretary], employers: Vec::new() };
        for (name, role, title) in [
            ("林晓岚", Role::President, "校长"),
            ("陈立新", Role::Leader, "副校长"),
            ("王珊", Role::Staff, "就业指导中心主任"),
        ] {
            let p = Person { title: title.into(), ..person(name, role) };
            let id = d.write(|tx| tx.insert(p)).unwrap().id;
            d.store.set_passphrase(&id, PASSPHRASE, PASSPHRASE, KdfParams::TEST, clock).unwrap();
            d.people.push(id);
        }
        d.seed();
        d
    }

    fn seed(&mut self) {
        let [secretary, president, vice, staff] = [0, 1, 2, 3].map(|i| self.people[i].clone());
        let employers = [
            json!({ "name": "苏州澜海智能装备有限公司", "credit_code": code("91320594MA1XY07K3"), "industry": "智能制造",
                    "region": "江苏省苏州市工业园区", "is_key": true, "size": "large", "park": "苏州工业园区",
                    "notes": "每年春季来校宣讲，校友较多。" }),
            json!({ "name": "无锡星禾新能源科技有限责任公司", "credit_code": code("91320214MA2AB3C4D"), "industry": "新能源",
                    "region": "江苏省无锡市新吴区", "origin": "newly_developed", "developed_on": "2026-10-09" }),
            json!({ "name": "南京云栖软件股份有限公司", "credit_code": code("91320115MA1PQ8R2X"),
                    "industry": "软件和信息技术服务", "region": "江苏省南京市江宁区", "is_key": true }),
            json!({ "name": "杭州禾木供应链管理有限公司", "industry": "现代物流", "region": "浙江省杭州市余杭区",
                    "origin": "newly_developed", "developed_on": "2026-11-06", "size": "small" }),
            json!({ "name": "常州恒瑞医疗器械有限公司", "credit_code": code("91320411MA1MN5L8T"), "industry": "医疗器械",
                    "region": "江苏省常州市新北区" }),
            json!({ "name": "上海青桐检测技术服务有限公司", "industry": "检验检测", "region": "上海市嘉定区", "size": "small",
                    "ownership": "joint_venture" }),
        ];
        for e in employers {
            let mut base = json!({ "credit_code": null, "ownership": "private", "size": "medium", "address": "", "park": "",
                                   "is_key": false, "origin": "existing", "developed_on": null, "notes": "" });
            base.as_object_mut().unwrap().extend(e.as_object().unwrap().clone());
            let id = self.insert::<Employer>(base);
            self.employers.push(id);
        }
        let [lanhai, xinghe, yunqi, hemu, hengrui, qingtong] = [0, 1, 2, 3, 4, 5].map(|i| self.employers[i].clone());
        let zhao = Contact {
            title: "人力资源总监".into(),
            mobile: Some("13912345678".into()),
            email: Some("hr@lanhai.example.cn".into()),
            is_alumnus: true,
            alumni_year: Some(2012),
            alumni_major: "机电一体化技术".into(),
            ..contact(&lanhai, "赵敏")
        };
        let sun =
            Contact { title: "招聘经理".into(), phone: Some("0512-62881234".into()), ..contact(&lanhai, "孙浩") };
        self.write(|tx| {
            tx.insert(zhao)?;
            tx.insert(sun)
        })
        .unwrap();

        // Four visits done (the first one the secretary's, with the president along), three planned.
        let hour = |d: u32, m: u32, h: u32| at(2026, m, d) + Duration::hours(i64::from(h) - 9);
        let mut done = |employer: &Id, lead: &Id, start: DateTime<Utc>, extra: Value| -> Id {
            let mut v =
                to_json(&completed(Visit { participant_ids: vec![staff.clone()], ..visit(employer, lead, start) }));
            v["summary"] = json!("双方就岗位需求和实习合作深入交流。");
            v["outcome"]["channel_established"] = json!(true);
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            self.insert::<Visit>(v)
        };
        let first = done(
            &lanhai,
            &secretary,
            hour(19, 10, 9),
            json!({ "participant_ids": [president, staff],
                    "outcome": { "channel_established": true, "recruitment_agreed": true, "recruitment_mode": "offline",
                                 "recruitment_on": "2026-12-08", "exemplary": "" } }),
        );
        done(&yunqi, &president, hour(28, 10, 9), json!({}));
        done(&xinghe, &secretary, hour(4, 11, 9), json!({ "mode": "hosted" }));
        done(&hengrui, &vice, hour(12, 11, 9), json!({ "mode": "online" }));
        for (employer, lead, start, objectives) in [
            (&hemu, &secretary, hour(19, 11, 14), "了解物流岗位需求，商谈共建实习实践基地。"),
            (&qingtong, &president, hour(20, 11, 9), "拓展检验检测类岗位。"),
            (&yunqi, &vice, hour(30, 11, 10), ""),
        ] {
            let v = Visit {
                participant_ids: vec![staff.clone()],
                objectives: objectives.into(),
                ..visit(employer, lead, start)
            };
            self.write(|tx| visits::plan(tx, v)).unwrap();
        }

        self.insert::<JobPosting>(json!({ "employer_id": lanhai, "visit_id": first, "title": "设备调试工程师", "headcount": 12,
            "majors": ["机电一体化技术", "电气自动化技术"], "education": "vocational", "location": "苏州", "open": true }));
        self.insert::<InternshipBase>(
            json!({ "employer_id": lanhai, "visit_id": first, "name": "澜海智能装备就业实习实践基地",
            "status": "signed", "established_on": "2026-10-19", "capacity": 30 }),
        );
        self.insert::<DemandSurvey>(json!({ "visit_id": first, "knowledge": "PLC 编程、机械制图基础扎实。",
            "ability": "动手能力和现场问题处理能力。", "qualities": "吃苦耐劳，团队协作。",
            "industry_trend": "产线智能化改造加快，调试和运维人才缺口大。", "majors_wanted": ["机电一体化技术", "工业机器人技术"],
            "abilities_wanted": ["设备调试", "英语阅读"], "planned_hires": 40, "shortcomings": "学生对工业现场安全规范了解不足。",
            "suggestions": "增加企业真实项目进课堂。" }));
        self.insert::<FollowupSurvey>(json!({ "visit_id": first, "graduates_employed": 18,
            "graduates": [{ "name": "刘洋", "grad_year": 2023, "major": "机电一体化技术", "position": "调试技术员" }],
            "work_and_life": "工作稳定，两人已晋升班组长。", "graduate_suggestions": "希望学校加强英语和办公软件训练。",
            "satisfaction_moral": 5, "satisfaction_literacy": 4, "satisfaction_ability": 4, "employer_feedback": "" }));
        self.insert::<Task>(json!({ "title": "寄送校企合作协议（盖章版）", "due_on": "2026-11-15", "owner_id": staff,
            "visit_id": first, "employer_id": lanhai, "done_on": null, "notes": "" }));
        self.insert::<Task>(json!({ "title": "确认宣讲会场地与时间", "due_on": "2026-11-23", "owner_id": staff,
            "visit_id": null, "employer_id": lanhai, "done_on": null, "notes": "" }));
        // Quarterly from the last day of August: the months without a 31st keep their last day.
        self.insert::<ContactPlan>(json!({ "employer_id": qingtong, "owner_id": president, "title": "季度联络",
            "frequency": "quarterly", "first_on": "2026-08-31", "until": null, "at": "10:00:00", "minutes": 60,
            "time_zone": "Asia/Shanghai", "notes": "", "changes": [] }));
    }

    fn all<T: Record>(&self) -> Vec<Stored<T>> {
        records::list(self.store.conn(), "1", "id", []).unwrap()
    }

    fn employer(&self, i: usize) -> Stored<Employer> {
        records::get(self.store.conn(), &self.employers[i]).unwrap()
    }

    /// Every record, by kind, as the fake backend keeps them.
    fn tables(&self) -> Value {
        let conn = self.store.conn();
        json!({
            "now": now(),
            "school": SCHOOL,
            "auto_lock_minutes": crate::settings::auto_lock_minutes(conn).unwrap(),
            "status": session::status(self.store.dir(), false).unwrap(),
            "campaign": self.all::<Campaign>(),
            "person": self.all::<Person>(),
            "employer": self.all::<Employer>(),
            "contact": self.all::<Contact>(),
            "visit": self.all::<Visit>(),
            "job_posting": self.all::<JobPosting>(),
            "internship_base": self.all::<InternshipBase>(),
            "demand_survey": self.all::<DemandSurvey>(),
            "followup_survey": self.all::<FollowupSurvey>(),
            "task": self.all::<Task>(),
            "contact_plan": self.all::<ContactPlan>(),
        })
    }
}

fn options(mapping: Value, keep: bool) -> ImportOptions {
    from_json(json!({ "encoding": null, "sheet": null, "header_row": null, "mapping": mapping,
                      "keep_rows_with_bad_credit_code": keep }))
}

/// An import case: the picked file, and what the core answers for each set of options the
/// wizard sends (its layout, its preview, and a commit and its undo); a file the core refuses
/// has its error instead of layouts.
fn import_case(
    d: &mut Demo,
    name: &str,
    rows: &[&[&str]],
    layouts: &[ImportOptions],
    previews: &[ImportOptions],
    commit: bool,
) -> Value {
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    let bytes = text.as_bytes();
    let fresh = options(json!([]), false);
    let error = import::layout(bytes, &fresh).err().map(ipc);
    let layouts: Vec<Value> =
        layouts.iter().map(|o| json!({ "options": o, "layout": import::layout(bytes, o).unwrap() })).collect();
    let previews: Vec<Value> = previews
        .iter()
        .map(|o| json!({ "options": o, "preview": import::preview(d.store.conn(), bytes, o).unwrap() }))
        .collect();
    // As the shell describes the picked file (src-tauri/src/commands/exchange.rs).
    let file = json!({ "name": name, "bytes": bytes.len(), "format": read::Format::detect(bytes) });
    let mut case = json!({ "file": file, "error": error, "layouts": layouts, "previews": previews });
    if commit {
        d.clock += Duration::seconds(1);
        let committed = import::commit(&mut d.store, bytes, &fresh, d.clock).unwrap();
        let undone = d.write(|tx| tx.undo_last()).unwrap();
        case["commit"] = json!({ "options": fresh, "committed": committed, "undone": undone });
    }
    case
}

/// Every fixture file: (file name, contents).
fn generate() -> BTreeMap<String, Value> {
    let mut d = Demo::new();
    let mut out = BTreeMap::new();
    out.insert("demo".into(), d.tables());
    let conn = d.store.conn();
    let lanhai = d.employer(0);
    let yunqi = d.employer(2);

    let dashboard = dashboard::build(conn, now()).unwrap();

    let check = |e: Employer| json!({ "input": e, "output": employers::check(conn, None, e.clone()).unwrap() });
    let blank = Employer { industry: String::new(), region: String::new(), ..crate::testing::employer("") };
    let bad_code = Employer {
        name: "常州新星光电有限公司".into(),
        credit_code: Some("91350100M000100Y44".into()),
        ..blank.clone()
    };
    out.insert(
        "employers".into(),
        json!({
            "same_name": check(Employer { name: "苏州澜海智能装备有限责任公司".into(), ..blank.clone() }),
            "same_credit_code": check(Employer {
                name: "云栖南京分公司".into(),
                credit_code: yunqi.data.credit_code.as_ref().map(|c| c.to_lowercase()),
                ..blank.clone()
            }),
            "bad_credit_code": check(bad_code.clone()),
        }),
    );

    let hits = |q: &str| (q.to_string(), to_json(&search::search(conn, q, search::MAX_HITS).unwrap()));
    out.insert(
        "search".into(),
        Value::Object([hits("机电一体化"), hits("青桐"), hits("无此单位")].into_iter().collect()),
    );

    // A plan for 上海青桐 on the slot and with the lead of the first planned visit.
    let planned =
        visits::rows_with_status(conn, now(), at(2027, 1, 1), VisitStatus::Planned, 1).unwrap().remove(0).visit;
    let slot = Visit {
        employer_id: d.employers[5].clone(),
        participant_ids: Vec::new(),
        objectives: String::new(),
        ..planned.data
    };
    let warnings = calendar::check(conn, None, &slot, now()).unwrap();
    let filter = Filter { leaders: Vec::new(), statuses: Vec::new(), modes: Vec::new(), key_only: false };
    let range = calendar::range(conn, at(2026, 9, 1), at(2027, 3, 1), &filter, calendar::MAX_PER_DAY, now()).unwrap();
    out.insert(
        "calendar".into(),
        json!({ "double_booked": { "input": slot, "warnings": warnings }, "occurrences": range.occurrences }),
    );

    let wrong = session::unlock(d.store.dir(), &d.people[1], "not it", now()).map(|_| ());
    let mut errors = json!({
        "passphrase_too_short": failure(json!("short"), crate::store::check_passphrase("short")),
        "wrong_passphrase": failure(json!("not it"), wrong),
        "nothing_to_undo": { "input": null, "error": ipc(Error::NothingToUndo) },
    });
    let mut refuse = |name: &str, input: Value, result: crate::error::Result<Value>| {
        errors[name] = failure(input, result);
    };
    let e = bad_code.clone();
    refuse("bad_credit_code", to_json(&e), d.write(|tx| tx.save(None, e).map(|s| to_json(&s))));
    let c = Contact { mobile: Some("12345".into()), ..contact(&yunqi.id, "钱晨") };
    refuse("contact_mobile", to_json(&c), d.write(|tx| tx.save(None, c).map(|s| to_json(&s))));
    let p = Person { phone: Some("12".into()), ..person("赵立", Role::Teacher) };
    refuse("person_phone", to_json(&p), d.write(|tx| tx.save(None, p).map(|s| to_json(&s))));
    refuse("auto_lock_zero", json!(0), d.write(|tx| crate::settings::save(tx, SCHOOL, 0).map(|()| Value::Null)));
    let campaign = d.all::<Campaign>().remove(0);
    let c = Campaign { ends_on: day(2020, 1, 1), ..campaign.data };
    refuse("campaign_ends_before_start", to_json(&c), d.write(|tx| tx.update(&campaign.id, c).map(|s| to_json(&s))));
    let start = at(2026, 12, 1);
    let v = Visit { planned_end: start - Duration::days(400), ..visit(&d.employers[5], &d.people[0], start) };
    refuse("visit_ends_before_start", to_json(&v), d.write(|tx| visits::plan(tx, v).map(|s| to_json(&s))));
    let t = crate::testing::task("", day(2026, 12, 20), &d.people[0], None, None);
    refuse("task_title_missing", to_json(&t), d.write(|tx| tx.save(None, t).map(|s| to_json(&s))));
    let f = crate::testing::followup(&planned.id, 0, 0, 0);
    refuse("followup_unrated", to_json(&f), d.write(|tx| visits::record_followup(tx, f).map(|s| to_json(&s))));

    // The import wizard on a messy list: a title row, a merge with the store, a bad credit code,
    // a duplicate in the file, a totals row.
    let map_industry = options(json!([{ "column": 4, "field": "industry" }]), false);
    let fresh = options(json!([]), false);
    let keep = options(json!([]), true);
    // Without a header it knows, the core guesses one for the mapping step; the wizard then names it.
    let mut map_name = options(json!([{ "column": 0, "field": "name" }]), false);
    map_name.header_row = Some(1);
    let sample: &[&[&str]] = &[
        &["2022年合作单位名单"],
        &["单位名称", "统一社会信用代码", "联系人", "手机", "所在地区"],
        &["苏州澜海智能装备有限公司", "", "周婷", "13812340001", "江苏省苏州市"],
        &["昆山恒远精工有限公司", "91320583MA1ABCDE12", "钱磊", "13812340002", "江苏省昆山市"],
        &[],
        &["宁波海曙物流有限公司", "", "吴静", "13812340003", "浙江省宁波市"],
        &["宁波海曙物流有限公司", "", "郑凯", "13812340004", "浙江省宁波市"],
        &["", "", "", "", ""],
        &["合计", "", "", "", ""],
    ];
    let sample = import_case(
        &mut d,
        "合作单位名单.csv",
        sample,
        &[fresh.clone(), map_industry.clone()],
        &[fresh.clone(), keep, map_industry],
        true,
    );
    let empty = import_case(&mut d, "空表.csv", &[&[], &["", " "]], &[], &[], false);
    let no_headers: &[&[&str]] = &[&["甲列", "乙列"], &["华东机电有限公司", "13812345678"]];
    let no_headers =
        import_case(&mut d, "list.csv", no_headers, &[fresh.clone(), map_name.clone()], &[map_name], false);
    let bad: &[&[&str]] = &[&["单位名称", "统一社会信用代码"], &["甲公司", "91350100M000100Y44"], &["", ""]];
    let fresh = [fresh];
    let bad = import_case(&mut d, "bad.csv", bad, &fresh, &fresh, false);
    let import = json!({ "sample": sample, "empty": empty, "no_known_headers": no_headers, "nothing_valid": bad });
    out.insert("import".into(), import);

    // The trash: an employer moves with what depends on it, and comes back.
    let moved = d.write(|tx| tx.delete(Kind::Employer, &lanhai.id)).unwrap();
    let entries = records::trash(d.store.conn()).unwrap();
    errors["not_found"] = failure(json!(lanhai.id), employers::detail(d.store.conn(), &lanhai.id));
    let restored = d.write(|tx| tx.restore(Kind::Employer, &lanhai.id)).unwrap();
    out.insert(
        "trash".into(),
        json!({ "deleted": lanhai.id, "moved": moved, "entries": entries, "restored": restored }),
    );
    out.insert("errors".into(), errors);

    // Throttled after the free wrong passphrases (one was spent above).
    let throttled = (0..crate::store::throttle::FREE_FAILURES)
        .map(|_| session::unlock(d.store.dir(), &d.people[1], "not it", now()).map(|_| ()))
        .find(|r| matches!(r, Err(Error::Store(StoreError::Throttled { .. }))))
        .expect("unlocking is throttled after the free failures");
    out.insert("session".into(), json!({ "throttled": ipc(throttled.unwrap_err()) }));

    // More overdue follow-ups than the dashboard lists.
    for i in 0..25 {
        let t = crate::testing::task(&format!("逾期事项 {i}"), day(2026, 10, 1), &d.people[0], None, None);
        d.write(|tx| tx.insert(t)).unwrap();
    }
    let many = dashboard::build(d.store.conn(), now()).unwrap();
    out.insert("dashboard".into(), json!({ "demo": dashboard, "many_overdue": many }));
    out
}

/// Renumbers every id in `v`, in strings and inside text (error messages), in the order they first appear.
fn renumber(v: &mut Value, ids: &mut HashMap<String, String>) {
    const LEN: usize = 36;
    match v {
        Value::String(s) => {
            let mut out = String::with_capacity(s.len());
            let mut rest = s.as_str();
            while !rest.is_empty() {
                let id = rest.get(..LEN).filter(|head| Id::parse(head).is_some_and(|id| id.as_str() == *head));
                if let Some(id) = id {
                    let n = ids.len() + 1;
                    out += ids.entry(id.to_string()).or_insert_with(|| format!("00000000-0000-7000-8000-{n:012}"));
                    rest = &rest[LEN..];
                } else {
                    let c = rest.chars().next().unwrap();
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            *s = out;
        }
        Value::Array(items) => items.iter_mut().for_each(|i| renumber(i, ids)),
        Value::Object(fields) => fields.values_mut().for_each(|f| renumber(f, ids)),
        _ => {}
    }
}

/// Every fixture file: (file name, text), ids renumbered across the files (demo.json first, so
/// the demo's ids read the same everywhere).
fn files() -> BTreeMap<String, String> {
    let mut generated = generate();
    let mut ids = HashMap::new();
    let demo = generated.remove("demo").unwrap();
    [("demo".to_string(), demo)]
        .into_iter()
        .chain(generated)
        .map(|(name, mut value)| {
            renumber(&mut value, &mut ids);
            (format!("{name}.json"), serde_json::to_string_pretty(&value).unwrap() + "\n")
        })
        .collect()
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(DIR)
}

#[test]
// `make fixtures` asks this test to rewrite the committed files; the core itself never reads
// the environment.
#[allow(clippy::disallowed_methods)]
fn the_committed_ui_fixtures_are_current() {
    let generated = files();
    if std::env::var_os("VISITDESK_WRITE_FIXTURES").is_some() {
        std::fs::create_dir_all(dir()).unwrap();
        for (name, text) in &generated {
            std::fs::write(dir().join(name), text).unwrap();
        }
    }
    let mut problems = Vec::new();
    for (name, text) in &generated {
        match std::fs::read_to_string(dir().join(name)) {
            Err(_) => problems.push(format!("{name} is missing")),
            Ok(old) if &old != text => problems.push(format!("{name} is stale")),
            Ok(_) => {}
        }
    }
    let committed = std::fs::read_dir(dir()).map(|d| d.filter_map(|e| e.ok()).collect::<Vec<_>>()).unwrap_or_default();
    for e in committed {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !generated.contains_key(&name) {
            problems.push(format!("{name} is left over"));
        }
    }
    assert!(problems.is_empty(), "{DIR}: {}; run `make fixtures`", problems.join(", "));
}
