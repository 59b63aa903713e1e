//! Direct sync in the app (issue 20): while the store is unlocked, a member of a team, and the
//! switch is on (the default), this laptop's node listens, announces itself on the local
//! network, and every few seconds exchanges bundles with the members it finds there (the one
//! whose key sorts first dials). Locked, switched off or no team: there is no node, and
//! nothing listens. An exchange that brought records is told to the UI (`watch_direct`).
use crate::error::IpcError;
use crate::state::{AppState, Shared};
use chrono::Utc;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use visitdesk_core::error::Result as CoreResult;
use visitdesk_core::ids::Id;
use visitdesk_core::team::direct::{self, DirectExchange, DirectStatus, Peer, Reachable};
use visitdesk_core::team::{self, Imported};
use visitdesk_net::{Exchanged, Ledger, Node, Options};

/// How often the node's state and the local network are looked at.
const TICK: Duration = Duration::from_secs(5);
/// How long after an exchange with a member found nearby the next one is due.
const AGAIN_AFTER: Duration = Duration::from_secs(30);
/// The exchanges kept for the team page.
const KEPT: usize = 20;

/// The node of the store unlocked now, and what it did.
#[derive(Default)]
pub struct Direct {
    running: Mutex<Option<Running>>,
    exchanges: Mutex<Vec<DirectExchange>>,
    /// Told of each exchange that brought something (the UI's channel).
    listener: Mutex<Option<Listener>>,
}

type Listener = Box<dyn Fn(&DirectExchange) + Send>;

struct Running {
    device: Id,
    node: Arc<Node>,
    answered: broadcast::Receiver<Result<Exchanged, String>>,
    last: HashMap<Id, Instant>,
}

/// The store as the node asks it: the app's unlocked store, `store.locked` when there is none.
struct AppLedger(Shared);

impl Ledger for AppLedger {
    fn peers(&self) -> CoreResult<Vec<Peer>> {
        self.0.core(|s| direct::peers(s.conn()))
    }

    fn changes_for(&self, peer: &Id) -> CoreResult<Vec<u8>> {
        self.0.core(|s| direct::export_for(s, peer, Utc::now()))
    }

    fn files(&self) -> CoreResult<Option<Vec<u8>>> {
        self.0.core(|s| team::export_files(s, Utc::now()))
    }

    fn apply(&self, bundle: &[u8]) -> CoreResult<Imported> {
        self.0.core(|s| team::import(s, bundle, Utc::now()))
    }
}

impl Direct {
    fn node(&self) -> Option<Arc<Node>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(|r| r.node.clone())
    }

    /// Stops the node, if any: nothing listens any more.
    pub fn stop(&self) {
        if let Some(running) = self.running.lock().unwrap_or_else(PoisonError::into_inner).take() {
            tauri::async_runtime::spawn(async move { running.node.close().await });
        }
    }

    /// Who to tell of the exchanges that bring something (replacing the one told before).
    pub fn on_exchange(&self, tell: impl Fn(&DirectExchange) + Send + 'static) {
        *self.listener.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(tell));
    }

    /// Keeps an exchange for the team page, and tells the UI when it brought something.
    fn note(&self, exchange: DirectExchange) {
        if (exchange.records > 0 || exchange.files > 0)
            && let Some(tell) = self.listener.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
        {
            tell(&exchange);
        }
        let mut list = self.exchanges.lock().unwrap_or_else(PoisonError::into_inner);
        list.insert(0, exchange);
        list.truncate(KEPT);
    }
}

/// Starts the loop that keeps the node in step with the store and the switch; it runs as long
/// as the app.
pub fn start(state: Shared) {
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(TICK);
        loop {
            tick.tick().await;
            keep(&state).await;
            exchange_nearby(&state).await;
        }
    });
}

/// The device whose node should run now: unlocked, a member, the switch on.
fn wanted(state: &AppState) -> Option<direct::Identity> {
    state
        .core(|s| if direct::is_on(s.conn())? { direct::identity(s.conn()).map(Some) } else { Ok(None) })
        .ok()
        .flatten()
}

/// Starts the node when it should run and does not, stops it when it should not.
async fn keep(state: &Shared) {
    let want = wanted(state);
    let running =
        state.direct.running.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(|r| r.device.clone());
    if running.is_some() && running.as_ref() != want.as_ref().map(|w| &w.device_id) {
        state.direct.stop();
    }
    let Some(identity) = want else { return };
    if running.as_ref() == Some(&identity.device_id) {
        return;
    }
    let ledger: Arc<dyn Ledger> = Arc::new(AppLedger(state.clone()));
    match Node::start(&identity, ledger, Options { bind: None, mdns: true }).await {
        Ok(node) => {
            let answered = node.answered();
            *state.direct.running.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(Running { device: identity.device_id, node: Arc::new(node), answered, last: HashMap::new() });
        }
        Err(e) => eprintln!("visitdesk: direct sync could not start: {e}"),
    }
}

/// Notes the exchanges the node answered, and dials the members found nearby that are due.
async fn exchange_nearby(state: &Shared) {
    let Some(node) = state.direct.node() else { return };
    let mut answered = Vec::new();
    if let Some(running) = state.direct.running.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
        while let Ok(outcome) = running.answered.try_recv() {
            if let Ok(done) = &outcome {
                running.last.insert(done.peer.clone(), Instant::now());
            }
            answered.push(outcome);
        }
    }
    for outcome in answered {
        tell(state, outcome.map_err(|_| visitdesk_core::error::ErrorCode::TeamInterrupted), None);
    }
    let Ok(nearby) = node.nearby().await else { return };
    for found in nearby {
        let due = {
            let mut slot = state.direct.running.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(running) = slot.as_mut() else { return };
            let due = running.last.get(&found.peer.device_id).is_none_or(|t| t.elapsed() >= AGAIN_AFTER);
            if due && node.dials(&found.peer) {
                running.last.insert(found.peer.device_id.clone(), Instant::now());
                true
            } else {
                false
            }
        };
        if due {
            let outcome = node.sync_nearby(&found.peer).await.map_err(|e| e.code());
            tell(state, outcome, Some(&found.peer.device_id));
        }
    }
}

/// Notes an exchange (or its failure) for the team page.
fn tell(state: &AppState, outcome: Result<Exchanged, visitdesk_core::error::ErrorCode>, peer: Option<&Id>) {
    let at = Utc::now();
    state.direct.note(match outcome {
        Ok(done) => DirectExchange {
            device_id: Some(done.peer),
            records: done.imported.records,
            files: done.imported.files,
            sent_bytes: done.sent,
            received_bytes: done.received,
            at,
            error: None,
        },
        Err(code) => DirectExchange {
            device_id: peer.cloned(),
            records: 0,
            files: 0,
            sent_bytes: 0,
            received_bytes: 0,
            at,
            error: Some(code),
        },
    });
}

/// Direct sync as the team page shows it.
pub async fn status(state: &Shared) -> Result<DirectStatus, IpcError> {
    let on = state.read(|s| direct::is_on(s.conn()))?;
    let node = state.direct.node();
    let reachable = match &node {
        Some(node) => node
            .nearby()
            .await?
            .into_iter()
            .map(|n| Reachable {
                device_id: n.peer.device_id,
                name: n.peer.name,
                person_id: n.peer.person_id,
                addrs: n.addrs.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(DirectStatus {
        on,
        listening: node.is_some(),
        ticket: node.as_ref().map(|n| n.ticket()),
        reachable,
        exchanges: state.direct.exchanges.lock().unwrap_or_else(PoisonError::into_inner).clone(),
    })
}

/// Turns the switch; the node starts or stops at once rather than on the next tick.
pub async fn switch(state: &Shared, on: bool) -> Result<DirectStatus, IpcError> {
    state.write(Utc::now(), |tx| direct::switch(tx, on))?;
    keep(state).await;
    status(state).await
}

/// One exchange with the laptop of `ticket` (where multicast is blocked).
pub async fn sync_ticket(state: &Shared, ticket: &str) -> Result<DirectStatus, IpcError> {
    keep(state).await;
    let node = state
        .direct
        .node()
        .ok_or_else(|| visitdesk_core::error::Error::from(visitdesk_core::team::TeamError::DirectOff))?;
    match node.sync_ticket(ticket).await {
        Ok(done) => tell(state, Ok(done), None),
        Err(e) => {
            tell(state, Err(e.code()), None);
            return Err(e.into());
        }
    }
    status(state).await
}
