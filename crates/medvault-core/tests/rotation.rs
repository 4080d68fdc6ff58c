//! Rotating the vault master key re-seals data keys without re-encrypting any
//! document, keeps every enabled user and the recovery key working, revokes
//! disabled users, and locks other sessions.

mod common;

use common::{new_vault, ADMIN_PW};
use medvault_core::{Error, Role};

async fn column(t: &common::TestVault, sql: &str) -> Vec<Vec<u8>> {
    let db = t.raw_db().await;
    let v: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(&db).await.unwrap();
    db.close().await;
    v
}

#[tokio::test]
async fn rotation_reseals_keys_but_not_documents() {
    let t = new_vault().await;
    let ids = [
        t.doc(b"alpha body", "a.txt", "A", &["x"]).await,
        t.doc(&vec![9u8; 2 << 20], "b.bin", "B", &[]).await,
    ];
    let ann = t.user("ann", Role::Analyst).await;
    t.user("old", Role::Viewer).await;
    t.vault
        .set_user_disabled(&t.admin, "old", true)
        .await
        .unwrap();

    let blob_dir = t.paths.blobs();
    let blobs_before: Vec<(std::path::PathBuf, Vec<u8>)> = common::all_files(&blob_dir)
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let keys_before = column(&t, "SELECT sealed_key FROM documents ORDER BY id").await;
    let env_before = column(
        &t,
        "SELECT vmk_envelope FROM key_slots WHERE vmk_envelope IS NOT NULL ORDER BY id",
    )
    .await;

    // Only an admin may rotate.
    assert!(matches!(
        t.vault.rotate_master_key(&ann).await,
        Err(Error::PermissionDenied { .. })
    ));
    let report = t.vault.rotate_master_key(&t.admin).await.unwrap();
    assert_eq!(report.documents, 2);
    assert_eq!(report.slots, 3, "admin, ann and the recovery slot");
    assert_eq!(report.revoked, vec!["old".to_string()]);

    // Sealed keys changed; blobs are byte-for-byte the same files.
    let keys_after = column(&t, "SELECT sealed_key FROM documents ORDER BY id").await;
    assert_eq!(keys_after.len(), 2);
    for (a, b) in keys_before.iter().zip(&keys_after) {
        assert_ne!(a, b);
    }
    let env_after = column(
        &t,
        "SELECT vmk_envelope FROM key_slots WHERE vmk_envelope IS NOT NULL ORDER BY id",
    )
    .await;
    assert_eq!(env_after.len(), 3);
    assert!(env_after.iter().all(|e| !env_before.contains(e)));
    for (p, bytes) in &blobs_before {
        assert_eq!(&std::fs::read(p).unwrap(), bytes, "{p:?} was rewritten");
    }

    // The acting admin goes on; ann's older session is locked and logs in again.
    let mut out = Vec::new();
    t.vault
        .read_document(&t.admin, ids[0], &mut out)
        .await
        .unwrap();
    assert_eq!(out, b"alpha body");
    assert!(matches!(
        t.vault.list_documents(&ann).await,
        Err(Error::SessionLocked)
    ));
    let ann = t.vault.login("ann", "ann-password").await.unwrap();
    let mut out = Vec::new();
    t.vault.read_document(&ann, ids[1], &mut out).await.unwrap();
    assert_eq!(out.len(), 2 << 20);
    t.vault.login("admin", ADMIN_PW).await.unwrap();
    t.vault.login_with_recovery(&t.recovery).await.unwrap();

    // The disabled user, re-enabled, cannot get in with the old password...
    t.vault
        .set_user_disabled(&t.admin, "old", false)
        .await
        .unwrap();
    let e = t.vault.login("old", "old-password").await.unwrap_err();
    assert!(matches!(e, Error::AccessRevoked(_)), "{e}");
    // ...until an admin resets it.
    t.vault
        .change_password(&t.admin, "old", None, "old-new-password")
        .await
        .unwrap();
    let old = t.vault.login("old", "old-new-password").await.unwrap();
    assert_eq!(
        t.vault.document(&old, ids[0]).await.unwrap().meta.tags,
        vec!["x"]
    );

    // A document added after the rotation, and the audit chain, are fine.
    let id = t.doc(b"after rotation", "c.txt", "C", &[]).await;
    let mut out = Vec::new();
    t.vault.read_document(&ann, id, &mut out).await.unwrap();
    assert!(t.audited("vault.rotate_key", "success").await);
    assert!(t.vault.verify_audit(&t.admin).await.unwrap().is_intact());
}

#[tokio::test]
async fn a_rotated_vault_reopens_with_the_new_keys() {
    let t = new_vault().await;
    let id = t.doc(b"persisted", "p.txt", "P", &[]).await;
    t.vault.rotate_master_key(&t.admin).await.unwrap();
    t.vault.rotate_master_key(&t.admin).await.unwrap();
    let paths = t.paths.clone();
    let common::TestVault { vault, dir, .. } = t;
    vault.close().await;
    let vault = medvault_core::Vault::open(&paths).await.unwrap();
    let s = vault.login("admin", ADMIN_PW).await.unwrap();
    let mut out = Vec::new();
    vault.read_document(&s, id, &mut out).await.unwrap();
    assert_eq!(out, b"persisted");
    drop(dir);
}
