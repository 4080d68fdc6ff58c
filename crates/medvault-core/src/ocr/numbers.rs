//! Measurements read with their spaces or zeros lost: the recognizer glues
//! the dimension sign to a size (`8.0x`, `x0.8`, `2.0.x` for `8.0 x`,
//! `x 0.8`, `2.0 x`) and reads a leading zero as the letter O (`O.5`,
//! `O6/19/07`). The labelled corpus never glues them (it writes `8.0 x 3.5`
//! 99 times, and `x4` or `2x` only with whole numbers, which are left
//! alone) and has no word that opens with `O.` and a digit, or with `O`,
//! digits, a slash and a digit; so such words are split, or their O made a
//! zero.

use super::OcrLine;

/// The length of the decimal number `text` opens with (`16.0` in `16.0x`):
/// digits, a full stop, digits.
fn decimal(text: &str) -> Option<usize> {
    let int = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text[int..].strip_prefix('.')?;
    let frac = rest.bytes().take_while(u8::is_ascii_digit).count();
    (int > 0 && frac > 0).then_some(int + 1 + frac)
}

/// Whether `text` is only closing marks.
fn marks(text: &str) -> bool {
    text.bytes().all(|b| b",.;:)".contains(&b))
}

/// Where `text` is a size glued to the dimension sign: the byte to cut at
/// and how many bytes (a full stop read for the space) fall between.
fn glued_sign(text: &str) -> Option<(usize, usize)> {
    if let Some(n) = text.strip_prefix('x').and_then(decimal) {
        return marks(&text[1 + n..]).then_some((1, 0));
    }
    // A decimal, or else a whole number (glued only with a stop between).
    let dec = decimal(text);
    let n = dec.unwrap_or_else(|| text.bytes().take_while(u8::is_ascii_digit).count());
    if n == 0 {
        return None;
    }
    let rest = &text[n..];
    if let Some(after) = rest.strip_prefix(".x") {
        return marks(after).then_some((n, 1));
    }
    let after = rest.strip_prefix('x')?;
    (dec.is_some() && marks(after)).then_some((n, 0))
}

/// `text` with the letter O that opens it made a zero, where it stands for
/// one: before a full stop and a digit, or before digits, a slash and a
/// digit (a date; `O2/CO2` is oxygen).
fn zero_for_o(text: &str) -> Option<String> {
    let rest = text.strip_prefix('O')?;
    let b = rest.as_bytes();
    let zero = match b {
        [b'.', d, ..] => d.is_ascii_digit(),
        [d, ..] => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            d.is_ascii_digit()
                && b.get(digits) == Some(&b'/')
                && b.get(digits + 1).is_some_and(u8::is_ascii_digit)
        }
        [] => false,
    };
    zero.then(|| format!("0{rest}"))
}

/// Mends the measurements of `lines`.
pub fn mend_numbers(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        line.mend_words(|words, i| zero_for_o(&words[i].text));
        line.split_words(glued_sign);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_numbers)
    }

    #[test]
    fn a_size_glued_to_its_sign_is_split() {
        assert_eq!(
            mend("an 8.0x 0.7x 16.0x, x0.8 cm 2.0.x 3.x 1.5 x 2"),
            "an 8.0 x 0.7 x 16.0 x, x 0.8 cm 2.0 x 3 x 1.5 x 2"
        );
    }

    #[test]
    fn a_zero_read_as_o_is_a_zero() {
        assert_eq!(mend("O.5 mg on O6/19/07, O.2%"), "0.5 mg on 06/19/07, 0.2%");
    }

    #[test]
    fn other_words_are_left_alone() {
        for kept in [
            "x4. x2 2x 3x daily 10x x-ray 4.5xl 0x10",
            "O2 Sat O. O.K. OD OS pO2 O2/CO2 O2/",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
