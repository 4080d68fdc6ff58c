//! Words the recognizer was unsure of, read again on their own from a finer
//! image of the page.
//!
//! Lines are read from the page scaled to `WORKING_LONG_SIDE`, where the
//! detector does best; a word read with a confidence under `UNSURE` (one of
//! its characters had a probability below it) is cut out of the page scaled
//! to `REREAD_LONG_SIDE`, out to the ink around its box, and read alone. The
//! second reading replaces the first when it is surer, is one word, and has
//! as many characters: a crop that cut a letter off or took in a neighbour's
//! reads shorter or longer, while the misreadings it mends keep their length
//! (`1.321` → `7.32L`, `$` → `%`, `201` → `20L`, `B0L` → `80L`). Alone, a
//! word has no line's letter height to tell `c` from `C` by, so the case of
//! such letters is kept from the first reading. The text rules run on the
//! result.
//!
//! Measured on scan pages of `make_pages.py` (24 a seed), `medvault ocr
//! --threads 1` scored by `ocr_score.py`, against the same build without
//! re-reading. Words under `UNSURE` are 5% of words and 4% of the lines'
//! width (seeds 1–4), and confidence picks the doubtful ones: 86% of words
//! at 0.5–0.8 are right, 99.7% of those at 0.99 or more.
//! - seeds 1–4 (tuned on): word error rate 0.0376 → 0.0353, digit-word
//!   recall 0.9761 → 0.9818;
//! - seeds 21–24 (unseen when first measured; the case rule came from their
//!   losses): 0.0424 → 0.0382 and 0.9537 → 0.9695;
//! - seeds 25–28 (never looked at): 0.0330 → 0.0302 and 0.9721 → 0.9763,
//!   106 words more right and 20 less (digit words 12 and 3).
//!
//! It costs CPU: `medvault bench ocr --threads 1 --no-tesseract` on the 24
//! pages of seed 1 took 3.96 CPU s/page without it and 4.28 with it.
//!
//! Reading whole lines from the finer image instead mended letters but lost
//! as many digit words as it won; without the length check, crops that cut a
//! letter off or took in a neighbour's lost 9 digit words on seeds 1–4
//! (`Z763793` → `763793`).

use image::GrayImage;

use super::marks::{to_pixel, INK};
use super::OcrLine;

/// Words read with a confidence below this are read again.
pub const UNSURE: f32 = 0.8;

/// The long side, in pixels, of the page a word is read again from.
pub const REREAD_LONG_SIDE: u32 = 2000;

/// How far past its box (a share of its height) a word's ink is followed.
const REACH: f32 = 0.5;

/// A blank run this wide (a share of the height) ends a word's ink: spaces
/// between words are wider, gaps between letters narrower.
const SPACE: f32 = 0.12;

/// Blank paper left around the ink (a share of the height) in the crop.
const PAD: f32 = 0.1;

/// A word to read again: its line, its index there, and the box to read
/// (page pixels, `[left, top, right, bottom]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Unsure {
    pub line: usize,
    pub word: usize,
    pub bbox: [f32; 4],
}

/// The words of `lines` read with a confidence under `UNSURE`, each with the
/// box its ink on `page` fills.
pub fn unsure_words(lines: &[OcrLine], page: &GrayImage) -> Vec<Unsure> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        for (wi, w) in line.words.iter().enumerate() {
            if w.confidence >= UNSURE {
                continue;
            }
            let [x0, y0, x1, y1] = w.bbox;
            let h = y1 - y0;
            let (left, right) = ink_span(page, w.bbox);
            out.push(Unsure {
                line: li,
                word: wi,
                bbox: [
                    (left.min(x0) - PAD * h).max(0.0),
                    y0,
                    right.max(x1) + PAD * h,
                    y1,
                ],
            });
        }
    }
    out
}

/// Puts each second reading (`(text, confidence)`, in the order of
/// `unsure`) in place of the first where it is surer, one word, and as long.
pub fn take_rereads(
    mut lines: Vec<OcrLine>,
    unsure: &[Unsure],
    read: &[(String, f32)],
) -> Vec<OcrLine> {
    let mut changed = vec![false; lines.len()];
    for (u, (text, confidence)) in unsure.iter().zip(read) {
        let text = text.trim();
        let word = &mut lines[u.line].words[u.word];
        if *confidence > word.confidence
            && !text.is_empty()
            && !text.contains(' ')
            && text.chars().count() == word.text.chars().count()
        {
            word.text = keep_case(&word.text, text);
            word.confidence = *confidence;
            changed[u.line] = true;
        }
    }
    for (line, changed) in lines.iter_mut().zip(changed) {
        if changed {
            line.retext();
        }
    }
    lines
}

/// Letters whose capital is their small letter drawn larger.
const SAME_SHAPE: &str = "cosvwxz";

/// `second`, with the case of `first` (as long) kept where the two read the
/// same letter of `SAME_SHAPE`, in a word with a digit: alone, such a word
/// has no small letters' height to tell `c` from `C` by (`10.8mCi` was read
/// again `10.8mci`, `x10` `X10`, `S1,` `s1,`). In words of letters the
/// second reading's case is the better one (`xyz` → `XYZ`; keeping the
/// first's there lost 36 words and won 13 on seeds 21–24).
fn keep_case(first: &str, second: &str) -> String {
    if !first.chars().any(|c| c.is_ascii_digit()) {
        return second.to_string();
    }
    first
        .chars()
        .zip(second.chars())
        .map(|(a, b)| {
            let alike = a != b && a.eq_ignore_ascii_case(&b);
            if alike && SAME_SHAPE.contains(a.to_ascii_lowercase()) {
                a
            } else {
                b
            }
        })
        .collect()
}

/// The columns the ink of the word in `bbox` spans: from the box's edges
/// out to the last ink before a blank run as wide as a space, at most
/// `REACH` of the height out. Ink is looked for in the box's rows less a
/// tenth at top and bottom (where the lines above and below may reach).
fn ink_span(page: &GrayImage, bbox: [f32; 4]) -> (f32, f32) {
    let (pw, ph) = page.dimensions();
    let [x0, y0, x1, y1] = bbox;
    let h = y1 - y0;
    let (top, bottom) = (to_pixel(y0 + 0.1 * h, ph), to_pixel(y1 - 0.1 * h, ph));
    let space = ((SPACE * h) as i64).max(2);
    let reach = (REACH * h) as i64;
    let inked = |x: i64| {
        x >= 0
            && x < i64::from(pw)
            && (top..=bottom).any(|y| page.get_pixel(x as u32, y).0[0] < INK)
    };
    let follow = |from: i64, step: i64| {
        let (mut last, mut x, mut blank) = (from, from, 0);
        while blank < space && (x - from).abs() < reach {
            x += step;
            if inked(x) {
                last = x;
                blank = 0;
            } else {
                blank += 1;
            }
        }
        last as f32
    };
    (follow(x0 as i64, -1), follow(x1 as i64, 1))
}

#[cfg(test)]
mod tests {
    use super::super::test_ink::page;
    use super::super::OcrWord;
    use super::*;

    fn line(words: &[(&str, [f32; 4], f32)]) -> OcrLine {
        let mut l = OcrLine {
            text: String::new(),
            bbox: [0.0; 4],
            words: words
                .iter()
                .map(|&(text, bbox, confidence)| OcrWord {
                    text: text.into(),
                    bbox,
                    confidence,
                })
                .collect(),
        };
        l.retext();
        l
    }

    #[test]
    fn only_unsure_words_are_read_again_and_their_box_takes_in_their_ink() {
        // A word whose ink starts 8 px left of its box and ends 6 px right
        // of it (letters 4 px apart); the next word 20 px on.
        let img = page(
            300,
            100,
            &[
                [22, 30, 10, 30],
                [36, 30, 10, 30],
                [50, 30, 10, 30],
                [80, 30, 10, 30],
            ],
        );
        let lines = vec![line(&[
            ("ab", [30.0, 25.0, 54.0, 65.0], 0.5),
            ("c", [80.0, 25.0, 90.0, 65.0], 0.95),
        ])];
        let unsure = unsure_words(&lines, &img);
        assert_eq!(unsure.len(), 1);
        let Unsure { line, word, bbox } = unsure[0].clone();
        assert_eq!((line, word), (0, 0));
        // Ink 22..=59, padded by a tenth of the 40 px height.
        assert_eq!(bbox, [18.0, 25.0, 63.0, 65.0]);
    }

    #[test]
    fn a_words_ink_stops_at_a_space_and_at_the_reach() {
        // Ink 20 px left of the box, past a 12 px blank (a space at this
        // height): not the word's.
        let img = page(300, 100, &[[10, 30, 10, 30], [52, 30, 30, 30]]);
        let (left, right) = ink_span(&img, [32.0, 25.0, 60.0, 65.0]);
        assert_eq!(left, 32.0);
        // Ink running on reaches only half the height (20 px) past the box.
        assert_eq!(right, 80.0);
    }

    #[test]
    fn a_second_reading_replaces_the_first_only_when_surer_one_word_and_as_long() {
        let lines = vec![line(&[
            ("1.321", [0.0; 4], 0.55),
            ("$", [0.0; 4], 0.45),
            ("Z763793", [0.0; 4], 0.6),
            ("B0L", [0.0; 4], 0.6),
            ("q.6", [0.0; 4], 0.7),
        ])];
        let unsure: Vec<Unsure> = (0..5)
            .map(|word| Unsure {
                line: 0,
                word,
                bbox: [0.0; 4],
            })
            .collect();
        let read = [
            ("7.32L".to_string(), 0.99),
            (" % ".to_string(), 0.8),
            ("763793".to_string(), 0.9),
            ("8 0L".to_string(), 0.9),
            ("9.6".to_string(), 0.5),
        ];
        let lines = take_rereads(lines, &unsure, &read);
        assert_eq!(lines[0].text, "7.32L % Z763793 B0L q.6");
        assert_eq!(lines[0].words[0].confidence, 0.99);
        assert_eq!(lines[0].words[2].confidence, 0.6);
    }

    #[test]
    fn a_second_reading_keeps_the_case_of_letters_drawn_alike_in_both_cases() {
        assert_eq!(keep_case("10.8mCi", "10.8mci"), "10.8mCi");
        assert_eq!(keep_case("HCO3(Std)", "Hco3(std)"), "HCO3(Std)");
        assert_eq!(keep_case("x10", "X10"), "x10");
        // Other letters' case is the second reading's, as is every other
        // change, and so is the case of words without a digit.
        assert_eq!(keep_case("2.5mmol/l", "2.5mmol/L"), "2.5mmol/L");
        assert_eq!(keep_case("DH7", "pH7"), "pH7");
        assert_eq!(keep_case("Cl2", "cI2"), "CI2");
        assert_eq!(keep_case("xyz", "XYZ"), "XYZ");
    }
}
