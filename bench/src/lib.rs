//! Visitdesk's benchmark harness (issue 8): the figures that make the app feel instant,
//! measured over a store made by `visitdesk demo`, as one JSON object.
//!
//! Every figure is a [`Figure`] in a [`Report`]: timed ones are the p50 and p95 of repeated
//! runs measured with [`Instant`]; sizes and ratios are single values. A new figure is a
//! `report.add(...)` line (see [`run`]). The store given is never changed: writes go to a
//! copy in the scratch folder, and the plain-SQLite twin for the encryption cost is exported
//! there too.
use chrono::{DateTime, Datelike, Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;
use visitdesk_core::access::Access;
use visitdesk_core::calendar::trips::{self, Stop};
use visitdesk_core::calendar::{self, Filter, MONTH_PER_DAY};
use visitdesk_core::crypto::KdfParams;
use visitdesk_core::error::{Error, Result};
use visitdesk_core::exchange::import::{self, ImportOptions};
use visitdesk_core::exchange::ledger_book::{self, Book, LedgerOptions};
use visitdesk_core::ids::Id;
use visitdesk_core::model::{self, DemandSurvey, FollowupSurvey, Visit, VisitStatus};
use visitdesk_core::store::InitOptions;
use visitdesk_core::store::keys::{KeySlots, Secret};
use visitdesk_core::store::{self, Store, records};
use visitdesk_core::{dashboard, demo, ledger, report, search, team, visits};

/// One measured figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The headline value: the p95 of a timed figure, else the value itself.
    pub value: f64,
    pub unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50: Option<f64>,
    /// How many runs a timed figure is the p95 of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<usize>,
    /// The issue's target: the value must not exceed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
}

/// Every figure by name, and what they were measured on.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub figures: BTreeMap<String, Figure>,
    pub context: BTreeMap<String, serde_json::Value>,
}

impl Report {
    /// Adds a figure; `target` is its upper bound, if the issue sets one.
    pub fn add(&mut self, name: &str, value: f64, unit: &'static str, target: Option<f64>) -> &mut Figure {
        let figure =
            Figure { value: round(value), unit, p50: None, runs: None, target, ok: target.map(|t| value <= t) };
        match self.figures.entry(name.to_string()) {
            Entry::Occupied(mut old) => {
                old.insert(figure);
                old.into_mut()
            }
            Entry::Vacant(new) => new.insert(figure),
        }
    }

    /// Adds a timed figure from its samples (milliseconds): the p95 against `target`, with the p50.
    pub fn timed(&mut self, name: &str, samples: &[f64], target: Option<f64>) {
        let figure = self.add(name, percentile(samples, 95.0), "ms", target);
        figure.p50 = Some(round(percentile(samples, 50.0)));
        figure.runs = Some(samples.len());
    }

    pub fn note(&mut self, name: &str, value: impl Into<serde_json::Value>) {
        self.context.insert(name.to_string(), value.into());
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The `p`th percentile of `samples` (nearest rank); 0 for none.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n => sorted[((p / 100.0 * n as f64).ceil() as usize).clamp(1, n) - 1],
    }
}

/// Runs `f` and returns its result and its time in milliseconds.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

/// How long one timed figure may take: a figure far over its target stops after three runs
/// past this, so `make bench` ends even where something is slow (its `runs` says how many).
const BUDGET_MS: f64 = 20_000.0;

/// Times `f` once per item of `inputs` (after one untimed warm-up call), in milliseconds.
fn sample<I>(inputs: &[I], mut f: impl FnMut(&I) -> Result<()>) -> Result<Vec<f64>> {
    if let Some(first) = inputs.first() {
        f(first)?;
    }
    let mut samples = Vec::new();
    for input in inputs {
        let (done, ms) = time(|| f(input));
        done?;
        samples.push(ms);
        if samples.len() >= 3 && samples.iter().sum::<f64>() > BUDGET_MS {
            break;
        }
    }
    Ok(samples)
}

/// What to measure.
pub struct Config<'a> {
    /// The store to measure (left unchanged).
    pub store: &'a Path,
    /// Scratch space: a copy of the store for the writes, and its plain-SQLite twin.
    pub scratch: &'a Path,
    pub person: Option<&'a Id>,
    pub passphrase: &'a str,
    /// The store's "now" (the demo data's), so the current campaign is the one filled.
    pub now: DateTime<Utc>,
    /// Runs per timed figure.
    pub runs: usize,
    /// How big the documents and the import are.
    pub sizes: Sizes,
}

/// The sizes of the document and exchange figures.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Stops of the short trip's briefing pack.
    pub brief_stops: usize,
    /// Stops of the long trip, whose briefing pack is the long document.
    pub long_stops: usize,
    /// Pages the long document must have at least.
    pub long_pages: usize,
    /// Employers per import.
    pub import_rows: usize,
    /// Rows per past-visit import (a school's visit ledger).
    pub past_visit_rows: usize,
    /// The demo store a team is made of (`team_*` figures).
    pub team_store: demo::Size,
    /// The photo attached (`attach_10mb_photo`): its width and height in pixels.
    pub photo: (u32, u32),
    /// MiB of the large file attached (`attach_200mb_*`, `attachment_storage_*`).
    pub big_file_mib: u32,
}

impl Sizes {
    /// The issues' sizes: a 10-stop pack, a 50-page document, 20,000 employers.
    pub const ISSUES: Sizes = Sizes {
        brief_stops: 10,
        long_stops: 24,
        long_pages: 50,
        import_rows: 20_000,
        past_visit_rows: 5_000,
        team_store: demo::Size::Campus,
        photo: (3600, 2700),
        big_file_mib: 200,
    };
    /// Small enough for the small demo store (the smoke test).
    pub const SMOKE: Sizes = Sizes {
        brief_stops: 2,
        long_stops: 2,
        long_pages: 1,
        import_rows: 50,
        past_visit_rows: 50,
        team_store: demo::Size::Small,
        photo: (1200, 900),
        big_file_mib: 8,
    };
}

/// The search queries of `len` characters: pieces of the store's own employer names.
fn queries(conn: &Connection, len: usize, count: usize) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT data ->> 'name' FROM employers WHERE deleted_at IS NULL ORDER BY id LIMIT 500")?;
    let names: Vec<Vec<char>> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|n| n.map(|n| n.chars().collect()))
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<String> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        // Skip the school-wide prefix most names share (city names), so queries vary.
        let start = if name.len() >= len + 2 { 2 + i % (name.len() - len - 1) } else { 0 };
        let piece: String = name[start..name.len().min(start + len)].iter().collect();
        if piece.chars().count() == len && piece.chars().all(char::is_alphanumeric) && !out.contains(&piece) {
            out.push(piece);
        }
        if out.len() == count {
            break;
        }
    }
    Ok(out)
}

/// `runs` 6-week windows, starting a week apart from the campaign's start.
fn windows(conn: &Connection, now: DateTime<Utc>, runs: usize) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let today = ledger::today(conn, now)?;
    let start = ledger::start_of_day(today.campaign.data.starts_on, today.zone);
    let weeks = ((today.campaign.data.ends_on - today.campaign.data.starts_on).num_weeks() - 6).max(1);
    Ok((0..runs as i64).map(|i| start + Duration::weeks(i % weeks)).map(|f| (f, f + Duration::weeks(6))).collect())
}

/// The read workload of the encryption cost: calendar, search, dashboard and ledger.
fn mixed(
    conn: &Connection,
    now: DateTime<Utc>,
    queries: &[String],
    windows: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Result<()> {
    let today = ledger::today(conn, now)?;
    for (q, (from, to)) in queries.iter().zip(windows) {
        calendar::range(conn, *from, *to, &Filter::default(), MONTH_PER_DAY, now)?;
        search::search(conn, q, search::MAX_HITS)?;
    }
    dashboard::build(conn, now)?;
    ledger::figures(conn, None, None, today.date)?;
    Ok(())
}

/// Copies the closed store `from` into a new folder `to` (database and key slots).
fn copy_store(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Exports the open encrypted database to a plain SQLite file at `dest`.
fn export_plain(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        std::fs::remove_file(dest)?;
    }
    let dest_text = dest.to_str().ok_or_else(|| Error::Invalid(format!("not a UTF-8 path: {}", dest.display())))?;
    conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [dest_text])?;
    let exported = conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()));
    conn.execute_batch("DETACH DATABASE plain")?;
    Ok(exported?)
}

/// Opens the plain twin as the store opens its database, without a key.
fn open_plain(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch(&store::connection_pragmas(path))?;
    Ok(conn)
}

/// The bytes of text the search index is built from: every live record's search text.
fn indexed_text_bytes(conn: &Connection) -> Result<u64> {
    let mut total = 0u64;
    each_search_text(conn, |text| {
        total += text.len() as u64;
        Ok(())
    })?;
    Ok(total)
}

/// Calls `f` with every live record's search text (what the index is built from).
fn each_search_text(conn: &Connection, mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
    fn each<T: Record>(conn: &Connection, f: &mut dyn FnMut(&str) -> Result<()>) -> Result<()> {
        let sql = format!("SELECT data FROM {} WHERE deleted_at IS NULL", T::KIND.table());
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let data: String = row.get(0)?;
            let record: T = serde_json::from_str(&data).map_err(|e| Error::Invalid(e.to_string()))?;
            f(&record.search_text())?;
        }
        Ok(())
    }
    use model::*;
    each::<Person>(conn, &mut f)?;
    each::<Employer>(conn, &mut f)?;
    each::<Contact>(conn, &mut f)?;
    each::<Trip>(conn, &mut f)?;
    each::<Visit>(conn, &mut f)?;
    each::<JobPosting>(conn, &mut f)?;
    each::<InternshipBase>(conn, &mut f)?;
    each::<DemandSurvey>(conn, &mut f)?;
    each::<FollowupSurvey>(conn, &mut f)?;
    each::<Task>(conn, &mut f)?;
    each::<Note>(conn, &mut f)?;
    each::<ContactPlan>(conn, &mut f)
}

/// Side by side (issue 21): `f` and a `baseline` doing the plain version of its work, on the
/// same inputs, interleaved so a change of the machine's load falls on both alike. Returns the
/// medians of both, in milliseconds.
fn side_by_side<I>(
    inputs: &[I],
    mut f: impl FnMut(&I) -> Result<()>,
    mut baseline: impl FnMut(&I) -> Result<()>,
) -> Result<(f64, f64)> {
    let (mut mine, mut plain) = (Vec::new(), Vec::new());
    for input in inputs {
        let (done, ms) = time(|| f(input));
        done?;
        mine.push(ms);
        let (done, ms) = time(|| baseline(input));
        done?;
        plain.push(ms);
    }
    Ok((percentile(&mine, 50.0), percentile(&plain, 50.0)))
}

/// Adds a side-by-side figure: the ratio of the medians, with both kept as notes.
fn add_ratio(report: &mut Report, name: &str, (mine, plain): (f64, f64)) {
    report.add(name, mine / plain.max(f64::EPSILON), "ratio", None);
    report.note(&format!("{name}_ms"), serde_json::json!({ "measured": round(mine), "baseline": round(plain) }));
}

/// The bytes of the search index, by table (dbstat): FTS5's shadow tables and the rowid map.
fn index_bytes(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    let mut stmt = conn.prepare(
        "SELECT name, sum(pgsize) FROM dbstat
         WHERE name LIKE 'search\\_%' ESCAPE '\\' OR name LIKE 'sqlite\\_autoindex\\_search\\_%' ESCAPE '\\'
         GROUP BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A completed visit of the store with both its surveys, as the model of the visits saved.
fn model_visit(conn: &Connection) -> Result<(Visit, DemandSurvey, FollowupSurvey)> {
    let id: Id = conn.query_row(
        "SELECT v.id FROM visits v JOIN demand_surveys d ON d.visit_id = v.id JOIN followup_surveys f ON f.visit_id = v.id
         WHERE v.status = 'completed' AND v.deleted_at IS NULL ORDER BY v.id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let detail = visits::detail(conn, &id)?;
    let demand = detail.demand.ok_or_else(|| Error::Invalid("visit without demand survey".into()))?.data;
    let followup = detail.followup.ok_or_else(|| Error::Invalid("visit without follow-up survey".into()))?.data;
    Ok((detail.visit.data, demand, followup))
}

/// Saves one visit with its surveys, as one user action (one audited batch, one durable
/// transaction): planned, completed with its outcome, and its demand and follow-up surveys.
fn save_visit(
    store: &mut Store,
    now: DateTime<Utc>,
    model: &(Visit, DemandSurvey, FollowupSurvey),
    i: i64,
) -> Result<()> {
    let (visit, demand, followup) = model;
    let start = now + Duration::days(1 + i % 300);
    let planned = Visit {
        status: VisitStatus::Planned,
        planned_start: start,
        planned_end: start + Duration::hours(2),
        actual_start: None,
        actual_end: None,
        trip_id: None,
        trip_seq: None,
        ..visit.clone()
    };
    store.write(now, |tx| {
        let id = visits::plan(tx, planned)?.id;
        let done = visits::Completion {
            actual_start: start,
            actual_end: start + Duration::hours(2),
            summary: visit.summary.clone(),
            outcome: visit.outcome.clone(),
            job_postings: Vec::new(),
            internship_bases: Vec::new(),
        };
        visits::complete(tx, &id, done)?;
        visits::record_demand(tx, DemandSurvey { visit_id: id.clone(), ..demand.clone() })?;
        visits::record_followup(tx, FollowupSurvey { visit_id: id, ..followup.clone() })?;
        Ok(())
    })
}

/// Makes a store in `dir` for the campaign of `year` (March to August, Beijing time) and fills
/// it with the demo data of `size`, as of `now`; then locks it. For the smoke test and the
/// micro-benchmarks (`make bench` makes its store with the CLI, as a user would).
pub fn make_store(dir: &Path, size: demo::Size, passphrase: &str, kdf: KdfParams, now: DateTime<Utc>) -> Result<()> {
    let year = now.year();
    let day = |m| chrono::NaiveDate::from_ymd_opt(year, m, 1).ok_or_else(|| Error::Invalid("date".into()));
    let campaign = model::Campaign::new("书记校长访企拓岗促就业专项行动", day(3)?, day(9)? - Duration::days(1));
    let person = model::Person::new("王书记", model::Role::Secretary);
    let opts = InitOptions { person, passphrase, school: "示例职业技术学院", campaign, kdf, now };
    let mut store = Store::init(dir, opts)?.store;
    demo::fill(&mut store, size, 1, now)?;
    store.lock()
}

/// The figure names every run produces, in the order of [`run`].
pub const FIGURES: &[&str] = &[
    "kdf_argon2id_ms",
    "open_raw_key_ms",
    "calendar_6_weeks_p95_ms",
    "calendar_6_weeks_all_leaders_p95_ms",
    "dashboard_vs_count_ratio",
    "search_vs_like_scan_ratio",
    "search_1_char_p95_ms",
    "search_2_chars_p95_ms",
    "search_3_chars_p95_ms",
    "search_6_chars_p95_ms",
    "dashboard_p95_ms",
    "ledger_figures_p95_ms",
    "encryption_cost_ratio",
    "search_index_ratio",
    "save_visit_with_surveys_p95_ms",
    "brief_10_stops_p95_ms",
    "brief_10_stops_mib",
    "summary_whole_campaign_p95_ms",
    "document_50_pages_p95_ms",
    "document_50_pages_mib",
    "import_20k_employers_p95_ms",
    "import_5k_past_visits_p95_ms",
    "export_ledger_xlsx_p95_ms",
    "export_standard_xlsx_p95_ms",
    "dashboard_during_export_p95_ms",
    "team_create_ms",
    "team_docs_ratio",
    "team_welcome_mib",
    "team_welcome_ms",
    "team_save_visit_p95_ms",
    "team_bundle_bytes_per_visit",
    "team_apply_1000_visits_ms",
    "direct_sync_1000_visits_ms",
    "attach_10mb_photo_p95_ms",
    "visit_20_photos_thumbnails_p95_ms",
    "attachment_storage_vault_200mb_ms",
    "attachment_storage_sqlcipher_200mb_ms",
];

/// Measures every figure of [`FIGURES`].
pub fn run(cfg: &Config<'_>) -> Result<Report> {
    let mut report = Report::default();
    let runs = cfg.runs.max(2);
    let work = cfg.scratch.join("store");
    let plain_path: PathBuf = cfg.scratch.join("plain.db");
    std::fs::create_dir_all(cfg.scratch)?;
    let (_, copy_ms) = time(|| copy_store(cfg.store, &work));
    report.note("copy_store_ms", round(copy_ms));
    report.note("store_bytes", std::fs::metadata(work.join(store::DB_FILE))?.len());

    // Unlocking: the key derivation, then opening the database with the raw key it unwraps.
    let slots = KeySlots::load(&work)?;
    let secret = Secret::Passphrase { person_id: cfg.person, passphrase: cfg.passphrase };
    let (opened, kdf_ms) = time(|| slots.open(&secret));
    let (key, slot) = opened?;
    let actor = slot.person_id.clone().ok_or_else(|| Error::Invalid("slot without person".into()))?;
    report.add("kdf_argon2id_ms", kdf_ms, "ms", None);
    let mut open_ms = Vec::new();
    for _ in 0..runs {
        let (store, ms) = time(|| Store::open_with_key(&work, key.clone(), actor.clone()));
        store?.lock()?;
        open_ms.push(ms);
    }
    report.timed("open_raw_key_ms", &open_ms, Some(10.0));

    let mut store = Store::open_with_key(&work, key, actor)?;
    let conn = store.conn();
    let today = ledger::today(conn, cfg.now)?;
    let windows = windows(conn, cfg.now, runs)?;
    // The calendar's month view as a principal leader opens theirs: their own six weeks. Then
    // the whole team's: in this store tens of thousands of visits (the count is noted), of
    // which the view draws the first of each day and counts the rest.
    let mine = Filter { leaders: vec![secretary(conn)?], ..Filter::default() };
    let calendar_ms =
        sample(&windows, |(from, to)| calendar::range(conn, *from, *to, &mine, MONTH_PER_DAY, cfg.now).map(drop))?;
    report.timed("calendar_6_weeks_p95_ms", &calendar_ms, Some(5.0));
    let all = calendar::range(conn, windows[0].0, windows[0].1, &Filter::default(), MONTH_PER_DAY, cfg.now)?;
    let hidden: u32 = all.hidden.iter().map(|h| h.visits).sum();
    report.note("calendar_6_weeks_all_leaders_visits", all.events.len() as u32 + hidden);
    report.note("calendar_6_weeks_all_leaders_drawn", all.events.len());
    let team_ms = sample(&windows, |(from, to)| {
        calendar::range(conn, *from, *to, &Filter::default(), MONTH_PER_DAY, cfg.now).map(drop)
    })?;
    report.timed("calendar_6_weeks_all_leaders_p95_ms", &team_ms, Some(50.0));

    for (len, name) in [
        (1, "search_1_char_p95_ms"),
        (2, "search_2_chars_p95_ms"),
        (3, "search_3_chars_p95_ms"),
        (6, "search_6_chars_p95_ms"),
    ] {
        let qs = queries(conn, len, runs)?;
        if qs.is_empty() {
            return Err(Error::Invalid(format!("no employer name has {len} characters to search for")));
        }
        let picked: Vec<String> = (0..runs).map(|i| qs[i % qs.len()].clone()).collect();
        let ms = sample(&picked, |q| search::search(conn, q, search::MAX_HITS).map(drop))?;
        report.timed(name, &ms, Some(20.0));
    }

    let rounds: Vec<usize> = (0..runs).collect();
    let ms = sample(&rounds, |_| dashboard::build(conn, cfg.now).map(drop))?;
    report.timed("dashboard_p95_ms", &ms, Some(10.0));
    let ms = sample(&rounds, |_| ledger::figures(conn, None, None, today.date).map(drop))?;
    report.timed("ledger_figures_p95_ms", &ms, Some(10.0));

    // Encryption cost: the same reads on the store and on a plain twin, alternating rounds so
    // a change of load falls on both alike.
    let (exported, export_ms) = time(|| export_plain(conn, &plain_path));
    exported?;
    report.note("export_plain_ms", round(export_ms));
    let plain = open_plain(&plain_path)?;
    let mix_queries: Vec<String> = queries(conn, 2, 8)?.into_iter().chain(queries(conn, 1, 4)?).collect();
    let mix_windows = self::windows(conn, cfg.now, mix_queries.len())?;
    let (mut encrypted_ms, mut plain_ms) = (0.0, 0.0);
    mixed(conn, cfg.now, &mix_queries, &mix_windows)?;
    mixed(&plain, cfg.now, &mix_queries, &mix_windows)?;
    for _ in 0..runs.div_ceil(4).max(2) {
        if encrypted_ms + plain_ms > BUDGET_MS * 2.0 {
            break;
        }
        let (done, ms) = time(|| mixed(conn, cfg.now, &mix_queries, &mix_windows));
        done?;
        encrypted_ms += ms;
        let (done, ms) = time(|| mixed(&plain, cfg.now, &mix_queries, &mix_windows));
        done?;
        plain_ms += ms;
    }
    report.add("encryption_cost_ratio", encrypted_ms / plain_ms, "ratio", Some(1.15));
    report.note("mixed_workload_encrypted_ms", round(encrypted_ms));
    report.note("mixed_workload_plain_ms", round(plain_ms));
    drop(plain);

    // The index is FTS5's tables; the map from its rowids to records is reported beside it.
    let index = index_bytes(conn)?;
    let text = indexed_text_bytes(conn)?;
    let fts: u64 = index.iter().filter(|(name, _)| name.starts_with("search_fts")).map(|(_, b)| b).sum();
    report.add("search_index_ratio", fts as f64 / text.max(1) as f64, "ratio", Some(3.0));
    let with_map = index.values().sum::<u64>() as f64 / text.max(1) as f64;
    report.note("search_index_with_rowid_map_ratio", round(with_map));
    report.note("search_index_bytes", serde_json::to_value(&index).unwrap_or_default());
    report.note("search_text_bytes", text);

    // Side by side: the dashboard against counting the visits, and search against scanning
    // the same text with LIKE (in memory, so the scan pays no decryption).
    let rounds: Vec<usize> = (0..runs).collect();
    let count_visits = |_: &usize| -> Result<()> {
        conn.query_row("SELECT count(*) FROM visits", [], |r| r.get::<_, i64>(0))?;
        Ok(())
    };
    let ratio = side_by_side(&rounds, |_| dashboard::build(conn, cfg.now).map(drop), count_visits)?;
    add_ratio(&mut report, "dashboard_vs_count_ratio", ratio);
    let texts = Connection::open_in_memory()?;
    texts.execute_batch("CREATE TABLE texts (text TEXT NOT NULL)")?;
    let mut insert = texts.prepare("INSERT INTO texts (text) VALUES (?1)")?;
    each_search_text(conn, |text| Ok(insert.execute([text]).map(drop)?))?;
    drop(insert);
    let qs = queries(conn, 2, runs.min(20))?;
    let like = |q: &String| -> Result<()> {
        texts.query_row("SELECT count(*) FROM texts WHERE text LIKE '%' || ?1 || '%'", [q], |r| r.get::<_, i64>(0))?;
        Ok(())
    };
    let ratio = side_by_side(&qs, |q| search::search(conn, q, search::MAX_HITS).map(drop), like)?;
    add_ratio(&mut report, "search_vs_like_scan_ratio", ratio);

    // Writes last, on the copy: each save one durable transaction (synchronous = FULL).
    let model = model_visit(store.conn())?;
    let mut save_ms = Vec::new();
    for i in 0..runs as i64 {
        // The app merges the search index and checkpoints the WAL between the user's actions
        // (its guard, every 5 s), not in a save (`Store::tidy`); a save follows that.
        store.tidy()?;
        let (saved, ms) = time(|| save_visit(&mut store, cfg.now, &model, i));
        saved?;
        save_ms.push(ms);
    }
    report.timed("save_visit_with_surveys_p95_ms", &save_ms, Some(10.0));

    documents(&mut report, &mut store, cfg.now, runs, cfg.sizes)?;
    exchange(&mut report, &mut store, cfg, today.date)?;
    attachment_figures(&mut report, &mut store, cfg)?;
    store.lock()?;
    team_figures(&mut report, cfg)?;
    Ok(report)
}

/// The first principal leader (the secretary), whose calendar and trips are measured.
fn secretary(conn: &Connection) -> Result<Id> {
    Ok(conn.query_row("SELECT id FROM people WHERE role = 'secretary' ORDER BY created_at, id LIMIT 1", [], |r| {
        r.get(0)
    })?)
}

/// Adds a trip of the next `stops` planned visits that are in no trip yet of the leader with
/// the most planned visits (so the stops fit in a trip's 60 days).
fn trip_of(store: &mut Store, now: DateTime<Utc>, stops: usize) -> Result<Id> {
    let leader: Id = store.conn().query_row(
        "SELECT person_id FROM visit_people WHERE status = 'planned' GROUP BY person_id ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let visits: Vec<Id> = store
        .conn()
        .prepare(
            "SELECT v.id FROM visit_people vp JOIN visits v ON v.id = vp.visit_id
             WHERE vp.person_id = ?1 AND vp.status = 'planned' AND vp.starts_at > ?2 AND v.trip_id IS NULL
             ORDER BY vp.starts_at LIMIT ?3",
        )?
        .query_map(rusqlite::params![leader, store::records::timestamp(now), stops as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if visits.len() < stops {
        return Err(Error::Invalid(format!("the busiest leader has {} planned visits, not {stops}", visits.len())));
    }
    let day = now.date_naive();
    let trip = model::Trip {
        leader_id: leader,
        title: format!("{stops} 站出访"),
        starts_on: day,
        ends_on: day,
        notes: String::new(),
    };
    let stops: Vec<Stop> = visits.into_iter().map(|visit_id| Stop { visit_id, travel_note: "高铁".into() }).collect();
    Ok(store.write(now, |tx| trips::build(tx, trip, &stops))?.trip.id)
}

/// Times a document from the store to its PDF bytes, `runs` times; returns the last PDF.
fn document(
    report: &mut Report,
    name: &str,
    target_ms: f64,
    runs: usize,
    make: impl Fn() -> Result<report::Document>,
) -> Result<report::Pdf> {
    let rounds: Vec<usize> = (0..runs).collect();
    let mut pdf = None;
    let ms = sample(&rounds, |_| {
        pdf = Some(make()?.render(&mut |_, _| {})?);
        Ok(())
    })?;
    report.timed(&format!("{name}_p95_ms"), &ms, Some(target_ms));
    pdf.ok_or_else(|| Error::Invalid(format!("{name}: no run")))
}

/// Issue 5's figures: a 10-stop briefing pack, the whole campaign's summary and a document of
/// at least 50 pages (a longer trip's briefing pack), each made from the store and written.
fn documents(report: &mut Report, store: &mut Store, now: DateTime<Utc>, runs: usize, sizes: Sizes) -> Result<()> {
    let runs = runs.min(20);
    let short = trip_of(store, now, sizes.brief_stops)?;
    let long = trip_of(store, now, sizes.long_stops)?;
    // On the store's reader, as the app makes them.
    let (reader, vault) = (store.reader(), store.vault());
    let mib = |pdf: &report::Pdf| pdf.bytes.len() as f64 / (1024.0 * 1024.0);
    let pdf =
        document(report, "brief_10_stops", 200.0, runs, || reader.read(|c| report::brief(c, &vault, &short, now)))?;
    report.add("brief_10_stops_mib", mib(&pdf), "MiB", Some(1.0));
    report.note("brief_10_stops_pages", pdf.pages);
    let summary = || reader.read(|c| report::summary(c, &vault, None, None, now));
    let pdf = document(report, "summary_whole_campaign", 1000.0, runs.min(10), summary)?;
    report.note("summary_whole_campaign_pages", pdf.pages);
    let pdf = document(report, "document_50_pages", 2000.0, runs.min(10), || {
        reader.read(|c| report::brief(c, &vault, &long, now))
    })?;
    report.add("document_50_pages_mib", mib(&pdf), "MiB", Some(3.0));
    report.note("document_50_pages_pages", pdf.pages);
    if pdf.pages < sizes.long_pages {
        return Err(Error::Invalid(format!(
            "the long briefing pack has {} pages, not {}",
            pdf.pages, sizes.long_pages
        )));
    }
    Ok(())
}

/// `rows` employers as an office's CSV would list them (name, credit code, region, contact,
/// mobile), none in the store yet: batch `batch` of the import figure.
pub fn import_csv(rows: usize, batch: usize) -> String {
    let mut out = String::from("单位名称,统一社会信用代码,所在地区,联系人,手机\n");
    for i in 0..rows {
        let first17 = format!("9111{batch:04}{i:09}");
        let check = model::validate::credit_code_check_char(&first17).unwrap_or('0');
        out.push_str(&format!(
            "基准导入{batch}号批次第{i}号科技有限公司,{first17}{check},北京市海淀区,联系人{i},139{i:08}\n"
        ));
    }
    out
}

/// `rows` past visits as a school's visit ledger lists them (the standard's columns), each to an
/// employer not in the store yet, led by `leaders` in turn over the days from `first`: batch
/// `batch` of the past-visit import figure.
pub fn past_visits_csv(leaders: &[String], rows: usize, batch: usize, first: chrono::NaiveDate) -> String {
    let mut out = String::from(
        "序号,走访企业名称,走访企业统一社会信用代码,需求专业名称,可提供岗位数,牵头拜访人,拜访时间,接受实习生人数,走访形式\n",
    );
    for i in 0..rows {
        let first17 = format!("9122{batch:04}{i:09}");
        let check = model::validate::credit_code_check_char(&first17).unwrap_or('0');
        let day = first + chrono::Days::new((i % 120) as u64);
        let interns = if i % 7 == 0 { "6" } else { "" };
        out.push_str(&format!(
            "{},往年走访{batch}号批次第{i}号制造有限公司,{first17}{check},数控技术,{},{},{},{interns},实地走访\n",
            i + 1,
            1 + i % 10,
            leaders[i % leaders.len()],
            day.format("%Y%m%d"),
        ));
    }
    out
}

/// Issue 6's figures: importing 20,000 employers (into the large store, each batch new), and
/// exporting the whole campaign's ledger workbook (on the store's reader, as the app does);
/// and issue 14's, the dashboard while that export runs.
fn exchange(report: &mut Report, store: &mut Store, cfg: &Config<'_>, today: chrono::NaiveDate) -> Result<()> {
    let runs = cfg.runs.clamp(2, 3);
    // The ledger of the store as made, before the imports below add employers to it.
    let options = LedgerOptions { campaign: None, period: None, today, book: Book::Ledger };
    let path = cfg.scratch.join("ledger.xlsx");
    let rounds: Vec<usize> = (0..runs).collect();
    let export = |path: &Path| store.reader().read(|conn| ledger_book::export_xlsx(conn, &options, path));
    let ms = sample(&rounds, |_| export(&path))?;
    report.timed("export_ledger_xlsx_p95_ms", &ms, Some(3000.0));
    report.note("export_ledger_xlsx_bytes", std::fs::metadata(&path)?.len());
    dashboard_during_export(report, store, cfg, &options)?;
    // Issue 17: the data standard's table of the whole campaign's completed visits.
    let standard = LedgerOptions { book: Book::Standard, ..options.clone() };
    let path = cfg.scratch.join("standard.xlsx");
    let ms = sample(&rounds, |_| store.reader().read(|conn| ledger_book::export_xlsx(conn, &standard, &path)))?;
    report.timed("export_standard_xlsx_p95_ms", &ms, Some(3000.0));

    let mut import_ms = Vec::new();
    let rows = cfg.sizes.import_rows;
    for batch in 0..runs {
        let csv = import_csv(rows, batch);
        store.tidy()?;
        let (done, ms) = time(|| import::commit(store, csv.as_bytes(), &ImportOptions::default(), cfg.now));
        let created = done?.preview.counts.created as usize;
        if created != rows {
            return Err(Error::Invalid(format!("the import created {created} employers, not {rows}")));
        }
        import_ms.push(ms);
    }
    report.timed("import_20k_employers_p95_ms", &import_ms, Some(3000.0));

    // Issue 17: a school's past visit ledger of 5,000 rows, its leaders already people.
    let campaign = visitdesk_core::ledger::current_campaign(store.conn(), today)?;
    let leaders: Vec<String> =
        records::list::<model::Person>(store.conn(), "role IN ('secretary', 'president', 'leader')", "id", [])?
            .into_iter()
            .map(|p| p.data.name)
            .collect();
    let mut past_ms = Vec::new();
    let rows = cfg.sizes.past_visit_rows;
    let visits = ImportOptions { importing: import::Importing::Visits, ..ImportOptions::default() };
    for batch in 0..runs {
        let csv = past_visits_csv(&leaders, rows, batch, campaign.data.starts_on);
        store.tidy()?;
        let (done, ms) = time(|| import::commit(store, csv.as_bytes(), &visits, cfg.now));
        let added = done?.preview.counts.visits_added as usize;
        if added != rows {
            return Err(Error::Invalid(format!("the import added {added} visits, not {rows}")));
        }
        past_ms.push(ms);
    }
    report.timed("import_5k_past_visits_p95_ms", &past_ms, Some(5000.0));
    Ok(())
}

/// A team of two laptops made from a fresh demo store of `cfg.sizes.team_store`: making the
/// team (a document for every record), the newcomer's welcome written and opened, saving a
/// visit with the merge engine in place, then 1,000 visits edited on one laptop and their
/// bundle applied on the other.
fn team_figures(report: &mut Report, cfg: &Config<'_>) -> Result<()> {
    let dir = cfg.scratch.join("team");
    let _ = std::fs::remove_dir_all(&dir);
    let (admin_dir, joiner_dir) = (dir.join("admin"), dir.join("joiner"));
    make_store(&admin_dir, cfg.sizes.team_store, cfg.passphrase, KdfParams::TEST, cfg.now)?;
    let bytes_before = std::fs::metadata(admin_dir.join(store::DB_FILE))?.len();
    let mut admin = Store::unlock(&admin_dir, None, cfg.passphrase, cfg.now)?;
    let (made, ms) = time(|| team::create(&mut admin, "王书记的笔记本", cfg.now));
    made?;
    report.add("team_create_ms", ms, "ms", None);
    let docs: i64 = admin.conn().query_row("SELECT coalesce(sum(length(doc)), 0) FROM team_docs", [], |r| r.get(0))?;
    report.add("team_docs_ratio", docs as f64 / bytes_before as f64, "ratio", Some(0.3));

    let (created, request) = team::join_request(
        &joiner_dir,
        "张秘书",
        model::Role::Staff,
        "张秘书的电脑",
        cfg.passphrase,
        KdfParams::TEST,
        cfg.now,
    )?;
    let mut joiner = created.store;
    let (welcome, written_ms) = time(|| team::accept(&mut admin, &request, Access::Leader, cfg.now));
    let welcome = welcome?;
    report.add("team_welcome_mib", welcome.len() as f64 / 1048576.0, "MiB", None);
    let (joined, opened_ms) = time(|| team::join(&mut joiner, &welcome, cfg.now));
    joined?;
    report.add("team_welcome_ms", written_ms + opened_ms, "ms", Some(60_000.0));
    // What the newcomer has is confirmed to the admin, so the next bundle holds only what changes.
    let back = team::export(&mut joiner, cfg.now)?;
    team::import(&mut admin, &back, cfg.now)?;

    // Saving a visit with its surveys, its documents kept in step in the same transaction.
    let model = model_visit(admin.conn())?;
    let mut save_ms = Vec::new();
    for i in 0..cfg.runs.max(2) as i64 {
        admin.tidy()?;
        let (saved, ms) = time(|| save_visit(&mut admin, cfg.now, &model, i));
        saved?;
        save_ms.push(ms);
    }
    report.timed("team_save_visit_p95_ms", &save_ms, Some(10.0));
    let back = team::export(&mut joiner, cfg.now)?;
    team::import(&mut admin, &back, cfg.now)?;
    let mine = team::export(&mut admin, cfg.now)?;
    team::import(&mut joiner, &mine, cfg.now)?;

    let visits: Vec<(Id, model::Visit)> = records::list::<model::Visit>(admin.conn(), "1", "id", [])?
        .into_iter()
        .take(1000)
        .map(|v| (v.id, v.data))
        .collect();
    admin.write(cfg.now, |tx| {
        for (id, visit) in &visits {
            tx.update(id, model::Visit { objectives: format!("{} · 复访", visit.objectives), ..visit.clone() })?;
        }
        Ok(())
    })?;
    let bundle = team::export(&mut admin, cfg.now)?;
    report.add("team_bundle_bytes_per_visit", bundle.len() as f64 / visits.len().max(1) as f64, "B", Some(2048.0));
    let (imported, ms) = time(|| team::import(&mut joiner, &bundle, cfg.now));
    let imported = imported?;
    // The small size for the harness's own test has fewer visits: scaled to 1,000.
    report.add("team_apply_1000_visits_ms", ms * 1000.0 / visits.len().max(1) as f64, "ms", Some(2000.0));
    report.note("team_visits_edited", visits.len());
    report.note("team_records_applied", imported.records);

    // Direct sync (issue 20): the same visits edited again, carried over loopback, from the
    // dial to the last record applied on the other laptop.
    admin.write(cfg.now, |tx| {
        for (id, visit) in &visits {
            tx.update(id, model::Visit { objectives: format!("{} · 三访", visit.objectives), ..visit.clone() })?;
        }
        Ok(())
    })?;
    let (ms, applied) = direct_over_loopback(admin, joiner, cfg.now)?;
    report.add("direct_sync_1000_visits_ms", ms * 1000.0 / visits.len().max(1) as f64, "ms", Some(3000.0));
    report.note("direct_records_applied", applied);
    Ok(())
}

/// Syncs `from` with `to` once over 127.0.0.1, each behind its own node as in the app: the
/// milliseconds from the dial to `to` having applied `from`'s bundle, and the records it changed.
fn direct_over_loopback(from: Store, to: Store, now: DateTime<Utc>) -> Result<(f64, usize)> {
    use visitdesk_net::{Node, Options, OwnStore};
    let identity = |s: &Store| team::direct::identity(s.conn());
    let (from_id, to_id) = (identity(&from)?, identity(&to)?);
    let (from, to) = (OwnStore::new(from, move || now), OwnStore::new(to, move || now));
    let loopback = || Options { bind: Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0))), mdns: false };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        let answerer = Node::start(&to_id, to, loopback()).await?;
        let dialer = Node::start(&from_id, from, loopback()).await?;
        let mut answered = answerer.answered();
        let start = Instant::now();
        dialer.sync_ticket(&answerer.ticket()).await?;
        let served = answered.recv().await.map_err(|e| Error::Invalid(e.to_string()))?.map_err(Error::Invalid)?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        dialer.close().await;
        answerer.close().await;
        Ok((ms, served.imported.records))
    })
}

/// A JPEG of `w`×`h` pixels of noise at `quality`: it compresses as a photo's fine detail does,
/// so its size is a camera's.
fn noise_jpeg(w: u32, h: u32, quality: u8) -> Result<Vec<u8>> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let n = (state >> 33) as u8;
        // Noise over a gradient, as light over a scene.
        image::Rgb([n / 2 + (x % 128) as u8, n / 2 + (y % 128) as u8, n])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(&image)
        .map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(bytes)
}

/// Issue 18's figures: attaching a 10 MB photo (its thumbnail and document copy made), listing
/// a visit's 20 photos with their thumbnails (what the visit page shows), and the two ways of
/// keeping content side by side: the vault's files and the same bytes in SQLCipher, in 256 KiB
/// rows. The memory a 200 MB file takes is measured on a process of its own
/// ([`attached_over_idle`]).
fn attachment_figures(report: &mut Report, store: &mut Store, cfg: &Config<'_>) -> Result<()> {
    use visitdesk_core::attachments::{self, AttachmentSettings, Target};
    let dir = cfg.scratch.join("attachments");
    std::fs::create_dir_all(&dir)?;
    store.write(cfg.now, |tx| {
        attachments::save_settings(tx, &AttachmentSettings { limit_mb: 512, ..AttachmentSettings::default() })
    })?;
    let visit: Id = store.conn().query_row(
        "SELECT id FROM visits WHERE deleted_at IS NULL AND status = 'completed' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let to = Target { kind: model::Kind::Visit, id: visit };

    // A 10 MB photo, attached anew each run: the same pixels, one byte after its end different.
    let photo = noise_jpeg(cfg.sizes.photo.0, cfg.sizes.photo.1, 92)?;
    report.note("attach_photo_bytes", photo.len());
    let mut attach_ms = Vec::new();
    for run in 0..cfg.runs.clamp(2, 5) {
        let path = dir.join(format!("photo-{run}.jpg"));
        std::fs::write(&path, [photo.as_slice(), &[run as u8]].concat())?;
        let (attached, ms) = time(|| attachments::attach(store, &to, std::slice::from_ref(&path), cfg.now));
        let attached = attached?;
        if attached.added.len() != 1 {
            return Err(Error::Invalid(format!("the photo was not attached: {:?}", attached.refused)));
        }
        attach_ms.push(ms);
    }
    report.timed("attach_10mb_photo_p95_ms", &attach_ms, Some(1000.0));

    // A visit page with 20 photos: the list with its thumbnails, as the page asks for it.
    let small = noise_jpeg(1600, 1200, 85)?;
    let paths: Vec<PathBuf> = (0..20 - attach_ms.len())
        .map(|i| {
            let path = dir.join(format!("small-{i}.jpg"));
            std::fs::write(&path, [small.as_slice(), &[i as u8]].concat()).map(|()| path)
        })
        .collect::<std::io::Result<_>>()?;
    attachments::attach(store, &to, &paths, cfg.now)?;
    let vault = store.vault();
    let rounds: Vec<usize> = (0..cfg.runs.max(2)).collect();
    let listed = sample(&rounds, |_| {
        let listed = attachments::list(store.conn(), &vault, &to)?;
        match listed.iter().filter(|l| l.thumb.is_some()).count() {
            20 => Ok(()),
            n => Err(Error::Invalid(format!("{n} thumbnails, not 20"))),
        }
    })?;
    report.timed("visit_20_photos_thumbnails_p95_ms", &listed, Some(300.0));

    // 200 MB through the vault (its memory is a process's of its own: `cli_attach_200mb`).
    let big = dir.join("big.pdf");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&big)?);
        out.write_all(b"%PDF-1.4\n")?;
        let block: Vec<u8> = (0..1 << 20).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        for i in 0..cfg.sizes.big_file_mib {
            out.write_all(&block)?;
            out.write_all(&[i as u8])?;
        }
    }
    let (attached, vault_ms) = time(|| attachments::attach(store, &to, std::slice::from_ref(&big), cfg.now));
    attached?;
    report.add("attachment_storage_vault_200mb_ms", vault_ms, "ms", None);

    // The other way: the same bytes as 256 KiB rows of a SQLCipher table, in one transaction,
    // in a store of its own.
    let scratch = dir.join("in-db");
    let _ = std::fs::remove_dir_all(&scratch);
    make_store(&scratch, demo::Size::Small, cfg.passphrase, KdfParams::TEST, cfg.now)?;
    let other = Store::unlock(&scratch, None, cfg.passphrase, cfg.now)?;
    other.conn().execute_batch("CREATE TABLE chunks (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)")?;
    let (written, db_ms) = time(|| -> Result<()> {
        use std::io::Read;
        let mut file = std::fs::File::open(&big)?;
        let mut buf = vec![0u8; 256 << 10];
        let tx = other.conn().unchecked_transaction()?;
        let mut seq = 0i64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            tx.execute("INSERT INTO chunks (seq, data) VALUES (?1, ?2)", rusqlite::params![seq, &buf[..n]])?;
            seq += 1;
        }
        Ok(tx.commit()?)
    });
    written?;
    report.add("attachment_storage_sqlcipher_200mb_ms", db_ms, "ms", None);
    other.lock()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The dashboard on the store's main connection while the ledger workbook is exported on its
/// reader in another thread, over and over until the dashboard has been timed `cfg.runs`
/// times: the app's calls must not wait for a long job.
fn dashboard_during_export(
    report: &mut Report,
    store: &Store,
    cfg: &Config<'_>,
    options: &LedgerOptions,
) -> Result<()> {
    let (reader, path) = (store.reader(), &cfg.scratch.join("ledger-meanwhile.xlsx"));
    let stop = &AtomicBool::new(false);
    let rounds: Vec<usize> = (0..cfg.runs.max(2)).collect();
    let (samples, exports) = std::thread::scope(|scope| {
        let (started, wait_started) = mpsc::channel();
        let exporter = scope.spawn(move || -> Result<usize> {
            let mut exports = 0;
            while !stop.load(Ordering::SeqCst) {
                reader.read(|conn| {
                    let _ = started.send(());
                    ledger_book::export_xlsx(conn, options, path)
                })?;
                exports += 1;
            }
            Ok(exports)
        });
        // No message: the exporter failed before its first export (its error is joined below).
        let samples = match wait_started.recv() {
            Ok(()) => sample(&rounds, |_| dashboard::build(store.conn(), cfg.now).map(drop)),
            Err(_) => Ok(Vec::new()),
        };
        stop.store(true, Ordering::SeqCst);
        let exports = exporter.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (samples, exports)
    });
    let (samples, exports) = (samples?, exports?);
    report.timed("dashboard_during_export_p95_ms", &samples, Some(100.0));
    report.note("dashboard_during_export_exports", exports);
    Ok(())
}

/// Adds a whole-process figure from the output of `/usr/bin/time -v`: wall time and max RSS.
pub fn add_process(report: &mut Report, name: &str, time_v: &str) -> Result<()> {
    let field = |label: &str| time_v.lines().find_map(|l| l.trim().strip_prefix(label).map(str::trim));
    let bad = || Error::Invalid(format!("{name}: not the output of /usr/bin/time -v"));
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):").ok_or_else(bad)?;
    let seconds =
        wall.split(':').try_fold(0.0, |acc, part| part.parse::<f64>().map(|p| acc * 60.0 + p)).map_err(|_| bad())?;
    let rss_kib: f64 = field("Maximum resident set size (kbytes):").and_then(|v| v.parse().ok()).ok_or_else(bad)?;
    report.add(&format!("{name}_wall_ms"), seconds * 1000.0, "ms", None);
    report.add(&format!("{name}_max_rss_mib"), rss_kib / 1024.0, "MiB", None);
    Ok(())
}

/// The memory this process holds now, and the most it has held since [`reset_peak`], in KiB
/// (Linux's `/proc/self/status`).
fn rss_kib() -> Result<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)?.trim().trim_end_matches(" kB").parse::<f64>().ok())
    };
    let bad = || Error::Invalid("no VmRSS/VmHWM in /proc/self/status".into());
    Ok((field("VmRSS:").ok_or_else(bad)?, field("VmHWM:").ok_or_else(bad)?))
}

/// Starts counting this process's peak memory afresh (Linux's `/proc/self/clear_refs`).
fn reset_peak() -> Result<()> {
    Ok(std::fs::write("/proc/self/clear_refs", "5")?)
}

/// Issue 18's memory figure, in a process of its own (`visitdesk-bench --attach-peak FILE`):
/// unlocks the store in `dir` (the key derivation's 128 MiB is freed after it), then attaches
/// `file` to its first employer and returns the peak above what the process held just before,
/// in MiB. Measured in the CLI instead, the derivation's peak hid the attachment's.
pub fn attach_peak(dir: &Path, passphrase: &str, file: &Path, now: DateTime<Utc>) -> Result<f64> {
    use visitdesk_core::attachments::{self, AttachmentSettings, Target};
    let mut store = Store::unlock(dir, None, passphrase, now)?;
    store.write(now, |tx| {
        attachments::save_settings(tx, &AttachmentSettings { limit_mb: 512, ..AttachmentSettings::default() })
    })?;
    let employer: Id =
        store
            .conn()
            .query_row("SELECT id FROM employers WHERE deleted_at IS NULL ORDER BY id LIMIT 1", [], |r| r.get(0))?;
    let to = Target { kind: model::Kind::Employer, id: employer };
    let (idle, _) = rss_kib()?;
    reset_peak()?;
    let attached = attachments::attach(&mut store, &to, &[file.to_path_buf()], now)?;
    let (_, peak) = rss_kib()?;
    if attached.added.len() != 1 {
        return Err(Error::Invalid(format!("not attached: {:?}", attached.refused)));
    }
    Ok((peak - idle) / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&samples, 95.0), 19.0);
        assert_eq!(percentile(&samples, 50.0), 10.0);
        assert_eq!(percentile(&[3.0], 95.0), 3.0);
        assert_eq!(percentile(&[], 95.0), 0.0);
    }

    #[test]
    fn process_figures_from_time_v() {
        let out = "\tCommand being timed: \"visitdesk search 华为\"\n\
                   \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
                   \tMaximum resident set size (kbytes): 20480\n";
        let mut report = Report::default();
        add_process(&mut report, "cli_search", out).unwrap();
        assert_eq!(report.figures["cli_search_wall_ms"].value, 62500.0);
        assert_eq!(report.figures["cli_search_max_rss_mib"].value, 20.0);
        assert!(add_process(&mut report, "x", "nothing").is_err());
    }
}
