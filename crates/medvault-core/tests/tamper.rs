//! Tampering with what is on disk is detected: a flipped byte in a blob, and
//! an audit row changed, deleted, swapped, or cut off the end.

mod common;

use common::new_vault;
use medvault_core::store::BlobKind;
use medvault_core::Error;

#[tokio::test]
async fn a_flipped_byte_in_one_blob_damages_only_that_document() {
    let t = new_vault().await;
    let a = t.doc(b"first document body", "a.txt", "A", &[]).await;
    let b = t.doc(b"second document body", "b.txt", "B", &[]).await;
    let blob = medvault_core::store::BlobStore::new(t.paths.blobs()).path(a, BlobKind::Original);
    let mut bytes = std::fs::read(&blob).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&blob, &bytes).unwrap();

    let err = t
        .vault
        .read_document(&t.admin, a, &mut Vec::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::DocumentDamaged(id) if id == a),
        "{err}"
    );
    assert!(err
        .to_string()
        .contains(&format!("document {a} is damaged")));
    let mut out = Vec::new();
    t.vault.read_document(&t.admin, b, &mut out).await.unwrap();
    assert_eq!(out, b"second document body");
    // The failed view is itself audited.
    assert!(t.audited("document.view", "failure").await);
}

#[tokio::test]
async fn a_truncated_blob_is_damaged_not_a_crash() {
    let t = new_vault().await;
    let a = t.doc(&vec![b'x'; 3 << 20], "big.txt", "big", &[]).await;
    let blob = medvault_core::store::BlobStore::new(t.paths.blobs()).path(a, BlobKind::Original);
    let bytes = std::fs::read(&blob).unwrap();
    std::fs::write(&blob, &bytes[..bytes.len() - 100]).unwrap();
    let err = t
        .vault
        .read_document(&t.admin, a, &mut Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::DocumentDamaged(_)), "{err}");
}

/// A vault with some history, then `tamper` applied to the raw database.
async fn verify_after(tamper: &str) -> medvault_core::audit::VerifyReport {
    let t = new_vault().await;
    for i in 0..3 {
        let id = t
            .doc(format!("doc {i}").as_bytes(), "f.txt", "t", &[])
            .await;
        t.vault.document(&t.admin, id).await.unwrap();
    }
    let before = t.vault.verify_audit(&t.admin).await.unwrap();
    assert!(before.is_intact(), "{before:?}");
    let db = t.raw_db().await;
    for stmt in tamper.split(';').filter(|s| !s.trim().is_empty()) {
        sqlx::query(stmt).execute(&db).await.unwrap();
    }
    db.close().await;
    t.vault.verify_audit(&t.admin).await.unwrap()
}

#[tokio::test]
async fn an_edited_row_is_detected() {
    let r = verify_after("UPDATE audit_log SET outcome = 'failure' WHERE seq = 4").await;
    assert_eq!(r.first_bad, Some(4), "{r:?}");
    assert!(!r.is_intact());
}

#[tokio::test]
async fn an_edited_user_or_time_is_detected() {
    let r = verify_after("UPDATE audit_log SET user_name = 'mallory' WHERE seq = 5").await;
    assert_eq!(r.first_bad, Some(5), "{r:?}");
    let r = verify_after("UPDATE audit_log SET at = at - 86400000 WHERE seq = 2").await;
    assert_eq!(r.first_bad, Some(2), "{r:?}");
}

#[tokio::test]
async fn a_deleted_row_is_detected() {
    let r = verify_after("DELETE FROM audit_log WHERE seq = 3").await;
    assert_eq!(r.first_bad, Some(3), "{r:?}");
    assert!(r.problem.unwrap().contains("missing"));
}

#[tokio::test]
async fn a_deleted_and_renumbered_row_is_detected() {
    let r = verify_after(
        "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3",
    )
    .await;
    assert_eq!(r.first_bad, Some(3), "{r:?}");
}

#[tokio::test]
async fn swapped_rows_are_detected() {
    let r = verify_after(
        "UPDATE audit_log SET seq = -1 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 5; \
         UPDATE audit_log SET seq = 5 WHERE seq = -1",
    )
    .await;
    assert_eq!(r.first_bad, Some(4), "{r:?}");
}

#[tokio::test]
async fn cutting_off_the_newest_row_is_detected() {
    let r =
        verify_after("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)").await;
    assert!(!r.is_intact(), "{r:?}");
    assert!(r.problem.unwrap().contains("cut off"));
}

#[tokio::test]
async fn altered_sealed_details_are_detected() {
    let r = verify_after(
        "UPDATE audit_log SET details = randomblob(length(details)) WHERE seq = (SELECT min(seq) FROM audit_log WHERE details IS NOT NULL)",
    )
    .await;
    assert!(!r.is_intact(), "{r:?}");
}

#[tokio::test]
async fn a_replaced_head_file_is_detected() {
    let t = new_vault().await;
    t.doc(b"x", "x.txt", "x", &[]).await;
    std::fs::write(t.paths.audit_head(), b"not a sealed head").unwrap();
    let r = t.vault.verify_audit(&t.admin).await.unwrap();
    assert!(r.problem.unwrap().contains("altered"));
}
