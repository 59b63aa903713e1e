//! Any bytes as a spreadsheet: a zip (.xlsx) signature is put in front unless the input
//! already starts with one or with the .xls signature, then it is previewed as an import
//! against a real (empty) store. No panic, and no unbounded allocation.
#![no_main]
use libfuzzer_sys::fuzz_target;
use visitdesk_core::exchange::import::{self, ImportOptions, Importing};
use visitdesk_core::store::Store;

thread_local! {
    static STORE: (tempfile::TempDir, Store) = visitdesk_core::testing::new_store();
}

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        data.to_vec()
    } else {
        [b"PK\x03\x04".as_slice(), data].concat()
    };
    STORE.with(|(_, store)| {
        for importing in [Importing::Employers, Importing::Visits] {
            let _ = import::preview(store.conn(), &bytes, &ImportOptions { importing, ..ImportOptions::default() });
        }
    });
});
