//! A locked store leaves no secret in the process's memory: after locking, a dump of the
//! process (read through `/proc/PID/mem`, as gcore would) holds neither the passphrase, nor the
//! data key, nor a note's text. Linux only.
//!
//! The process under test is this test binary run again as a child (`--ignored --exact
//! unlocked_then_locked`), so that it holds nothing but what the core leaves behind. The
//! secrets are random, made here at run time, so they are not in the binary; the child gets
//! the passphrase through a pipe, read without a buffer, never through its arguments or
//! environment (which stay in memory for its whole life).
//!
//! What was found without each measure (SQLCipher 4.19, glibc): with SQLCipher's
//! `cipher_memory_security` off, the note's text 6 times in the heap (decrypted pages and
//! statement buffers SQLite had freed); with it on, once (a `String` Rust had freed); with the
//! data key kept in an array, 3 copies of the key on the stack (moves copy an array and only the
//! last copy is wiped). The core now keeps keys on the heap and routes SQLite's memory through
//! Rust's allocator (store::memory; memory security only where that cannot be done, as it costs
//! a system call per allocation); the process must wipe what Rust frees, with the allocator
//! below, as the CLI does and the app must (its `main.rs`).
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use visitdesk_core::crypto;
use visitdesk_core::model::Note;
use visitdesk_core::store::{KeySlots, Secret, Store, records};
use visitdesk_core::testing::*;
use zeroize::Zeroizing;

#[global_allocator]
static WIPE_ON_FREE: zeroizing_alloc::ZeroAlloc<std::alloc::System> = zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// Reads one line from stdin straight into wiped memory, a byte at a time, so no buffer keeps it.
fn read_line_unbuffered() -> Zeroizing<Vec<u8>> {
    let mut stdin = std::fs::File::open("/dev/stdin").unwrap();
    let mut line = Zeroizing::new(Vec::with_capacity(256));
    let mut byte = [0u8; 1];
    while stdin.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    line
}

/// The child: unlocks, reads the notes and holds them; on "lock", drops them and locks.
#[test]
#[ignore = "the process the memory test inspects, spawned by it"]
fn unlocked_then_locked() {
    let dir = std::env::var("VISITDESK_MEMORY_STORE").expect("spawned by the memory test");
    let passphrase = read_line_unbuffered();
    let store = {
        let passphrase = std::str::from_utf8(&passphrase).unwrap();
        let person = Store::slots(dir.as_ref()).unwrap()[0].person_id.clone().unwrap();
        visitdesk_core::session::unlock(dir.as_ref(), &person, passphrase, at(2022, 3, 2)).unwrap().0
    };
    drop(passphrase);
    let notes = records::list::<Note>(store.conn(), "1", "id", []).unwrap();
    println!("unlocked {}", notes.len());
    std::io::stdout().flush().unwrap();
    assert_eq!(&*read_line_unbuffered(), b"lock");
    drop(notes);
    store.lock().unwrap();
    println!("locked");
    std::io::stdout().flush().unwrap();
    read_line_unbuffered();
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    crypto::fill_random(&mut b);
    crypto::hex(&b)
}

/// The readable regions of a process, and the bytes of each that could be read.
fn dump(pid: u32) -> Vec<(String, Vec<u8>)> {
    use std::io::Seek;
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut out = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else { continue };
        let name = parts.nth(3).unwrap_or("[anonymous]").to_string();
        if !perms.starts_with('r') || name == "[vvar]" || name == "[vsyscall]" || name == "[vvar_vclock]" {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let (start, end) = (u64::from_str_radix(start, 16).unwrap(), u64::from_str_radix(end, 16).unwrap());
        let mut bytes = vec![0u8; (end - start) as usize];
        if mem.seek(std::io::SeekFrom::Start(start)).is_ok() && mem.read_exact(&mut bytes).is_ok() {
            out.push((format!("{range} {perms} {name}"), bytes));
        }
    }
    out
}

/// Where in the dump each needle occurs.
fn find(dump: &[(String, Vec<u8>)], needles: &[(&str, &[u8])]) -> Vec<String> {
    let mut found = Vec::new();
    for (what, needle) in needles {
        for (region, bytes) in dump {
            let hits = bytes.windows(needle.len()).filter(|w| w == needle).count();
            if hits > 0 {
                found.push(format!("{what}: {hits}× in {region}"));
            }
        }
    }
    found
}

fn read_line(out: &mut impl BufRead) -> String {
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    line
}

#[test]
fn the_child_s_memory_holds_no_secret_after_locking() {
    let passphrase = format!("口令-{}", random_hex(12));
    let note = format!("机密备注：对方人事处长私下透露裁员计划-{}", random_hex(12));
    let dir = tempfile::tempdir().unwrap();
    let mut opts = new_options();
    opts.passphrase = &passphrase;
    let mut store = Store::init(dir.path(), opts).unwrap().store;
    store
        .write(at(2022, 3, 1), |tx| {
            let e = tx.insert(employer("苏州绿叶精密机械有限公司"))?;
            tx.insert(Note { employer_id: e.id, visit_id: None, written_on: day(2022, 3, 1), body: note.clone() })
        })
        .unwrap();
    drop(store);
    let (key, _) = KeySlots::load(dir.path())
        .unwrap()
        .open(&Secret::Passphrase { person_id: None, passphrase: &passphrase })
        .map(|(k, s)| (k, s.id.clone()))
        .unwrap();
    let key_hex = crypto::hex(key.as_ref());
    let needles: [(&str, &[u8]); 4] = [
        ("the passphrase", passphrase.as_bytes()),
        ("the note", note.as_bytes()),
        ("the data key", key.as_ref()),
        ("the data key in hex", key_hex.as_bytes()),
    ];

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "unlocked_then_locked", "--nocapture", "--test-threads=1"])
        .env("VISITDESK_MEMORY_STORE", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "{passphrase}").unwrap();
    // The harness prints "test unlocked_then_locked ... " just before the child's own line.
    let mut line = read_line(&mut stdout);
    while !line.contains("unlocked ") && !line.is_empty() {
        line = read_line(&mut stdout);
    }
    assert!(line.trim_end().ends_with("unlocked 1"), "{line}");

    // While unlocked the note is in memory: the scan can find what is there.
    let unlocked = find(&dump(child.id()), &needles[1..2]);
    assert!(!unlocked.is_empty(), "the scan did not find the note the child holds");

    writeln!(stdin, "lock").unwrap();
    assert_eq!(read_line(&mut stdout).trim(), "locked");
    let found = find(&dump(child.id()), &needles);
    writeln!(stdin).unwrap();
    drop(stdin);
    child.wait().unwrap();
    assert!(found.is_empty(), "after locking the process still holds:\n{}", found.join("\n"));
    assert!(Path::new(dir.path()).exists());
}
