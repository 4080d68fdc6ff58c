//! On-device OCR with `ocrs` on the `rten` runtime: decoding scanner images,
//! levelling pages scanned at a tilt, scaling to the resolution the models
//! read best, detection, line layout and
//! recognition into text with per-word boxes and confidences; words read
//! unsure are read again from a finer image.

mod accession;
mod brackets;
mod dates;
mod decimals;
mod decode;
mod deskew;
mod doses;
mod engine;
mod error;
mod flags;
mod gaps;
mod glued;
mod levels;
mod lexicon;
mod lists;
mod marks;
mod models;
mod numbers;
mod page;
mod percent;
mod points;
mod punctuation;
mod ranges;
mod recognize;
mod reread;
mod rows;
mod score;
mod sizes;
mod spaces;
mod spelling;
mod stops;
#[cfg(test)]
mod test_ink;
mod units;

pub use accession::mend_accessions;
pub use brackets::mend_brackets;
pub use dates::mend_dates;
pub use decimals::mend_decimals;
pub use decode::{decode_pages, MAX_PIXELS};
pub use doses::mend_doses;
pub use engine::{OcrEngine, WORKING_LONG_SIDE};
pub use error::OcrError;
pub use flags::mend_flags;
pub use gaps::{fill_gaps, find_gaps, Gap};
pub use glued::mend_glued;
pub use levels::mend_levels;
pub use lists::mend_lists;
pub use marks::mend_end_marks;
pub use models::{ModelSource, DETECTION_SHA256, MODEL_CREDIT, RECOGNITION_SHA256};
pub use numbers::mend_numbers;
pub use page::{OcrLine, OcrPage, OcrWord};
pub use percent::mend_percents;
pub use points::mend_points;
pub use punctuation::mend_punctuation;
pub use rows::rebuild_rows;
pub use score::{score, OcrScore};
pub use sizes::mend_sizes;
pub use spaces::mend_spaces;
pub use spelling::mend_spelling;
pub use stops::mend_stops;
pub use units::mend_units;
