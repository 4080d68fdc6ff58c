//! `medvault export ID... --folder DIR`.

mod common;

use common::{run, vault_with_files};

#[test]
fn export_to_a_folder_writes_originals_and_manifests() {
    let (tmp, vault) = vault_with_files(&[
        ("a.txt", "Referral to cardiology"),
        ("b.txt", "Consent for surgery"),
    ]);
    let out = tmp.path().join("out");
    let (code, text, err) = run(
        &vault,
        &["export", "1", "2", "--folder", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        text.starts_with("Exported 2 documents (0 searchable PDFs)"),
        "{text}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let names: Vec<&str> = manifest
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    for d in manifest.as_array().unwrap() {
        let body = std::fs::read_to_string(out.join(d["original"].as_str().unwrap())).unwrap();
        assert!(
            body == "Referral to cardiology" || body == "Consent for surgery",
            "{body}"
        );
    }
    assert!(out.join("manifest.csv").exists());
    let (code, _, err) = run(&vault, &["export", "1", "2", "--out", "x.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("--out takes one document"), "{err}");
}
