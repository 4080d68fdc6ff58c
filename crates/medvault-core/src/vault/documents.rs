//! Documents: each has its own random data key (sealed under the vault master
//! key) that seals its original and its metadata. Deleting a document erases
//! that key (crypto-shredding) and then its blobs.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::keys::doc_key_aad;
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session, VaultKeys};
use crate::crypto::{open, seal, SecretKey};
use crate::store::{now_ms, write_atomic, BlobKind};
use crate::{Error, Result};

/// What the user tells about a new document: the details it will be sealed with.
pub type NewDocument = DocumentMeta;

impl DocumentMeta {
    /// A new document named after the file at `path`, with no other details.
    pub fn named_after(path: &Path) -> Self {
        Self {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ..Default::default()
        }
    }
}

/// A document's sealed metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub file_name: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

/// A document as listed.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub id: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub size: i64,
    /// The pipeline step reached (`done` when finished, `failed` with `failure`).
    pub status: String,
    pub failure: Option<String>,
    /// `pdf`, `png`, `jpeg`, `tiff` or `text`.
    pub format: Option<String>,
    pub pages: i64,
    pub doc_type: Option<String>,
    pub confidence: Option<f64>,
    /// The type was predicted with a confidence below [`crate::classify::REVIEW_BELOW`].
    pub needs_review: bool,
    /// Its own retention date (Unix ms); `None`: its type's default, if any.
    pub retain_until: Option<i64>,
    #[serde(flatten)]
    pub meta: DocumentMeta,
}

fn meta_aad(doc: i64) -> Vec<u8> {
    format!("medvault doc meta v1|{doc}").into_bytes()
}

/// Seals a document's details under its data key, bound to its id.
pub(super) fn seal_meta(dek: &SecretKey, doc: i64, meta: &DocumentMeta) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(meta).expect("serializable");
    Ok(seal(dek, &meta_aad(doc), &json)?)
}

/// How documents are named in audit rows.
pub(super) fn resource(doc: i64) -> String {
    format!("document:{doc}")
}

/// A `documents` row as read back.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct DocRow {
    pub(super) id: i64,
    created_at: i64,
    updated_at: i64,
    size: i64,
    pub sealed_key: Option<Vec<u8>>,
    meta: Option<Vec<u8>>,
    status: String,
    failure: Option<String>,
    format: Option<String>,
    pub(super) pages: i64,
    pub doc_type: Option<String>,
    confidence: Option<f64>,
    retain_until: Option<i64>,
}

pub(super) const DOC_COLUMNS: &str = "id, created_at, updated_at, size, sealed_key, meta, \
    status, failure, format, pages, doc_type, confidence, retain_until";

impl Vault {
    /// The live rows of documents `ids`, by id (one query).
    pub(super) async fn doc_rows(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, DocRow>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let marks = vec!["?"; ids.len()].join(",");
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE deleted_at IS NULL AND id IN ({marks})"
        );
        let mut q = sqlx::query_as::<_, DocRow>(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }

    pub(super) async fn doc_row(&self, id: i64) -> Result<DocRow> {
        let row: Option<DocRow> = sqlx::query_as(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id = ? AND deleted_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.ok_or(Error::DocumentNotFound(id))
    }

    pub(super) fn doc_key(keys: &VaultKeys, id: i64, sealed: Option<&[u8]>) -> Result<SecretKey> {
        let sealed = sealed.ok_or(Error::DocumentDamaged(id))?;
        let raw =
            open(&keys.vmk, &doc_key_aad(id), sealed).map_err(|_| Error::DocumentDamaged(id))?;
        Ok(SecretKey::from_slice(&raw)?)
    }

    pub(super) fn info(keys: &VaultKeys, r: &DocRow) -> Result<(DocumentInfo, SecretKey)> {
        let dek = Self::doc_key(keys, r.id, r.sealed_key.as_deref())?;
        let meta_sealed = r.meta.as_deref().ok_or(Error::DocumentDamaged(r.id))?;
        let plain =
            open(&dek, &meta_aad(r.id), meta_sealed).map_err(|_| Error::DocumentDamaged(r.id))?;
        let meta: DocumentMeta =
            serde_json::from_slice(&plain).map_err(|_| Error::DocumentDamaged(r.id))?;
        Ok((
            DocumentInfo {
                id: r.id,
                created_at: r.created_at,
                updated_at: r.updated_at,
                size: r.size,
                status: r.status.clone(),
                failure: r.failure.clone(),
                format: r.format.clone(),
                pages: r.pages,
                doc_type: r.doc_type.clone(),
                confidence: r.confidence,
                needs_review: r
                    .confidence
                    .is_some_and(|c| c < f64::from(crate::classify::REVIEW_BELOW)),
                retain_until: r.retain_until,
                meta,
            },
            dek,
        ))
    }

    /// Lists the documents (newest first), each with its details or, for a
    /// damaged one, the error, so one damaged document hides none of the others.
    pub async fn list_documents(&self, s: &Session) -> Result<Vec<(i64, Result<DocumentInfo>)>> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.list", None)
            .await?;
        let rows: Vec<DocRow> = sqlx::query_as(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE deleted_at IS NULL \
             AND status != 'received' ORDER BY id DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        self.record(
            &keys,
            &s.actor(),
            AuditEvent::new("document.list", Outcome::Success)
                .details(serde_json::json!({"count": rows.len()})),
        )
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.id, Self::info(&keys, r).map(|(i, _)| i)))
            .collect())
    }

    /// A document's details (audited as a view).
    pub async fn document(&self, s: &Session, id: i64) -> Result<DocumentInfo> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.view", Some(resource(id)))
            .await?;
        let row = self.doc_row(id).await?;
        let outcome = Self::info(&keys, &row);
        self.audit_outcome(&keys, s, "document.view", id, outcome.as_ref().err())
            .await?;
        Ok(outcome?.0)
    }

    /// Decrypts the original into `w` (audited as a view).
    pub async fn read_document(&self, s: &Session, id: i64, w: &mut impl Write) -> Result<u64> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.view", Some(resource(id)))
            .await?;
        let row = self.doc_row(id).await?;
        let r = Self::doc_key(&keys, id, row.sealed_key.as_deref())
            .and_then(|dek| self.blobs.read(id, BlobKind::Original, &dek, w));
        self.audit_outcome(&keys, s, "document.view", id, r.as_ref().err())
            .await?;
        r
    }

    /// Writes the decrypted original to `out` (a new file; never overwrites).
    pub async fn export_document(&self, s: &Session, id: i64, out: &Path) -> Result<u64> {
        let keys = self
            .authorize(
                s,
                Action::ExportDocument,
                "document.export",
                Some(resource(id)),
            )
            .await?;
        if out.exists() {
            return Err(Error::Invalid(format!(
                "{} already exists; choose a new file name",
                out.display()
            )));
        }
        let row = self.doc_row(id).await?;
        let r = Self::doc_key(&keys, id, row.sealed_key.as_deref()).and_then(|dek| {
            write_atomic(out, |w| self.blobs.read(id, BlobKind::Original, &dek, w))
        });
        self.audit_outcome(&keys, s, "document.export", id, r.as_ref().err())
            .await?;
        r
    }

    /// Changes a document's title, tags or notes.
    pub async fn update_document(
        &self,
        s: &Session,
        id: i64,
        title: Option<String>,
        tags: Option<Vec<String>>,
        notes: Option<String>,
    ) -> Result<()> {
        let keys = self
            .authorize(
                s,
                Action::EditMetadata,
                "document.update",
                Some(resource(id)),
            )
            .await?;
        let row = self.doc_row(id).await?;
        let (mut info, dek) = Self::info(&keys, &row)?;
        let mut changed = Vec::new();
        if let Some(t) = title {
            info.meta.title = Some(t);
            changed.push("title");
        }
        if let Some(t) = tags {
            info.meta.tags = t;
            changed.push("tags");
        }
        if let Some(n) = notes {
            info.meta.notes = Some(n);
            changed.push("notes");
        }
        let mut w = self.begin().await?;
        sqlx::query("UPDATE documents SET meta = ?, updated_at = ? WHERE id = ?")
            .bind(seal_meta(&dek, id, &info.meta)?)
            .bind(now_ms())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let ev = AuditEvent::new("document.update", Outcome::Success)
            .resource(resource(id))
            .details(serde_json::json!({"fields": changed}));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        self.keep_index_in_step(s, &keys, id, false).await;
        Ok(())
    }

    /// Deletes a document: its data key and sealed metadata are erased in the
    /// database (which overwrites freed pages), then its blobs are removed.
    pub async fn delete_document(&self, s: &Session, id: i64) -> Result<()> {
        let keys = self
            .authorize(
                s,
                Action::DeleteDocument,
                "document.delete",
                Some(resource(id)),
            )
            .await?;
        self.doc_row(id).await?;
        self.shred(s, &keys, id, "document.delete").await
    }

    /// Erases document `id` (crypto-shredding: its data key and metadata
    /// go, then its index entry and blobs), audited as `action` with no content.
    pub(super) async fn shred(
        &self,
        s: &Session,
        keys: &VaultKeys,
        id: i64,
        action: &'static str,
    ) -> Result<()> {
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET sealed_key = NULL, meta = NULL, content_hash = NULL, deleted_at = ? \
             WHERE id = ?",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new(action, Outcome::Success).resource(resource(id));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        // Push the erased pages out of the write-ahead log too.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        self.keep_index_in_step(s, keys, id, true).await;
        self.blobs.remove_all(id)
    }

    pub(super) async fn audit_outcome(
        &self,
        keys: &VaultKeys,
        s: &Session,
        action: &'static str,
        id: i64,
        err: Option<&Error>,
    ) -> Result<()> {
        let ev = match err {
            None => AuditEvent::new(action, Outcome::Success),
            Some(e) => AuditEvent::new(action, Outcome::Failure)
                .details(serde_json::json!({"error": e.to_string()})),
        };
        self.record(keys, &s.actor(), ev.resource(resource(id)))
            .await
    }
}
