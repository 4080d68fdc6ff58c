//! What is at a vault location: nothing yet, a vault, or something else.

use serde::Serialize;

use crate::{Error, Result, VaultPaths};

/// The state of a vault folder, as the first-run screen and `medvault status` see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No vault yet: the folder is missing or empty; first run creates one.
    New,
    /// A vault database is present.
    Ready,
}

/// A vault location and its state.
#[derive(Debug, Clone, Serialize)]
pub struct VaultStatus {
    pub root: std::path::PathBuf,
    pub state: VaultState,
}

/// Looks at `paths` without opening or changing anything.
///
/// A folder that holds other files but no vault is refused, so that a vault is
/// never created on top of someone's documents.
pub fn status(paths: &VaultPaths) -> Result<VaultStatus> {
    let root = paths.root().to_path_buf();
    let state = if paths.database().is_file() {
        VaultState::Ready
    } else if !root.exists() {
        VaultState::New
    } else {
        let mut entries =
            std::fs::read_dir(&root).map_err(|e| Error::io("cannot read folder", &root, e))?;
        if entries.next().is_some() {
            return Err(Error::NotAVault(root));
        }
        VaultState::New
    };
    Ok(VaultStatus { root, state })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_empty_folders_are_new() {
        let dir = tempfile::tempdir().unwrap();
        let missing = VaultPaths::new(dir.path().join("nope"));
        assert_eq!(status(&missing).unwrap().state, VaultState::New);
        assert_eq!(
            status(&VaultPaths::new(dir.path())).unwrap().state,
            VaultState::New
        );
    }

    #[test]
    fn a_folder_with_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("holiday.jpg"), b"x").unwrap();
        let err = status(&VaultPaths::new(dir.path())).unwrap_err();
        assert!(matches!(err, Error::NotAVault(_)), "{err}");
        assert!(dir.path().join("holiday.jpg").exists());
    }

    #[test]
    fn a_folder_with_a_database_is_ready() {
        let dir = tempfile::tempdir().unwrap();
        let p = VaultPaths::new(dir.path());
        std::fs::write(p.database(), b"").unwrap();
        assert_eq!(status(&p).unwrap().state, VaultState::Ready);
    }
}
