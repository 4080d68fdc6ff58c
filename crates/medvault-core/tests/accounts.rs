//! Logins, throttling and lockout, passwords, recovery, and the vault-level
//! bad inputs: missing folder, second process, full disk.

mod common;

use common::{new_vault, ADMIN_PW};
use medvault_core::audit::AuditFilter;
use std::sync::Arc;

use medvault_core::ingest::Format;
use medvault_core::vault::{NewDocument, Stored};
use medvault_core::{Error, Role, Vault, VaultPaths};

#[tokio::test]
async fn wrong_password_unknown_and_disabled_users_get_clear_errors_and_are_audited() {
    let t = new_vault().await;
    t.user("bob", Role::Analyst).await;
    let e = t.vault.login("bob", "not-his-password").await.unwrap_err();
    assert_eq!(e.to_string(), "wrong password for user 'bob'");
    let e = t.vault.login("nobody", "whatever-pass").await.unwrap_err();
    assert_eq!(e.to_string(), "unknown user 'nobody'");
    t.vault
        .set_user_disabled(&t.admin, "bob", true)
        .await
        .unwrap();
    let e = t.vault.login("bob", "bob-password").await.unwrap_err();
    assert!(matches!(e, Error::UserDisabled(_)), "{e}");

    // The failures were recorded without a key and chained at the next login.
    let admin = t.vault.login("admin", ADMIN_PW).await.unwrap();
    let rows = t
        .vault
        .audit_entries(
            &admin,
            &AuditFilter {
                action: Some("login".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let fails: Vec<_> = rows.iter().filter(|r| r.outcome != "success").collect();
    assert_eq!(fails.len(), 3, "{rows:#?}");
    assert_eq!(fails[0].user.as_deref(), Some("bob"));
    assert_eq!(fails[1].user, None, "a mistyped name is never stored");
    assert_eq!(fails[2].outcome, "denied");
    assert!(t.vault.verify_audit(&admin).await.unwrap().is_intact());
    // Disabled users keep their name in the audit and in the user list.
    let users = t.vault.list_users(&admin).await.unwrap();
    assert!(users.iter().any(|u| u.name == "bob" && u.disabled));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let t = new_vault().await;
    t.user("carl", Role::Viewer).await;
    for i in 1..medvault_core::auth::LOCKOUT_AFTER {
        let e = t.vault.login("carl", "bad-password").await.unwrap_err();
        assert!(matches!(e, Error::WrongPassword(_)), "attempt {i}: {e}");
    }
    let e = t.vault.login("carl", "bad-password").await.unwrap_err();
    assert!(matches!(e, Error::AccountLocked { .. }), "{e}");
    let e = t.vault.login("carl", "carl-password").await.unwrap_err();
    assert!(
        matches!(e, Error::AccountLocked { wait_secs, .. } if wait_secs > 0),
        "{e}"
    );
    // An admin re-enabling the account clears the lockout.
    t.vault
        .set_user_disabled(&t.admin, "carl", false)
        .await
        .unwrap();
    t.vault.login("carl", "carl-password").await.unwrap();
}

#[tokio::test]
async fn a_password_change_reseals_one_slot() {
    let t = new_vault().await;
    let dora = t.user("dora", Role::Analyst).await;
    let id = t.doc(b"shared", "s.txt", "s", &[]).await;
    let e = t
        .vault
        .change_password(&dora, "dora", Some("wrong-current"), "dora-new-password")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::WrongPassword(_)));
    t.vault
        .change_password(&dora, "dora", Some("dora-password"), "dora-new-password")
        .await
        .unwrap();
    assert!(t.vault.login("dora", "dora-password").await.is_err());
    let s = t.vault.login("dora", "dora-new-password").await.unwrap();
    let mut out = Vec::new();
    t.vault.read_document(&s, id, &mut out).await.unwrap();
    assert_eq!(out, b"shared");
    t.vault.login("admin", ADMIN_PW).await.unwrap();
    // Too short a password is refused.
    assert!(matches!(
        t.vault
            .change_password(&s, "dora", Some("dora-new-password"), "short")
            .await,
        Err(Error::Invalid(_))
    ));
}

#[tokio::test]
async fn the_recovery_key_resets_a_forgotten_admin_password() {
    let t = new_vault().await;
    assert!(matches!(
        t.vault.login_with_recovery("0000-1111").await,
        Err(Error::WrongRecoveryKey)
    ));
    let wrong = "0".repeat(64);
    assert!(matches!(
        t.vault.login_with_recovery(&wrong).await,
        Err(Error::WrongRecoveryKey)
    ));
    let r = t
        .vault
        .login_with_recovery(&t.recovery.to_lowercase())
        .await
        .unwrap();
    t.vault
        .change_password(&r, "admin", None, "brand-new-admin-pw")
        .await
        .unwrap();
    let admin = t.vault.login("admin", "brand-new-admin-pw").await.unwrap();
    let rows = t
        .vault
        .audit_entries(&admin, &AuditFilter::default())
        .await
        .unwrap();
    assert!(rows.iter().any(|e| e.action == "login.recovery"
        && e.outcome == "success"
        && e.user.as_deref() == Some("recovery")));
    assert!(rows
        .iter()
        .any(|e| e.action == "login.recovery" && e.outcome == "failure"));
}

#[tokio::test]
async fn logout_and_lock_drop_the_keys() {
    let t = new_vault().await;
    let s = t.vault.login("admin", ADMIN_PW).await.unwrap();
    t.vault.lock(&s).await.unwrap();
    assert!(s.is_locked());
    assert!(matches!(
        t.vault.list_documents(&s).await,
        Err(Error::SessionLocked)
    ));
    assert!(t.vault.unlock(&s, "wrong-password").await.is_err());
    t.vault.unlock(&s, ADMIN_PW).await.unwrap();
    t.vault.list_documents(&s).await.unwrap();
    t.vault.logout(&s).await.unwrap();
    assert!(matches!(
        t.vault.list_documents(&s).await,
        Err(Error::SessionLocked)
    ));
}

#[tokio::test]
async fn a_missing_vault_folder_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let e = Vault::open(&VaultPaths::new(dir.path().join("gone")))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NoVault(_)));
    assert!(e.to_string().contains("medvault init"), "{e}");
}

#[tokio::test]
async fn a_second_opener_is_refused_with_a_clear_message() {
    let t = new_vault().await;
    let e = Vault::open(&t.paths).await.unwrap_err();
    assert!(matches!(e, Error::VaultBusy(_)), "{e}");
    assert!(e.to_string().contains("open in another MedVault process"));
    let e = Vault::create(&t.paths, "x", "xxxxxxxxxxxx")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::VaultExists(_)), "{e}");
}

#[tokio::test]
async fn creating_a_vault_in_a_folder_of_other_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("photo.jpg"), b"mine").unwrap();
    let e = Vault::create(&VaultPaths::new(dir.path()), "admin", ADMIN_PW)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotAVault(_)), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A full disk during a write leaves no half-written document behind. Needs
/// a small tmpfs, so it runs as root (as CI does) and says so otherwise.
#[tokio::test]
async fn a_full_disk_during_a_write_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&mnt)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!(
            "SKIPPED: cannot mount a tmpfs here (needs root); the full-disk test did not run"
        );
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let paths = VaultPaths::new(mnt.join("vault"));
    let (vault, admin, _) = Vault::create(&paths, "admin", ADMIN_PW).await.unwrap();
    let small = vault
        .store_original(
            &admin,
            NewDocument {
                file_name: "small.txt".into(),
                ..Default::default()
            },
            Format::Text,
            Arc::new(vec![b'a'; 100_000]),
        )
        .await
        .unwrap();
    let Stored::New(small) = small else {
        panic!("{small:?}")
    };
    let blobs_before = common::all_files(&paths.blobs()).len();
    let e = vault
        .store_original(
            &admin,
            NewDocument {
                file_name: "huge.txt".into(),
                ..Default::default()
            },
            Format::Text,
            Arc::new(vec![b'b'; 8 << 20]),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::DiskFull(_)), "{e}");
    assert!(e.to_string().contains("nothing was saved"));
    assert_eq!(
        common::all_files(&paths.blobs()).len(),
        blobs_before,
        "no partial blob or temp file"
    );
    let docs = vault.list_documents(&admin).await.unwrap();
    assert_eq!(docs.len(), 1);
    let mut out = Vec::new();
    vault.read_document(&admin, small, &mut out).await.unwrap();
    assert_eq!(out.len(), 100_000);
    vault.close().await;
}
