//! Where a vault keeps its files, and where the default vault lives.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The layout of one vault folder on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPaths {
    root: PathBuf,
}

impl VaultPaths {
    /// A vault rooted at `root` (which need not exist yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The vault in the user's data folder (for example
    /// `~/.local/share/medvault/vault` on Linux,
    /// `~/Library/Application Support/org.medvault.MedVault/vault` on macOS,
    /// `%APPDATA%\MedVault\MedVault\data\vault` on Windows).
    pub fn default_location() -> Result<Self> {
        let dirs = directories::ProjectDirs::from("org", "MedVault", "MedVault")
            .ok_or(Error::NoDataDir)?;
        Ok(Self::new(dirs.data_dir().join("vault")))
    }

    /// The vault folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The SQLite database holding metadata, key slots and the audit log.
    pub fn database(&self) -> PathBuf {
        self.root.join("vault.db")
    }

    /// The folder of encrypted blobs (originals, pages, thumbnails).
    pub fn blobs(&self) -> PathBuf {
        self.root.join("blobs")
    }

    /// The folder of the encrypted search index.
    pub fn index(&self) -> PathBuf {
        self.root.join("index")
    }

    /// The sealed head of the audit log (row count and newest MAC).
    pub fn audit_head(&self) -> PathBuf {
        self.root.join("audit.head")
    }

    /// The lock file that keeps a second process off the vault.
    pub fn lock_file(&self) -> PathBuf {
        self.root.join("vault.lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_live_under_the_root() {
        let p = VaultPaths::new("/tmp/v");
        for f in [
            p.database(),
            p.blobs(),
            p.index(),
            p.lock_file(),
            p.audit_head(),
        ] {
            assert!(f.starts_with("/tmp/v"), "{f:?}");
        }
    }

    #[test]
    fn default_location_is_a_vault_folder() {
        let p = VaultPaths::default_location().expect("a home folder exists in tests");
        assert!(p.root().ends_with("vault"));
        assert!(p.root().is_absolute());
    }
}
