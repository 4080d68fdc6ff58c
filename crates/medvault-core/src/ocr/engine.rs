//! The OCR engine: one per process, shared across threads.

use image::imageops::FilterType;
use image::GrayImage;
use ocrs::{ImageSource, OcrEngineParams, TextItem};
use rten_imageproc::{Rect, RotatedRect};

use super::{ModelSource, OcrError, OcrLine, OcrPage, OcrWord};

/// Pages are scaled down so their long side is at most this many pixels
/// (about 120 dpi on a letter page). Measured with `medvault bench ocr` on 12
/// scan-like pages: word error rate 0.055 at 1300, 0.069 at 1500, 0.076 at
/// 1700, 0.064 at 2000; CPU time barely changes (recognition dominates).
pub const WORKING_LONG_SIDE: u32 = 1300;

/// Each word's box is made this much taller (a share of its height) before
/// its line is read: the detector's boxes sit tight on the letters, so the
/// tails of commas and of g, p, y were cut off and a comma read as a full
/// stop. Measured with `medvault bench ocr` on 24 scan-like report pages (two
/// sets) and 13 lab printouts: word error rate on the reports 0.055 → 0.036
/// and 0.040 → 0.031, digit-word recall 0.876 → 0.911 and 0.912 → 0.913,
/// lab printouts unchanged or better; lines read a little faster (2–8% in
/// the runs here), being shorter once scaled to the recognizer's height.
/// 0.1 to 0.3 all helped; growing the detector's own boxes (wider too)
/// merged words and lines.
pub const LINE_GROWTH: f32 = 0.15;

/// Detects and recognizes text in page images.
pub struct OcrEngine {
    inner: ocrs::OcrEngine,
    long_side: u32,
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OcrEngine")
    }
}

impl OcrEngine {
    /// Loads the models.
    pub fn new(models: &ModelSource) -> Result<Self, OcrError> {
        let (det, rec) = models.load()?;
        let inner = ocrs::OcrEngine::new(OcrEngineParams {
            detection_model: Some(det),
            recognition_model: Some(rec),
            ..Default::default()
        })
        .map_err(|e| OcrError::Engine(e.to_string()))?;
        Ok(Self {
            inner,
            long_side: WORKING_LONG_SIDE,
        })
    }

    /// Changes the working resolution (the long side, in pixels, pages are
    /// scaled down to); for measuring, see `medvault bench ocr --long-side`.
    pub fn with_long_side(mut self, px: u32) -> Self {
        self.long_side = px.max(200);
        self
    }

    /// Reads one page, turning it upright first when it was scanned sideways
    /// or upside down. The text is read as the page lies; when that yields
    /// nothing plausible on a page with ink, the page is read turned by 180,
    /// 90 and 270 degrees, and the most plausible reading wins.
    pub fn recognize(&self, page: &GrayImage) -> Result<OcrPage, OcrError> {
        let first = self.read_as_is(page, 0)?;
        // The usual, upright page is settled by its reading alone.
        if is_plausible(&first) || is_blank(page) {
            return Ok(first);
        }
        let mut best_score = plausibility(&first);
        let mut best = first;
        for rotation in [180u16, 90, 270] {
            let turned = match rotation {
                90 => image::imageops::rotate90(page),
                180 => image::imageops::rotate180(page),
                _ => image::imageops::rotate270(page),
            };
            let candidate = self.read_as_is(&turned, rotation)?;
            let score = plausibility(&candidate);
            if score > best_score {
                best = candidate;
                best_score = score;
            }
            if is_plausible(&best) {
                break;
            }
        }
        Ok(best)
    }

    /// Reads a page in the orientation given.
    fn read_as_is(&self, page: &GrayImage, rotation: u16) -> Result<OcrPage, OcrError> {
        let (w, h) = page.dimensions();
        let long = w.max(h);
        let (work, scale) = if long > self.long_side {
            let s = self.long_side as f32 / long as f32;
            let img = image::imageops::resize(
                page,
                ((w as f32 * s).round() as u32).max(1),
                ((h as f32 * s).round() as u32).max(1),
                FilterType::Triangle,
            );
            (std::borrow::Cow::Owned(img), s)
        } else {
            (std::borrow::Cow::Borrowed(page), 1.0)
        };
        let src = ImageSource::from_bytes(work.as_raw(), work.dimensions())
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let input = self
            .inner
            .prepare_input(src)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let words = self
            .inner
            .detect_words(&input)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let mut line_rects = self.inner.find_text_lines(&input, &words);
        line_rects.iter_mut().flatten().for_each(grow_for_marks);
        let lines = self
            .inner
            .recognize_text(&input, &line_rects)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let to_box = |r: rten_imageproc::Rect| {
            [
                r.left() as f32 / scale,
                r.top() as f32 / scale,
                r.right() as f32 / scale,
                r.bottom() as f32 / scale,
            ]
        };
        let lines = lines
            .into_iter()
            .flatten()
            .filter_map(|line| {
                let text = line.to_string().trim().to_string();
                if text.is_empty() {
                    return None;
                }
                let words = line
                    .words()
                    .map(|w| OcrWord {
                        text: w.to_string(),
                        bbox: to_box(w.bounding_rect()),
                    })
                    .collect();
                Some(OcrLine {
                    text,
                    bbox: to_box(line.bounding_rect()),
                    words,
                })
            })
            .collect();
        let rows = super::rebuild_rows(super::mend_end_marks(lines, page));
        let gaps = super::find_gaps(&rows, page);
        let found = self.read_gaps(&input, &gaps, scale)?;
        Ok(OcrPage {
            width: w,
            height: h,
            rotation,
            lines: mend_words(read_marks(super::fill_gaps(rows, &gaps, &found), page)),
        })
    }

    /// Reads each gap of a line on its own (see `gaps`): boxes in the page's
    /// pixels, `scale` from them to the working image's.
    fn read_gaps(
        &self,
        input: &ocrs::OcrInput,
        gaps: &[super::Gap],
        scale: f32,
    ) -> Result<Vec<String>, OcrError> {
        if gaps.is_empty() {
            return Ok(Vec::new());
        }
        let rects: Vec<Vec<RotatedRect>> = gaps
            .iter()
            .map(|g| {
                let [l, t, r, b] = g.bbox.map(|v| v * scale);
                let mut rect = RotatedRect::from_rect(Rect::from_tlbr(t, l, b, r));
                grow_for_marks(&mut rect);
                vec![rect]
            })
            .collect();
        let read = self
            .inner
            .recognize_text(input, &rects)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        Ok(read
            .into_iter()
            .map(|l| l.map(|l| l.to_string()).unwrap_or_default())
            .collect())
    }
}

/// Makes a box to be read `LINE_GROWTH` taller about its middle, so that
/// commas and descenders are in it.
fn grow_for_marks(rect: &mut RotatedRect) {
    rect.resize(rect.width(), rect.height() * (1.0 + LINE_GROWTH));
}

/// What the ink says of numbers the recognizer split or misread: a range's
/// bracket glued to it, a stop read between a number and a word, decimals
/// split at their point, percent signs read as a six.
fn read_marks(lines: Vec<OcrLine>, page: &GrayImage) -> Vec<OcrLine> {
    let lines = super::mend_stops(super::mend_brackets(lines, page), page);
    let lines = super::mend_decimals(lines, page);
    super::mend_percents(lines, page)
}

/// The recognizer's known slips mended, word by word, in rebuilt rows:
/// punctuation, glued articles, misspelt common words, measurements, lab
/// units, flags read as ones, lab values' lost points, request numbers'
/// letters.
fn mend_words(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let lines = super::mend_spelling(super::mend_glued(super::mend_punctuation(lines)));
    let lines = super::mend_sizes(super::mend_numbers(super::mend_dates(lines)));
    let lines = super::mend_doses(super::mend_units(lines));
    let lines = super::mend_points(super::mend_flags(lines));
    super::mend_lists(super::mend_accessions(lines))
}

/// Common words of English and of medical and lab reports: a reading of a
/// page in the right orientation contains several; one upside down almost none.
/// Only words of three letters or more count: short ones turn up in garbage.
const COMMON: &[&str] = &[
    "the",
    "and",
    "with",
    "was",
    "for",
    "not",
    "patient",
    "she",
    "his",
    "her",
    "history",
    "left",
    "right",
    "normal",
    "pain",
    "date",
    "name",
    "report",
    "daily",
    "blood",
    "test",
    "result",
    "results",
    "range",
    "units",
    "lab",
    "specimen",
    "serum",
    "sodium",
    "potassium",
    "mmol/l",
    "comment",
    "diagnosis",
    "procedure",
    "examination",
    "are",
    "this",
    "that",
    "from",
    "were",
    "has",
    "had",
    "been",
    "which",
    "there",
    "then",
    "also",
    "after",
    "without",
    "status",
];

/// Common words found, and words of three letters or more read.
fn word_counts(p: &OcrPage) -> (usize, usize) {
    let mut common = 0;
    let mut total = 0;
    for w in p.lines.iter().flat_map(|l| l.words.iter()) {
        let t = w
            .text
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
            .to_lowercase();
        if t.chars().count() >= 3 {
            total += 1;
            common += usize::from(COMMON.contains(&t.as_str()));
        }
    }
    (common, total)
}

/// How plausible a reading is: the number of common words found.
fn plausibility(p: &OcrPage) -> usize {
    word_counts(p).0
}

/// At least three common words, making at least 5% of the longer words.
fn is_plausible(p: &OcrPage) -> bool {
    let (common, total) = word_counts(p);
    common >= 3 && common * 20 >= total
}

/// A page with almost no dark pixels (under 0.05%) has nothing to turn.
fn is_blank(page: &GrayImage) -> bool {
    let dark = page
        .as_raw()
        .iter()
        .filter(|&&v| v < super::marks::INK)
        .count();
    dark * 2000 < page.as_raw().len()
}
