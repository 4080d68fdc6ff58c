//! Mending the slips the recognizer makes most often around numbers, where
//! they cost a dose, a value or a list item, and between words. Each rule
//! was checked against the labelled corpus's own text before being adopted:
//! - a number followed by a full stop, then a word in lower case, is a comma
//!   (`rate was 66. respiratory` → `66,`): in the corpus a number and comma
//!   come before a lower-case word 1,884 times, a number and full stop once;
//!   a list number at the start of a line (`2. de Quervain`) is left alone;
//!   a doubled mark (`72,.`) is a comma there too, and a full stop before a
//!   capital;
//! - a line that starts with a bare number of one or two digits, or one with
//!   a comma, and then a capital is a numbered list item that lost its full
//!   stop (`1 Acyclovir`, `12, LEFT` → `1. Acyclovir`, `12. LEFT`): in the
//!   rendered pages' lines 457 times with the stop, once bare, never with a
//!   comma; `I.` opening such a line is `1.` (1,152 to 8 in the corpus);
//! - a lone `O` after a word is a zero (`waves O.` → `0.`): 148 to 13;
//! - a full stop, comma or underscore between a word of two or more
//!   letters and a common word in lower case (`she.is`, `patient.did`,
//!   `with,a`, `history_is`) is a space read as a mark: of the corpus's
//!   tokens, one has a stop glued between two words (`received.Lfts`), one
//!   a comma (`bypass,cold`), none an underscore. A full stop before a
//!   capitalized common word is a sentence's end that lost its space
//!   (`low.He`), and a full stop between a common word and a number is a
//!   space (`about.3`, `to.6`; the corpus glues a word to a number by a stop
//!   once, `therapies.1`). Abbreviations (`b.i.d.`, `e.g.`) have one letter
//!   before their stops and are left alone;
//! - an apostrophe between a word and a word of two letters or more that
//!   ends no contraction (`in'the`, `of'breath`) is a space too: the corpus
//!   has such a word only in `o'clock` and names (`O'Connor`), one letter
//!   before the apostrophe, and `MRI'ed`; on 96 rendered scan pages it
//!   stood 8 times, a space every time; so is one between `a` and a number
//!   (`a'0.8`);
//! - a word's full stop before a common word in lower case is a comma read
//!   as a stop (`leg. down` → `leg, down`), or a stray mark after a word
//!   that is almost never marked (`There. is` → `There is`): the corpus has
//!   a word and a full stop before a lower-case word 19 times (`etc.`,
//!   `sq.`), a word and a comma 21,096 times.

use super::{lexicon, OcrLine};

/// The second halves of contractions and possessives: an apostrophe before
/// them is one (`we'll`, `I've`, `they're`, `MRI'ed`; `'s`, `'t` and `'d`
/// are too short to be taken for a word).
const AFTER_APOSTROPHE: &[&str] = &["ll", "ve", "re", "ed"];

/// The marks a space is read as between two words.
const FALSE_SPACES: [char; 4] = ['.', '\'', ',', '_'];

/// Where `text` holds a space read as a mark, where to cut it and how many
/// bytes of mark to drop there. The mark is the first of `FALSE_SPACES`; the
/// word before it has two letters or more, and the word after it is:
/// - for `.`, `,` and `_`, a common word in lower case or `a`
///   (`she.is`, `patient.did`, `with,a`, `history_is`); a full stop before a
///   capitalized common word or `I` ends a sentence and stays with the
///   first word (`low.He` → `low.` `He`);
/// - for an apostrophe, a word of two letters or more that ends no
///   contraction (`in'the`, `a'painful`).
///
/// What follows the second word is marks, or another such slip (`She.is'not`).
fn false_space(text: &str) -> Option<(usize, usize)> {
    let at = text.find(FALSE_SPACES)?;
    let (left, rest) = (&text[..at], &text[at + 1..]);
    let letters = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic());
    let next = rest
        .split(|c: char| FALSE_SPACES.contains(&c) || matches!(c, ';' | ':'))
        .next()
        .unwrap_or_default();
    let after = &rest[next.len()..];
    let then = after.starts_with(FALSE_SPACES)
        || after.chars().all(|c| matches!(c, '.' | ',' | ';' | ':'));
    let word_before = left.len() >= 2 && letters(left);
    let common = next == "a" || lexicon::is_common(next);
    let cut = match text[at..].chars().next()? {
        '\'' if left == "a" && number(next) => Some((at, 1)),
        '\'' => ((left == "a" || word_before)
            && next.len() >= 2
            && letters(next)
            && !AFTER_APOSTROPHE.contains(&next.to_ascii_lowercase().as_str()))
        .then_some((at, 1)),
        '.' if word_before && (next == "I" || capitalized_common(next)) => Some((at + 1, 0)),
        '.' if word_before && number(next) && lexicon::is_common(&left.to_ascii_lowercase()) => {
            Some((at, 1))
        }
        _ => (word_before && common).then_some((at, 1)),
    };
    cut.filter(|_| then)
}

/// Whether `text` is a number: a digit, then digits and `.`, `/`, `-`.
fn number(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"./-".contains(&b))
}

/// A common word with its first letter a capital (`He`, `After`).
fn capitalized_common(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.as_str().bytes().all(|b| b.is_ascii_lowercase())
        && lexicon::is_common(&word.to_ascii_lowercase())
}

/// Words that end a clause so seldom that a mark read after one before a
/// word in lower case is a slip, to be dropped rather than made a comma:
/// the corpus's words of 1,000 occurrences or more that carry a mark under
/// 2% of the time (`with.` 0.1%, `are.` 1.6%).
const NEVER_MARKED: &[&str] = &[
    "after", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "for", "from",
    "had", "has", "have", "he", "his", "in", "into", "is", "not", "of", "on", "or", "she", "the",
    "there", "to", "using", "was", "we", "were", "which", "will", "with",
];

/// Abbreviations whose full stop may stand before a word in lower case.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "jr", "sr", "st", "etc", "vs", "sq", "sig", "inc", "no", "approx",
];

/// A word's full stop before a common word in lower case, mended: a comma,
/// or nothing after a word that is never marked (`leg. down` → `leg, down`,
/// `There. is` → `There is`). In the corpus a word and a full stop come
/// before a lower-case word 19 times, a word and a comma 21,096 times.
fn stop_before_lower_case(word: &str, next: &str) -> Option<String> {
    let stem = word.strip_suffix('.')?;
    let next = next.trim_end_matches(['.', ',', ';', ':']);
    let fits = stem.len() >= 2
        && stem.bytes().all(|b| b.is_ascii_alphabetic())
        && !ABBREVIATIONS.contains(&stem.to_ascii_lowercase().as_str())
        && next.bytes().all(|b| b.is_ascii_lowercase())
        && lexicon::is_common(next);
    let never_marked = NEVER_MARKED.contains(&stem.to_ascii_lowercase().as_str());
    fits.then(|| match never_marked {
        true => stem.to_string(),
        false => format!("{stem},"),
    })
}

/// The marks after a number (a digit, then perhaps `+` or `%`): one or two
/// of `.` and `,`, as read; the number itself is what comes before them.
fn marks_after_number(w: &str) -> Option<(&str, &str)> {
    let stem = w.trim_end_matches(['.', ',']);
    let marks = &w[stem.len()..];
    let number = stem.trim_end_matches(['+', '%']);
    (number.ends_with(|c: char| c.is_ascii_digit()) && (1..=2).contains(&marks.len()))
        .then_some((stem, marks))
}

fn starts_lower(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Applies the rules to a page's lines, in reading order.
pub fn mend_punctuation(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let n = lines.len();
    for i in 0..n {
        let mut changed = false;
        // `she.is` as the two words `she` and `is` (a mark after the second
        // stays with it), each with its share of the box by characters.
        lines[i].split_words(false_space);
        // A list number that lost its full stop, or whose stop was read as a
        // comma; `I.` and `l.` opening a list are `1.` (the corpus has `1.`
        // 1,152 times, `I.` 8).
        if let [first, second, ..] = &mut lines[i].words[..] {
            let t = match first.text.as_str() {
                // Not `I,`: "I, Jane Doe, consent" opens many a form.
                "I." | "l." => "1.",
                t => t,
            };
            let digits = t.trim_end_matches([',', '.']);
            let list_number = (1..=2).contains(&digits.len())
                && digits.chars().all(|c| c.is_ascii_digit())
                && t.len() - digits.len() <= 1;
            let number = format!("{digits}.");
            if list_number
                && first.text != number
                && second.text.starts_with(|c: char| c.is_ascii_uppercase())
            {
                first.text = number;
                changed = true;
            }
        }
        // A zero read as the letter O after a word (not after `Dr.` or a
        // heading's colon): `0` stands alone 148 times in the corpus, `O` 13.
        for j in 1..lines[i].words.len() {
            let prev_open = lines[i].words[j - 1]
                .text
                .ends_with(|c: char| c.is_ascii_alphanumeric());
            let w = &mut lines[i].words[j].text;
            if prev_open && matches!(w.as_str(), "O" | "O," | "O." | "O;") {
                w.replace_range(0..1, "0");
                changed = true;
            }
        }
        // A comma read as a full stop (or as both) after a number or a
        // word, the next word perhaps on the next line. A number opening the
        // line is a list's (`2. de Quervain`).
        for j in 0..lines[i].words.len() {
            let mended = {
                let next = (lines[i].words.get(j + 1))
                    .or_else(|| lines.get(i + 1).and_then(|l| l.words.first()))
                    .map(|w| w.text.as_str());
                let next_lower = next.is_some_and(starts_lower);
                let w = lines[i].words[j].text.as_str();
                match marks_after_number(w) {
                    Some(_) if j == 0 => None,
                    Some((stem, marks)) if next_lower && marks != "," => Some(format!("{stem},")),
                    Some((stem, ",." | ".,")) => Some(format!("{stem}.")),
                    Some(_) => None,
                    None => next.and_then(|next| stop_before_lower_case(w, next)),
                }
            };
            if let Some(m) = mended {
                lines[i].words[j].text = m;
                changed = true;
            }
        }
        if changed {
            lines[i].retext();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mended(lines: &[&str]) -> Vec<String> {
        mend_punctuation(lines.iter().map(|l| OcrLine::of_words(l)).collect())
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn a_full_stop_after_a_number_before_lower_case_is_a_comma() {
        assert_eq!(
            mended(&["pressure was 170/66. heart rate was 66. respiratory rate 16."]),
            ["pressure was 170/66, heart rate was 66, respiratory rate 16."]
        );
        // Across a line break, and after 1+ or a percentage.
        assert_eq!(
            mended(&["Fibrillations 1+.", "fasciculations 20%.", "and"]),
            ["Fibrillations 1+,", "fasciculations 20%,", "and"]
        );
        // A doubled mark: a comma before lower case, a full stop before a capital.
        assert_eq!(
            mended(&["pulse is 72,. weight C5-C6,. Then"]),
            ["pulse is 72, weight C5-C6. Then"]
        );
    }

    #[test]
    fn sentence_ends_list_numbers_and_words_are_left_alone() {
        let kept = [
            "narrowing at C4-C5. No fractures",
            "2. de Quervain tenosynovitis",
            "taken p.o. b.i.d. daily",
            "the dose was 5 mg. Then",
            "Total 12",
        ];
        for l in kept {
            assert_eq!(mended(&[l]), [l]);
        }
    }

    #[test]
    fn a_space_read_as_a_full_stop_is_a_space_again() {
        assert_eq!(
            mended(&["she.is awake and Care.in room, shows.a mass, and for.a, day"]),
            ["she is awake and Care in room, shows a mass, and for a, day"]
        );
        // A comma or an underscore read for a space; a full stop that lost
        // its space before a capital stays with the first word.
        assert_eq!(
            mended(&["the patient.did go with,a history_is low.He said.I"]),
            ["the patient did go with a history is low. He said. I"]
        );
        // A full stop between a common word and a number.
        assert_eq!(
            mended(&["about.3 cm to.6 of.6, in.1-2/3"]),
            ["about 3 cm to 6 of 6, in 1-2/3"]
        );
        assert_eq!(
            mended(&["in'the office'in a'painful She.is'not over.a'year"]),
            ["in the office in a painful She is not over a year"]
        );
        assert_eq!(mended(&["a'0.8 cm"]), ["a 0.8 cm"]);
        let line = &mend_punctuation(vec![OcrLine::of_word_boxes(&[(
            "she.is",
            [0.0, 0.0, 60.0, 10.0],
        )])])[0];
        let boxes: Vec<[f32; 4]> = line.words.iter().map(|w| w.bbox).collect();
        assert_eq!(boxes, [[0.0, 0.0, 30.0, 10.0], [40.0, 0.0, 60.0, 10.0]]);
        for kept in [
            "taken b.i.d. and p.o.",
            "e.g. a.m. q.d.",
            "see mychart.example.org for",
            "is.huthm ago.Ome A.is Dr.B thx.1 in.x1",
            "patient's we'll I've they're MRI'ed o'clock O'Connor don't",
            "Transf'n workmen's.",
        ] {
            assert_eq!(mended(&[kept]), [kept]);
        }
    }

    #[test]
    fn a_full_stop_after_a_word_before_lower_case_is_a_comma_or_nothing() {
        // The next word perhaps on the next line.
        assert_eq!(
            mended(&[
                "his right leg. down the stairs. There. is",
                "fixed.",
                "dilated pupils"
            ]),
            [
                "his right leg, down the stairs. There is",
                "fixed,",
                "dilated pupils"
            ]
        );
        // Abbreviations, sentence ends, and a word after that is no common
        // word (a stray fragment of the margin) are left alone.
        for kept in [
            "Dr. xyz and etc. and",
            "in the past. She",
            "of surgery. ome",
        ] {
            assert_eq!(mended(&[kept]), [kept]);
        }
    }

    #[test]
    fn a_zero_read_as_the_letter_o() {
        assert_eq!(
            mended(&[
                "positive waves O. Motor units, Fibrillations O, rare",
                "Dr. O. He"
            ]),
            [
                "positive waves 0. Motor units, Fibrillations 0, rare",
                "Dr. O. He"
            ]
        );
    }

    #[test]
    fn a_list_number_gets_back_its_full_stop() {
        assert_eq!(
            mended(&[
                "1 Acyclovir 400 mg",
                "13 LEFT VASTUS",
                "12, LEFT",
                "150 Units",
                "7 days"
            ]),
            [
                "1. Acyclovir 400 mg",
                "13. LEFT VASTUS",
                "12. LEFT",
                "150 Units",
                "7 days"
            ]
        );
    }
}
