//! `ingest PATH...`: files in through the pipeline, one line per file out,
//! with progress bars on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use medvault_core::ingest::{Event, Outcome, Pipeline, PipelineOptions, Status, Step};
use medvault_core::ocr::ModelSource;
use medvault_core::vault::NewDocument;

use super::{done, print_json, Ctx};

pub async fn run(
    ctx: &mut Ctx,
    paths: Vec<PathBuf>,
    template: NewDocument,
    json: bool,
    models: Option<PathBuf>,
) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let pipeline = Pipeline::new(PipelineOptions {
        models: models.map(ModelSource::Dir).unwrap_or_default(),
        ..Default::default()
    });
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
                .expect("a valid template"),
        );
        b
    });
    let progress_bar = bar.clone();
    let progress = Arc::new(move |e: Event| match e {
        Event::Queued { total } => {
            if let Some(b) = &progress_bar {
                b.inc_length(total as u64);
            }
        }
        Event::Stored { .. } => {}
        Event::Step {
            id,
            step,
            page,
            pages,
        } => {
            if let Some(b) = &progress_bar {
                b.set_message(match (step, page, pages) {
                    (Step::Text, Some(p), Some(n)) => {
                        format!("document {id}: read page {p} of {n}")
                    }
                    _ => format!("document {id}: {}", step.code()),
                });
            }
        }
        Event::Finished(o) => {
            let line = line(&o);
            match &progress_bar {
                Some(b) => {
                    b.inc(1);
                    if !json {
                        b.println(line);
                    }
                }
                None if !json => println!("{line}"),
                None => {}
            }
        }
    });
    let outcomes = pipeline
        .ingest(&vault, &s, &paths, &template, progress)
        .await;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    done(vault, s).await?;
    let outcomes = outcomes?;
    if json {
        print_json(&outcomes)?;
    }
    let failed = outcomes
        .iter()
        .filter(|o| o.status == Status::Failed)
        .count();
    if failed > 0 {
        eprintln!(
            "{failed} of {} failed; their reasons are above",
            outcomes.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `id  status  type  pages  file  [reason | duplicate of N]`, tab-separated.
pub(super) fn line(o: &Outcome) -> String {
    let id = o.id.map_or("-".into(), |i| i.to_string());
    let status = o.status.code();
    let file = o
        .path
        .as_ref()
        .map_or("(resumed)".into(), |p| p.display().to_string());
    let mut line = format!(
        "{id}\t{status}\t{}\t{}\t{file}",
        o.doc_type.as_deref().unwrap_or("-"),
        o.pages
    );
    if let Some(of) = o.duplicate_of {
        line.push_str(&format!("\tduplicate of document {of}"));
    }
    if let Some(r) = &o.reason {
        line.push_str(&format!("\t{r}"));
    }
    line
}
