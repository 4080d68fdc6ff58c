//! OCR results: pages of lines of words, with boxes in the pixel coordinates
//! of the original image.

use serde::{Deserialize, Serialize};

/// A word, its box `[left, top, right, bottom]`, and how sure the recognizer
/// was of it: the probability it gave the word's least sure character (0 for
/// a word it did not read, such as a list number put back by a text rule, and
/// for readings stored before confidences were kept).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OcrWord {
    pub text: String,
    pub bbox: [f32; 4],
    #[serde(default)]
    pub confidence: f32,
}

impl OcrWord {
    /// The word as two at byte `cut` of its text, `gap` bytes (a mark read
    /// for a space) left out between them, each with its share of the box
    /// by characters.
    pub fn split(&self, cut: usize, gap: usize) -> [OcrWord; 2] {
        let [x0, top, x1, bottom] = self.bbox;
        let at = |n: usize| x0 + (x1 - x0) * n as f32 / self.text.len() as f32;
        [
            OcrWord {
                text: self.text[..cut].into(),
                bbox: [x0, top, at(cut), bottom],
                confidence: self.confidence,
            },
            OcrWord {
                text: self.text[cut + gap..].into(),
                bbox: [at(cut + gap), top, x1, bottom],
                confidence: self.confidence,
            },
        ]
    }
}

/// A line in reading order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OcrLine {
    pub text: String,
    pub bbox: [f32; 4],
    pub words: Vec<OcrWord>,
}

impl OcrLine {
    /// Sets the line's text from its words again, after a word was mended.
    pub fn retext(&mut self) {
        self.text = self
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }

    /// The median width of a letter in the line's words of two characters or
    /// more; none with fewer than three such words.
    pub(crate) fn letter_width(&self) -> Option<f32> {
        let mut per_letter: Vec<f32> = (self.words.iter())
            .filter(|w| w.text.chars().count() >= 2)
            .map(|w| (w.bbox[2] - w.bbox[0]) / w.text.chars().count() as f32)
            .collect();
        if per_letter.len() < 3 {
            return None;
        }
        per_letter.sort_by(f32::total_cmp);
        Some(per_letter[per_letter.len() / 2])
    }

    /// Gives each word the text `mend` finds for it (from the line's words and
    /// the word's index), if any, then sets the line's text again.
    pub fn mend_words(&mut self, mut mend: impl FnMut(&[OcrWord], usize) -> Option<String>) {
        let mut changed = false;
        for i in 0..self.words.len() {
            if let Some(text) = mend(&self.words, i) {
                self.words[i].text = text;
                changed = true;
            }
        }
        if changed {
            self.retext();
        }
    }

    /// Makes word `i` and the word after it one word reading `text`, whose
    /// box holds both (the line's text is not set again).
    pub fn join(&mut self, i: usize, text: String) {
        let next = self.words.remove(i + 1);
        let word = &mut self.words[i];
        word.text = text;
        word.bbox[2] = next.bbox[2];
        word.bbox[1] = word.bbox[1].min(next.bbox[1]);
        word.bbox[3] = word.bbox[3].max(next.bbox[3]);
        word.confidence = word.confidence.min(next.confidence);
    }

    /// Joins each word to the word after it where `joins` says that their
    /// texts, run together, are one word, then sets the line's text again.
    pub fn join_words(&mut self, joins: impl Fn(&str, &str) -> bool) {
        let mut changed = false;
        let mut i = 0;
        while i + 1 < self.words.len() {
            let (head, tail) = (&self.words[i].text, &self.words[i + 1].text);
            if joins(head, tail) {
                let text = format!("{head}{tail}");
                self.join(i, text);
                changed = true;
            }
            i += 1;
        }
        if changed {
            self.retext();
        }
    }

    /// Splits the words at `cuts` (`(word, cut, gap)`, as `OcrWord::split`,
    /// words in ascending order, one cut each), then sets the line's text
    /// again.
    pub fn split_at(&mut self, cuts: &[(usize, usize, usize)]) {
        for &(i, cut, gap) in cuts.iter().rev() {
            let halves = self.words[i].split(cut, gap);
            self.words.splice(i..=i, halves);
        }
        if !cuts.is_empty() {
            self.retext();
        }
    }

    /// Splits each word where `at` finds a place in its text (the byte to cut
    /// at, and how many bytes, a mark read for a space, fall between the
    /// halves), and again in what follows, then sets the line's text again.
    pub fn split_words(&mut self, at: impl Fn(&str) -> Option<(usize, usize)>) {
        // Words before the first split stay where they are, looked at once.
        let Some(first) = self.words.iter().position(|w| at(&w.text).is_some()) else {
            return;
        };
        for mut word in self.words.split_off(first) {
            while let Some((cut, gap)) = at(&word.text).filter(|&(c, g)| c + g > 0) {
                let [first, rest] = word.split(cut, gap);
                self.words.push(first);
                word = rest;
            }
            self.words.push(word);
        }
        self.retext();
    }

    /// The text of the line of `text`'s words once `mend` has run (for tests).
    #[cfg(test)]
    pub(crate) fn mended_by(text: &str, mend: fn(Vec<OcrLine>) -> Vec<OcrLine>) -> String {
        mend(vec![OcrLine::of_words(text)]).remove(0).text
    }

    /// A line of the words of `text` split at spaces, boxes left empty (for tests).
    #[cfg(test)]
    pub(crate) fn of_words(text: &str) -> OcrLine {
        let words: Vec<_> = text.split(' ').map(|w| (w, [0.0; 4])).collect();
        OcrLine::of_word_boxes(&words)
    }

    /// A line of the words given with their boxes; the line's own box left
    /// empty (for tests).
    #[cfg(test)]
    pub(crate) fn of_word_boxes(words: &[(&str, [f32; 4])]) -> OcrLine {
        let mut line = OcrLine {
            text: String::new(),
            bbox: [0.0; 4],
            words: words
                .iter()
                .map(|&(text, bbox)| OcrWord {
                    text: text.into(),
                    bbox,
                    confidence: 1.0,
                })
                .collect(),
        };
        line.retext();
        line
    }
}

/// One page. When the page was turned to read it, `rotation` says by how
/// many degrees clockwise, and `width`, `height` and the boxes are those of
/// the turned (upright) page. `tilt` is the slant its lines were scanned at,
/// in degrees clockwise (0 for readings stored before pages were levelled):
/// the page was levelled to be read, and its boxes turned back onto the
/// slanted lines.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OcrPage {
    pub width: u32,
    pub height: u32,
    pub rotation: u16,
    #[serde(default)]
    pub tilt: f32,
    pub lines: Vec<OcrLine>,
}

impl OcrPage {
    /// The page's text, one line per line.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
