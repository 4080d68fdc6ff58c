//! The canary test: unique strings in a document's content, title, file name,
//! tags and notes never appear in any byte under the vault folder (database,
//! WAL and SHM files, blobs, head, lock and temporary files), while the vault
//! is open and after it is closed, and after the document is deleted.

mod common;

use common::{files_containing, new_vault, TestVault};
use medvault_core::vault::NewDocument;

const CANARIES: [&str; 5] = [
    "CANARYcontent7f3a",
    "CANARYtitle91bc",
    "CANARYfilename22de",
    "CANARYtag5e10",
    "CANARYnotes8aa4",
];

fn assert_clean(dir: &std::path::Path, when: &str) {
    let mut scanned = 0;
    for c in CANARIES {
        let hits = files_containing(dir, c.as_bytes());
        assert!(hits.is_empty(), "{when}: '{c}' found in {hits:?}");
        // Also as UTF-16, the other way text could be stored.
        // The search index keeps terms lower-cased.
        let lower = c.to_lowercase();
        let hits = files_containing(dir, lower.as_bytes());
        assert!(hits.is_empty(), "{when}: '{lower}' found in {hits:?}");
        let wide: Vec<u8> = c.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(
            files_containing(dir, &wide).is_empty(),
            "{when}: UTF-16 '{c}'"
        );
        scanned += 1;
    }
    assert_eq!(scanned, CANARIES.len());
}

#[tokio::test]
async fn no_canary_reaches_the_disk() {
    let t = new_vault().await;
    let root = t.paths.root().to_path_buf();
    let mut ids = Vec::new();
    for i in 0..5 {
        let content = format!("Patient note {i}: {} has a cough. ", CANARIES[0]).repeat(200);
        let meta = NewDocument {
            file_name: format!("{}-{i}.txt", CANARIES[2]),
            title: Some(format!("{} {i}", CANARIES[1])),
            tags: vec![CANARIES[3].into(), "cardiology".into()],
            notes: Some(CANARIES[4].into()),
        };
        let id = t.doc_with(meta, content.as_bytes()).await;
        ids.push(id);
    }
    t.vault
        .update_document(
            &t.admin,
            ids[0],
            Some(format!("{} renamed", CANARIES[1])),
            None,
            None,
        )
        .await
        .unwrap();
    // The search index holds the canaries (so its folder is worth scanning).
    let found = t.vault.search(&t.admin, CANARIES[0], 10).await.unwrap();
    assert_eq!(found.total, 5);
    let found = t
        .vault
        .search(&t.admin, &format!("tag:{}", CANARIES[3]), 10)
        .await
        .unwrap();
    assert_eq!(found.total, 5);
    assert!(!common::all_files(&t.paths.index()).is_empty());
    // The scan sees real files: the database, its WAL, blobs and the head.
    let files = common::all_files(&root);
    assert!(
        files.iter().any(|p| p.to_string_lossy().ends_with("-wal")),
        "{files:?}"
    );
    assert!(files.len() >= 5 + 3, "{files:?}");
    // Sanity: the scanner finds what is there.
    assert!(!files_containing(&root, b"SQLite format 3").is_empty());
    assert_clean(&root, "while open");

    // Everything still reads back.
    let info = t.vault.document(&t.admin, ids[1]).await.unwrap();
    assert_eq!(info.meta.tags[0], CANARIES[3]);
    t.vault.delete_document(&t.admin, ids[2]).await.unwrap();
    assert_clean(&root, "after a delete");
    t.vault.close().await;
    assert_clean(&root, "after close");
}

/// Scanned pages leave no trace either: not the page images (a window of
/// the scanner's JPEG, or any JPEG or PNG signature), not the thumbnail, not
/// the OCR text, not a text layer.
#[tokio::test]
async fn no_page_image_thumbnail_or_ocr_text_reaches_the_disk() {
    use medvault_core::samples::{pdf, SamplePage};
    let t = new_vault().await;
    let root = t.paths.root().to_path_buf();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr");
    let jpeg = std::fs::read(fixtures.join("fhir-labtext-1108.scan.jpg")).unwrap();
    let gray = image::load_from_memory(&jpeg).unwrap().to_luma8();
    let layer = format!("Text layer {} with Glucose 5.6", CANARIES[0]);
    let bytes = pdf(&[
        SamplePage::Jpeg(jpeg.clone()),
        SamplePage::Gray(gray),
        SamplePage::Text(vec![layer]),
    ]);
    let id = t
        .doc_with(NewDocument::named_after("scan.pdf".as_ref()), &bytes)
        .await;
    let text = t
        .vault
        .document_text(&t.admin, id)
        .await
        .unwrap()
        .full_text();
    // Words the OCR really read from the page (checked, so the scan below means something).
    let read: Vec<&str> = ["Z066808", "CLOSTRIDIUM", "Microbiology", CANARIES[0]]
        .into_iter()
        .filter(|w| text.contains(w))
        .collect();
    assert!(read.len() >= 3, "OCR read too little to test: {text}");
    t.vault
        .document_image(&t.admin, id, medvault_core::store::BlobKind::Thumbnail)
        .await
        .unwrap();

    let mid = jpeg.len() / 2;
    let needles: Vec<(&str, Vec<u8>)> = read
        .iter()
        .map(|w| (*w, w.as_bytes().to_vec()))
        .chain([
            ("a window of the page JPEG", jpeg[mid..mid + 32].to_vec()),
            ("a JPEG signature", b"JFIF".to_vec()),
            ("a PNG signature", b"\x89PNG".to_vec()),
            ("the PDF", b"%PDF-".to_vec()),
        ])
        .collect();
    let check = |when: &str| {
        for (what, n) in &needles {
            let hits = files_containing(&root, n);
            assert!(hits.is_empty(), "{when}: {what} found in {hits:?}");
        }
    };
    check("while open");
    let TestVault { vault, .. } = t;
    vault.close().await;
    check("after close");
}
