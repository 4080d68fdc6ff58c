//! `ocr FILE... [--json]`: text of each file, pages separated by a form feed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use medvault_core::ocr::{decode_pages, ModelSource, OcrEngine};

use super::print_json;

pub fn run(files: Vec<PathBuf>, json: bool, models: Option<PathBuf>) -> Result<ExitCode> {
    let source = models.map(ModelSource::Dir).unwrap_or_default();
    let engine = OcrEngine::new(&source)?;
    let mut failed = 0;
    let mut out = Vec::new();
    for f in &files {
        let result = std::fs::read(f)
            .map_err(anyhow::Error::from)
            .and_then(|b| Ok(decode_pages(&b)?))
            .and_then(|pages| {
                pages
                    .iter()
                    .map(|p| Ok(engine.recognize(p)?))
                    .collect::<Result<Vec<_>>>()
            });
        match result {
            Ok(pages) if json => out.push(serde_json::json!({"file": f, "pages": pages})),
            Ok(pages) => {
                let text: Vec<String> = pages.iter().map(|p| p.text()).collect();
                println!("{}", text.join("\n\u{c}\n"));
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {}: {e:#}", f.display());
                if json {
                    out.push(serde_json::json!({"file": f, "error": format!("{e:#}")}));
                }
            }
        }
    }
    if json {
        print_json(&out)?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
