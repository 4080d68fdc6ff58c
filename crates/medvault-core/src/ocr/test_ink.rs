//! Pages drawn for the ink tests: dark rectangles on light paper.

use image::{GrayImage, Luma};

/// The baseline the drawn strips' bars stand on.
pub const BASELINE: u32 = 60;

/// A `width` × `height` page with ink rectangles `rects`
/// (`[left, top, width, height]`).
pub fn page(width: u32, height: u32, rects: &[[u32; 4]]) -> GrayImage {
    let mut img = GrayImage::from_pixel(width, height, Luma([235]));
    for &[x, y, w, h] in rects {
        for yy in y..y + h {
            for xx in x..x + w {
                img.put_pixel(xx, yy, Luma([30]));
            }
        }
    }
    img
}

/// A 400 × 100 strip with bars 12 px wide and 20 tall standing on
/// [`BASELINE`] at the given left edges (digits or letters), and ink
/// rectangles `marks`.
pub fn strip(bars: &[u32], marks: &[[u32; 4]]) -> GrayImage {
    let bars = bars.iter().map(|&x| [x, BASELINE - 20, 12, 20]);
    let rects: Vec<[u32; 4]> = bars.chain(marks.iter().copied()).collect();
    page(400, 100, &rects)
}
