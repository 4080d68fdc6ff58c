//! The dashboard: what the vault holds and what needs a person, in counts
//! read from plaintext columns (type codes, steps, times, sizes; no content)
//! and the size of the vault folder on disk.

use serde::Serialize;

use super::{Shelf, Vault};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::store::blocking;
use crate::Result;

/// The dashboard's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// Documents in the vault (finished, in progress and failed).
    pub documents: u64,
    /// Finished documents per type code (`None`: unclassified), most first.
    pub by_type: Vec<(Option<String>, u64)>,
    /// Documents added per month, `YYYY-MM`, oldest first (the last 12 months with any).
    pub by_month: Vec<(String, u64)>,
    /// Documents still going through the pipeline.
    pub processing: u64,
    /// Documents the pipeline could not finish.
    pub failed: u64,
    /// Finished documents whose type was predicted with low confidence.
    pub needs_review: u64,
    /// Bytes the vault folder takes on disk (database, sealed files, index).
    pub storage_bytes: u64,
    /// Bytes of the originals as added.
    pub original_bytes: u64,
}

impl Vault {
    /// The dashboard (anyone who may view documents). Audited as a view of counts.
    pub async fn dashboard(&self, s: &Session) -> Result<Dashboard> {
        let keys = self
            .authorize(s, Action::ViewDocument, "dashboard.view", None)
            .await?;
        let live = "deleted_at IS NULL AND status != 'received'";
        let one = |sql: String| async move {
            let n: i64 = sqlx::query_scalar(&sql).fetch_one(&self.pool).await?;
            Ok::<u64, crate::Error>(n.max(0) as u64)
        };
        let documents = one(format!("SELECT COUNT(*) FROM documents WHERE {live}")).await?;
        let processing = self.shelf_count(Shelf::Processing).await?;
        let failed = self.shelf_count(Shelf::Failed).await?;
        let needs_review = one(format!(
            "SELECT COUNT(*) FROM documents WHERE {live} AND status = 'done' AND confidence < {}",
            crate::classify::REVIEW_BELOW
        ))
        .await?;
        let original_bytes = one(format!(
            "SELECT COALESCE(SUM(size), 0) FROM documents WHERE {live}"
        ))
        .await?;
        let by_type: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
            "SELECT doc_type, COUNT(*) AS n FROM documents WHERE {live} AND status = 'done' \
             GROUP BY doc_type ORDER BY n DESC, doc_type"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut by_month: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT strftime('%Y-%m', created_at / 1000, 'unixepoch') AS m, COUNT(*) \
             FROM documents WHERE {live} GROUP BY m ORDER BY m DESC LIMIT 12"
        ))
        .fetch_all(&self.pool)
        .await?;
        by_month.reverse();
        let root = self.paths.root().to_path_buf();
        let storage_bytes = blocking(move || Ok(crate::store::folder_bytes(&root))).await?;
        self.record(
            &keys,
            &s.actor(),
            AuditEvent::new("dashboard.view", Outcome::Success),
        )
        .await?;
        Ok(Dashboard {
            documents,
            by_type: by_type.into_iter().map(|(t, n)| (t, n as u64)).collect(),
            by_month: by_month.into_iter().map(|(m, n)| (m, n as u64)).collect(),
            processing,
            failed,
            needs_review,
            storage_bytes,
            original_bytes,
        })
    }
}
