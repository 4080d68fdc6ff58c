//! Watched scanner folders: files that scanners, fax software or sync tools
//! drop into a folder are taken, once complete, through the ingest pipeline
//! and filed into `processed/`, `failed/` (with a note saying why) or
//! `duplicates/` beside them.

mod filing;
mod folder;
mod watcher;

pub use filing::{file_failed, file_into};
pub use folder::{is_ignored, AfterIngest, Filed, OnDuplicate, WatchFolder, WatchTiming};
pub use watcher::{watch, WatchEvent, WatchProgress};
