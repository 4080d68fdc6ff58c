//! Opens the vault's SQLite database and brings its schema up to date.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::{Error, Result};

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// The newest schema version this build understands.
pub const SCHEMA_VERSION: i64 = 4;

/// Opens (or with `create`, creates) the database at `path` and applies any
/// pending migrations. A database from a newer MedVault is refused untouched.
pub async fn open_database(path: &Path, create: bool) -> Result<SqlitePool> {
    let opts = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Deleted rows (shredded keys, old metadata) are overwritten with zeros,
        // and temporary tables stay in memory, never in a temp file.
        .pragma("secure_delete", "ON")
        .pragma("temp_store", "MEMORY");
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(opts)
        .await?;
    let applied: Option<i64> = sqlx::query_scalar(
        "SELECT max(version) FROM _sqlx_migrations WHERE EXISTS \
         (SELECT 1 FROM sqlite_master WHERE name = '_sqlx_migrations')",
    )
    .fetch_one(&pool)
    .await
    .unwrap_or(None);
    if let Some(found) = applied {
        if found > SCHEMA_VERSION {
            pool.close().await;
            return Err(Error::VaultTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
    }
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_matches_the_newest_migration() {
        let newest = MIGRATOR.iter().map(|m| m.version).max().unwrap();
        assert_eq!(newest, SCHEMA_VERSION);
    }

    #[tokio::test]
    async fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("v.db");
        let pool = open_database(&db, true).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99, 'future', 1, x'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
        let err = open_database(&db, false).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::VaultTooNew {
                    found: 99,
                    supported: SCHEMA_VERSION
                }
            ),
            "{err}"
        );
    }
}
