//! The library: documents a page at a time, filtered with the search query
//! language and sorted, for a screen that scrolls through 100,000 of them.
//! Finished documents are paged through the search index (sorted on its
//! fast fields, so a page costs the same at any depth); only the page's rows
//! are read from the database and decrypted. Documents still in the
//! pipeline or failed are few and come straight from the database.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::documents::{DocRow, DOC_COLUMNS};
use super::{DocumentInfo, Vault};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::search::{query::parse, SortBy};
use crate::store::blocking;
use crate::{Error, Result};

/// Which documents a library page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shelf {
    /// Finished documents (the filter and every sort apply).
    #[default]
    Ready,
    /// Finished documents whose predicted type needs a person's review.
    Review,
    /// Documents still going through the pipeline, newest first.
    Processing,
    /// Documents the pipeline could not finish, with the reason.
    Failed,
}

/// What to show: a shelf, a filter in the query language (empty for all),
/// an order, and a window.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LibraryQuery {
    pub shelf: Shelf,
    pub filter: String,
    pub sort: SortBy,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

/// One document on a page: its details (or why they cannot be read) and
/// its own date (Unix ms) when the text names one.
#[derive(Debug)]
pub struct LibraryRow {
    pub id: i64,
    pub info: Result<DocumentInfo>,
    pub date: Option<i64>,
    /// It has a thumbnail (a scanned first page).
    pub thumbnail: bool,
}

/// A page of the library and the counts around it.
#[derive(Debug, Default)]
pub struct LibraryPage {
    /// Documents on the shelf matching the filter, in all.
    pub total: usize,
    pub rows: Vec<LibraryRow>,
    /// For the ready and review shelves: matching documents per type and year.
    pub by_type: BTreeMap<String, u64>,
    pub by_year: BTreeMap<i64, u64>,
    /// Documents on the processing and failed shelves (filter ignored).
    pub processing: u64,
    pub failed: u64,
}

/// The most rows one page may hold.
pub const MAX_PAGE: usize = 500;

impl Vault {
    /// A page of the library (see [`LibraryQuery`]). Audited as a listing
    /// naming the documents shown, which covers their thumbnails.
    pub async fn library(&self, s: &Session, q: &LibraryQuery) -> Result<LibraryPage> {
        let keys = self
            .authorize(s, Action::ViewDocument, "document.list", None)
            .await?;
        if q.limit == 0 || q.limit > MAX_PAGE {
            return Err(Error::Invalid(format!(
                "a library page holds 1 to {MAX_PAGE} documents, not {}",
                q.limit
            )));
        }
        let node = match q.filter.trim() {
            "" => None,
            f => Some(parse(f)?),
        };
        let mut page = match q.shelf {
            Shelf::Ready | Shelf::Review => {
                let idx = self.search_index(s, &keys).await?;
                let (review, q2) = (q.shelf == Shelf::Review, q.clone());
                let found = blocking(move || {
                    idx.page(
                        node.as_ref(),
                        review,
                        q2.sort,
                        q2.descending,
                        q2.offset,
                        q2.limit,
                    )
                    .map_err(Error::from)
                })
                .await?;
                // One query for the page's rows; a stray index entry (its
                // row deleted) is skipped.
                let ids: Vec<i64> = found.docs.iter().map(|(id, _)| *id as i64).collect();
                let mut by_id = self.doc_rows(&ids).await?;
                let rows = found
                    .docs
                    .iter()
                    .filter_map(|(id, day)| {
                        let id = *id as i64;
                        let row = by_id.remove(&id)?;
                        Some(LibraryRow {
                            id,
                            info: Self::info(&keys, &row).map(|(i, _)| i),
                            date: day.map(|d| d * 86_400_000),
                            thumbnail: self.has_thumbnail(id),
                        })
                    })
                    .collect();
                LibraryPage {
                    total: found.total,
                    rows,
                    by_type: found.by_type,
                    by_year: found.by_year,
                    ..LibraryPage::default()
                }
            }
            Shelf::Processing | Shelf::Failed => {
                let rows: Vec<DocRow> = sqlx::query_as(&format!(
                    "SELECT {DOC_COLUMNS} FROM documents WHERE deleted_at IS NULL \
                     AND {} ORDER BY id {} LIMIT ? OFFSET ?",
                    shelf_condition(q.shelf),
                    if q.descending { "DESC" } else { "ASC" }
                ))
                .bind(q.limit as i64)
                .bind(q.offset as i64)
                .fetch_all(&self.pool)
                .await?;
                let rows = rows
                    .iter()
                    .map(|r| LibraryRow {
                        id: r.id,
                        info: Self::info(&keys, r).map(|(i, _)| i),
                        date: None,
                        thumbnail: self.has_thumbnail(r.id),
                    })
                    .collect();
                LibraryPage {
                    rows,
                    ..LibraryPage::default()
                }
            }
        };
        page.processing = self.shelf_count(Shelf::Processing).await?;
        page.failed = self.shelf_count(Shelf::Failed).await?;
        if matches!(q.shelf, Shelf::Processing | Shelf::Failed) {
            page.total = match q.shelf {
                Shelf::Processing => page.processing,
                _ => page.failed,
            } as usize;
        }
        let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
        self.record(
            &keys,
            &s.actor(),
            AuditEvent::new("document.list", Outcome::Success)
                .details(serde_json::json!({"total": page.total, "shown": ids})),
        )
        .await?;
        Ok(page)
    }

    /// Documents on the processing or failed shelf (counted on partial indexes).
    pub(super) async fn shelf_count(&self, shelf: Shelf) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(&count_sql(shelf))
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }
}

/// The query that counts a shelf kept in the database.
fn count_sql(shelf: Shelf) -> String {
    format!(
        "SELECT COUNT(*) FROM documents WHERE deleted_at IS NULL AND {}",
        shelf_condition(shelf)
    )
}

/// The SQL condition for a shelf kept in the database.
fn shelf_condition(shelf: Shelf) -> &'static str {
    match shelf {
        Shelf::Failed => "status = 'failed'",
        // A row still `received` has no sealed original yet: a run was
        // interrupted before storing it, and the next one sweeps it. The
        // first term is written as the partial index `documents_unfinished`
        // (migration 0002) states it, so SQLite counts on that index rather
        // than reading the whole table (40 ms at 100,000 documents).
        _ => "status NOT IN ('done', 'failed') AND status != 'received'",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shelves kept in the database are counted right, and on their
    /// partial indexes, not by reading every document.
    #[tokio::test]
    async fn shelf_counts_use_the_partial_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::store::open_database(&dir.path().join("v.db"), true)
            .await
            .unwrap();
        for status in [
            "received", "stored", "pages", "text", "done", "done", "failed",
        ] {
            sqlx::query(
                "INSERT INTO documents (created_at, updated_at, size, status) VALUES (0, 0, 1, ?)",
            )
            .bind(status)
            .execute(&pool)
            .await
            .unwrap();
        }
        for (shelf, want, index) in [
            (Shelf::Processing, 3, "documents_unfinished"),
            (Shelf::Failed, 1, "documents_failed"),
        ] {
            let sql = count_sql(shelf);
            let n: i64 = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            assert_eq!(n, want, "{shelf:?}");
            let plan: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            assert!(
                plan.iter().any(|r| r.3.contains(index)),
                "{shelf:?} does not use {index}: {plan:?}"
            );
        }
    }
}
