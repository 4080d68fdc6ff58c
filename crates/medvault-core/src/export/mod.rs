//! Exports: the files a set of documents leaves the vault as (originals,
//! searchable PDFs of scans, a manifest). The vault's side, with its
//! permission checks and audit rows, is `vault/export.rs`.

mod searchable_pdf;

pub use searchable_pdf::searchable_pdf;
pub(crate) use searchable_pdf::{finish_pdf, full_page_image, helvetica, latin1};
