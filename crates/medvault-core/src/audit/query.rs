//! Reading the audit log back, with filters and decrypted details.

use serde::Serialize;
use sqlx::SqlitePool;

use super::chain::details_aad;
use crate::crypto::{open, SecretKey};
use crate::Result;

/// Which rows to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user: Option<String>,
    pub action: Option<String>,
    /// Unix milliseconds; rows at or after this time.
    pub since_ms: Option<i64>,
    pub limit: Option<i64>,
    /// Newest rows first (the limit then keeps the newest).
    pub newest_first: bool,
}

/// One audit row as shown to an administrator.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub user: Option<String>,
    pub action: String,
    pub resource: Option<String>,
    pub outcome: String,
    pub details: Option<serde_json::Value>,
}

/// Lists rows matching `f`, oldest first unless `f.newest_first`.
pub(crate) async fn list(
    pool: &SqlitePool,
    key: &SecretKey,
    f: &AuditFilter,
) -> Result<Vec<AuditEntry>> {
    type R = (
        i64,
        i64,
        Option<String>,
        String,
        Option<String>,
        String,
        Option<Vec<u8>>,
    );
    let sql = format!(
        "SELECT seq, at, user_name, action, resource, outcome, details FROM audit_log \
         WHERE (?1 IS NULL OR user_name = ?1 COLLATE NOCASE) AND (?2 IS NULL OR action = ?2) \
         AND (?3 IS NULL OR at >= ?3) ORDER BY seq {} LIMIT ?4",
        if f.newest_first { "DESC" } else { "ASC" }
    );
    let rows: Vec<R> = sqlx::query_as(&sql)
        .bind(f.user.as_deref())
        .bind(f.action.as_deref())
        .bind(f.since_ms)
        .bind(f.limit.unwrap_or(-1))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, at, user, action, resource, outcome, details)| AuditEntry {
                seq,
                at,
                user,
                action,
                resource,
                outcome,
                details: details.map(|d| match open(key, &details_aad(seq), &d) {
                    Ok(p) => serde_json::from_slice(&p).unwrap_or(serde_json::Value::Null),
                    Err(_) => serde_json::json!({"error": "details fail authentication"}),
                }),
            },
        )
        .collect())
}
