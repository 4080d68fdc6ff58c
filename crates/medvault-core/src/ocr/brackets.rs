//! A lab range's opening bracket read glued to its first number: the
//! printouts set a space inside the bracket (`( 0.1-4.0 )`; the corpus's
//! lab texts write `( ` before a range 470 times and `(` glued to one
//! never), and the recognizer often leaves that space out (`(0.1-4.0`),
//! which loses the range's words. Prose glues the bracket (`(10-15)`), so
//! the page's ink decides: a word read as `(` and a number whose bracket,
//! a tall patch of ink, stands more than `MIN_SPACE` of the line's letters
//! clear of the digit after it is split there.

use image::GrayImage;

use super::marks::blobs_in_box;
use super::OcrLine;

/// The narrowest clear space, in letters, between the bracket and the
/// digit that is a space in the text: the printouts' fixed-width letters
/// leave about one letter between the two inks, a glued bracket about a
/// quarter.
const MIN_SPACE: f32 = 0.6;

/// Whether `text` is an opening bracket glued to a number (`(0.1-4.0`,
/// `(<5`).
fn glued_bracket(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('(')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "<>.".contains(c))
}

/// Whether the ink of the word in `bbox` shows its first mark, a bracket
/// taller than the letter after it, more than `space` pixels clear of it.
fn spaced_bracket(page: &GrayImage, bbox: [f32; 4], space: f32) -> bool {
    let h = bbox[3] - bbox[1];
    let mut marks: Vec<_> = blobs_in_box(page, bbox)
        .into_iter()
        .filter(|m| m.height() as f32 >= 0.3 * h)
        .collect();
    marks.sort_by_key(|m| m.left);
    let [bracket, next, ..] = marks[..] else {
        return false;
    };
    bracket.height() > next.height()
        && bracket.width() * 2 <= bracket.height()
        && next.left > bracket.right
        && (next.left - bracket.right - 1) as f32 > space
}

/// Splits each opening bracket from the number it was read glued to in
/// `lines` where `page`, the image the boxes refer to, shows a space
/// between them.
pub fn mend_brackets(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let Some(letter) = line.letter_width() else {
            continue;
        };
        let spaced = |i: usize| {
            let w = &line.words[i];
            glued_bracket(&w.text) && spaced_bracket(page, w.bbox, MIN_SPACE * letter)
        };
        let cuts: Vec<(usize, usize, usize)> = (0..line.words.len())
            .filter(|&i| spaced(i))
            .map(|i| (i, 1, 0))
            .collect();
        line.split_at(&cuts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::test_ink::{strip, BASELINE};

    /// A strip with a bracket (4 px wide, 30 tall, below the baseline too)
    /// at x = 20 and digits 12 px wide and 20 tall at the given left edges.
    fn page(digits: &[u32]) -> GrayImage {
        strip(digits, &[[20, BASELINE - 24, 4, 30]])
    }

    /// The line `word` (box from x = 20 to `right`), after words of 16 px
    /// a letter that set the line's letter width.
    fn read(word: &str, right: f32, img: &GrayImage) -> String {
        let mut boxes = vec![(word, [20.0, 34.0, right, 68.0])];
        for (t, l) in [("mmol/L", 200.0), ("TSH", 310.0), ("L", 370.0)] {
            boxes.insert(0, (t, [l, 34.0, l + 16.0 * t.len() as f32, 68.0]));
        }
        mend_brackets(vec![OcrLine::of_word_boxes(&boxes)], img)
            .remove(0)
            .text
    }

    #[test]
    fn a_bracket_a_space_before_its_number_is_split_from_it() {
        // The bracket ends at x = 23, the first digit starts at 40.
        let img = page(&[40, 56, 72]);
        assert_eq!(read("(0.1", 84.0, &img), "L TSH mmol/L ( 0.1");
    }

    #[test]
    fn a_bracket_set_against_its_number_or_other_words_stay() {
        // The first digit starts at 28, a quarter letter after the bracket.
        let img = page(&[28, 44, 60]);
        assert_eq!(read("(0.1", 72.0, &img), "L TSH mmol/L (0.1");
        // Spaced, but no number after the bracket.
        let img = page(&[40, 56, 72]);
        assert_eq!(read("(see", 84.0, &img), "L TSH mmol/L (see");
    }
}
