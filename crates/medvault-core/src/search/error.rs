//! What can go wrong in search.

/// Errors of the search module.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query does not parse; the message says where and how to fix it.
    #[error("cannot read the search query: {0}")]
    Query(String),
    /// The index on disk cannot be opened (damaged, or sealed with another key).
    #[error("the search index is damaged: {0}")]
    Damaged(String),
    /// The index failed while reading or writing.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}
