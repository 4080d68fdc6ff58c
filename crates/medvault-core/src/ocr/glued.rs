//! An article or the pronoun I read glued to the word before it: the
//! recognizer often leaves out the narrow space before a one-letter word
//! (`witha mass`, `isa`, `thoughI`). A word is split when it is one of
//! one of the corpus's common words followed by `a`, or a word in lower case
//! followed by `I`. The common word's spelling with an `a` after it must be
//! no word, in the corpus or in an English word list (`area`, `pasta` and
//! `fora` are words, so `are`, `past` and `for` take no glued article); see
//! `lexicon`. On 96 rendered scan pages the rule split 8 words, each rightly.
//!
//! The space between a word and a number read as an apostrophe (`of'22`,
//! `a'17-year-old`) is a space again: the corpus never has a letter, an
//! apostrophe and a digit in a row, and on 240 rendered scan pages (seeds
//! 1-10) each of the 4 such words read was two words.

//!
//! The article `a` read glued to a number (`a1 on a scale`, `a2-1/4 x`) is
//! a word again: the corpus has no word that opens with `a` and a digit.

use super::{lexicon, OcrLine};

/// Where the one-letter word glued to `text` begins, if one is.
fn glued_at(text: &str) -> Option<usize> {
    let core = text.trim_end_matches([',', '.', ';', ':']);
    let stem = core.strip_suffix(['a', 'I'])?;
    let lower = stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_lowercase());
    let fits = lower && (core.ends_with('I') || lexicon::takes_glued_article(stem));
    fits.then_some(stem.len())
}

/// Where the apostrophe read for the space between a word and a number
/// in `text` is (`of'22`).
fn apostrophe_at(text: &str) -> Option<usize> {
    let (word, number) = text.split_once('\'')?;
    let fits = !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphabetic())
        && number.starts_with(|c: char| c.is_ascii_digit());
    fits.then_some(word.len())
}

/// Where the article glued before the number `text` ends (`a1`, not the
/// `a1c` of haemoglobin A1c: no letter right after the digits).
fn article_at(text: &str) -> Option<usize> {
    let number = text.strip_prefix('a')?;
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    let letter = number[digits..].starts_with(|c: char| c.is_ascii_alphabetic());
    (digits > 0 && !letter).then_some(1)
}

/// Splits the glued words of `lines` in two.
pub fn mend_glued(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.split_words(|text| {
            (glued_at(text)
                .or_else(|| article_at(text))
                .map(|cut| (cut, 0)))
            .or_else(|| apostrophe_at(text).map(|cut| (cut, 1)))
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_glued)
    }

    #[test]
    fn a_glued_article_or_i_is_a_word_again() {
        assert_eq!(
            mend("showeda mass witha, isa thoughI froma."),
            "showed a mass with a, is a though I from a."
        );
        let line = &mend_glued(vec![OcrLine::of_word_boxes(&[(
            "isa",
            [0.0, 0.0, 30.0, 10.0],
        )])])[0];
        let boxes: Vec<[f32; 4]> = line.words.iter().map(|w| w.bbox).collect();
        assert_eq!(boxes, [[0.0, 0.0, 20.0, 10.0], [20.0, 0.0, 30.0, 10.0]]);
    }

    #[test]
    fn an_apostrophe_read_for_a_space_before_a_number_is_a_space() {
        assert_eq!(
            mend("GFR of'22. This is a'17-year-old"),
            "GFR of 22. This is a 17-year-old"
        );
        // An apostrophe among letters, or before a number with no word
        // before it, stays.
        let kept = "patient's '4 lymph nodes' Transf'n 5'4\" O'Brien";
        assert_eq!(mend(kept), kept);
    }

    #[test]
    fn an_article_glued_to_a_number_is_a_word_again() {
        assert_eq!(
            mend("pain is a1 on a scale, a2-1/4 x 2 inch, a17-year-old"),
            "pain is a 1 on a scale, a 2-1/4 x 2 inch, a 17-year-old"
        );
        let kept = "A1c a a1c? ab1 HbA1c a12b";
        assert_eq!(mend(kept), kept);
    }

    #[test]
    fn words_that_end_in_a_or_i_are_left_alone() {
        for kept in [
            "area pasta fora edema hernia data Paula Ina",
            "CPKI typeII a I ia WBCa",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
