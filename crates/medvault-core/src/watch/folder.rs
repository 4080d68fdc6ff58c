//! A watched folder's settings, and which files in it are never taken.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What happens to a file once its document is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AfterIngest {
    /// Into the `processed` subfolder (the default).
    #[default]
    Move,
    Delete,
    Leave,
}

/// What happens to a file whose content is already in the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OnDuplicate {
    /// Into the `duplicates` subfolder (the default).
    #[default]
    Move,
    Delete,
}

/// One watched folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WatchFolder {
    pub dir: PathBuf,
    /// Watch subfolders too.
    pub recursive: bool,
    /// Tag each document with the names of the subfolders it came from.
    pub subfolder_tags: bool,
    pub after: AfterIngest,
    pub duplicates: OnDuplicate,
    /// Poll instead of relying on file-system events (network shares).
    pub poll: bool,
}

impl WatchFolder {
    /// A folder with the defaults: recursive, no tags, move after ingest and duplicates, events.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            recursive: true,
            subfolder_tags: false,
            after: AfterIngest::Move,
            duplicates: OnDuplicate::Move,
            poll: false,
        }
    }

    /// Where processed, failed and duplicate files go.
    pub fn filed_dir(&self, kind: Filed) -> PathBuf {
        self.dir.join(kind.folder())
    }

    /// Whether `path` (inside this folder) is a file to take: not hidden,
    /// temporary or system, not in a subfolder MedVault files into, and not
    /// below the top level when the folder is not recursive.
    pub fn wants(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.dir) else {
            return false;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some((name, dirs)) = parts.split_last() else {
            return false;
        };
        if !self.recursive && !dirs.is_empty() {
            return false;
        }
        if dirs
            .first()
            .is_some_and(|d| Filed::ALL.iter().any(|f| f.folder() == d))
        {
            return false;
        }
        if dirs.iter().any(|d| d.starts_with('.')) {
            return false;
        }
        !is_ignored(name)
    }

    /// The tags of a file at `path`: its subfolder names, when asked for.
    pub fn tags_for(&self, path: &Path) -> Vec<String> {
        if !self.subfolder_tags {
            return Vec::new();
        }
        path.strip_prefix(&self.dir)
            .ok()
            .and_then(Path::parent)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The subfolders files are filed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filed {
    Processed,
    Failed,
    Duplicates,
}

impl Filed {
    const ALL: [Filed; 3] = [Filed::Processed, Filed::Failed, Filed::Duplicates];

    pub fn folder(self) -> &'static str {
        match self {
            Filed::Processed => "processed",
            Filed::Failed => "failed",
            Filed::Duplicates => "duplicates",
        }
    }
}

/// Hidden, temporary and system files that scanners, sync tools and
/// operating systems leave in folders.
pub fn is_ignored(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || ["thumbs.db", "desktop.ini", "ehthumbs.db"].contains(&lower.as_str())
        || [
            ".part",
            ".tmp",
            ".crdownload",
            ".partial",
            ".download",
            ".swp",
        ]
        .iter()
        .any(|x| lower.ends_with(x))
}

/// Timing of a watcher.
#[derive(Debug, Clone, Copy)]
pub struct WatchTiming {
    /// A file is taken after this long without events or changes.
    pub stability: Duration,
    /// Every folder is rescanned this often, in case an event was lost.
    pub rescan: Duration,
    /// How often polled folders are checked.
    pub poll_interval: Duration,
}

impl Default for WatchTiming {
    fn default() -> Self {
        Self {
            stability: Duration::from_secs(3),
            rescan: Duration::from_secs(300),
            poll_interval: Duration::from_secs(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_system_files_are_ignored() {
        for n in [
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "~$report.docx",
            "scan.pdf.part",
            "a.tmp",
            "x.crdownload",
            ".syncthing.scan.pdf.tmp",
        ] {
            assert!(is_ignored(n), "{n}");
        }
        for n in ["scan.pdf", "IMG_0001.JPG", "fax 12.tif"] {
            assert!(!is_ignored(n), "{n}");
        }
    }

    #[test]
    fn filed_and_hidden_subfolders_are_not_taken() {
        let f = WatchFolder::new("/in");
        assert!(f.wants(Path::new("/in/a.pdf")));
        assert!(f.wants(Path::new("/in/cardiology/a.pdf")));
        assert!(!f.wants(Path::new("/in/processed/a.pdf")));
        assert!(!f.wants(Path::new("/in/failed/a.pdf.error.txt")));
        assert!(!f.wants(Path::new("/in/.stversions/a.pdf")));
        assert!(!f.wants(Path::new("/elsewhere/a.pdf")));
        let flat = WatchFolder {
            recursive: false,
            ..WatchFolder::new("/in")
        };
        assert!(!flat.wants(Path::new("/in/sub/a.pdf")));
        let tagged = WatchFolder {
            subfolder_tags: true,
            ..WatchFolder::new("/in")
        };
        assert_eq!(
            tagged.tags_for(Path::new("/in/cardiology/2024/a.pdf")),
            ["cardiology", "2024"]
        );
    }
}
