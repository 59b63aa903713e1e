//! Direct sync (issue 20): the team's bundles carried between laptops on the campus network.
//!
//! The transport is iroh (QUIC), with its relays and every public discovery service off: a
//! laptop finds the others on its own network by mDNS, or dials the ticket a peer shows
//! where multicast is blocked. A laptop's iroh identity is its team device's Ed25519 key, so
//! TLS authenticates the device; the handshake hook then refuses every device that is not a
//! current member of the team before a byte of a bundle moves.
//!
//! What moves is what the file path moves: the changes bundle for that peer, then the
//! attachments' content it asked for, each checked and applied by the core's `team::import`
//! once it has arrived whole. A connection lost midway applies nothing of the bundle it was
//! carrying.
//!
//! The store stays with the shell: the node asks it through [`Ledger`], on a blocking
//! thread, so the same code serves the CLI (a store of its own) and the app (its unlocked
//! store).
use base64::Engine;
use chrono::{DateTime, Utc};
use iroh::endpoint::{
    AfterHandshakeOutcome, Connection, ConnectionError, EndpointHooks, RecvStream, SendStream, VarInt,
};
use iroh::{Endpoint, EndpointAddr, EndpointId, RelayMode, SecretKey};
use iroh_mdns_address_lookup::{DiscoveryEvent, MdnsAddressLookup};
use n0_future::StreamExt;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use visitdesk_core::error::{Error, Result};
use visitdesk_core::ids::Id;
use visitdesk_core::store::Store;
use visitdesk_core::team::direct::{self, Identity, Peer};
use visitdesk_core::team::{self, Imported, TeamError, wire};

/// The protocol a connection speaks; a peer that speaks another is refused by QUIC itself.
pub const ALPN: &[u8] = b"visitdesk/sync/1";
/// The mDNS service the laptops announce themselves under, apart from other iroh programs.
const SERVICE: &str = "visitdesk-sync";
/// The close code of a connection refused at the handshake: the device is not a member.
const REFUSED: u32 = 403;
/// What a ticket starts with.
const TICKET_PREFIX: &str = "vdsync1";
/// How long a dial may take before the peer counts as unreachable.
const DIAL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one exchange may take, bundles included.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(300);

/// What the node asks of the store. Each call may block (it reads or writes the store); the
/// node makes it on a blocking thread.
pub trait Ledger: Send + Sync + 'static {
    /// The team's live devices other than this one (`team::direct::peers`).
    fn peers(&self) -> Result<Vec<Peer>>;
    /// The changes bundle for `peer` (`team::direct::export_for`).
    fn changes_for(&self, peer: &Id) -> Result<Vec<u8>>;
    /// The attachments' content the others lack (`team::export_files`).
    fn files(&self) -> Result<Option<Vec<u8>>>;
    /// Applies a bundle (`team::import`).
    fn apply(&self, bundle: &[u8]) -> Result<Imported>;
}

/// A store of its own behind a lock, with the clock the shell gives it: the CLI's, the
/// bench's and the tests'. (The app answers from its unlocked store instead.)
pub struct OwnStore {
    store: Mutex<Store>,
    now: Box<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl OwnStore {
    pub fn new(store: Store, now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Arc<OwnStore> {
        Arc::new(OwnStore { store: Mutex::new(store), now: Box::new(now) })
    }

    /// Runs `f` on the store, between exchanges.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Ledger for OwnStore {
    fn peers(&self) -> Result<Vec<Peer>> {
        self.with(|s| direct::peers(s.conn()))
    }

    fn changes_for(&self, peer: &Id) -> Result<Vec<u8>> {
        let now = (self.now)();
        self.with(|s| direct::export_for(s, peer, now))
    }

    fn files(&self) -> Result<Option<Vec<u8>>> {
        let now = (self.now)();
        self.with(|s| team::export_files(s, now))
    }

    fn apply(&self, bundle: &[u8]) -> Result<Imported> {
        let now = (self.now)();
        self.with(|s| team::import(s, bundle, now))
    }
}

/// Where and how the node listens.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to bind; every interface on a port of the system's choosing by default.
    pub bind: Option<SocketAddr>,
    /// Announce this laptop and find the others on the local network.
    pub mdns: bool,
}

/// One exchange with a peer, as the shells report it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchanged {
    pub peer: Id,
    /// Whether this laptop dialed (else it answered).
    pub dialed: bool,
    /// Bytes of bundles sent and received.
    pub sent: usize,
    pub received: usize,
    /// What the peer's bundles changed here.
    pub imported: Imported,
}

/// A member device found on the local network (until mDNS says it expired), and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearby {
    pub peer: Peer,
    pub addrs: Vec<SocketAddr>,
}

/// The devices mDNS found and has not seen expire: their addresses.
type Found = Arc<Mutex<BTreeMap<EndpointId, Vec<SocketAddr>>>>;

/// This laptop on the network: its endpoint, the exchanges it answers, and what mDNS finds.
pub struct Node {
    endpoint: Endpoint,
    ledger: Arc<dyn Ledger>,
    found: Found,
    events: broadcast::Sender<std::result::Result<Exchanged, String>>,
    tasks: Vec<n0_future::task::AbortOnDropHandle<()>>,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node").field("id", &self.endpoint.id()).finish_non_exhaustive()
    }
}

/// Refuses, once TLS has proven who the other side is, every device that is not a current
/// member of the team, in both directions.
#[derive(Clone)]
struct MemberGate(Arc<dyn Ledger>);

impl std::fmt::Debug for MemberGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemberGate")
    }
}

impl EndpointHooks for MemberGate {
    async fn after_handshake(&self, conn: &Connection) -> AfterHandshakeOutcome {
        match member(&self.0, conn.remote_id()).await {
            Ok(_) => AfterHandshakeOutcome::Accept,
            Err(_) => AfterHandshakeOutcome::Reject {
                error_code: VarInt::from_u32(REFUSED),
                reason: b"not a member".to_vec(),
            },
        }
    }
}

/// The live member whose network identity is `id`; `team.peer_refused` for anyone else.
async fn member(ledger: &Arc<dyn Ledger>, id: EndpointId) -> Result<Peer> {
    let peers = blocking(ledger, |l| l.peers()).await?;
    peers.into_iter().find(|p| &p.key == id.as_bytes()).ok_or_else(|| TeamError::PeerRefused.into())
}

/// Runs a store call on a blocking thread.
async fn blocking<T: Send + 'static>(
    ledger: &Arc<dyn Ledger>,
    call: impl FnOnce(&dyn Ledger) -> Result<T> + Send + 'static,
) -> Result<T> {
    let ledger = ledger.clone();
    tokio::task::spawn_blocking(move || call(ledger.as_ref()))
        .await
        .map_err(|e| Error::Invalid(format!("a sync worker stopped: {e}")))?
}

impl Node {
    /// Binds this laptop's endpoint (relays and public discovery off), answers members'
    /// exchanges, and with `mdns` announces itself and listens for the others.
    pub async fn start(identity: &Identity, ledger: Arc<dyn Ledger>, options: Options) -> Result<Node> {
        let secret = SecretKey::from_bytes(&identity.key);
        let mut builder = Endpoint::builder(iroh::endpoint::presets::Minimal)
            .relay_mode(RelayMode::Disabled)
            .clear_address_lookup()
            .secret_key(secret)
            .alpns(vec![ALPN.to_vec()])
            .hooks(MemberGate(ledger.clone()));
        if let Some(addr) = options.bind {
            builder = builder.clear_ip_transports().bind_addr(addr).map_err(|e| unreachable(&e))?;
        }
        let endpoint = builder.bind().await.map_err(|e| unreachable(&e))?;
        let (events, _) = broadcast::channel(64);
        let found = Arc::new(Mutex::new(BTreeMap::new()));
        let mut node = Node { endpoint, ledger, found, events, tasks: Vec::new() };
        node.tasks.push(node.serve());
        if options.mdns {
            let mdns = MdnsAddressLookup::builder()
                .service_name(SERVICE)
                .build(node.endpoint.id())
                .map_err(|e| unreachable(&e))?;
            node.endpoint.address_lookup().map_err(|e| unreachable(&e))?.add(mdns.clone());
            node.tasks.push(node.watch(mdns));
        }
        Ok(node)
    }

    /// Answers each member that dials in, one exchange per connection.
    fn serve(&self) -> n0_future::task::AbortOnDropHandle<()> {
        let (endpoint, ledger, events) = (self.endpoint.clone(), self.ledger.clone(), self.events.clone());
        n0_future::task::AbortOnDropHandle::new(tokio::spawn(async move {
            while let Some(incoming) = endpoint.accept().await {
                let (ledger, events) = (ledger.clone(), events.clone());
                tokio::spawn(async move {
                    let Ok(conn) = incoming.await else { return };
                    let outcome = tokio::time::timeout(EXCHANGE_TIMEOUT, converse(&ledger, &conn, false))
                        .await
                        .unwrap_or_else(|_| Err(TeamError::Interrupted("timed out".into()).into()));
                    conn.close(VarInt::from_u32(0), b"done");
                    let _ = events.send(outcome.map_err(|e| e.to_string()));
                });
            }
        }))
    }

    /// Keeps the list of the devices mDNS finds on the local network.
    fn watch(&self, mdns: MdnsAddressLookup) -> n0_future::task::AbortOnDropHandle<()> {
        let found = self.found.clone();
        n0_future::task::AbortOnDropHandle::new(tokio::spawn(async move {
            let mut stream = mdns.subscribe().await;
            while let Some(event) = stream.next().await {
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                match event {
                    DiscoveryEvent::Discovered { endpoint_info, .. } => {
                        let addrs = endpoint_info.data.ip_addrs().copied().collect();
                        found.insert(endpoint_info.endpoint_id, addrs);
                    }
                    DiscoveryEvent::Expired { endpoint_id } => {
                        found.remove(&endpoint_id);
                    }
                    _ => {}
                }
            }
        }))
    }

    /// This laptop's ticket: its identity and the addresses it listens on, for a peer to
    /// paste where multicast is blocked.
    pub fn ticket(&self) -> String {
        let addr = self.endpoint.addr();
        let json = serde_json::to_vec(&addr).unwrap_or_default();
        format!("{TICKET_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
    }

    /// The addresses the endpoint is bound to.
    pub fn bound(&self) -> Vec<SocketAddr> {
        self.endpoint.bound_sockets()
    }

    /// The member devices mDNS finds on the local network now.
    pub async fn nearby(&self) -> Result<Vec<Nearby>> {
        let peers = blocking(&self.ledger, |l| l.peers()).await?;
        let found = self.found.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Ok(peers
            .into_iter()
            .filter_map(|peer| {
                let id = EndpointId::from_bytes(&peer.key).ok()?;
                let addrs = found.get(&id)?.clone();
                Some(Nearby { peer, addrs })
            })
            .collect())
    }

    /// Whether this laptop is the one to dial `peer` when both find each other: the one whose
    /// key sorts first, so two laptops do not dial each other at once.
    pub fn dials(&self, peer: &Peer) -> bool {
        self.endpoint.id().as_bytes() < &peer.key
    }

    /// The exchanges this node answers, as they end.
    pub fn answered(&self) -> broadcast::Receiver<std::result::Result<Exchanged, String>> {
        self.events.subscribe()
    }

    /// One exchange with the device of `ticket`.
    pub async fn sync_ticket(&self, ticket: &str) -> Result<Exchanged> {
        self.sync_with(parse_ticket(ticket)?).await
    }

    /// One exchange with a member found on the local network.
    pub async fn sync_nearby(&self, peer: &Peer) -> Result<Exchanged> {
        let id = EndpointId::from_bytes(&peer.key).map_err(|_| TeamError::BadTicket)?;
        let addrs = self.found.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
        let addr = EndpointAddr::from_parts(id, addrs.unwrap_or_default().into_iter().map(iroh::TransportAddr::Ip));
        self.sync_with(addr).await
    }

    /// Dials `addr` (a member, or refused before dialing), and exchanges bundles.
    pub async fn sync_with(&self, addr: EndpointAddr) -> Result<Exchanged> {
        member(&self.ledger, addr.id).await?;
        let conn = tokio::time::timeout(DIAL_TIMEOUT, self.endpoint.connect(addr, ALPN))
            .await
            .map_err(|_| TeamError::Unreachable("no answer".into()))?
            .map_err(connect_error)?;
        let outcome = tokio::time::timeout(EXCHANGE_TIMEOUT, converse(&self.ledger, &conn, true))
            .await
            .unwrap_or_else(|_| Err(TeamError::Interrupted("timed out".into()).into()));
        conn.close(VarInt::from_u32(0), b"done");
        outcome
    }

    /// Closes the endpoint: nothing listens any more.
    pub async fn close(&self) {
        self.endpoint.close().await;
    }
}

fn unreachable(e: &dyn std::fmt::Display) -> Error {
    TeamError::Unreachable(e.to_string()).into()
}

/// Reads a peer's ticket.
pub fn parse_ticket(ticket: &str) -> Result<EndpointAddr> {
    let body = ticket.trim().strip_prefix(TICKET_PREFIX).ok_or(TeamError::BadTicket)?;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).map_err(|_| TeamError::BadTicket)?;
    Ok(serde_json::from_slice(&json).map_err(|_| TeamError::BadTicket)?)
}

/// One exchange on `conn`: the changes bundles both ways, then the files bundles, each on a
/// stream of its own that the dialing side opens and the answering side accepts.
async fn converse(ledger: &Arc<dyn Ledger>, conn: &Connection, dialed: bool) -> Result<Exchanged> {
    let peer = member(ledger, conn.remote_id()).await?;
    let stream = || async { if dialed { conn.open_bi().await } else { conn.accept_bi().await }.map_err(lost) };
    let (sent, received, mut imported) = exchange(ledger, stream().await?, blocking_changes(ledger, &peer)).await?;
    let (files_sent, files_received, files) = exchange(ledger, stream().await?, blocking_files(ledger)).await?;
    imported.files += files.files;
    Ok(Exchanged {
        peer: peer.device_id,
        dialed,
        sent: sent + files_sent,
        received: received + files_received,
        imported,
    })
}

fn blocking_changes(
    ledger: &Arc<dyn Ledger>,
    peer: &Peer,
) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send + 'static {
    let (ledger, peer) = (ledger.clone(), peer.device_id.clone());
    async move { blocking(&ledger, move |l| l.changes_for(&peer).map(Some)).await }
}

fn blocking_files(ledger: &Arc<dyn Ledger>) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send + 'static {
    let ledger = ledger.clone();
    async move { blocking(&ledger, |l| l.files()).await }
}

/// Sends this side's bundle (none: an empty stream) while reading the other's whole, then
/// applies what arrived. A stream that ends early, or a connection lost, applies nothing.
async fn exchange(
    ledger: &Arc<dyn Ledger>,
    (mut send, mut recv): (SendStream, RecvStream),
    bundle: impl Future<Output = Result<Option<Vec<u8>>>>,
) -> Result<(usize, usize, Imported)> {
    let bundle = bundle.await?.unwrap_or_default();
    let sent = bundle.len();
    let write = async {
        send.write_all(&bundle).await.map_err(|e| TeamError::Interrupted(e.to_string()))?;
        send.finish().map_err(|e| TeamError::Interrupted(e.to_string()))?;
        // Until the peer has it all: closing the connection before would drop what is in flight.
        send.stopped().await.map_err(|e| TeamError::Interrupted(e.to_string()))?;
        Ok::<_, Error>(())
    };
    let read = async { recv.read_to_end(wire::MAX_BUNDLE).await.map_err(|e| read_error(&e)) };
    let (written, received) = tokio::join!(write, read);
    written?;
    let received = received?;
    let size = received.len();
    let imported =
        if received.is_empty() { Imported::default() } else { blocking(ledger, move |l| l.apply(&received)).await? };
    Ok((sent, size, imported))
}

/// A dial that failed: the peer's handshake hook refused this device, or it did not answer.
fn connect_error(e: iroh::endpoint::ConnectError) -> Error {
    use iroh::endpoint::{ConnectError as E, ConnectingError};
    match e {
        E::Connection { source, .. }
        | E::Connecting { source: ConnectingError::ConnectionError { source, .. }, .. }
            if refused(&source) =>
        {
            TeamError::PeerRefused.into()
        }
        other => unreachable(&other),
    }
}

fn refused(e: &ConnectionError) -> bool {
    matches!(e, ConnectionError::ApplicationClosed(close) if close.error_code == VarInt::from_u32(REFUSED))
}

/// A connection that ended: refused by the peer's handshake hook, or lost.
fn lost(e: ConnectionError) -> Error {
    if refused(&e) { TeamError::PeerRefused.into() } else { TeamError::Interrupted(e.to_string()).into() }
}

fn read_error(e: &iroh::endpoint::ReadToEndError) -> Error {
    use iroh::endpoint::{ReadError, ReadToEndError};
    match e {
        ReadToEndError::TooLong => TeamError::TooLarge.into(),
        ReadToEndError::Read(ReadError::ConnectionLost(c)) => lost(c.clone()),
        other => TeamError::Interrupted(other.to_string()).into(),
    }
}

#[cfg(test)]
mod tests;
