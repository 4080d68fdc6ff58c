//! `medvault bench ingest`: the pipeline on 1,000 text PDFs made from the
//! corpus (documents per second, peak memory) and on scanned pages (the
//! pipeline's time beside OCR alone on the same pages, in the same run).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::{cpu_seconds, peak_rss_mib, reset_peak_rss};
use crate::classify::read_jsonl;
use crate::ingest::{ocr_slots, Pipeline, PipelineOptions, Status};
use crate::ocr::{decode_pages, ModelSource, OcrEngine};
use crate::samples::{pdf, SamplePage};
use crate::vault::NewDocument;
use crate::{Error, Result, Vault, VaultPaths};

/// What to run.
#[derive(Debug, Clone)]
pub struct IngestBenchConfig {
    /// `dev.jsonl`: the texts the PDFs are made of.
    pub corpus: PathBuf,
    pub text_pdfs: usize,
    /// Scanned pages (`*.scan.jpg`, as `make_pages.py` writes them); none: skipped.
    pub scans_dir: Option<PathBuf>,
    pub scans: usize,
    pub models: ModelSource,
    /// Where the vault and the files are made (a temporary folder by default).
    pub work_dir: PathBuf,
}

/// Text PDFs through the whole pipeline.
#[derive(Debug, Clone, Serialize)]
pub struct TextPdfFigures {
    pub documents: usize,
    pub pages: u64,
    pub wall_s: f64,
    pub docs_per_s: f64,
    pub cpu_s: f64,
    /// Peak resident memory of the process during this phase.
    pub peak_rss_mib: f64,
}

/// Scanned pages: OCR alone, then the whole pipeline on the same pages.
#[derive(Debug, Clone, Serialize)]
pub struct ScanFigures {
    pub pages: usize,
    /// Decoding and OCR of every page, pages in parallel (the reference).
    pub ocr_only_s: f64,
    pub pipeline_s: f64,
    pub pipeline_docs_per_s: f64,
    /// pipeline / OCR alone (goal: under 1.10).
    pub ratio: f64,
    /// Share of the pipeline's time spent outside OCR.
    pub outside_ocr_share: f64,
    /// Peak resident memory during OCR alone, then during the pipeline.
    pub ocr_only_peak_rss_mib: f64,
    pub peak_rss_mib: f64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct IngestBench {
    pub workers: usize,
    pub text_pdfs: TextPdfFigures,
    pub scans: Option<ScanFigures>,
}

const PASSWORD: &str = "bench-password-1";

/// Runs the benchmark in a new vault under `cfg.work_dir`.
pub async fn ingest_bench(cfg: &IngestBenchConfig) -> Result<IngestBench> {
    let texts = corpus_texts(&cfg.corpus)?;
    let pdf_dir = cfg.work_dir.join("text-pdfs");
    std::fs::create_dir_all(&pdf_dir).map_err(|e| Error::io("cannot create", &pdf_dir, e))?;
    for i in 0..cfg.text_pdfs {
        // Distinct files even when the corpus is shorter than the run.
        let text = format!("{}\nCopy {i}", texts[i % texts.len()]);
        let path = pdf_dir.join(format!("doc-{i:05}.pdf"));
        std::fs::write(&path, pdf(&paginate(&text)))
            .map_err(|e| Error::io("cannot write", &path, e))?;
    }

    let (vault, s, _) = Vault::create(
        &VaultPaths::new(cfg.work_dir.join("vault")),
        "bench",
        PASSWORD,
    )
    .await?;
    let opts = PipelineOptions {
        models: cfg.models.clone(),
        ..Default::default()
    };
    let workers = opts.workers;
    let pipeline = Pipeline::new(opts);
    let quiet: crate::ingest::Progress = Arc::new(|_| {});
    let template = NewDocument::default();

    reset_peak_rss();
    let (t0, c0) = (Instant::now(), cpu_seconds(false));
    let out = pipeline
        .ingest(&vault, &s, &[pdf_dir], &template, quiet.clone())
        .await?;
    let wall = t0.elapsed().as_secs_f64();
    check_all_done(&out)?;
    let text_pdfs = TextPdfFigures {
        documents: out.len(),
        pages: out.iter().map(|o| o.pages as u64).sum(),
        wall_s: wall,
        docs_per_s: out.len() as f64 / wall,
        cpu_s: cpu_seconds(false) - c0,
        peak_rss_mib: peak_rss_mib(),
    };

    let scans = match &cfg.scans_dir {
        None => None,
        Some(dir) => {
            let files = scan_files(dir, cfg.scans)?;
            // The reference: OCR alone on the same pages, as many at once
            // as there are cores (each also spread across the cores by the
            // runtime): the fastest way found to OCR a folder here.
            let engine = OcrEngine::new(&cfg.models)?;
            reset_peak_rss();
            let t0 = Instant::now();
            let next = std::sync::atomic::AtomicUsize::new(0);
            let ocr_one = |f: &PathBuf| -> Result<()> {
                let bytes = std::fs::read(f).map_err(|e| Error::io("cannot read", f, e))?;
                for page in decode_pages(&bytes)? {
                    engine.recognize(&page)?;
                }
                Ok(())
            };
            std::thread::scope(|scope| {
                let threads: Vec<_> = (0..ocr_slots())
                    .map(|_| {
                        scope.spawn(|| -> Result<()> {
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                                match files.get(i) {
                                    Some(f) => ocr_one(f)?,
                                    None => return Ok(()),
                                }
                            }
                        })
                    })
                    .collect();
                threads
                    .into_iter()
                    .try_for_each(|t| t.join().expect("an OCR thread panicked"))
            })?;
            let ocr_only = t0.elapsed().as_secs_f64();
            let ocr_only_peak = peak_rss_mib();
            drop(engine);
            reset_peak_rss();

            let t0 = Instant::now();
            let out = pipeline
                .ingest(&vault, &s, &files, &template, quiet.clone())
                .await?;
            let pipeline_s = t0.elapsed().as_secs_f64();
            check_all_done(&out)?;
            Some(ScanFigures {
                pages: files.len(),
                ocr_only_s: ocr_only,
                pipeline_s,
                pipeline_docs_per_s: files.len() as f64 / pipeline_s,
                ratio: pipeline_s / ocr_only,
                outside_ocr_share: ((pipeline_s - ocr_only) / pipeline_s).max(0.0),
                ocr_only_peak_rss_mib: ocr_only_peak,
                peak_rss_mib: peak_rss_mib(),
            })
        }
    };
    vault.logout(&s).await?;
    vault.close().await;
    Ok(IngestBench {
        workers,
        text_pdfs,
        scans,
    })
}

fn check_all_done(out: &[crate::ingest::Outcome]) -> Result<()> {
    match out.iter().find(|o| o.status != Status::Done) {
        Some(o) => Err(Error::Invalid(format!(
            "the benchmark expected every file to be ingested: {o:?}"
        ))),
        None => Ok(()),
    }
}

/// The `text` field of every line of a JSONL corpus.
fn corpus_texts(path: &Path) -> Result<Vec<String>> {
    let texts: Vec<String> = read_jsonl(path)?
        .iter()
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect();
    if texts.is_empty() {
        return Err(Error::Invalid(format!("{} holds no texts", path.display())));
    }
    Ok(texts)
}

/// Lines of at most 95 characters, 56 lines to a page.
fn paginate(text: &str) -> Vec<SamplePage> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.len() + word.len() + 1 > 95 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
        .chunks(56)
        .map(|c| SamplePage::Text(c.to_vec()))
        .collect()
}

fn scan_files(dir: &Path, n: usize) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io("cannot read folder", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".scan.jpg"))
        .collect();
    v.sort();
    v.truncate(n);
    if v.is_empty() {
        return Err(Error::Invalid(format!(
            "no *.scan.jpg in {}; make some with make_pages.py",
            dir.display()
        )));
    }
    Ok(v)
}
