//! A space the recognizer left out between a number and a word: `4to`,
//! `measures7`, `1x`, `2.ACUTE`, or read as a mark (`wearing_2`). The text
//! alone cannot tell these from what is written joined (`5mg`, `2nd`,
//! `q4h`); the page's ink can: where a word's text turns between digits
//! and letters, a space on the page is a gap in the ink as wide as
//! `MIN_SPACE` letters or more, while letters set joined stand closer. A
//! word is cut at such a turn when its ink has a gap that wide about where
//! the turn's characters are. Lab flags after a value (`11.6H`), names
//! with a capital before a number (`S1`, `L4-5`) and a letter misread as
//! `1` or `0` (`mmo1/L`) are not looked at: in a monospaced lab table a
//! flag stands as far from its value as a space.

use image::GrayImage;

use super::marks::{blobs_in_box, Blob};
use super::OcrLine;

/// A gap in a word's ink this many of its line's letters wide or wider is
/// a space. On rendered scan pages, the space between words leaves about
/// 0.7 letters of paper; letters set joined, 0.35 or less.
const MIN_SPACE: f32 = 0.5;

/// Below this height (pixels) of a word's tallest mark, the page is too
/// coarse to measure its gaps by.
const MIN_MARK_PX: u32 = 10;

/// Places in `text` where a space may have been lost, as `(cut, skip)`:
/// the byte to cut at and how many bytes (a mark read for the space) fall
/// out between the halves:
/// - a digit before a word in lower case (`4to`, `1x`) but an ordinal's
///   ending (`13th`), or before a word of three letters or more after a
///   stop (`2.ACUTE`; `2.OH` is `2.0H` misread); a single capital after a
///   number is a lab flag set close (`11.6H`);
/// - a word of two lower-case letters or more before a digit other than a
///   `1` or `0` (`measures7`), or with a stop or underscore read for the
///   space (`wearing_2`); a capital before a digit is a name (`S1`, `L4-5`,
///   `A1`), and a `1` or `0` after letters is an `l` or `o` misread
///   (`mmo1/L`), which `units` and `spelling` mend.
fn turns(text: &str) -> Vec<(usize, usize)> {
    const ORDINALS: [&[u8]; 4] = [b"st", b"nd", b"rd", b"th"];
    let b = text.as_bytes();
    let digit = u8::is_ascii_digit;
    // The letters from byte `i` on, and those before it.
    let after = |i: usize| {
        &b[i..b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |n| i + n)]
    };
    let before = |i: usize| {
        &b[b[..i]
            .iter()
            .rposition(|c| !c.is_ascii_alphabetic())
            .map_or(0, |n| n + 1)..i]
    };
    let lower = |w: &[u8]| w.iter().all(u8::is_ascii_lowercase);
    let word_before = |i: usize| before(i).len() >= 2 && lower(before(i));
    let mut out = Vec::new();
    for i in 1..b.len() {
        let (p, n) = (&b[i - 1], &b[i]);
        let plain_digit = digit(n) && !matches!(n, b'1' | b'0');
        let number_word = digit(p) && n.is_ascii_lowercase() && !ORDINALS.contains(&after(i));
        let item_word = *p == b'.' && i >= 2 && digit(&b[i - 2]) && after(i).len() >= 3;
        let word_number = plain_digit && word_before(i);
        if number_word || item_word || word_number {
            out.push((i, 0));
        } else if matches!(p, b'.' | b'_') && plain_digit && word_before(i - 1) {
            out.push((i - 1, 1));
        }
    }
    out
}

/// The gaps at least `min` pixels wide between the marks of the ink in
/// `bbox`, as `[left, right]` (pixels of paper between them).
fn ink_gaps(page: &GrayImage, bbox: [f32; 4], min: f32) -> Vec<[f32; 2]> {
    let mut blobs: Vec<Blob> = blobs_in_box(page, bbox)
        .into_iter()
        .filter(|b| b.pixels >= 4)
        .collect();
    if blobs.iter().map(Blob::height).max().unwrap_or(0) < MIN_MARK_PX {
        return Vec::new();
    }
    blobs.sort_by_key(|b| b.left);
    let mut gaps = Vec::new();
    let mut reach = blobs.first().map_or(0, |b| b.right);
    for b in blobs.iter().skip(1) {
        if b.left > reach + 1 && (b.left - reach - 1) as f32 >= min {
            gaps.push([reach as f32 + 1.0, b.left as f32]);
        }
        reach = reach.max(b.right);
    }
    gaps
}

/// Cuts each word whose text turns between digits and letters where the
/// ink of `page` (the image the boxes refer to) shows a space.
pub fn mend_spaces(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let Some(letter) = line.letter_width() else {
            continue;
        };
        let mut cuts = Vec::new();
        for (i, word) in line.words.iter().enumerate() {
            let turns = turns(&word.text);
            if turns.is_empty() {
                continue;
            }
            let gaps = ink_gaps(page, word.bbox, MIN_SPACE * letter);
            let [left, _, right, _] = word.bbox;
            let per_byte = (right - left) / word.text.len() as f32;
            // The turn whose place in the box a gap's middle is nearest,
            // within a character and a half.
            let at =
                |(cut, skip): (usize, usize)| left + per_byte * (cut as f32 + skip as f32 / 2.0);
            let found: Vec<(usize, usize)> = turns
                .into_iter()
                .filter(|&t| {
                    gaps.iter()
                        .any(|g| ((g[0] + g[1]) / 2.0 - at(t)).abs() <= 1.5 * per_byte.max(letter))
                })
                .collect();
            // One cut a word: the first such turn.
            if let Some(&(cut, skip)) = found.first() {
                cuts.push((i, cut, skip));
            }
        }
        line.split_at(&cuts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::test_ink;

    #[test]
    fn turns_between_digits_and_letters_are_found() {
        assert_eq!(turns("4to"), [(1, 0)]);
        assert_eq!(turns("measures7"), [(8, 0)]);
        assert_eq!(turns("1x"), [(1, 0)]);
        assert_eq!(turns("2.ACUTE"), [(2, 0)]);
        assert_eq!(turns("wearing_2"), [(7, 1)]);
        // Names, flags and misread letters are not looked at.
        for kept in [
            "0.25", "mg.", "13th", "2.OH", "11.6H", "S1", "L4-5", "A1.", "mmo1/L", "x10^9/L", "a.4",
        ] {
            assert!(turns(kept).is_empty(), "{kept}");
        }
    }

    /// A line of three 4-letter words (16 px a letter) and `word` with its
    /// ink as `rects`.
    fn read(word: &str, rects: &[[u32; 4]]) -> Vec<String> {
        let img = test_ink::page(400, 60, rects);
        let right = rects.iter().map(|r| r[0] + r[2]).max().unwrap() as f32;
        let line = OcrLine::of_word_boxes(&[
            ("abcd", [200.0, 10.0, 264.0, 40.0]),
            ("efgh", [270.0, 10.0, 334.0, 40.0]),
            ("ijkl", [340.0, 10.0, 399.0, 40.0]),
            (word, [5.0, 10.0, right + 1.0, 40.0]),
        ]);
        let line = mend_spaces(vec![line], &img).remove(0);
        line.words.into_iter().skip(3).map(|w| w.text).collect()
    }

    #[test]
    fn a_number_and_a_word_with_a_space_of_paper_between_are_two_words() {
        // `4` at 10, then 12 px of paper (0.75 letters), `t` and `o`.
        let four_to = [[10, 12, 12, 24], [34, 12, 10, 24], [48, 18, 12, 18]];
        assert_eq!(read("4to", &four_to), ["4", "to"]);
        // Read with a stop for the space: the stop goes.
        let of_four = [[10, 18, 12, 18], [25, 12, 8, 24], [48, 12, 12, 24]];
        assert_eq!(read("of.4", &of_four), ["of", "4"]);
    }

    #[test]
    fn a_number_and_letters_set_close_stay_one_word() {
        // `5mg`: 3 px between the marks (0.2 letters).
        let five_mg = [[10, 12, 12, 24], [25, 18, 20, 18], [48, 18, 12, 24]];
        assert_eq!(read("5mg", &five_mg), ["5mg"]);
        // A gap far from where the turn is read is not the turn's space.
        let mut marks = vec![[10, 12, 12, 24]];
        marks.extend((0..7).map(|k| [40 + 15 * k, 12, 12, 24]));
        assert_eq!(read("abcdefg7", &marks), ["abcdefg7"]);
    }
}
