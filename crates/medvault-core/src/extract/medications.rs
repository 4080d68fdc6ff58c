//! Medications with their dose, route and frequency: a drug named in the
//! built-in list of common drugs (generic and brand names), or any word
//! written before a dose (`Dilantin 100 mg four times a day`, `1% Xylocaine`,
//! `1 mL of Depo-Medrol`, `omeprazole 20 mg p.o. q. day`).

use serde::Serialize;

/// One medication mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Medication {
    /// As written (`Depo-Medrol`, `levothyroxine`).
    pub name: String,
    /// `100 mg`, `1%`, `0.025 mg`.
    pub dose: Option<String>,
    /// `p.o.`, `IV`, `topical`, `inhaler`, …
    pub route: Option<String>,
    /// `b.i.d.`, `q. day`, `four times a day`, `p.r.n.`, …
    pub frequency: Option<String>,
}

/// Common drugs, lower case. Kept short on purpose: names not listed are
/// still found when a dose follows or precedes them.
const DRUGS: &[&str] = &[
    "acetaminophen",
    "tylenol",
    "ibuprofen",
    "motrin",
    "advil",
    "naproxen",
    "naprosyn",
    "aspirin",
    "celecoxib",
    "celebrex",
    "ketorolac",
    "toradol",
    "oxaprozin",
    "meloxicam",
    "diclofenac",
    "morphine",
    "hydromorphone",
    "dilaudid",
    "oxycodone",
    "percocet",
    "hydrocodone",
    "vicodin",
    "lortab",
    "norco",
    "codeine",
    "tramadol",
    "ultram",
    "fentanyl",
    "demerol",
    "meperidine",
    "lidocaine",
    "xylocaine",
    "bupivacaine",
    "marcaine",
    "sensorcaine",
    "ropivacaine",
    "naropin",
    "epinephrine",
    "propofol",
    "midazolam",
    "versed",
    "ketamine",
    "succinylcholine",
    "rocuronium",
    "vecuronium",
    "neostigmine",
    "glycopyrrolate",
    "ondansetron",
    "zofran",
    "promethazine",
    "phenergan",
    "metoclopramide",
    "reglan",
    "dexamethasone",
    "decadron",
    "prednisone",
    "prednisolone",
    "methylprednisolone",
    "depo-medrol",
    "medrol",
    "solu-medrol",
    "kenalog",
    "triamcinolone",
    "hydrocortisone",
    "cefazolin",
    "ancef",
    "ceftriaxone",
    "rocephin",
    "cephalexin",
    "keflex",
    "amoxicillin",
    "augmentin",
    "ampicillin",
    "penicillin",
    "azithromycin",
    "zithromax",
    "doxycycline",
    "ciprofloxacin",
    "cipro",
    "levofloxacin",
    "levaquin",
    "clindamycin",
    "vancomycin",
    "gentamicin",
    "metronidazole",
    "flagyl",
    "bactrim",
    "nitrofurantoin",
    "macrobid",
    "neosporin",
    "bacitracin",
    "mupirocin",
    "bactroban",
    "polysporin",
    "fluconazole",
    "diflucan",
    "nystatin",
    "acyclovir",
    "valacyclovir",
    "heparin",
    "enoxaparin",
    "lovenox",
    "warfarin",
    "coumadin",
    "clopidogrel",
    "plavix",
    "apixaban",
    "eliquis",
    "rivaroxaban",
    "xarelto",
    "metoprolol",
    "lopressor",
    "toprol",
    "atenolol",
    "carvedilol",
    "coreg",
    "propranolol",
    "labetalol",
    "lisinopril",
    "enalapril",
    "losartan",
    "cozaar",
    "valsartan",
    "amlodipine",
    "norvasc",
    "diltiazem",
    "cardizem",
    "verapamil",
    "hydrochlorothiazide",
    "hctz",
    "furosemide",
    "lasix",
    "spironolactone",
    "aldactone",
    "digoxin",
    "lanoxin",
    "amiodarone",
    "nitroglycerin",
    "isosorbide",
    "atorvastatin",
    "lipitor",
    "simvastatin",
    "zocor",
    "pravastatin",
    "rosuvastatin",
    "crestor",
    "metformin",
    "glucophage",
    "glipizide",
    "glyburide",
    "insulin",
    "lantus",
    "humalog",
    "novolog",
    "levothyroxine",
    "synthroid",
    "omeprazole",
    "prilosec",
    "pantoprazole",
    "protonix",
    "esomeprazole",
    "nexium",
    "lansoprazole",
    "prevacid",
    "ranitidine",
    "zantac",
    "famotidine",
    "pepcid",
    "sucralfate",
    "docusate",
    "colace",
    "senna",
    "senokot",
    "bisacodyl",
    "dulcolax",
    "miralax",
    "lactulose",
    "loperamide",
    "imodium",
    "asacol",
    "mesalamine",
    "albuterol",
    "proventil",
    "ventolin",
    "combivent",
    "spiriva",
    "tiotropium",
    "advair",
    "symbicort",
    "flovent",
    "singulair",
    "montelukast",
    "prednisolone",
    "diphenhydramine",
    "benadryl",
    "loratadine",
    "claritin",
    "cetirizine",
    "zyrtec",
    "hydroxyzine",
    "atarax",
    "sertraline",
    "zoloft",
    "fluoxetine",
    "prozac",
    "paroxetine",
    "paxil",
    "citalopram",
    "celexa",
    "escitalopram",
    "lexapro",
    "venlafaxine",
    "effexor",
    "duloxetine",
    "cymbalta",
    "bupropion",
    "wellbutrin",
    "trazodone",
    "amitriptyline",
    "elavil",
    "nortriptyline",
    "lorazepam",
    "ativan",
    "alprazolam",
    "xanax",
    "diazepam",
    "valium",
    "clonazepam",
    "klonopin",
    "zolpidem",
    "ambien",
    "haloperidol",
    "haldol",
    "quetiapine",
    "seroquel",
    "risperidone",
    "risperdal",
    "olanzapine",
    "zyprexa",
    "aripiprazole",
    "abilify",
    "lithium",
    "phenytoin",
    "dilantin",
    "phenobarbital",
    "carbamazepine",
    "tegretol",
    "valproate",
    "depakote",
    "levetiracetam",
    "keppra",
    "lamotrigine",
    "lamictal",
    "gabapentin",
    "neurontin",
    "pregabalin",
    "lyrica",
    "topiramate",
    "topamax",
    "donepezil",
    "aricept",
    "memantine",
    "namenda",
    "sinemet",
    "carbidopa",
    "levodopa",
    "cyclobenzaprine",
    "flexeril",
    "baclofen",
    "tizanidine",
    "methocarbamol",
    "robaxin",
    "allopurinol",
    "colchicine",
    "methotrexate",
    "plaquenil",
    "hydroxychloroquine",
    "tamsulosin",
    "flomax",
    "finasteride",
    "proscar",
    "oxybutynin",
    "ditropan",
    "sildenafil",
    "viagra",
    "megace",
    "megestrol",
    "tamoxifen",
    "lidoderm",
    "potassium chloride",
    "kcl",
    "magnesium sulfate",
    "calcium carbonate",
    "ferrous sulfate",
    "folic acid",
    "vitamin b12",
    "cyanocobalamin",
    "thiamine",
    "multivitamin",
    "vitamin d",
    "estradiol",
    "premarin",
    "progesterone",
    "medroxyprogesterone",
    "depo-provera",
    "oxytocin",
    "pitocin",
    "methergine",
    "cytotec",
    "misoprostol",
    "terbutaline",
    "rhogam",
    "hyaluronidase",
    "botox",
    "afrin",
    "oxymetazoline",
    "ciprodex",
    "cortisporin",
    "atropine",
    "naloxone",
    "narcan",
    "flumazenil",
    "dopamine",
    "dobutamine",
    "norepinephrine",
    "levophed",
    "vasopressin",
    "adenosine",
    "alteplase",
    "tpa",
    "mannitol",
    "zosyn",
    "piperacillin",
    "meropenem",
    "cefepime",
    "ceftazidime",
    "tobramycin",
    "rifampin",
    "isoniazid",
    "hydralazine",
    "clonidine",
    "minoxidil",
    "prazosin",
    "doxazosin",
    "terazosin",
    "tylenol #3",
    "ofloxacin",
    "floxin",
    "emla",
    "prilocaine",
    "tetracaine",
    "benzocaine",
    "cetacaine",
    "technetium",
    "technetium-99m",
    "choletec",
    "sestamibi",
    "cardiolite",
    "gadolinium",
    "omnipaque",
    "isovue",
    "kinevac",
    "sincalide",
    "regadenoson",
    "lexiscan",
    "dipyridamole",
    "persantine",
];

/// Words that name a dose's unit.
const UNITS: &[&str] = &[
    "mg", "mcg", "g", "gm", "grams", "ml", "cc", "units", "unit", "meq", "mg/kg", "mcg/kg",
    "mg/ml", "%", "tablets", "tablet", "tabs", "puffs", "drops", "mci", "iu",
];

/// Routes, as written (lower case, dots kept).
const ROUTES: &[&str] = &[
    "p.o.",
    "po",
    "orally",
    "by mouth",
    "iv",
    "i.v.",
    "intravenously",
    "im",
    "i.m.",
    "intramuscularly",
    "subcutaneously",
    "subq",
    "sq",
    "s.q.",
    "topical",
    "topically",
    "inhaler",
    "inhaled",
    "nebulizer",
    "patch",
    "sublingual",
    "sl",
    "p.r.",
    "per rectum",
    "rectally",
    "intranasal",
    "ointment",
    "cream",
    "drops",
    "injection",
    "epidural",
];

/// Frequencies, as written (lower case), longest first where one contains another.
const FREQUENCIES: &[&str] = &[
    "four times a day",
    "four times daily",
    "three times a day",
    "three times per day",
    "three times daily",
    "twice a day",
    "twice daily",
    "once a day",
    "once daily",
    "every 12 hours",
    "every 8 hours",
    "every 6 hours",
    "every 4 hours",
    "every 4-6 hours",
    "every day",
    "every morning",
    "every night",
    "at bedtime",
    "as needed",
    "daily",
    "nightly",
    "weekly",
    "b.i.d.",
    "bid",
    "t.i.d.",
    "tid",
    "q.i.d.",
    "qid",
    "q.d.",
    "qd",
    "q. day",
    "q.day",
    "q.h.s.",
    "qhs",
    "h.s.",
    "q.a.m.",
    "q.p.m.",
    "q.4h.",
    "q.6h.",
    "q.8h.",
    "q.12h.",
    "q4h",
    "q6h",
    "q8h",
    "q12h",
    "q. 4 hours",
    "q. 6 hours",
    "q.4-6h.",
    "p.r.n.",
    "prn",
    "stat",
    "once",
];

/// Words that are not drugs even when a number follows (`loss 5 mL`).
const NOT_DRUGS: &[&str] = &[
    "approximately",
    "about",
    "blood",
    "loss",
    "fluids",
    "fluid",
    "saline",
    "output",
    "urine",
    "of",
    "and",
    "with",
    "total",
    "given",
    "received",
    "estimated",
    "total",
    "was",
    "were",
    "is",
    "the",
    "a",
    "an",
    "then",
    "mixture",
    "preservative",
    "free",
    "normal",
    "intravenous",
    "ringer's",
    "lactated",
    "water",
    "contrast",
    "dye",
    "suture",
    "suction",
    "irrigation",
    "medications",
    "medication",
    "dose",
    "doses",
    "at",
    "to",
    "for",
    "in",
    "on",
    "by",
    "or",
    "anesthesia",
    "local",
    "general",
    "weight",
    "weighs",
    "weighing",
    "tumor",
    "specimen",
    "measuring",
    "measures",
    "hours",
    "minutes",
    "days",
    "weeks",
    "months",
    "years",
    "than",
    "radiopharmaceutical",
    "tracer",
    "agent",
    "drug",
];

/// Every medication mention in `text`, in reading order, once per name
/// (the mention with the most details is kept).
pub fn find_medications(text: &str) -> Vec<Medication> {
    // Each word, and whether a sentence ends after it.
    let (words, ends): (Vec<&str>, Vec<bool>) = tokens(text).into_iter().unzip();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut found: Vec<(usize, Medication)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (name_len, known) = drug_at(&lower, i);
        let candidate = if known {
            Some(name_len)
        } else if is_name_word(words[i])
            && dose_at(&lower, i + 1)
                .is_some_and(|(d, _)| !d.ends_with('%') && !d.ends_with("ml") && !d.ends_with("cc"))
        {
            // An unlisted word before a dose by weight or units (`Zyvox 600 mg`);
            // percentages and volumes there are too often not drugs.
            Some(1)
        } else {
            None
        };
        if let Some(n) = candidate {
            let name = words[i..i + n].join(" ");
            let (dose, after) = match dose_at(&lower, i + n) {
                Some((d, len)) => (Some(d), i + n + len),
                None => (dose_before(&words, &lower, i), i + n),
            };
            let (route, frequency) = details(&lower, after);
            found.push((
                i,
                Medication {
                    name,
                    dose,
                    route,
                    frequency,
                },
            ));
            i += n;
            continue;
        }
        // `1% Xylocaine`, `1 mL of Depo-Medrol`: a dose, then an unlisted name.
        if let Some((dose, len)) = dose_at(&lower, i) {
            let mut j = i + len;
            if lower.get(j).map(String::as_str) == Some("of") {
                j += 1;
            }
            let same_sentence = !ends.get(j.saturating_sub(1)).copied().unwrap_or(false);
            if same_sentence
                && j < words.len()
                && !drug_at(&lower, j).1
                && is_name_word(words[j])
                && words[j].starts_with(char::is_uppercase)
            {
                let (route, frequency) = details(&lower, j + 1);
                found.push((
                    j,
                    Medication {
                        name: words[j].to_string(),
                        dose: Some(dose),
                        route,
                        frequency,
                    },
                ));
                i = j + 1;
                continue;
            }
            i += len;
            continue;
        }
        i += 1;
    }
    // One entry per name, the most detailed mention, in order of first mention.
    let mut out: Vec<Medication> = Vec::new();
    for (_, m) in found {
        let key = m.name.to_lowercase();
        match out.iter_mut().find(|o| o.name.to_lowercase() == key) {
            Some(o) => {
                let score = |m: &Medication| {
                    [&m.dose, &m.route, &m.frequency]
                        .iter()
                        .filter(|x| x.is_some())
                        .count()
                };
                if score(&m) > score(o) {
                    *o = m;
                }
            }
            None => out.push(m),
        }
    }
    out
}

/// The words of `text` trimmed of punctuation, each with whether a
/// sentence ends after it (`mL.` ends one; `p.o.` does not).
fn tokens(text: &str) -> Vec<(&str, bool)> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"')))
        .map(|w| match w.strip_suffix('.').filter(|b| !b.contains('.')) {
            Some(b) => (b, true),
            None => (w, false),
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// The length of a listed drug name starting at `i` (one or two words).
fn drug_at(lower: &[String], i: usize) -> (usize, bool) {
    if let (Some(a), Some(b)) = (lower.get(i), lower.get(i + 1)) {
        if DRUGS.contains(&format!("{a} {b}").as_str()) {
            return (2, true);
        }
    }
    match lower.get(i) {
        Some(a) if DRUGS.contains(&a.as_str()) => (1, true),
        _ => (0, false),
    }
}

/// A word that could name a drug: letters (and `-`), not a common word.
fn is_name_word(w: &str) -> bool {
    w.len() >= 4
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !NOT_DRUGS.contains(&w.to_lowercase().as_str())
}

/// A dose at `i`: `100 mg`, `100mg`, `1%`, `0.25%`; its text and word count.
fn dose_at(lower: &[String], i: usize) -> Option<(String, usize)> {
    let w = lower.get(i)?;
    let num_len = w
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(w.len());
    if num_len == 0 {
        return None;
    }
    let (num, rest) = w.split_at(num_len);
    if num.parse::<f64>().is_err() {
        return None;
    }
    if !rest.is_empty() {
        return UNITS.contains(&rest).then(|| (w.clone(), 1));
    }
    let unit = lower.get(i + 1)?;
    UNITS
        .contains(&unit.as_str())
        .then(|| (format!("{num} {unit}"), 2))
}

/// `1% Xylocaine`, `0.25% Marcaine`, `160 mg of preservative free
/// Depo-Medrol`: a dose just before a listed name.
fn dose_before(words: &[&str], lower: &[String], i: usize) -> Option<String> {
    if i >= 1 && lower[i - 1].ends_with('%') {
        return dose_at(lower, i - 1).map(|(d, _)| d);
    }
    // `<dose> [of] [up to two lower-case words] <name>`
    for start in i.saturating_sub(5)..i {
        if let Some((d, n)) = dose_at(lower, start) {
            let between = &words[start + n..i];
            if between.len() <= 3
                && between
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            {
                return Some(d);
            }
        }
    }
    None
}

/// Route and frequency within the six words from `i`, before the next
/// drug or dose; compared without dots (`q. day` = `q day`, `p.o.` = `po`)
/// and reported in the list's form.
fn details(lower: &[String], i: usize) -> (Option<String>, Option<String>) {
    let end = (i + 6).min(lower.len());
    let start = i.min(end);
    let stop = (start + 1..end)
        .find(|&k| drug_at(lower, k).1 || dose_at(lower, k).is_some())
        .unwrap_or(end);
    let words: Vec<String> = lower[start..stop]
        .iter()
        .map(|w| w.replace('.', ""))
        .filter(|w| !w.is_empty())
        .collect();
    let text = format!(" {} ", words.join(" "));
    let pick = |list: &[&str]| {
        list.iter()
            .filter(|p| text.contains(&format!(" {} ", p.replace('.', ""))))
            .max_by_key(|p| p.len())
            .map(|p| p.to_string())
    };
    (pick(ROUTES), pick(FREQUENCIES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(n: &str, d: Option<&str>, r: Option<&str>, f: Option<&str>) -> Medication {
        Medication {
            name: n.into(),
            dose: d.map(Into::into),
            route: r.map(Into::into),
            frequency: f.map(Into::into),
        }
    }

    #[test]
    fn a_medication_list_with_doses_routes_and_frequencies() {
        let t =
            "MEDICATIONS:  Dilantin 100 mg four times a day, levothyroxine 0.025 mg p.o. q. day, \
                 Tylenol with Codeine b.i.d., Spiriva q. day, Combivent inhaler p.r.n., \
                 Naprosyn 375 mg p.o. b.i.d., and Asacol p.r.n.";
        let got = find_medications(t);
        assert_eq!(
            got[0],
            med("Dilantin", Some("100 mg"), None, Some("four times a day"))
        );
        assert_eq!(
            got[1],
            med(
                "levothyroxine",
                Some("0.025 mg"),
                Some("p.o."),
                Some("q. day")
            )
        );
        assert!(
            got.contains(&med("Spiriva", None, None, Some("q. day"))),
            "{got:?}"
        );
        assert!(
            got.contains(&med("Combivent", None, Some("inhaler"), Some("p.r.n."))),
            "{got:?}"
        );
        assert!(
            got.contains(&med(
                "Naprosyn",
                Some("375 mg"),
                Some("p.o."),
                Some("b.i.d.")
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&med("Asacol", None, None, Some("p.r.n."))),
            "{got:?}"
        );
        let names: Vec<&str> = got.iter().map(|m| m.name.as_str()).collect();
        assert!(
            names.contains(&"Tylenol") && names.contains(&"Codeine"),
            "{names:?}"
        );
    }

    #[test]
    fn doses_written_before_the_name_and_unlisted_names() {
        let t = "Local anesthesia 1% Xylocaine with epinephrine. Then 1 mL of Depo-Medrol and \
                 2 mL of 0.25% Marcaine were injected. Started Zyvoxamab 200 mg IV daily.";
        let got = find_medications(t);
        assert!(
            got.contains(&med("Xylocaine", Some("1%"), None, None)),
            "{got:?}"
        );
        assert!(
            got.contains(&med("Depo-Medrol", Some("1 ml"), None, None)),
            "{got:?}"
        );
        assert!(
            got.contains(&med("Marcaine", Some("0.25%"), None, None)),
            "{got:?}"
        );
        assert!(
            got.contains(&med(
                "Zyvoxamab",
                Some("200 mg"),
                Some("i.v."),
                Some("daily")
            )),
            "{got:?}"
        );
    }

    #[test]
    fn amounts_that_are_not_medications() {
        let t = "Estimated blood loss approximately 5 mL. Intravenous fluids 100 mL. \
                 A mixture of 7 cc preservative free normal saline.";
        assert_eq!(find_medications(t), []);
    }
}
