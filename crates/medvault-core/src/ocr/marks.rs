//! The full stop, comma, colon or semicolon that ends a word, judged from
//! the page's ink.
//! - The detector's word boxes stop at the last letter, so a mark just after
//!   a line's last word is often outside every box and the recognizer never
//!   sees it (`improving.` read as `improving`); inside a line it leaves out
//!   some too (`Also the`, `Dr Smith`).
//! - The recognizer reads many a comma as a full stop (`reddish,` as
//!   `reddish.`), and many a full stop as a comma (`vomited,`).
//!
//! A small blob right after a word's last letter, with nothing else after
//! it, is a full stop when it is short (under `DOT_HEIGHT` letters) and sits
//! on the word's baseline, and a comma when it is taller and hangs below it.
//! Measured on 144 scan pages (seeds 1-6 of `make_pages.py`), where 6,000
//! words end in a mark: a full stop is 0.12-0.26 letters tall, a comma
//! 0.27-0.57 (1st to 99th percentile). A short mark that reaches 0.1 letters below the baseline may
//! be a comma with a faint tail, so it does not overrule a comma read; and
//! inside a line, where the recognizer read no mark, a full stop is added
//! only when solid and set apart from the letter (the hook of a `t` is
//! neither). A word may end in a letter, a digit, `)` or `%`. With these
//! rules, 192 pages (seeds 1-8) have 141 words more right and none less.
//!
//! Two blobs stacked after a word are a colon or semicolon when the lower
//! is a full stop or comma by the rules above and the upper is a dot: clear
//! of the baseline, solid (fill 0.6 or more) and no wider than 0.27
//! letters (measured on 1,730 stacked pairs of seeds 1-8: the upper dots of
//! true colons and semicolons are 0.10-0.25 letters wide, 1st to 99th
//! percentile, and at least 0.61 full; specks and the pieces of a `y` are
//! wider or hollower). It mends a word read with a full stop or comma
//! (`node.` → `node:`, `lung,` → `lung;`), never adds one to a bare word.
//! On the same pages: 33 words more right, none less.

use image::GrayImage;

use super::OcrLine;

/// Pixels darker than this are ink.
pub(super) const INK: u8 = 128;

/// Below this letter height (pixels) a page is too coarse to tell a mark
/// from a speck, and nothing is added.
const MIN_LETTER_PX: u32 = 8;

/// How far past a word's box (a share of its height) its end mark is
/// looked for: after a line's last word, where the detector left the mark
/// out; after a word inside a line, where the mark lies in the box and the
/// next word begins about a fifth of the height on.
const REACH_LINE_END: f32 = 0.8;
const REACH_INSIDE: f32 = 0.12;

/// Mends each word's end mark against `page`, the image the lines' boxes
/// refer to: a word that ends in a letter, a digit, `)` or `%` gets the full stop or
/// comma the image shows after it (inside a line, only a clear one), and a
/// word read with a full stop or comma after a letter, or after a number
/// inside a line (`2003.`, not a list item's `2.`), gets the mark the image
/// shows. Where the image is not clear, the word stays as read.
pub fn mend_end_marks(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let n = line.words.len();
        let mut changed = false;
        for (i, word) in line.words.iter_mut().enumerate() {
            let last = i + 1 == n;
            let mut chars = word.text.chars().rev();
            let (end, before) = (chars.next(), chars.next());
            // A number opening a line is a list item's, left to `lists`.
            let after_number = before.is_some_and(|c| c.is_ascii_digit()) && i > 0;
            let read_mark = matches!(end, Some('.' | ',' | ':' | ';'))
                && (before.is_some_and(|c| c.is_alphabetic()) || after_number);
            let bare = end.is_some_and(|c| c.is_alphanumeric() || c == ')' || c == '%');
            if !(read_mark || bare) {
                continue;
            }
            let reach = if last { REACH_LINE_END } else { REACH_INSIDE };
            let Some(mark) = ink_mark_after_word(page, word.bbox, reach) else {
                continue;
            };
            if read_mark {
                if end != Some(mark.kind) && mark.firm {
                    word.text.pop();
                    word.text.push(mark.kind);
                    changed = true;
                }
            } else if (last || mark.clear) && matches!(mark.kind, '.' | ',') {
                word.text.push(mark.kind);
                changed = true;
            }
        }
        if changed {
            line.retext();
        }
    }
    lines
}

/// A connected patch of ink; bounds inclusive, in page pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Blob {
    pub left: u32,
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
    pub pixels: u32,
}

impl Blob {
    pub fn width(&self) -> u32 {
        self.right - self.left + 1
    }
    pub fn height(&self) -> u32 {
        self.bottom - self.top + 1
    }
}

/// The full stop or comma after the last letter of the word in `bbox`
/// (`[left, top, right, bottom]`), looking up to `reach` times its height
/// past the box, if the image shows one clearly.
pub(super) fn mark_after_word(page: &GrayImage, bbox: [f32; 4], reach: f32) -> Option<char> {
    ink_mark_after_word(page, bbox, reach).map(|m| m.kind)
}

/// Below this height, in letters, a mark is a full stop; from it up, a
/// comma.
const DOT_HEIGHT: f32 = 0.265;

/// A mark seen after a word's last letter.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    /// `.`, `,`, `:` or `;`.
    kind: char,
    /// Whether it is sure enough to overrule the recognizer's reading of a
    /// comma (a full stop may be a comma's head when it reaches below the
    /// baseline).
    firm: bool,
    /// Whether it is clear enough to add where the recognizer read no mark
    /// inside a line: every comma, and a full stop that is solid and set
    /// apart from the letter.
    clear: bool,
}

/// The mark after the last letter of the word in `bbox`, as
/// `mark_after_word`.
fn ink_mark_after_word(page: &GrayImage, bbox: [f32; 4], reach: f32) -> Option<Mark> {
    let h = bbox[3] - bbox[1];
    // Also false for a box with NaN corners.
    if h.is_nan() || h < MIN_LETTER_PX as f32 {
        return None;
    }
    let (pw, ph) = page.dimensions();
    let x0 = to_pixel(bbox[0].max(bbox[2] - 3.0 * h), pw);
    let x1 = to_pixel(bbox[2] + reach * h, pw);
    let y0 = to_pixel(bbox[1] - 0.25 * h, ph);
    let y1 = to_pixel(bbox[3] + 0.5 * h, ph);
    let blobs = blobs_in(page, x0, y0, x1, y1);
    // Letters: blobs at least a third of the box tall, centred in it (not
    // the tails of the lines above and below).
    let letters: Vec<&Blob> = blobs
        .iter()
        .filter(|b| {
            let centre = (b.top + b.bottom) as f32 / 2.0;
            b.height() as f32 >= 0.33 * h
                && centre > bbox[1]
                && centre < bbox[3]
                && b.left as f32 <= bbox[2]
        })
        .collect();
    if letters.len() < 2 {
        return None;
    }
    let unit = median(letters.iter().map(|b| b.height()));
    if unit < MIN_LETTER_PX {
        return None;
    }
    let baseline = median(letters.iter().map(|b| b.bottom)) as f32;
    let last_letter = letters.iter().max_by_key(|b| b.right)?;
    // What lies after the last letter, level with the word: one blob close
    // to it, or two stacked (a colon's or semicolon's).
    let u = unit as f32;
    let after: Vec<&Blob> = blobs
        .iter()
        .filter(|b| {
            b.left > last_letter.right
                && b.pixels >= 3
                && b.bottom as f32 > baseline - 1.3 * u
                && (b.top as f32) < baseline + 0.6 * u
        })
        .collect();
    match after[..] {
        [mark] => judge(mark, last_letter, baseline, u),
        [a, b] => {
            // A colon's or semicolon's upper dot: above the lower mark,
            // solid and no wider than the dots measured (0.10-0.25 letters
            // on 1,460 of them; a speck or a piece of a `y` is wider or
            // hollower).
            let (upper, lower) = if a.top < b.top { (a, b) } else { (b, a) };
            let fill = upper.pixels as f32 / (upper.width() * upper.height()) as f32;
            let stacked = upper.left <= lower.right
                && lower.left <= upper.right
                && (upper.bottom as f32) < baseline - 0.3 * u
                && upper.height() as f32 <= 0.35 * u
                && upper.width() as f32 <= 0.27 * u
                && fill >= 0.6;
            let mark = judge(lower, last_letter, baseline, u).filter(|_| stacked)?;
            let kind = if mark.kind == '.' { ':' } else { ';' };
            Some(Mark { kind, ..mark })
        }
        _ => None,
    }
}

/// The mark `mark` is, a blob after the word's `last_letter` on a line of
/// letters `u` pixels tall standing on `baseline`: a full stop or comma,
/// or none if it is neither clearly.
fn judge(mark: &Blob, last_letter: &Blob, baseline: f32, u: f32) -> Option<Mark> {
    let gap = (mark.left - last_letter.right) as f32;
    let (w, mh) = (mark.width() as f32, mark.height() as f32);
    let fill = mark.pixels as f32 / (w * mh);
    let small = w >= 0.10 * u && w <= 0.45 * u && mh >= 0.10 * u;
    if gap > 0.6 * u || fill < 0.4 || !small {
        return None;
    }
    // Heights, top and bottom in letters, from the baseline down. Measured
    // on 144 scan pages' 6,000 marks: a full stop is under 0.26 letters
    // tall, a comma over 0.27; a comma's head starts above the baseline and
    // its tail reaches at least 0.06 below it.
    let (top, bottom) = (
        (mark.top as f32 - baseline) / u,
        (mark.bottom as f32 - baseline) / u,
    );
    let h = mh / u;
    let comma = (DOT_HEIGHT..=0.8).contains(&h)
        && (-0.4..0.1).contains(&top)
        && (0.12..=0.6).contains(&bottom)
        && (h >= 0.31 || bottom >= 0.16);
    let kind = if h < DOT_HEIGHT && (-0.2..=0.2).contains(&bottom) {
        '.'
    } else if comma {
        ','
    } else if h <= 0.45 && bottom.abs() <= 0.15 {
        // Taller than most full stops, but on the baseline.
        '.'
    } else {
        return None;
    };
    // A full stop that is short and does not reach 0.1 letters below the
    // baseline; a taller or lower one may be a comma whose tail is faint.
    let firm = comma || (h < DOT_HEIGHT && bottom < 0.1);
    // A loose piece of the last letter (the hook of a `t`) sits close
    // against it and is hollower than a printed full stop.
    let clear = comma || (firm && fill >= 0.7 && (gap >= 0.15 * u || fill >= 0.85));
    Some(Mark { kind, firm, clear })
}

/// The pixel at coordinate `v` on an axis `max` pixels long, clamped to it.
pub(super) fn to_pixel(v: f32, max: u32) -> u32 {
    (v.max(0.0) as u32).min(max.saturating_sub(1))
}

fn median(values: impl Iterator<Item = u32>) -> u32 {
    let mut v: Vec<u32> = values.collect();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// The blobs of ink within a word's box `bbox` (`[left, top, right,
/// bottom]`, clamped to the page).
pub(super) fn blobs_in_box(page: &GrayImage, bbox: [f32; 4]) -> Vec<Blob> {
    let (pw, ph) = page.dimensions();
    let [x0, y0, x1, y1] = [
        to_pixel(bbox[0], pw),
        to_pixel(bbox[1], ph),
        to_pixel(bbox[2], pw),
        to_pixel(bbox[3], ph),
    ];
    blobs_in(page, x0, y0, x1, y1)
}

/// The 8-connected blobs of ink within the rectangle `x0..=x1`, `y0..=y1`.
pub(super) fn blobs_in(page: &GrayImage, x0: u32, y0: u32, x1: u32, y1: u32) -> Vec<Blob> {
    if x1 < x0 || y1 < y0 {
        return Vec::new();
    }
    let (w, h) = ((x1 - x0 + 1) as usize, (y1 - y0 + 1) as usize);
    let ink = |x: usize, y: usize| page.get_pixel(x0 + x as u32, y0 + y as u32).0[0] < INK;
    let mut seen = vec![false; w * h];
    let mut blobs = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || !ink(start % w, start / w) {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (sx, sy) = ((start % w) as u32, (start / w) as u32);
        let mut b = Blob {
            left: sx,
            top: sy,
            right: sx,
            bottom: sy,
            pixels: 0,
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            b.pixels += 1;
            b.left = b.left.min(x as u32);
            b.right = b.right.max(x as u32);
            b.top = b.top.min(y as u32);
            b.bottom = b.bottom.max(y as u32);
            for (dx, dy) in [
                (-1i32, -1i32),
                (0, -1),
                (1, -1),
                (-1, 0),
                (1, 0),
                (-1, 1),
                (0, 1),
                (1, 1),
            ] {
                let (nx, ny) = (x as i32 + dx, y as i32 + dy);
                if nx < 0 || ny < 0 || nx >= w as i32 || ny >= h as i32 {
                    continue;
                }
                let j = ny as usize * w + nx as usize;
                if !seen[j] && ink(nx as usize, ny as usize) {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        blobs.push(Blob {
            left: b.left + x0,
            right: b.right + x0,
            top: b.top + y0,
            bottom: b.bottom + y0,
            pixels: b.pixels,
        });
    }
    blobs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::test_ink::BASELINE;
    use image::Luma;

    /// A white strip with a word of `n` letters drawn as bars from x = 20
    /// (x-height 20 px, every third an ascender of 28 px) sitting on the
    /// baseline, and ink rectangles `marks` (`[left, top, width, height]`).
    /// Returns the page and the word's box, which ends at its last letter.
    fn page(n: u32, marks: &[[u32; 4]]) -> (GrayImage, [f32; 4]) {
        let letters = (0..n).map(|i| {
            let tall = if i % 3 == 0 { 28 } else { 20 };
            [20 + i * 16, BASELINE - tall, 12, tall]
        });
        let rects: Vec<[u32; 4]> = letters.chain(marks.iter().copied()).collect();
        let img = crate::ocr::test_ink::page(400, 100, &rects);
        let right = 20 + n * 16 - 4;
        (img, [20.0, 22.0, right as f32, BASELINE as f32 + 6.0])
    }

    fn read(words: &[(&str, [f32; 4])], img: &GrayImage) -> String {
        mend_end_marks(vec![OcrLine::of_word_boxes(words)], img)
            .remove(0)
            .text
    }

    // The word's last letter ends at x = 20 + 6 * 16 - 4 = 112.
    const STOP: [u32; 4] = [116, BASELINE - 5, 5, 5];
    const COMMA: [u32; 4] = [116, BASELINE - 5, 5, 11];

    #[test]
    fn a_mark_left_out_at_the_end_of_a_line_is_added() {
        let (img, b) = page(6, &[STOP]);
        assert_eq!(read(&[("improving", b)], &img), "improving.");
        assert_eq!(read(&[("<20-30%)", b)], &img), "<20-30%).");
        assert_eq!(read(&[("90%", b)], &img), "90%.");
        let (img, b) = page(6, &[COMMA]);
        assert_eq!(read(&[("reddish", b)], &img), "reddish,");
    }

    #[test]
    fn nothing_is_added_without_a_clear_mark() {
        // Nothing after the word; a speck of two pixels; a mark floating
        // above the baseline; two blobs after the word (more text).
        for marks in [
            vec![],
            vec![[116, BASELINE - 2, 2, 1]],
            vec![[116, BASELINE - 15, 5, 5]],
            vec![STOP, [126, BASELINE - 20, 12, 20]],
        ] {
            let (img, b) = page(6, &marks);
            assert_eq!(read(&[("improving", b)], &img), "improving", "{marks:?}");
        }
    }

    #[test]
    fn a_comma_read_as_a_full_stop_inside_a_line_is_mended() {
        let (img, b) = page(6, &[COMMA]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        let next = [140.0, 22.0, 180.0, 66.0];
        assert_eq!(
            read(&[("reddish.", b), ("and", next)], &img),
            "reddish, and"
        );
        let (img, b) = page(6, &[STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("clean.", b), ("The", next)], &img), "clean. The");
    }

    #[test]
    fn a_full_stop_read_as_a_comma_is_mended() {
        let (img, b) = page(6, &[STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        let next = [140.0, 22.0, 180.0, 66.0];
        assert_eq!(read(&[("vomited,", b), ("On", next)], &img), "vomited. On");
    }

    #[test]
    fn a_comma_whose_tail_may_be_faint_and_list_numbers_are_kept() {
        // A short mark reaching 0.15 letters below the baseline.
        let (img, b) = page(6, &[[116, BASELINE - 2, 5, 5]]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        let next = [140.0, 22.0, 180.0, 66.0];
        assert_eq!(read(&[("lobe,", b), ("and", next)], &img), "lobe, and");
        let (img, b) = page(6, &[COMMA]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("66.", b), ("and", next)], &img), "66. and");
    }

    #[test]
    fn a_mark_left_out_inside_a_line_is_added_where_it_is_clear() {
        let next = [140.0, 22.0, 180.0, 66.0];
        let (img, b) = page(6, &[COMMA]);
        assert_eq!(read(&[("Also", b), ("the", next)], &img), "Also, the");
        let (img, b) = page(6, &[STOP]);
        assert_eq!(read(&[("Dr", b), ("Smith", next)], &img), "Dr. Smith");
        // A hollow piece against the last letter (a `t`'s hook) is no mark
        // inside a line, though one would be taken at a line's end.
        let (mut img, b) = page(6, &[[113, BASELINE - 5, 5, 5]]);
        for (x, y) in [(114, 56), (115, 56), (116, 56), (114, 57), (116, 57)] {
            img.put_pixel(x, y, Luma([235]));
        }
        assert_eq!(read(&[("patient", b), ("is", next)], &img), "patient is");
        assert_eq!(read(&[("patient", b)], &img), "patient.");
    }

    #[test]
    fn a_number_s_comma_read_as_a_full_stop_inside_a_line_is_mended() {
        let (img, b) = page(6, &[COMMA]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        let first = [0.0, 22.0, 15.0, 66.0];
        let next = [140.0, 22.0, 180.0, 66.0];
        assert_eq!(
            read(&[("in", first), ("200300.", b), ("The", next)], &img),
            "in 200300, The"
        );
    }

    // A colon's or semicolon's upper dot, above STOP or COMMA.
    const UPPER_DOT: [u32; 4] = [116, BASELINE - 15, 5, 5];

    #[test]
    fn a_colon_or_semicolon_read_as_a_full_stop_or_comma_is_mended() {
        let next = [140.0, 22.0, 180.0, 66.0];
        let (img, b) = page(6, &[UPPER_DOT, STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("Plan.", b), ("The", next)], &img), "Plan: The");
        assert_eq!(read(&[("Plan,", b)], &img), "Plan:");
        let (img, b) = page(6, &[UPPER_DOT, COMMA]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(
            read(&[("however,", b), ("the", next)], &img),
            "however; the"
        );
    }

    #[test]
    fn a_colon_is_not_added_to_a_bare_word_nor_taken_from_a_speck() {
        // The ink shows a colon, but a word read bare stays bare.
        let (img, b) = page(6, &[UPPER_DOT, STOP]);
        assert_eq!(read(&[("automatic", b)], &img), "automatic");
        // Above the stop, a blob too wide or too hollow for a dot is no
        // colon's: the stop read stays.
        let wide = [114, BASELINE - 15, 9, 5];
        let (img, b) = page(6, &[wide, STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("clear.", b)], &img), "clear.");
        // An L of 9 pixels in a 5 by 5 box.
        let hollow = [[116, BASELINE - 15, 1, 5], [116, BASELINE - 11, 5, 1]];
        let (img, b) = page(6, &[hollow[0], hollow[1], STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("clear.", b)], &img), "clear.");
    }

    #[test]
    fn a_coarse_page_or_an_empty_box_is_left_alone() {
        let img = GrayImage::from_pixel(40, 10, Luma([235]));
        assert_eq!(read(&[("word", [0.0, 0.0, 30.0, 5.0])], &img), "word");
        assert_eq!(read(&[("word", [0.0; 4])], &img), "word");
    }
}
