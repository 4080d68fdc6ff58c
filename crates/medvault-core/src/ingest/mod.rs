//! Ingestion: one pipeline for every way a file arrives (drag and drop, the
//! file dialog, `medvault ingest`, watched folders). A file becomes a sealed
//! original, then pages (images and a thumbnail), then text (the PDF text
//! layer or OCR); each step is persisted, so a crash resumes where it stopped.

mod error;
mod events;
mod format;
mod pages;
mod pdf;
mod pipeline;
mod text;
mod walk;

pub use error::IngestError;
pub use events::{Event, Outcome, Status, Step};
pub use format::{sniff, Format};
pub use pages::{split_pages, thumbnail, ImageKind, PageImage, PageSource, THUMBNAIL_SIDE};
pub use pdf::read_pdf;
pub use pipeline::{ocr_slots, Pipeline, PipelineOptions, Progress, MAX_FILE_BYTES};
pub use text::{DocumentText, PageText, TextSource};
pub use walk::collect_files;
