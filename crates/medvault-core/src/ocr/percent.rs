//! Percent signs read as a six: the recognizer reads `90%` as `906`, `100%`
//! as `10096` and `0.2%` as `0.26`, and the text alone cannot tell them from
//! numbers. The page's ink can: a six is one solid stroke, while a percent
//! sign's two rings are small patches, one high and one low and to its
//! right (the slash between them may join either or neither). A number read
//! ending in a six whose ink shows such a pair after its digits is the
//! digits before the pair and `%`. A lab printout sets `%` alone in its
//! units column, where the detector may pass over it: `gaps` looks there,
//! and ink that is such a pair with no digit before it is `%`. Where the
//! slash joins both rings into one patch, as this font's often does on a
//! scan, the sign is not told. (A lone `6` or `8` read where the sign is
//! was not mended from its ink: a broken `2` in prose passed for the sign.)

use image::GrayImage;

use super::marks::{blobs_in_box, Blob};
use super::numbers::CLOSING;
use super::OcrLine;

/// Below this height (pixels) of the word's tallest patch, a page is too
/// coarse to tell a ring from a speck.
const MIN_DIGIT_PX: u32 = 12;

/// Whether `text` is a number read ending in a six (`906.`, `0.26`).
fn ends_in_six(text: &str) -> bool {
    let core = text.trim_end_matches(CLOSING);
    let digits = core.trim_start_matches(['(', '<', '>']);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with('6')
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// How many digits stand before a percent sign's rings in the ink of the
/// word in `bbox`, if the ink shows the rings and no digit after them.
fn digits_before_percent(page: &GrayImage, bbox: [f32; 4]) -> Option<usize> {
    rings(page, bbox).filter(|&digits| digits > 0)
}

/// Whether the ink in `bbox` is a percent sign on its own (a unit in a
/// column of its own: `Meth Hb   1.1   %   0-1.5`).
pub fn is_percent_sign(page: &GrayImage, bbox: [f32; 4]) -> bool {
    rings(page, bbox) == Some(0)
}

/// A percent sign's rings in the ink in `bbox`, nothing tall after them
/// but the slash: how many digits stand before them.
fn rings(page: &GrayImage, bbox: [f32; 4]) -> Option<usize> {
    let blobs: Vec<Blob> = blobs_in_box(page, bbox)
        .into_iter()
        .filter(|b| b.pixels >= 4)
        .collect();
    let h = blobs.iter().map(Blob::height).max()?;
    if h < MIN_DIGIT_PX {
        return None;
    }
    let hf = h as f32;
    let top = blobs.iter().map(|b| b.top).min()?;
    let bottom = top + h;
    let middle = (top + bottom) as f32 / 2.0;
    let centre = |b: &Blob| (b.left + b.right) as f32 / 2.0;
    // Digits and the slash are two thirds of the tallest patch's height or
    // taller; rings are smaller, wholly above or below the digits' middle.
    let tall = |b: &Blob| b.height() as f32 >= 0.67 * hf;
    let small = |b: &&Blob| !tall(b);
    let upper: Vec<&Blob> = blobs
        .iter()
        .filter(small)
        .filter(|b| (b.bottom as f32) < middle + 0.1 * hf && b.top <= top + h / 4)
        .collect();
    let lower: Vec<&Blob> = blobs
        .iter()
        .filter(small)
        .filter(|b| (b.top as f32) > middle - 0.1 * hf && b.bottom + h / 4 >= bottom)
        .collect();
    let ring = upper.iter().find(|u| {
        lower
            .iter()
            .any(|l| centre(l) - centre(u) >= 0.3 * hf && centre(l) - centre(u) <= 1.2 * hf)
    })?;
    // Digits: tall patches wholly before the upper ring.
    let digits = blobs
        .iter()
        .filter(|b| tall(b) && b.right < ring.left)
        .count();
    // Nothing tall after the rings but the slash (no digit follows).
    let after = blobs
        .iter()
        .filter(|b| b.left > ring.right + h / 2 && tall(b))
        .count();
    (after == 0).then_some(digits)
}

/// `text` with its reading after the first `digits` digits made `%`,
/// closing marks kept (`906.` with 2 → `90%.`).
fn with_percent(text: &str, digits: usize) -> Option<String> {
    let core_len = text.trim_end_matches(CLOSING).len();
    let mut seen = 0;
    let end = text[..core_len].char_indices().find_map(|(i, c)| {
        seen += usize::from(c.is_ascii_digit());
        (seen == digits).then_some(i + 1)
    })?;
    // Something was read for the sign.
    (end < core_len).then(|| format!("{}%{}", &text[..end], &text[core_len..]))
}

/// Mends each number read ending in a six whose ink shows a percent sign.
pub fn mend_percents(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        line.mend_words(|words, i| {
            let word = &words[i];
            if !ends_in_six(&word.text) {
                return None;
            }
            let digits = digits_before_percent(page, word.bbox)?;
            with_percent(&word.text, digits)
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A strip with ink rectangles (`[left, top, width, height]`).
    fn page(rects: &[[u32; 4]]) -> GrayImage {
        crate::ocr::test_ink::page(200, 60, rects)
    }

    fn read(text: &str, img: &GrayImage) -> String {
        let line = OcrLine::of_word_boxes(&[(text, [5.0, 5.0, 120.0, 45.0])]);
        mend_percents(vec![line], img).remove(0).text
    }

    // Digits 28 px tall from y = 10, 14 wide, at x = 10 and 30.
    const NINE: [u32; 4] = [10, 10, 14, 28];
    const ZERO: [u32; 4] = [30, 10, 14, 28];
    // A percent sign's rings (the slash joined to neither) and a six.
    const UPPER: [u32; 4] = [50, 10, 8, 12];
    const SLASH: [u32; 4] = [62, 10, 3, 28];
    const LOWER: [u32; 4] = [68, 26, 8, 12];
    const SIX: [u32; 4] = [50, 10, 14, 28];

    #[test]
    fn a_percent_sign_read_as_a_six_is_mended() {
        let img = page(&[NINE, ZERO, UPPER, SLASH, LOWER]);
        assert_eq!(read("906.", &img), "90%.");
        assert_eq!(read("9096", &img), "90%");
    }

    #[test]
    fn a_percent_sign_alone_is_told_from_a_six() {
        let sign = [5.0, 5.0, 80.0, 45.0];
        assert!(is_percent_sign(&page(&[UPPER, SLASH, LOWER]), sign));
        assert!(!is_percent_sign(&page(&[SIX]), sign));
        assert!(!is_percent_sign(
            &page(&[NINE, ZERO, UPPER, SLASH, LOWER]),
            sign
        ));
    }

    #[test]
    fn a_six_or_a_colon_stays() {
        assert_eq!(read("906", &page(&[NINE, ZERO, SIX])), "906");
        // Two patches one above the other: a colon, or an eight in pieces.
        let colon = [[50, 10, 8, 12], [50, 26, 8, 12]];
        assert_eq!(read("906", &page(&[NINE, ZERO, colon[0], colon[1]])), "906");
        // Rings with a digit after them are something else.
        let img = page(&[NINE, ZERO, UPPER, LOWER, [90, 10, 14, 28]]);
        assert_eq!(read("9066", &img), "9066");
        // Words not ending in a six are not looked at.
        let img = page(&[NINE, ZERO, UPPER, SLASH, LOWER]);
        assert_eq!(read("905", &img), "905");
    }
}
