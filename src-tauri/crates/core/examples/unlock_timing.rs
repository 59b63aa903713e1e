//! Times unlocking a store in its two parts: unwrapping the data key from the person's slot
//! (Argon2id, deliberately slow) and opening SQLCipher with the raw key. Medians of N runs.
//!
//! `cargo run --release -p visitdesk-core --example unlock_timing -- STORE PASSPHRASE [N]`
use std::path::Path;
use std::time::{Duration, Instant};
use visitdesk_core::store::{KeySlots, Secret, Store};

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(passphrase)) = (args.get(1), args.get(2)) else {
        return Err("usage: unlock_timing STORE PASSPHRASE [N]".into());
    };
    let n: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let dir = Path::new(dir);
    let (mut kdf, mut open) = (Vec::new(), Vec::new());
    let mut params = None;
    for _ in 0..n {
        let started = Instant::now();
        let slots = KeySlots::load(dir)?;
        let (key, slot) = slots.open(&Secret::Passphrase { person_id: None, passphrase })?;
        kdf.push(started.elapsed());
        params = Some(slot.kdf);
        let actor = slot.person_id.clone().ok_or("slot without a person")?;
        let started = Instant::now();
        let store = Store::open_with_key(dir, key, actor)?;
        open.push(started.elapsed());
        drop(store);
    }
    println!(
        "{{\"kdf\": {}, \"kdf_ms\": {:.1}, \"open_raw_key_ms\": {:.1}}}",
        serde_json::to_string(&params)?,
        median(kdf),
        median(open)
    );
    Ok(())
}
