//! `classify`, `eval classify`, `train classify`: the document-type model on
//! its own, without a vault.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use medvault_core::classify::{
    built_in, evaluate, labelled, read_jsonl, simulate_corrections, stratified_split, Evaluation,
    Model, DEFAULT_C,
};
use medvault_core::extract::DateOrder;
use medvault_core::ocr::{decode_pages, ModelSource, OcrEngine};

use super::print_json;

fn load(model: Option<&Path>) -> Result<Model> {
    Ok(match model {
        Some(p) => Model::from_bytes(
            &std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
        )?,
        None => built_in()?.clone(),
    })
}

pub fn classify(jsonl: &Path, model: Option<&Path>) -> Result<ExitCode> {
    let model = load(model)?;
    let rows = read_jsonl(jsonl)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for r in &rows {
        let text = r["text"]
            .as_str()
            .with_context(|| format!("a line without \"text\": {r}"))?;
        let p = model.predict(text);
        let line =
            serde_json::json!({"id": r["id"], "doc_type": p.doc_type, "confidence": p.confidence});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The `(text, type)` pairs of a labelled corpus file; none is an error.
fn labelled_file(corpus: &Path) -> Result<Vec<(String, String)>> {
    let examples = labelled(&read_jsonl(corpus)?);
    if examples.is_empty() {
        bail!(
            "{} has no lines with both \"text\" and \"doc_type\"",
            corpus.display()
        );
    }
    Ok(examples)
}

pub fn train(corpus: &Path, out: &Path) -> Result<ExitCode> {
    let examples = labelled_file(corpus)?;
    let t0 = Instant::now();
    let model = Model::train(&examples, DEFAULT_C)?;
    std::fs::write(out, model.to_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "trained on {} documents, {} types, in {:.1} s; wrote {}",
        examples.len(),
        model.classes().len(),
        t0.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn eval_learn(
    corpus: &Path,
    new_type: Option<&str>,
    seeds: &[u64],
    json: bool,
) -> Result<ExitCode> {
    let examples = labelled_file(corpus)?;
    if let Some(t) = new_type {
        if !examples.iter().any(|e| e.1 == t) {
            bail!("{} has no document of type {t}", corpus.display());
        }
    }
    let runs: Vec<_> = seeds
        .iter()
        .map(|&s| simulate_corrections(&examples, new_type, s))
        .collect::<std::result::Result<_, _>>()?;
    if json {
        print_json(&serde_json::json!({"new_type": new_type, "seeds": seeds, "runs": runs}))?;
        return Ok(ExitCode::SUCCESS);
    }
    // Per run: (first figure, accuracy) of the untouched and the taught model.
    let figures = |e: &Evaluation| match new_type {
        Some(t) => (e.f1_of(t), e.accuracy_without(t)),
        None => (e.macro_f1, e.accuracy),
    };
    let (first, acc) = match new_type {
        Some(t) => (format!("{t} F1"), "accuracy on the other types"),
        None => ("macro-F1".to_string(), "accuracy"),
    };
    let n = runs.len() as f64;
    let mut mean = [0.0; 5];
    for (seed, r) in seeds.iter().zip(&runs) {
        let (u, t) = (figures(&r.untouched), figures(&r.taught));
        println!(
            "seed {seed}: {} corrections; {first} {:.3} -> {:.3}, {acc} {:.4} -> {:.4}",
            r.corrections, u.0, t.0, u.1, t.1
        );
        for (m, v) in mean
            .iter_mut()
            .zip([r.corrections as f64, u.0, t.0, u.1, t.1])
        {
            *m += v / n;
        }
    }
    println!(
        "mean over {} seeds: {:.1} corrections; {first} {:.3} -> {:.3}, {acc} {:.4} -> {:.4}",
        runs.len(),
        mean[0],
        mean[1],
        mean[2],
        mean[3],
        mean[4]
    );
    Ok(ExitCode::SUCCESS)
}

/// How `eval classify` runs.
pub struct EvalOptions {
    pub holdout: f64,
    pub seeds: Vec<u64>,
    pub cost: Option<f32>,
    pub pages: Option<PathBuf>,
    pub json: bool,
}

/// One labelled example with its id (for finding its scanned page).
type Example = (String, String, String);

pub fn eval(
    train: Option<PathBuf>,
    test: Option<PathBuf>,
    corpus: Option<PathBuf>,
    o: &EvalOptions,
) -> Result<ExitCode> {
    let with_ids = |rows: Vec<serde_json::Value>| -> Vec<Example> {
        rows.iter()
            .filter_map(|r| {
                Some((
                    r["text"].as_str()?.to_string(),
                    r["doc_type"].as_str()?.to_string(),
                    r["id"].as_str().unwrap_or_default().to_string(),
                ))
            })
            .collect()
    };
    let splits: Vec<(Vec<Example>, Vec<Example>)> = match (train, test, corpus) {
        (Some(a), Some(b), None) => vec![(with_ids(read_jsonl(&a)?), with_ids(read_jsonl(&b)?))],
        (None, None, Some(c)) => {
            let all = with_ids(read_jsonl(&c)?);
            o.seeds
                .iter()
                .map(|&s| stratified_split(&all, |e| e.1.clone(), o.holdout, s))
                .collect()
        }
        _ => bail!("give --train A --test B, or --corpus FILE"),
    };
    let engine = match &o.pages {
        Some(_) => Some(OcrEngine::new(&ModelSource::default())?),
        None => None,
    };
    let mut reports = Vec::new();
    for (train, test) in &splits {
        let train: Vec<(String, String)> =
            train.iter().map(|e| (e.0.clone(), e.1.clone())).collect();
        // Evaluate exactly what would ship: the model through its file format.
        let model =
            Model::from_bytes(&Model::train(&train, o.cost.unwrap_or(DEFAULT_C))?.to_bytes())?;
        let t0 = Instant::now();
        let pairs: Vec<(String, String)> = test
            .iter()
            .map(|(text, truth, _)| (truth.clone(), model.predict(text).doc_type))
            .collect();
        let ms_per_doc = t0.elapsed().as_secs_f64() * 1000.0 / test.len().max(1) as f64;
        let scans = match (&o.pages, &engine) {
            (Some(dir), Some(engine)) => Some(eval_scans(&model, engine, dir, test)?),
            _ => None,
        };
        reports.push(Report {
            evaluation: evaluate(&pairs),
            ms_per_doc,
            train: train.len(),
            test: test.len(),
            scans,
        });
    }
    let mean = reports.iter().map(|r| r.evaluation.macro_f1).sum::<f64>() / reports.len() as f64;
    if o.json {
        print_json(&serde_json::json!({"splits": reports, "mean_macro_f1": mean}))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (i, r) in reports.iter().enumerate() {
        match o.seeds.get(i).filter(|_| reports.len() > 1) {
            Some(seed) => println!(
                "split {} (seed {seed}): train {}, test {}",
                i + 1,
                r.train,
                r.test
            ),
            None => println!("train {}, test {}", r.train, r.test),
        }
        print_eval(&r.evaluation);
        println!("classification: {:.3} ms per document", r.ms_per_doc);
        if let Some(s) = &r.scans {
            println!(
                "scanned pages of test documents: {} pages; macro-F1 on their true text {:.3}, on their OCR text {:.3} (difference {:+.3})",
                s.pages, s.true_text.macro_f1, s.ocr_text.macro_f1, s.ocr_text.macro_f1 - s.true_text.macro_f1
            );
        }
    }
    if reports.len() > 1 {
        println!("mean macro-F1 over {} splits: {mean:.3}", reports.len());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct Report {
    evaluation: Evaluation,
    ms_per_doc: f64,
    train: usize,
    test: usize,
    scans: Option<ScanEval>,
}

#[derive(serde::Serialize)]
struct ScanEval {
    pages: usize,
    true_text: Evaluation,
    ocr_text: Evaluation,
}

/// The test documents that have a scanned page in `dir`, classified from
/// the page's true text and from its OCR text.
fn eval_scans(model: &Model, engine: &OcrEngine, dir: &Path, test: &[Example]) -> Result<ScanEval> {
    let (mut truth, mut ocr) = (Vec::new(), Vec::new());
    for (_, label, id) in test {
        let scan = dir.join(format!("{id}.scan.jpg"));
        let Ok(gt) = std::fs::read_to_string(dir.join(format!("{id}.gt.txt"))) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&scan) else {
            continue;
        };
        let text: Vec<String> = decode_pages(&bytes)?
            .iter()
            .map(|p| Ok(engine.recognize(p)?.text()))
            .collect::<Result<_>>()?;
        truth.push((label.clone(), model.predict(&gt).doc_type));
        ocr.push((label.clone(), model.predict(&text.join("\n")).doc_type));
    }
    if truth.is_empty() {
        bail!("no scanned page of a test document in {}", dir.display());
    }
    Ok(ScanEval {
        pages: truth.len(),
        true_text: evaluate(&truth),
        ocr_text: evaluate(&ocr),
    })
}

fn print_eval(e: &Evaluation) {
    println!(
        "{:<24} {:>7} {:>9} {:>7} {:>7}",
        "type", "support", "precision", "recall", "F1"
    );
    for s in &e.per_type {
        println!(
            "{:<24} {:>7} {:>9.3} {:>7.3} {:>7.3}",
            s.doc_type, s.support, s.precision, s.recall, s.f1
        );
    }
    println!("macro-F1 {:.3}   accuracy {:.3}", e.macro_f1, e.accuracy);
}

/// `extract`: the entities of a text, a text file, a PDF's text layer or stdin.
pub fn extract(file: Option<&Path>, text: Option<String>, order: DateOrder) -> Result<ExitCode> {
    let text = match (text, file) {
        (Some(t), _) => t,
        (None, Some(p)) if p == Path::new("-") => {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
            s
        }
        (None, Some(p)) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            match medvault_core::ingest::sniff(&bytes)? {
                medvault_core::ingest::Format::Text => String::from_utf8_lossy(&bytes).into_owned(),
                medvault_core::ingest::Format::Pdf => medvault_core::ingest::read_pdf(&bytes)?
                    .into_iter()
                    .filter_map(|page| match page {
                        medvault_core::ingest::PageSource::Text(t) => Some(t),
                        medvault_core::ingest::PageSource::Image(_) => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => anyhow::bail!(
                    "{} is {other:?}: read its text first, e.g. `medvault ocr {} | medvault extract -`",
                    p.display(),
                    p.display()
                ),
            }
        }
        (None, None) => unreachable!("clap requires FILE or --text"),
    };
    let found = medvault_core::extract::extract(&text, order);
    println!("{}", serde_json::to_string_pretty(&found)?);
    Ok(ExitCode::SUCCESS)
}

/// `medvault eval extract`: precision and recall per kind of entity.
pub fn eval_extract(labels: &Path, order: DateOrder, json: bool) -> Result<ExitCode> {
    use medvault_core::extract::score::{read_labelled, score};
    let text = std::fs::read_to_string(labels)
        .with_context(|| format!("cannot read {}", labels.display()))?;
    let docs = read_labelled(&text).map_err(|e| anyhow::anyhow!("{}: {e}", labels.display()))?;
    let s = score(&docs, order);
    if json {
        super::print_json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3}"));
    println!(
        "{} documents; {:.2} ms per document",
        s.documents, s.ms_per_document
    );
    println!(
        "{:<12} {:>8} {:>6} {:>8} {:>9} {:>7}",
        "kind", "labelled", "found", "correct", "precision", "recall"
    );
    for (kind, k) in s.kinds.iter().chain([(&"all", &s.overall)]) {
        println!(
            "{:<12} {:>8} {:>6} {:>8} {:>9} {:>7}",
            kind,
            k.labelled,
            k.found,
            k.correct,
            f(k.precision),
            f(k.recall)
        );
    }
    println!(
        "matched lab results with unit, range and flag as labelled: {}; medications with the labelled dose: {}",
        f(s.lab_details_agree),
        f(s.medication_dose_agrees)
    );
    Ok(ExitCode::SUCCESS)
}
