//! The vault: an open vault folder (database, blobs, lock) and every
//! operation on it. Each operation takes the acting [`Session`], checks the
//! permission matrix and writes an audit row in the same transaction as the
//! change it records.

mod access;
mod audit_ops;
mod backup;
mod create;
mod dashboard;
mod documents;
mod export;
mod keys;
mod library;
mod login;
mod pipeline;
mod retention;
mod rotate;
mod search;
mod settings;
mod types;
mod users;
mod watch_folders;

use std::sync::Arc;

use sqlx::SqlitePool;
use tokio::sync::Mutex;

pub use backup::{restore, verify_backup, BackupReport, Credentials};
pub use create::VaultOptions;
pub use dashboard::Dashboard;
pub use documents::{DocumentInfo, DocumentMeta, NewDocument};
pub use export::ExportedDocument;
pub use keys::RecoveryKey;
pub use library::{LibraryPage, LibraryQuery, LibraryRow, Shelf, MAX_PAGE};
pub use pipeline::{Stored, Unfinished};
pub use retention::{days_after, DueDocument, PurgeReport};
pub use rotate::RotationReport;
pub use search::{SearchHit, SearchResults};
pub use settings::{Settings, IDLE_TIMEOUT_RANGE};
pub use users::UserInfo;

use crate::store::{open_database, BlobStore, VaultLock};
use crate::{status, Error, Result, VaultPaths, VaultState};

/// Idle time after which a session locks itself, unless the vault's settings say otherwise.
pub const DEFAULT_IDLE_TIMEOUT_SECS: i64 = 10 * 60;

/// An open vault. Only one process may hold a vault open at a time.
#[derive(Debug)]
pub struct Vault {
    paths: VaultPaths,
    pool: SqlitePool,
    blobs: BlobStore,
    /// Serializes write transactions, so the audit chain is appended in order.
    write: Arc<Mutex<()>>,
    throttle: crate::auth::Throttle,
    /// Bumped by each master-key rotation; sessions of an older generation lock.
    generation: std::sync::atomic::AtomicU64,
    /// The classifier refined by this vault's corrections, built on first use.
    classifier: Mutex<Option<Arc<crate::classify::Model>>>,
    /// The search index, opened on first use with a session's index key.
    search: Mutex<Option<Arc<crate::search::SearchIndex>>>,
    /// Told once to the user: the index was rebuilt after damage.
    search_notice: std::sync::Mutex<Option<String>>,
    _lock: VaultLock,
}

impl Vault {
    /// Opens the existing vault at `paths`.
    pub async fn open(paths: &VaultPaths) -> Result<Vault> {
        match status(paths)?.state {
            VaultState::Ready => {}
            VaultState::New => return Err(Error::NoVault(paths.root().to_path_buf())),
        }
        let lock = VaultLock::acquire(paths)?;
        let pool = open_database(&paths.database(), false).await?;
        let vault = Self::assemble(paths, pool, lock);
        let generation = (vault.setting("key_generation").await?)
            .and_then(|g| g.parse().ok())
            .unwrap_or(0);
        vault
            .generation
            .store(generation, std::sync::atomic::Ordering::SeqCst);
        Ok(vault)
    }

    fn assemble(paths: &VaultPaths, pool: SqlitePool, lock: VaultLock) -> Vault {
        Vault {
            paths: paths.clone(),
            pool,
            blobs: BlobStore::new(paths.blobs()),
            write: Arc::new(Mutex::new(())),
            throttle: crate::auth::Throttle::default(),
            generation: std::sync::atomic::AtomicU64::new(0),
            classifier: Mutex::new(None),
            search: Mutex::new(None),
            search_notice: std::sync::Mutex::new(None),
            _lock: lock,
        }
    }

    /// The vault's folder layout.
    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// Replaces the failed-login throttling policy (tests use short delays).
    pub fn set_throttle(&mut self, t: crate::auth::Throttle) {
        self.throttle = t;
    }

    /// Closes the database cleanly (checkpointing the WAL) and releases the lock.
    pub async fn close(self) {
        if let Some(idx) = self.search.lock().await.take() {
            if let Err(e) = crate::store::blocking(move || Ok(idx.close()?)).await {
                tracing::warn!("search index not closed cleanly: {e}");
            }
        }
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }
}
