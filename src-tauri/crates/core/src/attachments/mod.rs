//! Attachments (issue 18): photos and papers kept inside the store's protection. The record
//! (`model::Attachment`) goes through `Tx` like every kind (validated, audited, undone, in the
//! trash with its parent, searched, synced); its content goes to the vault (`store::vault`),
//! encrypted, before the record is written, so the record never names content that is not
//! there. A photo's thumbnail and document copy are made once, when its content first comes.
pub mod images;

use crate::access::Right;
use crate::error::{Error, ErrorCode, Result, StoreError};
use crate::ids::Id;
use crate::model::{
    Attachment, Employer, FileType, InternshipBase, JobPosting, Kind, Photo, Problem, RecruitmentEvent,
    ValidationError, Visit,
};
use crate::store::Store;
use crate::store::records::{self, Stored, Tx};
use crate::store::vault::{Kept, PutError, Vault, VaultError};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("the file is larger than the limit of {limit_mb} MB")]
    TooLarge { limit_mb: u32 },
    #[error("{0}: only photos (JPEG, PNG, HEIC), PDF, DOCX and XLSX files may be attached")]
    TypeNotAllowed(String),
    #[error("{name} is not a picture that can be read: {why}")]
    BadImage { name: String, why: String },
    #[error("the file changed while it was being read; attach it again")]
    Changed,
    #[error("the content of {0} is damaged")]
    Damaged(String),
    #[error("the content of {0} has not reached this laptop yet")]
    Missing(String),
}

impl AttachmentError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AttachmentError::TooLarge { .. } => ErrorCode::AttachmentTooLarge,
            AttachmentError::TypeNotAllowed(_) => ErrorCode::AttachmentTypeNotAllowed,
            AttachmentError::BadImage { .. } => ErrorCode::AttachmentBadImage,
            AttachmentError::Changed => ErrorCode::AttachmentChanged,
            AttachmentError::Damaged(_) => ErrorCode::AttachmentDamaged,
            AttachmentError::Missing(_) => ErrorCode::AttachmentMissing,
        }
    }
}

/// The vault's failure to read the content of `attachment`, said of it by name.
fn unreadable(attachment: &Attachment, e: VaultError) -> Error {
    match e {
        VaultError::Missing => AttachmentError::Missing(attachment.name.clone()).into(),
        VaultError::Damaged => AttachmentError::Damaged(attachment.name.clone()).into(),
        VaultError::Store(e) => e.into(),
    }
}

/// The record a file is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Target {
    pub kind: Kind,
    pub id: Id,
}

pub const LIMIT_MB: &str = "attachments.limit_mb";
pub const QUOTA_MB: &str = "attachments.quota_mb";
pub const KEEP_METADATA: &str = "attachments.keep_metadata";

/// The attachments' settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentSettings {
    /// The largest file that may be attached, in MB (1–1024; 50 unless set).
    pub limit_mb: u32,
    /// Past this many MB of attachments in all, each new one warns (100–1,000,000; 2,048).
    pub quota_mb: u32,
    /// Whether exports keep a photo's EXIF (its GPS position among them). Off unless set.
    pub keep_metadata: bool,
}

impl Default for AttachmentSettings {
    fn default() -> AttachmentSettings {
        AttachmentSettings { limit_mb: 50, quota_mb: 2048, keep_metadata: false }
    }
}

const MB: u64 = 1024 * 1024;

pub fn settings(conn: &Connection) -> Result<AttachmentSettings> {
    let d = AttachmentSettings::default();
    let number = |key, default| -> Result<u32> {
        Ok(records::setting(conn, key)?.and_then(|v| v.parse().ok()).unwrap_or(default))
    };
    Ok(AttachmentSettings {
        limit_mb: number(LIMIT_MB, d.limit_mb)?,
        quota_mb: number(QUOTA_MB, d.quota_mb)?,
        keep_metadata: records::setting(conn, KEEP_METADATA)?.is_some_and(|v| v == "1"),
    })
}

/// Saves the attachments' settings (an admin's: `manage_campaign`).
pub fn save_settings(tx: &Tx<'_>, s: &AttachmentSettings) -> Result<()> {
    tx.require(Right::ManageCampaign)?;
    crate::model::validate::range("settings.attachment_limit_mb", s.limit_mb.into(), 1, 1024)?;
    crate::model::validate::range("settings.attachment_quota_mb", s.quota_mb.into(), 100, 1_000_000)?;
    tx.set_setting(LIMIT_MB, &s.limit_mb.to_string())?;
    tx.set_setting(QUOTA_MB, &s.quota_mb.to_string())?;
    tx.set_setting(KEEP_METADATA, if s.keep_metadata { "1" } else { "0" })
}

/// A file's content in the vault, read and checked, ready to be attached with [`add`].
#[derive(Debug, Clone)]
pub struct Prepared {
    name: String,
    file_type: FileType,
    kept: Kept,
    photo: Option<Photo>,
}

/// Puts the file at `path` in the vault: refused when its type may not be attached or it is
/// over the size limit; a photo whose content is what its name says is decoded (within
/// limits) and its thumbnail and document copy made, unless this content has them already.
/// A file whose content does not match its extension is kept as a plain file.
pub fn prepare(conn: &Connection, vault: &Vault, path: &Path) -> Result<Prepared> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file_type = FileType::of_name(&name).ok_or_else(|| AttachmentError::TypeNotAllowed(name.clone()))?;
    let limits = settings(conn)?;
    let kept = vault.put_file(path, u64::from(limits.limit_mb) * MB).map_err(|e| match e {
        PutError::TooLarge { .. } => Error::from(AttachmentError::TooLarge { limit_mb: limits.limit_mb }),
        PutError::Changed => AttachmentError::Changed.into(),
        PutError::Store(e) => e.into(),
    })?;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head))?;
    let photo = if file_type.decodable() && file_type.matches(&head[..n]) {
        Some(rendition(conn, vault, &kept.checksum, file_type).map_err(|e| match e {
            Rendition::Bad(why) => Error::from(AttachmentError::BadImage { name: name.clone(), why }),
            Rendition::Failed(e) => e,
        })?)
    } else {
        None
    };
    Ok(Prepared { name, file_type, kept, photo })
}

enum Rendition {
    Bad(String),
    Failed(Error),
}

/// The photo with this content's size as shown, making its renditions when it has none.
fn rendition(conn: &Connection, vault: &Vault, checksum: &str, file_type: FileType) -> Result<Photo, Rendition> {
    let known = conn
        .query_row("SELECT photo_width, photo_height FROM renditions WHERE checksum = ?1", [checksum], |r| {
            Ok(Photo { width: r.get(0)?, height: r.get(1)? })
        })
        .optional()
        .map_err(|e| Rendition::Failed(e.into()))?;
    if let Some(photo) = known {
        return Ok(photo);
    }
    let bytes = vault.read(checksum).map_err(|e| match e {
        VaultError::Store(e) => Rendition::Failed(e.into()),
        other => Rendition::Bad(other.to_string()),
    })?;
    let rendered = images::render(&bytes, file_type).map_err(|e| Rendition::Bad(e.to_string()))?;
    let doc = vault.put(&rendered.doc.bytes).map_err(|e| Rendition::Failed(e.into()))?;
    conn.execute(
        "INSERT OR REPLACE INTO renditions
         (checksum, photo_width, photo_height, thumb, thumb_width, thumb_height, doc, doc_width, doc_height)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            checksum,
            rendered.photo.width,
            rendered.photo.height,
            rendered.thumb.bytes,
            rendered.thumb.width,
            rendered.thumb.height,
            doc.checksum,
            rendered.doc.width,
            rendered.doc.height
        ],
    )
    .map_err(|e| Rendition::Failed(e.into()))?;
    Ok(rendered.photo)
}

/// Attaches prepared content to `to` (a visit, employer, job posting, base or recruitment
/// event): one undoable change, checked for rights as the record's kind says.
pub fn add(tx: &Tx<'_>, to: &Target, prepared: Prepared) -> Result<Stored<Attachment>> {
    let conn = tx.conn();
    let (employer_id, kind) = (employer_of(conn, to)?, to.kind);
    let id = |k: Kind| (kind == k).then(|| to.id.clone());
    tx.insert(Attachment {
        employer_id,
        visit_id: id(Kind::Visit),
        job_posting_id: id(Kind::JobPosting),
        internship_base_id: id(Kind::InternshipBase),
        recruitment_event_id: id(Kind::RecruitmentEvent),
        name: prepared.name,
        file_type: prepared.file_type,
        size: prepared.kept.size,
        checksum: prepared.kept.checksum,
        photo: prepared.photo,
        caption: String::new(),
        in_documents: false,
    })
}

/// A file that was not attached, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Refused {
    pub name: String,
    pub code: ErrorCode,
    pub message: String,
}

/// What attaching a set of files did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Attached {
    pub added: Vec<Stored<Attachment>>,
    /// Files refused (their type, their size, a picture that cannot be read); the others are
    /// attached all the same.
    pub refused: Vec<Refused>,
    /// Whether the store's attachments are past the quota now.
    pub over_quota: bool,
    /// All attachments' content, in MB (rounded up).
    #[ts(type = "number")]
    pub total_mb: u64,
}

/// Attaches the files at `paths` to `to` in one change (one undo takes them all back). A file
/// refused for what it is (see [`prepare`]) is listed and the rest attached; a failure of the
/// store or the disk attaches none.
pub fn attach(store: &mut Store, to: &Target, paths: &[PathBuf], now: DateTime<Utc>) -> Result<Attached> {
    let vault = store.vault();
    store.write(now, |tx| {
        let (mut added, mut refused) = (Vec::new(), Vec::new());
        for path in paths {
            match prepare(tx.conn(), &vault, path) {
                Ok(prepared) => added.push(add(tx, to, prepared)?),
                Err(e @ (Error::Attachment(_) | Error::Validation(_))) => refused.push(Refused {
                    name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    code: e.code(),
                    message: e.to_string(),
                }),
                Err(e) => return Err(e),
            }
        }
        let total_mb = total_mb(tx.conn())?;
        Ok(Attached { added, refused, over_quota: total_mb > u64::from(settings(tx.conn())?.quota_mb), total_mb })
    })
}

fn total_mb(conn: &Connection) -> Result<u64> {
    let total: i64 = conn.query_row(
        "SELECT coalesce(sum(data ->> 'size'), 0) FROM attachments WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok((total.max(0) as u64).div_ceil(MB))
}

/// The employer the record `to` belongs to (itself, for an employer).
fn employer_of(conn: &Connection, to: &Target) -> Result<Id> {
    Ok(match to.kind {
        Kind::Employer => records::get::<Employer>(conn, &to.id)?.id,
        Kind::Visit => records::get::<Visit>(conn, &to.id)?.data.employer_id,
        Kind::JobPosting => records::get::<JobPosting>(conn, &to.id)?.data.employer_id,
        Kind::InternshipBase => records::get::<InternshipBase>(conn, &to.id)?.data.employer_id,
        Kind::RecruitmentEvent => records::get::<RecruitmentEvent>(conn, &to.id)?.data.employer_id,
        _ => return Err(ValidationError { field: "attachment.target", problem: Problem::InvalidState }.into()),
    })
}

/// An attachment as a list shows it: the record, and a photo's thumbnail as a `data:` URL.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ListedAttachment {
    pub attachment: Stored<Attachment>,
    #[ts(optional = nullable)]
    pub thumb: Option<String>,
    /// Whether its content is on this laptop (an attachment another laptop added may wait for
    /// its content to arrive).
    pub here: bool,
}

/// The attachments of `to`, newest first. An employer's are all of its own and of its visits,
/// postings, bases and events (its gallery).
pub fn list(conn: &Connection, vault: &Vault, to: &Target) -> Result<Vec<ListedAttachment>> {
    let column = match to.kind {
        Kind::Employer => "employer_id",
        kind => Kind::Attachment
            .parent_column(kind)
            .ok_or(ValidationError { field: "attachment.target", problem: Problem::InvalidState })?,
    };
    let found: Vec<Stored<Attachment>> =
        records::list(conn, &format!("{column} = ?1"), "created_at DESC, id DESC", [&to.id])?;
    let mut thumb = conn.prepare_cached("SELECT thumb FROM renditions WHERE checksum = ?1")?;
    found
        .into_iter()
        .map(|attachment| {
            let bytes: Option<Vec<u8>> = thumb.query_row([&attachment.data.checksum], |r| r.get(0)).optional()?;
            Ok(ListedAttachment {
                thumb: bytes
                    .map(|b| format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(b))),
                here: vault.has(&attachment.data.checksum),
                attachment,
            })
        })
        .collect()
}

/// What may be changed of an attachment once attached.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct AttachmentEdit {
    pub caption: String,
    pub in_documents: bool,
}

/// Changes an attachment's caption, and whether documents print it.
pub fn edit(tx: &Tx<'_>, id: &Id, edit: &AttachmentEdit) -> Result<Stored<Attachment>> {
    let current: Stored<Attachment> = records::get(tx.conn(), id)?;
    tx.update(id, Attachment { caption: edit.caption.clone(), in_documents: edit.in_documents, ..current.data })
}

/// Writes the attachment's content to `dest` (a new file, or one replaced whole): a photo
/// without its metadata unless the settings keep it.
pub fn export(conn: &Connection, vault: &Vault, id: &Id, dest: &Path) -> Result<Stored<Attachment>> {
    let attachment: Stored<Attachment> = records::get(conn, id)?;
    let a = &attachment.data;
    if a.photo.is_some() && !settings(conn)?.keep_metadata {
        let bytes = vault.read(&a.checksum).map_err(|e| unreadable(a, e))?;
        crate::store::fsutil::write_atomically(dest, &images::strip_metadata(bytes, a.file_type))?;
    } else {
        crate::store::fsutil::write_with(dest, |out| match vault.read_to(&a.checksum, out) {
            Ok(_) => Ok(()),
            Err(e) => Err(unreadable(a, e)),
        })?;
    }
    Ok(attachment)
}

/// A photo's copy for documents: JPEG bytes under its key (its checksum), and its size in
/// pixels.
#[derive(Debug, Clone)]
pub struct DocPhoto {
    pub key: String,
    pub caption: String,
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The photos of a visit that documents print, oldest first: those chosen for documents, or
/// with `or_any`, when none is chosen, all of them; at most `limit`. Those whose copy cannot
/// be read are left out (the integrity check names them).
pub fn doc_photos(
    conn: &Connection,
    vault: &Vault,
    visit_id: &Id,
    or_any: bool,
    limit: usize,
) -> Result<Vec<DocPhoto>> {
    let photos = |filter: &str| {
        records::list::<Attachment>(
            conn,
            &format!("visit_id = ?1 AND data ->> 'photo' IS NOT NULL {filter}"),
            "created_at, id",
            [visit_id],
        )
    };
    let mut chosen = photos("AND data ->> 'in_documents'")?;
    if chosen.is_empty() && or_any {
        chosen = photos("")?;
    }
    let mut doc = conn.prepare_cached("SELECT doc, doc_width, doc_height FROM renditions WHERE checksum = ?1")?;
    let mut out = Vec::new();
    for a in chosen {
        let Some((key, width, height)) =
            doc.query_row([&a.data.checksum], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))).optional()?
        else {
            continue;
        };
        if let Ok(jpeg) = vault.read(&key) {
            out.push(DocPhoto { key, caption: a.data.caption.clone(), jpeg, width, height });
        }
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}

/// An attachment whose content is damaged or not here, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Unreadable {
    pub id: Id,
    pub name: String,
    pub code: ErrorCode,
}

/// Reads every live attachment's content through (each segment's tag and the checksum):
/// those that fail, by name. The database's own check is [`crate::store::Store::check`].
pub fn check(conn: &Connection, vault: &Vault) -> Result<Vec<Unreadable>> {
    let all: Vec<Stored<Attachment>> = records::list(conn, "1", "created_at, id", [])?;
    let mut found = Vec::new();
    for a in all {
        match vault.read_to(&a.data.checksum, &mut std::io::sink()) {
            Ok(_) => {}
            Err(VaultError::Store(e)) => return Err(e.into()),
            Err(e) => {
                let code = unreadable(&a.data, e).code();
                found.push(Unreadable { id: a.id, name: a.data.name, code });
            }
        }
    }
    Ok(found)
}

/// Every content the vault must keep: each attachment's, in the trash too, and each photo's
/// document copy.
pub fn live(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT checksum FROM attachments UNION SELECT doc FROM renditions")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes from the vault what no attachment needs any more (one whose adding was undone)
/// and what a crash left half written. Files written in the last hour are left alone: another
/// program (the CLI) may be attaching them now.
pub fn sweep(conn: &Connection, vault: &Vault, now: DateTime<Utc>) -> Result<usize> {
    vault.sweep(&live(conn)?, now - chrono::Duration::hours(1))
}

/// The attachments whose content another laptop has and this one does not yet.
pub fn wanted(conn: &Connection, vault: &Vault) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT checksum FROM attachments")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let all: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(all.into_iter().filter(|c| !vault.has(c)).collect())
}

/// Takes in content another laptop sent: kept only if an attachment here names it and its
/// checksum is right; a photo's renditions are made as for one attached here. Returns whether
/// it was kept.
pub fn receive(conn: &Connection, vault: &Vault, checksum: &str, bytes: &[u8]) -> Result<bool> {
    let named: Option<String> = conn
        .query_row("SELECT data ->> 'file_type' FROM attachments WHERE checksum = ?1 LIMIT 1", [checksum], |r| r.get(0))
        .optional()?;
    let Some(file_type) = named.as_deref().and_then(FileType::parse) else { return Ok(false) };
    if crate::crypto::checksum(bytes) != checksum {
        return Err(StoreError::Damaged(format!("content {checksum} is not what its checksum says")).into());
    }
    vault.put(bytes)?;
    if file_type.decodable() && file_type.matches(bytes) {
        // A picture that cannot be decoded is kept as a file, as it was where it was added.
        match rendition(conn, vault, checksum, file_type) {
            Ok(_) | Err(Rendition::Bad(_)) => {}
            Err(Rendition::Failed(e)) => return Err(e),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests;
