//! The vault's search index: opened on first use with the session's index
//! key, kept in step with the documents (added by the pipeline's `indexed`
//! step, replaced when details change, removed on delete), rebuilt from the
//! database when damaged, and searched with every search audited.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session, VaultKeys};
use crate::extract::{extract, DateOrder};
use crate::ingest::Step;
use crate::search::{query::parse, with_spare, IndexDoc, SearchError, SearchIndex};
use crate::store::blocking;
use crate::{Error, Result};

/// One document found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: i64,
    pub file_name: String,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub score: f32,
    /// Text around the best matches.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched.
    pub highlights: Vec<(usize, usize)>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Documents matching in all (hits holds the best of them).
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub by_type: BTreeMap<String, u64>,
    pub by_year: BTreeMap<i64, u64>,
}

/// Documents indexed per batch when building the index in bulk.
const BATCH: usize = 256;

/// How long the index waits for more documents before committing what the
/// pipeline gave it.
pub const COMMIT_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

impl Vault {
    /// Searches the documents with the query language of [`crate::search::query`];
    /// the best `limit` hits, with snippets and facet counts. Audited, with the
    /// query sealed in the audit details.
    pub async fn search(&self, s: &Session, query: &str, limit: usize) -> Result<SearchResults> {
        let keys = self
            .authorize(s, Action::ViewDocument, "search", None)
            .await?;
        let r = self.run_search(s, &keys, query, limit).await;
        let ev = match &r {
            Ok(found) => AuditEvent::new("search", Outcome::Success)
                .details(serde_json::json!({"query": query, "total": found.total})),
            Err(e) => AuditEvent::new("search", Outcome::Failure)
                .details(serde_json::json!({"query": query, "error": e.to_string()})),
        };
        let w = self.begin().await?;
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        r
    }

    async fn run_search(
        &self,
        s: &Session,
        keys: &VaultKeys,
        query: &str,
        limit: usize,
    ) -> Result<SearchResults> {
        let node = parse(query)?;
        let idx = self.search_index(s, keys).await?;
        // Deletes reach the index at once and opening it removes strays;
        // should one remain, its row is gone and a spare hit takes its place.
        let (found, snippets) = blocking(move || {
            idx.query(&node, with_spare(limit), |_| true)
                .map_err(Error::from)
        })
        .await?;
        let ids: Vec<i64> = found.hits.iter().map(|h| h.id as i64).collect();
        let mut rows = self.doc_rows(&ids).await?;
        let mut hits = Vec::with_capacity(limit);
        for h in &found.hits {
            if hits.len() == limit {
                break;
            }
            let id = h.id as i64;
            let Some(row) = rows.remove(&id) else {
                continue;
            };
            let Ok((info, dek)) = Self::info(keys, &row) else {
                continue;
            };
            let blobs = self.blobs.clone();
            let text = blocking(move || Ok(text_of(&blobs, id, &dek))).await?;
            let (snippet, highlights) = match text {
                Some(t) => snippets.cut(&t),
                None => (String::new(), Vec::new()),
            };
            hits.push(SearchHit {
                id,
                file_name: info.meta.file_name,
                title: info.meta.title,
                doc_type: info.doc_type,
                score: h.score,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults {
            total: found.total,
            hits,
            by_type: found.by_type,
            by_year: found.by_year,
        })
    }

    /// Rebuilds the search index from the database (admin). Returns the
    /// number of documents indexed. Audited.
    pub async fn reindex(&self, s: &Session) -> Result<usize> {
        let keys = self
            .authorize(s, Action::ManageSettings, "search.reindex", None)
            .await?;
        let n = self.rebuild_index(s, &keys).await?;
        let ev = AuditEvent::new("search.reindex", Outcome::Success)
            .details(serde_json::json!({"documents": n}));
        let w = self.begin().await?;
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        Ok(n)
    }

    /// Empties the index and indexes every document again; returns how many.
    pub(crate) async fn rebuild_index(&self, s: &Session, keys: &VaultKeys) -> Result<usize> {
        let idx = self.search_index(s, keys).await?;
        let i2 = idx.clone();
        blocking(move || i2.clear().map_err(Error::from)).await?;
        self.index_ids(keys, &idx, &self.indexable_ids().await?)
            .await
    }

    /// What happened to the index without being asked (a rebuild after damage), once.
    pub fn take_search_notice(&self) -> Option<String> {
        self.search_notice.lock().unwrap().take()
    }

    /// Puts document `id` in the index (the pipeline's `indexed` step). The
    /// index commits it within [`COMMIT_DELAY`], gathering the documents that
    /// follow, or at once when a search comes first; should the process end
    /// before, the index takes it in when next opened. `text` is the
    /// document's text when the pipeline already holds it.
    pub(crate) async fn index_document(
        &self,
        s: &Session,
        id: i64,
        text: Option<String>,
    ) -> Result<()> {
        let keys = s.keys()?;
        let idx = self.search_index(s, &keys).await?;
        let order = self.date_order().await?;
        let doc = self.index_doc(&keys, id, text, order).await?;
        blocking(move || idx.put_soon(&[doc]).map_err(Error::from)).await?;
        self.set_step(id, Step::Indexed, None).await
    }

    /// Brings the index in step after document `id` changed (or was
    /// `deleted`). The change itself is already committed: an index that
    /// cannot follow now is brought in step when next opened, so this only warns.
    pub(crate) async fn keep_index_in_step(
        &self,
        s: &Session,
        keys: &VaultKeys,
        id: i64,
        deleted: bool,
    ) {
        let r = if deleted {
            self.unindex(s, keys, id).await
        } else {
            self.refresh_index(s, keys, id).await
        };
        if let Err(e) = r {
            tracing::warn!("search index not updated for document {id}: {e}");
        }
    }

    /// Re-indexes document `id` after its details changed (when it is indexed at all).
    async fn refresh_index(&self, s: &Session, keys: &VaultKeys, id: i64) -> Result<()> {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM documents WHERE id = ? AND deleted_at IS NULL")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        if !matches!(status.as_deref(), Some("indexed" | "done")) {
            return Ok(());
        }
        let idx = self.search_index(s, keys).await?;
        let order = self.date_order().await?;
        let doc = self.index_doc(keys, id, None, order).await?;
        blocking(move || idx.put(&[doc]).map_err(Error::from)).await?;
        Ok(())
    }

    /// Takes document `id` out of the index (it was deleted).
    async fn unindex(&self, s: &Session, keys: &VaultKeys, id: i64) -> Result<()> {
        let idx = self.search_index(s, keys).await?;
        blocking(move || idx.remove(&[id as u64]).map_err(Error::from)).await
    }

    /// The index, opened on first use: a damaged one is rebuilt (with a
    /// notice and an audit row), and documents missing from it (or deleted
    /// since) are brought in step.
    pub(crate) async fn search_index(
        &self,
        s: &Session,
        keys: &VaultKeys,
    ) -> Result<Arc<SearchIndex>> {
        let mut slot = self.search.lock().await;
        if let Some(idx) = slot.as_ref() {
            return Ok(idx.clone());
        }
        let folder = self.paths.index();
        let (f, k) = (folder.clone(), keys.index.clone());
        let opened = blocking(move || Ok(SearchIndex::open(&f, k))).await?;
        let idx = match opened {
            Ok(idx) => Arc::new(idx),
            Err(SearchError::Damaged(why)) => {
                tracing::warn!("search index damaged ({why}); rebuilding it");
                let (f, k) = (folder.clone(), keys.index.clone());
                let idx = blocking(move || {
                    SearchIndex::destroy(&f).map_err(|e| Error::io("cannot remove", &f, e))?;
                    Ok(SearchIndex::open(&f, k)?)
                })
                .await?;
                *self.search_notice.lock().unwrap() = Some(format!(
                    "The search index was damaged ({why}) and has been rebuilt from the vault."
                ));
                let ev = AuditEvent::new("search.rebuild", Outcome::Success)
                    .details(serde_json::json!({"reason": why}));
                let w = self.begin().await?;
                self.finish(w, &keys.audit, &s.actor(), ev).await?;
                Arc::new(idx)
            }
            Err(e) => return Err(e.into()),
        };
        // Bring the index in step with the database.
        let i2 = idx.clone();
        let in_index = blocking(move || i2.ids().map_err(Error::from)).await?;
        let live: BTreeSet<u64> = self.indexable_ids().await?.into_iter().collect();
        let extra: Vec<u64> = in_index.difference(&live).copied().collect();
        if !extra.is_empty() {
            let i2 = idx.clone();
            blocking(move || i2.remove(&extra).map_err(Error::from)).await?;
        }
        idx.spawn_committer(COMMIT_DELAY);
        *slot = Some(idx.clone());
        drop(slot);
        let missing: Vec<u64> = live.difference(&in_index).copied().collect();
        self.index_ids(keys, &idx, &missing).await?;
        Ok(idx)
    }

    /// Documents whose text is ready for the index, by id.
    async fn indexable_ids(&self) -> Result<Vec<u64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM documents WHERE status IN ('indexed', 'done') AND deleted_at IS NULL \
             ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(|id| id as u64).collect())
    }

    /// Indexes documents `ids` in batches and commits; returns how many.
    async fn index_ids(
        &self,
        keys: &VaultKeys,
        idx: &Arc<SearchIndex>,
        ids: &[u64],
    ) -> Result<usize> {
        let mut n = 0;
        let order = self.date_order().await?;
        for chunk in ids.chunks(BATCH) {
            let mut docs = Vec::with_capacity(chunk.len());
            for id in chunk {
                match self.index_doc(keys, *id as i64, None, order).await {
                    Ok(d) => docs.push(d),
                    Err(e) => tracing::warn!("document {id} left out of the index: {e}"),
                }
            }
            n += docs.len();
            let i2 = idx.clone();
            blocking(move || i2.put_uncommitted(&docs).map_err(Error::from)).await?;
        }
        if n > 0 {
            let i2 = idx.clone();
            blocking(move || i2.commit().map_err(Error::from)).await?;
        }
        Ok(n)
    }

    /// What the index is told about document `id` (its `text`, read from
    /// its blob when not given; empty when it has none), its dates read in `order`.
    async fn index_doc(
        &self,
        keys: &VaultKeys,
        id: i64,
        text: Option<String>,
        order: DateOrder,
    ) -> Result<IndexDoc> {
        let row = self.doc_row(id).await?;
        let (info, dek) = Self::info(keys, &row)?;
        let blobs = self.blobs.clone();
        blocking(move || {
            // A document without text (nothing readable on its pages) is
            // still listed by the library, which pages through the index.
            let text = text
                .or_else(|| text_of(&blobs, id, &dek))
                .unwrap_or_default();
            let found = extract(&text, order);
            let mut dates: Vec<i64> = found.own_date().map(|d| d.ms).into_iter().collect();
            dates.extend(
                found
                    .dates
                    .iter()
                    .filter(|d| Some(*d) != found.own_date())
                    .map(|d| d.ms),
            );
            let needs_review = info.needs_review;
            let m = info.meta;
            let sort_title = m.title.clone().unwrap_or_else(|| m.file_name.clone());
            let title = match &m.title {
                Some(t) => format!("{t} {}", m.file_name),
                None => m.file_name.clone(),
            };
            Ok(IndexDoc {
                id: id as u64,
                text,
                title,
                doc_type: info.doc_type,
                tags: m.tags,
                medications: found.medications.iter().map(|m| m.name.clone()).collect(),
                labs: found.labs.iter().map(|l| l.analyte.clone()).collect(),
                codes: found.icd10.clone(),
                providers: found.providers.clone(),
                patients: found.patients,
                dates,
                added: info.created_at,
                sort_title,
                needs_review,
            })
        })
        .await
    }
}

/// A document's whole text, if it has any.
fn text_of(
    blobs: &crate::store::BlobStore,
    id: i64,
    dek: &crate::crypto::SecretKey,
) -> Option<String> {
    super::pipeline::read_text(blobs, id, dek)
        .ok()
        .map(|t| t.full_text())
}
