//! `medvault backup`, `backup verify` and `restore` as an admin runs them.

mod common;

use common::{run, vault_with_files};

#[test]
fn backup_verify_and_restore_round_trip_and_a_changed_archive_is_refused() {
    let (tmp, vault) = vault_with_files(&[
        (
            "a.txt",
            "Discharge summary: pneumonia treated with azithromycin",
        ),
        ("b.txt", "Operative report: laparoscopic cholecystectomy"),
    ]);

    let archive = tmp.path().join("v.mvbackup");
    let (code, out, err) = run(&vault, &["backup", "--out", archive.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("backed up to") && out.contains("2 documents"),
        "{out}"
    );
    let (code, out, err) = run(&vault, &["backup", "verify", archive.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("backup intact: 2 documents") && out.contains("audit log intact"),
        "{out}"
    );

    let copy = tmp.path().join("copy");
    let (code, out, err) = run(&copy, &["restore", archive.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("restored into"), "{out}");
    let (_, listed, _) = run(&copy, &["list"]);
    assert!(
        listed.contains("a.txt") && listed.contains("b.txt"),
        "{listed}"
    );
    let (_, found, _) = run(&copy, &["search", "--json", "azithromycin"]);
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found[0]["file_name"], "a.txt");

    let mut bytes = std::fs::read(&archive).unwrap();
    let n = bytes.len();
    bytes[n - 5] ^= 0x40;
    std::fs::write(&archive, bytes).unwrap();
    let (code, _, err) = run(&vault, &["backup", "verify", archive.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("does not match its checksum"), "{err}");
    let (code, _, err) = run(
        &tmp.path().join("copy2"),
        &["restore", archive.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("does not match its checksum"), "{err}");
    assert!(!tmp.path().join("copy2").exists());
}
