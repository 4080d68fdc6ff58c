//! Per-type precision, recall and F1, and their macro average.

use serde::Serialize;

/// Figures for one type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeScore {
    pub doc_type: String,
    pub support: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The evaluation of predictions against truth.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub per_type: Vec<TypeScore>,
    /// The mean F1 over the types present in the truth.
    pub macro_f1: f64,
    pub accuracy: f64,
}

/// Scores `(truth, predicted)` pairs.
pub fn evaluate(pairs: &[(String, String)]) -> Evaluation {
    let mut types: Vec<&String> = pairs.iter().map(|(t, _)| t).collect();
    types.sort();
    types.dedup();
    let per_type: Vec<TypeScore> = types
        .iter()
        .map(|&ty| {
            let tp = pairs.iter().filter(|(t, p)| t == ty && p == ty).count() as f64;
            let support = pairs.iter().filter(|(t, _)| t == ty).count();
            let predicted = pairs.iter().filter(|(_, p)| p == ty).count() as f64;
            let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
            let recall = tp / support as f64;
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            TypeScore {
                doc_type: ty.clone(),
                support,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let macro_f1 = per_type.iter().map(|s| s.f1).sum::<f64>() / per_type.len().max(1) as f64;
    let accuracy = pairs.iter().filter(|(t, p)| t == p).count() as f64 / pairs.len().max(1) as f64;
    Evaluation {
        per_type,
        macro_f1,
        accuracy,
    }
}

impl Evaluation {
    /// `doc_type`'s F1 (0 when it is not in the truth).
    pub fn f1_of(&self, doc_type: &str) -> f64 {
        self.per_type
            .iter()
            .find(|s| s.doc_type == doc_type)
            .map_or(0.0, |s| s.f1)
    }

    /// The accuracy on the documents whose true type is not `doc_type`.
    pub fn accuracy_without(&self, doc_type: &str) -> f64 {
        let rest = self.per_type.iter().filter(|s| s.doc_type != doc_type);
        let (right, all) = rest.fold((0.0, 0.0), |(r, a), s| {
            (r + s.recall * s.support as f64, a + s.support as f64)
        });
        if all > 0.0 {
            right / all
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_averages_types() {
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        let e = evaluate(&[p("a", "a"), p("a", "b"), p("b", "b"), p("b", "b")]);
        // a: P=1, R=.5, F=.667; b: P=.667, R=1, F=.8
        assert!((e.macro_f1 - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-9);
        assert_eq!(e.accuracy, 0.75);
        assert!((e.f1_of("b") - 0.8).abs() < 1e-9);
        assert_eq!(e.f1_of("c"), 0.0);
        assert_eq!(e.accuracy_without("a"), 1.0);
        assert_eq!(e.accuracy_without("b"), 0.5);
    }
}
