//! Dates read with a look-alike letter for a digit (`og/18/1997` for
//! `09/18/1997`: o, O and D as 0, l and I as 1, S as 5, g as 9) or split by
//! a space inside a number (`06/1 1/2008`). The labelled corpus has no word
//! shaped as a date (one or two, one or two, then two or four characters,
//! joined by slashes) holding a letter, and no date split so.

use super::numbers::{all_digits, CLOSING};
use super::OcrLine;

/// The digit a look-alike letter stands for in a date.
fn digit_for(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        'o' | 'O' | 'D' => Some('0'),
        'l' | 'I' => Some('1'),
        'S' => Some('5'),
        'g' => Some('9'),
        _ => None,
    }
}

/// Whether `parts` are a date's: month or day of one or two digits twice,
/// then a year of two or four.
fn date_shaped(parts: &[&str]) -> bool {
    matches!(parts, [a, b, y] if (1..=2).contains(&a.len())
        && (1..=2).contains(&b.len())
        && matches!(y.len(), 2 | 4))
}

/// `text` with the look-alike letters of a date made digits: at most two
/// letters, among at least four digits.
fn date_with_letters(text: &str) -> Option<String> {
    let core = text.trim_end_matches(CLOSING);
    let parts: Vec<&str> = core.split('/').collect();
    if !date_shaped(&parts) {
        return None;
    }
    let mended: String = core
        .chars()
        .map(|c| if c == '/' { Some(c) } else { digit_for(c) })
        .collect::<Option<_>>()?;
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let digits = core.chars().filter(char::is_ascii_digit).count();
    ((1..=2).contains(&letters) && digits >= 4).then(|| format!("{mended}{}", &text[core.len()..]))
}

/// Whether `head` and `tail` are one date split by a space (`06/1` and
/// `1/2008`), its year of four digits (`2/6 3/10` are two fractions).
fn split_date(head: &str, tail: &str) -> bool {
    let joined = format!("{head}{tail}");
    let core = joined.trim_end_matches(CLOSING);
    let parts: Vec<&str> = core.split('/').collect();
    let digits = parts.iter().all(|p| all_digits(p));
    let year = parts.last().is_some_and(|y| y.len() == 4);
    date_shaped(&parts)
        && digits
        && year
        && head.matches('/').count() == 1
        && !head.ends_with('/')
        && !tail.starts_with('/')
}

/// Mends the dates of `lines`.
pub fn mend_dates(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.join_words(split_date);
        line.mend_words(|words, i| date_with_letters(&words[i].text));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_dates)
    }

    #[test]
    fn a_date_read_with_a_letter_or_split_is_mended() {
        assert_eq!(
            mend("saw him on og/18/1997 and 06/1 1/2008, O6/l9/07."),
            "saw him on 09/18/1997 and 06/11/2008, 06/19/07."
        );
    }

    #[test]
    fn other_words_are_left_alone() {
        for kept in [
            "09/18/1997 O2/CO2 g/dL S/P Sl/lS/gg 5/5 3/4 1 1/2 2/6 3/10 06/1 1/2",
            "lo/og/1997 a/b/cd 1/2/3/4 C5/6 06/ 11/2008 06/1 /2008",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
