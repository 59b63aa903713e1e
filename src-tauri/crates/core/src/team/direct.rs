//! What direct sync asks of the team (issue 20). The transport lives in the `visitdesk-net`
//! crate (iroh, QUIC on the campus network); the team only answers its questions: this
//! laptop's identity on the network (its device's Ed25519 key, so a connection is
//! authenticated as the device before a byte of a bundle moves), which keys belong to the
//! current members (a connection from any other is refused at the handshake), and the bundle
//! for one peer. The bundles and their checks are the file path's own ([`super::import`]).
use super::{Me, TeamError, devices, export_above, verifying_key};
use crate::error::Result;
use crate::ids::Id;
use crate::store::Store;
use crate::store::records::{self, Tx};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use zeroize::Zeroizing;

/// The setting (kept on this laptop only) that turns direct sync off; unset means on.
const SWITCH: &str = "direct_sync";

/// This laptop's identity on the network: its device's secret Ed25519 key, whose public half
/// every member knows from the device record.
pub struct Identity {
    pub key: Zeroizing<[u8; 32]>,
    pub device_id: Id,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").field("device_id", &self.device_id).finish_non_exhaustive()
    }
}

/// This laptop's identity, when it is a member of a team (`team.not_a_team`, `team.pending`).
pub fn identity(conn: &Connection) -> Result<Identity> {
    let me = Me::member(conn)?;
    Ok(Identity { key: Zeroizing::new(me.signing_key.to_bytes()), device_id: me.device_id })
}

/// A member device another laptop may sync with.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub device_id: Id,
    pub name: String,
    pub person_id: Id,
    /// Its Ed25519 public key: its identity on the network.
    pub key: [u8; 32],
}

/// The live devices of the team other than this laptop: the only ones it talks to.
pub fn peers(conn: &Connection) -> Result<Vec<Peer>> {
    let me = Me::member(conn)?;
    let mut out = Vec::new();
    for (id, device) in devices(conn)? {
        if id == me.device_id || device.removed_at.is_some() {
            continue;
        }
        let key = verifying_key(&device)?.to_bytes();
        out.push(Peer { device_id: id, name: device.name, person_id: device.person_id, key });
    }
    Ok(out)
}

/// The live member device whose network identity is `key`; `team.peer_refused` for any other
/// (a stranger, another team's device, one removed from this team).
pub fn peer_by_key(conn: &Connection, key: &[u8; 32]) -> Result<Peer> {
    peers(conn)?.into_iter().find(|p| &p.key == key).ok_or_else(|| TeamError::PeerRefused.into())
}

/// The bundle of what `peer` has not confirmed yet: the file path's bundle, from that
/// peer's own confirmation rather than the least of the team's.
pub fn export_for(store: &mut Store, peer: &Id, now: DateTime<Utc>) -> Result<Vec<u8>> {
    Me::member(store.conn())?;
    let acked: Option<i64> =
        store.conn().query_row("SELECT acked FROM team_peers WHERE device_id = ?1", [peer], |r| r.get(0)).optional()?;
    export_above(store, acked.unwrap_or(0), now)
}

/// Whether direct sync is on here (the default).
pub fn is_on(conn: &Connection) -> Result<bool> {
    Ok(records::setting(conn, SWITCH)?.as_deref() != Some("off"))
}

/// Turns direct sync on or off on this laptop. It is this laptop's setting: nobody else's
/// right is needed, and it never travels.
pub fn switch(tx: &Tx<'_>, on: bool) -> Result<()> {
    Me::member(tx.conn())?;
    if on { tx.remove_setting(SWITCH) } else { tx.set_setting(SWITCH, "off") }
}

/// Direct sync as the team page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DirectStatus {
    /// The switch (on by default).
    pub on: bool,
    /// Whether this laptop listens now (on, unlocked, a member).
    pub listening: bool,
    /// This laptop's ticket, for a peer where multicast is blocked.
    pub ticket: Option<String>,
    /// The member devices found on the local network now.
    pub reachable: Vec<Reachable>,
    /// The exchanges since the app started, the newest first.
    pub exchanges: Vec<DirectExchange>,
}

/// A member device reachable now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Reachable {
    pub device_id: Id,
    pub name: String,
    pub person_id: Id,
    /// Where it answers (IP and port).
    pub addrs: Vec<String>,
}

/// One exchange over the network, or one that failed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DirectExchange {
    pub device_id: Option<Id>,
    /// Records the other laptop's bundle changed here.
    pub records: usize,
    /// Attachments' content it brought.
    pub files: usize,
    pub sent_bytes: usize,
    pub received_bytes: usize,
    pub at: DateTime<Utc>,
    /// Why it failed, when it did.
    pub error: Option<crate::error::ErrorCode>,
}
