//! `medvault retention` as a manager runs it: list, purge only with --yes.

mod common;

use common::{run, vault_with_files};

#[test]
fn past_documents_are_listed_then_purged_with_yes() {
    let (_tmp, vault) = vault_with_files(&[
        ("old.txt", "Old referral letter"),
        ("new.txt", "New referral letter with more"),
    ]);
    let (_, listed, _) = run(&vault, &["list", "--json"]);
    let docs: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let old = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file_name"] == "old.txt")
        .unwrap()["id"]
        .to_string();

    let (_, out, _) = run(&vault, &["retention", "list"]);
    assert_eq!(out.trim(), "nothing is past its retention date");
    let (code, out, err) = run(&vault, &["retention", "set", &old, "--until", "2020-01-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kept until 2020-01-01"), "{out}");
    let (_, out, _) = run(&vault, &["retention", "list"]);
    assert!(out.contains("old.txt") && !out.contains("new.txt"), "{out}");
    let (_, out, _) = run(&vault, &["retention", "purge"]);
    assert!(out.contains("run again with --yes"), "{out}");
    assert!(
        run(&vault, &["list"]).1.contains("old.txt"),
        "nothing purged without --yes"
    );
    let (code, out, err) = run(&vault, &["retention", "purge", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "purged 1 documents");
    let (_, listed, _) = run(&vault, &["list"]);
    assert!(
        !listed.contains("old.txt") && listed.contains("new.txt"),
        "{listed}"
    );
    let (code, out, _) = run(&vault, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");

    let (code, _, err) = run(&vault, &["retention", "default", "letter"]);
    assert_eq!(code, 1);
    assert!(err.contains("--days N or --clear"), "{err}");
    let (code, out, _) = run(
        &vault,
        &["retention", "default", "letter", "--days", "3650"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("letter: kept 3650 days"), "{out}");
    assert!(run(&vault, &["retention", "default"])
        .1
        .contains("letter\t3650 days"));
}
