//! Scoring OCR text against ground truth, word level, with the definitions of
//! `shared/tools/ocr_score.py`: word error rate in reading order, bag-of-words
//! F1, and recall of words that hold a digit.

use std::collections::HashMap;

use serde::Serialize;

/// Scores of one page.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct OcrScore {
    pub wer: f64,
    pub bag_f1: f64,
    pub digit_recall: f64,
}

fn edit(a: &[&str], b: &[&str]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(x != y));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn counts<'a>(words: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for w in words {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

fn overlap(a: &HashMap<&str, usize>, b: &HashMap<&str, usize>) -> usize {
    a.iter()
        .map(|(w, n)| (*n).min(*b.get(w).unwrap_or(&0)))
        .sum()
}

/// Scores `ocr` against the ground truth `gt`.
pub fn score(gt: &str, ocr: &str) -> OcrScore {
    let g: Vec<&str> = gt.split_whitespace().collect();
    let o: Vec<&str> = ocr.split_whitespace().collect();
    let wer = edit(&o, &g) as f64 / g.len().max(1) as f64;
    let (cg, co) = (counts(g.iter().copied()), counts(o.iter().copied()));
    let hit = overlap(&cg, &co) as f64;
    let (p, r) = (hit / o.len().max(1) as f64, hit / g.len().max(1) as f64);
    let bag_f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let ng = counts(
        g.iter()
            .copied()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit())),
    );
    let total: usize = ng.values().sum();
    let digit_recall = if total == 0 {
        1.0
    } else {
        overlap(&ng, &co) as f64 / total as f64
    };
    OcrScore {
        wer,
        bag_f1,
        digit_recall,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_scorer() {
        let s = score("Na 140 mmol/L\nK 5.6 H", "Na 140 mmol/L K 5.8 H");
        // The values ocr_score.py gives for the same strings.
        assert!((s.wer - 1.0 / 6.0).abs() < 1e-9, "{s:?}");
        assert!((s.bag_f1 - 5.0 / 6.0).abs() < 1e-9);
        assert!((s.digit_recall - 0.5).abs() < 1e-9);
        let perfect = score("a b 1", "a b 1");
        assert_eq!(
            (perfect.wer, perfect.bag_f1, perfect.digit_recall),
            (0.0, 1.0, 1.0)
        );
        assert_eq!(score("", "").digit_recall, 1.0);
    }
}
