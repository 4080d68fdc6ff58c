//! The classifier: a linear model per document type over hashed features,
//! its training from labelled texts, its file format, and learning from a
//! user's corrections.

use rayon::prelude::*;

use super::features::{featurize, term_buckets, Sparse, DIMS};
use super::svm::{curvature, train_binary};
use crate::{Error, Result};

/// The cost parameter of the SVM, chosen on stratified 80/20 splits of the
/// corpus (`medvault eval classify --corpus … --seed 1 … --seed 8 --c C`):
/// mean macro-F1 0.826 at 0.02, 0.871 at 0.08, 0.873 at 0.12, 0.845 at 1.
pub const DEFAULT_C: f32 = 0.1;
/// How sharply scores turn into confidences (see [`Prediction::confidence`]).
const TEMPERATURE: f32 = 4.0;

/// A document type with its confidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Prediction {
    pub doc_type: String,
    /// The softmax of the sharpened scores: near 1 when one type clearly wins.
    pub confidence: f32,
}

/// A trained classifier.
#[derive(Clone)]
pub struct Model {
    classes: Vec<String>,
    idf: Vec<f32>,
    weights: Vec<Vec<f32>>,
    bias: Vec<f32>,
}

impl Prediction {
    /// Whether a person should check the type (confidence below [`super::REVIEW_BELOW`]).
    pub fn needs_review(&self) -> bool {
        self.confidence < super::REVIEW_BELOW
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Model({:?})", self.classes)
    }
}

/// Version 2: feature blocks weighted (a version-1 model would score them wrongly).
const MAGIC: &[u8; 8] = b"MVCLS2\0\0";

impl Model {
    /// Trains on `(text, type)` pairs, weighting each type by the inverse of its frequency.
    pub fn train(examples: &[(String, String)], c: f32) -> Result<Model> {
        if examples.is_empty() {
            return Err(Error::Invalid("no training examples".into()));
        }
        let mut classes: Vec<String> = examples.iter().map(|(_, t)| t.clone()).collect();
        classes.sort();
        classes.dedup();
        let n = examples.len() as f32;
        let mut df = vec![0u32; DIMS];
        let buckets: Vec<Vec<u32>> = examples.par_iter().map(|(t, _)| term_buckets(t)).collect();
        for b in buckets.iter().flatten() {
            df[*b as usize] += 1;
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let x: Vec<Sparse> = examples
            .par_iter()
            .map(|(t, _)| featurize(t, &idf))
            .collect();
        let label: Vec<usize> = examples
            .iter()
            .map(|(_, t)| classes.binary_search(t).expect("known"))
            .collect();
        let mut count = vec![0f32; classes.len()];
        label.iter().for_each(|&l| count[l] += 1.0);
        let k = classes.len() as f32;
        let cost: Vec<f32> = label.iter().map(|&l| c * n / (k * count[l])).collect();
        let trained: Vec<(Vec<f32>, f32)> = (0..classes.len())
            .into_par_iter()
            .map(|ci| {
                let y: Vec<f32> = label
                    .iter()
                    .map(|&l| if l == ci { 1.0 } else { -1.0 })
                    .collect();
                train_binary(&x, &y, &cost, 200)
            })
            .collect();
        let (weights, bias) = trained.into_iter().unzip();
        Ok(Model {
            classes,
            idf,
            weights,
            bias,
        })
    }

    /// The types this model knows.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The feature vector of `text` under this model's idf.
    pub fn features(&self, text: &str) -> Sparse {
        featurize(text, &self.idf)
    }

    /// Each type's score (a signed margin).
    pub fn scores(&self, x: &Sparse) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| x.iter().map(|&(j, v)| w[j as usize] * v).sum::<f32>() + b)
            .collect()
    }

    /// The most likely type of `text`.
    pub fn predict(&self, text: &str) -> Prediction {
        let s = self.scores(&self.features(text));
        let (best, top) = s
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, v)| (i, *v))
            .unwrap_or((0, 0.0));
        let z: f32 = s.iter().map(|v| ((v - top) * TEMPERATURE).exp()).sum();
        Prediction {
            doc_type: self.classes.get(best).cloned().unwrap_or_default(),
            confidence: 1.0 / z,
        }
    }

    /// Learns from one correction (`text` is of type `doc_type`, a new type
    /// if the model does not know it): in the problem of that type and of
    /// its strongest rival, the step the SVM's dual coordinate descent takes
    /// for one more training example of cost [`DEFAULT_C`] inside the margin,
    /// the corpus's examples held where they are. Other types are left alone,
    /// and so are the biases: they weigh on every document, and moving them
    /// for one example made the others worse (ARCHITECTURE.md, `classify`).
    pub fn learn(&mut self, text: &str, doc_type: &str) {
        let ci = match self.classes.iter().position(|c| c == doc_type) {
            Some(i) => i,
            None => {
                self.classes.push(doc_type.to_string());
                self.weights.push(vec![0.0; DIMS]);
                self.bias.push(-1.0);
                self.classes.len() - 1
            }
        };
        let x = self.features(text);
        let s = self.scores(&x);
        let rival = (0..s.len())
            .filter(|&c| c != ci)
            .max_by(|&a, &b| s[a].total_cmp(&s[b]));
        let q = curvature(&x, DEFAULT_C);
        for (c, y) in std::iter::once((ci, 1.0)).chain(rival.map(|r| (r, -1.0))) {
            let g = y * s[c] - 1.0;
            if g < 0.0 {
                let d = -g / q * y;
                for &(j, v) in &x {
                    self.weights[c][j as usize] += d * v;
                }
            }
        }
    }

    /// The model file: header, type names, idf, then per type its bias, a
    /// scale and weights quantized to one byte each.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((DIMS as u32).to_le_bytes());
        out.extend((self.classes.len() as u32).to_le_bytes());
        for c in &self.classes {
            out.extend((c.len() as u16).to_le_bytes());
            out.extend(c.as_bytes());
        }
        self.idf.iter().for_each(|v| out.extend(v.to_le_bytes()));
        for (w, b) in self.weights.iter().zip(&self.bias) {
            let scale = w.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0;
            out.extend(b.to_le_bytes());
            out.extend(scale.to_le_bytes());
            out.extend(w.iter().map(|v| {
                if scale > 0.0 {
                    (v / scale).round().clamp(-127.0, 127.0) as i8 as u8
                } else {
                    0
                }
            }));
        }
        out
    }

    /// Reads a model file written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model> {
        let bad = |why: &str| Error::Invalid(format!("not a MedVault classifier model: {why}"));
        let mut r = Reader { b, at: 0 };
        match r.take(8).ok_or_else(|| bad("too short"))? {
            h if h == MAGIC => {}
            h if h.starts_with(b"MVCLS") => {
                return Err(Error::Invalid(
                    "this classifier model was made by another version of MedVault; \
                     rebuild it with `medvault train classify`"
                        .into(),
                ))
            }
            _ => return Err(bad("wrong header")),
        }
        let dims = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        if dims != DIMS {
            return Err(bad("made for another feature space"));
        }
        let k = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        let mut classes = Vec::with_capacity(k.min(1000));
        for _ in 0..k {
            let len = r.u16().ok_or_else(|| bad("truncated"))? as usize;
            let name = r.take(len).ok_or_else(|| bad("truncated"))?;
            classes.push(String::from_utf8(name.to_vec()).map_err(|_| bad("bad type name"))?);
        }
        let idf: Vec<f32> = (0..DIMS)
            .map(|_| r.f32())
            .collect::<Option<_>>()
            .ok_or_else(|| bad("truncated"))?;
        let mut weights = Vec::with_capacity(k);
        let mut bias = Vec::with_capacity(k);
        for _ in 0..k {
            let b = r.f32().ok_or_else(|| bad("truncated"))?;
            let scale = r.f32().ok_or_else(|| bad("truncated"))?;
            let w = r.take(DIMS).ok_or_else(|| bad("truncated"))?;
            weights.push(w.iter().map(|&q| q as i8 as f32 * scale).collect());
            bias.push(b);
        }
        if r.at != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Model {
            classes,
            idf,
            weights,
            bias,
        })
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}
