//! Entity extraction against 50 documents of the corpus labelled by hand
//! (`tests/fixtures/entities/labelled.jsonl`; conventions in its README):
//! precision and recall per kind of entity, and the details of what matched.

use medvault_core::extract::score::{read_labelled, score};
use medvault_core::extract::DateOrder;

#[test]
fn hand_labelled_documents() {
    let text = include_str!("fixtures/entities/labelled.jsonl");
    let docs = read_labelled(text).unwrap();
    assert_eq!(docs.len(), 50);
    let s = score(&docs, DateOrder::MonthFirst);
    println!("{}", serde_json::to_string_pretty(&s).unwrap());
    let p = |k: &str| s.kinds[k].precision.unwrap_or(1.0);
    let r = |k: &str| s.kinds[k].recall.unwrap_or(1.0);
    assert!(
        p("labs") >= 0.9 && r("labs") >= 0.9,
        "{:?}",
        s.kinds["labs"]
    );
    // Below the goal of 0.9, guarded where they stand (see the fixture's
    // README): a drug named in a reference note (`IV Heparin therapy`), and
    // dates written day first in reports with no day above 12.
    assert!(
        p("medications") >= 0.8 && r("medications") >= 0.9,
        "{:?}",
        s.kinds["medications"]
    );
    assert!(
        p("dates") >= 0.6 && r("dates") >= 0.6,
        "{:?}",
        s.kinds["dates"]
    );
    // Kinds this de-identified corpus has none of: nothing may be invented.
    for kind in [
        "patients",
        "mrns",
        "accounts",
        "providers",
        "icd10",
        "phones",
    ] {
        assert_eq!(s.kinds[kind].found, 0, "{kind}: {:?}", s.kinds[kind]);
    }
    assert!(s.overall.precision.unwrap() >= 0.9 && s.overall.recall.unwrap() >= 0.9);
    assert!(
        s.lab_details_agree.unwrap() >= 0.9,
        "{:?}",
        s.lab_details_agree
    );
}

/// Ten longer lab reports (`tables.jsonl`): cumulative blood counts and blood
/// gases, where a column is blank or `*`, values fall below zero and units
/// run to two words. Every row and its details must come out as printed.
#[test]
fn hand_labelled_lab_tables() {
    let text = include_str!("fixtures/entities/tables.jsonl");
    let docs = read_labelled(text).unwrap();
    assert_eq!(docs.len(), 10);
    let s = score(&docs, DateOrder::MonthFirst);
    let labs = &s.kinds["labs"];
    assert_eq!(labs.labelled, 141);
    assert!(
        labs.precision.unwrap() >= 0.99 && labs.recall.unwrap() >= 0.99,
        "{labs:?}"
    );
    assert!(
        s.lab_details_agree.unwrap() >= 0.99,
        "{:?}",
        s.lab_details_agree
    );
    // Day-first dates in reports where no day is above 12 are read month
    // first (see the fixture's README) in a vault left at the default order …
    assert!(
        s.kinds["dates"].recall.unwrap() >= 0.6,
        "{:?}",
        s.kinds["dates"]
    );
    // … and as printed in one set to read them day first, as this
    // laboratory writes them.
    let dates = &score(&docs, DateOrder::DayFirst).kinds["dates"];
    assert!(
        dates.precision.unwrap() >= 0.99 && dates.recall.unwrap() >= 0.99,
        "{dates:?}"
    );
}
