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
//! `every 4`), and ink there that no other line's word holds is read. Lab
//! printouts lose two marks: a range's closing bracket set in a column of
//! its own (`( 22-30    )`), looked for further out when the line opened
//! one, and the dash of `40 - 50`, told by its shape, between two words or
//! left inside a word's box that is too wide for its reading. In a table's
//! column gap, a short patch of ink clear of both columns is a value the
//! detector left out (`Aerobic bottle 4 days`); a number read there needs
//! as many digits as the ink has marks (a `%` read `6` is refused), and
//! ink shaped as a percent sign (see `percent`) is put in as `%`, the unit
//! of a row whose unit column the detector passed over. Before a line's
//! first word, a list item's number read there (`1.`, `12.`) is put in:
//! the detector often starts an item's line at its text.
//! On 120 rendered scan pages (five seeds of `make_pages.py`), the words
//! took 51 word edits off the readings' distance to the truth and added
//! one; the marks took off 33 more.

use image::GrayImage;

use super::lexicon;
use super::marks::{blobs_in, Blob};
use super::percent;
use super::{OcrLine, OcrWord};

/// A gap wide enough for a lost word is at least this many of the line's
/// letters wide, and a gap between columns of a table at least `MAX_GAP`.
/// On 24 rendered scan pages, the gaps between a word and the next measured
/// about 0.7 letters; where a short word was lost, 2.1 to 2.4.
const MIN_GAP: f32 = 1.8;
const MAX_GAP: f32 = 3.2;

/// The most characters a word read in a gap may have.
const MAX_FOUND: usize = 3;

/// How many letters past a line's end its closing bracket may be: lab
/// printouts set it in a column of its own, `( 22-30    )`.
const MAX_BRACKET_REACH: f32 = 8.0;

/// A word's box this many times as wide as its letters may hold more than
/// was read.
const WIDE_WORD: f32 = 1.6;

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
    /// Past a short word's reach: only a closing bracket is looked for.
    pub bracket_only: bool,
    /// Its ink is a dash, no letter.
    pub dash: bool,
    /// How many separate marks its ink has: a number read there has at
    /// least as many digits (`%`, three marks, is read `6`).
    pub pieces: usize,
    /// Alone in a table's column gap, its ink is a percent sign's rings and
    /// slash: a unit the detector left out (`Meth Hb   1.1   %   0-1.5`).
    pub percent: bool,
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
/// detector left out. A line needs three words of two characters or more,
/// from which its letter width (the median of their widths per character)
/// is taken.
pub fn find_gaps(lines: &[OcrLine], page: &GrayImage) -> Vec<Gap> {
    // Every word's box, by line.
    let words: Vec<(usize, [f32; 4])> = (lines.iter().enumerate())
        .flat_map(|(i, l)| l.words.iter().map(move |w| (i, w.bbox)))
        .collect();
    let mut gaps = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(letter) = line.letter_width() else {
            continue;
        };
        let reach = MAX_GAP * letter;
        let open = is_open(&line.words);
        for j in 0..=line.words.len() {
            if let Some(k) = j.checked_sub(1) {
                gaps.extend(dash_in_word(page, line, i, k, letter));
            }
            let before = j.checked_sub(1).map(|k| line.words[k].bbox);
            let after = line.words.get(j).map(|w| w.bbox);
            // A gap wider than a short word is a table's column gap.
            let wide = matches!((before, after), (Some(a), Some(b)) if b[0] - a[2] >= reach);
            let bbox = match (before, after) {
                (Some(a), Some(b)) => {
                    if (b[0] - a[2]) / letter < MIN_GAP {
                        continue;
                    }
                    [a[2], a[1].min(b[1]), b[0], a[3].max(b[3])]
                }
                (Some(a), None) if open => [a[2], a[1], a[2] + MAX_BRACKET_REACH * letter, a[3]],
                (Some(a), None) => [a[2], a[1], a[2] + reach, a[3]],
                (None, Some(b)) => [b[0] - reach, b[1], b[0], b[3]],
                (None, None) => continue,
            };
            // Between two words, the ink is the line's (where lines
            // overlap, another's box may hold it too); at its ends, ink that
            // another line's word holds was read with that word.
            let others = if before.is_some() && after.is_some() && !wide {
                &[][..]
            } else {
                &words[..]
            };
            let Some((ink, dash, pieces)) = letter_ink(page, bbox, others, i) else {
                continue;
            };
            // In a column gap, a value or mark of its own (`bottle 4 days`,
            // `Sodium * mmol/L`): short, a letter or more clear of both sides.
            let lone = ink[1] - ink[0] <= MAX_FOUND as f32 * letter
                && ink[0] - bbox[0] >= letter
                && bbox[2] - ink[1] >= letter;
            if wide && !lone {
                continue;
            }
            let margin = |m: f32| m < MAX_GLUED_MARGIN * letter;
            let to_previous = before.is_some() && margin(ink[0] - bbox[0]);
            let to_next = after.is_some() && margin(bbox[2] - ink[1]);
            let glued = match (to_previous, to_next) {
                (true, false) => Glued::ToPrevious,
                (false, true) => Glued::ToNext,
                _ => Glued::Alone,
            };
            let bracket_only = !wide && ink[0] > bbox[0] + reach;
            // At a line's end or in a column gap, what is read is the ink
            // with a space's room.
            let room = MAX_GLUED_MARGIN * letter;
            let bbox = match (before, after) {
                (Some(_), Some(_)) if !wide => bbox,
                _ => [
                    bbox[0].max(ink[0] - room),
                    bbox[1],
                    bbox[2].min(ink[1] + room),
                    bbox[3],
                ],
            };
            let percent = wide && glued == Glued::Alone && percent::is_percent_sign(page, bbox);
            gaps.push(Gap {
                line: i,
                before_word: j,
                bbox,
                ink,
                glued,
                bracket_only,
                dash,
                pieces,
                percent,
            });
        }
    }
    gaps
}

/// A dash the recognizer left out of the word `k` of `line` whose box holds
/// it (`30 -` read `30`, its box two letters too wide): the word's last
/// patch of ink, a dash's shape, half a letter or more clear of the rest.
fn dash_in_word(page: &GrayImage, line: &OcrLine, i: usize, k: usize, letter: f32) -> Option<Gap> {
    let word = &line.words[k];
    let [l, t, r, b] = pixel_rect(page, word.bbox)?;
    let chars = word.text.chars().count() as f32;
    if (r - l) as f32 <= chars * letter * WIDE_WORD {
        return None;
    }
    let mut blobs = blobs_in(page, l, t, r, b);
    blobs.sort_by_key(|b| b.right);
    let (last, rest) = blobs.split_last()?;
    let rest_right = rest.iter().map(|b| b.right).max()?;
    let clear = (last.left as f32 - rest_right as f32) >= letter / 2.0;
    if !clear || !is_dash(last, t, b - t + 1) {
        return None;
    }
    let room = MAX_GLUED_MARGIN * letter;
    let ink = [last.left as f32, last.right as f32 + 1.0];
    Some(Gap {
        line: i,
        before_word: k + 1,
        bbox: [ink[0] - room, word.bbox[1], ink[1] + room, word.bbox[3]],
        ink,
        glued: Glued::Alone,
        bracket_only: false,
        dash: true,
        pieces: 1,
        percent: false,
    })
}

/// `bbox` in whole pixels within `page`, inclusive; none when less than
/// three pixels wide or high is left.
fn pixel_rect(page: &GrayImage, bbox: [f32; 4]) -> Option<[u32; 4]> {
    let [l, t, r, b] = bbox.map(|v| v.max(0.0).round() as u32);
    let (r, b) = (r.min(page.width() - 1), b.min(page.height() - 1));
    (r > l + 2 && b > t + 2).then_some([l, t, r, b])
}

/// Whether `blob` is a dash in a line `h` high from `top`: solid, wide and
/// flat, at the height of a letter's middle (not an underline).
fn is_dash(blob: &Blob, top: u32, h: u32) -> bool {
    let middle = (blob.top + blob.bottom) / 2 - top;
    blob.width() * 6 >= h
        && blob.height() * 2 <= blob.width()
        && blob.pixels * 2 >= blob.width() * blob.height()
        && (h * 3 / 10..h * 3 / 4).contains(&middle)
}

/// The left and right of the patches of ink in the gap `bbox` that are a
/// letter's size (a third of the line's height or taller) or a dash's,
/// clear of the gap's sides and of the words of `words` not on `line`;
/// with whether it is a dash and no letter, and how many marks (not specks)
/// it has; none: the gap holds neither.
fn letter_ink(
    page: &GrayImage,
    bbox: [f32; 4],
    words: &[(usize, [f32; 4])],
    line: usize,
) -> Option<([f32; 2], bool, usize)> {
    let [l, t, r, b] = pixel_rect(page, bbox)?;
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
    let letter = |blob: &&Blob| blob.height() * 3 >= h && blob.pixels * 30 >= h * h;
    // A dash between two words or numbers (`7.31 - 7.41`).
    let dash = |blob: &&Blob| is_dash(blob, t, h);
    let dash_only = !blobs.iter().any(|b| letter(&b));
    if dash_only && !blobs.iter().any(|b| dash(&b)) {
        return None;
    }
    // The whole of the ink: a letter's dot or a comma's tail with it.
    let left = blobs.iter().map(|b| b.left).min()?;
    let right = blobs.iter().map(|b| b.right).max()?;
    let pieces = blobs.iter().filter(|b| b.pixels * 90 >= h * h).count();
    Some(([left as f32, right as f32 + 1.0], dash_only, pieces))
}

/// Puts the words read in `gaps` (`found[k]` in `gaps[k]`, with the
/// recognizer's confidence) into their
/// lines: a word of letters or digits of up to `MAX_FOUND` characters, a
/// bracket that closes one the line opened (lab ranges, `( 135-145 )`), a
/// dash or a `*` standing between two words (`7.31 - 7.41`); other marks
/// and longer readings (a stray stroke, the edge of a neighbour) are left
/// out.
pub fn fill_gaps(mut lines: Vec<OcrLine>, gaps: &[Gap], found: &[(String, f32)]) -> Vec<OcrLine> {
    // From the last gap back, so that each word index still holds.
    for (gap, (text, confidence)) in gaps.iter().zip(found).rev() {
        let confidence = *confidence;
        let text = text.trim();
        let line = &mut lines[gap.line];
        let n = text.chars().count();
        let word = (1..=MAX_FOUND).contains(&n)
            && text.chars().all(|c| c.is_alphanumeric())
            && !(text.chars().all(|c| c.is_ascii_digit()) && n < gap.pieces);
        let bracket = text == ")" && is_open(&line.words[..gap.before_word]);
        let between = gap.before_word > 0 && gap.before_word < line.words.len();
        // A dash's shape tells it better than its reading, which is `?`,
        // `-` or nothing; a letter read there is left out with it.
        let dash = gap.dash && between && !text.chars().any(char::is_alphanumeric);
        let text = if dash { "-" } else { text };
        let star = text == "*" && between && gap.glued == Glued::Alone;
        // A percent sign's shape tells it better than its reading, which
        // is `6`, `%` or nothing.
        let percent = gap.percent
            && between
            && (text.is_empty() || text == "%" || text.chars().all(|c| c.is_ascii_digit()));
        let text = if percent { "%" } else { text };
        // A list item's number before the line's first word (`1. Reduced`).
        let item = gap.before_word == 0 && gap.glued == Glued::Alone && is_item_number(text);
        if !(bracket || dash || star || percent || item || word && !gap.bracket_only && !gap.dash) {
            continue;
        }
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
            Glued::Alone => {
                if let Some(k) = gap.before_word.checked_sub(1) {
                    let word = &mut line.words[k].bbox;
                    word[2] = word[2].min(left);
                }
                line.words.insert(
                    gap.before_word,
                    OcrWord {
                        text: text.to_string(),
                        bbox: [left, gap.bbox[1], right, gap.bbox[3]],
                        confidence,
                    },
                )
            }
            Glued::ToPrevious => {
                let word = &mut line.words[gap.before_word - 1];
                word.text.push_str(text);
                word.bbox[2] = right;
                word.confidence = word.confidence.min(confidence);
            }
            Glued::ToNext => {
                let word = &mut line.words[gap.before_word];
                word.text.insert_str(0, text);
                word.bbox[0] = left;
                word.confidence = word.confidence.min(confidence);
            }
        }
        line.retext();
    }
    lines
}

/// Whether `text` is a list item's number: one or two digits and a stop (`3.`).
fn is_item_number(text: &str) -> bool {
    text.strip_suffix('.')
        .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `words` open a bracket they do not close (`( 135-145`).
fn is_open(words: &[OcrWord]) -> bool {
    let count = |c: char| {
        words
            .iter()
            .map(|w| w.text.matches(c).count())
            .sum::<usize>()
    };
    count('(') > count(')')
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

    /// A white page 300 by 20 with ink at `[left, top, right, bottom]`.
    fn page(ink: &[[u32; 4]]) -> GrayImage {
        let mut img = GrayImage::from_pixel(300, 20, image::Luma([255]));
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
                bracket_only: false,
                dash: false,
                pieces: 1,
                percent: false,
            }]
        );
        let filled = fill_gaps(lines, &gaps, &[("a".to_string(), 1.0)]);
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
            let filled = fill_gaps(lines.clone(), &gaps, &[(noise.to_string(), 1.0)]);
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
        let filled = fill_gaps(lines.clone(), &gaps, &[("d".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "labeled with nam designated lobe");
        assert_eq!(filled[0].words[3].bbox[0], 170.0);
        // Against the word before, it is that word's last letter.
        let gaps = find_gaps(&lines, &page(&[[156, 3, 162, 11]]));
        assert_eq!(gaps[0].glued, Glued::ToPrevious);
        let filled = fill_gaps(lines, &gaps, &[("e".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "labeled with name esignated lobe");
        // An article stays one, close set or not, unless the two make a word.
        let lines = vec![line(&[("with", 7.0), ("nam", 24.0), ("history", 0.0)])];
        let gaps = find_gaps(&lines, &page(&[[93, 3, 99, 11]]));
        assert_eq!(gaps[0].glued, Glued::ToNext);
        let filled = fill_gaps(lines.clone(), &gaps, &[("a".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "with nam a history");
        let lines = vec![line(&[("with", 7.0), ("nam", 24.0), ("cised", 0.0)])];
        let filled = fill_gaps(lines, &gaps, &[("in".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "with nam incised");
    }

    #[test]
    fn a_list_items_number_lost_before_the_line_is_put_in() {
        // `1. Reduced exercise capacity`, read from `Reduced` on.
        let words = [("Reduced", 40.0), ("exercise", 117.0), ("capacity", 204.0)];
        let boxes: Vec<(&str, [f32; 4])> = words
            .iter()
            .map(|&(w, x)| (w, [x, 0.0, x + 10.0 * w.len() as f32, 12.0]))
            .collect();
        let lines = vec![OcrLine::of_word_boxes(&boxes)];
        let (one, stop) = ([16, 2, 21, 11], [25, 10, 26, 11]);
        let gaps = find_gaps(&lines, &page(&[one, stop]));
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].before_word, gaps[0].glued), (0, Glued::Alone));
        let filled = fill_gaps(lines.clone(), &gaps, &[("1.".to_string(), 0.9)]);
        assert_eq!(filled[0].text, "1. Reduced exercise capacity");
        // Only a number and a stop: other readings with marks stay out.
        for other in ["1.5", "a.", "1,"] {
            let filled = fill_gaps(lines.clone(), &gaps, &[(other.to_string(), 0.9)]);
            assert_eq!(filled[0].text, "Reduced exercise capacity", "{other}");
        }
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
        let filled = fill_gaps(lines.clone(), &gaps, &[("4".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "biopsy level 2 and 4");
        // Ink within a word of the page was read with it.
        let mut with_column = lines;
        with_column.push(OcrLine::of_word_boxes(&[("4", [178.0, 2.0, 188.0, 12.0])]));
        assert!(find_gaps(&with_column, &page(&[four])).is_empty());
    }

    #[test]
    fn a_bracket_in_a_column_of_its_own_closes_the_range() {
        let lines = vec![line(&[
            ("Urea", 7.0),
            ("mmol/L", 7.0),
            ("(", 7.0),
            ("22-30", 0.0),
        ])];
        // `22-30` ends at 181; the bracket stands five letters on.
        let bracket = [231, 1, 234, 12];
        let gaps = find_gaps(&lines, &page(&[bracket]));
        assert_eq!(gaps.len(), 1);
        assert!(gaps[0].bracket_only);
        let filled = fill_gaps(lines.clone(), &gaps, &[(")".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "Urea mmol/L ( 22-30 )");
        // So far out, a word is no lost word of the line.
        let filled = fill_gaps(lines, &gaps, &[("H".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "Urea mmol/L ( 22-30");
        // Nor is a bracket looked for where none is open.
        let lines = vec![line(&[
            ("Urea", 7.0),
            ("mmol/L", 7.0),
            ("135", 7.0),
            ("22-30", 0.0),
        ])];
        assert!(find_gaps(&lines, &page(&[bracket])).is_empty());
    }

    #[test]
    fn a_dash_between_two_numbers_is_put_in() {
        let lines = vec![line(&[
            ("pCO2", 7.0),
            ("was", 7.0),
            ("40", 24.0),
            ("50", 7.0),
            ("mmHg", 0.0),
        ])];
        // `40` ends at 104, `50` starts at 128.
        let gaps = find_gaps(&lines, &page(&[[112, 5, 120, 7]]));
        assert_eq!(gaps.len(), 1);
        let filled = fill_gaps(lines.clone(), &gaps, &[("-".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "pCO2 was 40 - 50 mmHg");
        // An underline is no dash, nor is a dash at a line's end put in.
        assert!(find_gaps(&lines, &page(&[[112, 11, 120, 12]])).is_empty());
        let gaps = find_gaps(&lines, &page(&[[210, 5, 218, 7]]));
        assert_eq!(gaps.len(), 1);
        let filled = fill_gaps(lines, &gaps, &[("-".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "pCO2 was 40 50 mmHg");
    }

    #[test]
    fn a_dash_left_in_a_word_box_is_put_after_it() {
        // `40`'s box is as wide as four letters: it holds `40 -`.
        let lines = vec![OcrLine::of_word_boxes(&[
            ("pCO2", [0.0, 0.0, 40.0, 12.0]),
            ("was", [47.0, 0.0, 77.0, 12.0]),
            ("40", [84.0, 0.0, 124.0, 12.0]),
            ("50", [140.0, 0.0, 160.0, 12.0]),
            ("mmHg", [167.0, 0.0, 207.0, 12.0]),
        ])];
        let digits = [[85, 2, 92, 11], [95, 2, 102, 11]];
        let gaps = find_gaps(&lines, &page(&[digits[0], digits[1], [112, 5, 120, 7]]));
        assert_eq!(gaps.len(), 1);
        assert_eq!((gaps[0].before_word, gaps[0].dash), (3, true));
        // Its reading is `?` as often as `-`; a letter read there is none.
        for read in ["-", "?", ""] {
            let filled = fill_gaps(lines.clone(), &gaps, &[(read.to_string(), 1.0)]);
            assert_eq!(filled[0].text, "pCO2 was 40 - 50 mmHg");
            assert_eq!(filled[0].words[2].bbox[2], 112.0);
        }
        let filled = fill_gaps(lines.clone(), &gaps, &[("r".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "pCO2 was 40 50 mmHg");
        // A wide word's ink with no dash clear of it is left as read.
        assert!(find_gaps(&lines, &page(&[digits[0], digits[1], [106, 5, 114, 7]])).is_empty());
    }

    #[test]
    fn a_value_alone_in_a_column_gap_is_read() {
        let lines = vec![line(&[("Aerobic", 7.0), ("bottle", 80.0), ("days", 0.0)])];
        let gaps = find_gaps(&lines, &page(&[[170, 2, 176, 11]]));
        assert_eq!(gaps.len(), 1);
        let filled = fill_gaps(lines.clone(), &gaps, &[("4".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "Aerobic bottle 4 days");
        // A `%`, three marks, read as a digit is no value.
        let percent = [[160, 2, 164, 5], [166, 2, 168, 11], [172, 8, 176, 11]];
        let gaps = find_gaps(&lines, &page(&percent));
        assert_eq!(gaps[0].pieces, 3);
        let filled = fill_gaps(lines.clone(), &gaps, &[("6".to_string(), 1.0)]);
        assert_eq!(filled[0].text, "Aerobic bottle days");
        // A percent sign tall enough to show its rings is put in as one,
        // whatever it was read as.
        let percent = [[160, 0, 164, 3], [166, 0, 168, 11], [172, 8, 176, 11]];
        let gaps = find_gaps(&lines, &page(&percent));
        assert!(gaps[0].percent);
        for read in ["6", "%", ""] {
            let filled = fill_gaps(lines.clone(), &gaps, &[(read.to_string(), 1.0)]);
            assert_eq!(filled[0].text, "Aerobic bottle % days");
        }
        // A six's one stroke is not a percent sign.
        let gaps = find_gaps(&lines, &page(&[[166, 0, 172, 11]]));
        assert!(!gaps[0].percent);
        // Ink spread over the gap is a column's text, not a lost value.
        let spread = [[150, 2, 156, 11], [185, 2, 191, 11]];
        assert!(find_gaps(&lines, &page(&spread)).is_empty());
    }
}
