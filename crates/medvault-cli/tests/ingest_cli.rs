//! `medvault ingest` as a user runs it, and killed with -9 while it works.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{init, lines, run, start};

use medvault_core::samples::{pdf, SamplePage};

fn scan_page(i: usize) -> SamplePage {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../medvault-core/tests/fixtures/ocr");
    let jpeg = std::fs::read(dir.join("mtsamples-1127.scan.jpg")).unwrap();
    let g = image::load_from_memory(&jpeg).unwrap().to_luma8();
    let (w, h) = (g.width(), g.height() / 4);
    let mut g = image::imageops::crop_imm(&g, 0, 0, w, h).to_image();
    g.put_pixel(i as u32, 0, image::Luma([0])); // distinct content per file
    SamplePage::Gray(g)
}

/// 50 files: text PDFs, plain text and a few scanned pages (slow enough to be killed mid-OCR).
fn make_inbox(dir: &Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let mut names = Vec::new();
    for i in 0..50 {
        let (name, bytes) = match i % 10 {
            3 => (format!("scan-{i:02}.pdf"), pdf(&[scan_page(i)])),
            7 => (
                format!("note-{i:02}.txt"),
                format!("Progress note {i}: stable.").into_bytes(),
            ),
            _ => (
                format!("lab-{i:02}.pdf"),
                pdf(&[SamplePage::Text(vec![
                    format!("Patient {i} basic metabolic panel"),
                    format!("Sodium {} mmol/L", 130 + i),
                ])]),
            ),
        };
        std::fs::write(dir.join(&name), bytes).unwrap();
        names.push(name);
    }
    names
}

/// Starts an ingest and kills it with SIGKILL once `after_lines` results are out
/// (or after `deadline`), wherever it is.
fn ingest_and_kill(vault: &Path, inbox: &Path, after_lines: usize, deadline: Duration) {
    let mut child = start(vault, &["ingest", inbox.to_str().unwrap()]);
    let rx = lines(child.stdout.take().unwrap());
    let t0 = Instant::now();
    let mut seen = 0;
    while seen < after_lines && t0.elapsed() < deadline {
        if rx.recv_timeout(Duration::from_millis(20)).is_ok() {
            seen += 1;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
}

#[test]
fn a_kill_9_during_ingest_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let inbox = dir.path().join("inbox");
    let names = make_inbox(&inbox);
    init(&vault);

    // Killed after a few files, then again mid-way (likely during OCR).
    ingest_and_kill(&vault, &inbox, 5, Duration::from_secs(60));
    ingest_and_kill(&vault, &inbox, 1, Duration::from_millis(1500));
    let (_, list, _) = run(&vault, &["list", "--json"]);
    let before: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    let unfinished = before.iter().filter(|d| d["status"] != "done").count();
    eprintln!(
        "after the kills: {} documents, {unfinished} unfinished",
        before.len()
    );
    assert!(before.len() < 50, "the kills landed before the end");
    let (code, out, err) = run(&vault, &["ingest", inbox.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.contains("(resumed)")).collect();
    assert_eq!(lines.len(), 50, "one line per file:\n{out}");
    assert!(lines.iter().any(|l| l.contains("\tduplicate\t")), "{out}");

    let (code, list, err) = run(&vault, &["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let docs: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    let mut got: Vec<String> = docs
        .iter()
        .map(|d| d["file_name"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    let mut want = names.clone();
    want.sort();
    assert_eq!(got, want, "all 50 documents, each exactly once");
    for d in &docs {
        assert_eq!(d["status"], "done", "{d}");
    }
    let scans: Vec<&serde_json::Value> = docs
        .iter()
        .filter(|d| d["file_name"].as_str().unwrap().starts_with("scan-"))
        .collect();
    assert!(scans.iter().all(|d| d["pages"] == 1));

    // The scanned pages were OCR'd, and the audit chain is intact.
    let id = scans[0]["id"].as_i64().unwrap().to_string();
    let (code, text, _) = run(&vault, &["show", &id, "--text"]);
    assert_eq!(code, 0);
    assert!(text.contains("NERVE"), "{text}");
    let (code, out, _) = run(&vault, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    // No temporary or orphaned blob survived the kills.
    let blobs = walk(&vault.join("blobs"));
    assert!(blobs
        .iter()
        .all(|p| !p.file_name().unwrap().to_string_lossy().starts_with(".tmp")));
    // The sources are untouched.
    assert_eq!(std::fs::read_dir(&inbox).unwrap().count(), 50);
}

#[test]
fn ingest_prints_one_line_per_file_and_fails_after_doing_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    init(&vault);
    let good = dir.path().join("labs.pdf");
    std::fs::write(
        &good,
        pdf(&[SamplePage::Text(vec!["Glucose 5.6 mmol/L".into()])]),
    )
    .unwrap();
    let exe = dir.path().join("invoice.pdf");
    std::fs::write(&exe, b"\x7fELF\x02\x01\x01").unwrap();
    let empty = dir.path().join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    let (code, out, err) = run(
        &vault,
        &[
            "ingest",
            exe.to_str().unwrap(),
            good.to_str().unwrap(),
            empty.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3, "{out}");
    let by_file = |f: &Path| {
        lines
            .iter()
            .find(|l| l[4] == f.to_str().unwrap())
            .unwrap_or_else(|| panic!("{f:?} in {out}"))
    };
    let g = by_file(&good);
    assert_eq!((g[0], g[1], g[3]), ("1", "done", "1"));
    assert!(g[2].ends_with("_report"), "classified: {g:?}");
    assert_eq!(by_file(&exe)[1], "failed");
    assert!(by_file(&exe)[5].contains("Linux program"));
    assert!(by_file(&empty)[5].contains("empty"));
    assert!(err.contains("2 of 3 failed"), "{err}");
    assert!(
        exe.exists() && empty.exists(),
        "refused files stay where they were"
    );

    let (code, json, _) = run(&vault, &["ingest", "--json", good.to_str().unwrap()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["status"], "duplicate");
    assert_eq!(v[0]["duplicate_of"], 1);
    let (_, list, _) = run(&vault, &["list", "--json", "--type", "no_such_type"]);
    assert_eq!(list.trim(), "[]");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
