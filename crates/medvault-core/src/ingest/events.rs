//! What the pipeline reports while it works and when a file is finished.

use std::path::PathBuf;

use serde::Serialize;

/// A step of the pipeline, as persisted in `documents.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// A row exists, the original is being sealed (the source is untouched).
    Received,
    /// The original is sealed and fsynced.
    Stored,
    /// Page images and the thumbnail are sealed.
    Pages,
    /// The text (layer or OCR) is sealed.
    Text,
    /// The type and the entities are known.
    Classified,
    /// The search index holds the document.
    Indexed,
    Done,
    Failed,
}

impl Step {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Step::Received => "received",
            Step::Stored => "stored",
            Step::Pages => "pages",
            Step::Text => "text",
            Step::Classified => "classified",
            Step::Indexed => "indexed",
            Step::Done => "done",
            Step::Failed => "failed",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Step> {
        use Step::*;
        [
            Received, Stored, Pages, Text, Classified, Indexed, Done, Failed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// How a file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A new document, through every step.
    Done,
    /// The same content is already in the vault (`duplicate_of`).
    Duplicate,
    /// The file was refused or a step failed (`reason`); nothing was lost.
    Failed,
}

impl Status {
    /// `done`, `duplicate` or `failed`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Duplicate => "duplicate",
            Status::Failed => "failed",
        }
    }
}

/// The result for one file (or one resumed document).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The file it came from (none for a document resumed after a restart).
    pub path: Option<PathBuf>,
    pub id: Option<i64>,
    pub status: Status,
    pub format: Option<&'static str>,
    pub doc_type: Option<String>,
    pub pages: u32,
    pub duplicate_of: Option<i64>,
    pub reason: Option<String>,
    /// The failure is not the file's (the session locked, the disk filled):
    /// the file should stay where it is and be tried again.
    pub retry: bool,
}

impl Outcome {
    pub(crate) fn failed(path: Option<PathBuf>, id: Option<i64>, reason: String) -> Self {
        Self {
            path,
            id,
            status: Status::Failed,
            format: None,
            doc_type: None,
            pages: 0,
            duplicate_of: None,
            reason: Some(reason),
            retry: false,
        }
    }

    pub(crate) fn retry_later(path: Option<PathBuf>, id: Option<i64>, reason: String) -> Self {
        Self {
            retry: true,
            ..Self::failed(path, id, reason)
        }
    }
}

/// Progress, for progress bars and the app.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The pipeline has `total` files or documents to handle.
    Queued { total: usize },
    /// The original of the file at `path` is sealed as document `id`; its
    /// steps follow (so progress can name the file).
    Stored { id: i64, path: Option<PathBuf> },
    /// Document `id` reached `step`; during OCR, `page` of `pages`.
    Step {
        id: i64,
        step: Step,
        page: Option<u32>,
        pages: Option<u32>,
    },
    /// A file or document is finished.
    Finished(Outcome),
}
