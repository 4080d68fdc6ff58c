//! The vault's side of the ingest pipeline: storing an original once (keyed
//! content hash), recording each step, and sealing pages, thumbnail and text.
//! The order of work lives in `crate::ingest`; this module only persists it.

use std::sync::Arc;

use super::documents::{resource, seal_meta};
use super::keys::doc_key_aad;
use super::DocumentMeta;
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session, VaultKeys};
use crate::classify::Prediction;
use crate::crypto::{mac, seal, SecretKey};
use crate::ingest::{DocumentText, Format, Step};
use crate::store::{blocking, now_ms, BlobKind};
use crate::{Error, Result};

/// What storing an original came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// A new document, sealed and committed at step `stored`.
    New(i64),
    /// The same content is already document `of` (at step `status`).
    Duplicate { of: i64, status: String },
    /// The same content was a failed document: it goes through the pipeline again.
    Retry(i64),
}

/// A document the pipeline has not finished.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub id: i64,
    pub step: Step,
    pub format: Option<Format>,
}

impl Vault {
    /// Seals `bytes` as a new document's original, unless the same content is
    /// already in the vault. The original is fsynced before this returns.
    pub async fn store_original(
        &self,
        s: &Session,
        meta: DocumentMeta,
        format: Format,
        bytes: Arc<Vec<u8>>,
    ) -> Result<Stored> {
        let keys = self
            .authorize(s, Action::UploadDocument, "document.create", None)
            .await?;
        let hash = mac(&keys.content, &[b"medvault content v1|", &bytes]).to_vec();
        if let Some(found) = self.find_content(&hash).await? {
            return self.on_same_content(&keys, s, found).await;
        }
        // A short transaction reserves the id; the lock is not held while sealing.
        let now = now_ms();
        let mut w = self.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO documents (created_at, updated_at, size, status, content_hash, format) \
             VALUES (?, ?, 0, 'received', ?, ?)",
        )
        .bind(now)
        .bind(now)
        .bind(&hash)
        .bind(format.code())
        .execute(&mut *w.tx)
        .await;
        let id = match inserted {
            Ok(r) => r.last_insert_rowid(),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                drop(w);
                let found = self.find_content(&hash).await?.ok_or_else(|| {
                    Error::Invalid("a concurrent import of the same file vanished".into())
                })?;
                return self.on_same_content(&keys, s, found).await;
            }
            Err(e) => return Err(e.into()),
        };
        w.commit().await?;

        let dek = SecretKey::random()?;
        let sealed = {
            let (blobs, key, bytes) = (self.blobs.clone(), dek.clone(), bytes.clone());
            blocking(move || blobs.put(id, BlobKind::Original, &key, &bytes)).await
        };
        let committed = match sealed {
            Ok(size) => {
                async {
                    let mut w = self.begin().await?;
                    sqlx::query(
                    "UPDATE documents SET size = ?, sealed_key = ?, meta = ?, status = 'stored' \
                     WHERE id = ?",
                )
                .bind(size as i64)
                .bind(seal(&keys.vmk, &doc_key_aad(id), dek.expose())?)
                .bind(seal_meta(&dek, id, &meta)?)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
                    let ev = AuditEvent::new("document.create", Outcome::Success)
                        .resource(resource(id))
                        .details(serde_json::json!({"size": size, "format": format.code()}));
                    self.finish(w, &keys.audit, &s.actor(), ev).await
                }
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = committed {
            // Undo the reservation; the source file was never touched.
            let _ = sqlx::query("DELETE FROM documents WHERE id = ? AND status = 'received'")
                .bind(id)
                .execute(&self.pool)
                .await;
            let _ = self.blobs.remove_all(id);
            return Err(e);
        }
        Ok(Stored::New(id))
    }

    async fn find_content(&self, hash: &[u8]) -> Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, status FROM documents WHERE content_hash = ? AND deleted_at IS NULL",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn on_same_content(
        &self,
        keys: &VaultKeys,
        s: &Session,
        (id, status): (i64, String),
    ) -> Result<Stored> {
        if status != Step::Failed.code() {
            return Ok(Stored::Duplicate { of: id, status });
        }
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET status = 'stored', failure = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new("document.retry", Outcome::Success).resource(resource(id));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        Ok(Stored::Retry(id))
    }

    /// Undoes what a crash left half done: documents still at `received`
    /// (their originals were never committed, their sources never touched),
    /// blobs of no document, and temporary files. Call before any ingest runs.
    pub async fn sweep_interrupted(&self, s: &Session) -> Result<usize> {
        self.authorize(s, Action::UploadDocument, "document.create", None)
            .await?;
        let mut w = self.begin().await?;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM documents WHERE status = 'received'")
                .fetch_all(&mut *w.tx)
                .await?;
        sqlx::query("DELETE FROM documents WHERE status = 'received'")
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        let known: std::collections::BTreeSet<i64> =
            sqlx::query_scalar("SELECT id FROM documents WHERE deleted_at IS NULL")
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .collect();
        let mut swept = ids.len();
        for id in self.blobs.ids_on_disk()? {
            if !known.contains(&id) {
                self.blobs.remove_all(id)?;
                swept += 1;
            }
        }
        self.blobs.sweep_temporary()?;
        Ok(swept)
    }

    /// The documents the pipeline has yet to finish, oldest first.
    pub async fn unfinished_documents(&self, s: &Session) -> Result<Vec<Unfinished>> {
        self.authorize(s, Action::UploadDocument, "document.create", None)
            .await?;
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, status, format FROM documents \
             WHERE status NOT IN ('done', 'failed', 'received') AND deleted_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, st, f)| {
                Some(Unfinished {
                    id,
                    step: Step::from_code(&st)?,
                    format: f.as_deref().and_then(Format::from_code),
                })
            })
            .collect())
    }

    /// The data key of a document, for the pipeline's work on it.
    pub(crate) async fn pipeline_key(&self, s: &Session, id: i64) -> Result<SecretKey> {
        let keys = self
            .authorize(s, Action::UploadDocument, "document.create", None)
            .await?;
        let sealed: Option<Option<Vec<u8>>> = sqlx::query_scalar(
            "SELECT sealed_key FROM documents WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let sealed = sealed.ok_or(Error::DocumentNotFound(id))?;
        Self::doc_key(&keys, id, sealed.as_deref())
    }

    /// A document's details, for the pipeline's own checks (not audited as a view).
    pub(crate) async fn pipeline_meta(&self, s: &Session, id: i64) -> Result<DocumentMeta> {
        let keys = self
            .authorize(s, Action::UploadDocument, "document.create", None)
            .await?;
        let row = self.doc_row(id).await?;
        Ok(Self::info(&keys, &row)?.0.meta)
    }

    /// The blob store, for the pipeline's sealed pages and text.
    pub(crate) fn blob_store(&self) -> &crate::store::BlobStore {
        &self.blobs
    }

    /// Records that document `id` reached `step` (and, once known, its page count).
    pub(crate) async fn set_step(&self, id: i64, step: Step, pages: Option<u32>) -> Result<()> {
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET status = ?, pages = COALESCE(?, pages), updated_at = ? WHERE id = ?",
        )
        .bind(step.code())
        .bind(pages.map(i64::from))
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    /// Records document `id`'s predicted type and confidence (step `classified`).
    pub(crate) async fn set_classified(&self, id: i64, p: &Prediction) -> Result<()> {
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET status = 'classified', doc_type = ?, confidence = ?, updated_at = ? \
             WHERE id = ?",
        )
        .bind(&p.doc_type)
        .bind(p.confidence)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    /// Marks document `id` as finished, audited; returns its type.
    pub(crate) async fn finish_document(&self, s: &Session, id: i64) -> Result<Option<String>> {
        let keys = s.keys()?;
        let mut w = self.begin().await?;
        let (pages, doc_type): (i64, Option<String>) = sqlx::query_as(
            "UPDATE documents SET status = 'done', failure = NULL, updated_at = ? WHERE id = ? \
             RETURNING pages, doc_type",
        )
        .bind(now_ms())
        .bind(id)
        .fetch_one(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new("document.ingest", Outcome::Success)
            .resource(resource(id))
            .details(serde_json::json!({"pages": pages, "type": doc_type}));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        Ok(doc_type)
    }

    /// Marks document `id` as failed with `reason`; its original stays sealed. Audited.
    pub(crate) async fn fail_document(&self, s: &Session, id: i64, reason: &str) -> Result<()> {
        let keys = s.keys()?;
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET status = 'failed', failure = ?, updated_at = ? WHERE id = ?",
        )
        .bind(reason)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new("document.ingest", Outcome::Failure)
            .resource(resource(id))
            .details(serde_json::json!({"error": reason}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// A document's text, page by page (audited as a view).
    pub async fn document_text(&self, s: &Session, id: i64) -> Result<DocumentText> {
        let bytes = self.read_blob(s, id, BlobKind::Text).await?;
        parse_text(id, &bytes)
    }

    /// Page `n` (from 1) as an encoded image, or the thumbnail (audited as a view).
    pub async fn document_image(&self, s: &Session, id: i64, kind: BlobKind) -> Result<Vec<u8>> {
        self.read_blob(s, id, kind).await
    }

    /// Document `id`'s thumbnail. Not audited on its own: thumbnails are
    /// shown on library pages, whose `document.list` row names every
    /// document shown (a refusal is audited).
    pub async fn thumbnail(&self, s: &Session, id: i64) -> Result<Vec<u8>> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.view", Some(resource(id)))
            .await?;
        self.open_blob(&keys, id, BlobKind::Thumbnail).await
    }

    /// Which of document `id`'s pages have an image (scanned pages; a page
    /// read from a PDF's text layer has none). No content, so not audited.
    pub async fn page_images(&self, s: &Session, id: i64) -> Result<Vec<bool>> {
        self.authorize(s, Action::ViewDocument, "document.view", Some(resource(id)))
            .await?;
        let row = self.doc_row(id).await?;
        Ok((1..=row.pages.max(0) as u32)
            .map(|n| self.blobs.path(id, BlobKind::Page(n)).exists())
            .collect())
    }

    /// Whether document `id` has a thumbnail (no check of the session: for
    /// rows the caller already listed).
    pub(crate) fn has_thumbnail(&self, id: i64) -> bool {
        self.blobs.path(id, BlobKind::Thumbnail).exists()
    }

    async fn read_blob(&self, s: &Session, id: i64, kind: BlobKind) -> Result<Vec<u8>> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.view", Some(resource(id)))
            .await?;
        let r = self.open_blob(&keys, id, kind).await;
        self.audit_outcome(&keys, s, "document.view", id, r.as_ref().err())
            .await?;
        r
    }

    async fn open_blob(&self, keys: &VaultKeys, id: i64, kind: BlobKind) -> Result<Vec<u8>> {
        let row = self.doc_row(id).await?;
        Self::doc_key(keys, id, row.sealed_key.as_deref()).and_then(|dek| {
            let path = self.blobs.path(id, kind);
            if !path.exists() {
                return Err(Error::Invalid(format!(
                    "document {id} has no {} (yet)",
                    match kind {
                        BlobKind::Text => "text",
                        BlobKind::Thumbnail => "thumbnail",
                        BlobKind::Page(_) => "such page image",
                        BlobKind::Original => "original",
                    }
                )));
            }
            self.blobs.get(id, kind, &dek)
        })
    }
}

/// A document's sealed `text` blob, as stored by the pipeline.
fn parse_text(id: i64, bytes: &[u8]) -> Result<DocumentText> {
    serde_json::from_slice(bytes).map_err(|_| Error::DocumentDamaged(id))
}

/// Reads and opens document `id`'s text with its data key (not audited:
/// for the pipeline, the index and exports, each audited on its own).
pub(crate) fn read_text(
    blobs: &crate::store::BlobStore,
    id: i64,
    dek: &SecretKey,
) -> Result<DocumentText> {
    parse_text(id, &blobs.get(id, BlobKind::Text, dek)?)
}
