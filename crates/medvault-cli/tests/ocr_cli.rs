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
}
