//! `medvault bench ocr DIR`: OCR every image in a folder with MedVault's
//! engine and, where `tesseract` is installed, with Tesseract on the same
//! pages in the same run (`OMP_THREAD_LIMIT=1`); pages per second, CPU seconds
//! per page, and, where `<id>.gt.txt` ground truth sits beside a page, word
//! error rate, bag-of-words F1 and digit-word recall.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

use super::cpu_seconds;
use crate::ocr::{decode_pages, score, ModelSource, OcrEngine, OcrScore};
use crate::{Error, Result};

/// Figures for one engine.
#[derive(Debug, Clone, Serialize)]
pub struct EngineFigures {
    pub engine: String,
    pub pages: usize,
    pub wall_s: f64,
    pub cpu_s: f64,
    pub pages_per_s: f64,
    pub cpu_s_per_page: f64,
    /// Means over the pages that have ground truth.
    pub scored_pages: usize,
    pub mean_wer: Option<f64>,
    pub mean_bag_f1: Option<f64>,
    pub mean_digit_recall: Option<f64>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct OcrBench {
    pub medvault: EngineFigures,
    pub tesseract: Option<EngineFigures>,
    /// Tesseract's CPU seconds per page divided by MedVault's (above 1: MedVault is cheaper).
    pub cpu_ratio: Option<f64>,
}

fn images(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io("cannot read folder", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy().to_lowercase();
            [".png", ".jpg", ".jpeg", ".tif", ".tiff"]
                .iter()
                .any(|x| n.ends_with(x))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// `<id>.gt.txt` for `<id>.png` or `<id>.scan.jpg`.
fn ground_truth(img: &Path) -> Option<String> {
    let name = img.file_name()?.to_string_lossy().into_owned();
    let id = name.split('.').next()?;
    std::fs::read_to_string(img.with_file_name(format!("{id}.gt.txt"))).ok()
}

fn figures(engine: &str, pages: usize, wall: f64, cpu: f64, scores: &[OcrScore]) -> EngineFigures {
    let mean = |f: fn(&OcrScore) -> f64| {
        (!scores.is_empty()).then(|| scores.iter().map(f).sum::<f64>() / scores.len() as f64)
    };
    EngineFigures {
        engine: engine.into(),
        pages,
        wall_s: wall,
        cpu_s: cpu,
        pages_per_s: pages as f64 / wall.max(1e-9),
        cpu_s_per_page: cpu / pages.max(1) as f64,
        scored_pages: scores.len(),
        mean_wer: mean(|s| s.wer),
        mean_bag_f1: mean(|s| s.bag_f1),
        mean_digit_recall: mean(|s| s.digit_recall),
    }
}

/// Runs the benchmark on every image in `dir`; writes each engine's text to
/// `out` (as `<file>.medvault.txt` and `<file>.tesseract.txt`) when given.
pub fn ocr_bench(
    dir: &Path,
    models: &ModelSource,
    long_side: Option<u32>,
    out: Option<&Path>,
    with_tesseract: bool,
) -> Result<OcrBench> {
    let files = images(dir)?;
    if files.is_empty() {
        return Err(Error::Invalid(format!(
            "no PNG, JPEG or TIFF images in {}",
            dir.display()
        )));
    }
    if let Some(o) = out {
        std::fs::create_dir_all(o).map_err(|e| Error::io("cannot create folder", o, e))?;
    }
    let save = |f: &Path, suffix: &str, text: &str| -> Result<()> {
        if let Some(o) = out {
            let p = o.join(format!(
                "{}.{suffix}.txt",
                f.file_name().unwrap_or_default().to_string_lossy()
            ));
            std::fs::write(&p, text).map_err(|e| Error::io("cannot write", &p, e))?;
        }
        Ok(())
    };

    let mut engine = OcrEngine::new(models)?;
    if let Some(px) = long_side {
        engine = engine.with_long_side(px);
    }
    let (mut pages, mut scores) = (0, Vec::new());
    let (t0, c0) = (Instant::now(), cpu_seconds(false));
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| Error::io("cannot read", f, e))?;
        let mut text = Vec::new();
        for p in decode_pages(&bytes)? {
            text.push(engine.recognize(&p)?.text());
            pages += 1;
        }
        let text = text.join("\n");
        if let Some(gt) = ground_truth(f) {
            scores.push(score(&gt, &text));
        }
        save(f, "medvault", &text)?;
    }
    let medvault = figures(
        "medvault (ocrs)",
        pages,
        t0.elapsed().as_secs_f64(),
        cpu_seconds(false) - c0,
        &scores,
    );

    let tesseract = if with_tesseract && Command::new("tesseract").arg("--version").output().is_ok()
    {
        let (mut scores, c0, t0) = (Vec::new(), cpu_seconds(true), Instant::now());
        for f in &files {
            let o = Command::new("tesseract")
                .arg(f)
                .arg("stdout")
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .map_err(|e| Error::io("cannot run tesseract on", f, e))?;
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            if let Some(gt) = ground_truth(f) {
                scores.push(score(&gt, &text));
            }
            save(f, "tesseract", &text)?;
        }
        Some(figures(
            "tesseract",
            files.len(),
            t0.elapsed().as_secs_f64(),
            cpu_seconds(true) - c0,
            &scores,
        ))
    } else {
        None
    };
    let cpu_ratio = tesseract
        .as_ref()
        .map(|t| t.cpu_s_per_page / medvault.cpu_s_per_page.max(1e-9));
    Ok(OcrBench {
        medvault,
        tesseract,
        cpu_ratio,
    })
}
