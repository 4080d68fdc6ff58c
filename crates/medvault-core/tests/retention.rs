//! Retention: per-type defaults and per-document dates decide what is due;
//! only managers and admins list and purge; a purge erases the document
//! (blobs, index entry, keys) and leaves audit rows without content.

mod common;

use common::{files_containing, new_vault};
use medvault_core::store::now_ms;
use medvault_core::vault::days_after;
use medvault_core::Role;

#[tokio::test]
async fn due_documents_are_listed_and_purged_on_confirmation() {
    let t = new_vault().await;
    let lab = t
        .doc(b"CANARYpurgeLab glucose 5.6", "lab.txt", "Lab", &[])
        .await;
    let note = t
        .doc(b"CANARYpurgeNote chest pain", "note.txt", "Note", &[])
        .await;
    let keep = t.doc(b"CANARYkeep history", "keep.txt", "Keep", &[]).await;
    for (id, ty) in [
        (lab, "lab_result_report"),
        (note, "consultation_note"),
        (keep, "letter"),
    ] {
        t.vault.set_document_type(&t.admin, id, ty).await.unwrap();
    }
    let now = now_ms();
    t.vault
        .set_retention_default(&t.admin, "lab_result_report", Some(30))
        .await
        .unwrap();
    t.vault
        .set_retention(&t.admin, note, Some(now - 1000))
        .await
        .unwrap();
    assert_eq!(
        t.vault.retention_defaults(&t.admin).await.unwrap(),
        [("lab_result_report".to_string(), 30)]
    );

    let due = |as_of| t.vault.retention_due(&t.admin, as_of);
    let ids =
        |v: Vec<medvault_core::vault::DueDocument>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(ids(due(now).await.unwrap()), [note]);
    assert_eq!(ids(due(days_after(now, 31)).await.unwrap()), [note, lab]);
    let listed = due(now).await.unwrap();
    assert_eq!(listed[0].file_name, "note.txt");

    let analyst = t.user("ana", Role::Analyst).await;
    assert!(t.vault.retention_due(&analyst, now).await.is_err());
    assert!(t.vault.purge_due(&analyst, &[note], now).await.is_err());
    let manager = t.user("meg", Role::Manager).await;
    let report = t
        .vault
        .purge_due(&manager, &[note, keep, lab], now)
        .await
        .unwrap();
    assert_eq!(report.purged, [note]);
    assert_eq!(
        report.refused.iter().map(|r| r.0).collect::<Vec<_>>(),
        [keep, lab]
    );

    assert!(t.vault.document(&t.admin, note).await.is_err());
    assert_eq!(
        t.vault
            .search(&t.admin, "CANARYpurgeNote", 10)
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        t.vault
            .search(&t.admin, "CANARYkeep", 10)
            .await
            .unwrap()
            .total,
        1
    );
    assert!(!t
        .vault
        .paths()
        .blobs()
        .join(format!("{:02x}", note % 256))
        .join(format!("{note}.original"))
        .exists());
    assert!(t.vault.verify_audit(&t.admin).await.unwrap().is_intact());
    let rows = t
        .vault
        .audit_entries(&t.admin, &Default::default())
        .await
        .unwrap();
    let purge = rows
        .iter()
        .find(|e| e.action == "document.purge" && e.outcome == "success")
        .expect("audited");
    assert_eq!(
        purge.resource.as_deref(),
        Some(format!("document:{note}").as_str())
    );

    // Clearing a document's own date brings back its type's default.
    t.vault
        .set_retention(&t.admin, keep, Some(now - 1))
        .await
        .unwrap();
    t.vault.set_retention(&t.admin, keep, None).await.unwrap();
    assert_eq!(ids(due(now).await.unwrap()), Vec::<i64>::new());
    t.vault
        .set_retention_default(&t.admin, "lab_result_report", None)
        .await
        .unwrap();
    assert_eq!(
        ids(due(days_after(now, 365)).await.unwrap()),
        Vec::<i64>::new()
    );
    let e = t
        .vault
        .set_retention_default(&t.admin, "no_such_type", Some(3))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unknown type"), "{e}");

    let root = t.paths.root().to_path_buf();
    t.vault.close().await;
    for needle in ["CANARYpurgeNote", "canarypurgenote"] {
        assert!(
            files_containing(&root, needle.as_bytes()).is_empty(),
            "{needle}"
        );
    }
}
