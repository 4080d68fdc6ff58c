//! `watch [DIR...]`: the watcher in the foreground, one line per file, until
//! Ctrl-C; `folders`: the vault's watched folders.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Result};
use medvault_core::ingest::{Pipeline, PipelineOptions};
use medvault_core::watch::{watch, AfterIngest, OnDuplicate, WatchEvent, WatchFolder, WatchTiming};

use super::{done, ingest::line, print_json, Ctx};
use crate::cli::{AfterArg, DuplicateArg, FolderOptions, FoldersCmd};

/// A watched folder at `dir` with the options given on the command line.
pub fn folder(dir: std::path::PathBuf, o: &FolderOptions) -> WatchFolder {
    WatchFolder {
        recursive: !o.no_recursive,
        subfolder_tags: o.subfolder_tags,
        poll: o.poll,
        after: match o.after {
            AfterArg::Move => AfterIngest::Move,
            AfterArg::Delete => AfterIngest::Delete,
            AfterArg::Leave => AfterIngest::Leave,
        },
        duplicates: match o.duplicates {
            DuplicateArg::Move => OnDuplicate::Move,
            DuplicateArg::Delete => OnDuplicate::Delete,
        },
        ..WatchFolder::new(dir)
    }
}

pub async fn folders(ctx: &mut Ctx, cmd: FoldersCmd) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = match cmd {
        FoldersCmd::List { json } => vault.watch_folders(&s).await.map(|all| {
            if json {
                let _ = print_json(&all);
            } else if all.is_empty() {
                println!("no watched folders; add one with `medvault folders add DIR`");
            } else {
                for f in all {
                    println!(
                        "{}	{}{}{}after: {:?}, duplicates: {:?}",
                        f.dir.display(),
                        if f.recursive {
                            "recursive, "
                        } else {
                            "top level only, "
                        },
                        if f.subfolder_tags {
                            "subfolder tags, "
                        } else {
                            ""
                        },
                        if f.poll { "polled, " } else { "" },
                        f.after,
                        f.duplicates
                    );
                }
            }
        }),
        FoldersCmd::Add { dir, options } => {
            let dir = std::path::absolute(&dir)?;
            if !dir.is_dir() {
                eprintln!(
                    "warning: {} does not exist now; it is watched once it appears",
                    dir.display()
                );
            }
            vault
                .add_watch_folder(&s, folder(dir.clone(), &options))
                .await
                .map(|_| {
                    println!("watching {}", dir.display());
                })
        }
        FoldersCmd::Remove { dir } => {
            let dir = std::path::absolute(&dir)?;
            vault.remove_watch_folder(&s, &dir).await.map(|_| {
                println!("no longer watching {}", dir.display());
            })
        }
    };
    done(vault, s).await?;
    r?;
    Ok(ExitCode::SUCCESS)
}

pub async fn run(
    ctx: &mut Ctx,
    folders: Option<Vec<WatchFolder>>,
    timing: WatchTiming,
) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let folders = match folders {
        Some(f) => Ok(f),
        None => vault.watch_folders(&s).await.map_err(anyhow::Error::from),
    };
    let folders = match folders {
        Ok(f) if !f.is_empty() => f,
        other => {
            done(vault, s).await?;
            other?;
            bail!("no folder to watch: give DIR, or add one with `medvault folders add DIR`");
        }
    };
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
