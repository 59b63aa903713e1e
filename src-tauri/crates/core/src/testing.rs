//! Fixtures for tests: the core's unit tests, the story tests (`tests/`) and the app shell's
//! tests, which get this module through the `testing` feature.
use crate::crypto::KdfParams;
use crate::ids::Id;
use crate::model::*;
use crate::session::NewStore;
use crate::store::{InitOptions, Store};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

pub const PASSPHRASE: &str = "correct horse battery";
pub const SCHOOL: &str = "示例职业技术学院";
pub const CAMPAIGN: &str = "2022年访企拓岗";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 09:00 Beijing time on the given day, in UTC.
pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).unwrap()
}

pub fn new_options() -> InitOptions<'static> {
    InitOptions {
        person: person("王书记", Role::Secretary),
        passphrase: PASSPHRASE,
        school: SCHOOL,
        campaign: Campaign::new(CAMPAIGN, day(2022, 3, 1), day(2022, 8, 31)),
        kdf: KdfParams::TEST,
        now: at(2022, 2, 1),
    }
}

/// A store for the 2022 campaign (March to August), unlocked by its secretary 王书记.
pub fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::init(dir.path(), new_options()).unwrap().store;
    (dir, store)
}

/// The first-run form for the same store, as the UI sends it.
pub fn first_run_form() -> NewStore {
    NewStore {
        school: SCHOOL.into(),
        person_name: "王书记".into(),
        role: Role::Secretary,
        passphrase: PASSPHRASE.into(),
        campaign_name: CAMPAIGN.into(),
        starts_on: day(2022, 3, 1),
        ends_on: day(2022, 8, 31),
    }
}

/// Sets `person`'s passphrase as the admin of [`new_store`] (who retypes [`PASSPHRASE`]).
pub fn give_passphrase(store: &mut Store, person: &Id, passphrase: &str) {
    store.set_passphrase(person, passphrase, PASSPHRASE, KdfParams::TEST, at(2022, 3, 1)).unwrap();
}

pub fn person(name: &str, role: Role) -> Person {
    Person::new(name, role)
}

/// A contact with a name and nothing else filled in.
pub fn contact(employer_id: &Id, name: &str) -> Contact {
    Contact::named(employer_id.clone(), name)
}

pub fn employer(name: &str) -> Employer {
    Employer {
        industry: "制造业".into(),
        ownership: Ownership::Private,
        size: EmployerSize::Small,
        region: "江苏省苏州市".into(),
        ..Employer::named(name)
    }
}

/// An employer the campaign developed, on `on`.
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
        completed_by: None,
        confirmed_by: None,
        replan_of: None,
    }
}

/// The same visit, completed as planned.
pub fn completed(v: Visit) -> Visit {
    Visit { status: VisitStatus::Completed, actual_start: Some(v.planned_start), actual_end: Some(v.planned_end), ..v }
}

/// A follow-up survey with the employer's three satisfaction ratings and nothing else.
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
        stage: PostingStage::Published,
        pay_min: None,
        pay_max: None,
        hired: None,
    }
}

/// An open task.
pub fn task(title: &str, due_on: NaiveDate, owner: &Id, employer_id: Option<&Id>, visit_id: Option<&Id>) -> Task {
    Task {
        title: title.into(),
        due_on,
        owner_id: owner.clone(),
        visit_id: visit_id.cloned(),
        employer_id: employer_id.cloned(),
        done_on: None,
        notes: String::new(),
    }
}

/// Every file under `dir` (backups too), by its path inside `dir`, with a checksum of its bytes:
/// to show that something changed no file.
pub fn file_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, crate::crypto::checksum(&std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// Damages `keyslots.json` in `dir` as a bad sector might: one character of a salt changed.
pub fn damage_a_salt(dir: &Path) {
    let path = dir.join(crate::store::keys::FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let salt = text.find("\"salt\": \"").unwrap() + 9;
    let mut bytes = text.into_bytes();
    bytes[salt] = if bytes[salt] == b'0' { b'1' } else { b'0' };
    std::fs::write(&path, &bytes).unwrap();
}

/// Characters that have broken text handling somewhere: controls, direction overrides and
/// marks, invisible characters, full-width forms, and the punctuation formats care about.
pub const NASTY: &[char] = &[
    '\0',
    '\u{1}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\u{b}',
    '\u{c}',
    '\r',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9f}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{061c}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10ffff}',
    '\u{3000}',
    'Ａ',
    '１',
    '华',
    '为',
    '‐',
    '@',
    '.',
    ' ',
    '-',
    '+',
    '9',
    '1',
    'X',
    '/',
    ':',
    '<',
    '>',
    '"',
    '\'',
    '\\',
    '%',
    '_',
];

/// Arbitrary text for property tests, heavy on [`NASTY`] characters, with long runs around the
/// length limits.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![3 => prop::sample::select(NASTY), 1 => any::<char>()];
    prop_oneof![
        prop::collection::vec(ch, 0..40).prop_map(|v| v.into_iter().collect::<String>()),
        any::<String>(),
        // Long runs, around the limits.
        (prop::sample::select(NASTY), 150usize..260).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

/// Photos for the attachments' tests, made here so no test ships a binary file.
pub mod photos {
    use img_parts::{Bytes, ImageEXIF};

    /// A JPEG of `w`×`h` pixels, a gradient.
    pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).encode_image(&image).unwrap();
        bytes
    }

    /// A TIFF (EXIF) block with an orientation and a GPS directory holding a latitude reference
    /// and the marker text `GPSMARK`, in a user comment-like ASCII entry.
    pub fn exif_with_gps(orientation: u8) -> Vec<u8> {
        // IFD0 at 8: two entries (orientation; GPS IFD pointer → 38), next 0.
        let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
        t.extend_from_slice(&[0, 2]);
        t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]);
        t.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
        t.extend_from_slice(&[0, 0, 0, 0]);
        // GPS IFD at 38: GPSLatitudeRef "N"; GPSProcessingMethod (ASCII, 8 bytes at 68).
        t.extend_from_slice(&[0, 2]);
        t.extend_from_slice(&[0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        t.extend_from_slice(&[0x00, 0x1B, 0, 2, 0, 0, 0, 8, 0, 0, 0, 68]);
        t.extend_from_slice(&[0, 0, 0, 0]);
        assert_eq!(t.len(), 68);
        t.extend_from_slice(b"GPSMARK\0");
        t
    }

    /// `bytes` (a JPEG) with `exif` set as its EXIF.
    pub fn with_exif(bytes: Vec<u8>, exif: Vec<u8>) -> Vec<u8> {
        let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(bytes)).unwrap();
        jpeg.set_exif(Some(Bytes::from(exif)));
        jpeg.encoder().bytes().to_vec()
    }

    /// A PNG whose header says it is `side` × `side` pixels of RGB, with a valid checksum and
    /// one pixel of data: a decompression bomb for a decoder without limits.
    pub fn png_claiming(side: u32) -> Vec<u8> {
        let mut one = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(&mut one),
            &[0; 3],
            1,
            1,
            image::ExtendedColorType::Rgb8,
        )
        .expect("a 1×1 PNG");
        let ihdr = one.windows(4).position(|w| w == b"IHDR").expect("an IHDR chunk");
        one[ihdr + 4..ihdr + 8].copy_from_slice(&side.to_be_bytes());
        one[ihdr + 8..ihdr + 12].copy_from_slice(&side.to_be_bytes());
        let crc = crc32(&one[ihdr..ihdr + 17]);
        one[ihdr + 17..ihdr + 21].copy_from_slice(&crc.to_be_bytes());
        one
    }

    /// PNG's CRC-32 (the IEEE polynomial), bit by bit.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}

/// One laptop of a team in a test: its folder and its unlocked store.
pub struct Laptop {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

/// A team of two laptops: 王书记's [`new_store`], which made the team, and 张秘书's, which
/// joined it (an assistant), each having confirmed the other's first bundle.
pub fn team_of_two() -> (Laptop, Laptop) {
    use crate::team;
    let (dir, mut store) = new_store();
    team::create(&mut store, "王书记的笔记本", at(2022, 3, 2)).unwrap();
    let mut admin = Laptop { dir, store };
    let zdir = tempfile::tempdir().unwrap();
    let (created, request) = team::join_request(
        zdir.path(),
        "张秘书",
        Role::Staff,
        "张秘书的电脑",
        "张秘书的口令二〇二二",
        KdfParams::TEST,
        at(2022, 3, 3),
    )
    .unwrap();
    let mut zhang = Laptop { dir: zdir, store: created.store };
    let welcome = team::accept(&mut admin.store, &request, crate::access::Access::Assistant, at(2022, 3, 3)).unwrap();
    team::join(&mut zhang.store, &welcome, at(2022, 3, 4)).unwrap();
    let back = team::export(&mut zhang.store, at(2022, 3, 4)).unwrap();
    team::import(&mut admin.store, &back, at(2022, 3, 4)).unwrap();
    (admin, zhang)
}

/// Every record table, as rows of (id, data, deleted_at): two stores compare equal when they
/// hold the same records.
pub fn dump_records(conn: &rusqlite::Connection) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let sql = format!("SELECT id, data, deleted_at FROM {} ORDER BY id", kind.table());
        let mut stmt = conn.prepare(&sql).unwrap();
        out.extend(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()));
    }
    out
}

/// A store of a school of its own for the 一帮一 pairing's tests: [`new_store`] under the name
/// `name`, with the 学校标识码 `code`, unlocked by its admin 王书记.
pub fn school_store(name: &str, code: &str) -> Laptop {
    let (dir, mut store) = new_store();
    store
        .write(at(2022, 2, 2), |tx| {
            crate::settings::save(tx, name, crate::settings::AUTO_LOCK_DEFAULT)?;
            crate::settings::save_school_code(tx, code).map(drop)
        })
        .unwrap();
    Laptop { dir, store }
}

/// Pairs two schools' stores both ways, as their admins do: each makes its pairing file, and
/// the other adds it with the fingerprint read aloud.
pub fn pair_schools(a: &mut Store, b: &mut Store, now: DateTime<Utc>) {
    use crate::share;
    let one_way = |from: &mut Store, to: &mut Store| {
        let own = from.write(now, share::pairing_file).unwrap();
        to.write(now, |tx| share::add_pair(tx, &own.bytes, &own.fingerprint)).unwrap();
    };
    one_way(a, b);
    one_way(b, a);
}
