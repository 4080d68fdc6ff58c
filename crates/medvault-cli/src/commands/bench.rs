//! `bench crypto`, `bench ocr`, `bench ingest`, `bench search`, `bench library`.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::bench::{
    crypto_bench, ingest_bench, library_bench, ocr_bench, search_bench, EngineFigures,
    IndexFigures, IngestBenchConfig, LibraryBenchConfig, SearchBenchConfig, PAGE,
};
use medvault_core::ocr::ModelSource;

use super::print_json;
use crate::cli::BenchCmd;

pub async fn run(cmd: BenchCmd) -> Result<ExitCode> {
    match cmd {
        BenchCmd::Ocr {
            dir,
            out,
            no_tesseract,
            long_side,
            models,
            json,
        } => {
            let models = models.map(ModelSource::Dir).unwrap_or_default();
            let r = ocr_bench(&dir, &models, long_side, out.as_deref(), !no_tesseract)?;
            if json {
                print_json(&r)?;
            } else {
                print_engine(&r.medvault);
                match &r.tesseract {
                    Some(t) => print_engine(t),
                    None => println!("tesseract: not run (not installed, or --no-tesseract)"),
                }
                if let Some(x) = r.cpu_ratio {
                    println!("CPU per page, tesseract / medvault: {x:.2}x");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Search {
            corpus,
            docs,
            rounds,
            vault_docs,
            json,
        } => {
            let dir = tempfile::tempdir()?;
            let cfg = SearchBenchConfig {
                corpus,
                docs,
                rounds,
                vault_docs,
                work_dir: dir.path().to_path_buf(),
            };
            let r = search_bench(&cfg).await?;
            if json {
                print_json(&r)?;
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} documents (mean {} characters), {} queries x {} rounds, top {} with snippets, total and facets",
                r.documents, r.mean_chars, r.queries_per_round, r.rounds, 20
            );
            print_index(&r.medvault);
            print_index(&r.fts5);
            println!("p99, FTS5 / MedVault: {:.2}x", r.p99_speedup);
            if let Some(v) = &r.vault {
                println!(
                    "vault of {} documents: reindex {:.0} docs/s; search (snippets decrypted, audited) p50 {:.2} ms, p99 {:.2} ms",
                    v.documents, v.reindex_docs_per_s, v.p50_ms, v.p99_ms
                );
            }
            println!("peak memory of the run: {:.0} MiB", r.peak_rss_mib);
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Ingest {
            corpus,
            text_pdfs,
            scans,
            scan_count,
            models,
            json,
        } => {
            let dir = tempfile::tempdir()?;
            let cfg = IngestBenchConfig {
                corpus,
                text_pdfs,
                scans_dir: scans,
                scans: scan_count,
                models: models.map(ModelSource::Dir).unwrap_or_default(),
                work_dir: dir.path().to_path_buf(),
            };
            let r = ingest_bench(&cfg).await?;
            if json {
                print_json(&r)?;
                return Ok(ExitCode::SUCCESS);
            }
            let t = &r.text_pdfs;
            println!("{} workers", r.workers);
            println!(
                "text PDFs: {} documents ({} pages) in {:.1} s: {:.1} documents/s, {:.1} CPU s, peak memory {:.0} MiB",
                t.documents, t.pages, t.wall_s, t.docs_per_s, t.cpu_s, t.peak_rss_mib
            );
            match &r.scans {
                Some(s) => {
                    println!(
                        "scans: {} pages; OCR alone {:.1} s, whole pipeline {:.1} s ({:.2} pages/s)",
                        s.pages, s.ocr_only_s, s.pipeline_s, s.pipeline_docs_per_s
                    );
                    println!(
                        "  pipeline / OCR alone: {:.3}x; share outside OCR {:.1}%",
                        s.ratio,
                        s.outside_ocr_share * 100.0,
                    );
                    println!(
                        "  peak memory: OCR alone {:.0} MiB, pipeline {:.0} MiB",
                        s.ocr_only_peak_rss_mib, s.peak_rss_mib
                    );
                }
                None => println!("scans: skipped (give --scans DIR)"),
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Library {
            corpus,
            docs,
            rounds,
            keep,
            json,
        } => {
            let tmp = tempfile::tempdir()?;
            let vault_dir = keep.unwrap_or_else(|| tmp.path().join("vault"));
            let cfg = LibraryBenchConfig {
                corpus,
                docs,
                rounds,
                vault_dir,
            };
            let r = library_bench(&cfg).await?;
            if json {
                print_json(&r)?;
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} documents (filled through the pipeline, or opened, in {:.0} s); pages of {}, {} rounds:",
                r.documents, r.fill_s, PAGE, rounds
            );
            for p in r.pages.iter().chain([&r.list_all]) {
                println!(
                    "  {:<36} {:>6} rows of {:>6}  p50 {:>8.2} ms  p99 {:>8.2} ms",
                    p.case, p.rows, p.total, p.p50_ms, p.p99_ms
                );
            }
            println!(
                "listing every document / slowest page (p50): {:.1}x",
                r.speedup
            );
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Crypto { rounds, json } => {
            let dir = tempfile::tempdir()?;
            let r = crypto_bench(dir.path(), rounds).await?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "unlock (Argon2id m={} MiB t={} p={}): {:.0} ms",
                    r.kdf.m_kib / 1024,
                    r.kdf.t,
                    r.kdf.p,
                    r.unlock_ms
                );
                println!(
                    "{:.0} MB documents, median of {} rounds, all with fsync:",
                    r.doc_mb, r.rounds
                );
                println!("  plain copy  {:>8.1} MB/s  (reference)", r.copy_mb_s);
                println!(
                    "  seal        {:>8.1} MB/s  {:.2}x copy",
                    r.seal_mb_s, r.seal_vs_copy
                );
                println!(
                    "  open        {:>8.1} MB/s  {:.2}x copy",
                    r.open_mb_s, r.open_vs_copy
                );
                println!(
                    "in memory (cipher alone): seal {:.0} MB/s, open {:.0} MB/s",
                    r.seal_mem_mb_s, r.open_mem_mb_s
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_engine(e: &EngineFigures) {
    let f = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into());
    println!(
        "{:<16} pages {:>4}  {:>6.2} pages/s  {:>6.2} CPU s/page  WER {}  bag-F1 {}  digit recall {}  (scored {})",
        e.engine,
        e.pages,
        e.pages_per_s,
        e.cpu_s_per_page,
        f(e.mean_wer),
        f(e.mean_bag_f1),
        f(e.mean_digit_recall),
        e.scored_pages
    );
}

fn print_index(f: &IndexFigures) {
    println!(
        "{:<36} index {:>7.0} docs/s ({:.1} s)  cold open {:>7.1} ms  p50 {:>6.2} ms  p99 {:>6.2} ms  mean {:>6.2} ms  disk {:>7.1} MiB  in memory {:>6.1} MiB  matches {}",
        f.engine,
        f.docs_per_s,
        f.index_s,
        f.open_cold_ms,
        f.p50_ms,
        f.p99_ms,
        f.mean_ms,
        f.size_on_disk_mib,
        f.index_memory_mib,
        f.matches_per_round
    );
}
