//! Line recognition that keeps how sure the model was of each character.
//!
//! ocrs prepares each line's image (`prepare_recognition_input`) but its own
//! recognition drops the model's probabilities once the text is decoded. Here
//! the same recognition model runs on the same line images, batched and
//! padded as ocrs does (so the text read is the same), and the greedy CTC
//! decoding keeps each character's probability. The geometry (a line's
//! polygon, a character's slice of it) follows ocrs 0.13's
//! `recognition.rs` (MIT or Apache-2.0), which keeps it private.

use std::collections::BTreeMap;

use ocrs::{OcrInput, TextChar, TextItem, TextLine};
use rayon::prelude::*;
use rten_imageproc::{BoundingRect, Line, LineF, Point, PointF, Polygon, Rect, RotatedRect};
use rten_tensor::prelude::*;
use rten_tensor::NdTensor;

use super::OcrError;

/// The characters the ocrs recognition model reads, label `i + 1` being the
/// `i`th (label 0 is CTC's blank). The E after `~` is the model's own.
const ALPHABET: &str = " 0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~EABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The value ocrs gives pixels outside a line (and the padding of a batch).
const BLACK_VALUE: f32 = -0.5;

/// Lines are padded to a multiple of this width and batched with lines of
/// the same padded width, at most `BATCH` at a time (as ocrs does).
const WIDTH_STEP: usize = 50;
const BATCH: usize = 20;

/// A line read: its characters with their boxes (as ocrs gives them), and
/// the probability the model gave each character, in the same order.
pub(super) struct ReadLine {
    pub line: TextLine,
    pub probs: Vec<f32>,
}

impl ReadLine {
    /// Each word's confidence (its least sure character's probability), in
    /// the order of `TextLine::words` (characters split at spaces).
    pub fn word_confidences(&self) -> Vec<f32> {
        let mut out = Vec::new();
        let mut word: Option<f32> = None;
        for (c, &p) in self.line.chars().iter().zip(&self.probs) {
            if c.char == ' ' {
                out.extend(word.take());
            } else {
                word = Some(word.map_or(p, |w| w.min(p)));
            }
        }
        out.extend(word);
        out
    }

    /// The line's confidence: its least sure character's probability.
    pub fn confidence(&self) -> f32 {
        self.probs.iter().copied().fold(1.0, f32::min)
    }
}

/// A line's reading and its index among the lines asked for.
type Numbered = (usize, Option<ReadLine>);

/// The recognition model, run here rather than inside ocrs.
pub(super) struct Recognizer {
    model: rten::Model,
}

/// One line waiting in a batch.
struct Pending {
    index: usize,
    region: Polygon,
    image: NdTensor<f32, 2>,
}

impl Recognizer {
    pub(super) fn new(model: rten::Model) -> Self {
        Self { model }
    }

    /// Reads each line (a sequence of word boxes in the working image);
    /// `None` where nothing was read. `engine` prepares the line images.
    pub(super) fn read(
        &self,
        engine: &ocrs::OcrEngine,
        input: &OcrInput,
        lines: &[Vec<RotatedRect>],
    ) -> Result<Vec<Option<ReadLine>>, OcrError> {
        let mut groups: BTreeMap<usize, Vec<Pending>> = BTreeMap::new();
        for (index, words) in lines.iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let image = engine
                .prepare_recognition_input(input, words)
                .map_err(|e| OcrError::Engine(e.to_string()))?;
            let width = image.size(1).next_multiple_of(WIDTH_STEP);
            groups.entry(width).or_default().push(Pending {
                index,
                region: Polygon::new(line_polygon(words)),
                image,
            });
        }
        let batches: Vec<(usize, &[Pending])> = groups
            .iter()
            .flat_map(|(&w, g)| g.chunks(BATCH).map(move |c| (w, c)))
            .collect();
        let read: Result<Vec<Vec<Numbered>>, OcrError> = rten::thread_pool().run(|| {
            batches
                .into_par_iter()
                .map(|(width, batch)| self.read_batch(width, batch))
                .collect()
        });
        let mut out: Vec<Option<ReadLine>> = lines.iter().map(|_| None).collect();
        for (index, line) in read?.into_iter().flatten() {
            out[index] = line;
        }
        Ok(out)
    }

    /// Runs the model on lines padded to `width` and decodes each.
    fn read_batch(&self, width: usize, batch: &[Pending]) -> Result<Vec<Numbered>, OcrError> {
        let height = batch[0].image.size(0);
        let mut input = NdTensor::full([batch.len(), 1, height, width], BLACK_VALUE);
        for (i, line) in batch.iter().enumerate() {
            input
                .slice_mut((i, 0, .., ..line.image.size(1)))
                .copy_from(&line.image);
        }
        let output = self
            .model
            .run_one(input.view().into(), None)
            .map_err(|e| OcrError::Engine(e.to_string()))?;
        let mut output: NdTensor<f32, 3> = output.try_into().map_err(|_| {
            OcrError::Engine("the recognizer's output is not [seq, batch, class]".into())
        })?;
        if output.size(2) != ALPHABET.chars().count() + 1 {
            return Err(OcrError::Engine(format!(
                "the recognizer reads {} classes; its alphabet has {}",
                output.size(2),
                ALPHABET.chars().count() + 1
            )));
        }
        output.permute([1, 0, 2]);
        let steps = output.size(1);
        // How many input columns one output step covers.
        let downsample = (width as f32 / steps as f32).round() as u32;
        Ok(batch
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let decoded = decode_greedy(output.slice([i]));
                (line.index, to_line(&decoded, line, downsample))
            })
            .collect())
    }
}

/// A character decoded: its label, the first step it was read at, and the
/// highest probability the model gave it over the steps it was read at.
struct Step {
    label: usize,
    pos: u32,
    prob: f32,
}

/// Greedy CTC decoding of `[seq, class]` log probabilities, as rten's
/// `CtcDecoder::decode_greedy` (the best class at each step; repeats and
/// blanks dropped), keeping each character's probability.
fn decode_greedy(log_probs: rten_tensor::NdTensorView<f32, 2>) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut last = 0;
    for pos in 0..log_probs.size(0) {
        let row = log_probs.slice([pos]);
        // The last of equal maxima, as rten's argmax (`Iterator::max_by`)
        // takes it.
        let (label, best) =
            row.iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |(bi, bv), (i, &v)| {
                    if v >= bv {
                        (i, v)
                    } else {
                        (bi, bv)
                    }
                });
        if label == last {
            if let Some(step) = steps.last_mut().filter(|_| label > 0) {
                step.prob = step.prob.max(best.exp());
            }
            continue;
        }
        last = label;
        if label > 0 {
            steps.push(Step {
                label,
                pos: pos as u32,
                prob: best.exp(),
            });
        }
    }
    steps
}

/// The decoded characters as an ocrs line, each character's box its slice
/// of the line's polygon (as ocrs computes it).
fn to_line(steps: &[Step], line: &Pending, downsample: u32) -> Option<ReadLine> {
    let line_rect = line.region.bounding_rect();
    let resized_width = line.image.size(1) as u32;
    let x_scale = line_rect.width() as f32 / resized_width as f32;
    let mut chars = Vec::new();
    let mut probs = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let start = step.pos * downsample;
        let end = steps
            .get(i + 1)
            .map_or(resized_width, |next| next.pos * downsample);
        let [start, end] = [start, end].map(|x| line_rect.left() + (x as f32 * x_scale) as i32);
        // Characters read in the batch's padding are not in the line.
        if start >= line_rect.right() {
            continue;
        }
        let Some(rect) = slice_bounding_rect(&line.region, start, end) else {
            continue;
        };
        chars.push(TextChar {
            char: ALPHABET.chars().nth(step.label - 1).unwrap_or('?'),
            rect,
        });
        probs.push(step.prob);
    }
    (!chars.is_empty()).then(|| ReadLine {
        line: TextLine::new(chars),
        probs,
    })
}

/// A polygon around a line's word boxes, following each word's top and
/// bottom edges, clockwise from the top left.
fn line_polygon(words: &[RotatedRect]) -> Vec<Point> {
    let floor = |p: PointF| Point::from_yx(p.y as i32, p.x as i32);
    let edges = |r: &RotatedRect| {
        let mut corners = r.corners();
        corners.sort_by(|a, b| a.x.total_cmp(&b.x));
        (
            downwards(Line::from_endpoints(corners[0], corners[1])),
            downwards(Line::from_endpoints(corners[2], corners[3])),
        )
    };
    let mut polygon = Vec::new();
    for word in words {
        let (left, right) = edges(word);
        polygon.push(floor(left.start));
        polygon.push(floor(right.start));
    }
    for word in words.iter().rev() {
        let (left, right) = edges(word);
        polygon.push(floor(right.end));
        polygon.push(floor(left.end));
    }
    polygon
}

/// The line with its ends ordered top to bottom.
fn downwards(l: LineF) -> LineF {
    if l.start.y <= l.end.y {
        l
    } else {
        Line::from_endpoints(l.end, l.start)
    }
}

/// The bounding box of the part of `poly` between `min_x` and `max_x`.
fn slice_bounding_rect(poly: &Polygon, min_x: i32, max_x: i32) -> Option<Rect> {
    poly.borrow()
        .edges()
        .filter_map(|e| {
            let e = e.rightwards();
            if (e.start.x < min_x && e.end.x < min_x) || (e.start.x > max_x && e.end.x > max_x) {
                return None;
            }
            let start = e
                .to_f32()
                .y_for_x(min_x as f32)
                .map_or(e.start, |y| Point::from_yx(y.round() as i32, min_x));
            let end = e
                .to_f32()
                .y_for_x(max_x as f32)
                .map_or(e.end, |y| Point::from_yx(y.round() as i32, max_x));
            Some(Line::from_endpoints(start, end).bounding_rect())
        })
        .reduce(|a, b| a.union(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Log probabilities of one-hot-ish rows: `(label, p)` per step, the
    /// rest of the mass on the blank.
    fn rows(steps: &[(usize, f32)]) -> NdTensor<f32, 2> {
        let classes = ALPHABET.chars().count() + 1;
        let mut t = NdTensor::full([steps.len(), classes], f32::NEG_INFINITY);
        for (i, &(label, p)) in steps.iter().enumerate() {
            t[[i, label]] = p.ln();
            if label != 0 {
                t[[i, 0]] = (1.0 - p).ln();
            }
        }
        t
    }

    fn label(c: char) -> usize {
        ALPHABET.chars().position(|a| a == c).unwrap() + 1
    }

    #[test]
    fn greedy_decoding_drops_blanks_and_repeats_and_keeps_the_best_probability() {
        let (a, b) = (label('a'), label('b'));
        let t = rows(&[(a, 0.6), (a, 0.9), (0, 1.0), (a, 0.7), (b, 0.55), (0, 1.0)]);
        let steps = decode_greedy(t.view());
        let read: Vec<(usize, u32)> = steps.iter().map(|s| (s.label, s.pos)).collect();
        assert_eq!(read, vec![(a, 0), (a, 3), (b, 4)]);
        let probs: Vec<f32> = steps.iter().map(|s| s.prob).collect();
        assert!((probs[0] - 0.9).abs() < 1e-5, "{probs:?}");
        assert!((probs[1] - 0.7).abs() < 1e-5, "{probs:?}");
        assert!((probs[2] - 0.55).abs() < 1e-5, "{probs:?}");
    }

    #[test]
    fn greedy_decoding_matches_rtens() {
        // Two labels tied at a step: both decoders take the later.
        let classes = ALPHABET.chars().count() + 1;
        let mut t = NdTensor::full([4, classes], -5.0f32);
        t[[0, label('7')]] = -0.1;
        t[[1, label('7')]] = -0.2;
        t[[1, label('1')]] = -0.2;
        t[[2, 0]] = -0.1;
        t[[3, label('%')]] = -0.3;
        let ours: Vec<(usize, u32)> = decode_greedy(t.view())
            .iter()
            .map(|s| (s.label, s.pos))
            .collect();
        let rtens: Vec<(usize, u32)> = rten::ctc::CtcDecoder::new()
            .decode_greedy(t.view())
            .steps()
            .iter()
            .map(|s| (s.label as usize, s.pos))
            .collect();
        assert_eq!(ours, rtens);
    }

    #[test]
    fn the_alphabet_has_the_models_classes() {
        // 96 characters and the blank: the ocrs model's 97 outputs.
        assert_eq!(ALPHABET.chars().count(), 96);
        assert_eq!(ALPHABET.chars().nth(label('%') - 1), Some('%'));
    }
}
