//! A lab row's reference range as printed: `135-145`, `3.80-5.10`, in
//! brackets (`(22.0-30.0)`), open below (`<5-10`), or from below zero with a
//! slash between its ends (`-3.0/3.0`). The one reading of a range for every
//! rule that judges a row's values against it.

use super::numbers::{all_digits, CLOSING};
use super::OcrLine;

/// A reference range: its ends, and how many decimals each is printed with
/// (none without a point).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Range {
    pub lo: f64,
    pub hi: f64,
    lo_decimals: Option<usize>,
    hi_decimals: Option<usize>,
}

/// A plain number as printed in a lab row or at a range's end: perhaps a
/// minus, digits, perhaps a point and digits; its value and its decimals
/// (none without a point).
pub(super) fn number(text: &str) -> Option<(f64, Option<usize>)> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let fits = all_digits(int) && frac.is_none_or(all_digits);
    fits.then(|| Some((text.parse().ok()?, frac.map(str::len))))?
}

/// A lab value as printed: a plain number (see [`number`]), perhaps flagged
/// H or L; its value and its decimals.
pub(super) fn value(word: &str) -> Option<(f64, Option<usize>)> {
    number(word.strip_suffix(['H', 'L']).unwrap_or(word))
}

impl Range {
    /// The range the word `text` is, if it is one whose low end is not
    /// above its high end.
    pub fn parse(text: &str) -> Option<Range> {
        let core = (text.trim_start_matches(['(', '<', '>'])).trim_end_matches(CLOSING);
        let (lo, hi) = match core.strip_prefix('-') {
            Some(rest) => {
                let at = rest.find(['-', '/'])? + 1;
                (&core[..at], &core[at + 1..])
            }
            None => core.split_once('-')?,
        };
        let ((lo, lo_decimals), (hi, hi_decimals)) = (number(lo)?, number(hi)?);
        (lo <= hi).then_some(Range {
            lo,
            hi,
            lo_decimals,
            hi_decimals,
        })
    }

    /// The row's one range, if it has exactly one.
    pub fn of_row(line: &OcrLine) -> Option<Range> {
        let mut ranges = line.words.iter().filter_map(|w| Range::parse(&w.text));
        let range = ranges.next()?;
        ranges.next().is_none().then_some(range)
    }

    /// How many decimals both ends have, if both have a point and they agree.
    pub fn decimals(&self) -> Option<usize> {
        (self.lo_decimals == self.hi_decimals)
            .then_some(self.lo_decimals)
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_in_every_form_a_lab_row_prints() {
        let r = |t: &str| Range::parse(t).map(|r| (r.lo, r.hi, r.decimals()));
        assert_eq!(r("135-145"), Some((135.0, 145.0, None)));
        assert_eq!(r("3.80-5.10"), Some((3.8, 5.1, Some(2))));
        assert_eq!(r("(22.0-30.0),"), Some((22.0, 30.0, Some(1))));
        assert_eq!(r("<5-10"), Some((5.0, 10.0, None)));
        assert_eq!(r("-3.0/3.0"), Some((-3.0, 3.0, Some(1))));
        assert_eq!(r("-5--2"), Some((-5.0, -2.0, None)));
        assert_eq!(r("0.5-2"), Some((0.5, 2.0, None)));
    }

    #[test]
    fn other_words_are_no_range() {
        for text in [
            "5-3",
            "3/4",
            "a-b",
            "1-3/4",
            "10-",
            "-3",
            "x10^9/L",
            "3.5.5.5",
            "17-year-old",
        ] {
            assert_eq!(Range::parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_row_has_a_range_only_if_it_has_one() {
        let row = |t: &str| Range::of_row(&OcrLine::of_words(t)).map(|r| (r.lo, r.hi));
        assert_eq!(row("Sodium 135 134L mmol/L 135-145"), Some((135.0, 145.0)));
        assert_eq!(row("Sodium 135-145 and 3.5-5.5"), None);
        assert_eq!(row("Sodium 135 mmol/L"), None);
    }
}
