//! Storage: the SQLite database, encrypted blob files, atomic file writes and
//! the vault's process lock.

mod blobs;
mod db;
mod files;
mod lock;

pub use blobs::{BlobKind, BlobStore};
pub use db::{open_database, SCHEMA_VERSION};
pub use files::{folder_bytes, write_atomic};
pub use lock::VaultLock;

/// Milliseconds since the Unix epoch, the time unit of every stored timestamp.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Runs CPU or disk work on the blocking pool and waits for it.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::Result<T> + Send + 'static,
) -> crate::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| crate::Error::Invalid(format!("a background task failed: {e}")))?
}
