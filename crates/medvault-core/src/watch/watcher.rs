//! The watcher: file-system events (or polling) per folder, debounced; a
//! file is taken once nothing has happened to it for the stability delay and
//! its size and modification time agree across two checks. Every folder is
//! scanned at start and rescanned periodically, in case an event was lost.
//! A folder that disappears is reported and watched again when it returns.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use serde::Serialize;
use tokio::sync::mpsc;

use super::filing::{file_failed, file_into};
use super::folder::{AfterIngest, Filed, OnDuplicate, WatchFolder, WatchTiming};
use crate::ingest::{Outcome, Pipeline, Progress, Status};
use crate::vault::NewDocument;
use crate::{Error, Result, Session, Vault};

/// What the watcher reports.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum WatchEvent {
    /// Watching `dir` (at start, and again after it came back).
    Watching { dir: PathBuf },
    /// `dir` is gone (an unmounted share?); it is watched again when it returns.
    FolderMissing { dir: PathBuf },
    /// A file went through the pipeline and was filed (`moved_to`, unless left or deleted).
    Filed {
        outcome: Outcome,
        moved_to: Option<PathBuf>,
    },
    /// Filing a file failed (it stays where it was, and is tried again later).
    Error { path: PathBuf, reason: String },
}

/// Receives the watcher's events.
pub type WatchProgress = Arc<dyn Fn(WatchEvent) + Send + Sync>;

/// The last size and modification time seen of a candidate file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    size: u64,
    mtime: SystemTime,
}

fn snapshot(p: &Path) -> Option<Snapshot> {
    let m = std::fs::metadata(p).ok()?;
    m.is_file().then(|| Snapshot {
        size: m.len(),
        mtime: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
    })
}

/// On Windows, a file its writer still holds open cannot be opened
/// exclusively; elsewhere the size and time checks stand alone.
#[cfg(windows)]
fn writer_done(p: &Path) -> bool {
    use std::os::windows::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(p)
        .is_ok()
}

#[cfg(not(windows))]
fn writer_done(_: &Path) -> bool {
    true
}

struct Candidate {
    folder: usize,
    snap: Snapshot,
    /// When `snap` was taken, or when the last event came.
    since: Instant,
}

/// What the watcher last saw of a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Unknown,
    Present,
    Missing,
}

/// Keeps a folder's watch alive (dropping it stops the watch).
#[allow(dead_code)]
enum Handle {
    Events(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<notify::PollWatcher, RecommendedCache>),
}

impl Handle {
    fn watch(&mut self, dir: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Handle::Events(d) => d.watch(dir, mode),
            Handle::Poll(d) => d.watch(dir, mode),
        }
    }
}

/// Time between the two checks of a file's size and modification time.
const CHECK_GAP: Duration = Duration::from_millis(500);
const TICK: Duration = Duration::from_millis(250);

/// Watches `folders` and takes each new file through `pipeline` as `s`,
/// until `stop` resolves.
pub async fn watch(
    vault: &Vault,
    s: &Session,
    pipeline: &Pipeline,
    folders: &[WatchFolder],
    timing: WatchTiming,
    events: WatchProgress,
    stop: impl std::future::Future<Output = ()>,
) -> Result<()> {
    if folders.is_empty() {
        return Err(Error::Invalid("no folder to watch".into()));
    }
    // Events name absolute paths; so must the folders.
    let folders: Vec<WatchFolder> = folders
        .iter()
        .map(|f| WatchFolder {
            dir: std::fs::canonicalize(&f.dir)
                .or_else(|_| std::path::absolute(&f.dir))
                .unwrap_or_else(|_| f.dir.clone()),
            ..f.clone()
        })
        .collect();
    let folders = &folders[..];
    let (tx, mut rx) = mpsc::unbounded_channel::<(usize, DebounceEventResult)>();
    let mut handles: Vec<Option<Handle>> = folders.iter().map(|_| None).collect();
    let mut state = vec![Seen::Unknown; folders.len()];
    let mut candidates: HashMap<PathBuf, Candidate> = HashMap::new();
    // Files left in place after ingest (`AfterIngest::Leave`), not to be taken again.
    let mut left: HashMap<PathBuf, Snapshot> = HashMap::new();
    let mut last_scan = Instant::now();
    let quiet: Progress = Arc::new(|_| {});
    tokio::pin!(stop);

    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = &mut stop => return Ok(()),
            Some((fi, res)) = rx.recv() => {
                if let Ok(evs) = res {
                    for ev in evs {
                        for p in &ev.paths {
                            note(&mut candidates, folders, fi, p);
                        }
                    }
                }
            }
            _ = tick.tick() => {
                // Folders that appeared, came back or vanished.
                let mut rescan = last_scan.elapsed() >= timing.rescan;
                for (i, f) in folders.iter().enumerate() {
                    match (f.dir.is_dir(), state[i]) {
                        (true, Seen::Present) | (false, Seen::Missing) => {}
                        (true, _) => match start(i, f, &timing, tx.clone()) {
                            Ok(h) => {
                                handles[i] = Some(h);
                                state[i] = Seen::Present;
                                rescan = true;
                                events(WatchEvent::Watching { dir: f.dir.clone() });
                            }
                            Err(e) => events(WatchEvent::Error { path: f.dir.clone(), reason: e.to_string() }),
                        },
                        (false, _) => {
                            handles[i] = None;
                            state[i] = Seen::Missing;
                            events(WatchEvent::FolderMissing { dir: f.dir.clone() });
                        }
                    }
                }
                if rescan {
                    last_scan = Instant::now();
                    for (i, f) in folders.iter().enumerate().filter(|(i, _)| state[*i] == Seen::Present) {
                        for p in crate::ingest::collect_files(std::slice::from_ref(&f.dir)).into_iter().flatten() {
                            if !candidates.contains_key(&p) {
                                note(&mut candidates, folders, i, &p);
                            }
                        }
                    }
                }
                // Files that have settled.
                let mut ready = Vec::new();
                candidates.retain(|p, c| {
                    let Some(now) = snapshot(p) else { return false };
                    if left.get(p) == Some(&now) {
                        return false;
                    }
                    if now != c.snap {
                        c.snap = now;
                        c.since = Instant::now();
                        return true;
                    }
                    let age = SystemTime::now().duration_since(now.mtime).unwrap_or_default();
                    // Quiet since its last change for the stability delay, and
                    // the same size and time across two checks.
                    if c.since.elapsed() >= timing.stability.max(CHECK_GAP) && age >= timing.stability {
                        if !writer_done(p) {
                            c.since = Instant::now();
                            return true;
                        }
                        ready.push((p.clone(), c.folder));
                        return false;
                    }
                    true
                });
                ready.sort();
                for (path, fi) in ready {
                    let folder = &folders[fi];
                    let template = NewDocument { tags: folder.tags_for(&path), ..Default::default() };
                    let outcome = pipeline.ingest_file(vault, s, &path, &template, &quiet).await;
                    match file_away(vault, s, folder, &path, &outcome).await {
                        Ok(moved_to) => {
                            if folder.after == AfterIngest::Leave && path.exists() {
                                if let Some(snap) = snapshot(&path) {
                                    left.insert(path.clone(), snap);
                                }
                            }
                            events(WatchEvent::Filed { outcome, moved_to });
                        }
                        Err(e) => events(WatchEvent::Error { path, reason: e.to_string() }),
                    }
                }
            }
        }
    }
}

/// Records an event or a scanned file as a candidate (restarting its wait).
fn note(
    candidates: &mut HashMap<PathBuf, Candidate>,
    folders: &[WatchFolder],
    fi: usize,
    p: &Path,
) {
    if !folders[fi].wants(p) {
        return;
    }
    if let Some(snap) = snapshot(p) {
        candidates.insert(
            p.to_path_buf(),
            Candidate {
                folder: fi,
                snap,
                since: Instant::now(),
            },
        );
    }
}

fn start(
    i: usize,
    f: &WatchFolder,
    timing: &WatchTiming,
    tx: mpsc::UnboundedSender<(usize, DebounceEventResult)>,
) -> notify::Result<Handle> {
    let handler = move |res: DebounceEventResult| {
        let _ = tx.send((i, res));
    };
    // Events are only gathered briefly; the stability rule itself is applied
    // by the watcher's checks, from the file's modification time.
    let debounce = Duration::from_millis(100);
    let mode = if f.recursive {
        RecursiveMode::Recursive
    } else {
        RecursiveMode::NonRecursive
    };
    let mut h = if f.poll {
        let cfg = notify::Config::default().with_poll_interval(timing.poll_interval);
        Handle::Poll(new_debouncer_opt(
            debounce,
            None,
            handler,
            RecommendedCache::new(),
            cfg,
        )?)
    } else {
        Handle::Events(new_debouncer_opt(
            debounce,
            None,
            handler,
            RecommendedCache::new(),
            notify::Config::default(),
        )?)
    };
    h.watch(&f.dir, mode)?;
    Ok(h)
}

/// Files the source by its outcome. A document is committed before its
/// source moves; a duplicate of a document made from a file of the same name
/// is that file, seen again after a crash between commit and move.
async fn file_away(
    vault: &Vault,
    s: &Session,
    folder: &WatchFolder,
    path: &Path,
    o: &Outcome,
) -> Result<Option<PathBuf>> {
    let same_file = match (o.status, o.duplicate_of) {
        (Status::Duplicate, Some(of)) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            vault.pipeline_meta(s, of).await.ok().map(|m| m.file_name) == name
        }
        _ => false,
    };
    match o.status {
        // Not the file's fault: it stays, and is taken again on a later pass.
        Status::Failed if o.retry => Err(Error::Invalid(format!(
            "{} (the file stays and is tried again)",
            o.reason.as_deref().unwrap_or("unknown")
        ))),
        Status::Done => after(folder, path),
        Status::Duplicate if same_file => after(folder, path),
        Status::Duplicate => match folder.duplicates {
            OnDuplicate::Move => file_into(folder, path, Filed::Duplicates).map(Some),
            OnDuplicate::Delete => remove(path).map(|_| None),
        },
        Status::Failed if o.id.is_none() && !path.exists() => Ok(None),
        Status::Failed => {
            let reason = o.reason.as_deref().unwrap_or("unknown");
            file_failed(folder, path, reason).map(Some)
        }
    }
}

fn after(folder: &WatchFolder, path: &Path) -> Result<Option<PathBuf>> {
    match folder.after {
        AfterIngest::Move => file_into(folder, path, Filed::Processed).map(Some),
        AfterIngest::Delete => remove(path).map(|_| None),
        AfterIngest::Leave => Ok(None),
    }
}

fn remove(path: &Path) -> Result<()> {
    std::fs::remove_file(path).map_err(|e| Error::io("cannot delete", path, e))
}
