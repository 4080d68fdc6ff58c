//! A searchable PDF of a scanned document: each page's image as it was
//! stored (a JPEG embedded byte for byte, other images as compressed
//! samples), turned upright when OCR turned it, with the OCR words laid over
//! it as invisible text at their boxes (slanted as the page's lines were
//! scanned), so a PDF reader finds and selects what the page shows.

use image::DynamicImage;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use crate::ingest::{ImageKind, PageImage};
use crate::ocr::OcrPage;

/// Page width in points; the height follows the image's proportions.
const PAGE_WIDTH: f32 = 612.0;

/// Text for a PDF string: Latin-1 (WinAnsi) bytes, `?` for what it lacks.
pub(crate) fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
        .collect()
}

/// The standard Helvetica, WinAnsi-encoded: the font both the sample PDFs
/// and the searchable PDFs set their text in.
pub(crate) fn helvetica(doc: &mut Document) -> lopdf::ObjectId {
    doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1",
        "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    })
}

/// Draws image `Im1` over a whole `w` × `h` page.
pub(crate) fn full_page_image(w: f32, h: f32) -> Vec<Operation> {
    vec![
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![w.into(), 0.into(), 0.into(), h.into(), 0.into(), 0.into()],
        ),
        Operation::new("Do", vec!["Im1".into()]),
        Operation::new("Q", vec![]),
    ]
}

/// Writes the page tree (`kids` under `pages_id`, with `pages` extra
/// entries such as a MediaBox) and the catalog, and saves `doc`.
pub(crate) fn finish_pdf(
    mut doc: Document,
    pages_id: lopdf::ObjectId,
    kids: Vec<Object>,
    mut pages: lopdf::Dictionary,
) -> Result<Vec<u8>, String> {
    pages.set("Type", "Pages");
    pages.set("Count", kids.len() as i64);
    pages.set("Kids", kids);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The image as a PDF image object: (dictionary, data, width, height).
fn image_object(img: &PageImage, rotation: u16) -> Result<Stream, String> {
    let decoded = || image::load_from_memory(&img.bytes).map_err(|e| e.to_string());
    if img.kind == ImageKind::Jpeg && rotation == 0 {
        let d = decoded()?;
        let cs = if d.color().channel_count() == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        return Ok(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => d.width() as i64, "Height" => d.height() as i64,
                "ColorSpace" => cs, "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            img.bytes.clone(),
        ));
    }
    let d = match rotation {
        90 => decoded()?.rotate90(),
        180 => decoded()?.rotate180(),
        270 => decoded()?.rotate270(),
        _ => decoded()?,
    };
    let (cs, data, w, h) = match d {
        DynamicImage::ImageLuma8(g) => ("DeviceGray", g.as_raw().clone(), g.width(), g.height()),
        other => {
            let rgb = other.to_rgb8();
            let (w, h) = (rgb.width(), rgb.height());
            ("DeviceRGB", rgb.into_raw(), w, h)
        }
    };
    let mut s = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => cs, "BitsPerComponent" => 8,
        },
        data,
    );
    s.compress().map_err(|e| e.to_string())?;
    Ok(s)
}

/// Invisible words over a page `w` × `h` points, each set along its box
/// turned by the page's tilt, as the ink lies on a page scanned at a slant.
fn word_ops(ocr: &OcrPage, w: f32, h: f32) -> Vec<Operation> {
    let scale = w / ocr.width.max(1) as f32;
    // The tilt is clockwise on screen, so clockwise in PDF space too.
    let (sin, cos) = ocr.tilt.to_radians().sin_cos();
    let mut ops = vec![
        Operation::new("BT", vec![]),
        // Render mode 3: neither filled nor stroked, yet found and selected.
        Operation::new("Tr", vec![3.into()]),
    ];
    for line in &ocr.lines {
        for word in &line.words {
            let [l, t, r, b] = word.bbox;
            let height = (b - t).max(1.0) * scale;
            let size = (height * 0.85).max(1.0);
            let text = format!("{} ", word.text);
            // Helvetica averages about half an em per character: stretch to the box.
            let natural = 0.5 * size * text.chars().count() as f32;
            let stretch = (((r - l) * scale) / natural.max(0.1) * 100.0).clamp(10.0, 500.0);
            ops.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
            ops.push(Operation::new("Tz", vec![stretch.into()]));
            // The box keeps the level word's size about its centre: its
            // bottom-left corner, turned by the tilt about that centre.
            let (hw, hh) = ((r - l) / 2.0, (b - t) / 2.0);
            let x = (l + r) / 2.0 - hw * cos - hh * sin;
            let y = (t + b) / 2.0 - hw * sin + hh * cos;
            ops.push(Operation::new(
                "Tm",
                vec![
                    cos.into(),
                    (-sin).into(),
                    sin.into(),
                    cos.into(),
                    (x * scale).into(),
                    (h - y * scale).into(),
                ],
            ));
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(latin1(&text))],
            ));
        }
        // A line break for text extractors that read operators in order.
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(b"\n".to_vec())],
        ));
    }
    ops.push(Operation::new("ET", vec![]));
    ops
}

/// The searchable PDF of `pages` (each image with its OCR, if any).
pub fn searchable_pdf(pages: &[(PageImage, Option<OcrPage>)]) -> Result<Vec<u8>, String> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = helvetica(&mut doc);
    let mut kids = Vec::new();
    for (img, ocr) in pages {
        let rotation = ocr.as_ref().map_or(0, |o| o.rotation);
        let stream = image_object(img, rotation)?;
        let px = |key: &[u8]| {
            stream
                .dict
                .get(key)
                .and_then(Object::as_i64)
                .unwrap_or(1)
                .max(1) as f32
        };
        let (px_w, px_h) = (px(b"Width"), px(b"Height"));
        let (w, h) = (PAGE_WIDTH, PAGE_WIDTH * px_h / px_w);
        let image_id = doc.add_object(stream);
        let mut ops = full_page_image(w, h);
        if let Some(o) = ocr {
            ops.extend(word_ops(o, w, h));
        }
        let content = Content { operations: ops }
            .encode()
            .map_err(|e| e.to_string())?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Im1" => image_id },
            },
        });
        kids.push(page_id.into());
    }
    finish_pdf(doc, pages_id, kids, lopdf::Dictionary::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{OcrLine, OcrWord};

    /// The text matrices of `word_ops` for one word at `bbox` on a page of
    /// 1000 × 1000 pixels drawn 1000 points wide (one pixel per point).
    fn matrix(bbox: [f32; 4], tilt: f32) -> Vec<f32> {
        let word = OcrWord {
            text: "Potassium".into(),
            bbox,
            confidence: 1.0,
        };
        let page = OcrPage {
            width: 1000,
            height: 1000,
            rotation: 0,
            tilt,
            lines: vec![OcrLine {
                text: "Potassium".into(),
                bbox,
                words: vec![word],
            }],
        };
        let ops = word_ops(&page, 1000.0, 1000.0);
        let tm = ops.iter().find(|o| o.operator == "Tm").unwrap();
        tm.operands.iter().map(|o| o.as_float().unwrap()).collect()
    }

    #[test]
    fn a_level_word_starts_at_its_box_bottom_left() {
        let m = matrix([100.0, 200.0, 300.0, 240.0], 0.0);
        assert_eq!(m, [1.0, 0.0, 0.0, 1.0, 100.0, 760.0]);
    }

    #[test]
    fn on_a_slanted_page_a_word_runs_along_its_slant() {
        // Lines descending 3 degrees to the right (clockwise on screen): a
        // 200 × 40 word centred at (200, 220).
        let m = matrix([100.0, 200.0, 300.0, 240.0], 3.0);
        let (s, c) = 3f32.to_radians().sin_cos();
        let close = |a: f32, b: f32| (a - b).abs() < 1e-3;
        assert!(
            close(m[0], c) && close(m[1], -s) && close(m[2], s) && close(m[3], c),
            "{m:?}"
        );
        // Its baseline starts where the turned box's bottom-left corner is:
        // about 5 points higher on screen than the level box's (the slant
        // over half the word), and a point to its left.
        let (x, y_screen) = (m[4], 1000.0 - m[5]);
        assert!(close(x, 200.0 - 100.0 * c - 20.0 * s), "{x}");
        assert!(close(y_screen, 220.0 - 100.0 * s + 20.0 * c), "{y_screen}");
        assert!(
            y_screen < 240.0 - 5.0 && (99.0..100.0).contains(&x),
            "({x}, {y_screen})"
        );
        // 200 points along the baseline is the turned box's bottom-right
        // corner, about 10.5 points lower on screen than the start.
        let (ex, ey_screen) = (x + 200.0 * m[0], 1000.0 - (m[5] + 200.0 * m[1]));
        assert!(close(ex, 200.0 + 100.0 * c - 20.0 * s), "{ex}");
        assert!(
            close(ey_screen, 220.0 + 100.0 * s + 20.0 * c),
            "{ey_screen}"
        );
        assert!(ey_screen - y_screen > 10.0, "{ey_screen} {y_screen}");
    }
}
