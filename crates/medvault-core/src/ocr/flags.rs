//! Lab flags read as the digit one: in a cumulative lab printout the H or L
//! flag is printed against its value (`134L`, `112H`), and the recognizer
//! often reads it as `1` (`1341`, `1121`), a wrong value that looks right.
//! Such a reading is outside the range printed at the end of its row while
//! the value without its last digit is outside it too, on one side: below
//! the range it was an L, above it an H. Checked against the labelled
//! corpus: in its 1,013 rows with a range not in brackets (`135-145`; rows
//! with the range in brackets print the flag in a column of its own), 1,061
//! values carry a flag and no unflagged value ending in 1 would be changed.
//! An L is read as a `4` too (`7.314`, `3.764`); that is taken for a flag
//! only where the value has one decimal more than the row's range, which no
//! value of the corpus has.

use super::points::range_decimals;
use super::OcrLine;

/// A plain number as printed in a lab row: optional minus, digits, optional
/// decimals.
fn number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (plain(int) && plain(frac)).then(|| s.parse().ok())?
}

/// The reference range of a row: its one word of the form `low-high`, or
/// `low/high` for a range from below zero (`-3.0/3.0`).
fn range(line: &OcrLine) -> Option<(f64, f64)> {
    let mut ranges = line.words.iter().filter_map(|w| {
        let negative = w.text.starts_with('-');
        let (lo, hi) = w
            .text
            .get(1..)?
            .split_once(|c| c == '-' || (negative && c == '/'))?;
        let lo = format!("{}{lo}", &w.text[..1]);
        Some((number(&lo)?, number(hi)?))
    });
    let (lo, hi) = ranges.next()?;
    (ranges.next().is_none() && lo <= hi).then_some((lo, hi))
}

/// Whether a bracket follows the row's first value: the range is in
/// brackets, and such rows print their flags in a column of their own (a
/// bracket in the analyte's name, `HCO3(Std)`, says nothing).
fn bracketed(line: &OcrLine) -> bool {
    line.words
        .iter()
        .skip_while(|w| number(w.text.trim_end_matches(['L', 'H'])).is_none())
        .any(|w| w.text.contains(['(', ')']))
}

/// The flagged value `word` was read from, if it is a flag read as a one,
/// or as a four where that leaves the value one decimal too many for the
/// row's range of `decimals` decimals (`7.314` in a row ranged `7.35-7.45`).
fn flagged(word: &str, (lo, hi): (f64, f64), decimals: Option<usize>) -> Option<String> {
    let four = word.strip_suffix('4').filter(|stem| {
        let places = stem.split_once('.').map(|(_, f)| f.len());
        decimals.is_some_and(|d| d > 0 && places == Some(d))
    });
    let stem = word.strip_suffix('1').or(four)?;
    let read = number(word)?;
    let value = number(stem)?;
    if (lo..=hi).contains(&read) {
        return None;
    }
    let flag = if value < lo {
        'L'
    } else if value > hi {
        'H'
    } else {
        return None;
    };
    Some(format!("{stem}{flag}"))
}

/// Gives back their flags to the values of `lines` that are rows with a
/// reference range not in brackets.
pub fn mend_flags(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        if bracketed(line) {
            continue;
        }
        let Some(range) = range(line) else { continue };
        let decimals = range_decimals(line);
        line.mend_words(|words, i| flagged(&words[i].text, range, decimals));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_flags)
    }

    #[test]
    fn a_flag_read_as_one_is_a_flag_again() {
        assert_eq!(
            mend("Sodium 135 1341 135 137 mmol/L 135-145"),
            "Sodium 135 134L 135 137 mmol/L 135-145"
        );
        assert_eq!(
            mend("pO2 1291 1121 95 81 mmHg 75-100"),
            "pO2 129H 112H 95 81 mmHg 75-100"
        );
        assert_eq!(
            mend("pCO2 35 341 33L mmHg 35-45"),
            "pCO2 35 34L 33L mmHg 35-45"
        );
        assert_eq!(mend("pH 7.321 7.37 7.35-7.45"), "pH 7.32L 7.37 7.35-7.45");
        assert_eq!(mend("pH 7.314 7.37 7.35-7.45"), "pH 7.31L 7.37 7.35-7.45");
        assert_eq!(
            mend("RCC 3.97 3.764 x10^12/L 3.80-5.10"),
            "RCC 3.97 3.76L x10^12/L 3.80-5.10"
        );
        assert_eq!(
            mend("Base -7.31 mmol/L -3.0/3.0"),
            "Base -7.3L mmol/L -3.0/3.0"
        );
        assert_eq!(
            mend("HCO3(Std) 18 201 mmol/L 22.0-30.0"),
            "HCO3(Std) 18 20L mmol/L 22.0-30.0"
        );
    }

    #[test]
    fn values_that_may_be_true_are_left_alone() {
        // A four ends a value with the range's own decimals, or a whole one.
        for kept in [
            "pH 7.34 7.35-7.45",
            "Sodium 1344 mmol/L 135-145",
            "Hb 7.54 7.35-7.45",
        ] {
            assert_eq!(mend(kept), kept);
        }
        for kept in [
            // In range as read.
            "pO2 81 91 mmHg 75-100",
            // Its stem is in range: a true value out of range, or another slip.
            "Sodium 1401 135-145",
            // The range is in brackets: such rows print the flag apart.
            "Creatinine 161 umol/L ( 64-104 )",
            "Creatinine 161 umol/L (64-104)",
            // A slash makes a range only from below zero: 3.0/7.1 may be a ratio.
            "Ratio 41 3.0/7.1",
            // No range, or two: no telling which belongs to the value.
            "Sodium 1341 mmol/L",
            "A 1341 135-145 1-2",
            // Not plain numbers.
            "Ward 31A 1.1.1 x1 135-145",
            "Dates 05/04/11 135-145",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
