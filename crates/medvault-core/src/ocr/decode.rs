//! Decoding scanner files into greyscale pages: PNG, JPEG, and TIFF with any
//! number of pages. Dimensions are checked against [`MAX_PIXELS`] from the
//! header, before any pixel is decoded, so a huge image cannot exhaust memory.

use std::io::Cursor;

use image::{GrayImage, ImageFormat, ImageReader};

use super::OcrError;

/// The largest page accepted: 100 megapixels (an A3 page at 600 dpi is 70).
pub const MAX_PIXELS: u64 = 100_000_000;

fn check_size(width: u64, height: u64) -> Result<(), OcrError> {
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(OcrError::TooLarge {
            width,
            height,
            limit: MAX_PIXELS,
        });
    }
    Ok(())
}

/// Decodes every page of an image file.
pub fn decode_pages(bytes: &[u8]) -> Result<Vec<GrayImage>, OcrError> {
    if bytes.is_empty() {
        return Err(OcrError::Empty);
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Tiff) => decode_tiff(bytes),
        Ok(fmt @ (ImageFormat::Png | ImageFormat::Jpeg)) => {
            let reader = ImageReader::with_format(Cursor::new(bytes), fmt);
            let (w, h) = reader
                .into_dimensions()
                .map_err(|e| OcrError::Damaged(e.to_string()))?;
            check_size(w as u64, h as u64)?;
            let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
            reader.no_limits();
            let img = reader
                .decode()
                .map_err(|e| OcrError::Damaged(e.to_string()))?;
            Ok(vec![img.into_luma8()])
        }
        _ => Err(OcrError::Unsupported),
    }
}

fn decode_tiff(bytes: &[u8]) -> Result<Vec<GrayImage>, OcrError> {
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::ColorType;
    let damaged = |e: tiff::TiffError| OcrError::Damaged(e.to_string());
    let mut dec = Decoder::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut pages = Vec::new();
    loop {
        let (w, h) = dec.dimensions().map_err(damaged)?;
        check_size(w as u64, h as u64)?;
        let color = dec.colortype().map_err(damaged)?;
        let data = dec.read_image().map_err(damaged)?;
        let px = (w as usize) * (h as usize);
        let gray: Vec<u8> = match (color, data) {
            (ColorType::Gray(8), DecodingResult::U8(d)) => d,
            (ColorType::Gray(16), DecodingResult::U16(d)) => {
                d.iter().map(|v| (v >> 8) as u8).collect()
            }
            (ColorType::RGB(8), DecodingResult::U8(d)) => d.chunks_exact(3).map(luma).collect(),
            (ColorType::RGBA(8), DecodingResult::U8(d)) => d.chunks_exact(4).map(luma).collect(),
            (ColorType::Gray(1), DecodingResult::U8(d)) => unpack_bits(&d, w as usize, h as usize),
            (c, _) => {
                return Err(OcrError::Damaged(format!(
                    "TIFF colour type {c:?} is not supported"
                )))
            }
        };
        if gray.len() != px {
            return Err(OcrError::Damaged(
                "TIFF page data has the wrong length".into(),
            ));
        }
        pages.push(GrayImage::from_raw(w, h, gray).expect("length checked"));
        if !dec.more_images() {
            break;
        }
        dec.next_image().map_err(damaged)?;
    }
    Ok(pages)
}

fn luma(p: &[u8]) -> u8 {
    ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8
}

/// 1-bit rows (padded to whole bytes; 0 = black as scanners write with
/// BlackIsZero) to 8-bit greyscale.
fn unpack_bits(d: &[u8], w: usize, h: usize) -> Vec<u8> {
    let stride = w.div_ceil(8);
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let byte = d.get(y * stride + x / 8).copied().unwrap_or(0xff);
            out.push(if byte & (0x80 >> (x % 8)) != 0 {
                255
            } else {
                0
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = GrayImage::from_pixel(w, h, image::Luma([200]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn empty_garbage_and_truncated_files_get_reasons() {
        assert!(matches!(decode_pages(b""), Err(OcrError::Empty)));
        assert!(matches!(
            decode_pages(b"MZ\x90\x00 not an image"),
            Err(OcrError::Unsupported)
        ));
        let p = png(40, 30);
        assert!(matches!(
            decode_pages(&p[..p.len() / 2]),
            Err(OcrError::Damaged(_))
        ));
        assert_eq!(decode_pages(&p).unwrap()[0].dimensions(), (40, 30));
    }

    #[test]
    fn a_huge_image_is_refused_from_its_header() {
        // A real PNG whose header declares 50,000 × 50,000 pixels over one pixel of data.
        let mut p = png(1, 1);
        p[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        p[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&p[12..29]);
        p[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = decode_pages(&p).unwrap_err();
        assert!(
            matches!(
                err,
                OcrError::TooLarge {
                    width: 50_000,
                    height: 50_000,
                    ..
                }
            ),
            "{err}"
        );
    }

    /// PNG's CRC-32 (ISO-HDLC), bit by bit.
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    (c >> 1) ^ 0xedb8_8320
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn every_page_of_a_tiff_is_decoded() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut enc = tiff::encoder::TiffEncoder::new(&mut buf).unwrap();
            for shade in [10u8, 120, 250] {
                let data = vec![shade; 20 * 10];
                enc.write_image::<tiff::encoder::colortype::Gray8>(20, 10, &data)
                    .unwrap();
            }
        }
        let pages = decode_pages(buf.get_ref()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[1].get_pixel(3, 3).0[0], 120);
    }
}
