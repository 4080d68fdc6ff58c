//! Splits an original into pages: each is either text (a PDF text layer or a
//! plain-text file) or an image to OCR. Also makes the thumbnail.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat};
use serde::{Deserialize, Serialize};

use super::{pdf::read_pdf, Format, IngestError};
use crate::ocr::decode_pages;

/// An encoded page image as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    pub bytes: Vec<u8>,
    pub kind: ImageKind,
}

/// How a page image is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    /// The MIME type, for showing the page.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
        }
    }
}

impl PageImage {
    /// A JPEG kept as it came (no re-encoding, no quality lost).
    pub fn jpeg(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            kind: ImageKind::Jpeg,
        }
    }

    /// Encodes a gray page as PNG.
    pub fn png_from_gray(img: &GrayImage) -> Result<Self, String> {
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|e| format!("cannot encode the page image: {e}"))?;
        Ok(Self {
            bytes,
            kind: ImageKind::Png,
        })
    }

    /// Decodes the page for OCR.
    pub fn decode(&self) -> Result<GrayImage, crate::ocr::OcrError> {
        let mut pages = decode_pages(&self.bytes)?;
        Ok(pages.swap_remove(0))
    }
}

/// One page of a document, before text recognition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSource {
    /// Text that needs no OCR.
    Text(String),
    /// A scanned page.
    Image(PageImage),
}

/// Splits `bytes` (of `format`) into its pages.
pub fn split_pages(format: Format, bytes: &[u8]) -> Result<Vec<PageSource>, IngestError> {
    match format {
        Format::Pdf => read_pdf(bytes),
        Format::Png => Ok(vec![PageSource::Image(PageImage {
            bytes: bytes.to_vec(),
            kind: ImageKind::Png,
        })]),
        Format::Jpeg => Ok(vec![PageSource::Image(PageImage::jpeg(bytes.to_vec()))]),
        Format::Tiff => {
            let pages = decode_pages(bytes).map_err(|e| IngestError::BadPage {
                page: 1,
                reason: e.to_string(),
            })?;
            pages
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    PageImage::png_from_gray(p)
                        .map(PageSource::Image)
                        .map_err(|reason| IngestError::BadPage {
                            page: i as u32 + 1,
                            reason,
                        })
                })
                .collect()
        }
        Format::Text => {
            let text = String::from_utf8_lossy(bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            // A form feed separates pages, as `medvault ocr` writes them.
            Ok(text
                .split('\u{c}')
                .map(|p| PageSource::Text(p.trim_matches('\n').to_string()))
                .collect())
        }
    }
}

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;

/// A small JPEG of `page`.
pub fn thumbnail(page: &GrayImage) -> Result<Vec<u8>, String> {
    let thumb = DynamicImage::ImageLuma8(page.clone()).thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    thumb
        .write_with_encoder(enc)
        .map_err(|e| format!("cannot make the thumbnail: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_split_at_form_feeds() {
        let pages = split_pages(Format::Text, "\u{feff}one\n\u{c}\ntwo".as_bytes()).unwrap();
        assert_eq!(
            pages,
            vec![
                PageSource::Text("one".into()),
                PageSource::Text("two".into())
            ]
        );
    }

    #[test]
    fn thumbnails_are_small_jpegs() {
        let page = GrayImage::from_pixel(1700, 2200, image::Luma([200]));
        let t = thumbnail(&page).unwrap();
        let img = image::load_from_memory(&t).unwrap();
        assert_eq!(img.height(), THUMBNAIL_SIDE);
        assert!(img.width() < THUMBNAIL_SIDE);
        assert!(t.starts_with(&[0xFF, 0xD8]));
    }
}
