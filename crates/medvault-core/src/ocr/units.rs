//! Lab units and blood-gas names read with look-alike characters: the
//! recognizer reads `mmol/L` as `mmo1/L` or `mmo1/1`, `g/L` as `9/L`, `pCO2`
//! as `pCo2`, `pO2` as `p02` or `poz`, and `x10^9/L` as `x10~9/L`, `x1049/L`
//! or `x109/L`. A word that differs from one of the names below only by such
//! slips (1, i, l and I; 0 and o; 9 and g; 2 and z; ^, ~ and 4, or a caret
//! left out; letter case) is that name. Checked against the labelled
//! corpus's own text: every word
//! there that reads as one of these names under the same slips is the name
//! itself (mmol/L 503 times, x10^9/L 320, mmHg 262, g/L 182, pH 94 …), except a
//! capitalized PCO2 and PO2 once each, and one `C02` for CO2; so a word in
//! capitals is not taken for a name with lower-case letters (it may be an
//! acronym: PH). The oxygen and lung-function names (SpO2, FiO2, FEV1) are
//! read the same way (`Sp02`, `F102`, `FEVI`), and a power of ten keeps the
//! value glued before it (`<13x106/L` is `<13x10^6/L`). A power of ten's
//! caret is also read as a slash (`x10/9/L`; the corpus has no `x10/`). A
//! blood-gas row's name loses its `p` to a `D` or `O` (`DH 7.32L`, `D02 129H`,
//! `OH 7.31`): a line's first word that is such a slip before a value is the
//! name (no line of the corpus opens so), and `02.` before `Sat` or
//! `saturation` is `O2` (the corpus has `O2` before those words 57 times and
//! `02` never). A lab row's
//! opening bracket read alone as a letter (`T 22-30`) and its percent sign
//! read `$` are put back before a range (see `mark_before_range`).

use super::numbers::CLOSING;
use super::ranges::Range;
use super::{OcrLine, OcrWord};

/// The names mended, as written in lab reports.
const NAMES: &[&str] = &[
    "mmol/L", "umol/L", "nmol/L", "pmol/L", "mg/dL", "mg/L", "g/L", "g/dL", "IU/L", "U/L", "mU/L",
    "mL/min", "mmHg", "pH", "pCO2", "pO2", "HCO3", "eGFR", "x10^9/L", "x10^12/L", "x10^6/L",
    "SpO2", "SaO2", "FiO2", "FIO2", "FEV1", "CO2",
];

/// A character with the slips folded away: lower case, 1/i/I/| as l, 0 as o,
/// 9 as g, 2 as z, ~ and 4 as ^.
fn folded(c: char) -> char {
    match c.to_ascii_lowercase() {
        '1' | 'i' | '|' => 'l',
        '0' => 'o',
        '9' => 'g',
        '2' => 'z',
        '~' | '4' => '^',
        c => c,
    }
}

/// Whether `word` reads as the characters `name` once slips are folded away.
fn slip_of(name: impl Iterator<Item = char>, word: &str) -> bool {
    name.map(folded).eq(word.chars().map(folded))
}

/// The name `word` was meant to be, if it is a slip of one. A word in
/// capitals is not taken for a name it differs from in case (`PH` is not
/// `pH`, `PO2` not `pO2`): it may be an acronym; the multiplication sign
/// `x` is no letter of one (`X10~9/L` is `x10^9/L`).
/// Where names differ only in case (`FiO2`, `FIO2`), a word with a
/// lower-case letter is taken for the name with one, a word without for the
/// name in capitals.
fn mended(word: &str) -> Option<&'static str> {
    let lower = |t: &str| t.chars().any(|c| c.is_ascii_lowercase());
    let name = *NAMES
        .iter()
        .filter(|n| {
            slip_of(n.chars(), word)
                || (n.contains('^') && slip_of(n.chars().filter(|&c| c != '^'), word))
                || (n.contains('^')
                    && slip_of(n.chars().map(|c| if c == '^' { '/' } else { c }), word))
        })
        .min_by_key(|n| lower(n) != lower(word))?;
    let capitals = !word.chars().any(|c| c.is_ascii_lowercase());
    // The word lines up with the name, or with it without its caret (names
    // and their slips are ASCII, one byte a character).
    let caret_left_out = word.len() < name.len();
    let recased = word
        .chars()
        .zip(name.chars().filter(|&c| !(caret_left_out && c == '^')))
        .any(|(w, n)| w.is_ascii_uppercase() && n.is_ascii_lowercase() && n != 'x');
    (name != word && !(capitals && recased)).then_some(name)
}

/// The name `word` was meant to be, with the value glued before a power of
/// ten kept (`<13x106/L` is `<13x10^6/L`): the bytes of `word` the name
/// replaces start at the returned offset.
fn mended_after_value(word: &str) -> Option<(usize, &'static str)> {
    if let Some(name) = mended(word) {
        return Some((0, name));
    }
    let at = word.find(['x', 'X'])?;
    let value = word[..at].trim_start_matches(['<', '>']);
    let number = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let name = mended(&word[at..]).filter(|n| n.starts_with('x'))?;
    number.then_some((at, name))
}

/// The blood-gas name a line's first word was meant to be when its `p` was
/// read as `D` or `O` (`DH`, `D02`, `OH` for `pH`, `pO2`): only before a
/// value, as the corpus never opens a line with such a word.
fn gas_at_line_start(words: &[OcrWord]) -> Option<&'static str> {
    let [first, next, ..] = words else {
        return None;
    };
    let rest = first.text.strip_prefix(['D', 'O'])?;
    let value = next.text.starts_with(|c: char| c.is_ascii_digit());
    let name = ["pH", "pO2", "pCO2"]
        .into_iter()
        .find(|n| slip_of(n[1..].chars(), rest))?;
    (value && !rest.is_empty()).then_some(name)
}

/// Whether `text` is a reference range (`135-145`, `<5-10`, `0.8-1.5)`).
fn is_range(text: &str) -> bool {
    Range::parse(text).is_some()
}

/// The mark a lone character before a range was read for: a lab row's
/// opening bracket, read as a letter (`T 22-30`), or its percent column's
/// sign read `$`. Before a range the corpus has `(` 472 times, `%` 125, and
/// of other single characters only `a`, `A`, `=`, `*` and digits.
fn mark_before_range(words: &[OcrWord], i: usize) -> Option<&'static str> {
    let before_range = words.get(i + 1).is_some_and(|w| is_range(&w.text));
    match words[i].text.as_str() {
        "T" | "Y" | "i" | "{" | "[" | "|" | "C" | "c" if before_range => Some("("),
        "$" if before_range => Some("%"),
        _ => None,
    }
}

/// The unit a lab row's word before its range was read for, where the
/// recognizer garbled it more than `mended` allows: its `/L` cut to `/`
/// (`x10^9/`, `mmo1/`), a power of ten's caret read as any one character
/// (`x1019/L`, `x10A9/L`) or its `x` lost or read as another character
/// (`109/1`, `?10^12/L`), and `fL` in capitals. Before a range the corpus has
/// `x10^9/L` 313 times, `x10^12/L` 43, `fL` 43, and no other word of these
/// shapes.
fn unit_before_range(words: &[OcrWord], i: usize) -> Option<&'static str> {
    if !words.get(i + 1).is_some_and(|w| is_range(&w.text)) {
        return None;
    }
    let word = words[i].text.as_str();
    if word == "FL" {
        return Some("fL");
    }
    if let Some(name) = word
        .strip_suffix('/')
        .and_then(|w| mended(&format!("{w}/L")))
    {
        return Some(name);
    }
    // At most one character, not a digit, before the `10`.
    let at = word.find("10")?;
    if at > 1 || word.starts_with(|c: char| c.is_ascii_digit()) && at > 0 {
        return None;
    }
    let rest = &word[at + 2..];
    let exponents = [rest, rest.get(1..).unwrap_or_default()];
    ["x10^9/L", "x10^12/L", "x10^6/L"]
        .into_iter()
        .find(|name| {
            let power = &name[4..];
            exponents.iter().any(|r| {
                r.starts_with(|c: char| c.is_ascii_digit())
                    && (slip_of(power.chars(), r) || slip_of(power[..power.len() - 1].chars(), r))
            })
        })
        .filter(|name| *name != word)
}

/// Mends the slips in every word of `lines` (brackets and trailing
/// punctuation around a word are kept).
pub fn mend_units(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.mend_words(|words, i| {
            if i == 0 {
                if let Some(name) = gas_at_line_start(words) {
                    return Some(name.to_string());
                }
            }
            if let Some(mark) = mark_before_range(words, i).or_else(|| unit_before_range(words, i))
            {
                return Some(mark.to_string());
            }
            // Oxygen saturation's `O2 Sat` (or `O2 saturation`), read `02.` or `02`.
            let before_sat = words.get(i + 1).is_some_and(|w| {
                let next = w.text.to_ascii_lowercase();
                let next = next.trim_end_matches(CLOSING);
                ["sat", "sats", "saturation", "saturations"].contains(&next)
            });
            if before_sat && slip_of("O2".chars(), words[i].text.trim_end_matches('.')) {
                return (words[i].text != "O2").then(|| "O2".to_string());
            }
            let text = &words[i].text;
            let opened = text.trim_start_matches('(');
            let start = text.len() - opened.len();
            let core = opened.trim_end_matches(CLOSING);
            let (at, name) = mended_after_value(core)?;
            let mut text = text.clone();
            text.replace_range(start + at..start + core.len(), name);
            Some(text)
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_units)
    }

    #[test]
    fn units_read_with_look_alike_characters_are_mended() {
        assert_eq!(
            mend("Sodium 133L mmo1/1 135-145 (mmo1/L) Hb 116 9/L umo1/L,"),
            "Sodium 133L mmol/L 135-145 (mmol/L) Hb 116 g/L umol/L,"
        );
        assert_eq!(
            mend("pCo2 38 po2 60L p02 PH 7.4"),
            "pCO2 38 pO2 60L pO2 PH 7.4"
        );
        assert_eq!(
            mend("WBC 6.1 x10~9/L RBC x1049/L x10~12/1 X10~6/L x109/L poz"),
            "WBC 6.1 x10^9/L RBC x10^9/L x10^12/L x10^6/L x10^9/L pO2"
        );
        assert_eq!(
            mend("x10/9/L x10/12/L DH 7.32L"),
            "x10^9/L x10^12/L DH 7.32L"
        );
        assert_eq!(
            mend("<13x106/L <2x10~6/L 4.5x109/L Sp02 F102 Fi02 Flo2 FEVI, C02 Sa02"),
            "<13x10^6/L <2x10^6/L 4.5x10^9/L SpO2 FIO2 FiO2 FiO2 FEV1, CO2 SaO2"
        );
    }

    #[test]
    fn blood_gas_names_opening_a_row_and_o2_sat_are_mended() {
        assert_eq!(mend("DH 1.32L 7.37 7.35-7.45"), "pH 1.32L 7.37 7.35-7.45");
        assert_eq!(
            mend("D02 129H 112H mmHg 75-100"),
            "pO2 129H 112H mmHg 75-100"
        );
        assert_eq!(mend("OH 7.31 7.41"), "pH 7.31 7.41");
        assert_eq!(mend("02. Sat 99 98 % 95-100"), "O2 Sat 99 98 % 95-100");
        assert_eq!(mend("02 saturation 99%."), "O2 saturation 99%.");
        assert_eq!(mend("02 saturations were"), "O2 saturations were");
        for kept in [
            "OH no",
            "DH",
            "Dose 5 mg",
            "02/04/12 Sat",
            "O2 Sat 99",
            "Sat 02",
            "02 Saturday",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }

    #[test]
    fn a_lab_row_s_bracket_or_percent_read_as_a_letter_is_mended() {
        assert_eq!(
            mend("HCO3 25 mmol/L T 22-30 Hb 80 g/L { 115-150) Sat 99 $ 95-100"),
            "HCO3 25 mmol/L ( 22-30 Hb 80 g/L ( 115-150) Sat 99 % 95-100"
        );
        for kept in ["a 10-15 minute", "T 98.2", "T 4-5x", "$ 10", "I 2-3 times"] {
            assert_eq!(mend(kept), kept);
        }
    }

    #[test]
    fn a_garbled_unit_before_a_range_is_mended() {
        for (read, meant) in [
            ("PLT 249 255 109/1 140-400", "PLT 249 255 x10^9/L 140-400"),
            ("Eos 0.0 0.1 x1019/L 0.0-0.5", "Eos 0.0 0.1 x10^9/L 0.0-0.5"),
            ("Baso 0.0 x1009/1 0.0-0.1", "Baso 0.0 x10^9/L 0.0-0.1"),
            ("Neut 8.9H x1049/ 2.0-8.0", "Neut 8.9H x10^9/L 2.0-8.0"),
            ("WCC 7.0 x10A9/L 4.0-11.0", "WCC 7.0 x10^9/L 4.0-11.0"),
            ("RCC 4.1 ?10^12/L 3.80-5.10", "RCC 4.1 x10^12/L 3.80-5.10"),
            ("Na 140 mmo1/ 135-145", "Na 140 mmol/L 135-145"),
            ("MCV 89.6 FL 80.0-96.0", "MCV 89.6 fL 80.0-96.0"),
        ] {
            assert_eq!(mend(read), meant);
        }
        for kept in [
            "Hb 110g/L 115-150",
            "PLT 249 109/1",
            "aged 10 10-12",
            "FL 5",
            "x10^9/L 4.0-11.0",
            "2109/1 4-5",
            "a 10g/L 1-2",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }

    #[test]
    fn other_words_are_left_alone() {
        for kept in [
            "mmol/L g/L pH",
            "PH: none. PO2 FL",
            "x10^9/L 19/L mmo1/1-3.0/3.0",
            "oil gl lol",
            "POZ 109/L X10",
            "a109/L 2x 3x2 FEVER FIO CO",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
