//! Doses and measures with a letter read for a character: the dosing
//! interval's `q` read as `g` or `9` (`g.6h`, `9:8h.`, `g5-6hrs` for `q.6h`,
//! `q.8h.`, `q5-6hrs`; glued to the next word, `g.6h.as`; before its `h`,
//! `g.6 h.`, or glued to it by a stop, `9.6.h.`, for `q.6 h.`, which the
//! corpus writes 12 times and never with a number before `h`), and a lone one read as `I` or `l` before a unit
//! (`I cm`, `Icm` for `1 cm`, `1cm`) or in brackets (`one (l)`). Checked against the labelled corpus:
//! it writes `q.6h.` and its kin 65 times and never opens a word with `g`
//! or `9`, digits and an `h`; it writes `1 cm`, `1 mg`, `1 week` … some 300
//! times and never `I` or `l` before such a unit, and `(1)` 7 times and
//! never `(l)`.

use super::numbers::{marks, CLOSING};
use super::{lexicon, OcrLine};

/// Units a lone number stands before (`1 cm`, `1 week`), in lower case.
const UNITS: &[&str] = &[
    "cm",
    "mm",
    "inch",
    "mg",
    "mcg",
    "g",
    "gm",
    "gram",
    "kg",
    "cc",
    "ml",
    "week",
    "day",
    "month",
    "year",
    "hour",
    "minute",
    "tablet",
    "fingerbreadth",
    "puff",
    "drop",
    "ounce",
    "refill",
];

/// Units a one can be glued to (`1cm`).
const GLUED_UNITS: &[&str] = &["cm", "mm", "mg", "cc", "ml"];

/// `text` with the `q` of a dosing interval read `g` or `9` put back: the
/// letter, a stop or colon (made a stop), hours (`6`, `4-6`), `h` or `hr`.
fn interval(text: &str) -> Option<String> {
    let rest = text.strip_prefix(['g', '9'])?;
    let (stop, rest) = match rest.strip_prefix(['.', ':']) {
        Some(r) => (".", r),
        None => ("", rest),
    };
    let hours = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'-')
        .count();
    let after = &rest[hours..];
    let starts_digit = rest.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let ends_digit = rest[..hours]
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_digit());
    // `h`, `hr` or `hrs`, then only closing marks.
    let unit = after.strip_prefix('h')?;
    let unit = unit
        .strip_prefix("rs")
        .or_else(|| unit.strip_prefix('r'))
        .unwrap_or(unit);
    (starts_digit && ends_digit && marks(unit)).then(|| format!("q{stop}{rest}"))
}

/// Whether `text` is the hour of an interval standing alone (`h.`, `hrs`).
fn is_hour(text: &str) -> bool {
    matches!(text.trim_end_matches(CLOSING), "h" | "hr" | "hrs")
}

/// `text` with the `q` of an interval whose `h` stands apart put back
/// (`g.6` in `g.6 h.`), where `next` is that `h`.
fn interval_before_hour(text: &str, next: Option<&str>) -> Option<String> {
    let hours = text.strip_prefix(['g', '9'])?.strip_prefix('.')?;
    let fits = !hours.is_empty() && hours.bytes().all(|b| b.is_ascii_digit());
    (fits && next.is_some_and(is_hour)).then(|| format!("q.{hours}"))
}

/// Where an interval's `h` is glued by a stop read for the space
/// (`9.6.h.`): the byte to cut at and the stop's one byte.
fn hour_glued(text: &str) -> Option<(usize, usize)> {
    let at = text.rfind(".h")?;
    let (head, hour) = (&text[..at], &text[at + 1..]);
    let next = interval_before_hour(head, Some(hour)).is_some() || head.starts_with("q.");
    (next && is_hour(hour) && head.len() > 2).then_some((at, 1))
}

/// Whether `text` is a unit a lone number stands before.
fn is_unit(text: &str) -> bool {
    let t = text.trim_end_matches(CLOSING).to_ascii_lowercase();
    UNITS.contains(&t.as_str())
}

/// `text` with a one read `I` or `l` before a unit glued to it (`Icm`).
fn glued_one(text: &str) -> Option<String> {
    let unit = text.strip_prefix(['I', 'l'])?;
    let bare = unit.trim_end_matches(CLOSING);
    GLUED_UNITS
        .contains(&bare.to_ascii_lowercase().as_str())
        .then(|| format!("1{unit}"))
}

/// Where `text` is a dosing interval glued by a full stop to a common word
/// (`g.6h.as`, `q.6h.as`): the byte to cut at, and the stop, read for a
/// space, dropped.
fn glued_interval(text: &str) -> Option<(usize, usize)> {
    let at = text.rfind('.')?;
    let (head, next) = (&text[..at], &text[at + 1..]);
    let as_read = head
        .strip_prefix('q')
        .map_or(head.to_string(), |r| format!("g{r}"));
    let word = !next.is_empty()
        && next.bytes().all(|b| b.is_ascii_lowercase())
        && lexicon::is_common(next);
    (word && interval(&as_read).is_some()).then_some((at, 1))
}

/// Mends the doses and measures of `lines`.
pub fn mend_doses(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.split_words(|t| glued_interval(t).or_else(|| hour_glued(t)));
        line.mend_words(|words, i| {
            let text = &words[i].text;
            let lone_one = matches!(text.as_str(), "I" | "l")
                && words.get(i + 1).is_some_and(|w| is_unit(&w.text));
            if lone_one {
                return Some("1".into());
            }
            let bracketed_one = text
                .strip_prefix("(l)")
                .is_some_and(|rest| rest.bytes().all(|b| b",.;:".contains(&b)));
            if bracketed_one {
                return Some(text.replacen("(l)", "(1)", 1));
            }
            let next = words.get(i + 1).map(|w| w.text.as_str());
            (interval(text).or_else(|| glued_one(text)))
                .or_else(|| interval_before_hour(text, next))
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_doses)
    }

    #[test]
    fn a_dosing_interval_read_with_g_is_mended() {
        assert_eq!(
            mend("Motrin g.6h. as needed 9:8h. 9.12h, g5-6hrs. g6h g4-6hr g.6h.as q.4h.as"),
            "Motrin q.6h. as needed q.8h. q.12h, q5-6hrs. q6h q4-6hr q.6h as q.4h as"
        );
        assert_eq!(
            mend("50 mg g.6 h. insulin 9.6.h. then q.8.h. and 9.12 hrs."),
            "50 mg q.6 h. insulin q.6 h. then q.8 h. and q.12 hrs."
        );
    }

    #[test]
    fn a_one_read_as_a_letter_before_a_unit_is_mended() {
        assert_eq!(
            mend("measuring I cm and l inch, Icm lmm. for I week one (l)."),
            "measuring 1 cm and 1 inch, 1cm 1mm. for 1 week one (1)."
        );
    }

    #[test]
    fn other_words_are_left_alone() {
        for kept in [
            "I will see her. I am g 9.12.2010 9.5 9h 9-h gh g.i.d. 9 a.m. 9.a.m. g.6h.zzq q.d.as",
            "9.5 hours 9.5.hours 9.5 mg 9.h. g.6 9.6.hx 9.6h.5 9.6 h9",
            "I cmv l I Imaging lg Ice 1 cm glh g-6h g6hx (l)x (I) l)",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
