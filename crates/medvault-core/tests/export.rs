//! Exporting documents: decrypted originals, a searchable PDF of a scanned
//! page whose text a PDF text extractor reads back, JSON and CSV manifests;
//! refused to roles without export, audited per document.

mod common;

use common::new_vault;
use medvault_core::Role;

const SCAN: &[u8] = include_bytes!("fixtures/ocr/mtsamples-1127.scan.jpg");

#[tokio::test]
async fn a_scan_exports_as_a_searchable_pdf_beside_its_original() {
    let t = new_vault().await;
    let scan = t
        .doc(SCAN, "nerve-study.jpg", "Nerve study", &["neuro"])
        .await;
    let note = t
        .doc(
            b"Plain note: follow up in 2 weeks",
            "note, v2.txt",
            "Note",
            &[],
        )
        .await;
    let out = t.dir.path().join("export");
    let done = t
        .vault
        .export_documents(&t.admin, &[scan, note], &out)
        .await
        .unwrap();
    assert_eq!(done.len(), 2);

    // Originals, byte for byte.
    assert_eq!(std::fs::read(out.join(&done[0].original)).unwrap(), SCAN);
    assert_eq!(
        std::fs::read(out.join(&done[1].original)).unwrap(),
        b"Plain note: follow up in 2 weeks"
    );
    assert_eq!(
        done[0].original_sha256,
        medvault_core::crypto::sha256_hex(SCAN)
    );

    // The scan's searchable PDF yields the words OCR read from the page.
    let pdf_path = out.join(done[0].searchable_pdf.as_ref().expect("a scan gets one"));
    let pdf = lopdf::Document::load(&pdf_path).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1);
    let text = pdf.extract_text(&pages).unwrap().to_lowercase();
    let ocr = t
        .vault
        .document_text(&t.admin, scan)
        .await
        .unwrap()
        .full_text()
        .to_lowercase();
    let words: Vec<&str> = ocr.split_whitespace().filter(|w| w.len() > 4).collect();
    assert!(words.len() > 50, "{ocr}");
    let found = words.iter().filter(|w| text.contains(*w)).count();
    assert!(
        found * 100 >= words.len() * 95,
        "{found} of {} OCR words in the PDF text",
        words.len()
    );
    assert!(text.contains("conduction"), "{text}");
    assert!(done[1].searchable_pdf.is_none(), "a text file needs none");

    // Manifests.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest[0]["tags"], serde_json::json!(["neuro"]));
    let csv = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("id,file_name,title"));
    assert!(csv.contains("\"note, v2.txt\""), "{csv}");

    let rows = t
        .vault
        .audit_entries(&t.admin, &Default::default())
        .await
        .unwrap();
    let exported = rows
        .iter()
        .filter(|e| e.action == "document.export" && e.outcome == "success")
        .count();
    assert_eq!(exported, 2);

    // Not into a folder with files in it, and not by an analyst.
    let e = t
        .vault
        .export_documents(&t.admin, &[note], &out)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not empty"), "{e}");
    let analyst = t.user("ana", Role::Analyst).await;
    let e = t
        .vault
        .export_documents(&analyst, &[note], &t.dir.path().join("x"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    assert!(!t.dir.path().join("x").exists());
}
