//! Straightening a page scanned at a slight tilt before it is read. A flatbed
//! scan is rarely square; tilted a degree and a half, a line of prose rises
//! by more than its own height across the page, the detector cuts it into
//! segments that land in the wrong rows, and the recognizer reads the
//! slanted segments worse. The tilt is measured from the ink (the angle at
//! which the page's horizontal ink profile is sharpest: text lines then fall
//! into bins of their own), the page is turned level, read, and the boxes
//! are turned back into the scanned page's pixels.

use std::borrow::Cow;

use image::GrayImage;

use super::marks::INK;

/// Tilts searched, either way, in degrees.
const MAX_DEGREES: f32 = 5.0;
/// Step of the coarse search, and of the fine one about its best, in degrees.
const COARSE_STEP: f32 = 0.1;
const FINE_STEP: f32 = 0.02;
/// Tilts under this many degrees are left alone: a line of 2,000 pixels
/// rises by 7 pixels, well under a line's height, and turning the page
/// resamples every pixel.
const MIN_DEGREES: f32 = 0.2;
/// The tilt is measured on about this many cells along the long side: the
/// page is cut into cells of n × n pixels, and a cell whose mean grey is
/// ink counts as ink.
const MEASURE_LONG_SIDE: u32 = 2000;
/// The sharpest profile must be this much sharper than the level one's:
/// a page of pictures or a few words has no lines to level by.
const MIN_GAIN: f64 = 1.1;

/// A page turned level, and how to turn its boxes back.
pub struct Straightened<'a> {
    /// The page to read (the scanned page itself when it was level).
    pub image: Cow<'a, GrayImage>,
    turn: Option<Turn>,
}

/// A turn clockwise on screen, by the angle whose cosine and sine it holds,
/// about the scanned page's centre, onto a canvas large enough to keep
/// every corner.
struct Turn {
    cos: f32,
    sin: f32,
    /// Centre of the scanned page and of the turned canvas.
    page_centre: (f32, f32),
    canvas_centre: (f32, f32),
    page_size: (f32, f32),
}

impl Turn {
    /// The scanned page's point under the canvas's point `(x, y)`.
    fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        let (dx, dy) = (x - self.canvas_centre.0, y - self.canvas_centre.1);
        (
            self.page_centre.0 + self.cos * dx - self.sin * dy,
            self.page_centre.1 + self.sin * dx + self.cos * dy,
        )
    }
}

impl Straightened<'_> {
    /// The tilt the page was read at, in degrees (clockwise on screen); 0 when
    /// it was read as scanned.
    pub fn degrees(&self) -> f32 {
        self.turn
            .as_ref()
            .map_or(0.0, |t| t.sin.atan2(t.cos).to_degrees())
    }

    /// A box `[left, top, right, bottom]` on the level page, moved to the
    /// scanned page: its centre turned back, its size kept, inside the page.
    pub fn to_page(&self, bbox: [f32; 4]) -> [f32; 4] {
        let Some(t) = &self.turn else {
            return bbox;
        };
        let (cx, cy) = t.to_page((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0);
        let (hw, hh) = ((bbox[2] - bbox[0]) / 2.0, (bbox[3] - bbox[1]) / 2.0);
        let (w, h) = t.page_size;
        [
            (cx - hw).clamp(0.0, w),
            (cy - hh).clamp(0.0, h),
            (cx + hw).clamp(0.0, w),
            (cy + hh).clamp(0.0, h),
        ]
    }
}

/// The page turned level, when its text lines are tilted by `MIN_DEGREES`
/// or more (and at most `MAX_DEGREES`); otherwise the page as it is.
pub fn straighten(page: &GrayImage) -> Straightened<'_> {
    let degrees = tilt(page);
    if degrees.abs() < MIN_DEGREES {
        return Straightened {
            image: Cow::Borrowed(page),
            turn: None,
        };
    }
    let (image, turn) = turned(page, degrees.to_radians());
    Straightened {
        image: Cow::Owned(image),
        turn: Some(turn),
    }
}

/// The tilt of the page's text lines in degrees, clockwise on screen (a line
/// that sinks to the right is tilted by a positive angle); 0 when no angle
/// makes the lines clearly sharper than the page as it lies.
fn tilt(page: &GrayImage) -> f32 {
    let ink = ink_cells(page);
    if ink.is_empty() {
        return 0.0;
    }
    let (bw, bh) = ink.iter().fold((0f32, 0f32), |(w, h), &(x, y)| {
        (w.max(x + 1.0), h.max(y + 1.0))
    });
    let level = sharpness(&ink, 0.0, bw, bh);
    // The sharpest angle; where several tie (a bin's width is a step of
    // more than one angle), the middle of them.
    let search = |from: f32, to: f32, by: f32| {
        let n = ((to - from) / by).round() as i32;
        let scored: Vec<(f64, f32)> = (0..=n)
            .map(|i| from + i as f32 * by)
            .map(|d| (sharpness(&ink, d, bw, bh), d))
            .collect();
        let best = scored.iter().map(|s| s.0).fold(0.0, f64::max);
        let tied: Vec<f32> = scored.iter().filter(|s| s.0 == best).map(|s| s.1).collect();
        (best, tied.iter().sum::<f32>() / tied.len() as f32)
    };
    let (_, coarse) = search(-MAX_DEGREES, MAX_DEGREES, COARSE_STEP);
    let (best, fine) = search(coarse - COARSE_STEP, coarse + COARSE_STEP, FINE_STEP);
    if best < level * MIN_GAIN {
        return 0.0;
    }
    fine
}

/// The page cut into square cells, about `MEASURE_LONG_SIDE` along its long
/// side: the cells (column, row) whose mean grey is ink.
fn ink_cells(page: &GrayImage) -> Vec<(f32, f32)> {
    let (w, h) = page.dimensions();
    let n = w.max(h).div_ceil(MEASURE_LONG_SIDE).max(1) as usize;
    let (w, h) = (w as usize, h as usize);
    let cols = w.div_ceil(n);
    let mut sums = vec![0u32; cols * h.div_ceil(n)];
    for (y, row) in page.as_raw().chunks_exact(w).enumerate() {
        let base = (y / n) * cols;
        for (cell, pixels) in row.chunks(n).enumerate() {
            sums[base + cell] += pixels.iter().map(|&v| u32::from(v)).sum::<u32>();
        }
    }
    // A cell holds n × n pixels, fewer in the last column and row.
    let pixels = |i: usize| {
        let (col, row) = (i % cols, i / cols);
        (n.min(w - col * n) * n.min(h - row * n)) as u32
    };
    sums.iter()
        .enumerate()
        .filter(|&(i, &s)| s < u32::from(INK) * pixels(i))
        .map(|(i, _)| ((i % cols) as f32, (i / cols) as f32))
        .collect()
}

/// How sharp the ink's profile across lines tilted by `degrees` is: the sum
/// of squared changes between neighbouring bins, high when lines of ink
/// alternate with blank gaps, low when tilted lines smear into each other.
fn sharpness(ink: &[(f32, f32)], degrees: f32, w: f32, h: f32) -> f64 {
    let (sin, cos) = degrees.to_radians().sin_cos();
    // A point's distance across the lines, shifted so that none is negative.
    let lift = w * sin.max(0.0);
    let mut bins = vec![0u32; (h + w * sin.abs() + 2.0) as usize];
    for &(x, y) in ink {
        let across = y * cos - x * sin + lift;
        bins[across as usize] += 1;
    }
    bins.windows(2)
        .map(|p| {
            let d = p[1] as f64 - p[0] as f64;
            d * d
        })
        .sum()
}

/// The page turned by `-radians` (levelling lines tilted by `radians`) onto
/// a canvas that keeps its corners; bilinear. The canvas's new corners
/// mirror the page's edge, so they carry the paper's grain: a flat fill
/// drew a sharp edge round the page, which the detector read as letters.
fn turned(page: &GrayImage, radians: f32) -> (GrayImage, Turn) {
    let (w, h) = page.dimensions();
    let (sin, cos) = radians.sin_cos();
    let (fw, fh) = (w as f32, h as f32);
    let cw = (fw * cos.abs() + fh * sin.abs()).ceil() as u32;
    let ch = (fw * sin.abs() + fh * cos.abs()).ceil() as u32;
    let turn = Turn {
        cos,
        sin,
        page_centre: (fw / 2.0, fh / 2.0),
        canvas_centre: (cw as f32 / 2.0, ch as f32 / 2.0),
        page_size: (fw, fh),
    };
    let raw = page.as_raw();
    let stride = w as usize;
    let mut out = vec![0u8; cw as usize * ch as usize];
    for (y, row) in out.chunks_exact_mut(cw as usize).enumerate() {
        // The page's point under each pixel's centre, less half a pixel (so
        // that its floor is the top-left of the four pixels about it): a
        // step of (cos, sin) along the row.
        let (x_start, y_start) = turn.to_page(0.5, y as f32 + 0.5);
        for (x, v) in row.iter_mut().enumerate() {
            let px = x_start - 0.5 + x as f32 * cos;
            let py = y_start - 0.5 + x as f32 * sin;
            let (x0, y0) = (px.floor(), py.floor());
            let (fx, fy) = (px - x0, py - y0);
            let (x0, y0) = (x0 as i64, y0 as i64);
            // Mirrored in only near the edges.
            let inside = x0 >= 0 && y0 >= 0 && x0 + 1 < w as i64 && y0 + 1 < h as i64;
            let [a, b, c, d] = if inside {
                let i = y0 as usize * stride + x0 as usize;
                [raw[i], raw[i + 1], raw[i + stride], raw[i + stride + 1]]
            } else {
                let at = |x: i64, y: i64| raw[mirror(y, h) * stride + mirror(x, w)];
                [
                    at(x0, y0),
                    at(x0 + 1, y0),
                    at(x0, y0 + 1),
                    at(x0 + 1, y0 + 1),
                ]
            }
            .map(f32::from);
            let top = a + (b - a) * fx;
            let bottom = c + (d - c) * fx;
            *v = (top + (bottom - top) * fy).round() as u8;
        }
    }
    let image = GrayImage::from_raw(cw, ch, out).expect("the canvas's size");
    (image, turn)
}

/// `i` brought inside `0..n` by mirroring it at the edges.
fn mirror(i: i64, n: u32) -> usize {
    let n = n as i64;
    let i = i.rem_euclid(2 * n);
    (if i < n { i } else { 2 * n - 1 - i }) as usize
}

#[cfg(test)]
mod tests {
    use super::super::test_ink;
    use super::*;

    /// A page of ten lines of "words" (ink bars with gaps), level.
    fn lines_page() -> GrayImage {
        let mut rects = Vec::new();
        for line in 0..10 {
            let y = 100 + line * 60;
            for word in 0..12 {
                rects.push([80 + word * 70, y, 50, 22]);
            }
        }
        test_ink::page(1000, 800, &rects)
    }

    #[test]
    fn a_level_page_is_left_as_it_is() {
        let page = lines_page();
        let s = straighten(&page);
        assert!(matches!(s.image, Cow::Borrowed(_)));
        assert_eq!(s.degrees(), 0.0);
        assert_eq!(
            s.to_page([10.0, 20.0, 30.0, 40.0]),
            [10.0, 20.0, 30.0, 40.0]
        );
    }

    #[test]
    fn a_tilted_page_is_measured_and_levelled() {
        let level = lines_page();
        for degrees in [1.5f32, -2.0, 0.8, 4.0] {
            // Tilting the level page by `degrees` is levelling one tilted by
            // `-degrees`.
            let (tilted, _) = turned(&level, -degrees.to_radians());
            let measured = tilt(&tilted);
            assert!(
                (measured - degrees).abs() <= 0.1,
                "tilted {degrees}, measured {measured}"
            );
            let s = straighten(&tilted);
            assert!((s.degrees() - measured).abs() < 1e-3);
            let again = tilt(&s.image);
            assert!(
                again.abs() <= 0.1,
                "levelled page still tilted: {again} (was {degrees}, measured {measured})"
            );
        }
    }

    #[test]
    fn boxes_on_the_levelled_page_go_back_where_the_ink_was() {
        // A box found on the level page, turned back, sits on the same ink
        // in the scanned page.
        let level = lines_page();
        let (tilted, _) = turned(&level, (-2.0f32).to_radians());
        let s = straighten(&tilted);
        assert!(s.degrees() > 1.8);
        // Every dark pixel of the level page maps back onto a dark pixel (or
        // its neighbour) of the tilted scan.
        let img = &s.image;
        let mut checked = 0;
        for y in (0..img.height()).step_by(7) {
            for x in (0..img.width()).step_by(7) {
                if img.get_pixel(x, y).0[0] < 60 {
                    let b = s.to_page([x as f32, y as f32, x as f32 + 1.0, y as f32 + 1.0]);
                    let (px, py) = (b[0] as u32, b[1] as u32);
                    let dark = (px.saturating_sub(1)..=px + 1)
                        .flat_map(|xx| (py.saturating_sub(1)..=py + 1).map(move |yy| (xx, yy)))
                        .filter(|&(xx, yy)| xx < tilted.width() && yy < tilted.height())
                        .any(|(xx, yy)| tilted.get_pixel(xx, yy).0[0] < INK);
                    assert!(dark, "({x},{y}) went to ({px},{py})");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100);
    }

    #[test]
    fn a_page_without_lines_is_left_alone() {
        // Blank paper, and one blot: nothing to level by.
        let blank = test_ink::page(600, 800, &[]);
        assert_eq!(tilt(&blank), 0.0);
        let blot = test_ink::page(600, 800, &[[200, 300, 150, 150]]);
        assert_eq!(straighten(&blot).degrees(), 0.0);
    }

    #[test]
    fn the_turned_canvas_keeps_the_corners_and_the_paper() {
        let page = test_ink::page(400, 300, &[[8, 8, 20, 20]]);
        let (t, _) = turned(&page, 3f32.to_radians());
        assert!(t.width() > 400 && t.height() > 300);
        // The new corners are paper, not black.
        for (x, y) in [(0, 0), (t.width() - 1, 0), (0, t.height() - 1)] {
            assert_eq!(t.get_pixel(x, y).0[0], 235, "({x},{y})");
        }
        // The ink in the scanned page's corner is still on the canvas.
        assert!(t.as_raw().iter().any(|&v| v < INK));
    }

    #[test]
    fn mirroring_stays_inside() {
        let got: Vec<usize> = (-3..8).map(|i| mirror(i, 4)).collect();
        assert_eq!(got, [2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0]);
    }
}
