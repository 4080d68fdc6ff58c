//! PDFs: the text layer of each page where there is one, else the page's
//! scanned image (as scanners write them: one image per page).

use lopdf::{Document, LoadOptions, Object};

use super::pages::{PageImage, PageSource};
use super::IngestError;

/// Decompressed streams larger than this are refused (a "zip bomb" guard).
const MAX_STREAM: usize = 256 * 1024 * 1024;
/// A page whose text layer has fewer letters and digits than this is treated as scanned.
const MIN_TEXT_CHARS: usize = 16;

/// Reads every page of a PDF. Malformed files are refused with a reason,
/// never a crash (a panic in the parser becomes [`IngestError::DamagedPdf`]).
pub fn read_pdf(bytes: &[u8]) -> Result<Vec<PageSource>, IngestError> {
    std::panic::catch_unwind(|| read(bytes)).unwrap_or_else(|_| {
        Err(IngestError::DamagedPdf(
            "the parser could not make sense of it".into(),
        ))
    })
}

fn read(bytes: &[u8]) -> Result<Vec<PageSource>, IngestError> {
    let opts = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..Default::default()
    };
    let doc = match Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::InvalidPassword) => {
            return Err(IngestError::EncryptedPdf)
        }
        Err(e) => return Err(IngestError::DamagedPdf(e.to_string())),
    };
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(IngestError::EncryptedPdf);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(IngestError::NoPages);
    }
    let pages: Vec<PageSource> = pages
        .iter()
        .map(|(&n, &id)| read_page(&doc, n, id))
        .collect::<Result<_, _>>()?;
    let readable = |p: &PageSource| match p {
        PageSource::Text(t) => !t.trim().is_empty(),
        PageSource::Image(_) => true,
    };
    if !pages.iter().any(readable) {
        return Err(IngestError::DamagedPdf(
            "no page has text or a scanned image; the file is damaged or blank".into(),
        ));
    }
    Ok(pages)
}

fn read_page(doc: &Document, n: u32, id: lopdf::ObjectId) -> Result<PageSource, IngestError> {
    let text = doc.extract_text(&[n]).unwrap_or_default();
    let text = tidy(&text);
    if text.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_TEXT_CHARS {
        return Ok(PageSource::Text(text));
    }
    let images = doc.get_page_images(id).unwrap_or_default();
    let Some(img) = images.iter().max_by_key(|i| i.width * i.height) else {
        return Ok(PageSource::Text(text));
    };
    let filters = img.filters.clone().unwrap_or_default();
    let last = filters.last().map(String::as_str);
    match last {
        Some("DCTDecode") if filters.len() == 1 => {
            Ok(PageSource::Image(PageImage::jpeg(img.content.to_vec())))
        }
        None
        | Some("FlateDecode")
        | Some("LZWDecode")
        | Some("RunLengthDecode")
        | Some("ASCII85Decode")
        | Some("ASCIIHexDecode") => raw_image(doc, n, img),
        Some(other) => Err(IngestError::UnsupportedImage {
            page: n,
            encoding: other.to_string(),
        }),
    }
}

/// An image stored as raw samples (possibly compressed): 1- or 8-bit gray or RGB.
fn raw_image(
    doc: &Document,
    n: u32,
    img: &lopdf::xobject::PdfImage,
) -> Result<PageSource, IngestError> {
    let bad = |reason: String| IngestError::BadPage { page: n, reason };
    let stream = doc
        .get_object(img.id)
        .and_then(Object::as_stream)
        .map_err(|e| bad(e.to_string()))?;
    let data = stream
        .decompressed_content_with_limit(MAX_STREAM)
        .or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone()))
        .map_err(|e| bad(e.to_string()))?;
    let (w, h) = (img.width as u32, img.height as u32);
    if w == 0 || h == 0 || (w as u64) * (h as u64) > crate::ocr::MAX_PIXELS {
        return Err(bad(format!("its image is {w}×{h} pixels")));
    }
    let bpc = img.bits_per_component.unwrap_or(8);
    let channels = match img.color_space.as_deref() {
        Some("DeviceRGB") | Some("CalRGB") => 3,
        Some("DeviceGray") | Some("CalGray") | None => 1,
        Some("ICCBased") => icc_channels(doc, img.origin_dict).unwrap_or(3),
        Some(other) => {
            return Err(IngestError::UnsupportedImage {
                page: n,
                encoding: format!("the {other} colour space"),
            })
        }
    };
    let gray = to_gray(&data, w, h, channels, bpc).ok_or_else(|| {
        bad(format!(
            "its image data is shorter than {w}×{h} pixels of {channels}×{bpc} bits"
        ))
    })?;
    Ok(PageSource::Image(
        PageImage::png_from_gray(&gray).map_err(bad)?,
    ))
}

fn icc_channels(doc: &Document, dict: &lopdf::Dictionary) -> Option<usize> {
    let arr = dict.get(b"ColorSpace").ok()?.as_array().ok()?;
    let profile = doc.get_object(arr.get(1)?.as_reference().ok()?).ok()?;
    let n = profile
        .as_stream()
        .ok()?
        .dict
        .get(b"N")
        .ok()?
        .as_i64()
        .ok()?;
    Some(n as usize)
}

/// Unpacks samples into an 8-bit gray image (rows padded to whole bytes, as PDF stores them).
fn to_gray(data: &[u8], w: u32, h: u32, channels: usize, bpc: i64) -> Option<image::GrayImage> {
    let (wu, hu) = (w as usize, h as usize);
    let mut out = Vec::with_capacity(wu * hu);
    match (bpc, channels) {
        (8, c) => {
            let row = wu * c;
            if data.len() < row * hu {
                return None;
            }
            for px in data[..row * hu].chunks_exact(c) {
                let v = if c >= 3 {
                    (px[0] as u32 * 299 + px[1] as u32 * 587 + px[2] as u32 * 114) / 1000
                } else {
                    px[0] as u32
                };
                out.push(v as u8);
            }
        }
        (1, 1) => {
            let row = wu.div_ceil(8);
            if data.len() < row * hu {
                return None;
            }
            for y in 0..hu {
                for x in 0..wu {
                    let bit = data[y * row + x / 8] >> (7 - x % 8) & 1;
                    out.push(if bit == 1 { 255 } else { 0 });
                }
            }
        }
        _ => return None,
    }
    image::GrayImage::from_raw(w, h, out)
}

/// Joins the extractor's fragments into lines and drops trailing blanks.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_damaged_pdf_not_a_panic() {
        for bad in [
            &b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"[..],
            b"%PDF-1.7\n\x00\x01\x02garbage",
            b"%PDF-",
        ] {
            let e = read_pdf(bad).unwrap_err();
            assert!(
                matches!(e, IngestError::DamagedPdf(_) | IngestError::NoPages),
                "{e:?}"
            );
        }
    }

    #[test]
    fn one_bit_rows_are_padded_to_bytes() {
        // 3×2 image, rows of one byte each: 101, 010.
        let g = to_gray(&[0b1010_0000, 0b0100_0000], 3, 2, 1, 1).unwrap();
        assert_eq!(g.as_raw(), &[255, 0, 255, 0, 255, 0]);
        assert!(to_gray(&[0], 3, 2, 1, 1).is_none());
    }
}
