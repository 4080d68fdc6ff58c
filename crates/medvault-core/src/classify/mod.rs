//! Document-type classification, on-device: a linear SVM over hashed word,
//! character and heading n-grams (features that survive OCR errors), shipped
//! trained on the labelled corpus and refined by each vault's corrections.

mod eval;
mod features;
mod learning;
mod model;
pub(crate) mod shuffle;
mod svm;

pub use eval::{evaluate, Evaluation, TypeScore};
pub use features::DIMS;
pub use learning::{simulate_corrections, LearningRun};
pub use model::{Model, Prediction, DEFAULT_C};

/// The built-in document types (users can add their own).
pub const BUILT_IN_TYPES: [&str; 18] = [
    "operative_report",
    "consultation_note",
    "progress_note",
    "discharge_summary",
    "emergency_report",
    "radiology_report",
    "diagnostic_test_report",
    "lab_result_report",
    "lab_pathology_report",
    "letter",
    "ime_report",
    "autopsy_report",
    "prescription",
    "referral",
    "insurance_billing",
    "vaccination_record",
    "consent_form",
    "other",
];

/// The built-in model, trained on `shared/corpus/dev.jsonl` by
/// `medvault train classify --corpus ../shared/corpus/dev.jsonl --out crates/medvault-core/models/doc-types.mvc`.
static BUILT_IN: &[u8] = include_bytes!("../../models/doc-types.mvc");

/// The model that ships with MedVault (decoded once per process).
pub fn built_in() -> crate::Result<&'static Model> {
    static MODEL: std::sync::OnceLock<std::result::Result<Model, String>> =
        std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(BUILT_IN).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| crate::Error::Invalid(format!("the built-in classifier is damaged: {e}")))
}

/// Below this confidence a prediction is flagged "needs review".
pub const REVIEW_BELOW: f32 = 0.6;

/// Reads a JSONL corpus: each line's `text` and, when present, `doc_type` and `id`.
pub fn read_jsonl(path: &std::path::Path) -> crate::Result<Vec<serde_json::Value>> {
    let body =
        std::fs::read_to_string(path).map_err(|e| crate::Error::io("cannot read", path, e))?;
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                crate::Error::Invalid(format!("{} line {}: {e}", path.display(), i + 1))
            })
        })
        .collect()
}

/// `(text, doc_type)` pairs of a labelled corpus.
pub fn labelled(rows: &[serde_json::Value]) -> Vec<(String, String)> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r["text"].as_str()?.to_string(),
                r["doc_type"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// A stratified split: about `test_share` of each type goes to the test side,
/// chosen by a seeded shuffle (the same seed gives the same split).
pub fn stratified_split<T: Clone>(
    items: &[T],
    label: impl Fn(&T) -> String,
    test_share: f64,
    seed: u64,
) -> (Vec<T>, Vec<T>) {
    let mut by_type: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, it) in items.iter().enumerate() {
        by_type.entry(label(it)).or_default().push(i);
    }
    let mut shuffler = shuffle::Shuffler::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for idx in by_type.values_mut() {
        shuffler.shuffle(idx);
        let n_test =
            ((idx.len() as f64 * test_share).round() as usize).min(idx.len().saturating_sub(1));
        for (k, &i) in idx.iter().enumerate() {
            if k < n_test {
                test.push(items[i].clone());
            } else {
                train.push(items[i].clone());
            }
        }
    }
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_stratified_and_repeatable() {
        let items: Vec<(usize, &str)> = (0..100)
            .map(|i| (i, if i % 10 == 0 { "rare" } else { "common" }))
            .collect();
        let (train, test) = stratified_split(&items, |x| x.1.to_string(), 0.2, 7);
        assert_eq!(train.len() + test.len(), 100);
        assert_eq!(test.iter().filter(|x| x.1 == "rare").count(), 2);
        assert_eq!(test.iter().filter(|x| x.1 == "common").count(), 18);
        let (_, again) = stratified_split(&items, |x| x.1.to_string(), 0.2, 7);
        assert_eq!(test, again);
    }
}
