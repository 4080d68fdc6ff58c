//! Full-text search: a tantivy index sealed on disk under the vault's index
//! key, a query language of its own, analysis fit for medical text, ranked
//! hits with snippets and facet counts. The vault feeds it (see
//! `vault/search.rs`); this module knows nothing of sessions or roles.

pub mod analyzer;
mod compile;
pub mod directory;
mod error;
mod facets;
mod index;
pub mod query;
mod schema;
mod title_order;

pub use error::SearchError;
pub use index::{with_spare, Hit, IndexDoc, Page, Results, SearchIndex, Snippets, SortBy};
