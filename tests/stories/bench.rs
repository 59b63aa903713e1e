//! The benchmark harness (`make bench`) on the small demo store, so it cannot rot: every
//! figure is produced, each a real measurement. Nothing here is about speed.
use chrono::{TimeZone, Utc};
use visitdesk_bench::{Config, FIGURES, Sizes, attach_peak, make_store, run};
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::demo::Size;

#[test]
fn every_figure_is_measured_on_the_small_store() {
    let now = Utc.with_ymd_and_hms(2022, 6, 15, 2, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    make_store(&store, Size::Small, "smoke test passphrase", KdfParams::TEST, now).unwrap();
    let before = visitdesk_core::testing::file_tree(&store);
    let scratch = dir.path().join("scratch");
    let config = Config {
        store: &store,
        scratch: &scratch,
        person: None,
        passphrase: "smoke test passphrase",
        now,
        runs: 3,
        sizes: Sizes::SMOKE,
    };
    let report = run(&config).unwrap();

    // The memory figure's own process, on a copy of the store: a real attachment, a measure.
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(&store).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let file = dir.path().join("big.pdf");
    std::fs::write(&file, vec![7u8; 4 << 20]).unwrap();
    let mib = attach_peak(&copy, "smoke test passphrase", &file, now).unwrap();
    assert!(mib.is_finite() && mib < 1024.0, "{mib}");

    let names: Vec<&str> = report.figures.keys().map(String::as_str).collect();
    let mut expected = FIGURES.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    for (name, figure) in &report.figures {
        assert!(figure.value.is_finite() && figure.value > 0.0, "{name}: {figure:?}");
        assert_eq!(figure.ok, figure.target.map(|t| figure.value <= t), "{name}");
        if name.ends_with("_p95_ms") {
            assert_eq!(figure.runs, Some(3), "{name}");
            assert!(figure.p50.unwrap() <= figure.value, "{name}");
        }
    }
    // The dashboard was timed while the ledger workbook was being exported beside it.
    assert!(report.context["dashboard_during_export_exports"].as_u64().unwrap() >= 1);
    // The index and the text it is built from were both measured, and the store left as it was.
    assert!(report.context["search_text_bytes"].as_u64().unwrap() > 10_000);
    assert!(report.context["search_index_bytes"]["search_fts_data"].as_u64().unwrap() > 0);
    assert_eq!(visitdesk_core::testing::file_tree(&store), before);
}
