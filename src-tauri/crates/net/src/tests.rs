//! Two laptops of one team on 127.0.0.1 (an explicit ticket, no mDNS), a stranger, and
//! connections cut in the middle of a bundle.
use super::*;
use visitdesk_core::error::ErrorCode;
use visitdesk_core::model::Employer;
use visitdesk_core::store::records;
use visitdesk_core::testing::{Laptop, at, dump_records, employer, team_of_two};

fn loopback() -> Options {
    Options { bind: Some("127.0.0.1:0".parse().unwrap()), mdns: false }
}

fn own(store: Store) -> Arc<OwnStore> {
    OwnStore::new(store, || at(2022, 3, 10))
}

async fn node_of(ledger: &Arc<OwnStore>) -> Node {
    let identity = ledger.with(|s| direct::identity(s.conn())).unwrap();
    Node::start(&identity, ledger.clone(), loopback()).await.unwrap()
}

/// An employer added on a laptop (anyone may add one); returns its id.
fn add_employer(ledger: &OwnStore, name: &str) -> Id {
    ledger.with(|s| s.write(at(2022, 3, 8), |tx| Ok(tx.insert(employer(name))?.id)).unwrap())
}

fn has_employer(ledger: &OwnStore, id: &Id) -> bool {
    ledger.with(|s| records::find::<Employer>(s.conn(), id).unwrap().is_some())
}

fn dump(ledger: &OwnStore) -> Vec<(String, String, Option<String>)> {
    ledger.with(|s| dump_records(s.conn()))
}

/// An endpoint with a device's key and no gate of its own: a peer that skips every check.
async fn raw_endpoint(identity: &Identity, answers: bool) -> Endpoint {
    let alpns = if answers { vec![ALPN.to_vec()] } else { Vec::new() };
    Endpoint::builder(iroh::endpoint::presets::Minimal)
        .relay_mode(RelayMode::Disabled)
        .clear_address_lookup()
        .secret_key(SecretKey::from_bytes(&identity.key))
        .alpns(alpns)
        .clear_ip_transports()
        .bind_addr("127.0.0.1:0")
        .unwrap()
        .bind()
        .await
        .unwrap()
}

fn split(pair: (Laptop, Laptop)) -> ((tempfile::TempDir, Arc<OwnStore>), (tempfile::TempDir, Arc<OwnStore>)) {
    let (a, z) = pair;
    ((a.dir, own(a.store)), (z.dir, own(z.store)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_exchange_both_ways_over_a_ticket() {
    let ((_a, admin), (_z, zhang)) = split(team_of_two());
    let from_admin = add_employer(&admin, "苏州绿叶精密机械有限公司");
    let from_zhang = add_employer(&zhang, "无锡青禾软件有限公司");
    let (dialer, answerer) = (node_of(&admin).await, node_of(&zhang).await);
    let mut answered = answerer.answered();

    let done = dialer.sync_ticket(&answerer.ticket()).await.unwrap();
    assert!(done.dialed);
    assert_eq!(done.imported.records, 1, "张秘书's employer: {done:?}");
    let served = answered.recv().await.unwrap().unwrap();
    assert!(!served.dialed);
    assert_eq!(served.imported.records, 1, "王书记's employer: {served:?}");
    assert!(has_employer(&zhang, &from_admin) && has_employer(&admin, &from_zhang));
    assert_eq!(dump(&admin), dump(&zhang), "both laptops hold the same records");

    // Nothing new: the next exchange carries what neither lacks, and changes nothing.
    let again = dialer.sync_ticket(&answerer.ticket()).await.unwrap();
    assert_eq!(again.imported.records, 0);
    dialer.close().await;
    answerer.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_of_another_team_is_refused_at_the_handshake() {
    let ((_a, admin), (_z, zhang)) = split(team_of_two());
    let ((_s, stranger), _) = split(team_of_two());
    add_employer(&stranger, "外校的企业");
    let before = dump(&zhang);
    let (answerer, intruder) = (node_of(&zhang).await, node_of(&stranger).await);

    // The stranger's own store does not know the answerer: it does not even dial.
    let refused = intruder.sync_ticket(&answerer.ticket()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TeamPeerRefused);
    // A stranger that dials anyway (no check of its own) is refused by the answerer's hook.
    let stranger_key = stranger.with(|s| direct::identity(s.conn())).unwrap();
    let raw = raw_endpoint(&stranger_key, false).await;
    let refused = match raw.connect(parse_ticket(&answerer.ticket()).unwrap(), ALPN).await {
        Ok(conn) => conn.accept_bi().await.map(drop).map_err(lost),
        Err(e) => Err(connect_error(e)),
    };
    assert_eq!(refused.unwrap_err().code(), ErrorCode::TeamPeerRefused);
    raw.close().await;
    assert_eq!(dump(&zhang), before, "nothing of the stranger's reached the store");

    // A member removed from the team is a stranger too.
    let zhang_device = zhang.with(|s| direct::identity(s.conn())).unwrap().device_id;
    admin.with(|s| s.write(at(2022, 3, 9), |tx| team::remove_device(tx, &zhang_device))).unwrap();
    let dialer = node_of(&admin).await;
    let refused = dialer.sync_ticket(&answerer.ticket()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TeamPeerRefused, "the admin no longer dials a removed device");
    intruder.close().await;
    answerer.close().await;
    dialer.close().await;
}

/// A bundle cut in the middle, either way: the side that was receiving keeps its store as it
/// was, and the next whole exchange applies everything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_cut_mid_bundle_applies_nothing() {
    let ((_a, admin), (_z, zhang)) = split(team_of_two());
    let visit = add_employer(&admin, "苏州绿叶精密机械有限公司");
    let zhang_id = zhang.with(|s| direct::identity(s.conn())).unwrap().device_id;
    let bundle = admin.with(|s| direct::export_for(s, &zhang_id, at(2022, 3, 10))).unwrap();
    assert!(bundle.len() > 1000, "a bundle worth cutting: {} bytes", bundle.len());

    // The admin's laptop dies after sending half of its bundle to 张秘书's.
    let answerer = node_of(&zhang).await;
    let before = dump(&zhang);
    let admin_key = admin.with(|s| direct::identity(s.conn())).unwrap();
    let raw = raw_endpoint(&admin_key, false).await;
    let mut answered = answerer.answered();
    let conn = raw.connect(parse_ticket(&answerer.ticket()).unwrap(), ALPN).await.unwrap();
    let (mut send, _recv) = conn.open_bi().await.unwrap();
    send.write_all(&bundle[..bundle.len() / 2]).await.unwrap();
    conn.close(VarInt::from_u32(1), b"power cut");
    let outcome = answered.recv().await.unwrap();
    assert!(outcome.is_err(), "the answerer saw the exchange fail: {outcome:?}");
    assert_eq!(dump(&zhang), before, "张秘书's store is as it was before that bundle");
    raw.close().await;

    // 张秘书's laptop dies halfway through its answer: the admin's store keeps what it had.
    let zhang_key = zhang.with(|s| direct::identity(s.conn())).unwrap();
    answerer.close().await;
    let half_answerer = raw_endpoint(&zhang_key, true).await;
    let zhang_bundle = zhang.with(|s| {
        s.write(at(2022, 3, 9), |tx| tx.insert(employer("无锡青禾软件有限公司")).map(drop)).unwrap();
        direct::export_for(s, &admin_key.device_id, at(2022, 3, 10)).unwrap()
    });
    let ticket_addr = half_answerer.addr();
    let server = tokio::spawn({
        let ep = half_answerer.clone();
        async move {
            let conn = ep.accept().await.unwrap().await.unwrap();
            let (mut send, _recv) = conn.accept_bi().await.unwrap();
            send.write_all(&zhang_bundle[..zhang_bundle.len() / 2]).await.unwrap();
            conn.close(VarInt::from_u32(1), b"power cut");
        }
    });
    let dialer = node_of(&admin).await;
    let admin_before = dump(&admin);
    let cut = dialer.sync_with(ticket_addr).await.unwrap_err();
    assert_eq!(cut.code(), ErrorCode::TeamInterrupted, "{cut}");
    assert_eq!(dump(&admin), admin_before, "the admin's store is as it was before that bundle");
    server.await.unwrap();
    half_answerer.close().await;

    // Both laptops back: one whole exchange brings everything.
    let answerer = node_of(&zhang).await;
    dialer.sync_ticket(&answerer.ticket()).await.unwrap();
    assert!(has_employer(&zhang, &visit));
    assert_eq!(dump(&admin), dump(&zhang));
    dialer.close().await;
    answerer.close().await;
}

#[test]
fn a_ticket_that_is_not_one_is_refused() {
    for bad in ["", "hello", "vdsync1!!!", "vdsync1e30", "vdsync1bm90IGpzb24"] {
        assert_eq!(parse_ticket(bad).unwrap_err().code(), ErrorCode::TeamBadTicket, "{bad:?}");
    }
}
