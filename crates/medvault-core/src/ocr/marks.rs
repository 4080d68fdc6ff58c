//! The full stop or comma that ends a word, judged from the page's ink.
//! - The detector's word boxes stop at the last letter, so a mark just after
//!   a line's last word is often outside every box and the recognizer never
//!   sees it (`improving.` read as `improving`).
//! - The recognizer reads many a comma as a full stop (`reddish,` as
//!   `reddish.`).
//!
//! A small, solid blob right after a word's last letter, with nothing else
//! after it, is a full stop when it sits on the word's baseline and a comma
//! when it hangs below it. On two sets of 24 scan-like pages this took word
//! error rate from 0.066 to 0.060 and from 0.079 to 0.075, digit-word recall
//! unchanged (`medvault bench ocr`).

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
/// refer to: a line's last word that ends in a letter or digit gets the
/// full stop or comma the image shows after it, and a word read with a full
/// stop after a letter, or after a number inside a line (`2003.`, not a list
/// item's `2.`), gets a comma where the image shows one. Where the image is
/// not clear, the word stays as read.
pub fn mend_end_marks(mut lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    for line in &mut lines {
        let n = line.words.len();
        let mut changed = false;
        for (i, word) in line.words.iter_mut().enumerate() {
            let last = i + 1 == n;
            let mut chars = word.text.chars().rev();
            let (end, before) = (chars.next(), chars.next());
            // Only a full stop is re-judged: a comma's tail can be too faint
            // to survive as ink, so a comma is never turned into a stop. A
            // number opening a line is a list item's, left to `lists`.
            let after_number = before.is_some_and(|c| c.is_ascii_digit()) && i > 0;
            let read_mark =
                end == Some('.') && (before.is_some_and(|c| c.is_alphabetic()) || after_number);
            let bare = end.is_some_and(|c| c.is_alphanumeric());
            if !(read_mark || (bare && last)) {
                continue;
            }
            let reach = if last { REACH_LINE_END } else { REACH_INSIDE };
            let Some(mark) = mark_after_word(page, word.bbox, reach) else {
                continue;
            };
            if read_mark {
                if end != Some(mark) {
                    word.text.pop();
                    word.text.push(mark);
                    changed = true;
                }
            } else {
                word.text.push(mark);
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
    // What lies after the last letter, level with the word: exactly one
    // blob, close to it.
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
    let [mark] = after[..] else {
        return None;
    };
    let gap = (mark.left - last_letter.right) as f32;
    let (w, mh) = (mark.width() as f32, mark.height() as f32);
    let solid = mark.pixels as f32 >= 0.45 * w * mh;
    let small = w >= 0.12 * u && w <= 0.45 * u && mh >= 0.12 * u;
    if gap > 0.6 * u || !solid || !small {
        return None;
    }
    let (top, bottom) = (mark.top as f32, mark.bottom as f32);
    if mh <= 0.45 * u && (bottom - baseline).abs() <= 0.15 * u {
        Some('.')
    } else if mh <= 0.8 * u
        && top >= baseline - 0.35 * u
        && bottom > baseline + 0.2 * u
        && bottom <= baseline + 0.6 * u
        && mh > 1.2 * w
    {
        Some(',')
    } else {
        None
    }
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
    use image::Luma;

    const BASELINE: u32 = 60;

    /// A white strip with a word of `n` letters drawn as bars from x = 20
    /// (x-height 20 px, every third an ascender of 28 px) sitting on the
    /// baseline, and ink rectangles `marks` (`[left, top, width, height]`).
    /// Returns the page and the word's box, which ends at its last letter.
    fn page(n: u32, marks: &[[u32; 4]]) -> (GrayImage, [f32; 4]) {
        let mut img = GrayImage::from_pixel(400, 100, Luma([235]));
        let mut fill = |[x, y, w, h]: [u32; 4]| {
            for yy in y..y + h {
                for xx in x..x + w {
                    img.put_pixel(xx, yy, Luma([30]));
                }
            }
        };
        for i in 0..n {
            let tall = if i % 3 == 0 { 28 } else { 20 };
            fill([20 + i * 16, BASELINE - tall, 12, tall]);
        }
        for &m in marks {
            fill(m);
        }
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
    fn commas_and_list_numbers_are_never_changed() {
        let (img, b) = page(6, &[STOP]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        let next = [140.0, 22.0, 180.0, 66.0];
        assert_eq!(read(&[("gown,", b), ("which", next)], &img), "gown, which");
        let (img, b) = page(6, &[COMMA]);
        let b = [b[0], b[1], b[2] + 8.0, b[3]];
        assert_eq!(read(&[("66.", b), ("and", next)], &img), "66. and");
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

    #[test]
    fn a_coarse_page_or_an_empty_box_is_left_alone() {
        let img = GrayImage::from_pixel(40, 10, Luma([235]));
        assert_eq!(read(&[("word", [0.0, 0.0, 30.0, 5.0])], &img), "word");
        assert_eq!(read(&[("word", [0.0; 4])], &img), "word");
    }
}
