//! Every action for every role, through the public API, against the matrix;
//! refusals are audited.

mod common;

use common::new_vault;
use medvault_core::audit::AuditFilter;
use medvault_core::auth::permits;
use std::sync::Arc;

use medvault_core::ingest::Format;
use medvault_core::vault::NewDocument;
use medvault_core::{Action, Error, Role, Session};

async fn attempt(
    t: &common::TestVault,
    s: &Session,
    action: Action,
    n: usize,
) -> medvault_core::Result<()> {
    let v = &t.vault;
    match action {
        Action::ViewDocument => {
            let id = t.doc(b"view me", "v.txt", "v", &[]).await;
            v.document(s, id).await?;
            v.read_document(s, id, &mut Vec::new()).await.map(|_| ())
        }
        Action::UploadDocument => v
            .store_original(
                s,
                NewDocument {
                    file_name: "u.txt".into(),
                    ..Default::default()
                },
                Format::Text,
                Arc::new(format!("up {n}").into_bytes()),
            )
            .await
            .map(|_| ()),
        Action::EditMetadata => {
            let id = t.doc(b"edit me", "e.txt", "e", &[]).await;
            v.update_document(s, id, Some("new title".into()), None, None)
                .await
        }
        Action::DeleteDocument => {
            let id = t.doc(b"delete me", "d.txt", "d", &[]).await;
            v.delete_document(s, id).await
        }
        Action::ExportDocument => {
            let id = t.doc(b"export me", "x.txt", "x", &[]).await;
            let out = t.dir.path().join(format!("export-{n}.txt"));
            v.export_document(s, id, &out).await.map(|_| ())
        }
        Action::ManageUsers => {
            v.add_user(s, &format!("made-{n}"), Role::Viewer, "made-password-1")
                .await?;
            v.list_users(s).await.map(|_| ())
        }
        Action::ManageSettings => v.set_idle_timeout(s, 900).await,
        Action::ViewAudit => {
            v.verify_audit(s).await?;
            v.audit_entries(s, &AuditFilter::default())
                .await
                .map(|_| ())
        }
    }
}

#[tokio::test]
async fn every_role_can_do_exactly_what_the_matrix_allows() {
    let t = new_vault().await;
    let mut sessions = vec![(
        Role::Admin,
        t.vault.login("admin", common::ADMIN_PW).await.unwrap(),
    )];
    for role in [Role::Manager, Role::Analyst, Role::Viewer] {
        sessions.push((role, t.user(role.as_str(), role).await));
    }
    let mut n = 0;
    let mut denied = 0;
    for (role, s) in &sessions {
        for action in Action::ALL {
            n += 1;
            let r = attempt(&t, s, action, n).await;
            if permits(*role, action) {
                assert!(r.is_ok(), "{role} should be allowed to {action:?}: {r:?}");
            } else {
                denied += 1;
                assert!(
                    matches!(r, Err(Error::PermissionDenied { .. })),
                    "{role} should be refused {action:?}, got {r:?}"
                );
            }
        }
    }
    assert!(denied >= 10, "the matrix refuses something to most roles");
    let rows = t
        .vault
        .audit_entries(&t.admin, &AuditFilter::default())
        .await
        .unwrap();
    let denied_rows = rows.iter().filter(|e| e.outcome == "denied").count();
    assert_eq!(denied_rows, denied, "every refusal is audited");
    assert!(t.vault.verify_audit(&t.admin).await.unwrap().is_intact());
}

#[tokio::test]
async fn a_viewer_is_refused_delete_and_export_and_nothing_changes() {
    let t = new_vault().await;
    let id = t.doc(b"keep me", "k.txt", "keep", &[]).await;
    let viewer = t.user("vera", Role::Viewer).await;
    let out = t.dir.path().join("out.txt");
    assert!(matches!(
        t.vault.delete_document(&viewer, id).await,
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        t.vault.export_document(&viewer, id, &out).await,
        Err(Error::PermissionDenied { .. })
    ));
    assert!(!out.exists());
    let mut buf = Vec::new();
    t.vault.read_document(&viewer, id, &mut buf).await.unwrap();
    assert_eq!(buf, b"keep me");
}
