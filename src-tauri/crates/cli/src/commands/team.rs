//! The team (issue 16): make one, join one with a request and a welcome, exchange bundles,
//! and see the devices and the conflicts. Each is one call of `visitdesk_core::team`.
use crate::args::parse_choice;
use crate::env::{Env, PASSPHRASE_VAR, kdf, new_passphrase};
use crate::output::{Failure, Output, Result, lines, output};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use visitdesk_core::access::Access;
use visitdesk_core::ids::Id;
use visitdesk_core::model::{Person, Role};
use visitdesk_core::team;

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Make this store a team's ("创建团队"), with this laptop as its first device (an admin's).
    Create {
        /// What the team calls this laptop; by default "<your name>的笔记本".
        #[arg(long)]
        device_name: Option<String>,
    },
    /// On a new laptop, with no store yet: make one that waits to join, and write the request
    /// to hand to an admin. Prints the fingerprint to compare aloud. The passphrase is this
    /// laptop's own (VISITDESK_PASSPHRASE, or typed twice).
    JoinRequest {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_choice::<Role>, default_value = "staff")]
        role: Role,
        /// What the team calls this laptop; by default "<name>的笔记本".
        #[arg(long)]
        device_name: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Accept a join request (an admin's), once its fingerprint matches the one the newcomer
    /// reads out; writes the welcome for them.
    Accept {
        request: PathBuf,
        /// The fingerprint as the newcomer reads it (spaces optional).
        #[arg(long)]
        fingerprint: String,
        #[arg(long, value_parser = parse_choice::<Access>, default_value = "assistant")]
        access: Access,
        #[arg(long)]
        out: PathBuf,
    },
    /// Open the team's welcome in the store made by `join-request`.
    Join { welcome: PathBuf },
    /// Remove a member (a person's id or name: all their devices) or one device (its id), an
    /// admin's: later bundles are not encrypted to them, and what they sign from now on is
    /// refused. They keep what they already had.
    Remove { who: String },
    /// The team's devices, as this laptop knows them, when it last exchanged changes and how
    /// many of its changes no other member has yet.
    Status,
    /// Point this laptop at the team's shared folder, which the app passes over on its own
    /// when idle (as its team page does); `--forget` stops that.
    Folder {
        #[arg(required_unless_present = "forget")]
        dir: Option<PathBuf>,
        #[arg(long, conflicts_with = "dir")]
        forget: bool,
    },
}

/// Changes between the team's laptops: bundles by file, or through a shared folder.
#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Write what the other members have not confirmed yet, to carry (USB stick, e-mail).
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the attachments' content the other members said they lack, to carry after the
    /// records (nothing is written when nobody lacks anything this laptop has).
    Files {
        #[arg(long)]
        out: PathBuf,
    },
    /// Apply a bundle from another member (changes or files).
    Import { bundle: PathBuf },
    /// One pass over the team's shared folder: write this laptop's bundle there, apply the others'.
    Folder { dir: PathBuf },
    /// Print this laptop's ticket and serve the team's other laptops on the network until
    /// stopped: those that dial in, and those found on the local network (mDNS).
    Listen {
        /// The address to listen on; every interface by default (127.0.0.1:0: this machine only).
        #[arg(long)]
        bind: Option<std::net::SocketAddr>,
        /// Do not announce this laptop or look for the others on the local network.
        #[arg(long)]
        no_mdns: bool,
        /// Stop after the first exchange.
        #[arg(long)]
        once: bool,
        /// Seconds between two exchanges with the same laptop found on the network.
        #[arg(long, default_value_t = 30)]
        every: u64,
    },
    /// Sync once with the laptop whose ticket is TICKET (its `sync listen`, or its team page),
    /// and exit.
    Peer { ticket: String },
    /// Turn direct sync on the network on or off on this laptop (on by default).
    Direct {
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
}

/// Fields edited on two laptops at once (修改冲突).
#[derive(Debug, Subcommand)]
pub enum ConflictCmd {
    /// The conflicts: the value every laptop shows first, then the others.
    List,
    /// Settle one: the record's field takes VALUE (JSON, e.g. '"谈招聘"'), here and, once the
    /// change reaches them, on the other laptops. For `deleted_at` (edited on one laptop,
    /// deleted on another), null restores the record and its time keeps it deleted.
    Resolve {
        record: String,
        field: String,
        #[arg(long)]
        value: String,
    },
}

/// A laptop's name by default, after its person: the team's lists name every member's laptop,
/// so "本机" (this laptop) would name none of them.
fn laptop_of(person: &str) -> String {
    format!("{}的笔记本", person.trim())
}

pub fn run(env: &Env, cmd: TeamCmd) -> Result<Output> {
    match cmd {
        TeamCmd::Create { device_name } => {
            let mut store = env.unlock()?;
            let me = visitdesk_core::store::records::get::<Person>(store.conn(), store.actor())?.data.name;
            let team_id = team::create(&mut store, &device_name.unwrap_or_else(|| laptop_of(&me)), env.now)?;
            output(format!("team\t{team_id}"), team_id)
        }
        TeamCmd::JoinRequest { name, role, device_name, out } => {
            let secret = new_passphrase(PASSPHRASE_VAR)?;
            let device_name = device_name.unwrap_or_else(|| laptop_of(&name));
            let (created, request) =
                team::join_request(&env.store_dir, &name, role, &device_name, &secret, kdf(), env.now)?;
            std::fs::write(&out, request.to_bytes()?)?;
            let fingerprint = request.fingerprint();
            let key = created.recovery_key.to_string();
            output(
                format!(
                    "Fingerprint / 指纹 (read it to the admin): {fingerprint}\nRecovery key of this laptop's store (shown once): {key}"
                ),
                json!({ "fingerprint": fingerprint, "recovery_key": key, "request": out }),
            )
        }
        TeamCmd::Accept { request, fingerprint, access, out } => {
            let bytes = team::read_file(&request)?;
            let mut store = env.unlock()?;
            let (request, welcome) = team::accept_checked(&mut store, &bytes, &fingerprint, access, env.now)?;
            std::fs::write(&out, welcome)?;
            output(
                format!("accepted\t{}\t{}", request.person_id, request.name),
                json!({ "person_id": request.person_id, "welcome": out }),
            )
        }
        TeamCmd::Join { welcome } => {
            let mut store = env.unlock_pending()?;
            let records = team::join(&mut store, &team::read_file(&welcome)?, env.now)?;
            output(format!("joined\t{records} records"), json!({ "records": records }))
        }
        TeamCmd::Remove { who } => {
            let mut store = env.unlock()?;
            let removed = match Id::parse(&who) {
                Some(id) if team::status(store.conn())?.is_some_and(|t| t.devices.iter().any(|d| d.id == id)) => {
                    store.write(env.now, |tx| team::remove_device(tx, &id))?;
                    vec![id]
                }
                _ => {
                    let person = crate::commands::people::find(&store, &who)?;
                    store.write(env.now, |tx| team::remove_member(tx, &person))?
                }
            };
            output(lines(&removed, |d| format!("removed\t{d}")), removed)
        }
        TeamCmd::Status => {
            let store = env.unlock()?;
            let status = team::status(store.conn())?;
            let text = match &status {
                None => "not a team".to_string(),
                Some(s) => {
                    let devices = lines(&s.devices, |d| {
                        let state = if d.removed { "removed" } else { "member" };
                        format!("{}\t{}\t{state}\t{}", d.id, d.name, d.last_heard.as_deref().unwrap_or("-"))
                    });
                    let last = s.last_exchange.as_deref().unwrap_or("-");
                    format!("{devices}\nlast exchange\t{last}\tunsent\t{}\tconflicts\t{}", s.unsent, s.conflicts)
                }
            };
            output(text, status)
        }
        TeamCmd::Folder { dir, .. } => {
            let mut store = env.unlock()?;
            store.write(env.now, |tx| team::set_folder(tx, dir.as_deref()))?;
            let shown = dir.as_ref().map(|d| d.display().to_string());
            output(format!("folder\t{}", shown.as_deref().unwrap_or("-")), json!({ "folder": shown }))
        }
    }
}

pub fn sync(env: &Env, cmd: SyncCmd) -> Result<Output> {
    match cmd {
        SyncCmd::Export { out } => {
            let mut store = env.unlock()?;
            let bundle = team::export(&mut store, env.now)?;
            std::fs::write(&out, &bundle)?;
            output(
                format!("wrote\t{}\t{} bytes", out.display(), bundle.len()),
                json!({ "out": out, "bytes": bundle.len() }),
            )
        }
        SyncCmd::Files { out } => {
            let mut store = env.unlock()?;
            match team::export_files(&mut store, env.now)? {
                Some(bundle) => {
                    std::fs::write(&out, &bundle)?;
                    output(
                        format!("wrote\t{}\t{} bytes", out.display(), bundle.len()),
                        json!({ "out": out, "bytes": bundle.len() }),
                    )
                }
                None => output("no member lacks an attachment this laptop has", json!({ "out": null, "bytes": 0 })),
            }
        }
        SyncCmd::Import { bundle } => {
            let mut store = env.unlock()?;
            let imported = team::import(&mut store, &team::read_file(&bundle)?, env.now)?;
            let text = format!(
                "applied\t{} records\trefused\t{}\tattachments\t{}",
                imported.records,
                imported.refused.len(),
                imported.files
            );
            output(text, imported)
        }
        SyncCmd::Listen { bind, no_mdns, once, every } => {
            let options = visitdesk_net::Options { bind, mdns: !no_mdns };
            // Each exchange was printed as it ended.
            let done = direct(env, options, |node| listen(node, once, every))?;
            output("", exchanges(&done))
        }
        SyncCmd::Peer { ticket } => {
            // A dialing socket of its own, on loopback only when the ticket is for loopback.
            let addr = visitdesk_net::parse_ticket(&ticket)?;
            let local = addr.ip_addrs().all(|a| a.ip().is_loopback());
            let bind = local.then(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
            let options = visitdesk_net::Options { bind, mdns: false };
            let done = direct(env, options, |node| async move {
                let done = node.sync_ticket(&ticket).await?;
                node.close().await;
                Ok(vec![done])
            })?;
            let text = lines(&done, |d| {
                format!(
                    "synced\t{}\tapplied {} records\tsent {} bytes\treceived {} bytes",
                    d.peer, d.imported.records, d.sent, d.received
                )
            });
            output(text, exchanges(&done))
        }
        SyncCmd::Direct { state } => {
            let mut store = env.unlock()?;
            store.write(env.now, |tx| team::direct::switch(tx, state == "on"))?;
            output(format!("direct sync {state}"), json!({ "direct": state == "on" }))
        }
        SyncCmd::Folder { dir } => {
            let mut store = env.unlock()?;
            let pass = team::sync_folder(&mut store, &dir, env.now)?;
            let text = lines(&pass.read, |r| match (&r.imported, r.error) {
                (Some(i), _) => format!("{}\tapplied {} records", r.file, i.records),
                (None, Some(code)) => format!("{}\trefused\t{code}", r.file),
                (None, None) => r.file.clone(),
            });
            output(format!("wrote {} bytes\n{text}", pass.wrote_bytes), pass)
        }
    }
}

/// Runs `work` on this laptop's node (direct sync on, a member of a team), with the store
/// behind it; the exchanges it made.
fn direct<F: Future<Output = visitdesk_core::error::Result<Vec<visitdesk_net::Exchanged>>>>(
    env: &Env,
    options: visitdesk_net::Options,
    work: impl FnOnce(visitdesk_net::Node) -> F,
) -> Result<Vec<visitdesk_net::Exchanged>> {
    let store = env.unlock()?;
    if !team::direct::is_on(store.conn())? {
        return Err(visitdesk_core::error::Error::from(visitdesk_core::team::TeamError::DirectOff).into());
    }
    let identity = team::direct::identity(store.conn())?;
    // The store's clock is the machine's: a listener serves for hours.
    let ledger = visitdesk_net::OwnStore::new(store, chrono::Utc::now);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    Ok(runtime.block_on(async {
        let node = visitdesk_net::Node::start(&identity, ledger.clone(), options).await?;
        work(node).await
    })?)
}

fn exchanges(done: &[visitdesk_net::Exchanged]) -> Vec<serde_json::Value> {
    done.iter()
        .map(|d| json!({ "peer": d.peer, "dialed": d.dialed, "sent": d.sent, "received": d.received, "imported": d.imported }))
        .collect()
}

/// Prints the ticket, then answers and dials until stopped (or, `once`, the first exchange).
async fn listen(
    node: visitdesk_net::Node,
    once: bool,
    every: u64,
) -> visitdesk_core::error::Result<Vec<visitdesk_net::Exchanged>> {
    use std::io::Write;
    println!("ticket\t{}", node.ticket());
    for addr in node.bound() {
        println!("listening\t{addr}");
    }
    let _ = std::io::stdout().flush();
    let mut answered = node.answered();
    let mut last: std::collections::HashMap<Id, std::time::Instant> = Default::default();
    let mut done = Vec::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        let outcome = tokio::select! {
            served = answered.recv() => match served {
                Ok(outcome) => Some(outcome.map_err(|e| e.to_string())),
                Err(_) => None,
            },
            _ = tick.tick() => {
                let mut outcome = None;
                for found in node.nearby().await? {
                    let due = last.get(&found.peer.device_id).is_none_or(|t| t.elapsed().as_secs() >= every);
                    if due && node.dials(&found.peer) {
                        last.insert(found.peer.device_id.clone(), std::time::Instant::now());
                        outcome = Some(node.sync_nearby(&found.peer).await.map_err(|e| e.to_string()));
                        break;
                    }
                }
                outcome
            }
        };
        match outcome {
            Some(Ok(exchanged)) => {
                last.insert(exchanged.peer.clone(), std::time::Instant::now());
                println!("synced\t{}\tapplied {} records", exchanged.peer, exchanged.imported.records);
                let _ = std::io::stdout().flush();
                done.push(exchanged);
                if once {
                    break;
                }
            }
            Some(Err(why)) => eprintln!("visitdesk: {why}"),
            None => {}
        }
    }
    node.close().await;
    Ok(done)
}

pub fn conflict(env: &Env, cmd: ConflictCmd) -> Result<Output> {
    match cmd {
        ConflictCmd::Resolve { record, field, value } => {
            let id = Id::parse(&record).ok_or_else(|| Failure::Usage(format!("not a record id: {record}")))?;
            let value: serde_json::Value =
                serde_json::from_str(&value).map_err(|e| Failure::Usage(format!("--value is not JSON: {e}")))?;
            let mut store = env.unlock()?;
            store.write(env.now, |tx| team::resolve(tx, &id, &field, value))?;
            output(format!("resolved\t{id}\t{field}"), json!({ "record": id, "field": field }))
        }
        ConflictCmd::List => {
            let store = env.unlock()?;
            let conflicts = team::conflicts(store.conn())?;
            let text = lines(&conflicts, |c| {
                let values: Vec<String> = c.values.iter().map(|v| v.to_string()).collect();
                format!("{}\t{}\t{}\t{}", c.kind.as_str(), c.record_id, c.field, values.join(" | "))
            });
            output(text, conflicts)
        }
    }
}
