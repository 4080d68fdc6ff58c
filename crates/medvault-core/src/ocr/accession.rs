//! Lab request numbers read with a digit for their letter: the printouts
//! number requests `Z516566` (and accessions `12Z968800`), and the recognizer
//! reads the Z as a 2 or a 7. In the labelled corpus such numbers stand 406
//! times, on the rows `Request No:`, `Req No:` and `Lab No :` or before the
//! date and time of a collection, and no number of seven digits or more
//! stands anywhere; so in those places a 2 or a 7 where the Z belongs is
//! the Z. Numbers elsewhere are left as read: a record number may well
//! begin with a 2.

use super::OcrLine;

/// Whether the row is headed `Request No:`, `Req No:` or `Lab No :` (the
/// recognizer may read `Req` as `Reg` or `Rea`).
fn request_row(line: &OcrLine) -> bool {
    let mut words = line.words.iter().map(|w| w.text.to_ascii_lowercase());
    let head = words.next().unwrap_or_default();
    ["request", "req", "reg", "rea", "lab"].contains(&head.as_str())
        && words.next().is_some_and(|w| w.starts_with("no"))
}

/// The heading `Req` for a request row's first word read `Reg` or `Rea`:
/// the corpus heads 44 rows `Req No:` and none with either misreading.
fn heading(word: &str) -> Option<String> {
    matches!(word, "Reg" | "Rea").then(|| "Req".to_owned())
}

/// A date as the printouts write it, `05/04/12`.
fn date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 8
        && b.iter().enumerate().all(|(i, c)| {
            if i % 3 == 2 {
                *c == b'/'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// `word` with its letter back, if it is a request number (`prefix` digits,
/// then the letter, then six digits) read with a 2 or 7 for the Z.
fn lettered(word: &str, prefix: usize) -> Option<String> {
    let b = word.as_bytes();
    let fits = b.len() == prefix + 7
        && b.iter().all(u8::is_ascii_digit)
        && matches!(b[prefix], b'2' | b'7');
    fits.then(|| format!("{}Z{}", &word[..prefix], &word[prefix + 1..]))
}

/// Gives back their Z to the request numbers of `lines`.
pub fn mend_accessions(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    for line in &mut lines {
        let request = request_row(line);
        line.mend_words(|words, i| {
            if request && i == 0 {
                heading(&words[i].text)
            } else if request {
                lettered(&words[i].text, 0)
            } else if words.get(i + 1).is_some_and(|w| date(&w.text)) {
                lettered(&words[i].text, 2)
            } else {
                None
            }
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mend(text: &str) -> String {
        OcrLine::mended_by(text, mend_accessions)
    }

    #[test]
    fn a_request_numbers_letter_is_given_back() {
        assert_eq!(
            mend("Request No: 2516566 Z561599 7561866"),
            "Request No: Z516566 Z561599 Z561866"
        );
        assert_eq!(mend("Reg No: 2968898"), "Req No: Z968898");
        assert_eq!(mend("Rea No: 7168607 2186804"), "Req No: Z168607 Z186804");
        assert_eq!(mend("Lab No : 2763793"), "Lab No : Z763793");
        assert_eq!(mend("127968800 05/04/12 10:30"), "12Z968800 05/04/12 10:30");
    }

    #[test]
    fn other_numbers_are_left_alone() {
        for kept in [
            "MRN: 2516566",
            "Rea 2516566",
            "Reg. No: 3516566",
            "Request No: 3516566 251656 25165661",
            "Phone 2125551234 05/04/12",
            "2516566 05/04/12",
            "127968800 2005-04-12",
        ] {
            assert_eq!(mend(kept), kept);
        }
    }
}
