//! `medvault search` and `medvault reindex` on a real vault: text and JSON
//! output, errors for bad queries, and an index that comes back after its
//! folder is damaged.

mod common;

use common::{run, vault_with_files};

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    vault_with_files(&[
        (
            "lab.txt",
            "LAB REPORT\nPatient: Ann Lee\nCollected: 03/05/2024\nGlucose 5.6 mg/dL\nPotassium K+ 3.1 L\n",
        ),
        (
            "consult.txt",
            "CONSULTATION\nDate of Service: 11/20/2023\nChest pain radiating to the left arm; metformin 500 mg.\n",
        ),
    ])
}

#[test]
fn search_prints_hits_snippets_and_facets_or_json() {
    let (_tmp, vault) = setup();
    let (code, out, err) = run(&vault, &["search", "glucose mg/dL"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 document match"), "{out}");
    assert!(out.contains("lab.txt"), "{out}");
    assert!(out.contains("[Glucose]"), "highlighted: {out}");
    assert!(out.contains("by year: 2024 1"), "{out}");

    let (code, out, err) = run(&vault, &["search", "--json", "date:2023..2024"]);
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for h in hits {
        for k in ["id", "file_name", "title", "doc_type", "score", "snippet"] {
            assert!(h.get(k).is_some(), "{k} missing in {h}");
        }
    }
    let (_, out, _) = run(&vault, &["search", "--json", "\"chest pain\" -glucose"]);
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits[0]["file_name"], "consult.txt");
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_query_fails_with_the_reason() {
    let (_tmp, vault) = setup();
    let (code, _, err) = run(&vault, &["search", "date:2024-13"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a date"), "{err}");
    let (code, _, err) = run(&vault, &["search", "colour:red"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown field 'colour:'"), "{err}");
}

#[test]
fn a_damaged_index_is_rebuilt_with_a_notice_and_reindex_works() {
    let (_tmp, vault) = setup();
    for e in std::fs::read_dir(vault.join("index")).unwrap() {
        let p = e.unwrap().path();
        std::fs::write(&p, b"garbage").unwrap();
    }
    let (code, out, err) = run(&vault, &["search", "metformin"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 document match"), "{out}");
    assert!(
        err.contains("notice: The search index was damaged"),
        "{err}"
    );
    let (code, out, err) = run(&vault, &["reindex"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("reindexed 2 documents"), "{out}");
    let (_, out, _) = run(&vault, &["audit", "list", "--action", "search.reindex"]);
    assert!(out.contains("search.reindex"), "{out}");
}

#[test]
fn settings_show_and_change_the_date_order_and_idle_timeout() {
    let (_tmp, vault) = setup();
    let (code, out, err) = run(&vault, &["settings"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("idle timeout: 600 seconds"), "{out}");
    assert!(out.contains("date order:   month-first"), "{out}");
    // `Collected: 03/05/2024` reads both ways.
    let (_, out, _) = run(&vault, &["search", "--json", "date:2024-03-05"]);
    assert!(out.contains("lab.txt"), "{out}");

    let (code, out, err) = run(
        &vault,
        &[
            "settings",
            "--date-order",
            "day-first",
            "--idle-timeout",
            "900",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("date order:   day-first"), "{out}");
    assert!(out.contains("idle timeout: 900 seconds"), "{out}");
    assert!(out.contains("dates of 2 documents read again"), "{out}");
    let (_, out, _) = run(&vault, &["search", "--json", "date:2024-05-03"]);
    assert!(out.contains("lab.txt"), "{out}");
    let (_, out, _) = run(&vault, &["search", "--json", "date:2024-03-05"]);
    assert_eq!(out.trim(), "[]", "{out}");

    let (code, out, err) = run(&vault, &["settings", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"idle_timeout_secs": 900, "date_order": "day_first"})
    );

    let (code, _, err) = run(&vault, &["settings", "--idle-timeout", "5"]);
    assert_eq!(code, 1);
    assert!(err.contains("between 60 and 86400 seconds"), "{err}");
    let (code, _, err) = run(&vault, &["settings", "--date-order", "yearly"]);
    assert_eq!(code, 2);
    assert!(err.contains("month-first, day-first"), "{err}");
    let (_, out, _) = run(&vault, &["audit", "list", "--action", "settings.update"]);
    assert_eq!(out.matches("settings.update").count(), 2, "{out}");
}

#[test]
fn init_chooses_the_date_order_a_new_vault_starts_with() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let (code, out, err) = run(
        &vault,
        &["init", "--admin", "admin", "--date-order", "day-first"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Date order: day-first"), "{out}");
    let (code, out, err) = run(&vault, &["settings", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["date_order"], "day_first", "{out}");
}
