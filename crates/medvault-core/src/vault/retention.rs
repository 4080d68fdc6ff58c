//! Retention: each document may carry a date after which it is purged, or
//! its type's default period (set by an admin) applies from the day it was
//! added. Managers list what is due and confirm the purge; a purge erases
//! the document as a delete does (data key, metadata, index entry, blobs)
//! and leaves only audit rows without content.

use serde::Serialize;

use super::documents::resource;
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::store::now_ms;
use crate::{Error, Result};

const DAY_MS: i64 = 86_400_000;

/// A document past its retention date.
#[derive(Debug, Clone, Serialize)]
pub struct DueDocument {
    pub id: i64,
    pub file_name: String,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub added_at: i64,
    /// When it became due (Unix ms).
    pub due_at: i64,
}

/// What a purge did.
#[derive(Debug, Clone, Serialize)]
pub struct PurgeReport {
    pub purged: Vec<i64>,
    /// Asked for, but not due (or not there): left alone, with the reason.
    pub refused: Vec<(i64, String)>,
}

/// Ids and due dates of the documents due at `as_of`: their own date, or
/// added + their type's default.
const DUE_SQL: &str =
    "SELECT d.id, COALESCE(d.retain_until, d.created_at + r.days * 86400000) AS due \
     FROM documents d LEFT JOIN retention_defaults r ON r.doc_type = d.doc_type \
     WHERE d.deleted_at IS NULL AND d.status IN ('done', 'failed') \
       AND COALESCE(d.retain_until, d.created_at + r.days * 86400000) <= ?";

impl Vault {
    /// Sets (or, with `None`, clears) the default retention of a type, in days (admin).
    pub async fn set_retention_default(
        &self,
        s: &Session,
        doc_type: &str,
        days: Option<u32>,
    ) -> Result<()> {
        let keys = self
            .authorize(s, Action::ManageSettings, "settings.update", None)
            .await?;
        self.known_type(s, doc_type).await?;
        let mut w = self.begin().await?;
        match days {
            Some(0) => {
                return Err(Error::Invalid(
                    "a retention period is at least one day".into(),
                ))
            }
            Some(d) => {
                sqlx::query(
                    "INSERT OR REPLACE INTO retention_defaults (doc_type, days, updated_at) VALUES (?, ?, ?)",
                )
                .bind(doc_type)
                .bind(i64::from(d))
                .bind(now_ms())
                .execute(&mut *w.tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM retention_defaults WHERE doc_type = ?")
                    .bind(doc_type)
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        let ev = AuditEvent::new("settings.update", Outcome::Success)
            .details(serde_json::json!({"retention_default": doc_type, "days": days}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// The default retention of each type that has one, in days.
    pub async fn retention_defaults(&self, s: &Session) -> Result<Vec<(String, u32)>> {
        self.authorize(s, Action::ViewDocument, "settings.read", None)
            .await?;
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT doc_type, days FROM retention_defaults ORDER BY doc_type")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(t, d)| (t, d as u32)).collect())
    }

    /// Sets a document's own retention date (Unix ms), or clears it so its
    /// type's default applies (managers and admins). Audited.
    pub async fn set_retention(&self, s: &Session, id: i64, until: Option<i64>) -> Result<()> {
        let keys = self
            .authorize(
                s,
                Action::DeleteDocument,
                "document.retention",
                Some(resource(id)),
            )
            .await?;
        self.doc_row(id).await?;
        let mut w = self.begin().await?;
        sqlx::query("UPDATE documents SET retain_until = ?, updated_at = ? WHERE id = ?")
            .bind(until)
            .bind(now_ms())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let ev = AuditEvent::new("document.retention", Outcome::Success)
            .resource(resource(id))
            .details(serde_json::json!({"until": until}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// The documents due for purging at `as_of` (Unix ms), oldest due first
    /// (managers and admins). Audited.
    pub async fn retention_due(&self, s: &Session, as_of: i64) -> Result<Vec<DueDocument>> {
        let keys = self
            .authorize(s, Action::DeleteDocument, "retention.list", None)
            .await?;
        let due: Vec<(i64, i64)> = sqlx::query_as(&format!("{DUE_SQL} ORDER BY due, d.id"))
            .bind(as_of)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(due.len());
        for (id, due_at) in due {
            let row = self.doc_row(id).await?;
            let (info, _) = Self::info(&keys, &row)?;
            out.push(DueDocument {
                id,
                file_name: info.meta.file_name,
                title: info.meta.title,
                doc_type: info.doc_type,
                added_at: info.created_at,
                due_at,
            });
        }
        let ev = AuditEvent::new("retention.list", Outcome::Success)
            .details(serde_json::json!({"due": out.len()}));
        let w = self.begin().await?;
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        Ok(out)
    }

    /// Purges the documents `ids` a manager confirmed from [`Vault::retention_due`];
    /// each must still be due at `as_of`, or it is left alone.
    pub async fn purge_due(&self, s: &Session, ids: &[i64], as_of: i64) -> Result<PurgeReport> {
        let keys = self
            .authorize(s, Action::DeleteDocument, "document.purge", None)
            .await?;
        let due: std::collections::BTreeSet<i64> = sqlx::query_as::<_, (i64, i64)>(DUE_SQL)
            .bind(as_of)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut report = PurgeReport {
            purged: Vec::new(),
            refused: Vec::new(),
        };
        for &id in ids {
            if !due.contains(&id) {
                report
                    .refused
                    .push((id, "not due for purging (or not in the vault)".into()));
                continue;
            }
            self.shred(s, &keys, id, "document.purge").await?;
            report.purged.push(id);
        }
        Ok(report)
    }
}

/// `days` after `from` (Unix ms).
pub fn days_after(from: i64, days: u32) -> i64 {
    from + i64::from(days) * DAY_MS
}
