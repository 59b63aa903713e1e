//! Criterion micro-benchmarks of the hot read paths, on a demo store made for the run
//! (`VISITDESK_BENCH_SIZE`: small, campus or large; campus by default). The p95 figures of
//! issue 8 come from the harness (`make bench`); these give criterion's confidence intervals
//! for comparing one change against the last run (`cargo bench -p visitdesk-bench`).
use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use visitdesk_bench::make_store;
use visitdesk_core::calendar::{self, Filter};
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::demo::Size;
use visitdesk_core::store::Store;
use visitdesk_core::{dashboard, search};

const PASSPHRASE: &str = "benchmark passphrase";

fn micro(c: &mut Criterion) {
    let size = Size::parse(&std::env::var("VISITDESK_BENCH_SIZE").unwrap_or_else(|_| "campus".into()))
        .expect("VISITDESK_BENCH_SIZE is small, campus or large");
    let now: DateTime<Utc> = Utc.with_ymd_and_hms(2022, 6, 15, 2, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    make_store(dir.path(), size, PASSPHRASE, KdfParams::TEST, now).unwrap();
    let store = Store::unlock(dir.path(), None, PASSPHRASE, now).unwrap();
    let conn = store.conn();

    c.bench_function("search/grams of a note", |b| {
        b.iter(|| search::grams(black_box("华为技术有限公司 2022 届校园招聘：软件开发、测试与运维岗位，实习转正")))
    });
    for query in ["华", "科技", "有限公", "技术有限公司"] {
        c.bench_function(&format!("search/{} chars", query.chars().count()), |b| {
            b.iter(|| search::search(conn, black_box(query), search::MAX_HITS).unwrap())
        });
    }
    let from = Utc.with_ymd_and_hms(2022, 4, 3, 16, 0, 0).unwrap();
    c.bench_function("calendar/6 weeks", |b| {
        b.iter(|| {
            calendar::range(conn, from, from + Duration::weeks(6), &Filter::default(), calendar::MONTH_PER_DAY, now)
                .unwrap()
        })
    });
    c.bench_function("dashboard", |b| b.iter(|| dashboard::build(conn, now).unwrap()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = micro
}
criterion_main!(benches);
