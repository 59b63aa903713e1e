//! Attachments (附件): files attached to a visit, an employer, a job posting, a base or a
//! recruitment event, kept encrypted in the store's vault (`visitdesk_core::attachments`).
use crate::args::parse_id;
use crate::env::Env;
use crate::output::{Failure, Output, Result, lines, output};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use visitdesk_core::attachments::{self, Target};
use visitdesk_core::ids::Id;
use visitdesk_core::model::Kind;

#[derive(Debug, Subcommand)]
pub enum AttachmentCmd {
    /// Attach files: photos (JPEG, PNG, HEIC), PDF, DOCX, XLSX.
    Add {
        #[command(flatten)]
        to: To,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The attachments of a record (an employer's: all of its own and of its records').
    List {
        #[command(flatten)]
        to: To,
    },
    /// Write an attachment's content to a file (a photo without its EXIF, unless the settings
    /// keep it).
    Export {
        #[arg(value_parser = parse_id)]
        id: Id,
        #[arg(long)]
        out: PathBuf,
    },
    /// Move an attachment to the trash (`visitdesk undo` brings it back).
    Remove {
        #[arg(value_parser = parse_id)]
        id: Id,
    },
}

/// The record the files are attached to: exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct To {
    #[arg(long, value_parser = parse_id)]
    visit: Option<Id>,
    #[arg(long, value_parser = parse_id)]
    employer: Option<Id>,
    #[arg(long, value_parser = parse_id)]
    posting: Option<Id>,
    #[arg(long, value_parser = parse_id)]
    base: Option<Id>,
    #[arg(long, value_parser = parse_id)]
    event: Option<Id>,
}

impl To {
    fn target(self) -> Result<Target> {
        let found = [
            (Kind::Visit, self.visit),
            (Kind::Employer, self.employer),
            (Kind::JobPosting, self.posting),
            (Kind::InternshipBase, self.base),
            (Kind::RecruitmentEvent, self.event),
        ]
        .into_iter()
        .find_map(|(kind, id)| Some(Target { kind, id: id? }));
        found.ok_or_else(|| Failure::Usage("name the record: --visit, --employer, --posting, --base or --event".into()))
    }
}

pub fn run(env: &Env, cmd: AttachmentCmd) -> Result<Output> {
    let mut store = env.unlock()?;
    match cmd {
        AttachmentCmd::Add { to, files } => {
            let attached = attachments::attach(&mut store, &to.target()?, &files, env.now)?;
            // One file refused is the command's failure, with its code; the others are attached.
            if let (Some(first), true) = (attached.refused.first(), attached.added.is_empty()) {
                return Err(Failure::Refused(first.code.as_str().into(), first.message.clone()));
            }
            let mut text = lines(&attached.added, |a| {
                let photo = a.data.photo.map(|p| format!("\t{}×{}", p.width, p.height)).unwrap_or_default();
                format!("{}\t{}\t{} bytes{photo}", a.id, a.data.name, a.data.size)
            });
            for r in &attached.refused {
                text.push_str(&format!("\nrefused {}: {} ({})", r.name, r.message, r.code));
            }
            if attached.over_quota {
                text.push_str(&format!("\nwarning: attachments now take {} MB, past the quota", attached.total_mb));
            }
            output(text, attached)
        }
        AttachmentCmd::List { to } => {
            let listed = attachments::list(store.conn(), &store.vault(), &to.target()?)?;
            let text = lines(&listed, |l| {
                let a = &l.attachment;
                let here = if l.here { "" } else { "\t(content not on this laptop yet)" };
                format!(
                    "{}\t{}\t{}\t{} bytes\t{}{here}",
                    a.id,
                    a.data.file_type.as_str(),
                    a.data.name,
                    a.data.size,
                    a.audit.created_at
                )
            });
            output(text, listed)
        }
        AttachmentCmd::Export { id, out } => {
            let a = attachments::export(store.conn(), &store.vault(), &id, &out)?;
            output(format!("{} written to {}", a.data.name, out.display()), serde_json::json!({ "out": out }))
        }
        AttachmentCmd::Remove { id } => super::trash::delete_in(env, &mut store, Kind::Attachment, &id),
    }
}
