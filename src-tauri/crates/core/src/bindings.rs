//! TypeScript bindings of every type that crosses IPC, generated from the Rust types with ts-rs
//! into `ui/src/lib/backend/bindings/` (one file per type, committed).
//!
//! `make bindings` rewrites them (`cargo run -p visitdesk-core --example bindings`); the test
//! below fails when a committed file is stale, missing or left over, so a change to a type
//! cannot reach the UI unnoticed.
use crate::error::{self, ErrorCode};
use crate::exchange::{ics, import, read};
use crate::model::*;
use crate::{calendar, dashboard, employers, ledger, report, search, session, settings, store, tasks, visits};
use std::path::Path;
use ts_rs::{Config, TS};

/// Where the bindings are committed, relative to the repository root.
pub const DIR: &str = "ui/src/lib/backend/bindings";

fn file<T: TS + ?Sized + 'static>(cfg: &Config) -> (String, String) {
    let name = T::output_path().expect("an exported type has a file").to_string_lossy().into_owned();
    let text = T::export_to_string(cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
    (name, text)
}

/// Every binding: (file name, contents), sorted by file name.
pub fn files() -> Vec<(String, String)> {
    // JSON numbers are numbers, whatever their width in Rust.
    let cfg = Config::new().with_large_int("number");
    macro_rules! files {
        ($($t:ty),+ $(,)?) => { vec![$(file::<$t>(&cfg)),+] };
    }
    let mut out = files![
        // errors
        error::ErrorCode,
        error::IpcError,
        // access
        crate::access::Access,
        crate::access::Right,
        crate::access::Rights,
        // model
        Kind,
        Role,
        Ownership,
        EmployerSize,
        Origin,
        VisitStatus,
        VisitMode,
        RecruitmentMode,
        Education,
        BaseStatus,
        PostingStage,
        Placement,
        EventKind,
        RecruitmentEvent,
        FileType,
        Photo,
        Attachment,
        crate::attachments::Target,
        crate::attachments::AttachmentSettings,
        crate::attachments::Attached,
        crate::attachments::Refused,
        crate::attachments::ListedAttachment,
        crate::attachments::AttachmentEdit,
        crate::attachments::Unreadable,
        Campaign,
        Person,
        Employer,
        Contact,
        Trip,
        Outcome,
        Visit,
        JobPosting,
        InternshipBase,
        DemandSurvey,
        TrackedGraduate,
        FollowupSurvey,
        Task,
        Note,
        OfficialDay,
        DayType,
        PairedSchool,
        SharedSource,
        SharedEmployer,
        SharedPosting,
        SharedEvent,
        SharedJob,
        JobShare,
        Frequency,
        OccurrenceChange,
        ContactPlan,
        FieldError,
        // store
        store::Audit,
        store::Stored<()>,
        store::TrashEntry,
        store::Rekeyed,
        store::backups::BackupInfo,
        store::backups::BackupKind,
        store::backups::StoreHealth,
        // ledger
        ledger::Period,
        ledger::Pace,
        ledger::LeaderFigures,
        ledger::Satisfaction,
        ledger::PostingStages,
        ledger::BaseStages,
        ledger::EventFigures,
        ledger::Figures,
        // areas
        search::Hit,
        employers::EmployerFilter,
        employers::DuplicateReason,
        employers::Duplicate,
        employers::EmployerDetail,
        employers::EmployerCheck,
        employers::Merged,
        visits::Completion,
        visits::VisitRow,
        visits::CaseChoice,
        visits::Listing,
        visits::Cases,
        visits::VisitDetail,
        calendar::Filter,
        calendar::TripSpan,
        calendar::Range,
        calendar::CalendarEvent,
        calendar::Hidden,
        calendar::workdays::Official,
        crate::exchange::ledger_book::Book,
        calendar::Warning,
        calendar::View,
        calendar::Preferences,
        calendar::plans::Occurrence,
        calendar::trips::TripDetail,
        calendar::trips::Stop,
        calendar::reminders::Reminder,
        calendar::reminders::Notice,
        tasks::TaskRow,
        crate::team::TeamStatus,
        crate::team::DeviceStatus,
        crate::team::Imported,
        crate::team::RefusedChange,
        crate::team::Conflict,
        crate::team::FolderPass,
        crate::team::FolderRead,
        crate::team::Refusal,
        crate::team::JoinForm,
        crate::team::Waiting,
        crate::team::direct::DirectStatus,
        crate::team::direct::DirectExchange,
        crate::team::direct::Reachable,
        crate::share::OwnPairing,
        crate::share::ShareFilter,
        crate::share::Sent,
        crate::share::ShareImported,
        crate::share::SharedJobRow,
        crate::share::PairRow,
        crate::history::HistoryEntry,
        crate::history::HistoryOp,
        dashboard::Dashboard,
        settings::Settings,
        session::SlotInfo,
        session::StoreStatus,
        session::NewStore,
        session::Session,
        session::PassphraseChanged,
        session::Created,
        session::AutoLock,
        session::About,
        // printable documents
        report::ReportRequest,
        report::ReportProgress,
        // the import wizard
        read::Encoding,
        read::Format,
        import::Field,
        import::ColumnChoice,
        import::Importing,
        import::ImportOptions,
        import::Column,
        import::Layout,
        import::MatchedBy,
        import::Action,
        import::IssueCode,
        import::Issue,
        import::RowOutcome,
        import::Counts,
        import::Preview,
        import::Committed,
        import::PickedFile,
        ics::CalendarRequest,
    ];
    out.push(error_codes());
    out.sort();
    out
}

/// `ERROR_CODES.ts`: every [`ErrorCode`] as a value. ts-rs writes the type only, and the UI's test
/// that every code has a text in each language needs the list.
fn error_codes() -> (String, String) {
    let codes: String = ErrorCode::ALL.iter().map(|c| format!("  \"{c}\",\n")).collect();
    let text = format!(
        "// This file was generated by visitdesk-core (bindings.rs). Do not edit this file manually.\n\
         import type {{ ErrorCode }} from \"./ErrorCode\";\n\n\
         /** Every error code, in the order of the Rust enum. */\n\
         export const ERROR_CODES: readonly ErrorCode[] = [\n{codes}];\n"
    );
    ("ERROR_CODES.ts".into(), text)
}

/// Replaces the `.ts` files in `dir` with the current bindings.
pub fn write(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ts") {
            std::fs::remove_file(path)?;
        }
    }
    for (name, text) in files() {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
    }

    #[test]
    fn the_committed_bindings_are_current() {
        let dir = repo().join(DIR);
        let committed: BTreeMap<String, String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ts"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        let generated: BTreeMap<String, String> = files().into_iter().collect();
        let mut problems = Vec::new();
        for (name, text) in &generated {
            match committed.get(name) {
                None => problems.push(format!("{name} is missing")),
                Some(old) if old != text => problems.push(format!("{name} is stale")),
                Some(_) => {}
            }
        }
        for name in committed.keys().filter(|n| !generated.contains_key(*n)) {
            problems.push(format!("{name} is left over from a type that is gone"));
        }
        assert!(problems.is_empty(), "{DIR}: {}; run `make bindings`", problems.join(", "));
    }

    #[test]
    fn every_import_is_generated_and_every_type_reexported() {
        let generated: BTreeMap<String, String> = files().into_iter().collect();
        for (name, text) in &generated {
            for line in text.lines().filter(|l| l.starts_with("import type")) {
                let from = line.rsplit(" from ").next().unwrap().trim_matches(['"', ';']);
                let file = format!("{}.ts", from.trim_start_matches("./"));
                assert!(generated.contains_key(&file), "{name} imports {from}, which is not generated");
            }
            assert!(!text.contains("bigint"), "{name}: a number became a bigint");
        }
        // The UI imports every type from one barrel, written by hand: one line per type (and
        // one for the list of error codes, a value).
        let barrel = std::fs::read_to_string(repo().join("ui/src/lib/backend/types.ts")).unwrap();
        for name in generated.keys() {
            let ty = name.trim_end_matches(".ts");
            let export = if ty == "ERROR_CODES" { "export" } else { "export type" };
            let line = format!("{export} {{ {ty} }} from './bindings/{ty}';");
            assert!(barrel.lines().any(|l| l == line), "types.ts lacks `{line}`");
        }
    }
}
