//! Short words the recognizer lost between two words of a line: the page
//! has `developed a left-sided`, `1.0 x 1.0`, `level 7 subcarinal`, and the
//! reading has the words either side with a gap between them as wide as a
//! short word and its spaces. Such gaps are found from the line's own letter
//! width; those with a letter's worth of ink in them are read again on their
//! own, and a short word found there is put in. (Read blank, a gap comes
//! back as a capital made up from the crop's edges, `T`, `E`, `C`.) Ink
//! that sits against a neighbour, with no space between, is that word's
//! lost first or last letters (`d esignated`, `in cised`, `H b`): it is
//! joined to it, unless it reads as a word (`a`) and the two make none. A
//! line's ends are looked at the same way, up to a short word's width out:
//! the detector leaves a last short word out of its line (`level 2 and 4`,
//! `every 4`), and ink there that no other line's word holds is read.
//! On 120 rendered scan pages (five seeds of `make_pages.py`), this took 51
//! word edits off the readings' distance to the truth and added one.

use image::GrayImage;

use super::lexicon;
use super::marks::{blobs_in, Blob};
use super::{OcrLine, OcrWord};

/// A gap wide enough for a lost word is at least this many of the line's
/// letters wide, and a gap between columns of a table at least `MAX_GAP`.
/// On 24 rendered scan pages, the gaps between a word and the next measured
/// about 0.7 letters; where a short word was lost, 2.1 to 2.4.
const MIN_GAP: f32 = 1.8;
const MAX_GAP: f32 = 3.2;

/// The most characters a word read in a gap may have.
const MAX_FOUND: usize = 3;

/// Ink closer than this many letters to a word beside it has no space
/// between: on rendered scan pages, a lost letter sat 0.2 to 0.34 letters
/// from its word, a lost word's ink 0.42 or more from either.
const MAX_GLUED_MARGIN: f32 = 0.36;

/// A gap to read again: its line, the word after it, its box, and what the
/// ink in it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub line: usize,
    pub before_word: usize,
    pub bbox: [f32; 4],
    /// The left and right of its ink.
    pub ink: [f32; 2],
    pub glued: Glued,
}

/// Whether a gap's ink is a word of its own or part of a word beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glued {
    Alone,
    ToPrevious,
    ToNext,
}

/// The gaps of `lines` where a short word may be lost and `page` shows
/// one: between two words, and before a line's first word or after its last
/// (`level 2 and 4`), where ink no word of the page covers may be a word the
/// detector left out. A line needs three words of three characters or more,
/// from which its letter width (the median of their widths per character)
/// is taken.
pub fn find_gaps(lines: &[OcrLine], page: &GrayImage) -> Vec<Gap> {
    // Every word's box, by line.
    let words: Vec<(usize, [f32; 4])> = (lines.iter().enumerate())
        .flat_map(|(i, l)| l.words.iter().map(move |w| (i, w.bbox)))
        .collect();
    let mut gaps = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(letter) = letter_width(line) else {
            continue;
        };
        let reach = MAX_GAP * letter;
        for j in 0..=line.words.len() {
            let before = j.checked_sub(1).map(|k| line.words[k].bbox);
            let after = line.words.get(j).map(|w| w.bbox);
            let bbox = match (before, after) {
                (Some(a), Some(b)) => {
                    if !(MIN_GAP..MAX_GAP).contains(&((b[0] - a[2]) / letter)) {
                        continue;
                    }
                    [a[2], a[1].min(b[1]), b[0], a[3].max(b[3])]
                }
                (Some(a), None) => [a[2], a[1], a[2] + reach, a[3]],
                (None, Some(b)) => [b[0] - reach, b[1], b[0], b[3]],
                (None, None) => continue,
            };
            // Between two words, the ink is the line's (where lines
            // overlap, another's box may hold it too); at its ends, ink that
            // another line's word holds was read with that word.
            let others = if before.is_some() && after.is_some() {
                &[][..]
            } else {
                &words[..]
            };
            let Some(ink) = letter_ink(page, bbox, others, i) else {
                continue;
            };
            let margin = |m: f32| m < MAX_GLUED_MARGIN * letter;
            let to_previous = before.is_some() && margin(ink[0] - bbox[0]);
            let to_next = after.is_some() && margin(bbox[2] - ink[1]);
            let glued = match (to_previous, to_next) {
                (true, false) => Glued::ToPrevious,
                (false, true) => Glued::ToNext,
                _ => Glued::Alone,
            };
            // At a line's end, what is read is the ink with a space's room.
            let room = MAX_GLUED_MARGIN * letter;
            let bbox = match (before, after) {
                (Some(_), Some(_)) => bbox,
                _ => [
                    bbox[0].max(ink[0] - room),
                    bbox[1],
                    bbox[2].min(ink[1] + room),
                    bbox[3],
                ],
            };
            gaps.push(Gap {
                line: i,
                before_word: j,
                bbox,
                ink,
                glued,
            });
        }
    }
    gaps
}

/// The median width of a letter in `line`'s words of three characters or
/// more; none with fewer than three such words.
fn letter_width(line: &OcrLine) -> Option<f32> {
    let mut per_letter: Vec<f32> = (line.words.iter())
        .filter(|w| w.text.chars().count() >= 3)
        .map(|w| (w.bbox[2] - w.bbox[0]) / w.text.chars().count() as f32)
        .collect();
    if per_letter.len() < 3 {
        return None;
    }
    per_letter.sort_by(f32::total_cmp);
    Some(per_letter[per_letter.len() / 2])
}

/// The left and right of the patches of ink in the gap `bbox` that are a
/// letter's size (a third of the line's height or taller), clear of the
/// gap's sides and of the words of `words` not on `line`; none: the gap holds no letter.
fn letter_ink(
    page: &GrayImage,
    bbox: [f32; 4],
    words: &[(usize, [f32; 4])],
    line: usize,
) -> Option<[f32; 2]> {
    let [l, t, r, b] = bbox.map(|v| v.max(0.0).round() as u32);
    let (r, b) = (r.min(page.width() - 1), b.min(page.height() - 1));
    if r <= l + 2 || b <= t + 2 {
        return None;
    }
    let h = b - t + 1;
    let covered = |blob: &Blob| {
        words.iter().any(|&(k, w)| {
            k != line
                && (blob.left as f32) < w[2]
                && (blob.right as f32) >= w[0]
                && (blob.top as f32) < w[3]
                && (blob.bottom as f32) >= w[1]
        })
    };
    let blobs: Vec<Blob> = blobs_in(page, l, t, r, b)
        .into_iter()
        .filter(|blob| blob.left > l && blob.right < r && !covered(blob))
        .collect();
    blobs
        .iter()
        .find(|blob| blob.height() * 3 >= h && blob.pixels * 30 >= h * h)?;
    // The whole of the ink: a letter's dot or a comma's tail with it.
    let left = blobs.iter().map(|b| b.left).min()?;
    let right = blobs.iter().map(|b| b.right).max()?;
    Some([left as f32, right as f32 + 1.0])
}

/// Puts the words read in `gaps` (`found[k]` in `gaps[k]`) into their
/// lines: a word of letters or digits of up to `MAX_FOUND` characters; marks
/// and longer readings (a stray stroke, the edge of a neighbour) are left out.
pub fn fill_gaps(mut lines: Vec<OcrLine>, gaps: &[Gap], found: &[String]) -> Vec<OcrLine> {
    // From the last gap back, so that each word index still holds.
    for (gap, text) in gaps.iter().zip(found).rev() {
        let text = text.trim();
        let fits = (1..=MAX_FOUND).contains(&text.chars().count())
            && text.chars().all(|c| c.is_alphanumeric());
        if !fits {
            continue;
        }
        let line = &mut lines[gap.line];
        let [left, right] = gap.ink;
        let joined = match gap.glued {
            Glued::Alone => String::new(),
            Glued::ToPrevious => format!("{}{text}", line.words[gap.before_word - 1].text),
            Glued::ToNext => format!("{text}{}", line.words[gap.before_word].text),
        };
        // A word on its own (`a history`, close set) stays one unless the
        // two make a word.
        let glued = if is_a_word(text) && !is_a_word(&joined) {
            Glued::Alone
        } else {
            gap.glued
        };
        match glued {
            Glued::Alone => line.words.insert(
                gap.before_word,
                OcrWord {
                    text: text.to_string(),
                    bbox: [left, gap.bbox[1], right, gap.bbox[3]],
                },
            ),
            Glued::ToPrevious => {
                let word = &mut line.words[gap.before_word - 1];
                word.text.push_str(text);
                word.bbox[2] = right;
            }
            Glued::ToNext => {
                let word = &mut line.words[gap.before_word];
                word.text.insert_str(0, text);
                word.bbox[0] = left;
            }
        }
        line.retext();
    }
    lines
}

/// Whether `text`, its marks aside, is `a`, `I` or a known word of two
/// letters or more.
fn is_a_word(text: &str) -> bool {
    let word = text.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(word, "a" | "A" | "I")
        || (word.chars().count() > 1 && lexicon::is_known(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of words 10 pixels per character, the gaps given after each.
    fn line(words: &[(&str, f32)]) -> OcrLine {
        let mut x = 0.0;
        let boxes: Vec<(&str, [f32; 4])> = words
            .iter()
            .map(|&(w, gap)| {
                let right = x + 10.0 * w.len() as f32;
                let b = (w, [x, 0.0, right, 12.0]);
                x = right + gap;
                b
            })
            .collect();
        OcrLine::of_word_boxes(&boxes)
    }

    /// A white page 200 by 20 with ink at `[left, top, right, bottom]`.
    fn page(ink: &[[u32; 4]]) -> GrayImage {
        let mut img = GrayImage::from_pixel(200, 20, image::Luma([255]));
        for &[l, t, r, b] in ink {
            for x in l..=r {
                for y in t..=b {
                    img.put_pixel(x, y, image::Luma([0]));
                }
            }
        }
        img
    }

    #[test]
    fn a_gap_as_wide_as_a_short_word_is_read_again_and_filled() {
        let lines = vec![line(&[
            ("he", 7.0),
            ("developed", 22.0),
            ("left-sided", 7.0),
            ("pneumonia", 0.0),
        ])];
        // Without ink in it, the gap is a wide space.
        assert!(find_gaps(&lines, &page(&[])).is_empty());
        let gaps = find_gaps(&lines, &page(&[[124, 5, 131, 11]]));
        assert_eq!(
            gaps,
            [Gap {
                line: 0,
                before_word: 2,
                bbox: [117.0, 0.0, 139.0, 12.0],
                ink: [124.0, 132.0],
                glued: Glued::Alone,
            }]
        );
        let filled = fill_gaps(lines, &gaps, &["a".to_string()]);
        assert_eq!(filled[0].text, "he developed a left-sided pneumonia");
    }

    #[test]
    fn spaces_columns_and_noise_are_left_alone() {
        // An ordinary space, and a table's column gap.
        let lines = vec![line(&[("Sodium", 7.0), ("140", 60.0), ("mmol/L", 0.0)])];
        assert!(find_gaps(&lines, &page(&[[60, 0, 199, 19]])).is_empty());
        // What is read in a gap is put in only when it is a short word.
        let lines = vec![line(&[
            ("the", 7.0),
            ("patient", 7.0),
            ("has", 22.0),
            ("history", 7.0),
            ("of", 0.0),
        ])];
        // A speck, or the edge of a neighbouring letter, is no letter.
        let (speck, edge) = ([150, 6, 151, 7], [143, 2, 149, 11]);
        assert!(find_gaps(&lines, &page(&[speck, edge])).is_empty());
        let gaps = find_gaps(&lines, &page(&[[152, 4, 158, 11]]));
        assert_eq!(gaps.len(), 1);
        for noise in ["", " ", "-", "~.", "abcd"] {
            let filled = fill_gaps(lines.clone(), &gaps, &[noise.to_string()]);
            assert_eq!(filled[0].text, "the patient has history of");
        }
    }

    #[test]
    fn ink_against_a_word_is_its_lost_letter() {
        let lines = vec![line(&[
            ("labeled", 7.0),
            ("with", 7.0),
            ("nam", 24.0),
            ("esignated", 7.0),
            ("lobe", 0.0),
        ])];
        // The word starts 2 pixels after the ink: no space between.
        let gaps = find_gaps(&lines, &page(&[[170, 3, 176, 11]]));
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0].glued, Glued::ToNext);
        let filled = fill_gaps(lines.clone(), &gaps, &["d".to_string()]);
        assert_eq!(filled[0].text, "labeled with nam designated lobe");
        assert_eq!(filled[0].words[3].bbox[0], 170.0);
        // Against the word before, it is that word's last letter.
        let gaps = find_gaps(&lines, &page(&[[156, 3, 162, 11]]));
        assert_eq!(gaps[0].glued, Glued::ToPrevious);
        let filled = fill_gaps(lines, &gaps, &["e".to_string()]);
        assert_eq!(filled[0].text, "labeled with name esignated lobe");
        // An article stays one, close set or not, unless the two make a word.
        let lines = vec![line(&[("with", 7.0), ("nam", 24.0), ("history", 0.0)])];
        let gaps = find_gaps(&lines, &page(&[[93, 3, 99, 11]]));
        assert_eq!(gaps[0].glued, Glued::ToNext);
        let filled = fill_gaps(lines.clone(), &gaps, &["a".to_string()]);
        assert_eq!(filled[0].text, "with nam a history");
        let lines = vec![line(&[("with", 7.0), ("nam", 24.0), ("cised", 0.0)])];
        let filled = fill_gaps(lines, &gaps, &["in".to_string()]);
        assert_eq!(filled[0].text, "with nam incised");
    }

    #[test]
    fn a_word_lost_at_a_line_end_is_read_unless_another_line_has_it() {
        let lines = vec![line(&[
            ("biopsy", 7.0),
            ("level", 7.0),
            ("2", 7.0),
            ("and", 0.0),
        ])];
        let four = [180, 3, 186, 11];
        let gaps = find_gaps(&lines, &page(&[four]));
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].before_word, gaps[0].glued), (4, Glued::Alone));
        let filled = fill_gaps(lines.clone(), &gaps, &["4".to_string()]);
        assert_eq!(filled[0].text, "biopsy level 2 and 4");
        // Ink within a word of the page was read with it.
        let mut with_column = lines;
        with_column.push(OcrLine::of_word_boxes(&[("4", [178.0, 2.0, 188.0, 12.0])]));
        assert!(find_gaps(&with_column, &page(&[four])).is_empty());
    }
}
