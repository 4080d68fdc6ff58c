//! `watch DIR...`: the watcher in the foreground, one line per file, until Ctrl-C.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use medvault_core::ingest::{Pipeline, PipelineOptions};
use medvault_core::watch::{watch, WatchEvent, WatchFolder, WatchTiming};

use super::{done, ingest::line, Ctx};

pub async fn run(
    ctx: &mut Ctx,
    folders: Vec<WatchFolder>,
    timing: WatchTiming,
) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let pipeline = Pipeline::new(PipelineOptions::default());
    let events = Arc::new(|e: WatchEvent| match e {
        WatchEvent::Watching { dir } => eprintln!("watching {}", dir.display()),
        WatchEvent::FolderMissing { dir } => eprintln!(
            "warning: {} is missing (unmounted?); it is watched again when it returns",
            dir.display()
        ),
        WatchEvent::Filed { outcome, moved_to } => {
            let mut l = line(&outcome);
            if let Some(m) = moved_to {
                l.push_str(&format!("\t→ {}", m.display()));
            }
            println!("{l}");
        }
        WatchEvent::Error { path, reason } => eprintln!("error: {}: {reason}", path.display()),
    });
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // Finish documents a crash left between steps before taking new files.
    let resumed = pipeline.resume(&vault, &s, Arc::new(|_| {})).await;
    let r = {
        // The user started a service: it stays unlocked while it runs.
        let keep_alive = async {
            let mut t = tokio::time::interval(std::time::Duration::from_secs(30));
            loop {
                t.tick().await;
                s.keep_alive();
            }
        };
        match resumed {
            Ok(_) => tokio::select! {
                r = watch(&vault, &s, &pipeline, &folders, timing, events, stop) => r,
                _ = keep_alive => unreachable!("the keep-alive loop never ends"),
            },
            Err(e) => Err(e),
        }
    };
    done(vault, s).await?;
    r?;
    Ok(ExitCode::SUCCESS)
}
