//! Device: a valid baseline, and the keys that must be what they say.
use super::*;

fn device() -> Device {
    Device {
        person_id: lead_id(),
        name: " 王书记的笔记本 ".into(),
        signing_key: "11".repeat(32),
        recipient: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p".into(),
        removed_at: None,
    }
}

#[test]
fn device_baseline_is_normalised() {
    assert_eq!(normalised(device()), Device { name: "王书记的笔记本".into(), ..device() });
    assert_eq!(refs(&device()), expected_refs(&[("device.person_id", Kind::Person, lead_id())]));
}

#[test]
fn device_keys_are_checked() {
    Cases::new(device)
        .bad("a short signing key", |d| d.signing_key = "11".repeat(31), "device.signing_key", Problem::InvalidState)
        .bad(
            "a signing key not in hex",
            |d| d.signing_key = "zz".repeat(32),
            "device.signing_key",
            Problem::InvalidState,
        )
        .bad("no recipient", |d| d.recipient = String::new(), "device.recipient", Problem::InvalidState)
        .bad(
            "an ssh key for a recipient",
            |d| d.recipient = "ssh-ed25519 AAAA".into(),
            "device.recipient",
            Problem::InvalidState,
        )
        .bad(
            "a recipient that does not parse",
            |d| d.recipient = "age1notakey".into(),
            "device.recipient",
            Problem::InvalidState,
        )
        .bad("no name", |d| d.name = " ".into(), "device.name", Problem::Required)
        .check();
}
