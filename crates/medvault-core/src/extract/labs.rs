//! Lab results: an analyte with its value, unit, reference range and H/L
//! flag. Read from result rows (`Potassium   5.8  H  mmol/L  ( 3.5-5.5 )`,
//! `Glucose 5.6 mg/dL (70-99)`, cumulative tables, where the first value
//! column is taken) and from sentences that name a common test (`PSA of 4.0`).

use serde::Serialize;

/// One lab result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabValue {
    pub analyte: String,
    /// As written: `5.8`, `>90`, `<0.01`.
    pub value: String,
    pub unit: Option<String>,
    /// As written: `3.5-5.5`, `<5`, `>12.2`.
    pub range: Option<String>,
    /// `H`, `L`, `HH` or `LL` when the report flags the value.
    pub flag: Option<String>,
}

/// Tests named in sentences (`PSA of 4.0`, `hemoglobin was 9.8`).
const PROSE_TESTS: &[&str] = &[
    "psa",
    "hemoglobin",
    "hgb",
    "hematocrit",
    "hct",
    "wbc",
    "white count",
    "platelets",
    "platelet count",
    "glucose",
    "blood sugar",
    "creatinine",
    "bun",
    "potassium",
    "sodium",
    "inr",
    "troponin",
    "hba1c",
    "a1c",
    "hemoglobin a1c",
    "tsh",
    "cholesterol",
    "ldl",
    "hdl",
    "triglycerides",
    "albumin",
    "bilirubin",
    "alt",
    "ast",
    "ferritin",
    "magnesium",
    "calcium",
    "esr",
    "sed rate",
    "crp",
    "c-reactive protein",
    "lactate",
    "ck",
    "cpk",
    "amylase",
    "lipase",
    "bnp",
    "d-dimer",
    "ptt",
    "pt",
    "vitamin d",
    "b12",
    "folate",
    "urine specific gravity",
];

/// Words that make the text before a number a sentence, not an analyte.
const PROSE_WORDS: &[&str] = &[
    "is",
    "was",
    "were",
    "are",
    "the",
    "of",
    "at",
    "to",
    "and",
    "with",
    "from",
    "for",
    "in",
    "a",
    "an",
    "approximately",
    "about",
    "than",
    "by",
    "on",
];

/// Every lab result in `text`, in reading order.
pub fn find_labs(text: &str) -> Vec<LabValue> {
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(v) = result_row(line) {
            out.push(v);
        } else {
            out.extend(in_prose(line));
        }
    }
    out
}

/// A value as results are written: `5.8`, `>90`, `<0.01`, with `H`/`L` stuck to it.
fn split_value(tok: &str) -> Option<(String, Option<String>)> {
    let t = tok.trim_end_matches([',', ';']);
    let (body, flag) = match t.strip_suffix("HH").or_else(|| t.strip_suffix("LL")) {
        Some(b) => (b, Some(t[b.len()..].to_string())),
        None => match t.strip_suffix('H').or_else(|| t.strip_suffix('L')) {
            Some(b) if !b.is_empty() => (b, Some(t[b.len()..].to_string())),
            _ => (t, None),
        },
    };
    let digits = body.trim_start_matches(['<', '>']);
    let ok = !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.ends_with('.');
    ok.then(|| (body.to_string(), flag))
}

fn is_flag(tok: &str) -> bool {
    matches!(tok, "H" | "L" | "HH" | "LL" | "*H" | "*L")
}

/// `3.5-5.5`, `<5`, `>12.2`, `0.8-1.0`, `<2x10^6/L` (a range, maybe with its unit).
fn is_range(tok: &str) -> bool {
    let t = tok.trim_matches(['(', ')']);
    let core = t.trim_start_matches(['<', '>']);
    if core.is_empty() || !core.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let bounds: Vec<&str> = core.split('-').collect();
    (bounds.len() == 2
        && bounds
            .iter()
            .all(|b| !b.is_empty() && b.parse::<f64>().is_ok()))
        || (t.len() > core.len() && core.parse::<f64>().is_ok())
        || (t.len() > core.len() && core.contains("x10^"))
}

/// A unit: `mmol/L`, `g/L`, `%`, `secs`, `x10^6/L`, `mg/dL`, `IU/L`.
fn is_unit(tok: &str) -> bool {
    let t = tok.trim_matches(['(', ')', ',']);
    !t.is_empty()
        && t.len() <= 12
        && !is_range(t)
        && (t == "%"
            || t.contains('/')
            || t.contains('^')
            || matches!(
                t.to_ascii_lowercase().as_str(),
                "secs"
                    | "sec"
                    | "seconds"
                    | "fl"
                    | "pg"
                    | "units"
                    | "u"
                    | "iu"
                    | "ratio"
                    | "mg"
                    | "g"
                    | "mm"
            ))
        && t.chars().any(|c| c.is_alphabetic() || c == '%')
}

/// A table row: analyte words, a value, then flag, more columns, unit and range.
fn result_row(line: &str) -> Option<LabValue> {
    let toks: Vec<&str> = line.split_whitespace().collect();
    let at = toks.iter().position(|t| split_value(t).is_some())?;
    if at == 0 || at > 5 {
        return None;
    }
    let name = &toks[..at];
    let first = name[0].trim_start_matches('(');
    if !first.starts_with(|c: char| c.is_alphabetic())
        || name
            .iter()
            .any(|w| w.ends_with(':') || PROSE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        || line.contains(": ")
    {
        return None;
    }
    let (value, mut flag) = split_value(toks[at])?;
    let (mut unit, mut range) = (None, None);
    for t in &toks[at + 1..] {
        let bare = t.trim_matches(['(', ')']);
        if bare.is_empty() {
            continue;
        }
        if flag.is_none() && unit.is_none() && is_flag(bare) {
            flag = Some(bare.trim_start_matches('*').to_string());
        } else if range.is_none() && is_range(bare) {
            range = Some(bare.to_string());
        } else if unit.is_none() && is_unit(bare) {
            unit = Some(bare.to_string());
        } else if split_value(bare).is_some() && unit.is_none() && range.is_none() {
            // A later column of a cumulative report.
        } else {
            break;
        }
    }
    // A bare number after words is a result only in a table-like row.
    if unit.is_none() && range.is_none() && flag.is_none() && !line.contains("  ") {
        return None;
    }
    let analyte = name
        .join(" ")
        .trim_matches(['(', ')'])
        .trim_end_matches([':', '.'])
        .to_string();
    Some(LabValue {
        analyte,
        value,
        unit,
        range,
        flag,
    })
}

/// `PSA of 4.0`, `hemoglobin was 9.8 g/dL`, `post-op PSA is 0.1 mg/ml`.
fn in_prose(line: &str) -> Vec<LabValue> {
    let lower = line.to_ascii_lowercase();
    let toks: Vec<&str> = line.split_whitespace().collect();
    let low: Vec<String> = toks.iter().map(|t| t.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    for test in PROSE_TESTS {
        let words: Vec<&str> = test.split(' ').collect();
        if !lower.contains(test) {
            continue;
        }
        for i in 0..toks.len() {
            let hit = words.iter().enumerate().all(|(k, w)| {
                low.get(i + k)
                    .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()) == *w)
                    .unwrap_or(false)
            });
            if !hit {
                continue;
            }
            // The value follows within three words (`of`, `is`, `was`, `at`).
            let mut j = i + words.len();
            let mut skipped = 0;
            while j < toks.len() && skipped < 3 {
                if let Some((value, flag)) = split_value(toks[j].trim_end_matches('.')) {
                    let unit = toks
                        .get(j + 1)
                        .map(|u| u.trim_end_matches(['.', ',']))
                        .filter(|u| is_unit(u))
                        .map(str::to_string);
                    out.push(LabValue {
                        analyte: toks[i..i + words.len()]
                            .join(" ")
                            .trim_matches(|c: char| !c.is_alphanumeric())
                            .to_string(),
                        value,
                        unit,
                        range: None,
                        flag,
                    });
                    break;
                }
                if !matches!(
                    low[j].as_str(),
                    "of" | "is" | "was" | "at" | "level" | "elevation" | "value" | "=" | ":"
                ) {
                    break;
                }
                skipped += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(a: &str, v: &str, u: Option<&str>, r: Option<&str>, f: Option<&str>) -> LabValue {
        LabValue {
            analyte: a.into(),
            value: v.into(),
            unit: u.map(Into::into),
            range: r.map(Into::into),
            flag: f.map(Into::into),
        }
    }

    #[test]
    fn table_rows_with_unit_range_and_flag() {
        let t = "SERUM/PLASMA\nSodium            138     mmol/L ( 135-145  )\n\
                 Potassium         5.8  H  mmol/L ( 3.5-5.5  )\n eGFR             >90            ( SEE-BELOW)\n\
                 C-React Prot        2     mg/L   ( <5       )\nAlbumin 23 g/L\n";
        assert_eq!(
            find_labs(t),
            [
                lab("Sodium", "138", Some("mmol/L"), Some("135-145"), None),
                lab(
                    "Potassium",
                    "5.8",
                    Some("mmol/L"),
                    Some("3.5-5.5"),
                    Some("H")
                ),
                lab("eGFR", ">90", None, None, None),
                lab("C-React Prot", "2", Some("mg/L"), Some("<5"), None),
                lab("Albumin", "23", Some("g/L"), None, None),
            ]
        );
    }

    #[test]
    fn cumulative_reports_take_the_first_column_and_its_flag() {
        let t = "INR               1.6H     1.2      1.1        0.8-1.3\n\
                 APTT               35       36       37H  secs  23-36\n\
                 Date:  02/04/12 03/04/12\nTime:     02:00    01:31";
        assert_eq!(
            find_labs(t),
            [
                lab("INR", "1.6", None, Some("0.8-1.3"), Some("H")),
                lab("APTT", "35", Some("secs"), Some("23-36"), None),
            ]
        );
    }

    #[test]
    fn inline_results_and_sentences() {
        assert_eq!(
            find_labs("Glucose 5.6 mg/dL (70-99)\nPotassium K+ 3.1 L mmol/L"),
            [
                lab("Glucose", "5.6", Some("mg/dL"), Some("70-99"), None),
                lab("Potassium K+", "3.1", Some("mmol/L"), None, Some("L")),
            ]
        );
        assert_eq!(
            find_labs("He had an incidental PSA elevation of 4.0.  His post-op PSA is 0.1 mg/ml."),
            [
                lab("PSA", "4.0", None, None, None),
                lab("PSA", "0.1", Some("mg/ml"), None, None),
            ]
        );
    }

    #[test]
    fn prose_numbers_and_labels_are_not_results() {
        for t in [
            "4.  Ankle brachial index is 0.96.",
            "The patient was monitored for 24 hours.",
            "Lab No      : Z996578",
            "Request No:  Z536992  Z968835",
            "Estimated blood loss approximately 5 mL.",
            "Uterus is enlarged measuring 11.0 x 7.5 x 11.0 cm.",
        ] {
            assert_eq!(find_labs(t), [], "{t}");
        }
    }
}
