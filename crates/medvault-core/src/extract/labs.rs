//! Lab results: an analyte with its value, unit, reference range and H/L
//! flag. Read from result rows (`Potassium   5.8  H  mmol/L  ( 3.5-5.5 )`,
//! `Glucose 5.6 mg/dL (70-99)`, cumulative tables, where the first value
//! printed is taken, skipping columns left blank or `*`) and from sentences
//! that name a common test (`PSA of 4.0`).

use serde::Serialize;

/// One lab result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabValue {
    pub analyte: String,
    /// As written: `5.8`, `>90`, `<0.01`, `-3.4`.
    pub value: String,
    pub unit: Option<String>,
    /// As written: `3.5-5.5`, `<5`, `>12.2`, `-3.0/3.0`.
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
    "equals",
];

/// Vital signs are measurements, not lab results (a blood gas report prints
/// the patient's temperature above its results).
const VITAL_SIGNS: &[&str] = &[
    "temperature",
    "temp",
    "pulse",
    "heart rate",
    "blood pressure",
    "bp",
    "respirations",
    "respiratory rate",
    "weight",
    "height",
    "bmi",
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

/// A value as results are written: `5.8`, `>90`, `<0.01`, `-3.4` (a base
/// excess), with `H`/`L` stuck to it.
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
    let digits = digits.strip_prefix('-').unwrap_or(digits);
    let ok = !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.ends_with('.');
    ok.then(|| (body.to_string(), flag))
}

/// `*`: a column of a cumulative report where the test was not done.
fn is_placeholder(tok: &str) -> bool {
    tok == "*"
}

/// A period a rate is measured over: `1hr`, `24h`, `hr`.
fn is_period(tok: &str) -> bool {
    let unit = tok.trim_start_matches(|c: char| c.is_ascii_digit());
    matches!(unit, "h" | "hr" | "hrs" | "hour")
}

fn is_flag(tok: &str) -> bool {
    matches!(tok, "H" | "L" | "HH" | "LL" | "*H" | "*L")
}

/// `3.5-5.5`, `<5`, `>12.2`, `0.8-1.0`, `-3.0/3.0` (bounds below zero are
/// parted by a slash), `<2x10^6/L` (a range, maybe with its unit).
fn is_range(tok: &str) -> bool {
    let t = tok.trim_matches(['(', ')']);
    let core = t.trim_start_matches(['<', '>']);
    let unsigned = core.strip_prefix('-').unwrap_or(core);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let number = |b: &str| !b.is_empty() && b.parse::<f64>().is_ok();
    let pair = |sep: char| {
        let (lo, hi) = unsigned.split_once(sep).unwrap_or(("", ""));
        number(lo) && number(hi) && !hi.contains(['-', '/'])
    };
    (core.len() == unsigned.len() && pair('-'))
        || (core.len() > unsigned.len() && pair('/'))
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
                    | "mmhg"
                    | "kpa"
            ))
        && t.chars().any(|c| c.is_alphabetic() || c == '%')
}

/// A word that ends a sentence before a result (`Seen 03/04/2021.`,
/// `today.`), not an abbreviation in an analyte's name (`Specific Grav.`).
fn ends_sentence(tok: &str) -> bool {
    let Some(body) = tok.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    body.contains(|c: char| c.is_ascii_digit())
        || (body.starts_with(|c: char| c.is_lowercase()) && body.chars().count() >= 3)
}

/// An analyte's name as printed, without wrapping brackets
/// (`(Creatinine)`) or a bracket left unmatched, but keeping `HCO3(Std)`.
fn analyte_name(name: &[&str]) -> String {
    let joined = name.join(" ");
    let mut a = joined.trim_end_matches([':', '.']);
    if let Some(inner) = a.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        a = inner;
    }
    let opened = a.matches('(').count();
    let closed = a.matches(')').count();
    if closed > opened {
        a = a.trim_end_matches(')');
    } else if opened > closed {
        a = a.trim_start_matches('(');
    }
    a.to_string()
}

/// Whether `tok` begins with a letter, inside an opening bracket or not
/// (`Sodium`, `(Creatinine)`).
fn starts_with_letter(tok: &str) -> bool {
    tok.trim_start_matches('(')
        .starts_with(|c: char| c.is_alphabetic())
}

/// A table row: analyte words, a value, then flag, more columns, unit and
/// range; or such a result after a sentence on the same line.
fn result_row(line: &str) -> Option<LabValue> {
    let toks: Vec<&str> = line.split_whitespace().collect();
    // A list item (`1.`, `a.`) starts with something else: not a row.
    if !starts_with_letter(toks.first()?) || toks[0].len() == 2 && toks[0].ends_with(['.', ')']) {
        return None;
    }
    let at = toks.iter().position(|t| split_value(t).is_some())?;
    // A number in brackets is a reference range: the row has no value
    // (`Urine Protein Excretion   g/D   ( <0.15 )`).
    if toks[at].starts_with('(') || toks[at - 1] == "(" {
        return None;
    }
    // The name is the words before the value, after any sentence that ends
    // before it (`Seen 03/04/2021. Sodium 140 …`), without the columns where
    // the test was not done.
    let from = toks[..at]
        .iter()
        .rposition(|t| ends_sentence(t))
        .map_or(0, |i| i + 1);
    let name: Vec<&str> = toks[from..at]
        .iter()
        .copied()
        .filter(|t| !is_placeholder(t))
        .collect();
    if name.is_empty()
        || name.len() > 5
        || !starts_with_letter(name[0])
        || name
            .iter()
            .any(|w| w.ends_with(':') || PROSE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        || line.contains(": ")
    {
        return None;
    }
    let analyte = analyte_name(&name);
    if VITAL_SIGNS.contains(&analyte.to_ascii_lowercase().as_str())
        // `pH     7.31 - 7.41`: a range written out in a note, not a result.
        || toks.get(at + 1) == Some(&"-")
    {
        return None;
    }
    let (value, mut flag) = split_value(toks[at])?;
    let (mut unit, mut range) = (None::<String>, None);
    let mut rest = toks[at + 1..].iter().peekable();
    while let Some(t) = rest.next() {
        let bare = t.trim_matches(['(', ')']);
        if bare.is_empty() || is_placeholder(bare) {
            continue;
        }
        // A rate's unit runs on: `mm in 1hr` (an ESR).
        if let (Some(u), "in") = (unit.as_mut(), bare) {
            if let Some(per) = rest.next_if(|p| is_period(p)) {
                u.push_str(" in ");
                u.push_str(per);
                continue;
            }
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
    let tabular = unit.is_some() || range.is_some() || flag.is_some() || line.contains("  ");
    // After a sentence, only what reads as a lab result: a range, or a unit
    // of concentration (`mmol/L`), not a dose (`81 mg`).
    let after_sentence =
        from == 0 || range.is_some() || unit.as_ref().is_some_and(|u| u.contains('/'));
    if !tabular || !after_sentence {
        return None;
    }
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
    fn blood_gas_rows_keep_negative_values_brackets_and_columns_not_done() {
        // As the FHIR examples print them: `*` where a test was not done,
        // mmHg, a base excess below zero with its range parted by a slash.
        let t = "pH              7.41        *        *        *     7.40          7.35-7.45\n\
                 pCO2              38       36       36                41  mmHg    35-45\n\
                 HCO3(Std)         24                                  25  mmol/L  22.0-30.0\n\
                 Base Excess     -0.4                                 0.7  mmol/L  -3.0/3.0\n\
                 INR                 *      1.0      0.8      0.9      1.0        0.8-1.3\n\
                 ESR            67H                                     mm in 1hr 2-20\n\
                 Urine Protein Excretion               g/D             ( <0.15    )\n\
                  (Creatinine)    0.075    mmol/L ( 0.05-0.09)";
        assert_eq!(
            find_labs(t),
            [
                lab("pH", "7.41", None, Some("7.35-7.45"), None),
                lab("pCO2", "38", Some("mmHg"), Some("35-45"), None),
                lab("HCO3(Std)", "24", Some("mmol/L"), Some("22.0-30.0"), None),
                lab(
                    "Base Excess",
                    "-0.4",
                    Some("mmol/L"),
                    Some("-3.0/3.0"),
                    None
                ),
                lab("INR", "1.0", None, Some("0.8-1.3"), None),
                lab("ESR", "67", Some("mm in 1hr"), Some("2-20"), Some("H")),
                lab(
                    "Creatinine",
                    "0.075",
                    Some("mmol/L"),
                    Some("0.05-0.09"),
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_blood_gas_reports_temperature_and_its_note_on_ranges_are_not_results() {
        let t = "Temperature     37.0     37.0                             Deg. C\n\
                 pH              7.47H    7.49H                                    7.35-7.45\n\
                 Note: Reference Ranges shown are for arterial blood only.\n\
                       pH     7.31 - 7.41\n\
                       pCO2    40  -  50  mmHg";
        assert_eq!(
            find_labs(t),
            [lab("pH", "7.47", None, Some("7.35-7.45"), Some("H"))]
        );
    }

    #[test]
    fn a_result_after_a_sentence_is_named_from_the_sentence_end() {
        assert_eq!(
            find_labs("Seen 03/04/2021. Sodium 140 mmol/L 135-145"),
            [lab("Sodium", "140", Some("mmol/L"), Some("135-145"), None)]
        );
        assert_eq!(
            find_labs("Labs were drawn today. Potassium 3.1 L mmol/L"),
            [lab("Potassium", "3.1", Some("mmol/L"), None, Some("L"))]
        );
        // An abbreviation is part of the name; a dose after a sentence is
        // not a result.
        assert_eq!(
            find_labs("Specific Grav.  1.025"),
            [lab("Specific Grav", "1.025", None, None, None)]
        );
        assert_eq!(find_labs("Stable today. Aspirin 81 mg daily."), []);
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
            "C.  Lymph node, biopsy level 2 and 4",
            "a.  Heart weight 255 grams.",
            "Left ventricular end-diastolic pressure equals 25 mmHg.",
        ] {
            assert_eq!(find_labs(t), [], "{t}");
        }
    }
}
