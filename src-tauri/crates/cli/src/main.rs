//! `visitdesk`: the command-line shell over visitdesk-core. It parses arguments, reads the
//! clock and the passphrase, calls the core, and prints text or JSON. No rules live here.
mod commands;
mod exchange;

use clap::Parser;
use commands::Failure;
use std::process::ExitCode;
use visitdesk_core::error::{Error, StoreError};

/// Freed memory is wiped, so passphrases and record text do not outlive their use
/// (tests/stories/memory.rs shows what is left without it).
#[global_allocator]
static WIPE_ON_FREE: zeroizing_alloc::ZeroAlloc<std::alloc::System> = zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> ExitCode {
    let cli = match commands::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap's --help and --version go to stdout and succeed; usage errors exit 2.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let json = cli.json;
    match commands::run(cli) {
        Ok(out) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&out.json).unwrap_or_default());
            } else if !out.text.is_empty() {
                println!("{}", out.text);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::json!({ "code": e.code(), "message": e.to_string() }));
            } else {
                eprintln!("visitdesk: {e}");
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

/// 0 ok, 1 failure, 2 usage, 3 wrong passphrase or locked.
fn exit_code(e: &Failure) -> u8 {
    match e {
        Failure::Usage(_) => 2,
        Failure::Core(Error::Store(
            StoreError::WrongSecret | StoreError::NoSuchSlot | StoreError::Throttled { .. },
        )) => 3,
        Failure::Core(_) | Failure::Io(_) | Failure::Duplicate(_) => 1,
    }
}
