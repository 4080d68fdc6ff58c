//! Words misspelt by the recognizer's usual slips, mended against the
//! corpus's common words: a word that is no known word, but that one slip
//! turns into exactly one common word, is that word (`onlv` → `only`,
//! `Iymph` → `lymph`, `atached` → `attached`, `retumed` → `returned`,
//! `t0` → `to`, `SOCIAI` → `SOCIAL`). The slips are a letter read as its
//! look-alike (`LOOK_ALIKES`), a doubled letter read once or a letter read
//! twice, any letter left out of a word of six letters or more (`perfored`),
//! and `rn` read as `m` or the other way. A word spelled right is
//! left alone even when it is a slip away from a common word (`identity`,
//! `hit`; see `lexicon::is_known`), and so is a word two common words are a
//! slip away from.

use super::{lexicon, OcrLine};

/// Characters the recognizer reads for others, as (read, meant), from the
/// misreadings on rendered scan pages (`bv`, `Iymph`, `weiqht`, `t0`,
/// `whire`, `ditficulty`, `eood`, `iniuries`, `ahdomen`, `drua`, `CHIEE`,
/// `mmo1`, `Sodlum`).
const LOOK_ALIKES: &[(char, char)] = &[
    ('v', 'y'),
    ('I', 'l'),
    ('l', 'i'),
    ('q', 'g'),
    ('0', 'o'),
    ('1', 'l'),
    ('r', 't'),
    ('t', 'f'),
    ('f', 't'),
    ('e', 'g'),
    ('i', 'j'),
    ('j', 'i'),
    ('h', 'b'),
    ('a', 'g'),
    ('c', 'e'),
    ('E', 'F'),
];

/// The length from which a word may have lost any letter (`perfored`,
/// `diffculty`), not only one of a doubled pair (`atached`).
const MIN_LEN_FOR_LOST_LETTER: usize = 6;

/// The marks a word may carry before and after it.
const OPENING: &[char] = &['(', '"', '\''];
const CLOSING: &[char] = &['.', ',', ';', ':', ')', '"', '\''];

/// The common word `word` is a slip of, in `word`'s case, if exactly one.
fn meant(word: &str) -> Option<String> {
    let core = word.trim_start_matches(OPENING).trim_end_matches(CLOSING);
    let chars: Vec<char> = core.chars().collect();
    let fits = chars.len() >= 2
        && chars.iter().any(|c| c.is_ascii_alphabetic())
        && chars
            .iter()
            .all(|&c| c.is_ascii_alphabetic() || c == '0' || c == '1');
    if !fits || lexicon::is_known(&core.to_ascii_lowercase()) {
        return None;
    }
    let mut found: Option<String> = None;
    let mut ambiguous = false;
    for candidate in slips(&chars) {
        let lower = candidate.to_ascii_lowercase();
        if !lexicon::is_common(&lower) {
            continue;
        }
        match &found {
            Some(f) if f.to_ascii_lowercase() != lower => ambiguous = true,
            Some(_) => {}
            None => found = Some(candidate),
        }
    }
    let found = found.filter(|_| !ambiguous)?;
    let start = word.len() - word.trim_start_matches(OPENING).len();
    Some(format!(
        "{}{found}{}",
        &word[..start],
        &word[start + core.len()..]
    ))
}

/// The spellings one slip from `chars`, in its case.
fn slips(chars: &[char]) -> Vec<String> {
    let text = |cs: &[char]| cs.iter().collect::<String>();
    let mut out = Vec::new();
    // A letter left out, in words long enough that few words are one letter
    // from them (on 120 pages, words of 3 to 5 letters were mended as often
    // wrongly as rightly: `porta` → `portal`, `foor` → `floor`).
    if chars.len() >= MIN_LEN_FOR_LOST_LETTER {
        for i in 0..=chars.len() {
            for letter in 'a'..='z' {
                let mut cs = chars.to_vec();
                cs.insert(i, letter);
                cs[i] = cased(&cs, i, letter);
                out.push(text(&cs));
            }
        }
    }
    for (i, &c) in chars.iter().enumerate() {
        for &(_, meant) in LOOK_ALIKES.iter().filter(|&&(read, _)| read == c) {
            let mut cs = chars.to_vec();
            cs[i] = cased(chars, i, meant);
            out.push(text(&cs));
        }
        if c.is_ascii_alphabetic() {
            let mut cs = chars.to_vec();
            cs.insert(i, c);
            out.push(text(&cs));
        }
        if i > 0 && c.eq_ignore_ascii_case(&chars[i - 1]) {
            let mut cs = chars.to_vec();
            cs.remove(i);
            out.push(text(&cs));
        }
        if c == 'm' {
            out.push(format!("{}rn{}", text(&chars[..i]), text(&chars[i + 1..])));
        }
        if c == 'r' && chars.get(i + 1) == Some(&'n') {
            out.push(format!("{}m{}", text(&chars[..i]), text(&chars[i + 2..])));
        }
    }
    out
}

/// `meant`, put at `i` in `chars`, in the case the word around it has: a
/// capital in a word of capitals (`SOCIAI` → `SOCIAL`; `Gl` → `GI`, where
/// the letter read is itself `l` or `I`), or opening a word whose first
/// letter was read as a capital other than `I` (`Cood` → `Good`).
fn cased(chars: &[char], i: usize, meant: char) -> char {
    let others: Vec<char> = (chars.iter().enumerate())
        .filter(|&(j, c)| j != i && c.is_ascii_alphabetic())
        .map(|(_, &c)| c)
        .collect();
    let capitals = !others.is_empty() && others.iter().all(|c| c.is_ascii_uppercase());
    let upper = (capitals && (others.len() >= 2 || matches!(chars[i], 'l' | 'I')))
        || (i == 0 && chars[0].is_ascii_uppercase() && chars[0] != 'I');
    match upper {
        true => meant.to_ascii_uppercase(),
        false => meant.to_ascii_lowercase(),
    }
}

/// An age or size's hyphened words mended (`48-vear-old` → `48-year-old`):
/// a word that opens with a number keeps it, and its other parts are
/// mended as words. (Other hyphened words are left alone: their parts are
/// often names, `K-Lor`.)
fn meant_after_number(word: &str) -> Option<String> {
    let (number, rest) = word.split_once('-')?;
    if !number.bytes().all(|b| b.is_ascii_digit()) || number.is_empty() {
        return None;
    }
    let mut changed = false;
    let parts: Vec<String> = rest
        .split('-')
        .map(|part| match meant(part) {
            Some(m) => {
                changed = true;
                m
            }
            None => part.to_string(),
        })
        .collect();
    changed.then(|| format!("{number}-{}", parts.join("-")))
}

/// Mends the misspelt words of `lines`.
pub fn mend_spelling(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.mend_words(|words, i| {
            meant(&words[i].text).or_else(|| meant_after_number(&words[i].text))
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_spelling)
    }

    #[test]
    fn a_word_one_slip_from_a_common_word_is_that_word() {
        assert_eq!(
            mend("onlv. (Iymph atached retumed t0 bv Bv visuall eood CHIEE perfored Paient"),
            "only. (lymph attached returned to by By visual good CHIEF performed Patient"
        );
        assert_eq!(
            mend("SOCIAI MRl Gl: mmHa Bl0od \"writen\""),
            "SOCIAL MRI GI: mmHg Blood \"written\""
        );
        assert_eq!(
            mend("a 48-vear-old 3-rnonth-old"),
            "a 48-year-old 3-month-old"
        );
    }

    #[test]
    fn known_words_numbers_and_names_are_left_alone() {
        let kept =
            "identity hit interior al TT Xarelto 10 t1 1&D a mL Zofran patient's porta foor \
                    K-Lor. on-calt 2-0 25-year-old C4-C5 -vear";
        assert_eq!(mend(kept), kept);
    }
}
