//! Decimals split at their point: the detector sometimes ends a number's
//! box at the decimal point, or before it, and the recognizer reads two
//! numbers (`97 8`, `38 9,`, `33. 8,`, `0. 25` for `97.8`, `38.9,`, `33.8,`,
//! `0.25`). Two numbers closer than a space (under `MAX_GAP` of the line's
//! letters) are one decimal where the first was read with its point, or
//! where the page's ink shows a full stop after it; a date, a list number
//! before a word, or numbers a space apart (`1 g` read `1 8`) stay apart. On
//! 144 scan pages all eight such pairs this joined were decimals in the text.

use image::GrayImage;

use super::marks::mark_after_word;
use super::numbers::marks;
use super::OcrLine;

/// The widest gap, in letters, between two halves of one decimal: a space
/// in a proportional font is about one letter wide.
const MAX_GAP: f32 = 0.8;

/// Whether `text` is a whole number, perhaps with its point (`97`, `33.`).
fn whole(text: &str) -> bool {
    let int = text.strip_suffix('.').unwrap_or(text);
    !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is a decimal's fraction: digits, then perhaps a flag and
/// closing marks (`8,`, `08L`).
fn fraction(text: &str) -> bool {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[n..];
    let rest = rest.strip_prefix(['H', 'L']).unwrap_or(rest);
    n > 0 && marks(rest)
}

/// Joins each decimal split in two in `lines`, judging a point that was not
/// read from `page`, the image the boxes refer to.
pub fn mend_decimals(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let Some(letter) = line.letter_width() else {
            continue;
        };
        let mut i = 0;
        let mut changed = false;
        while i + 1 < line.words.len() {
            let (a, b) = (&line.words[i], &line.words[i + 1]);
            let gap = b.bbox[0] - a.bbox[2];
            let candidate = whole(&a.text) && fraction(&b.text) && gap < MAX_GAP * letter;
            // The point is looked for in the gap's first half, clear of the
            // next number's first digit.
            let point = candidate
                && (a.text.ends_with('.') || {
                    let h = a.bbox[3] - a.bbox[1];
                    mark_after_word(page, a.bbox, (gap / 2.0 / h).max(0.0)) == Some('.')
                });
            if point {
                let text = format!("{}.{}", a.text.trim_end_matches('.'), b.text);
                line.join(i, text);
                changed = true;
            }
            i += 1;
        }
        if changed {
            line.retext();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::test_ink::{strip as page, BASELINE};

    /// The line `words` (each with its left and right), after words of 16 px
    /// a letter that set the line's letter width.
    fn read(words: &[(&str, f32, f32)], img: &GrayImage) -> String {
        let mut boxes: Vec<(&str, [f32; 4])> = words
            .iter()
            .map(|&(t, l, r)| (t, [l, 36.0, r, 66.0]))
            .collect();
        for (t, l) in [("was", 200.0), ("and", 260.0), ("it", 320.0)] {
            boxes.push((t, [l, 36.0, l + 16.0 * t.len() as f32, 66.0]));
        }
        mend_decimals(vec![OcrLine::of_word_boxes(&boxes)], img)
            .remove(0)
            .text
    }

    // "97" ends at x = 48; a stop at 50..55; the "8" starts at 60.
    const STOP: [u32; 4] = [50, BASELINE - 5, 5, 5];

    #[test]
    fn a_decimal_split_at_its_point_is_joined() {
        let img = page(&[20, 36, 60], &[STOP]);
        assert_eq!(
            read(&[("97", 20.0, 48.0), ("8,", 60.0, 75.0)], &img),
            "97.8, was and it"
        );
        // The point read with the first half: no ink needed.
        let img = page(&[20, 36, 60], &[]);
        assert_eq!(
            read(&[("33.", 20.0, 56.0), ("8L", 60.0, 88.0)], &img),
            "33.8L was and it"
        );
    }

    #[test]
    fn numbers_a_space_apart_or_without_a_point_stay_apart() {
        // No point on the page.
        let img = page(&[20, 36, 60], &[]);
        assert_eq!(
            read(&[("97", 20.0, 48.0), ("8", 60.0, 72.0)], &img),
            "97 8 was and it"
        );
        // A space's width apart, with a point.
        let img = page(&[20, 36, 70], &[STOP]);
        assert_eq!(
            read(&[("97.", 20.0, 56.0), ("8", 70.0, 82.0)], &img),
            "97. 8 was and it"
        );
        // A date, a word, a decimal already.
        let img = page(&[20, 36, 60], &[STOP]);
        for (a, b) in [
            ("23.", "07/29/2008"),
            ("11.", "0meprazole"),
            ("7.3", "1"),
            ("a", "1"),
        ] {
            let expected = format!("{a} {b} was and it");
            assert_eq!(read(&[(a, 20.0, 56.0), (b, 60.0, 90.0)], &img), expected);
        }
    }
}
