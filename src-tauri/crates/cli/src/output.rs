//! What a command gives back: text for people and JSON for scripts, or a typed failure with
//! the same `{code, message}` shape as the app's.
use serde::Serialize;
use serde_json::Value;
use visitdesk_core::error::{Error, StoreError};
use visitdesk_core::model::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("{0}")]
    Usage(String),
    #[error("likely the same employer as {0}; add --force to save it anyway")]
    Duplicate(String),
    /// No passphrase in the environment and no terminal to type it in.
    #[error("no passphrase: set {0}, or run visitdesk in a terminal to type it")]
    NoPassphrase(&'static str),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// What the core listed as refused or unreadable (every file of an `attachment add`, the
    /// attachments `check` cannot read): a code, and why.
    #[error("{1}")]
    Refused(String, String),
}

impl Failure {
    pub fn code(&self) -> String {
        match self {
            Failure::Core(e) => e.code().to_string(),
            Failure::Usage(_) => "usage".into(),
            Failure::Duplicate(_) => "validation.duplicate".into(),
            Failure::NoPassphrase(_) => "no_passphrase".into(),
            Failure::Io(_) => "io".into(),
            Failure::Refused(code, _) => code.clone(),
        }
    }

    /// 0 ok, 1 failure, 2 usage, 3 a wrong or missing passphrase, or the store locked.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::NoPassphrase(_)
            | Failure::Core(Error::Store(
                StoreError::WrongSecret | StoreError::NoSuchSlot | StoreError::Throttled { .. },
            )) => 3,
            Failure::Core(_) | Failure::Io(_) | Failure::Duplicate(_) | Failure::Refused(..) => 1,
        }
    }

    /// Prints the failure on standard error, as JSON or as a line of text.
    pub fn print(&self, json: bool) {
        if json {
            eprintln!("{}", serde_json::json!({ "code": self.code(), "message": self.to_string() }));
        } else {
            eprintln!("visitdesk: {self}");
        }
    }
}

impl From<ValidationError> for Failure {
    fn from(e: ValidationError) -> Failure {
        Failure::Core(e.into())
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

/// What a command prints: text for people, JSON for scripts.
pub struct Output {
    pub text: String,
    pub json: Value,
}

impl Output {
    /// Prints the output on standard output, as JSON or as text (nothing for empty text). A
    /// reader that stops early (`visitdesk employer list | head -1`) is no failure: what it did
    /// not read is dropped, where `println!` would panic on the closed pipe.
    pub fn print(&self, json: bool) {
        use std::io::Write;
        let text = if json { serde_json::to_string_pretty(&self.json).unwrap_or_default() } else { self.text.clone() };
        if !text.is_empty() {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }
}

pub fn output(text: impl Into<String>, json: impl Serialize) -> Result<Output> {
    Ok(Output { text: text.into(), json: serde_json::to_value(json).map_err(|e| Failure::Usage(e.to_string()))? })
}

/// Lines of tab-separated fields, one per item: the text of a list.
pub fn lines<T>(items: &[T], line: impl Fn(&T) -> String) -> String {
    items.iter().map(line).collect::<Vec<_>>().join("\n")
}
