//! Backup and restore: a round trip gives the same documents, the same
//! search results and an intact audit log; a backup taken while documents
//! are being added restores consistently; a changed, cut or foreign archive
//! is refused naming what is wrong, and leaves nothing behind.

mod common;

use common::{new_vault, TestVault, ADMIN_PW};
use medvault_core::vault::{restore, verify_backup, Credentials};
use medvault_core::{Role, Vault, VaultPaths};

fn admin() -> Credentials {
    Credentials::Password {
        user: "admin".into(),
        password: ADMIN_PW.into(),
    }
}

async fn filled() -> TestVault {
    let t = new_vault().await;
    t.doc(
        b"Glucose 5.6 mg/dL fasting, HbA1c 7.2",
        "lab.txt",
        "Lab",
        &["endo"],
    )
    .await;
    t.doc(
        b"Chest pain radiating to the left arm",
        "consult.txt",
        "Consult",
        &[],
    )
    .await;
    let scan = medvault_core::samples::pdf(&[medvault_core::samples::SamplePage::Text(vec![
        "Radiology: narrowing at C4-C5, no fracture".into(),
    ])]);
    t.doc(&scan, "xray.pdf", "X-ray", &["ortho"]).await;
    t
}

async fn hits(v: &Vault, s: &medvault_core::Session, q: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = v
        .search(s, q, 50)
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_restored_backup_has_the_same_documents_searches_and_audit() {
    let t = filled().await;
    let queries = ["glucose", "C4-C5", "pain OR fracture", "tag:ortho"];
    let mut before = Vec::new();
    for q in queries {
        before.push(hits(&t.vault, &t.admin, q).await);
    }
    let docs_before: Vec<(i64, String)> = t
        .vault
        .list_documents(&t.admin)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, d)| (id, d.unwrap().meta.file_name))
        .collect();
    let archive = t.dir.path().join("vault.mvbackup");
    let made = t.vault.backup(&t.admin, &archive).await.unwrap();
    assert_eq!(made.documents, 3);
    assert!(made.files >= 3 + 2, "{made:?}");
    assert!(t.audited("vault.backup", "success").await);

    let checked = verify_backup(&archive, &admin()).await.unwrap();
    assert_eq!(checked.documents, 3);

    let target = VaultPaths::new(t.dir.path().join("restored"));
    let restored = restore(&archive, &target, &admin()).await.unwrap();
    assert_eq!(restored.documents, 3);
    let v = Vault::open(&target).await.unwrap();
    let s = v.login("admin", ADMIN_PW).await.unwrap();
    let docs_after: Vec<(i64, String)> = v
        .list_documents(&s)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, d)| (id, d.unwrap().meta.file_name))
        .collect();
    assert_eq!(docs_after, docs_before);
    for (q, want) in queries.iter().zip(&before) {
        assert_eq!(&hits(&v, &s, q).await, want, "{q}");
    }
    let mut original = Vec::new();
    v.read_document(&s, docs_after[0].0, &mut original)
        .await
        .unwrap();
    assert!(!original.is_empty());
    assert!(v.verify_audit(&s).await.unwrap().is_intact());
    let rows = v.audit_entries(&s, &Default::default()).await.unwrap();
    assert!(rows.iter().any(|e| e.action == "vault.restore"));
    v.close().await;

    // A restore never lands on an existing vault.
    let e = restore(&archive, &target, &admin()).await.unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
}

#[tokio::test]
async fn a_backup_taken_while_documents_arrive_restores_consistently() {
    let t = filled().await;
    let archive = t.dir.path().join("busy.mvbackup");
    let adding = async {
        for i in 0..15 {
            let body = format!("Progress note {i}: patient stable, continue metformin");
            t.doc(body.as_bytes(), &format!("note{i}.txt"), "Note", &[])
                .await;
        }
    };
    let (_, made) = tokio::join!(adding, t.vault.backup(&t.admin, &archive));
    let made = made.unwrap();
    let target = VaultPaths::new(t.dir.path().join("restored"));
    let restored = restore(&archive, &target, &admin()).await.unwrap();
    assert_eq!(restored.documents, made.documents);
    let v = Vault::open(&target).await.unwrap();
    let s = v.login("admin", ADMIN_PW).await.unwrap();
    for (id, d) in v.list_documents(&s).await.unwrap() {
        let d = d.unwrap();
        if d.status == "done" {
            let mut b = Vec::new();
            v.read_document(&s, id, &mut b).await.unwrap();
            assert_eq!(b.len() as i64, d.size, "document {id}");
        }
    }
    assert!(v.verify_audit(&s).await.unwrap().is_intact());
    v.close().await;
}

fn refused(e: medvault_core::Error, says: &str) {
    assert!(e.to_string().contains(says), "expected '{says}' in: {e}");
}

#[tokio::test]
async fn a_changed_cut_or_foreign_archive_is_refused_and_nothing_is_left() {
    let t = filled().await;
    let archive = t.dir.path().join("v.mvbackup");
    t.vault.backup(&t.admin, &archive).await.unwrap();
    let good = std::fs::read(&archive).unwrap();
    let bad = t.dir.path().join("bad.mvbackup");
    let target = VaultPaths::new(t.dir.path().join("restored"));
    let try_restore = |bytes: Vec<u8>| {
        std::fs::write(&bad, bytes).unwrap();
        let (bad, target) = (bad.clone(), target.clone());
        async move { restore(&bad, &target, &admin()).await.unwrap_err() }
    };

    // One byte of the last entry (a sealed blob) flipped.
    let mut b = good.clone();
    let n = b.len();
    b[n - 10] ^= 1;
    let e = try_restore(b).await;
    refused(e, "does not match its checksum");

    // Cut short, and with bytes added.
    refused(
        try_restore(good[..good.len() - 100].to_vec()).await,
        "ends early",
    );
    let mut longer = good.clone();
    longer.extend_from_slice(b"more");
    refused(try_restore(longer).await, "data after its last entry");
    refused(
        try_restore(b"PK\x03\x04 a zip".to_vec()).await,
        "not a MedVault backup",
    );

    // The manifest rewritten consistently (new length, same files) fails its seal.
    let start = b"MEDVAULT-BACKUP 1\n".len();
    let len = u64::from_le_bytes(good[start..start + 8].try_into().unwrap()) as usize;
    let manifest = std::str::from_utf8(&good[start + 8..start + 8 + len]).unwrap();
    let with_manifest = |m: String| {
        let mut b = good[..start].to_vec();
        b.extend_from_slice(&(m.len() as u64).to_le_bytes());
        b.extend_from_slice(m.as_bytes());
        b.extend_from_slice(&good[start + 8 + len..]);
        b
    };
    let forged = manifest.replacen("\"created_at\":", "\"created_at\":1", 1);
    refused(
        try_restore(with_manifest(forged)).await,
        "does not match its seal",
    );

    // A path that leaves the vault folder.
    let evil = manifest.replacen("\"path\":\"vault.db\"", "\"path\":\"../vault.db\"", 1);
    refused(try_restore(with_manifest(evil)).await, "outside a vault");

    // The right archive with the wrong people.
    let wrong = Credentials::Password {
        user: "admin".into(),
        password: "not-it-at-all".into(),
    };
    refused(
        restore(&archive, &target, &wrong).await.unwrap_err(),
        "wrong password",
    );
    t.user("vic", Role::Viewer).await;
    t.vault.backup(&t.admin, &archive).await.unwrap();
    let viewer = Credentials::Password {
        user: "vic".into(),
        password: "vic-password".into(),
    };
    refused(
        restore(&archive, &target, &viewer).await.unwrap_err(),
        "only an admin",
    );
    let other = new_vault().await;
    let foreign = other.dir.path().join("other.mvbackup");
    other.vault.backup(&other.admin, &foreign).await.unwrap();
    // Same user name and password, another vault: its archive opens with its
    // own keys; this vault's archive does not open with the other's recovery key.
    let e = restore(
        &archive,
        &target,
        &Credentials::RecoveryKey(other.recovery.clone()),
    )
    .await
    .unwrap_err();
    refused(e, "recovery key does not open");

    assert!(!target.root().exists(), "nothing left at the target");
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-restore-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // And the good archive still restores with the recovery key.
    restore(
        &archive,
        &target,
        &Credentials::RecoveryKey(t.recovery.clone()),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn only_an_admin_makes_a_backup() {
    let t = filled().await;
    let m = t.user("meg", Role::Manager).await;
    let e = t
        .vault
        .backup(&m, &t.dir.path().join("x"))
        .await
        .unwrap_err();
    refused(e, "not allowed");
    assert!(!t.dir.path().join("x").exists());
}
