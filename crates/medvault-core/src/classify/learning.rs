//! What learning from corrections does to a model, measured on a labelled
//! corpus the way a user meets it: documents arrive one by one, the user
//! corrects every wrong type, and later documents are scored beside the
//! model nobody corrected.

use super::{evaluate, stratified_split, Evaluation, Model, DEFAULT_C};
use crate::Result;

/// One simulated stream: the second half's scores, untouched and taught.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LearningRun {
    /// Corrections the user made on the first half of the stream.
    pub corrections: usize,
    /// The second half, classified by the model as trained.
    pub untouched: Evaluation,
    /// The second half, classified after the corrections.
    pub taught: Evaluation,
}

/// Trains on part of `examples` and streams the rest in a seeded order,
/// teaching the model every wrong type of the stream's first half. Without
/// `new_type` the stream is a stratified 40% of the corpus with its labels
/// as they are (corrections that disagree with the text included); with it,
/// that type is left out of training and all its documents join a
/// stratified 20%: a type the model never saw, taught only by corrections.
pub fn simulate_corrections(
    examples: &[(String, String)],
    new_type: Option<&str>,
    seed: u64,
) -> Result<LearningRun> {
    let share = if new_type.is_some() { 0.2 } else { 0.4 };
    let (mut train, mut stream) = stratified_split(examples, |e| e.1.clone(), share, seed);
    if let Some(t) = new_type {
        train.retain(|e| e.1 != t);
        stream.retain(|e| e.1 != t);
        stream.extend(examples.iter().filter(|e| e.1 == t).cloned());
    }
    super::shuffle::Shuffler::new(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1)
        .shuffle(&mut stream);
    // The model as it would ship: through its file format.
    let model = Model::from_bytes(&Model::train(&train, DEFAULT_C)?.to_bytes())?;
    let (first, second) = stream.split_at(stream.len() / 2);
    let mut taught = model.clone();
    let mut corrections = 0;
    for (text, truth) in first {
        if taught.predict(text).doc_type != *truth {
            taught.learn(text, truth);
            corrections += 1;
        }
    }
    let score = |m: &Model| {
        let pairs: Vec<(String, String)> = second
            .iter()
            .map(|(t, y)| (y.clone(), m.predict(t).doc_type))
            .collect();
        evaluate(&pairs)
    };
    Ok(LearningRun {
        corrections,
        untouched: score(&model),
        taught: score(&taught),
    })
}
