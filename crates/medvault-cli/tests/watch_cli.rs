//! `medvault watch` as a user runs it: bursts of files, slow writers, a
//! kill -9, a folder that disappears, a file that cannot be read.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::{init, run, start};

use medvault_core::samples::{pdf, SamplePage};

/// A temporary folder with a new vault `v` and an empty inbox `in`.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let (vault, inbox) = (d.path().join("v"), d.path().join("in"));
    std::fs::create_dir_all(&inbox).unwrap();
    init(&vault);
    (d, vault, inbox)
}

/// A running `medvault watch` with its stdout lines and stderr lines on channels.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    errs: Receiver<String>,
}

/// Starts `medvault watch DIR --stability 1` (or the given arguments).
fn watch(vault: &Path, dir: &Path, extra: &[&str]) -> Watcher {
    let extra = if extra.is_empty() {
        &["--stability", "1"][..]
    } else {
        extra
    };
    let args: Vec<&str> = [dir.to_str().unwrap()]
        .into_iter()
        .chain(extra.iter().copied())
        .collect();
    watch_args(vault, &args)
}

/// Starts `medvault watch ARGS` and waits until it watches.
fn watch_args(vault: &Path, args: &[&str]) -> Watcher {
    let args: Vec<&str> = ["watch"].into_iter().chain(args.iter().copied()).collect();
    let mut child = start(vault, &args);
    let lines = common::lines(child.stdout.take().unwrap());
    let errs = common::lines(child.stderr.take().unwrap());
    let w = Watcher { child, lines, errs };
    w.wait_err("watching", Duration::from_secs(30));
    w
}

impl Watcher {
    /// Collects result lines until `n` arrived (or `limit` passed).
    fn results(&self, n: usize, limit: Duration) -> Vec<String> {
        let t0 = Instant::now();
        let mut out = Vec::new();
        while out.len() < n && t0.elapsed() < limit {
            if let Ok(l) = self.lines.recv_timeout(Duration::from_millis(100)) {
                out.push(l);
            }
        }
        out
    }

    fn wait_err(&self, needle: &str, limit: Duration) -> String {
        let t0 = Instant::now();
        while t0.elapsed() < limit {
            if let Ok(l) = self.errs.recv_timeout(Duration::from_millis(100)) {
                if l.contains(needle) {
                    return l;
                }
            }
        }
        panic!("no '{needle}' on stderr within {limit:?}");
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// Runs a command that must succeed; its stdout.
fn run_ok(vault: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(vault, args);
    assert_eq!(code, 0, "{err}");
    out
}

fn documents(vault: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str(&run_ok(vault, &["list", "--json"])).unwrap()
}

/// Mixed formats, distinct content: text PDFs, plain text, small TIFF scans.
fn write_burst(dir: &Path, n: usize, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    for i in 0..n {
        let (name, bytes) = match i % 20 {
            5 => (
                format!("{prefix}{i:04}.txt"),
                format!("Nursing note {prefix}{i}: vitals stable").into_bytes(),
            ),
            11 => {
                let mut g = image::GrayImage::from_pixel(120, 80, image::Luma([255]));
                g.put_pixel((i % 120) as u32, (i / 120) as u32, image::Luma([0]));
                (
                    format!("{prefix}{i:04}.tif"),
                    medvault_core::samples::tiff(&[g]),
                )
            }
            _ => (
                format!("{prefix}{i:04}.pdf"),
                pdf(&[SamplePage::Text(vec![
                    format!("Patient {prefix}{i} lipid panel"),
                    format!("LDL {} mg/dL", 70 + i % 90),
                ])]),
            ),
        };
        std::fs::write(dir.join(&name), bytes).unwrap();
        names.push(name);
    }
    names
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn assert_each_once(vault: &Path, names: &[String]) {
    let docs = documents(vault);
    let mut got: Vec<String> = docs
        .iter()
        .map(|d| d["file_name"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    let mut want = names.to_vec();
    want.sort();
    assert_eq!(got.len(), want.len(), "one document per file");
    assert_eq!(got, want, "each file exactly once");
    assert!(docs.iter().all(|d| d["status"] == "done"));
}

#[test]
fn a_burst_of_1000_files_becomes_1000_documents() {
    let (_d, vault, inbox) = setup();
    let w = watch(&vault, &inbox, &[]);
    let names = write_burst(&inbox, 1000, "b");
    // Junk that must be left alone.
    std::fs::write(inbox.join("Thumbs.db"), b"x").unwrap();
    std::fs::write(inbox.join("scan.pdf.part"), b"%PDF-").unwrap();
    let lines = w.results(1000, Duration::from_secs(600));
    w.kill();
    assert_eq!(lines.len(), 1000, "one line per file");
    assert!(
        lines.iter().all(|l| l.contains("\tdone\t")),
        "{:?}",
        lines.iter().find(|l| !l.contains("\tdone\t"))
    );
    assert_each_once(&vault, &names);
    assert_eq!(files_in(&inbox.join("processed")).len(), 1000);
    let left: Vec<PathBuf> = files_in(&inbox);
    assert_eq!(left, [inbox.join("Thumbs.db"), inbox.join("scan.pdf.part")]);
}

#[test]
fn a_file_written_slowly_is_taken_once_when_complete() {
    let (_d, vault, inbox) = setup();
    let w = watch(&vault, &inbox, &["--stability", "2"]);
    let body: String = (0..400)
        .map(|i| format!("Line {i} of a long dictated note.\n"))
        .collect();
    let chunks: Vec<&[u8]> = body.as_bytes().chunks(body.len() / 10 + 1).collect();
    assert_eq!(chunks.len(), 10);
    let mut f = std::fs::File::create(inbox.join("dictation.txt")).unwrap();
    for c in &chunks {
        f.write_all(c).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(800));
    }
    drop(f);
    let lines = w.results(2, Duration::from_secs(15));
    w.kill();
    assert_eq!(lines.len(), 1, "taken once: {lines:?}");
    let docs = documents(&vault);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]["size"],
        body.len(),
        "the whole file, not a part of it"
    );
}

#[test]
fn a_watcher_killed_mid_burst_loses_and_repeats_nothing() {
    let (_d, vault, inbox) = setup();
    let w = watch(&vault, &inbox, &[]);
    let names = write_burst(&inbox, 200, "k");
    let first = w.results(40, Duration::from_secs(120));
    assert!(!first.is_empty());
    w.kill();
    let before = documents(&vault).len();
    assert!(before < 200, "killed mid-burst ({before} documents)");
    let w = watch(&vault, &inbox, &[]);
    let t0 = Instant::now();
    while !files_in(&inbox).is_empty() && t0.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    w.kill();
    assert!(files_in(&inbox).is_empty(), "none left behind");
    assert_each_once(&vault, &names);
    assert_eq!(files_in(&inbox.join("processed")).len(), 200);
    assert!(
        files_in(&inbox.join("duplicates")).is_empty(),
        "a file seen again after the kill is no duplicate of itself"
    );
}

#[test]
fn a_folder_that_disappears_and_returns_is_watched_again() {
    let (_d, vault, inbox) = setup();
    let w = watch(&vault, &inbox, &[]);
    let away = inbox.with_file_name("unmounted");
    std::fs::rename(&inbox, &away).unwrap();
    let warning = w.wait_err("is missing", Duration::from_secs(10));
    assert!(warning.contains("warning"), "{warning}");
    std::fs::rename(&away, &inbox).unwrap();
    w.wait_err("watching", Duration::from_secs(10));
    std::fs::write(inbox.join("back.txt"), "Back online").unwrap();
    let lines = w.results(1, Duration::from_secs(20));
    w.kill();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("\tdone\t") && lines[0].contains("back.txt"),
        "{lines:?}"
    );
}

#[test]
fn an_unreadable_file_goes_to_failed_with_the_reason() {
    let (_d, vault, inbox) = setup();
    let w = watch(&vault, &inbox, &[]);
    // Root reads any file whatever its mode; a damaged PDF stands in then.
    // SAFETY: geteuid has no preconditions.
    let is_root = unsafe { libc::geteuid() } == 0;
    let f = inbox.join("locked.pdf");
    std::fs::write(&f, pdf(&[SamplePage::Text(vec!["Private".into()])])).unwrap();
    let expect = if is_root {
        std::fs::write(&f, b"%PDF-1.7\n\x00broken").unwrap();
        eprintln!("running as root: a damaged PDF stands in for an unreadable file");
        "damaged PDF"
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
        "Permission denied"
    };
    let lines = w.results(1, Duration::from_secs(20));
    w.kill();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("\tfailed\t"), "{lines:?}");
    assert!(
        inbox.join("failed/locked.pdf").exists(),
        "kept, never deleted"
    );
    let note = std::fs::read_to_string(inbox.join("failed/locked.pdf.error.txt")).unwrap();
    assert!(note.contains(expect), "{note}");
}

#[test]
fn watch_without_dir_uses_the_vaults_folders_with_their_options() {
    let (_d, vault, inbox) = setup();
    let (code, _, err) = run(&vault, &["watch"]);
    assert_eq!(code, 1);
    assert!(err.contains("no folder to watch"), "{err}");
    let dir = inbox.to_str().unwrap();
    run_ok(
        &vault,
        &[
            "folders",
            "add",
            dir,
            "--after",
            "leave",
            "--subfolder-tags",
        ],
    );
    let listed = run_ok(&vault, &["folders", "list"]);
    assert!(
        listed.contains(dir) && listed.contains("subfolder tags") && listed.contains("Leave"),
        "{listed}"
    );

    std::fs::create_dir_all(inbox.join("cardiology")).unwrap();
    std::fs::write(
        inbox.join("cardiology").join("note.txt"),
        "Echo shows a normal ejection fraction.",
    )
    .unwrap();
    let w = watch_args(&vault, &["--stability", "1"]);
    let got = w.results(1, Duration::from_secs(60));
    w.kill();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("note.txt"), "{got:?}");
    assert!(
        inbox.join("cardiology").join("note.txt").exists(),
        "left in place"
    );
    let docs = documents(&vault);
    assert_eq!(docs[0]["tags"], serde_json::json!(["cardiology"]));

    run_ok(&vault, &["folders", "remove", dir]);
    assert!(run_ok(&vault, &["folders", "list"]).contains("no watched folders"));
}
