//! The OCR engine: one per process, shared across threads.

use image::imageops::FilterType;
use image::GrayImage;
use ocrs::{ImageSource, OcrEngineParams, TextItem};
use rten_imageproc::{Rect, RotatedRect};

use super::recognize::{ReadLine, Recognizer};
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
    /// Detection, line layout, and the line images recognition reads.
    inner: ocrs::OcrEngine,
    /// Recognition, keeping each character's probability (see `recognize`).
    recognizer: Recognizer,
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
        let recognizer = Recognizer::new(models.load_recognition()?);
        let inner = ocrs::OcrEngine::new(OcrEngineParams {
            detection_model: Some(det),
            recognition_model: Some(rec),
            ..Default::default()
        })
        .map_err(|e| OcrError::Engine(e.to_string()))?;
        Ok(Self {
            inner,
            recognizer,
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

    /// Reads a page in the orientation given, levelled first when it was
    /// scanned at a tilt (see `deskew`); the boxes are the scanned page's.
    fn read_as_is(&self, scanned: &GrayImage, rotation: u16) -> Result<OcrPage, OcrError> {
        let (w, h) = scanned.dimensions();
        let level = super::deskew::straighten(scanned);
        let page: &GrayImage = &level.image;
        // Scales are the scanned page's: a levelled page's canvas is larger,
        // and fitting it instead would read its letters smaller.
        let fit = |long_side: u32| (long_side as f32 / w.max(h) as f32).min(1.0);
        let (input, scale) = self.input_at(page, fit(self.long_side))?;
        let words = self
            .inner
            .detect_words(&input)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let mut line_rects = self.inner.find_text_lines(&input, &words);
        line_rects.iter_mut().flatten().for_each(grow_for_marks);
        let lines = self.recognizer.read(&self.inner, &input, &line_rects)?;
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
            .filter_map(|read| {
                let line = &read.line;
                let words = (line.words().zip(read.word_confidences()))
                    .map(|(w, confidence)| OcrWord {
                        text: w.to_string(),
                        bbox: to_box(w.bounding_rect()),
                        confidence,
                    })
                    .collect();
                // The text is its words', one space apart: the recognizer's
                // own string keeps a run of spaces where it read a space for
                // a mark it could not read (`2.6  0-5`). A line read as
                // nothing is left out.
                let mut line = OcrLine {
                    text: String::new(),
                    bbox: to_box(line.bounding_rect()),
                    words,
                };
                line.retext();
                (!line.text.is_empty()).then_some(line)
            })
            .collect();
        let lines = self.reread_unsure(lines, page, fit(super::reread::REREAD_LONG_SIDE))?;
        let rows = super::rebuild_rows(super::mend_end_marks(lines, page));
        let gaps = super::find_gaps(&rows, page);
        let gap_boxes: Vec<[f32; 4]> = gaps.iter().map(|g| g.bbox).collect();
        let found = self.read_boxes(&input, &gap_boxes, scale, true)?;
        let mut lines = mend_words(read_marks(super::fill_gaps(rows, &gaps, &found), page));
        for line in &mut lines {
            line.bbox = level.to_page(line.bbox);
            line.words
                .iter_mut()
                .for_each(|word| word.bbox = level.to_page(word.bbox));
        }
        Ok(OcrPage {
            width: w,
            height: h,
            rotation,
            tilt: level.degrees(),
            lines,
        })
    }

    /// Reads again, each on its own and from the page at the finer `scale`,
    /// the words the recognizer was unsure of (see `reread`).
    fn reread_unsure(
        &self,
        lines: Vec<OcrLine>,
        page: &GrayImage,
        scale: f32,
    ) -> Result<Vec<OcrLine>, OcrError> {
        let unsure = super::reread::unsure_words(&lines, page);
        if unsure.is_empty() {
            return Ok(lines);
        }
        let (input, scale) = self.input_at(page, scale)?;
        let boxes: Vec<[f32; 4]> = unsure.iter().map(|u| u.bbox).collect();
        let read = self.read_boxes(&input, &boxes, scale, false)?;
        Ok(super::reread::take_rereads(lines, &unsure, &read))
    }

    /// The page prepared for the models, scaled by `scale` (at most 1), and
    /// the scale it was brought to.
    fn input_at(&self, page: &GrayImage, scale: f32) -> Result<(ocrs::OcrInput, f32), OcrError> {
        let (w, h) = page.dimensions();
        let (work, scale) = if scale < 1.0 {
            let img = image::imageops::resize(
                page,
                ((w as f32 * scale).round() as u32).max(1),
                ((h as f32 * scale).round() as u32).max(1),
                FilterType::Triangle,
            );
            (std::borrow::Cow::Owned(img), scale)
        } else {
            (std::borrow::Cow::Borrowed(page), 1.0)
        };
        let src = ImageSource::from_bytes(work.as_raw(), work.dimensions())
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let input = self
            .inner
            .prepare_input(src)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        Ok((input, scale))
    }

    /// Reads each box (page pixels, `[left, top, right, bottom]`) on its
    /// own, as a line, from `input`, `scale` from the page's pixels to its;
    /// `grow` makes each box `LINE_GROWTH` taller first. Each reading comes
    /// with its confidence (empty and 0 where nothing was read).
    fn read_boxes(
        &self,
        input: &ocrs::OcrInput,
        boxes: &[[f32; 4]],
        scale: f32,
        grow: bool,
    ) -> Result<Vec<(String, f32)>, OcrError> {
        if boxes.is_empty() {
            return Ok(Vec::new());
        }
        let rects: Vec<Vec<RotatedRect>> = boxes
            .iter()
            .map(|bbox| {
                let [l, t, r, b] = bbox.map(|v| v * scale);
                let mut rect = RotatedRect::from_rect(Rect::from_tlbr(t, l, b, r));
                if grow {
                    grow_for_marks(&mut rect);
                }
                vec![rect]
            })
            .collect();
        let read = self.recognizer.read(&self.inner, input, &rects)?;
        Ok(read
            .into_iter()
            .map(|l| {
                l.map_or((String::new(), 0.0), |l: ReadLine| {
                    (l.line.to_string(), l.confidence())
                })
            })
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
    let lines = super::mend_spaces(lines, page);
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
    super::mend_levels(super::mend_lists(super::mend_accessions(lines)))
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
