//! The canary test: unique strings in a document's content, title, file name,
//! tags and notes never appear in any byte under the vault folder (database,
//! WAL and SHM files, blobs, head, lock and temporary files), while the vault
//! is open and after it is closed, and after the document is deleted.

mod common;

use common::{files_containing, new_vault};
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
