//! Any bytes, read as a CSV file in several encodings and previewed as an import of employers
//! and of past visits against a real (empty) store: no panic, and every data row is accounted
//! for once.
#![no_main]
use libfuzzer_sys::fuzz_target;
use visitdesk_core::exchange::import::{self, ImportOptions, Importing};
use visitdesk_core::exchange::read::{self, Encoding};
use visitdesk_core::store::Store;

thread_local! {
    static STORE: (tempfile::TempDir, Store) = visitdesk_core::testing::new_store();
}

fuzz_target!(|data: &[u8]| {
    // Whatever the first bytes, read it as CSV (a zip or xls signature is the other target's).
    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF]) {
        return;
    }
    for encoding in [Some(Encoding::Gb18030), Some(Encoding::Utf16Be)] {
        let _ = read::read(data, encoding);
    }
    // As employers, and as past visits (a school's visit ledger).
    for importing in [Importing::Employers, Importing::Visits] {
        let options = ImportOptions {
            keep_rows_with_bad_credit_code: data.len() % 2 == 0,
            create_people: data.len() % 3 == 0,
            importing,
            ..ImportOptions::default()
        };
        STORE.with(|(_, store)| {
            if let Ok(p) = import::preview(store.conn(), data, &options) {
                let c = &p.counts;
                let total = c.created + c.merged_existing + c.merged_in_file + c.rejected + c.skipped;
                assert_eq!(total as usize, p.rows.len());
            }
        });
    }
});
