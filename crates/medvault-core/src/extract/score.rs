//! Scoring extraction against hand labels: precision and recall per kind of
//! entity (matched as multisets of keys per document), and how often the
//! details of matched lab results and medications agree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{extract, DateOrder, LabValue, Medication};

/// The labels of one document, as in `tests/fixtures/entities/labelled.jsonl`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Labels {
    pub dates: Vec<String>,
    pub patients: Vec<String>,
    pub mrns: Vec<String>,
    pub accounts: Vec<String>,
    pub providers: Vec<String>,
    pub medications: Vec<LabelledMedication>,
    pub labs: Vec<LabelledLab>,
    pub icd10: Vec<String>,
    pub phones: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledMedication {
    pub name: String,
    pub dose: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledLab {
    pub analyte: String,
    pub value: String,
    pub unit: Option<String>,
    pub range: Option<String>,
    pub flag: Option<String>,
}

/// One labelled document.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledDoc {
    pub id: String,
    pub text: String,
    pub labels: Labels,
}

/// Counts for one kind of entity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    pub labelled: usize,
    pub found: usize,
    pub correct: usize,
    /// `None` when nothing was found (or labelled).
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

/// The score of a labelled set.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractScore {
    pub documents: usize,
    pub kinds: BTreeMap<&'static str, KindScore>,
    /// Over every entity of every kind.
    pub overall: KindScore,
    /// Of matched lab results: unit, range and flag all as labelled.
    pub lab_details_agree: Option<f64>,
    /// Of matched medications: the dose as labelled.
    pub medication_dose_agrees: Option<f64>,
    /// Milliseconds per document for `extract`.
    pub ms_per_document: f64,
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn med_key(name: &str) -> String {
    name.chars()
        .skip_while(|c| !c.is_alphabetic())
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase()
}

fn lab_key(analyte: &str, value: &str) -> String {
    format!("{}={}", norm(analyte), value.trim())
}

fn compact(s: &Option<String>) -> String {
    s.as_deref()
        .unwrap_or("")
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Matches `found` against `labelled` keys (multisets); returns matched pairs of indices.
fn matches(labelled: &[String], found: &[String]) -> Vec<(usize, usize)> {
    let mut used = vec![false; found.len()];
    let mut out = Vec::new();
    for (i, l) in labelled.iter().enumerate() {
        if let Some(j) = (0..found.len()).find(|&j| !used[j] && found[j] == *l) {
            used[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn add(score: &mut KindScore, labelled: usize, found: usize, correct: usize) {
    score.labelled += labelled;
    score.found += found;
    score.correct += correct;
}

fn finish(s: &mut KindScore) {
    s.precision = (s.found > 0).then(|| s.correct as f64 / s.found as f64);
    s.recall = (s.labelled > 0).then(|| s.correct as f64 / s.labelled as f64);
}

/// Runs [`extract`] on every document, reading dates that read both ways
/// in `order`, and scores it against its labels.
pub fn score(docs: &[LabelledDoc], order: DateOrder) -> ExtractScore {
    let mut kinds: BTreeMap<&'static str, KindScore> = BTreeMap::new();
    let (mut lab_ok, mut lab_n, mut dose_ok, mut dose_n) = (0, 0, 0, 0);
    let started = std::time::Instant::now();
    let found: Vec<_> = docs.iter().map(|d| extract(&d.text, order)).collect();
    let ms_per_document = started.elapsed().as_secs_f64() * 1e3 / docs.len().max(1) as f64;
    for (d, f) in docs.iter().zip(&found) {
        let l = &d.labels;
        let simple: [(&'static str, Vec<String>, Vec<String>); 7] = [
            (
                "dates",
                l.dates.clone(),
                f.dates.iter().map(|x| x.iso.clone()).collect(),
            ),
            (
                "patients",
                l.patients.iter().map(|x| norm(x)).collect(),
                f.patients.iter().map(|x| norm(x)).collect(),
            ),
            (
                "mrns",
                l.mrns.iter().map(|x| x.to_uppercase()).collect(),
                f.mrns.iter().map(|x| x.to_uppercase()).collect(),
            ),
            (
                "accounts",
                l.accounts.iter().map(|x| x.to_uppercase()).collect(),
                f.accounts.iter().map(|x| x.to_uppercase()).collect(),
            ),
            (
                "providers",
                l.providers.iter().map(|x| norm(x)).collect(),
                f.providers.iter().map(|x| norm(x)).collect(),
            ),
            (
                "icd10",
                l.icd10.iter().map(|x| x.to_uppercase()).collect(),
                f.icd10.iter().map(|x| x.to_uppercase()).collect(),
            ),
            ("phones", l.phones.clone(), f.phones.clone()),
        ];
        for (kind, labelled, got) in simple {
            // Dates and names count once per document.
            let dedup = |mut v: Vec<String>| {
                v.sort();
                v.dedup();
                v
            };
            let (labelled, got) = (dedup(labelled), dedup(got));
            let m = matches(&labelled, &got).len();
            add(kinds.entry(kind).or_default(), labelled.len(), got.len(), m);
        }
        let lk: Vec<String> = l
            .labs
            .iter()
            .map(|x| lab_key(&x.analyte, &x.value))
            .collect();
        let fk: Vec<String> = f
            .labs
            .iter()
            .map(|x: &LabValue| lab_key(&x.analyte, &x.value))
            .collect();
        let m = matches(&lk, &fk);
        for &(i, j) in &m {
            let (a, b) = (&l.labs[i], &f.labs[j]);
            lab_n += 1;
            if compact(&a.unit) == compact(&b.unit)
                && compact(&a.range) == compact(&b.range)
                && compact(&a.flag) == compact(&b.flag)
            {
                lab_ok += 1;
            }
        }
        add(
            kinds.entry("labs").or_default(),
            lk.len(),
            fk.len(),
            m.len(),
        );
        let lk: Vec<String> = l.medications.iter().map(|x| med_key(&x.name)).collect();
        let fk: Vec<String> = f
            .medications
            .iter()
            .map(|x: &Medication| med_key(&x.name))
            .collect();
        let m = matches(&lk, &fk);
        for &(i, j) in &m {
            dose_n += 1;
            if compact(&l.medications[i].dose) == compact(&f.medications[j].dose) {
                dose_ok += 1;
            }
        }
        add(
            kinds.entry("medications").or_default(),
            lk.len(),
            fk.len(),
            m.len(),
        );
    }
    let mut overall = KindScore::default();
    for s in kinds.values_mut() {
        add(&mut overall, s.labelled, s.found, s.correct);
        finish(s);
    }
    finish(&mut overall);
    let ratio = |ok: usize, n: usize| (n > 0).then(|| ok as f64 / n as f64);
    ExtractScore {
        documents: docs.len(),
        kinds,
        overall,
        lab_details_agree: ratio(lab_ok, lab_n),
        medication_dose_agrees: ratio(dose_ok, dose_n),
        ms_per_document,
    }
}

/// Reads labelled documents, one JSON object per line.
pub fn read_labelled(text: &str) -> Result<Vec<LabelledDoc>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}
