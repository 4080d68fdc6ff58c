//! `medvault ocr` as a user runs it: text, JSON with boxes, and clear errors
//! that do not stop the other files.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../medvault-core/tests/fixtures/ocr")
        .join(name)
}

#[test]
fn ocr_prints_text_and_reports_bad_files_after_reading_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.png");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let empty = dir.path().join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_medvault"))
        .arg("ocr")
        .arg(&bad)
        .arg(fixture("fhir-labtext-1108.scan.jpg"))
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Z066808"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.png: the image is damaged or truncated"),
        "{err}"
    );
    assert!(err.contains("empty.jpg: the file is empty"), "{err}");
    assert!(bad.exists() && empty.exists(), "inputs are never touched");
}

#[test]
fn ocr_json_has_pages_lines_words_and_boxes() {
    let out = Command::new(env!("CARGO_BIN_EXE_medvault"))
        .args(["ocr", "--json"])
        .arg(fixture("fhir-labtext-1108.scan.jpg"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let page = &v[0]["pages"][0];
    assert!(page["width"].as_u64().unwrap() > 2000);
    let word = &page["lines"][0]["words"][0];
    assert_eq!(word["text"], "Lab");
    assert_eq!(word["bbox"].as_array().unwrap().len(), 4);
    // Every word says how sure the recognizer was; on this scan most are sure.
    let confidences: Vec<f64> = page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["words"].as_array().unwrap())
        .map(|w| w["confidence"].as_f64().unwrap())
        .collect();
    assert!(confidences.len() > 50, "{}", confidences.len());
    assert!(confidences.iter().all(|c| (0.0..=1.0).contains(c)));
    let sure = confidences.iter().filter(|&&c| c >= 0.8).count();
    assert!(
        sure * 10 >= confidences.len() * 8,
        "{sure} of {} sure",
        confidences.len()
    );
    assert!(
        confidences.iter().any(|&c| c < 0.99),
        "not all equally sure"
    );
}
