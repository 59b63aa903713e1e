//! Two schools' stores side by side: 示范大学 (the supporting school, A) shares job postings
//! and recruitment events with 对口职业学院 (B), which imports them, records what they placed
//! and reports back.
use super::*;
use crate::access::Access;
use crate::model::{Contact, EventKind, Person, PostingStage, Role};
use crate::outcomes;
use crate::store::Store;
use crate::testing::*;

const CREDIT_CODE: &str = "91350100M000100Y43";
const MOBILE: &str = "13912345678";
const SECRET_NOTE: &str = "内部备注：明年可能缩招";
const A_CODE: &str = "4111010001";
const B_CODE: &str = "4152010002";

/// What A keeps: one employer with a contact and notes, its postings and events, and another
/// employer's posting.
struct Shelf {
    employer: Id,
    engineer: Id,
    inspector: Id,
    clerk: Id,
    tester: Id,
    talk: Id,
    past_talk: Id,
}

struct Schools {
    a: Laptop,
    b: Laptop,
    shelf: Shelf,
}

fn now() -> DateTime<Utc> {
    at(2022, 6, 1)
}

fn schools() -> Schools {
    let mut a = school_store("示范大学", A_CODE);
    let mut b = school_store("对口职业学院", B_CODE);
    pair_schools(&mut a.store, &mut b.store, at(2022, 5, 1));
    let shelf = a
        .store
        .write(at(2022, 5, 10), |tx| {
            let green = Employer {
                credit_code: Some(CREDIT_CODE.into()),
                notes: SECRET_NOTE.into(),
                address: "苏州工业园区星湖街 1 号".into(),
                ..employer("苏州绿叶精密机械有限公司")
            };
            let green = tx.insert(green)?.id;
            tx.insert(Contact {
                mobile: Some(MOBILE.into()),
                notes: SECRET_NOTE.into(),
                ..Contact::named(green.clone(), "刘经理")
            })?;
            let other = tx.insert(employer("无锡云帆软件有限公司"))?.id;
            let job = |employer: &Id, title: &str, headcount: u32, major: &str, stage: PostingStage| JobPosting {
                majors: vec![major.into()],
                stage,
                ..posting(employer, None, title, headcount)
            };
            let save = |p: JobPosting| outcomes::save_posting(tx, None, p).map(|s| s.id);
            let engineer = save(job(&green, "数控工程师", 5, "机电一体化", PostingStage::Published))?;
            let inspector = save(job(&green, "质检员", 3, "数控技术", PostingStage::Intended))?;
            let clerk = save(job(&green, "文员", 1, "文秘", PostingStage::Closed))?;
            let tester = save(job(&other, "软件测试工程师", 2, "软件技术", PostingStage::Published))?;
            let event = |held_on| RecruitmentEvent {
                kind: EventKind::Talk,
                employer_id: green.clone(),
                co_employer_ids: Vec::new(),
                visit_id: None,
                held_on,
                venue: "图书馆报告厅".into(),
                link: String::new(),
                majors: vec!["机电一体化".into()],
                attended: Some(80),
                offers: None,
                notes: SECRET_NOTE.into(),
            };
            let talk = outcomes::save_event(tx, None, event(day(2022, 6, 20)))?.id;
            let past_talk = outcomes::save_event(tx, None, event(day(2022, 5, 12)))?.id;
            Ok(Shelf { employer: green, engineer, inspector, clerk, tester, talk, past_talk })
        })
        .unwrap();
    // B keeps the same employer under its own name, by the same credit code.
    b.store
        .write(at(2022, 5, 2), |tx| {
            tx.insert(Employer { credit_code: Some(CREDIT_CODE.into()), ..employer("绿叶精密（苏州）") })
        })
        .unwrap();
    Schools { a, b, shelf }
}

fn share(store: &mut Store, filter: &ShareFilter, now: DateTime<Utc>) -> Result<Sent> {
    store.write(now, |tx| share_jobs(tx, B_CODE, filter))
}

fn receive(store: &mut Store, bytes: &[u8], now: DateTime<Utc>) -> Result<ShareImported> {
    store.write(now, |tx| import(tx, bytes))
}

/// The body of a package to B, as B's identity decrypts it.
fn body_text(b: &Store, bytes: &[u8]) -> String {
    let me = Identity::load(b.conn()).unwrap().unwrap();
    let sealed = wire::open_as::<Package>(bytes).unwrap();
    String::from_utf8(sealed.decrypt(&me.age).unwrap()).unwrap()
}

fn jobs_of(store: &Store) -> Vec<SharedJob> {
    shared_jobs(store.conn()).unwrap().into_iter().map(|r| r.job.data).collect()
}

fn job_titles(store: &Store) -> Vec<String> {
    let mut titles: Vec<String> = jobs_of(store).iter().map(Record::title).collect();
    titles.sort();
    titles
}

/// Everything a store holds that a refused write could have changed: its records and history.
fn state(store: &Store) -> (Vec<(String, String, Option<String>)>, i64) {
    let history = store.conn().query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap();
    (dump_records(store.conn()), history)
}

#[test]
fn a_pair_is_added_once_its_fingerprint_is_read_back() {
    let mut a = school_store("示范大学", A_CODE);
    let mut b = school_store("对口职业学院", B_CODE);
    let own = a.store.write(now(), pairing_file).unwrap();
    assert_eq!(own.fingerprint.len(), 19, "{}", own.fingerprint);
    // Asked again, the same identity gives the same file's fingerprint.
    assert_eq!(a.store.write(now(), pairing_file).unwrap().fingerprint, own.fingerprint);
    let before = state(&b.store);
    let wrong = b.store.write(now(), |tx| add_pair(tx, &own.bytes, "1234 5678 1234 5678")).unwrap_err();
    assert_eq!(wrong.code(), "share.fingerprint_mismatch");
    assert_eq!(state(&b.store), before, "a wrong fingerprint adds nothing");
    let typed = own.fingerprint.replace(' ', "-");
    let pair = b.store.write(now(), |tx| add_pair(tx, &own.bytes, &typed)).unwrap();
    assert_eq!((pair.data.name.as_str(), pair.data.school_code.as_str()), ("示范大学", A_CODE));
    let listed = pairs(b.store.conn()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].fingerprint, own.fingerprint, "the pair's fingerprint is its file's");
    // Added again (a school sends its file anew): the one pair, not two.
    b.store.write(now(), |tx| add_pair(tx, &own.bytes, &own.fingerprint)).unwrap();
    assert_eq!(pairs(b.store.conn()).unwrap().len(), 1);
    // A file changed after it was signed, one of another kind, and a school's own file.
    let mut file: PairingFile = serde_json::from_slice(&own.bytes).unwrap();
    file.school = "冒名大学".into();
    let forged = serde_json::to_vec(&file).unwrap();
    let fp = file.fingerprint();
    assert_eq!(b.store.write(now(), |tx| add_pair(tx, &forged, &fp)).unwrap_err().code(), "share.tampered");
    assert_eq!(b.store.write(now(), |tx| add_pair(tx, b"{}", "")).unwrap_err().code(), "share.damaged");
    let mine = b.store.write(now(), pairing_file).unwrap();
    let itself = b.store.write(now(), |tx| add_pair(tx, &mine.bytes, &mine.fingerprint)).unwrap_err();
    assert_eq!(itself.code(), "validation.invalid_state");
    // A school without its code set has no pairing file to give.
    let (_dir, mut nameless) = new_store();
    let unset = nameless.write(now(), pairing_file).unwrap_err();
    assert_eq!(unset.code(), "validation.required");
}

#[test]
fn only_an_admin_pairs() {
    let mut a = school_store("示范大学", A_CODE);
    let own = a.store.write(now(), pairing_file).unwrap();
    let mut b = school_store("对口职业学院", B_CODE);
    let zhang = b
        .store
        .write(now(), |tx| tx.insert(Person { access: Access::Assistant, ..person("张秘书", Role::Staff) }))
        .unwrap()
        .id;
    give_passphrase(&mut b.store, &zhang, "张秘书的口令二〇二二");
    drop(b.store);
    let mut as_zhang = Store::unlock(b.dir.path(), Some(&zhang), "张秘书的口令二〇二二", now()).unwrap();
    let before = state(&as_zhang);
    let refused = as_zhang.write(now(), |tx| add_pair(tx, &own.bytes, &own.fingerprint)).unwrap_err();
    assert_eq!(refused.code(), "access.forbidden");
    assert_eq!(as_zhang.write(now(), pairing_file).unwrap_err().code(), "access.forbidden");
    // Nor by writing the record itself: a paired school is an admin's record.
    let pair = PairingFile::parse(&own.bytes).unwrap().as_pair();
    assert_eq!(as_zhang.write(now(), |tx| tx.insert(pair)).unwrap_err().code(), "access.forbidden");
    assert_eq!(state(&as_zhang), before);
    assert!(Identity::load(as_zhang.conn()).unwrap().is_none(), "no identity made for her");
}

#[test]
fn a_filter_picks_its_records_and_leaves_contacts_and_notes_at_home() {
    let Schools { mut a, b, shelf } = schools();
    // By employer: its open postings and its events from today on.
    let by_employer = ShareFilter { employer: Some(shelf.employer.clone()), ..ShareFilter::default() };
    let sent = share(&mut a.store, &by_employer, now()).unwrap();
    assert_eq!((sent.postings, sent.events, sent.headcount), (2, 1, 8));
    assert_eq!(sent.to_school, "对口职业学院");
    let body = body_text(&b.store, &sent.bytes);
    for kept_home in [MOBILE, SECRET_NOTE, "刘经理", "attended"] {
        assert!(!body.contains(kept_home), "the package holds {kept_home}: {body}");
    }
    for shared in
        ["苏州绿叶精密机械有限公司", CREDIT_CODE, "苏州工业园区星湖街 1 号", "数控工程师", "质检员", "图书馆报告厅"]
    {
        assert!(body.contains(shared), "the package lacks {shared}");
    }
    assert!(!body.contains("文员") && !body.contains("软件测试"), "a closed posting, another employer's");
    let shares = records::list::<JobShare>(a.store.conn(), "1", "id", []).unwrap();
    let mut shared: Vec<Option<&Id>> =
        shares.iter().map(|s| s.data.job_posting_id.as_ref().or(s.data.recruitment_event_id.as_ref())).collect();
    shared.sort();
    let mut expected = vec![Some(&shelf.engineer), Some(&shelf.inspector), Some(&shelf.talk)];
    expected.sort();
    assert_eq!(shared, expected);

    // By major, and by a date range (postings recorded, events held in it).
    let by_major = ShareFilter { major: Some(" 软件技术 ".into()), ..ShareFilter::default() };
    let sent = share(&mut a.store, &by_major, now()).unwrap();
    assert_eq!((sent.postings, sent.events, sent.headcount), (1, 0, 2));
    let in_may = ShareFilter { from: Some(day(2022, 5, 1)), to: Some(day(2022, 5, 31)), ..ShareFilter::default() };
    let sent = share(&mut a.store, &in_may, now()).unwrap();
    assert_eq!((sent.postings, sent.events), (3, 1), "the open postings and the talk of 12 May");
    assert!(body_text(&b.store, &sent.bytes).contains(shelf.past_talk.as_str()));
    // One by one: a closed posting too, and nothing else.
    let one = ShareFilter { postings: vec![shelf.clerk.clone()], ..ShareFilter::default() };
    let sent = share(&mut a.store, &one, now()).unwrap();
    assert_eq!((sent.postings, sent.events), (1, 0));
    assert!(body_text(&b.store, &sent.bytes).contains("文员"));
    // Everything open, when nothing is named.
    let all = share(&mut a.store, &ShareFilter::default(), now()).unwrap();
    assert_eq!((all.postings, all.events), (4, 1), "the closed one shared before comes along");
}

#[test]
fn nothing_goes_out_without_a_match_or_from_a_laptop_without_the_identity() {
    let Schools { mut a, shelf, .. } = schools();
    let before = state(&a.store);
    let none = ShareFilter { major: Some("考古学".into()), ..ShareFilter::default() };
    assert_eq!(share(&mut a.store, &none, now()).unwrap_err().code(), "share.nothing");
    let unknown = a.store.write(now(), |tx| share_jobs(tx, "不存在的学校", &ShareFilter::default())).unwrap_err();
    assert_eq!(unknown.code(), "not_found");
    assert_eq!(state(&a.store), before);
    // Another store of the same school (a teammate's laptop, say) has no sharing identity.
    let mut other = school_store("示范大学", A_CODE);
    let mut b = school_store("对口职业学院", B_CODE);
    let b_file = b.store.write(now(), pairing_file).unwrap();
    other.store.write(now(), |tx| add_pair(tx, &b_file.bytes, &b_file.fingerprint)).unwrap();
    let one = ShareFilter { postings: vec![shelf.engineer.clone()], ..ShareFilter::default() };
    assert_eq!(share(&mut other.store, &one, now()).unwrap_err().code(), "share.no_identity");
}

#[test]
fn imports_add_update_close_and_match_employers_by_credit_code() {
    let Schools { mut a, mut b, shelf } = schools();
    let by_employer = ShareFilter { employer: Some(shelf.employer.clone()), ..ShareFilter::default() };
    let first = share(&mut a.store, &by_employer, now()).unwrap().bytes;
    let got = receive(&mut b.store, &first, at(2022, 6, 2)).unwrap();
    assert_eq!(
        got,
        ShareImported {
            from_school: "示范大学".into(), added: 3, updated: 0, closed: 0, matched: 3, placements: 0
        }
    );
    assert_eq!(job_titles(&b.store), ["宣讲会 2022-06-20", "数控工程师", "质检员"]);
    let rows = shared_jobs(b.store.conn()).unwrap();
    assert!(
        rows.iter().all(|r| r.from_school == "示范大学" && r.matched_employer.as_deref() == Some("绿叶精密（苏州）"))
    );
    // Found by title and by its employer's name.
    for query in ["数控工程师", "绿叶精密机械"] {
        let hits = crate::search::search(b.store.conn(), query, 20).unwrap();
        assert!(hits.iter().any(|h| h.kind == Kind::SharedJob), "{query}: {hits:?}");
    }
    // The same package again changes nothing.
    let before = state(&b.store);
    let again = receive(&mut b.store, &first, at(2022, 6, 3)).unwrap();
    assert_eq!((again.added, again.updated, again.closed), (0, 0, 0));
    assert_eq!(state(&b.store), before);

    // A changes a posting's title and fills the other; the next package updates and closes.
    a.store
        .write(at(2022, 6, 5), |tx| {
            let mut engineer = records::get::<JobPosting>(tx.conn(), &shelf.engineer)?.data;
            engineer.title = "数控编程工程师".into();
            outcomes::save_posting(tx, Some(&shelf.engineer), engineer)?;
            let inspector = records::get::<JobPosting>(tx.conn(), &shelf.inspector)?.data;
            outcomes::save_posting(tx, Some(&shelf.inspector), JobPosting { stage: PostingStage::Filled, ..inspector })
        })
        .unwrap();
    let second = share(&mut a.store, &by_employer, at(2022, 6, 6)).unwrap();
    assert_eq!(second.postings, 2, "the filled posting goes too: it was shared before");
    let got = receive(&mut b.store, &second.bytes, at(2022, 6, 7)).unwrap();
    assert_eq!((got.added, got.updated, got.closed), (0, 2, 1));
    assert_eq!(job_titles(&b.store), ["宣讲会 2022-06-20", "数控编程工程师", "质检员"]);
    let closed: Vec<bool> = shared_jobs(b.store.conn()).unwrap().iter().map(|r| r.closed).collect();
    assert_eq!(closed, [false, false, true], "open ones first");
    // The older package, imported late, changes nothing.
    let before = state(&b.store);
    let late = receive(&mut b.store, &first, at(2022, 6, 8)).unwrap();
    assert_eq!((late.added, late.updated), (0, 0));
    assert_eq!(state(&b.store), before);
}

#[test]
fn a_shared_job_is_read_only_but_what_it_placed_is_not() {
    let Schools { mut a, mut b, shelf } = schools();
    let one = ShareFilter { postings: vec![shelf.engineer.clone()], ..ShareFilter::default() };
    let bytes = share(&mut a.store, &one, now()).unwrap().bytes;
    receive(&mut b.store, &bytes, at(2022, 6, 2)).unwrap();
    let job = records::list::<SharedJob>(b.store.conn(), "1", "id", []).unwrap().remove(0);
    let before = state(&b.store);
    let mut retitled = job.data.clone();
    if let Some(p) = retitled.posting.as_mut() {
        p.title = "改过的标题".into();
    }
    let refused = b.store.write(now(), |tx| tx.update(&job.id, retitled.clone())).unwrap_err();
    assert_eq!(refused.code(), "share.read_only");
    // Not by claiming a newer version from an older one either, nor by moving it elsewhere.
    let older = SharedJob { source_version: job.data.source_version - chrono::Duration::days(1), ..retitled };
    assert_eq!(b.store.write(now(), |tx| tx.update(&job.id, older)).unwrap_err().code(), "share.read_only");
    let moved = SharedJob { source_id: shelf.tester.clone(), ..job.data.clone() };
    assert_eq!(b.store.write(now(), |tx| tx.update(&job.id, moved)).unwrap_err().code(), "share.read_only");
    assert_eq!(state(&b.store), before);
    // What it placed is this school's to say, and undone like any edit.
    let placed = b.store.write(at(2022, 7, 1), |tx| set_placed(tx, &job.id, Some(2))).unwrap();
    assert_eq!(placed.data.placed, Some(2));
    b.store.write(at(2022, 7, 2), |tx| tx.undo_last()).unwrap();
    assert_eq!(records::get::<SharedJob>(b.store.conn(), &job.id).unwrap().data.placed, None);
    // Removing one is an admin's; undoing the import takes the job away.
    b.store.write(at(2022, 7, 3), |tx| tx.undo_last()).unwrap();
    assert!(records::find::<SharedJob>(b.store.conn(), &job.id).unwrap().is_none());
}

#[test]
fn placements_reported_back_count_in_the_sharing_schools_ledger() {
    let Schools { mut a, mut b, shelf } = schools();
    let by_employer = ShareFilter { employer: Some(shelf.employer.clone()), ..ShareFilter::default() };
    let bytes = share(&mut a.store, &by_employer, now()).unwrap().bytes;
    receive(&mut b.store, &bytes, at(2022, 6, 2)).unwrap();
    assert_eq!(report(b.store.conn(), A_CODE, at(2022, 6, 3)).unwrap_err().code(), "share.nothing");
    let jobs = records::list::<SharedJob>(b.store.conn(), "1", "id", []).unwrap();
    let of = |source: &Id| jobs.iter().find(|j| j.data.source_id == *source).unwrap().id.clone();
    b.store
        .write(at(2022, 7, 1), |tx| {
            set_placed(tx, &of(&shelf.engineer), Some(3))?;
            set_placed(tx, &of(&shelf.talk), Some(1))
        })
        .unwrap();
    let first = report(b.store.conn(), "示范大学", at(2022, 7, 2)).unwrap();
    assert_eq!(first.placements, 2);
    let got = receive(&mut a.store, &first.bytes, at(2022, 7, 3)).unwrap();
    assert_eq!((got.from_school.as_str(), got.placements, got.added), ("对口职业学院", 2, 0));
    let figures = crate::ledger::figures(a.store.conn(), None, None, day(2022, 7, 3)).unwrap();
    assert_eq!((figures.jobs_shared_with_pair, figures.pair_placements), (8, 4));
    let listed = pairs(a.store.conn()).unwrap();
    assert_eq!((listed[0].jobs_shared, listed[0].placements_reported, listed[0].received), (8, 4, 0));
    // A later report replaces the figure; the first one, imported again, changes nothing.
    b.store.write(at(2022, 7, 10), |tx| set_placed(tx, &of(&shelf.engineer), Some(4))).unwrap();
    let second = report(b.store.conn(), A_CODE, at(2022, 7, 11)).unwrap();
    receive(&mut a.store, &second.bytes, at(2022, 7, 12)).unwrap();
    let before = state(&a.store);
    assert_eq!(receive(&mut a.store, &first.bytes, at(2022, 7, 13)).unwrap().placements, 0);
    assert_eq!(state(&a.store), before);
    let figures = crate::ledger::figures(a.store.conn(), None, None, day(2022, 7, 13)).unwrap();
    assert_eq!(figures.pair_placements, 5);
    // A period before anything was shared counts none of it.
    let march = Period::new(day(2022, 3, 1), day(2022, 3, 31)).unwrap();
    let figures = crate::ledger::figures(a.store.conn(), None, Some(march), day(2022, 7, 13)).unwrap();
    assert_eq!((figures.jobs_shared_with_pair, figures.pair_placements), (0, 0));
    // B's ledger shares nothing of its own.
    let figures = crate::ledger::figures(b.store.conn(), None, None, day(2022, 7, 13)).unwrap();
    assert_eq!((figures.jobs_shared_with_pair, figures.pair_placements), (0, 0));
}

/// A package from A to B written by hand: its header and body as `change` leaves them,
/// encrypted to B (or to `to`).
fn forged(
    a: &Store,
    entries: Vec<serde_json::Value>,
    to: Option<age::x25519::Recipient>,
    change: impl FnOnce(&mut Package, &mut Body),
) -> Vec<u8> {
    let me = Identity::load(a.conn()).unwrap().unwrap();
    let pair = find_pair(a.conn(), B_CODE).unwrap().data;
    let mut body = Body {
        package_id: "p".into(),
        from_school: A_CODE.into(),
        to_school: B_CODE.into(),
        kind: PackageKind::Jobs,
        sent_at: now(),
        entries,
    };
    let mut header = Package {
        format: FORMAT,
        kind: PackageKind::Jobs,
        from_school: A_CODE.into(),
        to_school: B_CODE.into(),
        package_id: "p".into(),
        signing_key: me.signing_key(),
        body_hash: String::new(),
    };
    change(&mut header, &mut body);
    let to = to.unwrap_or_else(|| pair.recipient.parse().unwrap());
    wire::seal(header, &serde_json::to_vec(&body).unwrap(), &[to], &me.signing).unwrap()
}

/// Where the signature of a package starts.
fn signature_at(bytes: &[u8]) -> usize {
    8 + 4 + u32::from_be_bytes(bytes[8..12].try_into().unwrap()) as usize
}

/// A third school paired with B (named `code`), with a posting of its own, shares it with B.
fn third_school_shares(b: &mut Store, code: &str) -> Vec<u8> {
    let mut third = school_store("冒名学院", code);
    let b_file = b.write(now(), pairing_file).unwrap();
    let employer = third
        .store
        .write(now(), |tx| {
            pairing_file(tx)?;
            add_pair(tx, &b_file.bytes, &b_file.fingerprint)?;
            tx.insert(employer("第三方公司"))
        })
        .unwrap()
        .id;
    third.store.write(now(), |tx| outcomes::save_posting(tx, None, posting(&employer, None, "冒名岗位", 9))).unwrap();
    share(&mut third.store, &ShareFilter::default(), now()).unwrap().bytes
}

#[test]
fn every_hostile_package_is_refused_whole_with_its_reason() {
    let Schools { mut a, mut b, shelf } = schools();
    let good = share(&mut a.store, &ShareFilter::default(), now()).unwrap().bytes;
    let body: serde_json::Value = serde_json::from_str(&body_text(&b.store, &good)).unwrap();
    let entries = body["entries"].as_array().unwrap().clone();
    let with = |kind: &str| {
        let mut entries = entries.clone();
        entries.push(serde_json::json!({ "kind": kind, "id": shelf.employer, "name": "刘经理", "mobile": MOBILE }));
        entries
    };
    let sig = signature_at(&good);
    let flipped = |at: usize| {
        let mut bytes = good.clone();
        bytes[at] ^= 1;
        bytes
    };
    let mut unsigned = good.clone();
    unsigned[sig..sig + 64].fill(0);
    let header_to_another = {
        let text = String::from_utf8(good[12..sig].to_vec()).unwrap().replace(B_CODE, "4199999999");
        [&good[..12], text.as_bytes(), &good[sig..]].concat()
    };
    // A package of A's to another school it is paired with.
    let mut d = school_store("别的学校", "4188888888");
    pair_schools(&mut a.store, &mut d.store, now());
    let to_d = a.store.write(now(), |tx| share_jobs(tx, "4188888888", &ShareFilter::default())).unwrap().bytes;
    let stranger = age::x25519::Identity::generate().to_public();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not a package", b"VDSHARE but not one".to_vec(), "share.damaged"),
        ("a team bundle", [b"VDSYNC\0\x01".as_slice(), &good[8..]].concat(), "share.damaged"),
        ("cut in its header", good[..20].to_vec(), "share.damaged"),
        ("cut in its body", good[..good.len() - 40].to_vec(), "share.tampered"),
        ("too large", vec![0; MAX_PACKAGE + 1], "share.too_large"),
        ("unsigned", unsigned, "share.unsigned"),
        (
            "no signing key named",
            forged(&a.store, entries.clone(), None, |h, _| h.signing_key.clear()),
            "share.unsigned",
        ),
        ("a changed signature", flipped(sig + 5), "share.tampered"),
        ("a changed body", flipped(good.len() - 20), "share.tampered"),
        ("a changed header", header_to_another, "share.tampered"),
        ("from a school not paired", third_school_shares(&mut b.store, "4177777777"), "share.not_paired"),
        ("from A's code with another key", third_school_shares(&mut b.store, A_CODE), "share.not_paired"),
        ("to another school", to_d, "share.not_addressed"),
        (
            "to B, encrypted to another",
            forged(&a.store, entries.clone(), Some(stranger), |_, _| {}),
            "share.not_addressed",
        ),
        (
            "encrypted to B, for another school's code",
            forged(&a.store, entries.clone(), None, |h, body| {
                h.to_school = "4188888888".into();
                body.to_school = "4188888888".into();
            }),
            "share.not_addressed",
        ),
        ("with contacts", forged(&a.store, with("contact"), None, |_, _| {}), "share.kind_not_shared"),
        ("a report in a jobs package", forged(&a.store, with("placements"), None, |_, _| {}), "share.kind_not_shared"),
        (
            "an entry of no kind",
            forged(&a.store, vec![serde_json::json!({ "id": "x" })], None, |_, _| {}),
            "share.kind_not_shared",
        ),
        ("a newer format", forged(&a.store, entries.clone(), None, |h, _| h.format = FORMAT + 1), "share.newer_format"),
        (
            "a body not its header's",
            forged(&a.store, entries.clone(), None, |_, body| body.to_school = "4188888888".into()),
            "share.damaged",
        ),
        (
            "a posting without its employer",
            forged(&a.store, entries.iter().filter(|e| e["kind"] != "employer").cloned().collect(), None, |_, _| {}),
            "share.damaged",
        ),
        (
            "an id that is none",
            forged(
                &a.store,
                vec![serde_json::json!({ "kind": "employer", "id": "../x", "employer": { "name": "x" } })],
                None,
                |_, _| {},
            ),
            "share.damaged",
        ),
    ];
    let before = state(&b.store);
    for (what, bytes, code) in cases {
        let refused = receive(&mut b.store, &bytes, at(2022, 6, 2)).unwrap_err();
        assert_eq!(refused.code(), code, "{what}: {refused}");
        assert_eq!(state(&b.store), before, "{what} changed the store");
    }
    // The good one goes in whole.
    assert_eq!(receive(&mut b.store, &good, at(2022, 6, 2)).unwrap().added, 4);
}

/// B's team: the pair and the jobs it shared travel to a teammate's laptop, whose placements
/// come back; the sharing identity stays on the laptop that made it.
#[test]
fn shared_jobs_travel_with_the_team_and_a_teammate_records_placements() {
    use crate::team;
    let (mut b, mut zhang) = team_of_two();
    b.store.write(at(2022, 5, 1), |tx| settings::save_school_code(tx, B_CODE).map(drop)).unwrap();
    let mut a = school_store("示范大学", A_CODE);
    pair_schools(&mut a.store, &mut b.store, at(2022, 5, 1));
    let engineer = a
        .store
        .write(at(2022, 5, 10), |tx| {
            let e = tx
                .insert(Employer {
                    credit_code: Some(CREDIT_CODE.into()), ..employer("苏州绿叶精密机械有限公司")
                })?;
            outcomes::save_posting(tx, None, posting(&e.id, None, "数控工程师", 5))
        })
        .unwrap()
        .id;
    let one = ShareFilter { postings: vec![engineer], ..ShareFilter::default() };
    let bytes = share(&mut a.store, &one, now()).unwrap().bytes;
    receive(&mut b.store, &bytes, at(2022, 6, 2)).unwrap();
    let bundle = team::export(&mut b.store, at(2022, 6, 2)).unwrap();
    team::import(&mut zhang.store, &bundle, at(2022, 6, 2)).unwrap();
    assert_eq!(pairs(zhang.store.conn()).unwrap().len(), 1);
    assert_eq!(job_titles(&zhang.store), ["数控工程师"]);
    assert!(Identity::load(zhang.store.conn()).unwrap().is_none(), "the identity stays on B's laptop");
    // On her laptop too, a shared job is read-only but for what it placed.
    let job = records::list::<SharedJob>(zhang.store.conn(), "1", "id", []).unwrap().remove(0);
    let mut retitled = job.data.clone();
    retitled.posting.as_mut().unwrap().title = "改过的标题".into();
    let refused = zhang.store.write(at(2022, 7, 1), |tx| tx.update(&job.id, retitled)).unwrap_err();
    assert_eq!(refused.code(), "share.read_only");
    zhang.store.write(at(2022, 7, 1), |tx| set_placed(tx, &job.id, Some(2))).unwrap();
    let back = team::export(&mut zhang.store, at(2022, 7, 1)).unwrap();
    let merged = team::import(&mut b.store, &back, at(2022, 7, 1)).unwrap();
    assert!(merged.refused.is_empty(), "{:?}", merged.refused);
    assert_eq!(records::get::<SharedJob>(b.store.conn(), &job.id).unwrap().data.placed, Some(2));
    // B reports it back from the laptop with the identity.
    let back = report(b.store.conn(), A_CODE, at(2022, 7, 2)).unwrap();
    assert_eq!(receive(&mut a.store, &back.bytes, at(2022, 7, 3)).unwrap().placements, 1);
}
