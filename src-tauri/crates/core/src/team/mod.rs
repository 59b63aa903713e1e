//! The team (issue 16): one campaign record on every laptop of the leadership team, merged
//! without a server. Each record is also an Automerge document (`doc.rs`), updated in the same
//! transaction as the record by every local write (`record_local`, called by `Tx`). Laptops
//! exchange bundles (`wire.rs`): the documents a peer has not confirmed, encrypted with age to
//! every member device and signed by the sender's Ed25519 key. Importing merges each document
//! (Automerge's merge, not ours), checks the author's rights against the record before and
//! after, and writes the merged record through the same history, facts and search index as a
//! local write (`Tx::apply_remote`). Fields edited on two laptops at once keep one value on
//! every laptop and are listed as conflicts.
//!
//! Members are people with devices (`model::Device`, a record kind that travels). A laptop
//! joins with a request file and a fingerprint read aloud; an admin accepts it, which writes a
//! welcome bundle with everything; removing a device (or its person) leaves it out of every
//! later bundle and refuses what it signs.
pub mod direct;
pub mod doc;
pub mod wire;

use crate::access::{Actor, Right};
use crate::crypto;
use crate::error::{Error, ErrorCode, Result};
use crate::ids::Id;
use crate::model::{Device, Kind, Person, Role, for_kind};
use crate::store::records::{Snapshot, Tx, snapshot};
use crate::store::{Created, Store};
use age::secrecy::ExposeSecret;
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("this store is not a team's")]
    NotATeam,
    #[error("this store is a team's already")]
    AlreadyATeam,
    #[error("this store waits for its welcome to the team")]
    Pending,
    #[error("the file is damaged or not from Visitdesk: {0}")]
    Damaged(String),
    #[error("the file is too large to be a bundle")]
    TooLarge,
    #[error("the bundle is from another team")]
    OtherTeam,
    #[error("the bundle is from a device this store does not know")]
    UnknownDevice,
    #[error("the bundle is from a device removed from the team")]
    RemovedMember,
    #[error("the bundle's signature does not match: it was changed, or not made by its sender")]
    BadSignature,
    #[error("the bundle was not encrypted to this device")]
    NotARecipient,
    #[error("the welcome is not the answer to this store's join request")]
    NotForThisStore,
    #[error("the fingerprint does not match the request's: do not accept it")]
    FingerprintMismatch,
    #[error(
        "the bundle was written by a newer version of Visitdesk (schema {found}, this one knows {known}): update this laptop"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("the other device is not a current member of this team: the connection was refused")]
    PeerRefused,
    #[error("the other device could not be reached: {0}")]
    Unreachable(String),
    #[error("this is not a Visitdesk device ticket")]
    BadTicket,
    #[error("the connection was lost before the bundle was whole: nothing of it was applied")]
    Interrupted(String),
    #[error("direct sync is switched off on this laptop")]
    DirectOff,
}

impl TeamError {
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            TeamError::NotATeam => C::TeamNotATeam,
            TeamError::AlreadyATeam => C::TeamAlreadyATeam,
            TeamError::Pending => C::TeamPending,
            TeamError::Damaged(_) => C::TeamDamaged,
            TeamError::TooLarge => C::TeamTooLarge,
            TeamError::OtherTeam => C::TeamOtherTeam,
            TeamError::UnknownDevice => C::TeamUnknownDevice,
            TeamError::RemovedMember => C::TeamRemovedMember,
            TeamError::BadSignature => C::TeamBadSignature,
            TeamError::NotARecipient => C::TeamNotARecipient,
            TeamError::NotForThisStore => C::TeamNotForThisStore,
            TeamError::FingerprintMismatch => C::TeamFingerprintMismatch,
            TeamError::NewerSchema { .. } => C::TeamNewerSchema,
            TeamError::PeerRefused => C::TeamPeerRefused,
            TeamError::Unreachable(_) => C::TeamUnreachable,
            TeamError::BadTicket => C::TeamBadTicket,
            TeamError::Interrupted(_) => C::TeamInterrupted,
            TeamError::DirectOff => C::TeamDirectOff,
        }
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Error {
        TeamError::Damaged(e.to_string()).into()
    }
}

/// This laptop's device in its team, as a local write needs it: the actor of its changes and
/// the key that signs each of them.
#[derive(Debug, Clone)]
pub struct Local {
    actor: ActorId,
    device: Id,
    key: SigningKey,
}

impl Local {
    /// This laptop's device, if the store is a team member.
    pub(crate) fn of(conn: &Connection) -> Result<Option<Local>> {
        let sql = "SELECT device_id, generation, signing_key FROM team_self WHERE state = 'member'";
        let row: Option<(Id, i64, Vec<u8>)> =
            conn.prepare_cached(sql)?.query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
        let Some((device, generation, key)) = row else { return Ok(None) };
        let key = Zeroizing::new(key);
        let key: [u8; 32] = key.as_slice().try_into().map_err(|_| TeamError::Damaged("device key".into()))?;
        let actor = ActorId::from(stream_of(device.as_str(), generation).as_bytes());
        Ok(Some(Local { actor, device, key: SigningKey::from_bytes(&key) }))
    }

    /// Signs a change this laptop made to the document of `record_id`, to travel with it.
    fn sign(&self, conn: &Connection, record_id: &Id, hash: automerge::ChangeHash) -> Result<()> {
        let sig = self.key.sign(&signed_change(&hash));
        keep_signature(conn, record_id, &hash.0, self.device.as_str(), &sig.to_bytes())
    }
}

/// What a device signs for each change it makes: its hash, in a context of its own.
fn signed_change(hash: &automerge::ChangeHash) -> Vec<u8> {
    [b"visitdesk-change/1".as_slice(), &hash.0].concat()
}

fn keep_signature(conn: &Connection, record_id: &Id, hash: &[u8], device: &str, sig: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO team_sigs (hash, record_id, device, sig) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![hash, record_id, device, sig])?;
    Ok(())
}

/// The signatures a bundle carries: for each change's hash, its device and signature.
type Signatures<'a> = std::collections::HashMap<&'a [u8], (&'a str, &'a [u8])>;

/// One signature in a bundle: the change's hash, the device's id (its 36 characters), the
/// Ed25519 signature.
const SIGNATURE_ENTRY: usize = 32 + 36 + 64;

/// The stream of a device's changes: its id, and after a restore from a backup the
/// generation too. It is the device's Automerge actor (a restored store must not number new
/// changes as it numbered those it sent before the restore: Automerge would take two
/// different changes for one), and the key under which the others confirm what they have of
/// it (so a confirmation of the old stream's revisions does not cover the new ones).
fn stream_of(device_id: &str, generation: i64) -> String {
    if generation == 0 { device_id.to_string() } else { format!("{device_id}.{generation}") }
}

/// The device an Automerge actor (a [`stream_of`]) belongs to.
fn device_of(actor: &ActorId) -> Option<Id> {
    let text = std::str::from_utf8(actor.to_bytes()).ok()?;
    Id::parse(text.split('.').next()?)
}

/// After a restore from a backup: this laptop's next changes start a new stream. Its
/// confirmations from the others are for what it had sent, so its documents are all sent
/// again, once.
pub(crate) fn restored(conn: &Connection) -> Result<()> {
    if !is_team(conn)? {
        return Ok(());
    }
    let mut generation = [0u8; 4];
    crypto::fill_random(&mut generation);
    let generation = i64::from(u32::from_be_bytes(generation) | 1);
    conn.execute("UPDATE team_self SET generation = ?1", [generation])?;
    conn.execute("UPDATE team_peers SET acked = 0", [])?;
    Ok(())
}

/// This laptop's own row: its team, device and secret keys.
struct Me {
    team_id: Option<String>,
    device_id: Id,
    generation: i64,
    signing_key: SigningKey,
    identity: age::x25519::Identity,
    pending: bool,
}

impl Me {
    fn load(conn: &Connection) -> Result<Me> {
        let row = conn
            .query_row(
                "SELECT team_id, device_id, signing_key, age_identity, state, generation FROM team_self",
                [],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Id>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()?;
        let (team_id, device_id, key, identity, state, generation) = row.ok_or(TeamError::NotATeam)?;
        let (key, identity) = (Zeroizing::new(key), Zeroizing::new(identity));
        let key: [u8; 32] = key.as_slice().try_into().map_err(|_| TeamError::Damaged("device key".into()))?;
        let identity = identity.parse().map_err(|_| TeamError::Damaged("device identity".into()))?;
        Ok(Me {
            team_id,
            device_id,
            generation,
            signing_key: SigningKey::from_bytes(&key),
            identity,
            pending: state == "pending",
        })
    }

    fn member(conn: &Connection) -> Result<Me> {
        let me = Me::load(conn)?;
        if me.pending {
            return Err(TeamError::Pending.into());
        }
        Ok(me)
    }

    fn team_id(&self) -> &str {
        self.team_id.as_deref().unwrap_or_default()
    }

    fn stream(&self) -> String {
        stream_of(self.device_id.as_str(), self.generation)
    }
}

/// New device keys, kept in `team_self`; returns the device as the team will know it.
fn new_device(tx: &Tx<'_>, team_id: Option<&str>, person_id: &Id, name: &str, state: &str) -> Result<(Id, Device)> {
    let mut key = Zeroizing::new([0u8; 32]);
    crypto::fill_random(key.as_mut());
    let signing = SigningKey::from_bytes(&key);
    let identity = age::x25519::Identity::generate();
    let device_id = Id::new(tx.now());
    tx.conn().execute(
        "INSERT INTO team_self (only, team_id, device_id, signing_key, age_identity, state) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![team_id, device_id, key.as_slice(), identity.to_string().expose_secret(), state],
    )?;
    let device = Device {
        person_id: person_id.clone(),
        name: name.to_string(),
        signing_key: crypto::hex(signing.verifying_key().as_bytes()),
        recipient: identity.to_public().to_string(),
        removed_at: None,
    };
    Ok((device_id, device))
}

fn is_team(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM team_self", [], |r| r.get::<_, i64>(0))? > 0)
}

/// Makes this store a team's ("创建团队"), with this laptop as its first device, named
/// `device_name`: an admin's (`manage_people`). Every record already kept, the trash
/// included, gets its document.
pub fn create(store: &mut Store, device_name: &str, now: DateTime<Utc>) -> Result<Id> {
    store.write(now, |tx| {
        tx.require(Right::ManagePeople)?;
        if is_team(tx.conn())? {
            return Err(TeamError::AlreadyATeam.into());
        }
        let team_id = Id::new(now);
        let (device_id, device) = new_device(tx, Some(team_id.as_str()), tx.actor(), device_name, "member")?;
        tx.insert_with_id(device_id, device)?;
        let local = Local::of(tx.conn())?.ok_or(TeamError::NotATeam)?;
        for kind in Kind::ALL {
            let sql = format!(
                "SELECT id FROM {} WHERE id NOT IN (SELECT record_id FROM team_docs) ORDER BY id",
                kind.table()
            );
            let ids: Vec<Id> =
                tx.conn().prepare(&sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in ids {
                if let Some(snap) = snapshot(tx.conn(), *kind, &id)? {
                    record_local(tx.conn(), &local, *kind, &id, None, &snap)?;
                }
            }
        }
        caught_up(tx.conn())?;
        Ok(team_id)
    })
}

/// Brings the documents up to date with this laptop's own changes since the last catch-up:
/// each history row made here (not one from another laptop), in order, goes into its
/// record's document. So saving a record costs what it costs without a team; the merge
/// engine's work is done before anything leaves or arrives (export, import, resolve), which
/// the shell's idle tick does through the team folder. Returns how many changes it took.
pub(crate) fn catch_up(conn: &Connection) -> Result<usize> {
    let Some(local) = Local::of(conn)? else { return Ok(0) };
    let from: i64 = conn.query_row("SELECT docs_seq FROM team_self", [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, record_id, before, after FROM history WHERE seq > ?1 AND device IS NULL ORDER BY seq",
    )?;
    let rows = stmt.query_map([from], |r| {
        Ok((r.get::<_, String>(1)?, r.get::<_, Id>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, Option<String>>(4)?))
    })?;
    let snapshot_of = |s: Option<String>| -> Result<Option<Snapshot>> {
        Ok(s.map(|s| serde_json::from_str::<Snapshot>(&s)).transpose()?)
    };
    let mut taken = 0;
    for row in rows {
        let (kind, id, before, after) = row?;
        let kind = Kind::parse(&kind).ok_or_else(|| TeamError::Damaged(format!("kind {kind}")))?;
        if let Some(after) = snapshot_of(after)? {
            record_local(conn, &local, kind, &id, snapshot_of(before)?.as_ref(), &after)?;
            taken += 1;
        }
    }
    caught_up(conn)?;
    Ok(taken)
}

/// Notes that the documents hold every change made so far (after making them, or joining).
fn caught_up(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE team_self SET docs_seq = (SELECT coalesce(max(seq), 0) FROM history)", [])?;
    Ok(())
}

/// Keeps a record's document in step with a change made here ([`catch_up`]): the fields that
/// changed.
fn record_local(
    conn: &Connection,
    local: &Local,
    kind: Kind,
    id: &Id,
    before: Option<&Snapshot>,
    after: &Snapshot,
) -> Result<()> {
    let saved: Option<Vec<u8>> = conn
        .prepare_cached("SELECT doc FROM team_docs WHERE record_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let mut doc = match &saved {
        Some(bytes) => AutoCommit::load(bytes)?.with_actor(local.actor.clone()),
        None => AutoCommit::new().with_actor(local.actor.clone()),
    };
    match (&saved, before) {
        (Some(_), Some(before)) => doc::change(&mut doc, &before.data, &after.data, after.deleted_at.as_deref())?,
        (Some(_), None) => doc::change(&mut doc, &serde_json::Value::Null, &after.data, after.deleted_at.as_deref())?,
        (None, _) => doc::create(&mut doc, kind.as_str(), &after.data, after.deleted_at.as_deref())?,
    }
    if let Some(hash) = doc.commit() {
        local.sign(conn, id, hash)?;
        save_doc(conn, kind, id, &mut doc)?;
    }
    Ok(())
}

/// Saves a document with the next revision of this laptop, and the record's conflicts as it
/// now holds them.
fn save_doc(conn: &Connection, kind: Kind, id: &Id, doc: &mut AutoCommit) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO team_docs (record_id, kind, doc, rev) VALUES (?1, ?2, ?3, (SELECT coalesce(max(rev), 0) + 1 FROM team_docs))
         ON CONFLICT (record_id) DO UPDATE SET doc = excluded.doc, rev = excluded.rev",
    )?
    .execute(params![id, kind.as_str(), doc.save()])?;
    conn.prepare_cached("DELETE FROM team_conflicts WHERE record_id = ?1")?.execute([id])?;
    for (field, values) in doc::clashes(doc) {
        // Each value with the device that put it: [[value, device], …].
        let vals: Vec<serde_json::Value> = values
            .into_iter()
            .map(|(value, actor)| serde_json::json!([value, actor.as_ref().and_then(device_of)]))
            .collect();
        conn.prepare_cached("INSERT INTO team_conflicts (record_id, kind, field, vals) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, kind.as_str(), field, serde_json::Value::Array(vals).to_string()])?;
    }
    Ok(())
}

/// The field a conflict names when a record was edited on one laptop and deleted on another.
pub const DELETED: &str = "deleted_at";

/// What a bundle says besides its documents.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    bundle_id: String,
    team_id: String,
    from_device: String,
    /// The sender's stream ([`stream_of`]), whose revisions `rev` counts.
    stream: String,
    /// The sender's newest revision: having applied this bundle, the receiver has all of the
    /// sender's documents up to it.
    rev: i64,
    /// For each stream, the newest of its revisions the sender has applied.
    seen: BTreeMap<String, i64>,
    /// The attachments' content the sender lacks (by checksum), for the members that have it
    /// to send in their files bundles ([`export_files`]).
    #[serde(default)]
    wants: Vec<String>,
}

/// The live devices of the team other than `me`, with their recipients.
fn recipients(conn: &Connection, me: &Id) -> Result<Vec<(Id, age::x25519::Recipient)>> {
    let mut out = Vec::new();
    for (id, device) in devices(conn)? {
        if id != *me && device.removed_at.is_none() {
            let to = device.recipient.parse().map_err(|_| TeamError::Damaged("device recipient".into()))?;
            out.push((id, to));
        }
    }
    Ok(out)
}

fn devices(conn: &Connection) -> Result<Vec<(Id, Device)>> {
    let mut stmt = conn.prepare("SELECT id, data FROM devices WHERE deleted_at IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, data) = row?;
        out.push((id, serde_json::from_str(&data)?));
    }
    Ok(out)
}

/// The bundle of this laptop's documents above `floor`, for `to`.
fn seal(
    conn: &Connection,
    me: &Me,
    to: &[(Id, age::x25519::Recipient)],
    floor: i64,
    (kind, wants): (&str, Vec<String>),
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let rev: i64 = conn.query_row("SELECT coalesce(max(rev), 0) FROM team_docs", [], |r| r.get(0))?;
    let mut seen = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT coalesce(stream, device_id), seen FROM team_peers")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (stream, rev) = row?;
        seen.insert(stream, rev);
    }
    let bundle_id = Id::new(now).to_string();
    let meta = Meta {
        bundle_id: bundle_id.clone(),
        team_id: me.team_id().into(),
        from_device: me.device_id.to_string(),
        stream: me.stream(),
        rev,
        seen,
        wants,
    };
    let mut body = Vec::new();
    wire::push(&mut body, &serde_json::to_vec(&meta)?)?;
    // The signature of every change of the documents sent, whoever made it.
    let mut sigs = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT s.hash, s.device, s.sig FROM team_sigs s JOIN team_docs d ON d.record_id = s.record_id WHERE d.rev > ?1",
    )?;
    for row in
        stmt.query_map([floor], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?)))?
    {
        let (hash, device, sig) = row?;
        let entry = [hash.as_slice(), device.as_bytes(), &sig].concat();
        if entry.len() != SIGNATURE_ENTRY {
            return Err(TeamError::Damaged(format!("a change signature of {device}")).into());
        }
        sigs.extend_from_slice(&entry);
    }
    wire::push(&mut body, &sigs)?;
    let mut stmt = conn.prepare("SELECT record_id, kind, doc FROM team_docs WHERE rev > ?1 ORDER BY rev")?;
    for row in
        stmt.query_map([floor], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?)))?
    {
        let (id, kind, doc) = row?;
        wire::push(&mut body, id.as_bytes())?;
        wire::push(&mut body, kind.as_bytes())?;
        wire::push(&mut body, &doc)?;
    }
    sealed(me, to, kind, bundle_id, &body)
}

/// `body` as a bundle of `kind` from this device to `to`, and to itself: a team of one still
/// writes a bundle it can read back.
fn sealed(me: &Me, to: &[(Id, age::x25519::Recipient)], kind: &str, bundle_id: String, body: &[u8]) -> Result<Vec<u8>> {
    let header = wire::Header {
        format: 1,
        schema: crate::store::migrations::RECORDS,
        kind: kind.into(),
        team_id: me.team_id().into(),
        from_device: me.device_id.to_string(),
        bundle_id,
        body_hash: String::new(),
    };
    let recipients: Vec<_> = to.iter().map(|(_, r)| r.clone()).chain([me.identity.to_public()]).collect();
    Ok(wire::seal(header, body, &recipients, &me.signing_key)?)
}

/// The kind of bundle that carries attachments' content.
const FILES: &str = "files";
/// The most content one files bundle carries; a single file larger than this goes alone, and
/// what does not fit goes in the next.
const FILES_BUDGET: usize = 64 << 20;

/// What a files bundle's body starts with.
#[derive(Debug, Serialize, Deserialize)]
struct FilesMeta {
    team_id: String,
    from_device: String,
}

/// The bundle of the attachments' content the other members said they lack and this laptop
/// has (content-addressed: each goes to those that asked, never to one that has it); `None`
/// when nobody lacks anything this laptop has. The records that name them travel in the
/// changes bundles, which may go first: an attachment shows as not here until its content
/// arrives.
pub fn export_files(store: &mut Store, now: DateTime<Utc>) -> Result<Option<Vec<u8>>> {
    let conn = store.conn();
    let me = Me::member(conn)?;
    let vault = store.vault();
    let to = recipients(conn, &me.device_id)?;
    let mut wanted = std::collections::BTreeSet::new();
    for (device, _) in &to {
        let wants: Option<String> =
            conn.query_row("SELECT wants FROM team_peers WHERE device_id = ?1", [device], |r| r.get(0)).optional()?;
        wanted.extend(wants.and_then(|w| serde_json::from_str::<Vec<String>>(&w).ok()).unwrap_or_default());
    }
    let mut body = Vec::new();
    let meta = FilesMeta { team_id: me.team_id().into(), from_device: me.device_id.to_string() };
    wire::push(&mut body, &serde_json::to_vec(&meta)?)?;
    let (mut carried, mut any) = (0, false);
    for checksum in wanted.iter().filter(|c| vault.has(c)) {
        // Content damaged here is not sent: the integrity check names it.
        let Ok(bytes) = vault.read(checksum) else { continue };
        if any && carried + bytes.len() > FILES_BUDGET {
            break;
        }
        wire::push(&mut body, checksum.as_bytes())?;
        wire::push(&mut body, &bytes)?;
        carried += bytes.len();
        any = true;
    }
    if !any {
        return Ok(None);
    }
    sealed(&me, &to, FILES, Id::new(now).to_string(), &body).map(Some)
}

/// Keeps the content a files bundle carries that an attachment here names and that is what
/// its checksum says; returns how many were kept.
fn import_files(store: &mut Store, sealed: &wire::Sealed<'_>, body: &[u8]) -> Result<usize> {
    let mut parts = wire::Parts(body);
    let meta: FilesMeta =
        serde_json::from_slice(parts.take()?.ok_or_else(|| TeamError::Damaged("no files header".into()))?)
            .map_err(|_| TeamError::Damaged("files header".into()))?;
    if meta.team_id != sealed.header.team_id || meta.from_device != sealed.header.from_device {
        return Err(TeamError::Damaged("the body does not match its header".into()).into());
    }
    let vault = store.vault();
    let mut kept = 0;
    while let Some(checksum) = parts.take()? {
        let bytes = parts.take()?.ok_or_else(|| TeamError::Damaged("a file without content".into()))?;
        let checksum = std::str::from_utf8(checksum).map_err(|_| TeamError::Damaged("a file's checksum".into()))?;
        kept += usize::from(crate::attachments::receive(store.conn(), &vault, checksum, bytes)?);
    }
    Ok(kept)
}

/// The bundle of what the other members have not confirmed yet, for the team's shared folder
/// or a USB stick, once the documents have caught up with this laptop's changes.
pub fn export(store: &mut Store, now: DateTime<Utc>) -> Result<Vec<u8>> {
    let conn = store.conn();
    let me = Me::member(conn)?;
    let to = recipients(conn, &me.device_id)?;
    let mut floor = i64::MAX;
    for (device, _) in &to {
        let acked: Option<i64> =
            conn.query_row("SELECT acked FROM team_peers WHERE device_id = ?1", [device], |r| r.get(0)).optional()?;
        floor = floor.min(acked.unwrap_or(0));
    }
    export_above(store, if to.is_empty() { 0 } else { floor }, now)
}

/// The bundle of this laptop's documents above revision `floor`, once they have caught up
/// with its changes.
fn export_above(store: &mut Store, floor: i64, now: DateTime<Utc>) -> Result<Vec<u8>> {
    store.write(now, |tx| catch_up(tx.conn()))?;
    let conn = store.conn();
    let me = Me::member(conn)?;
    let to = recipients(conn, &me.device_id)?;
    let wants = crate::attachments::wanted(conn, &store.vault())?;
    seal(conn, &me, &to, floor, ("changes", wants), now)
}

/// Reads a bundle or a join request from `path`, refusing one larger than any bundle before
/// reading it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    if std::fs::metadata(path)?.len() > wire::MAX_BUNDLE as u64 {
        return Err(TeamError::TooLarge.into());
    }
    Ok(std::fs::read(path)?)
}

/// Parses a join request file.
pub fn parse_request(bytes: &[u8]) -> Result<JoinRequest> {
    let request: JoinRequest =
        serde_json::from_slice(bytes).map_err(|_| TeamError::Damaged("not a join request".into()))?;
    request.check()?;
    Ok(request)
}

/// Accepts the join request in `bytes` if `fingerprint` (as the newcomer reads it out, spaces
/// and dashes allowed) is its own: [`accept`], after the check two people make aloud.
pub fn accept_checked(
    store: &mut Store,
    bytes: &[u8],
    fingerprint: &str,
    access: crate::access::Access,
    now: DateTime<Utc>,
) -> Result<(JoinRequest, Vec<u8>)> {
    let request = parse_request(bytes)?;
    if !crypto::same_fingerprint(fingerprint, &request.fingerprint()) {
        return Err(TeamError::FingerprintMismatch.into());
    }
    let welcome = accept(store, &request, access, now)?;
    Ok((request, welcome))
}

/// A document of a bundle.
struct Incoming<'a> {
    id: Id,
    kind: Kind,
    doc: &'a [u8],
}

fn parse_body(body: &[u8]) -> Result<(Meta, Signatures<'_>, Vec<Incoming<'_>>)> {
    let damaged = |why: &str| Error::from(TeamError::Damaged(why.into()));
    let mut parts = wire::Parts(body);
    let meta: Meta =
        serde_json::from_slice(parts.take()?.ok_or_else(|| damaged("no meta"))?).map_err(|_| damaged("meta"))?;
    let sigs = parts.take()?.ok_or_else(|| damaged("no signatures"))?;
    if sigs.len() % SIGNATURE_ENTRY != 0 {
        return Err(damaged("signatures"));
    }
    let mut signatures = Signatures::with_capacity(sigs.len() / SIGNATURE_ENTRY);
    for entry in sigs.chunks_exact(SIGNATURE_ENTRY) {
        let (hash, rest) = entry.split_at(32);
        let (device, sig) = rest.split_at(36);
        let device = std::str::from_utf8(device).map_err(|_| damaged("signer"))?;
        signatures.insert(hash, (device, sig));
    }
    let mut docs = Vec::new();
    while let Some(id) = parts.take()? {
        let kind = parts.take()?.ok_or_else(|| damaged("kind"))?;
        let doc = parts.take()?.ok_or_else(|| damaged("document"))?;
        let id = std::str::from_utf8(id).ok().and_then(Id::parse).ok_or_else(|| damaged("record id"))?;
        let kind = std::str::from_utf8(kind).ok().and_then(Kind::parse).ok_or_else(|| damaged("kind"))?;
        docs.push(Incoming { id, kind, doc });
    }
    // Parents before what belongs to them: the registry's order.
    docs.sort_by_key(|d| Kind::ALL.iter().position(|k| *k == d.kind));
    Ok((meta, signatures, docs))
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Imported {
    /// Records changed here by the bundle.
    pub records: usize,
    /// Records whose change was set aside: the author lacked the right, or is not a member.
    pub refused: Vec<RefusedChange>,
    /// The bundle had been applied already: nothing changed.
    pub replay: bool,
    /// Employers the bundle added or changed that are likely the same as another here (two
    /// laptops added one employer apart): both kept, and flagged on the employer's page.
    pub duplicates: Vec<Id>,
    /// Attachments' content the bundle brought (a files bundle).
    pub files: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RefusedChange {
    pub kind: Kind,
    pub record_id: Id,
    pub code: ErrorCode,
}

/// The live device `id` and its signing key; `team.unknown_device` or `team.removed_member`.
fn sender(conn: &Connection, id: &str) -> Result<(Device, VerifyingKey)> {
    let id = Id::parse(id).ok_or(TeamError::UnknownDevice)?;
    let row: Option<(String, Option<String>)> = conn
        .query_row("SELECT data, deleted_at FROM devices WHERE id = ?1", [&id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (data, deleted_at) = row.ok_or(TeamError::UnknownDevice)?;
    let device: Device = serde_json::from_str(&data)?;
    if deleted_at.is_some() || device.removed_at.is_some() {
        return Err(TeamError::RemovedMember.into());
    }
    let key = verifying_key(&device)?;
    Ok((device, key))
}

fn verifying_key(device: &Device) -> Result<VerifyingKey> {
    let bytes: [u8; 32] = crypto::unhex(&device.signing_key)
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| TeamError::Damaged("device key".into()))?;
    Ok(VerifyingKey::from_bytes(&bytes).map_err(|_| TeamError::Damaged("device key".into()))?)
}

/// Applies a bundle from another member: checked (team, sender, signature) and decrypted
/// before anything is written; then every document merged in one transaction. A bundle
/// applied before changes nothing.
pub fn import(store: &mut Store, bytes: &[u8], now: DateTime<Utc>) -> Result<Imported> {
    let me = Me::member(store.conn())?;
    let sealed = wire::open(bytes)?;
    if sealed.header.team_id != me.team_id() {
        return Err(TeamError::OtherTeam.into());
    }
    let (_, key) = sender(store.conn(), &sealed.header.from_device)?;
    sealed.verify(&key)?;
    let body = Zeroizing::new(sealed.decrypt(&me.identity)?);
    if sealed.header.kind == FILES {
        let files = import_files(store, &sealed, &body)?;
        return Ok(Imported { files, ..Imported::default() });
    }
    let (meta, sigs, docs) = parse_body(&body)?;
    if meta.team_id != sealed.header.team_id || meta.from_device != sealed.header.from_device {
        return Err(TeamError::Damaged("the body does not match its header".into()).into());
    }
    let applied: bool =
        store.conn().query_row("SELECT count(*) FROM team_bundles WHERE bundle_id = ?1", [&meta.bundle_id], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    if applied {
        return Ok(Imported { replay: true, ..Imported::default() });
    }
    store.write(now, |tx| {
        // This laptop's changes go into the documents before theirs are merged into them.
        catch_up(tx.conn())?;
        let local = Local::of(tx.conn())?.ok_or(TeamError::NotATeam)?;
        let mut out = Imported::default();
        let batch = Id::new(now);
        for doc in &docs {
            match merge(tx, &local, doc, &sigs, &batch, true) {
                Ok(changed) => {
                    out.records += usize::from(changed);
                    if changed && doc.kind == Kind::Employer {
                        let employer = crate::store::records::find::<crate::model::Employer>(tx.conn(), &doc.id)?;
                        if let Some(e) = employer
                            && !crate::employers::likely_duplicates(tx.conn(), &e.data, Some(&doc.id))?.is_empty()
                        {
                            out.duplicates.push(doc.id.clone());
                        }
                    }
                }
                Err(e) => match e.code() {
                    code @ (ErrorCode::AccessForbidden
                    | ErrorCode::TeamUnknownDevice
                    | ErrorCode::TeamRemovedMember) => {
                        out.refused.push(RefusedChange { kind: doc.kind, record_id: doc.id.clone(), code });
                    }
                    _ => return Err(e),
                },
            }
        }
        heard_from(tx, &me, &meta)?;
        Ok(out)
    })
}

/// Notes what `meta`'s sender has of ours and we of theirs, and that its bundle is applied.
fn heard_from(tx: &Tx<'_>, me: &Me, meta: &Meta) -> Result<()> {
    let acked = meta.seen.get(&me.stream()).copied().unwrap_or(0);
    // A sender restored from a backup starts a new stream: its revisions count afresh.
    tx.conn().execute(
        "INSERT INTO team_peers (device_id, acked, seen, last_at, stream, wants) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (device_id) DO UPDATE SET acked = max(acked, excluded.acked),
             seen = CASE WHEN coalesce(stream, device_id) = excluded.stream THEN max(seen, excluded.seen)
                         ELSE excluded.seen END,
             stream = excluded.stream, last_at = excluded.last_at, wants = excluded.wants",
        params![
            meta.from_device,
            acked,
            meta.rev,
            crate::store::records::timestamp(tx.now()),
            meta.stream,
            serde_json::to_string(&meta.wants)?
        ],
    )?;
    tx.conn().execute(
        "INSERT INTO team_bundles (bundle_id, from_device, at) VALUES (?1, ?2, ?3)",
        params![meta.bundle_id, meta.from_device, crate::store::records::timestamp(tx.now())],
    )?;
    Ok(())
}

/// Merges one document of a bundle into the record's own; returns whether the record changed.
/// With `check`, every new change must be signed by the device that made it (a bundle relays
/// others' changes, and a forged author would pass for someone with more rights), and every
/// author must be a member who may make the change. The signatures are kept, to relay.
fn merge(
    tx: &Tx<'_>,
    local: &Local,
    incoming: &Incoming<'_>,
    sigs: &Signatures<'_>,
    batch: &Id,
    check: bool,
) -> Result<bool> {
    let conn = tx.conn();
    let saved: Option<(String, Vec<u8>)> = conn
        .query_row("SELECT kind, doc FROM team_docs WHERE record_id = ?1", [&incoming.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if saved.as_ref().is_some_and(|(kind, _)| kind != incoming.kind.as_str()) {
        return Err(TeamError::Damaged(format!("record {} changes its kind", incoming.id)).into());
    }
    let mut doc = match &saved {
        Some((_, bytes)) => AutoCommit::load(bytes)?,
        None => AutoCommit::new(),
    }
    .with_actor(local.actor.clone());
    let mut theirs = AutoCommit::load(incoming.doc)?;
    let heads = doc.get_heads();
    doc.merge(&mut theirs)?;
    let new = doc.get_changes(&heads);
    let Some(last) = new.last() else { return Ok(false) };
    for change in &new {
        let hash = change.hash();
        let Some(&(device, sig)) = sigs.get(hash.0.as_slice()) else {
            if check {
                return Err(TeamError::BadSignature.into());
            }
            continue;
        };
        if check {
            let sig = ed25519_dalek::Signature::from_slice(sig).map_err(|_| TeamError::BadSignature)?;
            let (_, key) = sender(conn, device)?;
            let own = device_of(change.actor_id()).is_some_and(|d| d.as_str() == device);
            if !own || key.verify_strict(&signed_change(&hash), &sig).is_err() {
                return Err(TeamError::BadSignature.into());
            }
        }
        keep_signature(conn, &incoming.id, &hash.0, device, sig)?;
    }
    let author_device = device_of(last.actor_id()).ok_or(TeamError::UnknownDevice)?;
    let (kind, data, deleted_at) = doc::read(&doc);
    if kind.as_deref() != Some(incoming.kind.as_str()) {
        return Err(TeamError::Damaged(format!("record {} is not a {}", incoming.id, incoming.kind.as_str())).into());
    }
    // The record must read as its kind, whatever the merge made of it; it is kept as its kind
    // writes it (a document made before a field was added reads with the field's default).
    let data = for_kind!(incoming.kind, T => serde_json::from_value::<T>(data).and_then(serde_json::to_value))
        .map_err(|e| TeamError::Damaged(format!("record {}: {e}", incoming.id)))?;
    let after = Snapshot { data, deleted_at };
    let before = snapshot(conn, incoming.kind, &incoming.id)?;
    let by = if check {
        let mut authors: Vec<Id> = new.iter().filter_map(|c| device_of(c.actor_id())).collect();
        authors.sort();
        authors.dedup();
        // Moving to or from the trash needs the right to delete; adding or editing does not.
        let was_deleted = before.as_ref().is_some_and(|b| b.deleted_at.is_some());
        let deleting = was_deleted != after.deleted_at.is_some();
        // The kind's own rule (confirming a visit is its leader's) holds when one of the
        // authors may make the change: a completion and its confirmation often travel
        // together, the one by an assistant and the other by the leader.
        let mut refusal = None;
        let mut passes = false;
        for device in &authors {
            let (device, _) = sender(conn, device.as_str())?;
            let actor = Actor::of(conn, &device.person_id)?;
            for state in before.iter().chain([&after]) {
                tx.allowed_as(&actor, incoming.kind, state, deleting)?;
            }
            match tx.guard_as(&actor, incoming.kind, before.as_ref(), &after) {
                Ok(()) => passes = true,
                Err(e) => refusal = Some(e),
            }
        }
        if let (false, Some(e)) = (passes, refusal) {
            return Err(e);
        }
        sender(conn, author_device.as_str())?.0.person_id
    } else {
        match devices(conn)?.into_iter().find(|(id, _)| *id == author_device) {
            Some((_, device)) => device.person_id,
            None => tx.actor().clone(),
        }
    };
    save_doc(conn, incoming.kind, &incoming.id, &mut doc)?;
    tx.apply_remote(incoming.kind, &incoming.id, after, (&by, &author_device), batch)?;
    Ok(true)
}

/// The team folder this laptop exchanges bundles through, if one is set.
pub fn folder(conn: &Connection) -> Result<Option<std::path::PathBuf>> {
    let folder: Option<String> = conn.query_row("SELECT folder FROM team_self", [], |r| r.get(0)).optional()?.flatten();
    Ok(folder.map(std::path::PathBuf::from))
}

/// Sets (or with `None` forgets) the team folder this laptop exchanges bundles through on
/// its own: a folder that exists. It is this laptop's setting and never leaves it.
pub fn set_folder(tx: &Tx<'_>, folder: Option<&std::path::Path>) -> Result<()> {
    Me::member(tx.conn())?;
    if let Some(dir) = folder
        && !dir.is_dir()
    {
        return Err(Error::Invalid(format!("{} is not a folder", dir.display())));
    }
    tx.conn().execute("UPDATE team_self SET folder = ?1", [folder.map(|f| f.display().to_string())])?;
    Ok(())
}

/// One pass over the team folder, if this laptop has one ([`sync_folder`]); `None` if it has
/// none, or is no member.
pub fn sync_own_folder(store: &mut Store, now: DateTime<Utc>) -> Result<Option<FolderPass>> {
    let member = Me::load(store.conn()).is_ok_and(|me| !me.pending);
    match folder(store.conn())? {
        Some(dir) if member => sync_folder(store, &dir, now).map(Some),
        _ => Ok(None),
    }
}

/// The team's own folder inside the shared folder `dir`: one shared folder can serve two
/// teams.
fn team_subfolder(dir: &std::path::Path, me: &Me) -> std::path::PathBuf {
    dir.join(format!("visitdesk-{}", me.team_id().chars().take(8).collect::<String>()))
}

/// A mark of what a pass over this laptop's team folder would do: it changes when a bundle
/// of another member there changes (its name, size or time), and when this laptop has
/// changed records since. The shell's idle tick passes over the folder only when it changes.
/// `None` without a folder, or for a store that is no member.
pub fn folder_mark(conn: &Connection) -> Result<Option<u64>> {
    use std::hash::{Hash, Hasher};
    let (Some(dir), Ok(me)) = (folder(conn)?, Me::member(conn)) else { return Ok(None) };
    let mut mark = std::collections::hash_map::DefaultHasher::new();
    // Every change here, made on this laptop or merged, adds a history row.
    conn.query_row("SELECT coalesce(max(seq), 0) FROM history", [], |r| r.get::<_, i64>(0))?.hash(&mut mark);
    // A folder that cannot be read now (a network drive away) is marked as such, and the
    // pass that follows says why.
    match std::fs::read_dir(team_subfolder(&dir, &me)) {
        Ok(entries) => {
            let mut seen: Vec<_> = entries
                .filter_map(|e| {
                    let e = e.ok()?;
                    let meta = e.metadata().ok()?;
                    Some((e.file_name(), meta.len(), meta.modified().ok()))
                })
                .collect();
            seen.sort();
            seen.hash(&mut mark);
        }
        Err(e) => e.kind().hash(&mut mark),
    }
    Ok(Some(mark.finish()))
}

/// A bundle refused whole, as the team page lists it: where it came from (a file's name),
/// why, and when. The shell keeps the list; refusing writes nothing to the store.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Refusal {
    pub source: String,
    pub code: ErrorCode,
    pub at: DateTime<Utc>,
}

/// The first-run form of a laptop that joins a team ("加入团队"). The passphrase is this
/// laptop's own, and is wiped from memory when the form is dropped.
#[derive(Clone, Deserialize, TS)]
pub struct JoinForm {
    pub person_name: String,
    pub role: Role,
    pub device_name: String,
    pub passphrase: String,
}

impl Drop for JoinForm {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.passphrase);
    }
}

impl std::fmt::Debug for JoinForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinForm")
            .field("person_name", &self.person_name)
            .field("role", &self.role)
            .field("device_name", &self.device_name)
            .field("passphrase", &"…")
            .finish()
    }
}

/// A store that waits for its team's welcome, as the waiting screen shows it: who asked,
/// from which laptop, and the fingerprint to read aloud. Right after the request, also the
/// new store's recovery key (shown once, never stored).
#[derive(Clone, Serialize, TS)]
pub struct Waiting {
    pub person_name: String,
    pub device_name: String,
    pub fingerprint: String,
    #[ts(optional = nullable)]
    pub recovery_key: Option<String>,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(key) = self.recovery_key.as_mut() {
            zeroize::Zeroize::zeroize(key);
        }
    }
}

impl std::fmt::Debug for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiting")
            .field("person_name", &self.person_name)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl From<&JoinRequest> for Waiting {
    fn from(r: &JoinRequest) -> Waiting {
        Waiting {
            person_name: r.name.clone(),
            device_name: r.device_name.clone(),
            fingerprint: r.fingerprint(),
            recovery_key: None,
        }
    }
}

/// What one pass over the team's shared folder did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FolderPass {
    /// The size of this laptop's bundle, written for the others.
    pub wrote_bytes: usize,
    /// The other members' bundles, in the order of their file names.
    pub read: Vec<FolderRead>,
}

/// One member's bundle in the shared folder: what applying it did, or why it was refused.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FolderRead {
    pub file: String,
    pub imported: Option<Imported>,
    pub error: Option<ErrorCode>,
}

/// One pass over the team's shared folder `dir` (a network drive, a folder a cloud client
/// keeps in step): every other member's bundle in `visitdesk-<team>/` is read and applied,
/// then this laptop's is written to `<device>.vdsync` there, whole or not at all (through a
/// temporary file), and the attachments' content others lack to `<device>.vdfiles`. One that cannot be applied (a copy the cloud client has not finished, which fails
/// its signature check) is listed with its reason and read again on the next pass.
pub fn sync_folder(store: &mut Store, dir: &std::path::Path, now: DateTime<Utc>) -> Result<FolderPass> {
    let me = Me::member(store.conn())?;
    let folder = team_subfolder(dir, &me);
    std::fs::create_dir_all(&folder)?;
    let own = folder.join(format!("{}.vdsync", me.device_id));
    let own_files = own.with_extension("vdfiles");
    // The members' changes first, then their files bundles, whose content only the records
    // the changes bring name.
    let mut others: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "vdsync" || e == "vdfiles"))
        .filter(|path| *path != own && *path != own_files)
        .collect();
    others.sort_by_key(|path| (path.extension().is_some_and(|e| e == "vdfiles"), path.clone()));
    let mut read = Vec::new();
    for path in others {
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match read_file(&path).and_then(|bytes| import(store, &bytes, now)) {
            Ok(imported) => read.push(FolderRead { file, imported: Some(imported), error: None }),
            Err(e) => read.push(FolderRead { file, imported: None, error: Some(e.code()) }),
        }
    }
    // Written after reading: it confirms what was just read, and reaches the members this
    // laptop just heard of.
    let bundle = export(store, now)?;
    crate::store::fsutil::write_atomically(&own, &bundle)?;
    let mut wrote_bytes = bundle.len();
    match export_files(store, now)? {
        Some(files) => {
            crate::store::fsutil::write_atomically(&own_files, &files)?;
            wrote_bytes += files.len();
        }
        None => match std::fs::remove_file(&own_files) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        },
    }
    Ok(FolderPass { wrote_bytes, read })
}

/// A join request: a new laptop's person and device, self-signed, to be accepted by an admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinRequest {
    pub format: u32,
    pub person_id: Id,
    pub name: String,
    pub role: Role,
    pub device_id: Id,
    pub device_name: String,
    pub signing_key: String,
    pub recipient: String,
    pub signature: String,
}

impl JoinRequest {
    /// The request as its file holds it.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        Ok(serde_json::to_vec_pretty(self)?)
    }

    fn signed(&self) -> String {
        let JoinRequest { person_id, name, role, device_id, device_name, signing_key, recipient, .. } = self;
        format!(
            "visitdesk-join/1\n{person_id}\n{name}\n{}\n{device_id}\n{device_name}\n{signing_key}\n{recipient}",
            role.as_str()
        )
    }

    /// The digits two people compare aloud before the request is accepted: 16, in four
    /// groups (about 53 bits, too many to forge a matching key by trying).
    pub fn fingerprint(&self) -> String {
        crypto::fingerprint(self.signed().as_bytes())
    }

    fn check(&self) -> Result<VerifyingKey> {
        let bad = || Error::from(TeamError::Damaged("the join request".into()));
        let device = Device {
            person_id: self.person_id.clone(),
            name: self.device_name.clone(),
            signing_key: self.signing_key.clone(),
            recipient: self.recipient.clone(),
            removed_at: None,
        };
        let key = verifying_key(&device)?;
        let signature = crypto::unhex(&self.signature)
            .and_then(|s| ed25519_dalek::Signature::from_slice(&s).ok())
            .ok_or_else(bad)?;
        key.verify_strict(self.signed().as_bytes(), &signature).map_err(|_| TeamError::BadSignature)?;
        Ok(key)
    }
}

/// A new laptop's first step ("加入团队"): a store in `dir` that holds only its person, named
/// `name`, with their passphrase, waiting for the team's welcome; and the request to hand to
/// an admin, whose fingerprint both read aloud.
pub fn join_request(
    dir: &std::path::Path,
    name: &str,
    role: Role,
    device_name: &str,
    passphrase: &str,
    kdf: crypto::KdfParams,
    now: DateTime<Utc>,
) -> Result<(Created, JoinRequest)> {
    let mut created = Store::init_pending(dir, Person::new(name, role), passphrase, kdf, now)?;
    let person_id = created.store.actor().clone();
    let device = created.store.write(now, |tx| new_device(tx, None, &person_id, device_name, "pending"))?;
    let (device_id, device) = device;
    let me = Me::load(created.store.conn())?;
    let mut request = JoinRequest {
        format: 1,
        person_id,
        name: name.trim().to_string(),
        role,
        device_id,
        device_name: device.name,
        signing_key: device.signing_key,
        recipient: device.recipient,
        signature: String::new(),
    };
    request.signature = crypto::hex(&me.signing_key.sign(request.signed().as_bytes()).to_bytes());
    // Kept, so the waiting screen can show its fingerprint again and save it again.
    created.store.write(now, |tx| {
        tx.conn().execute("UPDATE team_self SET request = ?1", [serde_json::to_string(&request)?])?;
        Ok(())
    })?;
    Ok((created, request))
}

/// The join request a store waiting for its welcome sent (`team.not_a_team` for any other).
pub fn pending_request(conn: &Connection) -> Result<JoinRequest> {
    let request: Option<String> =
        conn.query_row("SELECT request FROM team_self WHERE state = 'pending'", [], |r| r.get(0)).optional()?.flatten();
    let request = request.ok_or(TeamError::NotATeam)?;
    Ok(serde_json::from_str(&request)?)
}

/// Accepts a join request (an admin's, once the fingerprints match): the person, with
/// `access`, and their device join the team's records, and the welcome bundle, everything
/// encrypted to that device alone, is returned for them.
pub fn accept(
    store: &mut Store,
    request: &JoinRequest,
    access: crate::access::Access,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    request.check()?;
    let me = Me::member(store.conn())?;
    store.write(now, |tx| {
        tx.require(Right::ManagePeople)?;
        let person = Person { access, ..Person::new(&request.name, request.role) };
        tx.insert_with_id(request.person_id.clone(), person)?;
        let device = Device {
            person_id: request.person_id.clone(),
            name: request.device_name.clone(),
            signing_key: request.signing_key.clone(),
            recipient: request.recipient.clone(),
            removed_at: None,
        };
        tx.insert_with_id(request.device_id.clone(), device)?;
        // The welcome holds every document, these two included.
        catch_up(tx.conn())
    })?;
    let to = request.recipient.parse().map_err(|_| TeamError::Damaged("the join request".into()))?;
    seal(store.conn(), &me, &[(request.device_id.clone(), to)], 0, ("welcome", Vec::new()), now)
}

/// Opens the team's welcome in a store made by [`join_request`]: the bundle must be encrypted
/// to this device, name it among the team's devices, and be signed by one of them. Everything
/// in it is applied, and the store is a member from then on.
pub fn join(store: &mut Store, bytes: &[u8], now: DateTime<Utc>) -> Result<usize> {
    let me = Me::load(store.conn())?;
    if !me.pending {
        return Err(TeamError::AlreadyATeam.into());
    }
    let sealed = wire::open(bytes)?;
    let body = Zeroizing::new(sealed.decrypt(&me.identity).map_err(|e| match e {
        TeamError::NotARecipient => TeamError::NotForThisStore,
        other => other,
    })?);
    let (meta, sigs, docs) = parse_body(&body)?;
    let device_in = |id: &str| -> Result<Option<Device>> {
        let Some(d) = docs.iter().find(|d| d.id.as_str() == id && d.kind == Kind::Device) else { return Ok(None) };
        let (_, data, _) = doc::read(&AutoCommit::load(d.doc)?);
        Ok(Some(serde_json::from_value(data)?))
    };
    let welcomer = device_in(&sealed.header.from_device)?.ok_or(TeamError::UnknownDevice)?;
    sealed.verify(&verifying_key(&welcomer)?)?;
    if device_in(me.device_id.as_str())?.is_none() || meta.team_id != sealed.header.team_id {
        return Err(TeamError::NotForThisStore.into());
    }
    store.write(now, |tx| {
        tx.conn().execute("UPDATE team_self SET team_id = ?1, state = 'member', request = NULL", [&meta.team_id])?;
        let local = Local::of(tx.conn())?.ok_or(TeamError::NotATeam)?;
        let batch = Id::new(now);
        let mut records = 0;
        for doc in &docs {
            records += usize::from(merge(tx, &local, doc, &sigs, &batch, false)?);
        }
        heard_from(tx, &me, &meta)?;
        caught_up(tx.conn())?;
        Ok(records)
    })
}

/// Removes a device from the team (an admin's): later bundles leave it out, and what it signs
/// from now on is refused. It keeps what it already had.
pub fn remove_device(tx: &Tx<'_>, device_id: &Id) -> Result<()> {
    let device: Device = crate::store::records::get(tx.conn(), device_id)?.data;
    tx.update(device_id, Device { removed_at: Some(tx.now()), ..device })?;
    Ok(())
}

/// Removes a member from the team (an admin's): each of their devices, as
/// [`remove_device`]. Returns the devices removed.
pub fn remove_member(tx: &Tx<'_>, person_id: &Id) -> Result<Vec<Id>> {
    tx.require(Right::ManagePeople)?;
    let mut removed = Vec::new();
    for (id, device) in devices(tx.conn())? {
        if device.person_id == *person_id && device.removed_at.is_none() {
            remove_device(tx, &id)?;
            removed.push(id);
        }
    }
    Ok(removed)
}

/// Settles a conflict: `field` of the record `record_id` takes `value` (one of the values
/// listed, or another), on this laptop now and on the others when the change reaches them. The
/// record is saved as any edit is (validated, rights checked, history); the document gets the
/// value even when it is the one shown already, which is what settles the clash.
///
/// A record edited on one laptop and deleted on another ([`DELETED`]) is restored from the
/// trash with `null`, or kept there with any other value.
pub fn resolve(tx: &Tx<'_>, record_id: &Id, field: &str, value: serde_json::Value) -> Result<()> {
    let conn = tx.conn();
    let no_field = || Error::Invalid(format!("no field {field}"));
    let kind: String = conn
        .query_row("SELECT kind FROM team_docs WHERE record_id = ?1", [record_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::Invalid(format!("{record_id} is no team record")))?;
    let kind = Kind::parse(&kind).ok_or_else(|| TeamError::Damaged(format!("kind {kind}")))?;
    let current = snapshot(conn, kind, record_id)?.ok_or_else(|| Error::not_found(kind, record_id))?;
    let local = Local::of(conn)?.ok_or(TeamError::NotATeam)?;
    let doc_of = || -> Result<AutoCommit> {
        catch_up(conn)?;
        let saved: Vec<u8> =
            conn.query_row("SELECT doc FROM team_docs WHERE record_id = ?1", [record_id], |r| r.get(0))?;
        Ok(AutoCommit::load(&saved)?.with_actor(local.actor.clone()))
    };
    if field == DELETED {
        let Some(deleted_at) = current.deleted_at else { return Err(no_field()) };
        if value.is_null() {
            // Restoring puts `deleted_at` into the document as it catches up, which settles it.
            tx.restore_with_dependents(kind, record_id)?;
            catch_up(conn)?;
            return Ok(());
        }
        tx.allowed_snapshot(kind, &Snapshot { data: current.data, deleted_at: None }, true)?;
        let mut doc = doc_of()?;
        doc.put(automerge::ROOT, "deleted_at", deleted_at.as_str())?;
        if let Some(hash) = doc.commit() {
            local.sign(conn, record_id, hash)?;
            save_doc(conn, kind, record_id, &mut doc)?;
        }
        return Ok(());
    }
    let mut data = current.data;
    let mut slot = &mut data;
    for key in field.split('.') {
        slot = slot.as_object_mut().and_then(|fields| fields.get_mut(key)).ok_or_else(no_field)?;
    }
    *slot = value;
    for_kind!(kind, T => {
        let record: T = serde_json::from_value(data).map_err(|e| Error::Invalid(format!("{field}: {e}")))?;
        tx.update(record_id, record)?;
    });
    // The value as validation left it, put even when the document shows it already (the
    // update above may have saved a newer document).
    let stored = snapshot(conn, kind, record_id)?.ok_or_else(|| Error::not_found(kind, record_id))?.data;
    let held = field.split('.').try_fold(&stored, |v, key| v.get(key)).ok_or_else(no_field)?;
    let mut doc = doc_of()?;
    doc::put_at(&mut doc, field, held)?;
    if let Some(hash) = doc.commit() {
        local.sign(conn, record_id, hash)?;
        save_doc(conn, kind, record_id, &mut doc)?;
    }
    Ok(())
}

/// A field edited on two laptops at once, as the team page lists it: the value every laptop
/// shows first, then the others.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Conflict {
    pub kind: Kind,
    pub record_id: Id,
    pub field: String,
    #[ts(type = "unknown[]")]
    pub values: Vec<serde_json::Value>,
    /// Who made each value (the person of the device that put it), in the same order.
    pub by: Vec<Option<Id>>,
}

pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let owners = devices(conn)?;
    let mut stmt = conn.prepare("SELECT kind, record_id, field, vals FROM team_conflicts ORDER BY record_id, field")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Id>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, record_id, field, values) = row?;
        let kind = Kind::parse(&kind).ok_or_else(|| TeamError::Damaged(format!("kind {kind}")))?;
        let pairs: Vec<(serde_json::Value, Option<Id>)> = serde_json::from_str(&values)?;
        let person = |device: &Id| owners.iter().find(|(id, _)| id == device).map(|(_, d)| d.person_id.clone());
        let (values, by) = pairs.into_iter().map(|(v, device)| (v, device.as_ref().and_then(person))).unzip();
        out.push(Conflict { kind, record_id, field, values, by });
    }
    Ok(out)
}

/// The team as this laptop sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TeamStatus {
    pub team_id: Option<String>,
    pub device_id: Id,
    pub pending: bool,
    pub devices: Vec<DeviceStatus>,
    pub conflicts: usize,
    /// The team folder this laptop exchanges bundles through on its own, if one is set.
    pub folder: Option<String>,
    /// When a bundle from another member was last applied here.
    pub last_exchange: Option<String>,
    /// Records changed here that no other member has confirmed having yet.
    pub unsent: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DeviceStatus {
    pub id: Id,
    pub name: String,
    pub person_id: Id,
    pub removed: bool,
    /// When a bundle from it was last applied here.
    pub last_heard: Option<String>,
}

/// The team's devices and what this laptop last heard from each; `None` when not a team.
pub fn status(conn: &Connection) -> Result<Option<TeamStatus>> {
    if !is_team(conn)? {
        return Ok(None);
    }
    let me = Me::load(conn)?;
    let mut out = Vec::new();
    for (id, device) in devices(conn)? {
        let last_heard = conn
            .query_row("SELECT last_at FROM team_peers WHERE device_id = ?1", [&id], |r| r.get(0))
            .optional()?
            .flatten();
        out.push(DeviceStatus {
            removed: device.removed_at.is_some(),
            name: device.name,
            person_id: device.person_id,
            id,
            last_heard,
        });
    }
    let count = |sql: &str| -> Result<usize> {
        Ok(usize::try_from(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?).unwrap_or(0))
    };
    Ok(Some(TeamStatus {
        team_id: me.team_id.clone(),
        device_id: me.device_id.clone(),
        pending: me.pending,
        devices: out,
        conflicts: count("SELECT count(*) FROM team_conflicts")?,
        folder: folder(conn)?.map(|f| f.display().to_string()),
        last_exchange: conn.query_row("SELECT max(last_at) FROM team_peers", [], |r| r.get(0))?,
        // The documents no one has confirmed, and the records changed here since the documents
        // last caught up (not in a document yet).
        unsent: count(
            "SELECT count(*) FROM (
                SELECT record_id FROM team_docs WHERE rev > (SELECT coalesce(max(acked), 0) FROM team_peers)
                UNION SELECT record_id FROM history WHERE device IS NULL AND seq > (SELECT docs_seq FROM team_self))",
        )?,
    }))
}

#[cfg(test)]
mod tests;
