//! `medvault bench library`: pages of the library (100 rows, as the app asks
//! for them) in a real vault of N documents made from the corpus, in the
//! orders and filters the library offers, beside the reference measured in
//! the same run: listing every document (each row read and decrypted), which
//! is what a page would cost without the index.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use super::search::{fill_vault, load, Latencies};
use crate::search::SortBy;
use crate::vault::{LibraryQuery, Shelf};
use crate::Result;

/// What to measure.
#[derive(Debug, Clone)]
pub struct LibraryBenchConfig {
    pub corpus: PathBuf,
    pub docs: usize,
    pub rounds: usize,
    /// Where the vault is made (user `bench`, password
    /// [`super::BENCH_PASSWORD`]); the caller decides whether to keep it. A
    /// vault already there (kept by an earlier run) is measured as it is.
    pub vault_dir: PathBuf,
}

/// One kind of page.
#[derive(Debug, Clone, Serialize)]
pub struct PageFigures {
    pub case: String,
    pub rows: usize,
    pub total: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The figures of a run.
#[derive(Debug, Serialize)]
pub struct LibraryBench {
    pub documents: usize,
    pub fill_s: f64,
    pub pages: Vec<PageFigures>,
    /// Listing every document, decrypted (the reference).
    pub list_all: PageFigures,
    /// The reference's p50 over the slowest page kind's p50.
    pub speedup: f64,
}

/// The page size the app uses.
pub const PAGE: usize = 100;

/// Fills a vault with `docs` documents and times library pages.
pub async fn library_bench(cfg: &LibraryBenchConfig) -> Result<LibraryBench> {
    let src = load(&cfg.corpus)?;
    let t = Instant::now();
    let paths = crate::VaultPaths::new(&cfg.vault_dir);
    // A vault an earlier run kept is measured again as it is.
    let (vault, s) = if crate::status(&paths)?.state == crate::VaultState::Ready {
        let v = crate::Vault::open(&paths).await?;
        let s = v.login("bench", super::BENCH_PASSWORD).await?;
        (v, s)
    } else {
        fill_vault(&src, cfg.docs, &cfg.vault_dir).await?
    };
    let fill_s = t.elapsed().as_secs_f64();
    let docs = vault
        .library(
            &s,
            &LibraryQuery {
                limit: 1,
                ..Default::default()
            },
        )
        .await?
        .total;
    let page = |sort, descending, offset, filter: &str, shelf| LibraryQuery {
        shelf,
        filter: filter.into(),
        sort,
        descending,
        offset,
        limit: PAGE,
    };
    let deep = docs.saturating_sub(PAGE);
    let cases = [
        (
            "newest first, first page",
            page(SortBy::Added, true, 0, "", Shelf::Ready),
        ),
        (
            "newest first, last page",
            page(SortBy::Added, true, deep, "", Shelf::Ready),
        ),
        (
            "title A-Z, first page",
            page(SortBy::Title, false, 0, "", Shelf::Ready),
        ),
        (
            "title A-Z, middle page",
            page(SortBy::Title, false, docs / 2, "", Shelf::Ready),
        ),
        (
            "document date, newest first",
            page(SortBy::Date, true, 0, "", Shelf::Ready),
        ),
        (
            "type filter, by date",
            page(SortBy::Date, true, 0, "type:radiology_report", Shelf::Ready),
        ),
        (
            "words + year filter",
            page(SortBy::Added, true, 0, "pain year:2020..2024", Shelf::Ready),
        ),
        (
            "needs review shelf",
            page(SortBy::Added, true, 0, "", Shelf::Review),
        ),
    ];
    let mut pages = Vec::new();
    for (name, q) in &cases {
        let mut lat = Latencies::default();
        let (mut rows, mut total) = (0, 0);
        for round in 0..=cfg.rounds {
            let t = Instant::now();
            let p = vault.library(&s, q).await?;
            lat.record(round, t, 0);
            (rows, total) = (p.rows.len(), p.total);
            s.keep_alive();
        }
        pages.push(figures(name, rows, total, lat));
    }
    let mut lat = Latencies::default();
    let mut n = 0;
    for round in 0..=cfg.rounds.min(5) {
        let t = Instant::now();
        n = vault.list_documents(&s).await?.len();
        lat.record(round, t, 0);
        s.keep_alive();
    }
    let list_all = figures("every document listed (reference)", n, n, lat);
    vault.close().await;
    let slowest = pages.iter().map(|p| p.p50_ms).fold(0.0, f64::max);
    Ok(LibraryBench {
        documents: docs,
        fill_s,
        speedup: list_all.p50_ms / slowest.max(1e-9),
        pages,
        list_all,
    })
}

fn figures(case: &str, rows: usize, total: usize, mut lat: Latencies) -> PageFigures {
    let (p50_ms, p99_ms, _) = lat.summary();
    PageFigures {
        case: case.into(),
        rows,
        total,
        p50_ms,
        p99_ms,
    }
}
