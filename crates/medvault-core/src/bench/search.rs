//! `medvault bench search`: the sealed tantivy index beside SQLite FTS5 on
//! the same documents and the same query mix, in the same run. Documents are
//! made from the corpus (a real text, a passage of another, and a header
//! with a patient, a record number and a date of service), regenerated on
//! demand so the harness holds none of them.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::Row;

use super::peak_rss_mib;
use crate::classify::read_jsonl;
use crate::classify::shuffle::Shuffler;
use crate::crypto::SecretKey;
use crate::extract::{extract, DateOrder};
use crate::search::{query::parse, IndexDoc, SearchIndex};
use crate::{Error, Result};

/// What to run.
#[derive(Debug, Clone)]
pub struct SearchBenchConfig {
    pub corpus: PathBuf,
    pub docs: usize,
    /// Times the query mix runs (after one warm-up round).
    pub rounds: usize,
    /// Also time searches through a real vault of this many documents (0: skip).
    pub vault_docs: usize,
    pub work_dir: PathBuf,
}

/// One engine's figures.
#[derive(Debug, Clone, Serialize)]
pub struct IndexFigures {
    pub engine: String,
    pub index_s: f64,
    pub docs_per_s: f64,
    /// Opening the index from disk and answering a first query.
    pub open_cold_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    pub size_on_disk_mib: f64,
    /// Index bytes held in memory (tantivy: decrypted files; FTS5: page cache).
    pub index_memory_mib: f64,
    /// Documents matched over one round of the mix (both engines should be close).
    pub matches_per_round: u64,
}

/// Searches through a real vault (snippets decrypted, an audit row per search).
#[derive(Debug, Clone, Serialize)]
pub struct VaultFigures {
    pub documents: usize,
    pub reindex_docs_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct SearchBench {
    pub documents: usize,
    pub mean_chars: usize,
    pub queries_per_round: usize,
    pub rounds: usize,
    pub medvault: IndexFigures,
    pub fts5: IndexFigures,
    /// FTS5 p99 / MedVault p99 (above 1: MedVault is faster).
    pub p99_speedup: f64,
    pub vault: Option<VaultFigures>,
    pub peak_rss_mib: f64,
}

/// The query mix: MedVault's query, and the same intent in FTS5's syntax
/// (FTS5 has no fuzzy match: its query is the exact word).
pub const QUERIES: &[(&str, &str, &str)] = &[
    ("pain", "pain", ""),
    ("patient", "patient", ""),
    ("hemoglobin", "hemoglobin", ""),
    ("fracture", "fracture", ""),
    ("chest pain", "chest pain", ""),
    ("blood pressure normal", "blood pressure normal", ""),
    ("\"chest pain\"", "\"chest pain\"", ""),
    (
        "\"history of present illness\"",
        "\"history of present illness\"",
        "",
    ),
    ("cardi*", "cardi*", ""),
    ("hyperten*", "hyperten*", ""),
    ("diabtes~", "diabetes", ""),
    ("aspirin OR ibuprofen", "aspirin OR ibuprofen", ""),
    ("pain -chest", "pain NOT chest", ""),
    ("type:radiology_report", "doc_type:radiology_report", ""),
    (
        "type:lab_result_report glucose",
        "doc_type:lab_result_report glucose",
        "",
    ),
    ("mg/dL", "\"mg dl\"", ""),
    ("\"5 mg\"", "\"5 mg\"", ""),
    ("patient:garcia", "patient:garcia", ""),
    (
        "date:2020..2021 surgery",
        "surgery",
        "d.year BETWEEN 2020 AND 2021",
    ),
    (
        "knee (arthroscopy OR replacement)",
        "knee AND (arthroscopy OR replacement)",
        "",
    ),
];

const FIRST: [&str; 16] = [
    "Ann", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Jia", "Kofi",
    "Lena", "Mateo", "Noor", "Omar", "Priya",
];
const LAST: [&str; 16] = [
    "Garcia", "Lee", "Okafor", "Novak", "Haddad", "Silva", "Kim", "Moreau", "Berg", "Rossi",
    "Tanaka", "Singh", "Muller", "Costa", "Ivanova", "Brown",
];

/// Corpus entries the documents are made from.
pub(super) struct Source {
    text: String,
    doc_type: String,
    specialty: String,
    sample: String,
}

pub(super) fn load(corpus: &Path) -> Result<Vec<Source>> {
    let rows = read_jsonl(corpus)?;
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let out: Vec<Source> = rows
        .iter()
        .map(|v| Source {
            text: s(v, "text"),
            doc_type: s(v, "doc_type"),
            specialty: s(v, "specialty"),
            sample: s(v, "sample_name"),
        })
        .filter(|s| !s.text.is_empty())
        .collect();
    if out.is_empty() {
        return Err(Error::Invalid(format!(
            "{} holds no texts",
            corpus.display()
        )));
    }
    Ok(out)
}

/// Document `i` (always the same for the same corpus), with its type.
fn make(src: &[Source], i: usize) -> IndexDoc {
    let (text, base) = make_text(src, i);
    let found = extract(&text, DateOrder::MonthFirst);
    let title = format!("{} {i}", base.sample);
    IndexDoc {
        id: i as u64 + 1,
        sort_title: title.clone(),
        title,
        doc_type: Some(base.doc_type.clone()),
        tags: vec![base.specialty.to_lowercase()],
        patients: found.patients,
        dates: found.dates.iter().map(|d| d.ms).collect(),
        added: crate::store::now_ms(),
        text,
        needs_review: false,
        medications: found.medications.iter().map(|m| m.name.clone()).collect(),
        labs: found.labs.iter().map(|l| l.analyte.clone()).collect(),
        codes: found.icd10.clone(),
        providers: found.providers.clone(),
    }
}

/// The text of document `i`, and the corpus entry it is based on.
fn make_text(src: &[Source], i: usize) -> (String, &Source) {
    let mut r =
        Shuffler::new(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let base = &src[r.next() as usize % src.len()];
    let other = &src[r.next() as usize % src.len()].text;
    let len = other.len() * (20 + r.next() as usize % 20) / 100;
    let start = r.next() as usize % (other.len() - len).max(1);
    let passage = slice_chars(other, start, start + len);
    let (y, m, d) = (2015 + r.next() % 11, 1 + r.next() % 12, 1 + r.next() % 28);
    let patient = format!(
        "{} {}",
        FIRST[r.next() as usize % FIRST.len()],
        LAST[r.next() as usize % LAST.len()]
    );
    let text = format!(
        "Patient: {patient}\nMRN: {:08}\nDate of Service: {m:02}/{d:02}/{y}\n\n{}\n\n{}",
        r.next() % 100_000_000,
        base.text,
        passage
    );
    (text, base)
}

fn slice_chars(s: &str, from: usize, to: usize) -> &str {
    let mut a = from.min(s.len());
    while !s.is_char_boundary(a) {
        a += 1;
    }
    let mut b = to.min(s.len()).max(a);
    while !s.is_char_boundary(b) {
        b += 1;
    }
    &s[a..b]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Query times of a run: round 0 warms up and counts matches, later rounds are timed.
#[derive(Default)]
pub(super) struct Latencies {
    times: Vec<f64>,
    matches: u64,
}

impl Latencies {
    pub(super) fn record(&mut self, round: usize, started: Instant, matched: u64) {
        let ms = started.elapsed().as_secs_f64() * 1e3;
        if round == 0 {
            self.matches += matched;
        } else {
            self.times.push(ms);
        }
    }

    /// p50, p99 and mean, in milliseconds.
    pub(super) fn summary(&mut self) -> (f64, f64, f64) {
        self.times.sort_by(f64::total_cmp);
        let mean = self.times.iter().sum::<f64>() / self.times.len().max(1) as f64;
        (
            percentile(&self.times, 0.5),
            percentile(&self.times, 0.99),
            mean,
        )
    }

    fn figures(
        mut self,
        engine: &str,
        n: usize,
        index_s: f64,
        open_cold_ms: f64,
        dir: &Path,
        memory: f64,
    ) -> IndexFigures {
        let (p50_ms, p99_ms, mean_ms) = self.summary();
        IndexFigures {
            engine: engine.into(),
            index_s,
            docs_per_s: n as f64 / index_s,
            open_cold_ms,
            p50_ms,
            p99_ms,
            mean_ms,
            size_on_disk_mib: crate::store::folder_bytes(dir) as f64 / MIB,
            index_memory_mib: memory,
            matches_per_round: self.matches,
        }
    }
}

const MIB: f64 = 1024.0 * 1024.0;
const LIMIT: usize = 20;
const BATCH: usize = 1000;

/// Runs the benchmark.
pub async fn search_bench(cfg: &SearchBenchConfig) -> Result<SearchBench> {
    let src = load(&cfg.corpus)?;
    let n = cfg.docs.max(1);
    let mean_chars = (0..n.min(2000))
        .map(|i| make(&src, i).text.len())
        .sum::<usize>()
        / n.min(2000);
    let medvault = crate::store::blocking({
        let (src_dir, work) = (cfg.clone(), cfg.work_dir.join("tantivy"));
        move || tantivy_figures(&load(&src_dir.corpus)?, n, src_dir.rounds, &work)
    })
    .await?;
    let fts5 = fts5_figures(&src, n, cfg.rounds, &cfg.work_dir.join("fts5")).await?;
    let vault = match cfg.vault_docs {
        0 => None,
        k => Some(vault_figures(&src, k, cfg.rounds, &cfg.work_dir.join("vault")).await?),
    };
    Ok(SearchBench {
        documents: n,
        mean_chars,
        queries_per_round: QUERIES.len(),
        rounds: cfg.rounds,
        p99_speedup: fts5.p99_ms / medvault.p99_ms.max(1e-9),
        medvault,
        fts5,
        vault,
        peak_rss_mib: peak_rss_mib(),
    })
}

fn tantivy_figures(src: &[Source], n: usize, rounds: usize, dir: &Path) -> Result<IndexFigures> {
    let key = SecretKey::random()?;
    let started = Instant::now();
    {
        let idx = std::sync::Arc::new(SearchIndex::open(dir, key.clone())?);
        let mut batch = Vec::with_capacity(BATCH);
        for i in 0..n {
            batch.push(make(src, i));
            if batch.len() == BATCH {
                idx.put_uncommitted(&batch)?;
                batch.clear();
            }
        }
        idx.put_uncommitted(&batch)?;
        idx.commit()?;
        idx.close()?;
    }
    let index_s = started.elapsed().as_secs_f64();
    let nodes: Vec<_> = QUERIES
        .iter()
        .map(|(q, ..)| parse(q))
        .collect::<std::result::Result<_, _>>()?;
    let text_of = |id: u64| Some(make_text(src, id as usize - 1).0);
    let t = Instant::now();
    let idx = SearchIndex::open(dir, key)?;
    idx.run(&nodes[0], LIMIT, |_| true, text_of)?;
    let open_cold_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut lat = Latencies::default();
    for round in 0..=rounds {
        for node in &nodes {
            let t = Instant::now();
            let r = idx.run(node, LIMIT, |_| true, text_of)?;
            lat.record(round, t, r.total as u64);
        }
    }
    let memory = idx.memory_bytes() as f64 / MIB;
    Ok(lat.figures(
        "medvault (tantivy, sealed)",
        n,
        index_s,
        open_cold_ms,
        dir,
        memory,
    ))
}

async fn fts5_figures(src: &[Source], n: usize, rounds: usize, dir: &Path) -> Result<IndexFigures> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let file = dir.join("fts5.db");
    let opts = SqliteConnectOptions::from_str("sqlite:")?
        .filename(&file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts.clone())
        .await?;
    sqlx::query(
        "CREATE VIRTUAL TABLE fts USING fts5(body, title, patient, doc_type, \
         tokenize = 'porter unicode61 remove_diacritics 2')",
    )
    .execute(&pool)
    .await?;
    sqlx::query("CREATE TABLE docs (id INTEGER PRIMARY KEY, doc_type TEXT, year INTEGER)")
        .execute(&pool)
        .await?;
    let started = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(BATCH) {
        let mut tx = pool.begin().await?;
        for &i in chunk {
            let d = make(src, i);
            let year = crate::time::year_of(d.dates.first().copied().unwrap_or(d.added));
            sqlx::query(
                "INSERT INTO fts (rowid, body, title, patient, doc_type) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(d.id as i64)
            .bind(&d.text)
            .bind(&d.title)
            .bind(d.patients.join(" "))
            .bind(d.doc_type.as_deref().unwrap_or(""))
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO docs (id, doc_type, year) VALUES (?, ?, ?)")
                .bind(d.id as i64)
                .bind(&d.doc_type)
                .bind(year)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    let index_s = started.elapsed().as_secs_f64();
    pool.close().await;

    let t = Instant::now();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await?;
    fts5_query(&pool, QUERIES[0].1, "").await?;
    let open_cold_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut lat = Latencies::default();
    for round in 0..=rounds {
        for (_, q, filter) in QUERIES {
            let t = Instant::now();
            let total = fts5_query(&pool, q, filter).await?;
            lat.record(round, t, total);
        }
    }
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    // A negative cache_size is in KiB.
    let memory = if cache < 0 {
        -cache as f64 / 1024.0
    } else {
        cache as f64 * 4096.0 / MIB
    };
    Ok(lat.figures(
        "SQLite FTS5 (plain, not encrypted)",
        n,
        index_s,
        open_cold_ms,
        dir,
        memory,
    ))
}

/// What MedVault answers per query, in FTS5: the best 20 by BM25 with
/// snippets, the total, and counts by type and by year.
async fn fts5_query(pool: &sqlx::SqlitePool, q: &str, filter: &str) -> Result<u64> {
    let filter = if filter.is_empty() {
        String::new()
    } else {
        format!(" AND {filter}")
    };
    let rows = sqlx::query(&format!(
        "SELECT fts.rowid, bm25(fts), snippet(fts, 0, '[', ']', '...', 16) FROM fts \
         JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?{filter} ORDER BY bm25(fts) LIMIT ?"
    ))
    .bind(q)
    .bind(LIMIT as i64)
    .fetch_all(pool)
    .await?;
    let _snippets: Vec<String> = rows.iter().map(|r| r.get::<String, _>(2)).collect();
    let by_type: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
        "SELECT d.doc_type, count(*) FROM fts JOIN docs d ON d.id = fts.rowid \
         WHERE fts MATCH ?{filter} GROUP BY d.doc_type"
    ))
    .bind(q)
    .fetch_all(pool)
    .await?;
    let _by_year: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT d.year, count(*) FROM fts JOIN docs d ON d.id = fts.rowid \
         WHERE fts MATCH ?{filter} GROUP BY d.year"
    ))
    .bind(q)
    .fetch_all(pool)
    .await?;
    Ok(by_type.iter().map(|(_, n)| *n as u64).sum())
}

/// A new vault in `dir` (user `bench`, password [`BENCH_PASSWORD`]) holding
/// documents 0..k, each taken through the ingest pipeline.
pub(super) async fn fill_vault(
    src: &[Source],
    k: usize,
    dir: &Path,
) -> Result<(crate::Vault, crate::Session)> {
    use crate::ingest::{Pipeline, PipelineOptions, Status};
    let paths = crate::VaultPaths::new(dir);
    let (vault, s, _) = crate::Vault::create(&paths, "bench", BENCH_PASSWORD).await?;
    let pipeline = Pipeline::new(PipelineOptions::default());
    let quiet: crate::ingest::Progress = std::sync::Arc::new(|_| {});
    for i in 0..k {
        let d = make(src, i);
        let meta = crate::vault::NewDocument {
            file_name: format!("doc-{i}.txt"),
            title: Some(d.title),
            tags: d.tags,
            notes: None,
        };
        let o = pipeline
            .ingest_bytes(&vault, &s, None, meta, d.text.into_bytes(), &quiet)
            .await;
        if !matches!(o.status, Status::Done | Status::Duplicate) {
            return Err(Error::Invalid(format!("bench document {i}: {o:?}")));
        }
        s.keep_alive();
    }
    Ok((vault, s))
}

/// The password of the `bench` user in vaults the benchmarks fill.
pub const BENCH_PASSWORD: &str = "bench-password-1";

async fn vault_figures(
    src: &[Source],
    k: usize,
    rounds: usize,
    dir: &Path,
) -> Result<VaultFigures> {
    let (vault, s) = fill_vault(src, k, dir).await?;
    let t = Instant::now();
    let n = vault.reindex(&s).await?;
    let reindex_docs_per_s = n as f64 / t.elapsed().as_secs_f64();
    let mut lat = Latencies::default();
    for round in 0..=rounds {
        for (q, ..) in QUERIES {
            let t = Instant::now();
            let r = vault.search(&s, q, LIMIT).await?;
            lat.record(round, t, r.total as u64);
        }
        s.keep_alive();
    }
    vault.close().await;
    let (p50_ms, p99_ms, _) = lat.summary();
    Ok(VaultFigures {
        documents: k,
        reindex_docs_per_s,
        p50_ms,
        p99_ms,
    })
}
