//! A document's text, page by page, as sealed in its `text` blob.

use serde::{Deserialize, Serialize};

use crate::ocr::OcrPage;

/// Where a page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextSource {
    /// The PDF's own text layer.
    Layer,
    /// A plain-text file.
    Plain,
    /// On-device OCR of the page image.
    Ocr,
}

/// One page's text; for OCR, the lines and word boxes too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageText {
    pub source: TextSource,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrPage>,
}

/// Every page's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentText {
    pub pages: Vec<PageText>,
}

impl DocumentText {
    /// All the text, pages separated by a form feed.
    pub fn full_text(&self) -> String {
        self.pages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\u{c}\n")
    }
}
