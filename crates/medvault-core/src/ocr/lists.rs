//! Numbered lists with an item's number misread or lost: reports list their
//! diagnoses and findings as `1.`, `2.`, `3.` at one margin, and the
//! recognizer reads a number now and then as a letter or mark (`A.`, `?.`,
//! `b.`, `2..`) or loses it (`Pancytopenia` set at the items' text). A line
//! between items `n` and `n + 2` at the list's margin whose first word is
//! such a slip, or which starts where the items' text starts, is item
//! `n + 1`.

use super::{OcrLine, OcrWord};

/// The number of a list item's first word (`3.`).
fn item_number(line: &OcrLine) -> Option<u32> {
    let first = &line.words.first()?.text;
    let digits = first.strip_suffix('.')?;
    (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether `text` is an item's number misread: one character and a stop or
/// two (`A.`, `?.`, `2..`).
fn misread_number(text: &str) -> bool {
    let mark = text.trim_end_matches('.');
    let stops = text.len() - mark.len();
    mark.chars().count() == 1 && (1..=2).contains(&stops)
}

/// The line's height, the tolerance for lining its words up with others.
fn height(line: &OcrLine) -> f32 {
    line.bbox[3] - line.bbox[1]
}

/// Mends the numbers of list items in `lines`, in reading order.
pub fn mend_lists(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let numbered: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, item_number(l)?)))
        .collect();
    for pair in numbered.windows(2) {
        let [(a, n), (b, m)] = [pair[0], pair[1]];
        if m != n + 2 || b - a < 2 {
            continue;
        }
        let (first, last) = (&lines[a], &lines[b]);
        // Scans set a list's numbers a few pixels apart: a line's height
        // apart at most, and the items' text half as far from its start.
        let tol = height(first).min(height(last));
        let margin = (first.bbox[0] + last.bbox[0]) / 2.0;
        if (first.bbox[0] - last.bbox[0]).abs() > tol {
            continue;
        }
        // Where the items' text starts, if both have text.
        let indent = match (first.words.get(1), last.words.get(1)) {
            (Some(x), Some(y)) => Some((x.bbox[0] + y.bbox[0]) / 2.0),
            _ => None,
        };
        // Only lines with words are looked at (their first word is read).
        let at_margin = |l: &OcrLine| !l.words.is_empty() && (l.bbox[0] - margin).abs() <= tol;
        let at_indent = |l: &OcrLine| {
            !l.words.is_empty()
                && indent.is_some_and(|x| {
                    (l.bbox[0] - x).abs() <= tol / 2.0 && l.bbox[0] - margin > tol / 2.0
                })
        };
        let between = a + 1..b;
        let number = format!("{}.", n + 1);
        let mut misread: Vec<usize> = between
            .clone()
            .filter(|&i| at_margin(&lines[i]) && misread_number(&lines[i].words[0].text))
            .collect();
        // A sub-list's letters (`a.`, `b.`) give way to the number with a
        // stop too many (`2..`).
        if let Some(&i) = misread
            .iter()
            .find(|&&i| lines[i].words[0].text.starts_with(&number))
        {
            misread = vec![i];
        }
        match misread.as_slice() {
            [i] => {
                lines[*i].words[0].text = number;
                lines[*i].retext();
            }
            [] => {
                let lost: Vec<usize> = between.filter(|&i| at_indent(&lines[i])).collect();
                if let [i] = lost.as_slice() {
                    let line = &mut lines[*i];
                    let [x, top, _, bottom] = line.words[0].bbox;
                    // The number's box: the left half of the room before the text.
                    let word = OcrWord {
                        text: number,
                        bbox: [margin, top, (margin + x) / 2.0, bottom],
                        confidence: 0.0,
                    };
                    line.words.insert(0, word);
                    line.bbox[0] = margin;
                    line.retext();
                }
            }
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of words at the given left edges, one word each 10 wide, 20 high.
    fn page(rows: &[&[(&str, f32)]]) -> Vec<OcrLine> {
        rows.iter()
            .enumerate()
            .map(|(r, words)| {
                let y = 30.0 * r as f32;
                let boxes: Vec<_> = words
                    .iter()
                    .map(|&(t, x)| (t, [x, y, x + 10.0, y + 20.0]))
                    .collect();
                let mut line = OcrLine::of_word_boxes(&boxes);
                line.bbox = [words[0].1, y, words[words.len() - 1].1 + 10.0, y + 20.0];
                line
            })
            .collect()
    }

    fn texts(lines: &[OcrLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn a_misread_item_number_is_mended() {
        let lines = mend_lists(page(&[
            &[("3.", 100.0), ("We", 130.0), ("will", 150.0)],
            &[("A.", 101.0), ("We", 131.0), ("will", 150.0)],
            &[("5.", 99.0), ("She", 130.0), ("is", 150.0)],
            &[("1.", 100.0), ("Blood:", 130.0)],
            &[("a.", 100.0), ("Ethanol:", 130.0)],
            &[("b.", 100.0), ("Drugs:", 130.0)],
            &[("sufficient", 100.0), ("for", 150.0)],
            &[("2..", 100.0), ("Urine:", 130.0)],
            &[("3.", 100.0), ("Ocular", 130.0)],
        ]));
        assert_eq!(
            texts(&lines),
            [
                "3. We will",
                "4. We will",
                "5. She is",
                "1. Blood:",
                "a. Ethanol:",
                "b. Drugs:",
                "sufficient for",
                "2. Urine:",
                "3. Ocular"
            ]
        );
    }

    #[test]
    fn a_lost_item_number_is_put_back() {
        let lines = mend_lists(page(&[
            &[("3.", 100.0), ("History", 130.0)],
            &[("Pancytopenia", 131.0)],
            &[("5.", 100.0), ("History", 130.0)],
        ]));
        assert_eq!(
            texts(&lines),
            ["3. History", "4. Pancytopenia", "5. History"]
        );
        assert!(lines[1].words[0].bbox[0] < lines[1].words[1].bbox[0]);
    }

    #[test]
    fn lists_without_a_gap_or_out_of_line_are_left_alone() {
        let kept = page(&[
            &[("1.", 100.0), ("A", 130.0)],
            &[("A.", 100.0), ("B", 130.0)],
            &[("2.", 100.0), ("C", 130.0)],
            &[("B.", 160.0), ("D", 190.0)],
            &[("4.", 100.0), ("E", 130.0)],
            &[("I.", 100.0), ("F", 130.0)],
            &[("b.", 100.0), ("G", 130.0)],
            &[("6.", 100.0), ("H", 130.0)],
        ]);
        assert_eq!(mend_lists(kept.clone()), kept);
        // A line without words between two items is passed over.
        let mut kept = page(&[
            &[("3.", 100.0), ("A", 130.0)],
            &[("x", 131.0)],
            &[("5.", 100.0), ("B", 130.0)],
        ]);
        kept[1].words.clear();
        assert_eq!(mend_lists(kept.clone()), kept);
    }
}
