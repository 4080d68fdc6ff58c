//! The core's error type: each variant says what went wrong and, where the
//! user can act, what to do about it.

use std::path::PathBuf;

use crate::crypto::{CryptoError, StreamError};

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
    /// The disk filled up during a write; the write was undone.
    #[error(
        "the disk is full while writing {0}; nothing was saved, free some space and try again"
    )]
    DiskFull(PathBuf),
    /// The vault folder exists but holds something other than a vault.
    #[error("{0} is not empty and is not a MedVault vault; choose an empty or new folder")]
    NotAVault(PathBuf),
    /// There is no vault at the location.
    #[error("no vault at {0}; create one with `medvault init --admin NAME` or choose another with --vault")]
    NoVault(PathBuf),
    /// `init` on a location that already holds a vault.
    #[error("a vault already exists at {0}")]
    VaultExists(PathBuf),
    /// The vault was written by a newer MedVault.
    #[error("this vault uses schema version {found}, newer than this MedVault understands ({supported}); update MedVault")]
    VaultTooNew { found: i64, supported: i64 },
    /// Another process holds the vault open.
    #[error("the vault at {0} is open in another MedVault process (app or command); close it and try again")]
    VaultBusy(PathBuf),
    /// A backup cannot be made, read or restored; the message names what is wrong.
    #[error("backup: {0}")]
    Backup(String),
    /// Search failed (a query that does not parse, or the index).
    #[error("{0}")]
    Search(#[from] crate::search::SearchError),
    /// SQLite failed.
    #[error("vault database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the schema failed.
    #[error("cannot update the vault database schema: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A cryptographic operation failed outside of a document.
    #[error("{0}")]
    Crypto(#[from] CryptoError),
    /// No user of that name.
    #[error("unknown user '{0}'")]
    UnknownUser(String),
    /// The user exists but was disabled by an administrator.
    #[error("user '{0}' is disabled; ask an administrator")]
    UserDisabled(String),
    /// The password does not open the user's key slot.
    #[error("wrong password for user '{0}'")]
    WrongPassword(String),
    /// Too many failed logins: the account waits until the given time.
    #[error("user '{user}' is locked after {failures} failed logins; try again in {wait_secs} s")]
    AccountLocked {
        user: String,
        failures: i64,
        wait_secs: i64,
    },
    /// A key rotation revoked the account's access while it was disabled.
    #[error("the access of '{0}' was revoked by a key rotation; an admin must reset its password")]
    AccessRevoked(String),
    /// The recovery key is wrong.
    #[error("the recovery key does not open this vault")]
    WrongRecoveryKey,
    /// The acting user's role does not allow the action.
    #[error("user '{user}' ({role}) is not allowed to {action}")]
    PermissionDenied {
        user: String,
        role: &'static str,
        action: &'static str,
    },
    /// The session locked itself after being idle, or was locked.
    #[error("the session is locked; enter the password to continue")]
    SessionLocked,
    /// A document's encrypted data fails authentication.
    #[error("document {0} is damaged: its encrypted data fails authentication (other documents are not affected)")]
    DocumentDamaged(i64),
    /// No document with this id (or it was deleted).
    #[error("no document with id {0}")]
    DocumentNotFound(i64),
    /// A file cannot be ingested; the message says why.
    #[error("{0}")]
    Ingest(#[from] crate::ingest::IngestError),
    /// Reading an image failed.
    #[error("{0}")]
    Ocr(#[from] crate::ocr::OcrError),
    /// The request is invalid; the message says why.
    #[error("{0}")]
    Invalid(String),
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the action and path it concerned; a full disk
    /// becomes [`Error::DiskFull`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::DiskFull(path);
        }
        Error::Io {
            action,
            path,
            source,
        }
    }

    /// Maps a stream failure on document `id` stored at `path`.
    pub(crate) fn blob(id: i64, path: &std::path::Path, e: StreamError) -> Self {
        match e {
            StreamError::Crypto(_) => Error::DocumentDamaged(id),
            StreamError::Io(io) => Error::io("cannot read", path, io),
        }
    }
}
