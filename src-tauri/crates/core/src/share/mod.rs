//! 一帮一 job sharing with a paired school (issue 20): a supporting school shares job postings
//! and recruitment events with the school it is paired with, which reports back how many of
//! its graduates they placed.
//!
//! - **Pairing.** Each school's sharing identity (an Ed25519 signing key and an age identity,
//!   made with its first pairing file, kept in `share_self` on the laptop that made it) goes to
//!   the other in a small pairing file, checked by a fingerprint read aloud; an admin adds the
//!   other school ([`add_pair`]) as a [`PairedSchool`] record, which travels with the team.
//! - **Sharing.** [`share_jobs`] picks postings and events (one by one, or by employer, major
//!   and dates), writes a package of their public fields and their employers' public details
//!   (never contacts or notes), and records each as a [`JobShare`].
//! - **Receiving.** [`import`] checks the package whole before writing anything: it is one
//!   of the share format (the team's wire, `team::wire`, with a magic and signing context of
//!   its own), within its size, signed by the key of a paired school, addressed to this school
//!   and encrypted to this laptop's identity, and carries only the record kinds shared. The
//!   postings and events become read-only [`SharedJob`] records, updated by newer packages
//!   only; a posting filled or closed at the source closes here too; an employer of this
//!   school with the same credit code is matched.
//! - **Reporting back.** [`set_placed`] records what a shared job placed; [`report`] sends it
//!   to the source, whose [`JobShare`]s take it in on [`import`], and its ledger counts it.
use crate::access::Right;
use crate::crypto;
use crate::error::{Error, ErrorCode, Result};
use crate::ids::Id;
use crate::ledger::{self, Period};
use crate::model::{
    Employer, JobPosting, JobShare, Kind, PairedSchool, Problem, Record, RecruitmentEvent, SharedEmployer, SharedEvent,
    SharedJob, SharedPosting, SharedSource, ValidationError, choice,
};
use crate::settings;
use crate::store::records::{self, Stored, Tx};
use crate::team::wire::{self, Format, WireError};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("the file is damaged or not a Visitdesk share package: {0}")]
    Damaged(String),
    #[error("the file is too large to be a share package")]
    TooLarge,
    #[error("the package is unsigned: no paired school sent it")]
    Unsigned,
    #[error("the package's signature does not match: it was changed after it was signed")]
    Tampered,
    #[error("the package is from a school this school is not paired with, or signed with another key than the pair's")]
    NotPaired,
    #[error("the package is not addressed to this school, or not to this laptop's sharing identity")]
    NotAddressed,
    #[error("the package carries records of kind {0}, which are not shared")]
    KindNotShared(String),
    #[error(
        "the file was written by a newer version of Visitdesk (format {found}, this one reads {known}): update this laptop"
    )]
    NewerFormat { found: u32, known: u32 },
    #[error("the fingerprint does not match the pairing file's: do not pair with it")]
    FingerprintMismatch,
    #[error("a shared job is its source school's: only the graduates it placed may be changed here")]
    ReadOnly,
    #[error("this laptop has no sharing identity: make this school's pairing file on it first")]
    NoIdentity,
    #[error("nothing to send: no posting or event matches, or no placement is recorded")]
    Nothing,
}

impl ShareError {
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            ShareError::Damaged(_) => C::ShareDamaged,
            ShareError::TooLarge => C::ShareTooLarge,
            ShareError::Unsigned => C::ShareUnsigned,
            ShareError::Tampered => C::ShareTampered,
            ShareError::NotPaired => C::ShareNotPaired,
            ShareError::NotAddressed => C::ShareNotAddressed,
            ShareError::KindNotShared(_) => C::ShareKindNotShared,
            ShareError::NewerFormat { .. } => C::ShareNewerFormat,
            ShareError::FingerprintMismatch => C::ShareFingerprintMismatch,
            ShareError::ReadOnly => C::ShareReadOnly,
            ShareError::NoIdentity => C::ShareNoIdentity,
            ShareError::Nothing => C::ShareNothing,
        }
    }
}

impl From<WireError> for ShareError {
    fn from(e: WireError) -> ShareError {
        match e {
            WireError::Damaged(why) => ShareError::Damaged(why),
            WireError::TooLarge => ShareError::TooLarge,
            WireError::Unsigned => ShareError::Unsigned,
            WireError::BadSignature => ShareError::Tampered,
            WireError::NotARecipient => ShareError::NotAddressed,
        }
    }
}

/// The format of pairing files and packages this version writes and reads.
const FORMAT: u32 = 1;
/// A package larger than this is refused before it is read: a school's whole year of postings
/// and events is a few MiB.
pub const MAX_PACKAGE: usize = 32 << 20;
/// A pairing file is a few hundred bytes.
const MAX_PAIRING: usize = 16 << 10;

choice!(
    /// What a package carries: postings and events (`jobs`), or what they placed (`report`).
    PackageKind {
        Jobs = "jobs",
        Report = "report",
    }
);

impl PackageKind {
    /// The kinds of entries a package of this kind may carry; any other refuses it whole.
    fn carries(self) -> &'static [&'static str] {
        match self {
            PackageKind::Jobs => &["employer", "posting", "event"],
            PackageKind::Report => &["placements"],
        }
    }
}

/// A share package's plaintext header: who sent it to whom, with which key, and the hash of
/// its ciphertext; signed by the sender's sharing key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    pub format: u32,
    pub kind: PackageKind,
    /// The sending school's 学校标识码, and the receiving one's.
    pub from_school: String,
    pub to_school: String,
    pub package_id: String,
    /// The sender's sharing key (hex), which must be the one it paired with.
    pub signing_key: String,
    pub body_hash: String,
}

impl Format for Package {
    const MAGIC: &'static [u8; 8] = b"VDSHARE\x01";
    const CONTEXT: &'static [u8] = b"visitdesk-share/1";
    const MAX: usize = MAX_PACKAGE;
    type Error = ShareError;
    fn body_hash(&self) -> &str {
        &self.body_hash
    }
    fn set_body_hash(&mut self, hash: String) {
        self.body_hash = hash;
    }
    fn check(&self) -> std::result::Result<(), ShareError> {
        newer_format(self.format)
    }
}

fn newer_format(found: u32) -> std::result::Result<(), ShareError> {
    match found {
        0 => Err(ShareError::Damaged("format 0".into())),
        found if found > FORMAT => Err(ShareError::NewerFormat { found, known: FORMAT }),
        _ => Ok(()),
    }
}

/// A package's body, encrypted: its header's names again, when it was written, and its entries.
#[derive(Debug, Serialize, Deserialize)]
struct Body {
    package_id: String,
    from_school: String,
    to_school: String,
    kind: PackageKind,
    sent_at: DateTime<Utc>,
    /// Each an [`Entry`], read only once its kind is one the package's kind carries.
    entries: Vec<serde_json::Value>,
}

/// One record of a package.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Entry {
    /// The public details of an employer of the postings and events.
    Employer {
        id: Id,
        employer: SharedEmployer,
    },
    /// A job posting; `version` is when it or its employer last changed at the source.
    Posting {
        id: Id,
        version: DateTime<Utc>,
        employer_id: Id,
        posting: SharedPosting,
    },
    Event {
        id: Id,
        version: DateTime<Utc>,
        employer_id: Id,
        event: SharedEvent,
    },
    /// What a shared posting or event placed, reported back to its source.
    Placements {
        source: SharedSource,
        source_id: Id,
        placed: u32,
    },
}

/// This laptop's sharing identity: its secret keys, kept in `share_self`.
struct Identity {
    signing: SigningKey,
    age: age::x25519::Identity,
}

impl Identity {
    fn load(conn: &Connection) -> Result<Option<Identity>> {
        let row: Option<(Vec<u8>, String)> = conn
            .query_row("SELECT signing_key, age_identity FROM share_self", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((key, age)) = row else { return Ok(None) };
        let (key, age) = (Zeroizing::new(key), Zeroizing::new(age));
        let damaged = || crate::error::StoreError::Damaged("the sharing identity".into());
        let key: [u8; 32] = key.as_slice().try_into().map_err(|_| damaged())?;
        Ok(Some(Identity { signing: SigningKey::from_bytes(&key), age: age.parse().map_err(|_| damaged())? }))
    }

    /// This laptop's identity, made now if it has none.
    fn load_or_make(tx: &Tx<'_>) -> Result<Identity> {
        if let Some(me) = Identity::load(tx.conn())? {
            return Ok(me);
        }
        let mut key = Zeroizing::new([0u8; 32]);
        crypto::fill_random(key.as_mut());
        let age = age::x25519::Identity::generate();
        tx.conn().execute(
            "INSERT INTO share_self (only, signing_key, age_identity, created_at) VALUES (1, ?1, ?2, ?3)",
            params![
                key.as_slice(),
                age::secrecy::ExposeSecret::expose_secret(&age.to_string()),
                records::timestamp(tx.now())
            ],
        )?;
        Ok(Identity { signing: SigningKey::from_bytes(&key), age })
    }

    fn signing_key(&self) -> String {
        crypto::hex(self.signing.verifying_key().as_bytes())
    }
}

/// The text a pairing file is signed over, and its fingerprint made from: the school and its
/// two public keys.
fn pairing_text(school: &str, school_code: &str, signing_key: &str, recipient: &str) -> String {
    format!("visitdesk-pair/1\n{school}\n{school_code}\n{signing_key}\n{recipient}")
}

/// A school's pairing file: its name, code and public sharing keys, self-signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingFile {
    pub format: u32,
    pub school: String,
    pub school_code: String,
    pub signing_key: String,
    pub recipient: String,
    pub signature: String,
}

impl PairingFile {
    /// The digits both schools read aloud before the pairing is added.
    pub fn fingerprint(&self) -> String {
        crypto::fingerprint(
            pairing_text(&self.school, &self.school_code, &self.signing_key, &self.recipient).as_bytes(),
        )
    }

    fn parse(bytes: &[u8]) -> Result<PairingFile> {
        if bytes.len() > MAX_PAIRING {
            return Err(ShareError::TooLarge.into());
        }
        let file: PairingFile =
            serde_json::from_slice(bytes).map_err(|_| ShareError::Damaged("not a pairing file".into()))?;
        newer_format(file.format)?;
        let pair = file.as_pair().validate()?;
        let text = pairing_text(&file.school, &file.school_code, &file.signing_key, &file.recipient);
        let signature = crypto::unhex(&file.signature)
            .and_then(|s| ed25519_dalek::Signature::from_slice(&s).ok())
            .ok_or(ShareError::Unsigned)?;
        verifying_key(&pair)?.verify_strict(text.as_bytes(), &signature).map_err(|_| ShareError::Tampered)?;
        Ok(file)
    }

    fn as_pair(&self) -> PairedSchool {
        PairedSchool {
            name: self.school.clone(),
            school_code: self.school_code.clone(),
            signing_key: self.signing_key.clone(),
            recipient: self.recipient.clone(),
        }
    }
}

/// The fingerprint of a paired school's keys, as its pairing file showed it.
pub fn fingerprint(pair: &PairedSchool) -> String {
    crypto::fingerprint(pairing_text(&pair.name, &pair.school_code, &pair.signing_key, &pair.recipient).as_bytes())
}

fn verifying_key(pair: &PairedSchool) -> Result<VerifyingKey> {
    let bytes: [u8; 32] = crypto::unhex(&pair.signing_key)
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| ShareError::Damaged("a signing key".into()))?;
    Ok(VerifyingKey::from_bytes(&bytes).map_err(|_| ShareError::Damaged("a signing key".into()))?)
}

/// This school's 学校标识码, which names it in pairing files and packages: required.
fn own_code(conn: &Connection) -> Result<String> {
    let code = settings::school_code(conn)?;
    if code.is_empty() {
        return Err(ValidationError { field: "settings.school_code", problem: Problem::Required }.into());
    }
    Ok(code)
}

/// This school's pairing file, and the fingerprint both schools read aloud.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OwnPairing {
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
    pub fingerprint: String,
}

/// This school's pairing file, to send to the school it pairs with (an admin's:
/// `manage_campaign`). The first one makes this laptop's sharing identity: this is then the
/// laptop that shares and receives packages. The school's code must be set.
pub fn pairing_file(tx: &Tx<'_>) -> Result<OwnPairing> {
    tx.require(Right::ManageCampaign)?;
    let school_code = own_code(tx.conn())?;
    let me = Identity::load_or_make(tx)?;
    let mut file = PairingFile {
        format: FORMAT,
        school: settings::printed_school(tx.conn())?,
        school_code,
        signing_key: me.signing_key(),
        recipient: me.age.to_public().to_string(),
        signature: String::new(),
    };
    let text = pairing_text(&file.school, &file.school_code, &file.signing_key, &file.recipient);
    file.signature = crypto::hex(&me.signing.sign(text.as_bytes()).to_bytes());
    Ok(OwnPairing { fingerprint: file.fingerprint(), bytes: serde_json::to_vec_pretty(&file)? })
}

/// Adds the school whose pairing file is `bytes` (an admin's: `manage_campaign`), once
/// `fingerprint`, as the other school reads it out (spaces and dashes allowed), is the file's;
/// a school paired before (its code) takes the file's name and keys.
pub fn add_pair(tx: &Tx<'_>, bytes: &[u8], fingerprint: &str) -> Result<Stored<PairedSchool>> {
    tx.require(Right::ManageCampaign)?;
    let file = PairingFile::parse(bytes)?;
    if !crypto::same_fingerprint(fingerprint, &file.fingerprint()) {
        return Err(ShareError::FingerprintMismatch.into());
    }
    if settings::school_code(tx.conn())? == file.school_code {
        return Err(ValidationError { field: "paired_school.school_code", problem: Problem::InvalidState }.into());
    }
    match pair_with_code(tx.conn(), &file.school_code)? {
        Some(known) => tx.update(&known.id, file.as_pair()),
        None => tx.insert(file.as_pair()),
    }
}

fn pair_with_code(conn: &Connection, code: &str) -> Result<Option<Stored<PairedSchool>>> {
    Ok(records::list::<PairedSchool>(conn, "school_code = ?1", "id", [code])?.into_iter().next())
}

/// The paired school named `school`: its code, or its name.
pub fn find_pair(conn: &Connection, school: &str) -> Result<Stored<PairedSchool>> {
    let school = school.trim();
    records::list::<PairedSchool>(conn, "school_code = ?1 OR data ->> 'name' = ?1", "id", [school])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(Kind::PairedSchool, school))
}

/// Which postings and events to share: those named one by one, and those of a filter (an
/// employer, a major, a date range) when one is given, or when nothing is named at all.
///
/// A filter picks the postings still open (意向, 已发布) recorded in the date range, and the
/// ones shared with the pair before whatever their stage (so a posting filled or closed here
/// closes at the pair too); and the events held in the date range, or from today on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ShareFilter {
    pub employer: Option<Id>,
    pub major: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub postings: Vec<Id>,
    pub events: Vec<Id>,
}

/// What a package sent: the file to hand over, and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Sent {
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
    pub to_school: String,
    pub postings: u32,
    pub events: u32,
    /// The headcount of the postings.
    pub headcount: u32,
    /// For a report: the shared jobs whose placements it reports.
    pub placements: u32,
}

/// Shares postings and events with the paired school `to` (its code or name): the package,
/// encrypted to the pair alone and signed by this laptop's sharing identity, and a
/// [`JobShare`] for each, written with it (undone with it).
pub fn share_jobs(tx: &Tx<'_>, to: &str, filter: &ShareFilter) -> Result<Sent> {
    let me = Identity::load(tx.conn())?.ok_or(ShareError::NoIdentity)?;
    let own = own_code(tx.conn())?;
    let pair = find_pair(tx.conn(), to)?;
    let (postings, events) = pick(tx, &pair.id, filter)?;
    if postings.is_empty() && events.is_empty() {
        return Err(ShareError::Nothing.into());
    }
    let conn = tx.conn();
    let mut employers: BTreeMap<Id, Stored<Employer>> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut version_of = |employer_id: &Id, updated_at: &str| -> Result<DateTime<Utc>> {
        if !employers.contains_key(employer_id) {
            employers.insert(employer_id.clone(), records::get::<Employer>(conn, employer_id)?);
        }
        let employer_at = &employers[employer_id].audit.updated_at;
        let at = if employer_at.as_str() > updated_at { employer_at.as_str() } else { updated_at };
        at.parse().map_err(|_| ShareError::Damaged(format!("a record's time {at}")).into())
    };
    let mut headcount = 0u32;
    for p in &postings {
        let version = version_of(&p.data.employer_id, &p.audit.updated_at)?;
        let posting = SharedPosting::of(&p.data);
        entries.push(Entry::Posting { id: p.id.clone(), version, employer_id: p.data.employer_id.clone(), posting });
        headcount = headcount.saturating_add(p.data.headcount);
        record_share(tx, &pair.id, (Some(&p.id), None), p.data.headcount)?;
    }
    for e in &events {
        let version = version_of(&e.data.employer_id, &e.audit.updated_at)?;
        let event = SharedEvent::of(&e.data);
        entries.push(Entry::Event { id: e.id.clone(), version, employer_id: e.data.employer_id.clone(), event });
        record_share(tx, &pair.id, (None, Some(&e.id)), 0)?;
    }
    for (id, e) in &employers {
        entries.push(Entry::Employer { id: id.clone(), employer: SharedEmployer::of(&e.data) });
    }
    let bytes = seal(&me, &own, &pair.data, PackageKind::Jobs, &entries, tx.now())?;
    Ok(Sent {
        bytes,
        to_school: pair.data.name,
        postings: postings.len() as u32,
        events: events.len() as u32,
        headcount,
        placements: 0,
    })
}

/// Postings and events picked to share.
type Picked = (Vec<Stored<JobPosting>>, Vec<Stored<RecruitmentEvent>>);

/// The postings and events `filter` picks for the pair `pair`, each once.
fn pick(tx: &Tx<'_>, pair: &Id, filter: &ShareFilter) -> Result<Picked> {
    let conn = tx.conn();
    let mut postings: Vec<Stored<JobPosting>> =
        filter.postings.iter().map(|id| records::get::<JobPosting>(conn, id)).collect::<Result<_>>()?;
    let mut events: Vec<Stored<RecruitmentEvent>> =
        filter.events.iter().map(|id| records::get::<RecruitmentEvent>(conn, id)).collect::<Result<_>>()?;
    let period = Period::optional(filter.from, filter.to)?;
    let by_filter = filter.employer.is_some()
        || filter.major.is_some()
        || period.is_some()
        || (filter.postings.is_empty() && filter.events.is_empty());
    if by_filter {
        let today = ledger::today(conn, tx.now())?;
        let major = filter.major.as_deref().map(str::trim).filter(|m| !m.is_empty());
        let of_filter = |employer_id: &Id, majors: &[String]| {
            filter.employer.as_ref().is_none_or(|e| e == employer_id)
                && major.is_none_or(|m| majors.iter().any(|x| x == m))
        };
        let shared_before: Vec<Id> = records::list::<JobShare>(conn, "paired_school_id = ?1", "id", [pair])?
            .into_iter()
            .filter_map(|s| s.data.job_posting_id)
            .collect();
        let recorded = period.map(|p| p.instants(today.zone));
        for p in records::list::<JobPosting>(conn, "1", "id", [])? {
            let in_period =
                recorded.as_ref().is_none_or(|(from, to)| *from <= p.audit.created_at && p.audit.created_at < *to);
            let live = p.data.stage.is_open() || shared_before.contains(&p.id);
            if in_period && live && of_filter(&p.data.employer_id, &p.data.majors) {
                postings.push(p);
            }
        }
        for e in records::list::<RecruitmentEvent>(conn, "1", "id", [])? {
            let held = match period {
                Some(p) => p.from <= e.data.held_on && e.data.held_on <= p.to,
                None => e.data.held_on >= today.date,
            };
            if held && of_filter(&e.data.employer_id, &e.data.majors) {
                events.push(e);
            }
        }
    }
    postings.sort_by(|a, b| a.id.cmp(&b.id));
    postings.dedup_by(|a, b| a.id == b.id);
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events.dedup_by(|a, b| a.id == b.id);
    Ok((postings, events))
}

/// Notes that a posting or an event (`source`) went to the pair: a new [`JobShare`], or the
/// one of an earlier share with its headcount as it is now.
fn record_share(tx: &Tx<'_>, pair: &Id, source: (Option<&Id>, Option<&Id>), headcount: u32) -> Result<()> {
    match share_of(tx.conn(), pair, source.0.or(source.1).map(Id::as_str).unwrap_or_default())? {
        Some(known) => tx.update(&known.id, JobShare { headcount, ..known.data })?,
        None => tx.insert(JobShare {
            paired_school_id: pair.clone(),
            job_posting_id: source.0.cloned(),
            recruitment_event_id: source.1.cloned(),
            headcount,
            shared_at: tx.now(),
            placed_reported: None,
            reported_at: None,
        })?,
    };
    Ok(())
}

/// The live share with `pair` of the posting or event `source`.
fn share_of(conn: &Connection, pair: &Id, source: &str) -> Result<Option<Stored<JobShare>>> {
    let filter = "paired_school_id = ?1 AND (job_posting_id = ?2 OR recruitment_event_id = ?2)";
    Ok(records::list::<JobShare>(conn, filter, "id", params![pair, source])?.into_iter().next())
}

/// `entries` as a package of `kind` from this school (`own`) to `pair`.
fn seal(
    me: &Identity,
    own: &str,
    pair: &PairedSchool,
    kind: PackageKind,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let package_id = Id::new(now).to_string();
    let body = Body {
        package_id: package_id.clone(),
        from_school: own.into(),
        to_school: pair.school_code.clone(),
        kind,
        sent_at: now,
        entries: entries.iter().map(serde_json::to_value).collect::<serde_json::Result<_>>()?,
    };
    let header = Package {
        format: FORMAT,
        kind,
        from_school: own.into(),
        to_school: pair.school_code.clone(),
        package_id,
        signing_key: me.signing_key(),
        body_hash: String::new(),
    };
    let to: age::x25519::Recipient =
        pair.recipient.parse().map_err(|_| ShareError::Damaged("the pair's recipient".into()))?;
    Ok(wire::seal(header, &serde_json::to_vec(&body)?, &[to], &me.signing)?)
}

/// Reads a package from `path`, refusing one larger than any package before reading it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    if std::fs::metadata(path)?.len() > MAX_PACKAGE as u64 {
        return Err(ShareError::TooLarge.into());
    }
    Ok(std::fs::read(path)?)
}

/// A package checked whole: its sender, when it was written, and its entries.
struct Opened {
    pair: Stored<PairedSchool>,
    kind: PackageKind,
    sent_at: DateTime<Utc>,
    entries: Vec<Entry>,
}

/// Checks a package before anything is written: its format and size, its signature by the
/// paired school that sent it, that it is for this school and this laptop, and that it carries
/// only the kinds of records its kind shares. Any failure refuses it whole.
fn open(conn: &Connection, bytes: &[u8]) -> Result<Opened> {
    let sealed = wire::open_as::<Package>(bytes)?;
    let header = &sealed.header;
    if header.signing_key.is_empty() {
        return Err(ShareError::Unsigned.into());
    }
    let pair = pair_with_code(conn, &header.from_school)?.ok_or(ShareError::NotPaired)?;
    if pair.data.signing_key != header.signing_key {
        return Err(ShareError::NotPaired.into());
    }
    sealed.verify(&verifying_key(&pair.data)?)?;
    let me = Identity::load(conn)?.ok_or(ShareError::NotAddressed)?;
    if header.to_school != settings::school_code(conn)? {
        return Err(ShareError::NotAddressed.into());
    }
    let body = sealed.decrypt(&me.age)?;
    let body: Body = serde_json::from_slice(&body).map_err(|e| ShareError::Damaged(format!("the body: {e}")))?;
    let names = (&body.package_id, &body.from_school, &body.to_school, body.kind);
    if names != (&header.package_id, &header.from_school, &header.to_school, header.kind) {
        return Err(ShareError::Damaged("the body does not match its header".into()).into());
    }
    let carried = body.kind.carries();
    for entry in &body.entries {
        let kind = entry.get("kind").and_then(serde_json::Value::as_str).unwrap_or_default();
        if !carried.contains(&kind) {
            return Err(ShareError::KindNotShared(kind.chars().take(40).collect()).into());
        }
    }
    let entries = body
        .entries
        .into_iter()
        .map(|e| serde_json::from_value::<Entry>(e).map_err(|e| ShareError::Damaged(format!("an entry: {e}"))))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    for entry in &entries {
        let id = match entry {
            Entry::Employer { id, .. } | Entry::Posting { id, .. } | Entry::Event { id, .. } => id,
            Entry::Placements { source_id, .. } => source_id,
        };
        if Id::parse(id.as_str()).as_ref() != Some(id) {
            return Err(ShareError::Damaged(format!(
                "a record id {}",
                id.as_str().chars().take(40).collect::<String>()
            ))
            .into());
        }
    }
    Ok(Opened { pair, kind: body.kind, sent_at: body.sent_at, entries })
}

/// What importing a package did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ShareImported {
    /// The school that sent it.
    pub from_school: String,
    /// Postings and events new here.
    pub added: u32,
    /// Those changed at the source since their last package.
    pub updated: u32,
    /// Postings filled or closed at the source since.
    pub closed: u32,
    /// Of those added or changed, the ones whose employer is one of this school's (the same
    /// credit code).
    pub matched: u32,
    /// For a report: the shared jobs whose placements it brought.
    pub placements: u32,
}

/// Imports a package from a paired school, checked whole first ([`open`]), in one write:
/// its postings and events as [`SharedJob`]s (each only when newer than the one here), or
/// the placements of its report into this school's [`JobShare`]s (each only from a newer
/// report). The same package, or an older one, changes nothing.
pub fn import(tx: &Tx<'_>, bytes: &[u8]) -> Result<ShareImported> {
    let Opened { pair, kind, sent_at, entries } = open(tx.conn(), bytes)?;
    let mut out = ShareImported { from_school: pair.data.name.clone(), ..ShareImported::default() };
    match kind {
        PackageKind::Jobs => receive_jobs(tx, &pair.id, entries, &mut out)?,
        PackageKind::Report => receive_report(tx, &pair.id, entries, sent_at, &mut out)?,
    }
    Ok(out)
}

fn receive_jobs(tx: &Tx<'_>, pair: &Id, entries: Vec<Entry>, out: &mut ShareImported) -> Result<()> {
    let mut employers = BTreeMap::new();
    let mut jobs = Vec::new();
    for entry in entries {
        match entry {
            Entry::Employer { id, employer } => {
                employers.insert(id, employer);
            }
            Entry::Posting { id, version, employer_id, posting } => {
                jobs.push((id, version, employer_id, Some(posting), None));
            }
            Entry::Event { id, version, employer_id, event } => {
                jobs.push((id, version, employer_id, None, Some(event)))
            }
            Entry::Placements { .. } => {}
        }
    }
    for (source_id, version, employer_id, posting, event) in jobs {
        let employer = employers
            .get(&employer_id)
            .cloned()
            .ok_or_else(|| ShareError::Damaged(format!("the employer of {source_id} is not in the package")))?;
        let known: Option<(Id, SharedJob, bool)> = tx
            .conn()
            .prepare_cached(
                "SELECT id, data, deleted_at IS NOT NULL FROM shared_jobs WHERE paired_school_id = ?1 AND source_id = ?2",
            )?
            .query_row(params![pair, source_id], |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?)))
            .optional()?
            .map(|(id, data, gone)| Ok::<_, Error>((id, serde_json::from_str(&data)?, gone)))
            .transpose()?;
        let matched_employer_id = matched_employer(tx.conn(), &employer)?;
        let job = SharedJob {
            paired_school_id: pair.clone(),
            source: if posting.is_some() { SharedSource::Posting } else { SharedSource::Event },
            source_id,
            source_version: version,
            employer,
            posting,
            event,
            matched_employer_id,
            placed: None,
        };
        match known {
            // An admin removed it here: it stays removed.
            Some((_, _, true)) => continue,
            Some((_, was, false)) if job.source_version <= was.source_version => continue,
            Some((id, was, false)) => {
                let closes = job.is_closed() && !was.is_closed();
                let saved = tx.update(&id, SharedJob { placed: was.placed, ..job })?;
                if saved.data != was {
                    out.updated += 1;
                    out.closed += u32::from(closes);
                    out.matched += u32::from(saved.data.matched_employer_id.is_some());
                }
            }
            None => {
                let saved = tx.insert(job)?;
                out.added += 1;
                out.matched += u32::from(saved.data.matched_employer_id.is_some());
            }
        }
    }
    Ok(())
}

/// A live employer of this school with the credit code of `employer`, if it has one.
fn matched_employer(conn: &Connection, employer: &SharedEmployer) -> Result<Option<Id>> {
    let Some(code) = employer.credit_code.as_deref().filter(|c| !c.is_empty()) else { return Ok(None) };
    Ok(records::list::<Employer>(conn, "credit_code = ?1", "id", [code])?.into_iter().next().map(|e| e.id))
}

fn receive_report(
    tx: &Tx<'_>,
    pair: &Id,
    entries: Vec<Entry>,
    sent_at: DateTime<Utc>,
    out: &mut ShareImported,
) -> Result<()> {
    for entry in entries {
        let Entry::Placements { source_id, placed, .. } = entry else { continue };
        // A report on something not shared with the pair (or removed here since) is left.
        let Some(share) = share_of(tx.conn(), pair, source_id.as_str())? else { continue };
        if share.data.reported_at.is_some_and(|at| at >= sent_at) {
            continue;
        }
        tx.update(&share.id, JobShare { placed_reported: Some(placed), reported_at: Some(sent_at), ..share.data })?;
        out.placements += 1;
    }
    Ok(())
}

/// Records how many of this school's graduates a shared job placed (`None`: not known): the
/// one thing about it set here. Its employer is matched again by credit code.
pub fn set_placed(tx: &Tx<'_>, id: &Id, placed: Option<u32>) -> Result<Stored<SharedJob>> {
    let job = records::get::<SharedJob>(tx.conn(), id)?.data;
    let matched_employer_id = matched_employer(tx.conn(), &job.employer)?;
    tx.update(id, SharedJob { placed, matched_employer_id, ..job })
}

/// The placements recorded here of the jobs the paired school `to` shared (its code or
/// name), as a report package to send back to it.
pub fn report(conn: &Connection, to: &str, now: DateTime<Utc>) -> Result<Sent> {
    let me = Identity::load(conn)?.ok_or(ShareError::NoIdentity)?;
    let own = own_code(conn)?;
    let pair = find_pair(conn, to)?;
    let entries: Vec<Entry> = records::list::<SharedJob>(conn, "paired_school_id = ?1", "id", [&pair.id])?
        .into_iter()
        .filter_map(|j| {
            let placed = j.data.placed?;
            Some(Entry::Placements { source: j.data.source, source_id: j.data.source_id, placed })
        })
        .collect();
    if entries.is_empty() {
        return Err(ShareError::Nothing.into());
    }
    let bytes = seal(&me, &own, &pair.data, PackageKind::Report, &entries, now)?;
    Ok(Sent {
        bytes,
        to_school: pair.data.name,
        postings: 0,
        events: 0,
        headcount: 0,
        placements: entries.len() as u32,
    })
}

/// A shared job as the page of shared jobs lists it (来自××大学的共享岗位).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SharedJobRow {
    pub job: Stored<SharedJob>,
    /// The paired school it comes from.
    pub from_school: String,
    pub closed: bool,
    /// The name of this school's employer with the same credit code, if any.
    pub matched_employer: Option<String>,
}

/// The jobs the paired schools shared, open ones first, then by source school and title.
pub fn shared_jobs(conn: &Connection) -> Result<Vec<SharedJobRow>> {
    let schools: BTreeMap<Id, String> =
        records::list::<PairedSchool>(conn, "1", "id", [])?.into_iter().map(|p| (p.id, p.data.name)).collect();
    let mut rows = Vec::new();
    for job in records::list::<SharedJob>(conn, "1", "id", [])? {
        let matched_employer = match &job.data.matched_employer_id {
            Some(id) => records::find::<Employer>(conn, id)?.map(|e| e.data.name),
            None => None,
        };
        rows.push(SharedJobRow {
            from_school: schools.get(&job.data.paired_school_id).cloned().unwrap_or_default(),
            closed: job.data.is_closed(),
            matched_employer,
            job,
        });
    }
    rows.sort_by_cached_key(|r| (r.closed, r.from_school.clone(), r.job.data.title()));
    Ok(rows)
}

/// A paired school as the pairing page lists it, with what went between the two schools.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PairRow {
    pub pair: Stored<PairedSchool>,
    /// The fingerprint of its keys, as its pairing file showed it.
    pub fingerprint: String,
    /// The headcount of the postings this school shared with it.
    pub jobs_shared: u32,
    /// Its graduates placed by them, as it reported.
    pub placements_reported: u32,
    /// The postings and events it shared with this school.
    pub received: u32,
}

/// The paired schools.
pub fn pairs(conn: &Connection) -> Result<Vec<PairRow>> {
    let mut rows = Vec::new();
    for pair in records::list::<PairedSchool>(conn, "1", "data ->> 'name', id", [])? {
        let (jobs_shared, placements_reported) = sums(conn, "paired_school_id = ?1", [&pair.id])?;
        let received: i64 = conn.query_row(
            "SELECT count(*) FROM shared_jobs WHERE paired_school_id = ?1 AND deleted_at IS NULL",
            [&pair.id],
            |r| r.get(0),
        )?;
        rows.push(PairRow {
            fingerprint: fingerprint(&pair.data),
            jobs_shared,
            placements_reported,
            received: u32::try_from(received).unwrap_or(u32::MAX),
            pair,
        });
    }
    Ok(rows)
}

/// The headcount shared and the placements reported over the live [`JobShare`]s matching
/// `filter`: the ledger's two figures of the pairing, and a pair's.
pub(crate) fn sums(conn: &Connection, filter: &str, params: impl rusqlite::Params) -> Result<(u32, u32)> {
    let sql = format!(
        "SELECT coalesce(sum(data ->> 'headcount'), 0), coalesce(sum(data ->> 'placed_reported'), 0)
         FROM job_shares WHERE deleted_at IS NULL AND ({filter})"
    );
    let clamp = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(conn.prepare_cached(&sql)?.query_row(params, |r| Ok((clamp(r.get(0)?), clamp(r.get(1)?))))?)
}

#[cfg(test)]
mod tests;
