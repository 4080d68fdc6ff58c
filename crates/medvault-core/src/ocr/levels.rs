//! Spine levels read with one letter in lower case: `C6-c7`, `c4-C5`,
//! `L4-l5`. The corpus writes 523 pairs of levels joined by a hyphen with
//! both letters capital and one with a lower-case letter (`L4-l5`, as
//! typed); on the scan pages of 16 seeds the recognizer gave 5 pairs with
//! one letter in lower case, none of them so in the truth. A pair of levels
//! (C, T, L or S and one or two digits) with one letter capital and the
//! other not is written with both capital.

use super::OcrLine;

/// Sets both letters of each mixed-case pair of spine levels in capitals.
pub fn mend_levels(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.mend_words(|words, i| capital_levels(&words[i].text));
    }
    lines
}

/// `C6-c7,` → `C6-C7,`; none when `text` is no mixed-case pair of levels.
fn capital_levels(text: &str) -> Option<String> {
    let core = text.trim_end_matches(['.', ',', ';', ':', ')']);
    let (a, b) = core.split_once('-')?;
    let level = |s: &str| {
        let mut c = s.chars();
        let letter = c.next().filter(|l| "CTLSctls".contains(*l))?;
        let digits = c.as_str();
        ((1..=2).contains(&digits.len()) && digits.bytes().all(|d| d.is_ascii_digit()))
            .then_some(letter)
    };
    let (la, lb) = (level(a)?, level(b)?);
    if la.is_uppercase() == lb.is_uppercase() {
        return None;
    }
    Some(format!(
        "{}-{}{}",
        a.to_ascii_uppercase(),
        b.to_ascii_uppercase(),
        &text[core.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_of_levels_with_one_letter_in_lower_case_is_capital() {
        assert_eq!(capital_levels("C6-c7.").as_deref(), Some("C6-C7."));
        assert_eq!(capital_levels("c4-C5,").as_deref(), Some("C4-C5,"));
        assert_eq!(capital_levels("L5-s1").as_deref(), Some("L5-S1"));
        let line = OcrLine::of_word_boxes(&[
            ("at", [0.0, 0.0, 20.0, 10.0]),
            ("L4-l5", [25.0, 0.0, 70.0, 10.0]),
        ]);
        assert_eq!(mend_levels(vec![line])[0].text, "at L4-L5");
    }

    #[test]
    fn other_words_are_left() {
        for w in [
            "C5-C6",
            "t-test",
            "l1-l2",
            "x-ray",
            "C5-6",
            "S123-s4",
            "c-section",
            "L4-l5x",
        ] {
            assert_eq!(capital_levels(w), None, "{w}");
        }
    }
}
