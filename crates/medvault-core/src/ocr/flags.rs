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
//!
//! A flag is also lost outright (`HCO3(Std) 23 20 22 23 mmol/L 22.0-30.0`
//! for `20L`). In the corpus's rows with a range not in brackets, none of
//! 2,261 unflagged values is outside the range, so a bare value outside it
//! gets its flag back: only in a row shaped as a cumulative printout (the
//! name, two or more values or `*` all with the same decimals, perhaps a
//! unit, then the range last), which a row whose brackets were lost, with
//! one value, or whose `%` was read as a stray `6` never is. On the
//! corpus's own text the rule changes no line.
//!
//! A range whose points were lost (`40-110` for `4.0-11.0`) would flag
//! every value: a row whose values carry decimals and whose range has none
//! gets no flag back when all its values would get the same one. Of the
//! corpus's rows with a range last, six carry a flag on values with
//! decimals under a range without (`Reduced Hb 7.6H 3.6 1.6 3.6 % 0-5`);
//! in none of them with two values or more are all the values flagged
//! alike.
//!
//! In a row whose range starts below zero (`-3.0/3.0`), a value flagged L
//! but above the range's low end lost its minus (`5.1L` for `-5.1L`): in the
//! corpus every value flagged L is below its range.

use super::ranges::{self, Range};
use super::{OcrLine, OcrWord};

/// A plain number as printed in a lab row (see `ranges::number`).
fn number(s: &str) -> Option<f64> {
    ranges::number(s).map(|(v, _)| v)
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

/// The decimals of a value as printed in a cumulative row: a number,
/// perhaps flagged.
fn decimals_of_value(word: &str) -> Option<usize> {
    ranges::value(word).map(|(_, d)| d.unwrap_or(0))
}

/// `word` with the minus it lost, if it is flagged L but above the low end
/// of a range from below zero, and below it with the minus.
fn lost_minus(word: &str, range: &Range) -> Option<String> {
    let value = number(word.strip_suffix('L')?)?;
    (range.lo < 0.0 && value > range.lo && -value < range.lo).then(|| format!("-{word}"))
}

/// The flags lost from the bare values of a cumulative row ranged `range`
/// (`words`: the name, values or `*`, perhaps a unit, the range last): each
/// value outside the range with its flag.
fn lost_flags(words: &[OcrWord], range: &Range) -> Vec<(usize, String)> {
    let Some(range_at) = words.len().checked_sub(1).filter(|&n| n >= 2) else {
        return Vec::new();
    };
    let Some(first) = (1..range_at).find(|&i| decimals_of_value(&words[i].text).is_some()) else {
        return Vec::new();
    };
    let mut places = Vec::new();
    for (i, w) in words
        .iter()
        .map(|w| &w.text)
        .enumerate()
        .take(range_at)
        .skip(first)
    {
        let unit = i + 1 == range_at && w.contains(|c: char| c.is_alphabetic() || c == '%');
        match decimals_of_value(w) {
            Some(d) => places.push((i, d)),
            None if w == "*" || unit => {}
            None => return Vec::new(),
        }
    }
    let same = places.windows(2).all(|p| p[0].1 == p[1].1);
    if places.len() < 2 || !same || Range::parse(&words[range_at].text).is_none() {
        return Vec::new();
    }
    // Each value's side of the range, flagged or not: `Some(true)` above it.
    let sides: Vec<Option<bool>> = (places.iter())
        .map(|&(i, _)| {
            let (v, _) = ranges::value(&words[i].text)?;
            (v < range.lo || v > range.hi).then_some(v > range.hi)
        })
        .collect();
    let one_side = sides[0].is_some() && sides.iter().all(|s| *s == sides[0]);
    if one_side && places[0].1 > 0 && range.decimals().is_none() {
        return Vec::new();
    }
    // A bare value outside the range gets its side's flag.
    (places.iter().zip(&sides))
        .filter_map(|(&(i, _), side)| {
            number(&words[i].text)?;
            let flag = if (*side)? { 'H' } else { 'L' };
            Some((i, format!("{}{flag}", words[i].text)))
        })
        .collect()
}

/// Gives back their flags to the values of `lines` that are rows with a
/// reference range not in brackets.
pub fn mend_flags(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        if bracketed(line) {
            continue;
        }
        let Some(range) = Range::of_row(line) else {
            continue;
        };
        let decimals = range.decimals();
        line.mend_words(|words, i| {
            let text = &words[i].text;
            flagged(text, (range.lo, range.hi), decimals).or_else(|| lost_minus(text, &range))
        });
        let lost = lost_flags(&line.words, &range);
        line.mend_words(|_, i| lost.iter().find(|(j, _)| *j == i).map(|(_, t)| t.clone()));
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
            mend("HCO3(Std) 18L 201 mmol/L 22.0-30.0"),
            "HCO3(Std) 18L 20L mmol/L 22.0-30.0"
        );
    }

    #[test]
    fn a_flag_lost_from_a_cumulative_row_is_given_back() {
        assert_eq!(
            mend("HCO3(Std) 23 20 22 23 mmol/L 22.0-30.0"),
            "HCO3(Std) 23 20L 22 23 mmol/L 22.0-30.0"
        );
        assert_eq!(
            mend("pH 7.30 7.31L * * 7.35 7.50 7.35-7.45"),
            "pH 7.30L 7.31L * * 7.35 7.50H 7.35-7.45"
        );
        assert_eq!(
            mend("Base Excess 6.4L 5.1L -4.8L 2.5L 1.1 mmol/L -3.0/3.0"),
            "Base Excess -6.4L -5.1L -4.8L 2.5L 1.1 mmol/L -3.0/3.0"
        );
        assert_eq!(mend("Glucose 1.6L 3.6-7.7"), "Glucose 1.6L 3.6-7.7");
        assert_eq!(
            mend("Base Excess -7.3 -2.1 mmol/L -3.0/3.0"),
            "Base Excess -7.3L -2.1 mmol/L -3.0/3.0"
        );
        for kept in [
            // One value: perhaps a bracketed row whose brackets were lost.
            "Albumin 22 g/L 35-50",
            // Values of mixed decimals: a `%` read as a six.
            "RDW 12.6 12.4 13.0 6 11.0-15.0",
            // Words other than values, `*` and a unit before the range.
            "For 3 to 40 days 3-4",
            "Glucose 5.6 12.0 mmol/L fasting 3.6-7.7",
            // The range is not last.
            "Sodium 130 132 135-145 mmol/L",
            // A range that lost its points would flag every value alike.
            "WCC 4.9 4.7 4.2 3.7L 5.9 x10^9/L 40-110",
        ] {
            assert_eq!(mend(kept), kept);
        }
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
