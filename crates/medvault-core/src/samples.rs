//! Sample files made in code, as scanners and practice software write them:
//! text PDFs, image-only and mixed PDFs, multi-page TIFFs. Tests and
//! `medvault bench` build their fixtures with these, never with checked-in files.

use std::io::Cursor;

use image::GrayImage;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use crate::export::{finish_pdf, full_page_image, helvetica, latin1};

/// One page of a sample PDF.
#[derive(Debug, Clone)]
pub enum SamplePage {
    /// Lines of text, set in Helvetica (a real text layer).
    Text(Vec<String>),
    /// A scanned page stored as its JPEG, as scanners do (DCTDecode).
    Jpeg(Vec<u8>),
    /// A scanned page stored as compressed gray samples (FlateDecode).
    Gray(GrayImage),
}

/// A US-letter PDF with `pages`.
pub fn pdf(pages: &[SamplePage]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = helvetica(&mut doc);
    let (w, h) = (612.0f32, 792.0f32);
    let mut kids = Vec::new();
    for page in pages {
        let mut xobjects = lopdf::Dictionary::new();
        let ops = match page {
            SamplePage::Text(lines) => {
                let mut ops = vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 11.into()]),
                    Operation::new("TL", vec![14.into()]),
                    Operation::new("Td", vec![54.into(), 740.into()]),
                ];
                for line in lines {
                    ops.push(Operation::new(
                        "Tj",
                        vec![Object::string_literal(latin1(line))],
                    ));
                    ops.push(Operation::new("T*", vec![]));
                }
                ops.push(Operation::new("ET", vec![]));
                ops
            }
            SamplePage::Jpeg(bytes) => {
                let (iw, ih) = image::load_from_memory(bytes)
                    .map(|i| (i.width(), i.height()))
                    .unwrap_or((1, 1));
                let img = Stream::new(
                    dictionary! {
                        "Type" => "XObject",
                        "Subtype" => "Image",
                        "Width" => iw as i64,
                        "Height" => ih as i64,
                        "ColorSpace" => "DeviceRGB",
                        "BitsPerComponent" => 8,
                        "Filter" => "DCTDecode",
                    },
                    bytes.clone(),
                );
                xobjects.set("Im1", doc.add_object(img));
                full_page_image(w, h)
            }
            SamplePage::Gray(g) => {
                let mut img = Stream::new(
                    dictionary! {
                        "Type" => "XObject",
                        "Subtype" => "Image",
                        "Width" => g.width() as i64,
                        "Height" => g.height() as i64,
                        "ColorSpace" => "DeviceGray",
                        "BitsPerComponent" => 8,
                    },
                    g.as_raw().clone(),
                );
                let _ = img.compress();
                xobjects.set("Im1", doc.add_object(img));
                full_page_image(w, h)
            }
        };
        let content = Content { operations: ops }.encode().expect("encodable");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => xobjects,
            },
        });
        kids.push(page_id.into());
    }
    let media = dictionary! { "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()] };
    finish_pdf(doc, pages_id, kids, media).expect("writing to memory")
}

/// WinAnsi bytes for `s` (characters outside Latin-1 become '?').
/// A multi-page gray TIFF, one image per page, as fax and scanner software write them.
pub fn tiff(pages: &[GrayImage]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut enc = tiff::encoder::TiffEncoder::new(&mut out).expect("writing to memory");
    for p in pages {
        enc.write_image::<tiff::encoder::colortype::Gray8>(p.width(), p.height(), p.as_raw())
            .expect("writing to memory");
    }
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{read_pdf, split_pages, Format, PageSource};

    #[test]
    fn a_text_pdf_reads_back_as_its_lines() {
        let lines = vec![
            "Glucose 5.6 mmol/L (3.9-5.5) H".to_string(),
            "Potassium K+ 4.1 mmol/L".to_string(),
            "Metformin 500 mg PO BID, HbA1c 7.2%".to_string(),
        ];
        let pages = read_pdf(&pdf(&[SamplePage::Text(lines.clone())])).unwrap();
        let PageSource::Text(t) = &pages[0] else {
            panic!("{pages:?}")
        };
        for l in &lines {
            assert!(t.contains(l.as_str()), "{l:?} not in {t:?}");
        }
    }

    #[test]
    fn image_pages_come_back_as_images() {
        let g = GrayImage::from_fn(64, 48, |x, y| image::Luma([((x + y) % 256) as u8]));
        let pages = read_pdf(&pdf(&[SamplePage::Gray(g.clone())])).unwrap();
        let PageSource::Image(img) = &pages[0] else {
            panic!("{pages:?}")
        };
        assert_eq!(img.decode().unwrap(), g);
        let t = split_pages(Format::Tiff, &tiff(&[g.clone(), g.clone()])).unwrap();
        assert_eq!(t.len(), 2);
    }
}
