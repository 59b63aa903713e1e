//! Attachments (附件): the photos and papers of a visit, an employer, a job posting, a base or a
//! recruitment event. The record holds what a list shows and what proves the content (its
//! checksum); the content itself is kept encrypted in the store's vault (`store/vault.rs`).
use super::validate::{Checked, Problem, fail, line, optional_line};
use super::{Kind, Parent, Record, choice, join};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

choice!(
    /// What a file is, by its name's extension. Only these may be attached.
    FileType {
        Jpeg = "jpeg",
        Png = "png",
        Heic = "heic",
        Pdf = "pdf",
        Docx = "docx",
        Xlsx = "xlsx",
    }
);

impl FileType {
    /// The type a file name's extension names, if it is one that may be attached.
    pub fn of_name(name: &str) -> Option<FileType> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => FileType::Jpeg,
            "png" => FileType::Png,
            "heic" | "heif" => FileType::Heic,
            "pdf" => FileType::Pdf,
            "docx" => FileType::Docx,
            "xlsx" => FileType::Xlsx,
            _ => return None,
        })
    }

    /// Whether the first bytes of a file are what a file of this type starts with.
    pub fn matches(self, head: &[u8]) -> bool {
        match self {
            FileType::Jpeg => head.starts_with(&[0xFF, 0xD8, 0xFF]),
            FileType::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileType::Heic => head.get(4..8) == Some(b"ftyp"),
            FileType::Pdf => head.starts_with(b"%PDF-"),
            // Office files are ZIP archives.
            FileType::Docx | FileType::Xlsx => head.starts_with(b"PK\x03\x04"),
        }
    }

    /// The MIME type, for the system's viewer and the save dialog.
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Heic => "image/heic",
            FileType::Pdf => "application/pdf",
            FileType::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The types this build can decode into a picture (HEIC needs a decoder it does not have:
    /// such photos are kept and opened as files).
    pub fn decodable(self) -> bool {
        matches!(self, FileType::Jpeg | FileType::Png)
    }

    /// The Chinese name, for the ledger workbook.
    pub fn zh(self) -> &'static str {
        match self {
            FileType::Jpeg | FileType::Png | FileType::Heic => "照片",
            FileType::Pdf => "PDF 文档",
            FileType::Docx => "Word 文档",
            FileType::Xlsx => "Excel 表格",
        }
    }
}

/// A photo's size as shown: its pixels, turned as its EXIF orientation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Photo {
    pub width: u32,
    pub height: u32,
}

/// A file attached to an employer, or to one of its visits, job postings, bases or
/// recruitment events (at most one of these; none means the employer itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Attachment {
    pub employer_id: Id,
    #[serde(default)]
    pub visit_id: Option<Id>,
    #[serde(default)]
    pub job_posting_id: Option<Id>,
    #[serde(default)]
    pub internship_base_id: Option<Id>,
    #[serde(default)]
    pub recruitment_event_id: Option<Id>,
    /// The file's name as it was attached, without its folder.
    pub name: String,
    pub file_type: FileType,
    /// Bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// BLAKE2b-256 of the content, in hex: what the vault keeps it under, and what proves it.
    pub checksum: String,
    /// Set when the content was decoded as a picture of its type; a file whose content does
    /// not match its extension is kept as a plain file.
    #[serde(default)]
    pub photo: Option<Photo>,
    #[serde(default)]
    pub caption: String,
    /// Chosen for the visit sheet and the briefing pack.
    #[serde(default)]
    pub in_documents: bool,
}

impl Record for Attachment {
    const KIND: Kind = Kind::Attachment;
    const PARENTS: &'static [Parent<Self>] = &[
        Parent { field: "attachment.employer_id", kind: Kind::Employer, id: |r| Some(&r.employer_id) },
        Parent { field: "attachment.visit_id", kind: Kind::Visit, id: |r| r.visit_id.as_ref() },
        Parent { field: "attachment.job_posting_id", kind: Kind::JobPosting, id: |r| r.job_posting_id.as_ref() },
        Parent {
            field: "attachment.internship_base_id",
            kind: Kind::InternshipBase,
            id: |r| r.internship_base_id.as_ref(),
        },
        Parent {
            field: "attachment.recruitment_event_id",
            kind: Kind::RecruitmentEvent,
            id: |r| r.recruitment_event_id.as_ref(),
        },
    ];
    fn validate(self) -> Checked<Self> {
        let name = line("attachment.name", &self.name)?;
        if name.contains(['/', '\\']) || name == "." || name == ".." {
            return fail("attachment.name", Problem::ForbiddenCharacter);
        }
        if FileType::of_name(&name) != Some(self.file_type) {
            return fail("attachment.file_type", Problem::InvalidState);
        }
        let targets = [&self.visit_id, &self.job_posting_id, &self.internship_base_id, &self.recruitment_event_id];
        if targets.iter().filter(|t| t.is_some()).count() > 1 {
            return fail("attachment.visit_id", Problem::InvalidState);
        }
        if self.checksum.len() != 64 || !self.checksum.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return fail("attachment.checksum", Problem::InvalidState);
        }
        if self.photo.is_some() && !self.file_type.decodable() {
            return fail("attachment.photo", Problem::InvalidState);
        }
        if self.in_documents && self.photo.is_none() {
            return fail("attachment.in_documents", Problem::InvalidState);
        }
        let caption = optional_line("attachment.caption", &self.caption)?;
        Ok(Attachment { name, caption, ..self })
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn search_text(&self) -> String {
        join(&[&self.name, &self.caption])
    }
}
