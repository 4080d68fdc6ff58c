//! A value in a lab row read without its decimal point: the recognizer
//! drops a point now and then (`416` for `4.16`, `125H` for `12.5H`), and
//! the value is a hundred or ten times too large, which looks like a real
//! result. A row whose range and other values all carry the same number of
//! decimals shows what the value should look like: a whole number with more
//! digits than that gets its point where it brings the value nearer the
//! row's other values. Checked against the labelled corpus: of its 854 lab
//! rows whose range has decimals, two hold a whole number among values that
//! otherwise all carry the range's decimals (`HCO3(Std) 26.0 27`), and both
//! are left alone, as the point would take them away from their
//! neighbours.
//!
//! A row's only value, a whole number with more digits than the range has
//! decimals, gets its point where that brings it from outside the range
//! into it (`Potassium 41 mmol/L ( 3.5-5.5 )`): of the corpus's 854 such
//! rows, none holds a whole number outside the range that its point would
//! bring into it.
//!
//! A faint point is also lost between two words: the value is read as two
//! numbers (`88 7`, `30. 5`, `0 5L`, `103 .OH`, `1 OL`), their halves 0.8 to
//! 1.2 letters apart where the row's columns stand about five apart. In a
//! row whose range has decimals, a whole number followed, closer than
//! `SPLIT_MAX_GAP`, by as many digits as the range has decimals (a zero may
//! be read `O`), perhaps with a flag, is one value. The corpus's lab rows
//! whose range has decimals never hold a whole number followed by such
//! digits.
//!
//! A point is also read as a colon (`3:62L`, `7:32L`, `0:0`): in a row whose
//! range has decimals, digits, a colon and as many digits as the range has
//! decimals are a value. None of the corpus's 861 lines with a decimal range
//! holds a colon between digits (a time is never on a lab row).
//!
//! The range's own point can be read as a colon too (`( 2.5-8:3 )`,
//! `0.35-0:45`), and the row then has no range to go by. A row without a
//! range whose one word with a single colon reads, with a point for it, as
//! a range whose ends both carry the same decimals, gets that point back.
//! A time range has a colon at both ends (`4:00-6:30`) and stays.

use super::numbers::all_digits;
use super::ranges::{self, Range};
use super::OcrLine;

/// A lab value not below zero: digits, perhaps a point and digits, perhaps
/// an H or L flag. Its number and how many decimals it has (none without a
/// point).
fn value(text: &str) -> Option<(f64, Option<usize>)> {
    ranges::value(text).filter(|_| !text.starts_with('-'))
}

/// The row's one range (`3.80-5.10`, `( 22.0-30.0 )`): its low and high
/// ends and the decimals they both have, if it has one and they agree.
fn range(line: &OcrLine) -> Option<(f64, f64, usize)> {
    let range = Range::of_row(line)?;
    Some((range.lo, range.hi, range.decimals()?))
}

/// The widest gap, in letters, between the halves of a value split at its
/// point.
const SPLIT_MAX_GAP: f32 = 1.6;

/// `text` as the `k` decimals of a lab value, perhaps after its point and
/// before a flag, with a zero read `O` made the digit (`5L`; `.OH` is `0H`).
fn decimals_of(text: &str, k: usize) -> Option<String> {
    let text = text.strip_prefix('.').unwrap_or(text);
    let digits = text.strip_suffix(['H', 'L']).unwrap_or(text);
    let fits = digits.len() == k && digits.bytes().all(|b| b.is_ascii_digit() || b == b'O');
    fits.then(|| text.replace('O', "0"))
}

/// `text` with its point read as a colon put back: digits, a colon, `k`
/// digits, perhaps a flag (`3:62L` is `3.62L` when `k` is 2).
fn colon_point(text: &str, k: usize) -> Option<String> {
    let (int, frac) = text.split_once(':')?;
    let digits = frac.strip_suffix(['H', 'L']).unwrap_or(frac);
    (all_digits(int) && all_digits(digits) && digits.len() == k).then(|| format!("{int}.{frac}"))
}

/// `text` as a range with decimals whose point was read as its one colon
/// (`2.5-8:3` is `2.5-8.3`).
fn colon_range(text: &str) -> Option<String> {
    if text.matches(':').count() != 1 {
        return None;
    }
    let mended = text.replace(':', ".");
    let decimals = Range::parse(&mended)?.decimals()?;
    (decimals > 0).then_some(mended)
}

/// Gives `line` back its range when the range's point was read as a colon
/// and it is the only word that could be one.
fn mend_colon_range(line: &mut OcrLine) {
    if Range::of_row(line).is_some() {
        return;
    }
    let mended: Vec<(usize, String)> = (line.words.iter().enumerate())
        .filter_map(|(i, w)| colon_range(&w.text).map(|t| (i, t)))
        .collect();
    if let [(i, ref text)] = mended[..] {
        line.mend_words(|_, j| (j == i).then(|| text.clone()));
    }
}

/// Joins each value of `line` (a lab row whose range has `k` decimals)
/// split at its point: a whole number, then `k` digits closer than
/// `SPLIT_MAX_GAP` (`88 7` is `88.7`).
fn join_split_values(line: &mut OcrLine, k: usize) {
    let Some(letter) = line.letter_width() else {
        return;
    };
    let mut changed = false;
    // From the first value: the row's name is never half of one.
    let mut i = 1;
    while i + 1 < line.words.len() {
        let (a, b) = (&line.words[i], &line.words[i + 1]);
        let int = a.text.strip_suffix('.').unwrap_or(&a.text);
        let close = b.bbox[0] - a.bbox[2] < SPLIT_MAX_GAP * letter;
        let joined = (decimals_of(&b.text, k))
            .filter(|_| close && all_digits(int))
            .map(|fraction| format!("{int}.{fraction}"));
        if let Some(text) = joined {
            line.join(i, text);
            changed = true;
        }
        i += 1;
    }
    if changed {
        line.retext();
    }
}

/// The value `text` (a whole number) with its point put back `k` digits
/// from its end, if that brings it nearer `typical`.
fn with_point(text: &str, k: usize, typical: f64) -> Option<String> {
    let (read, _) = value(text)?;
    let flag = text.len() - text.trim_end_matches(['H', 'L']).len();
    let digits = &text[..text.len() - flag];
    if digits.len() <= k || typical <= 0.0 || read <= 0.0 {
        return None;
    }
    let mended = read / 10f64.powi(k as i32);
    let off = |v: f64| (v / typical).ln().abs();
    let at = digits.len() - k;
    (off(mended) < off(read)).then(|| {
        format!(
            "{}.{}{}",
            &digits[..at],
            &digits[at..],
            &text[digits.len()..]
        )
    })
}

/// The row's only value `text`, a whole number without a flag, with its
/// point put back `k` digits from its end, if that brings it from outside
/// the range `lo`-`hi` into it (`Potassium 41 mmol/L 3.5-5.5`).
fn lone_with_point(text: &str, lo: f64, hi: f64, k: usize) -> Option<String> {
    let (read, _) = value(text).filter(|_| text.bytes().all(|b| b.is_ascii_digit()))?;
    let inside = |v: f64| (lo..=hi).contains(&v);
    let mended = with_point(text, k, (lo + hi) / 2.0)?;
    (!inside(read) && inside(read / 10f64.powi(k as i32))).then_some(mended)
}

/// Puts back the decimal point of each value in `lines`' lab rows whose
/// range has decimals that was read split in two at its point, then of each
/// whole-number value in those rows whose other values carry decimals, or
/// that is the row's only value and outside the range.
pub fn mend_points(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        mend_colon_range(line);
        let Some((lo, hi, k)) = range(line).filter(|&(_, _, k)| k > 0) else {
            continue;
        };
        // After the row's name: values read with a colon for their point.
        line.mend_words(|words, j| (j > 0).then(|| colon_point(&words[j].text, k)).flatten());
        join_split_values(line, k);
        // The row's values after its name, with their index.
        let values: Vec<(usize, f64, Option<usize>)> = (line.words.iter().enumerate().skip(1))
            .filter_map(|(i, w)| value(&w.text).map(|(v, d)| (i, v, d)))
            .collect();
        let whole: Vec<usize> = (values.iter())
            .filter(|(_, _, d)| d.is_none())
            .map(|&(i, _, _)| i)
            .collect();
        let [i] = whole[..] else { continue };
        if let [_] = values[..] {
            line.mend_words(|words, j| {
                (j == i).then(|| lone_with_point(&words[j].text, lo, hi, k))?
            });
            continue;
        }
        let mut others: Vec<f64> = (values.iter())
            .filter(|&&(j, _, d)| j != i && d == Some(k))
            .map(|&(_, v, _)| v)
            .collect();
        if others.len() + 1 != values.len() {
            continue;
        }
        others.sort_by(f64::total_cmp);
        let typical = others[others.len() / 2];
        line.mend_words(|words, j| (j == i).then(|| with_point(&words[j].text, k, typical))?);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_points)
    }

    #[test]
    fn a_value_read_without_its_point_gets_it_back() {
        for (read, meant) in [
            (
                "RCC 3.97 416 4.56 3.76L x10^12/L 3.80-5.10",
                "RCC 3.97 4.16 4.56 3.76L x10^12/L 3.80-5.10",
            ),
            (
                "Neut 8.9H 3.9 8.2H 12.2H 125H x10^9/L 2.0-8.0",
                "Neut 8.9H 3.9 8.2H 12.2H 12.5H x10^9/L 2.0-8.0",
            ),
            ("MCH 305 31.4 pg 27.0-33.0", "MCH 30.5 31.4 pg 27.0-33.0"),
            (
                "Potassium 41 mmol/L ( 3.5-5.5 )",
                "Potassium 4.1 mmol/L ( 3.5-5.5 )",
            ),
        ] {
            assert_eq!(mend(read), meant);
        }
    }

    #[test]
    fn a_point_read_as_a_colon_is_put_back_on_a_ranged_row_only() {
        for (read, meant) in [
            (
                "RCC 3.81 3.73L 3:62L 3.37 2.93L x10^12/L 3.80-5.10",
                "RCC 3.81 3.73L 3.62L 3.37 2.93L x10^12/L 3.80-5.10",
            ),
            (
                "Baso 0:0 0.0 0.0 x10^9/L 0.0-0.1",
                "Baso 0.0 0.0 0.0 x10^9/L 0.0-0.1",
            ),
            // Other decimals than the range's, a time, a row without a
            // range with decimals: left.
            ("PH 7:3 7:321 7.35-7.45", "PH 7:3 7:321 7.35-7.45"),
            ("Collected 10:35", "Collected 10:35"),
            ("Sodium 14:0 135-145", "Sodium 14:0 135-145"),
        ] {
            assert_eq!(mend(read), meant);
        }
    }

    #[test]
    fn a_range_whose_point_was_read_as_a_colon_gets_it_back() {
        for (read, meant) in [
            (
                "Urea 14.6 mmol/L ( 2.5-8:3 )",
                "Urea 14.6 mmol/L ( 2.5-8.3 )",
            ),
            ("PCV 0.41 L/L 0.35-0:45", "PCV 0.41 L/L 0.35-0.45"),
            // Then its values are mended by it.
            ("K 3:9 4.1 mmol/L 3.5-5:5", "K 3.9 4.1 mmol/L 3.5-5.5"),
            // A time range, other decimals at each end, a whole range, a
            // row that has its range: left.
            ("seen from 4:00-6:30.", "seen from 4:00-6:30."),
            (":2888 .2-2:325 8", ":2888 .2-2:325 8"),
            ("Sodium 140 135-14:5", "Sodium 140 135-14:5"),
            ("Time 1.5-2:5 Ref 3.5-5.5", "Time 1.5-2:5 Ref 3.5-5.5"),
        ] {
            assert_eq!(mend(read), meant);
        }
    }

    #[test]
    fn a_lone_whole_value_stays_unless_its_point_brings_it_into_the_range() {
        for kept in [
            // In the range already, or out of it either way, or flagged.
            "Potassium 4 mmol/L ( 3.5-5.5 )",
            "Albumin 41 g/L 35.0-50.0",
            "Potassium 75 mmol/L ( 3.5-5.5 )",
            "Potassium 41H mmol/L ( 3.5-5.5 )",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }

    /// The row `MCV`, `values` (each with its left and right, 16 px a
    /// letter), `80.0-96.0`, with its points mended.
    fn row(values: &[(&str, f32, f32)]) -> String {
        let mut boxes = vec![("MCV", [0.0, 36.0, 48.0, 66.0])];
        boxes.extend(values.iter().map(|&(t, l, r)| (t, [l, 36.0, r, 66.0])));
        boxes.push(("80.0-96.0", [400.0, 36.0, 544.0, 66.0]));
        mend_points(vec![OcrLine::of_word_boxes(&boxes)])
            .remove(0)
            .text
    }

    #[test]
    fn a_value_split_at_its_point_is_joined() {
        // The halves 20 px apart, 1.25 letters; the columns 80 px.
        assert_eq!(
            row(&[
                ("89.4", 60.0, 124.0),
                ("88", 204.0, 236.0),
                ("7", 256.0, 272.0)
            ]),
            "MCV 89.4 88.7 80.0-96.0"
        );
        assert_eq!(
            row(&[
                ("30.", 60.0, 108.0),
                ("5", 128.0, 144.0),
                ("30", 224.0, 256.0),
                ("2", 276.0, 292.0)
            ]),
            "MCV 30.5 30.2 80.0-96.0"
        );
        assert_eq!(
            row(&[("103", 60.0, 108.0), (".OH", 128.0, 176.0)]),
            "MCV 103.0H 80.0-96.0"
        );
        assert_eq!(
            row(&[("1", 60.0, 76.0), ("OL", 96.0, 128.0)]),
            "MCV 1.0L 80.0-96.0"
        );
    }

    #[test]
    fn values_a_column_apart_or_with_other_digits_stay_apart() {
        for (a, b) in [
            (("88", 60.0, 92.0), ("7", 172.0, 188.0)),
            (("88", 60.0, 92.0), ("75", 112.0, 144.0)),
            (("88", 60.0, 92.0), ("L", 112.0, 128.0)),
            (("88.1", 60.0, 124.0), ("7", 144.0, 160.0)),
            (("8x", 60.0, 92.0), ("7", 112.0, 128.0)),
        ] {
            let expected = format!("MCV {} {} 80.0-96.0", a.0, b.0);
            assert_eq!(row(&[a, b]), expected);
        }
    }

    #[test]
    fn whole_numbers_that_fit_their_row_are_left_alone() {
        for kept in [
            // The corpus's own whole numbers among decimals.
            "HCO3(Std) 26.0 27 mmol/L 22.0-30.0",
            "HCO3(Std) 18.0L 18L mmol/L 22.0-30.0",
            // A range without decimals, two whole numbers, a lone value
            // its point would not bring into the range.
            "Sodium 1341 135 mmol/L 135-145",
            "Eos 0.1 0 12 x10^9/L 0.0-0.5",
            "MCH 505 pg 27.0-33.0",
            "Eos 0.1 0.0 0 x10^9/L 0.0-0.5",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
