//! The core's error type: each variant says what went wrong and, where the
//! user can act, what to do about it.

use std::path::PathBuf;

/// Errors returned by the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No per-user data folder could be determined for the default vault.
    #[error("cannot determine a data folder for this user; pass --vault DIR or set MEDVAULT_DIR")]
    NoDataDir,
    /// A file-system operation failed; `path` names the file or folder.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The vault folder exists but holds something other than a vault.
    #[error("{0} is not empty and is not a MedVault vault; choose an empty or new folder")]
    NotAVault(PathBuf),
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the action and path it concerned.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
