//! A full stop read where the page has a space: the recognizer reads two
//! words close set as one, with a stop between a number and the word after
//! it (`RR 20.T 98.2` for `RR 20 T 98.2`). The corpus glues a number and a
//! word with a stop only in list items that open a line (`1.Subtle`), so
//! inside a line such a word is split where the page's ink shows no full
//! stop in it: no small mark on the baseline among the letters.

use image::GrayImage;

use super::marks::blobs_in_box;
use super::OcrLine;

/// Where `text` is a number, a full stop and a word (`20.T`): the stop's
/// byte.
fn number_stop_word(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text[digits..].strip_prefix('.')?;
    (digits > 0 && rest.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(digits)
}

/// Whether the ink of the word in `bbox` has a full stop: a mark under
/// half as tall as its tallest letter, with its foot near the letters'
/// baseline (the median foot of the letters, so a descender does not move
/// it).
fn has_stop(page: &GrayImage, bbox: [f32; 4]) -> bool {
    let blobs = blobs_in_box(page, bbox);
    let Some(tall) = blobs.iter().map(|b| b.height()).max() else {
        return true;
    };
    let mut feet: Vec<u32> = (blobs.iter())
        .filter(|b| b.height() * 2 >= tall)
        .map(|b| b.bottom)
        .collect();
    feet.sort_unstable();
    let baseline = feet[feet.len() / 2];
    blobs
        .iter()
        .any(|b| b.pixels >= 3 && b.height() * 2 < tall && b.bottom.abs_diff(baseline) <= tall / 4)
}

/// Splits each number and word read glued by a full stop inside a line of
/// `lines` where `page`, the image the boxes refer to, shows no stop.
pub fn mend_stops(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let cuts: Vec<(usize, usize, usize)> = (1..line.words.len())
            .filter_map(|i| {
                let w = &line.words[i];
                let cut = number_stop_word(&w.text)?;
                (!has_stop(page, w.bbox)).then_some((i, cut, 1))
            })
            .collect();
        line.split_at(&cuts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::test_ink::{strip as page, BASELINE};

    fn read(word: &str, img: &GrayImage) -> String {
        let boxes = [
            ("RR", [200.0, 36.0, 230.0, 64.0]),
            (word, [20.0, 36.0, 70.0, 64.0]),
            ("98.2", [300.0, 36.0, 350.0, 64.0]),
        ];
        mend_stops(vec![OcrLine::of_word_boxes(&boxes)], img)
            .remove(0)
            .text
    }

    #[test]
    fn a_stop_the_ink_does_not_show_is_a_space() {
        let img = page(&[20, 34, 56], &[]);
        assert_eq!(read("20.T", &img), "RR 20 T 98.2");
    }

    #[test]
    fn a_stop_the_ink_shows_or_a_list_item_stays() {
        let img = page(&[20, 34, 56], &[[48, BASELINE - 4, 4, 4]]);
        assert_eq!(read("20.T", &img), "RR 20.T 98.2");
        // A descender (a `q` read `9`) does not move the baseline.
        let img = page(
            &[20, 34, 56],
            &[[20, BASELINE, 12, 9], [48, BASELINE - 4, 4, 4]],
        );
        assert_eq!(read("9.a.m.", &img), "RR 9.a.m. 98.2");
        let img = page(&[20, 34, 56], &[]);
        let boxes = [
            ("1.Subtle", [20.0, 36.0, 70.0, 64.0]),
            ("mass", [90.0, 36.0, 130.0, 64.0]),
        ];
        let line = mend_stops(vec![OcrLine::of_word_boxes(&boxes)], &img).remove(0);
        assert_eq!(line.text, "1.Subtle mass");
    }
}
