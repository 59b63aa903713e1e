//! `visitdesk-bench`: measures the figures of issue 8 over a store and prints them as one JSON
//! object (also written to `--out`). `make bench` makes the store and runs this.
use chrono::{DateTime, Utc};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use visitdesk_bench::{Config, Report, Sizes, add_process, attach_peak, run};
use visitdesk_core::ids::Id;

#[derive(Parser)]
struct Args {
    /// The store to measure; it is not changed.
    #[arg(long)]
    store: PathBuf,
    /// Scratch folder for the store's copy and its plain-SQLite twin.
    #[arg(long)]
    scratch: PathBuf,
    /// Whose passphrase `VISITDESK_PASSPHRASE` is (the only person if not given).
    #[arg(long, value_parser = |t: &str| Id::parse(t).ok_or("not an id"))]
    person: Option<Id>,
    #[arg(long, env = "VISITDESK_PASSPHRASE", hide_env_values = true)]
    passphrase: String,
    /// The store's "now" (RFC 3339), as the demo data was made.
    #[arg(long)]
    now: DateTime<Utc>,
    /// Runs per timed figure.
    #[arg(long, default_value_t = 100)]
    runs: usize,
    /// A whole-process figure: NAME=FILE, FILE holding the output of `/usr/bin/time -v`.
    #[arg(long = "process", value_parser = pair::<PathBuf>)]
    processes: Vec<(String, PathBuf)>,
    /// A release binary whose size to report, in MB: NAME=FILE (issue 19: the app's ≤ 20 MB).
    #[arg(long = "binary", value_parser = pair::<PathBuf>)]
    binaries: Vec<(String, PathBuf)>,
    /// A fact about the run to keep with the figures: NAME=VALUE.
    #[arg(long = "note", value_parser = pair::<String>)]
    notes: Vec<(String, String)>,
    /// Also write the JSON here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only attach FILE to the store (a copy: it is changed) and print the peak memory that took
    /// above the process's memory just before, in MiB (`attach_peak`, run as a process of its own).
    #[arg(long)]
    attach_peak: Option<PathBuf>,
    /// The figure an `--attach-peak` run printed, to report with the rest (issue 18: ≤ 64 MiB).
    #[arg(long)]
    attach_peak_mib: Option<f64>,
}

fn pair<T: From<String>>(text: &str) -> Result<(String, T), String> {
    let (name, value) = text.split_once('=').ok_or("expected NAME=VALUE")?;
    Ok((name.to_string(), T::from(value.to_string())))
}

fn measure(args: &Args) -> Result<Report, Box<dyn std::error::Error>> {
    let mut report = run(&Config {
        store: &args.store,
        scratch: &args.scratch,
        person: args.person.as_ref(),
        passphrase: &args.passphrase,
        now: args.now,
        runs: args.runs,
        sizes: Sizes::ISSUES,
    })?;
    for (name, file) in &args.processes {
        add_process(&mut report, name, &std::fs::read_to_string(file)?)?;
    }
    if let Some(mib) = args.attach_peak_mib {
        report.add("attach_200mb_peak_over_idle_mib", mib, "MiB", Some(64.0));
    }
    for (name, file) in &args.binaries {
        let mb = std::fs::metadata(file)?.len() as f64 / 1e6;
        report.add(&format!("binary_{name}_mb"), mb, "MB", (name == "app").then_some(20.0));
    }
    for (name, value) in &args.notes {
        report.note(name, value.as_str());
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        report.note("load_average_after", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    }
    Ok(report)
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(file) = &args.attach_peak {
        return match attach_peak(&args.store, &args.passphrase, file, args.now) {
            Ok(mib) => {
                println!("{mib:.3}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("visitdesk-bench: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match measure(&args) {
        Ok(report) => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            println!("{json}");
            if let Some(out) = &args.out
                && let Err(e) = std::fs::write(out, format!("{json}\n"))
            {
                eprintln!("visitdesk-bench: {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("visitdesk-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
