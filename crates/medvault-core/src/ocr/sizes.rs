//! The dimension sign between sizes read as something else: a question mark
//! alone (`1.1 ? 0.8 cm`, `16.0 ?` at a line's end), glued to the size after
//! it (`1 ?0.7 cm`, `3.3 ?'2.7 cm`), a full stop and a degree sign glued to
//! the size before it (`1.1.° 0.8 cm`, `3.3° 2.7 cm`), or a full stop read
//! for the space after it (`x.0.8`). The labelled corpus never has a question
//! mark after a digit, nor a full stop and a degree sign; it writes `8.0 x
//! 3.5` 99 times. A degree sign is a sign only before another size of a chain
//! of lengths (`1.3° 0.8 cm`), never before a word (`at 90° and`) or a stop
//! (`36.8°.`).
//! A sign is only mended inside a chain of sizes that ends in a length unit
//! (`cm`, `mm`, `inch`), so a lab row's `?` or a temperature's `°` is left
//! alone. On 288 rendered scan pages (seeds 1-12) the chain's sign was read
//! so 17 times.

use super::numbers::CLOSING;
use super::{OcrLine, OcrWord};

/// The dimension sign's misreadings, once split off a size.
const MISREAD: [&str; 4] = ["?", "?'", ".°", "°"];

/// Misreadings glued before a size, and how many bytes of each (a full stop
/// read for a space) are dropped.
const GLUED_BEFORE: [(&str, usize); 3] = [("?'", 0), ("?", 0), ("x.", 1)];

/// Units of length a chain of sizes ends in.
const LENGTHS: [&str; 6] = ["cm", "mm", "inch", "inches", "in", "centimeters"];

/// Whether `text` is a size: a whole number, a decimal or a fraction
/// (`2-1/4`), with no marks around it.
fn is_size(text: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some((int, frac)) = text.split_once('.') {
        return digits(int) && digits(frac);
    }
    if let Some((whole, part)) = text.split_once('/') {
        let whole = whole
            .split_once('-')
            .map_or(whole, |(a, b)| if digits(a) { b } else { "" });
        return digits(whole) && digits(part);
    }
    digits(text)
}

/// Whether the words `after` a sign go on as a chain of sizes (sizes and
/// signs, read or misread) that ends in a unit of length; `sizes` of the
/// chain were read already.
fn ends_in_length<'a>(after: impl IntoIterator<Item = &'a str>, mut sizes: usize) -> bool {
    for word in after {
        let bare = word.trim_end_matches(CLOSING);
        if is_size(bare) {
            sizes += 1;
        } else if !(matches!(word, "x" | "X") || MISREAD.contains(&word)) {
            return sizes > 0 && LENGTHS.contains(&bare.to_ascii_lowercase().as_str());
        }
    }
    false
}

/// Whether the words of `line` after word `i`, then those of `next`, end a
/// chain of sizes (`sizes` of it read already).
fn chain_ends(line: &[OcrWord], next: &[OcrWord], i: usize, sizes: usize) -> bool {
    let after = line[i + 1..].iter().chain(next).map(|w| w.text.as_str());
    ends_in_length(after, sizes)
}

/// Where the sign glued to word `i` of `line` is to be split off: the cut
/// as for `OcrLine::split_at`.
fn glued_sign(line: &[OcrWord], next: &[OcrWord], i: usize) -> Option<(usize, usize, usize)> {
    let text = &line[i].text;
    let size_before = i > 0 && is_size(&line[i - 1].text);
    let glued = GLUED_BEFORE.iter().find_map(|&(sign, gap)| {
        let rest = text.strip_prefix(sign)?;
        let size = is_size(rest.trim_end_matches(CLOSING));
        (size && size_before && chain_ends(line, next, i, 1)).then_some((i, sign.len() - gap, gap))
    });
    glued.or_else(|| {
        let size = text.strip_suffix(".°").or_else(|| text.strip_suffix('°'))?;
        (is_size(size) && chain_ends(line, next, i, 0)).then_some((i, size.len(), 0))
    })
}

/// Mends the dimension signs of `lines`.
pub fn mend_sizes(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for k in 0..lines.len() {
        let (head, tail) = lines.split_at_mut(k + 1);
        let line = &mut head[k];
        let next = tail.first().map_or(&[][..], |l| &l.words[..]);
        let cuts: Vec<_> = (0..line.words.len())
            .filter_map(|i| glued_sign(&line.words, next, i))
            .collect();
        line.split_at(&cuts);
        // Then each misreading alone between a size and the chain's rest.
        let words = &line.words;
        let signs: Vec<usize> = (1..words.len())
            .filter(|&i| MISREAD.contains(&words[i].text.as_str()))
            .filter(|&i| is_size(&words[i - 1].text) && chain_ends(words, next, i, 0))
            .collect();
        line.mend_words(|_, i| signs.contains(&i).then(|| "x".to_string()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(lines: &[&str]) -> Vec<String> {
        let lines = lines.iter().map(|t| OcrLine::of_words(t)).collect();
        mend_sizes(lines).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_misread_dimension_sign_between_sizes_is_mended() {
        assert_eq!(
            mend(&[
                "is a 1.3 x 1.1 ? 0.8 cm mass, 8.0 ? 3.5 ? 3.0 cm wedge",
                "1 ?0.7 cm and 5 x 4.5 ?4 cm. 3.6 x 3.3 ?'2.7 cm",
                "a 1.0 x 1.0.° 1.5 cm nodule, 1.3 x 1.1 x.0.8 cm, 2-1/4 ? 2-3/4 inch",
                "is a 16.0 ?",
                "14.5 x 6.0 cm wedge",
                "nodes measuring 1.3° 0.8 cm, 3.6 x 3.3° 2.7 cm and 1.0° 1.0 x 0.5 cm",
            ]),
            [
                "is a 1.3 x 1.1 x 0.8 cm mass, 8.0 x 3.5 x 3.0 cm wedge",
                "1 x 0.7 cm and 5 x 4.5 x 4 cm. 3.6 x 3.3 x 2.7 cm",
                "a 1.0 x 1.0 x 1.5 cm nodule, 1.3 x 1.1 x 0.8 cm, 2-1/4 x 2-3/4 inch",
                "is a 16.0 x",
                "14.5 x 6.0 cm wedge",
                "nodes measuring 1.3 x 0.8 cm, 3.6 x 3.3 x 2.7 cm and 1.0 x 1.0 x 0.5 cm",
            ]
        );
    }

    #[test]
    fn signs_outside_a_chain_of_lengths_are_left_alone() {
        let lines = [
            "Glucose 5.6 ? 6.1 mmol/L",
            "temperature 98.6.° today, 2 ? 3 times, 1.5 ?2 mg",
            "is a 16.0 ?",
            "week later",
            "sizes 3 ? 4 were seen",
            "LLE at 90° and RLE at 90°. T 36.8°. then 99.9° HR 115 and 98° on 2 cm",
            "flexed 90° cm",
        ];
        assert_eq!(mend(&lines), lines);
    }
}
