//! `visitdesk`: the command-line shell over visitdesk-core. It parses arguments, reads the
//! clock and the passphrase, calls the same core functions as the app, and prints text or
//! JSON. No rules live here.
mod args;
mod commands;
mod env;
mod output;

use clap::Parser;
use std::process::ExitCode;

/// Freed memory is wiped, so passphrases and record text do not outlive their use
/// (tests/stories/memory.rs shows what is left without it).
#[global_allocator]
static WIPE_ON_FREE: zeroizing_alloc::ZeroAlloc<std::alloc::System> = zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap's --help and --version go to stdout and succeed; usage errors exit 2.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let json = cli.json;
    // Reports find the font the package installed beside the program.
    if let Ok(program) = std::env::current_exe() {
        visitdesk_core::report::font::program_at(program);
    }
    match commands::run(cli) {
        Ok(out) => {
            out.print(json);
            ExitCode::SUCCESS
        }
        Err(e) => {
            e.print(json);
            ExitCode::from(e.exit_code())
        }
    }
}
