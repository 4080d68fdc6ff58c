//! Watched folders kept in the vault's settings: sealed on disk, changed
//! only by an admin, audited, and still readable after a key rotation.

mod common;

use common::{files_containing, new_vault, ADMIN_PW};
use medvault_core::watch::{AfterIngest, WatchFolder};
use medvault_core::{Role, Vault};

#[tokio::test]
async fn folders_are_stored_sealed_and_only_admins_change_them() {
    let t = new_vault().await;
    let dir = t.dir.path().join("Scans of CANARYfolder91");
    assert!(t.vault.watch_folders(&t.admin).await.unwrap().is_empty());
    let folder = WatchFolder {
        after: AfterIngest::Leave,
        subfolder_tags: true,
        ..WatchFolder::new(&dir)
    };
    t.vault
        .add_watch_folder(&t.admin, folder.clone())
        .await
        .unwrap();
    // Adding the same path again replaces its options.
    t.vault
        .add_watch_folder(
            &t.admin,
            WatchFolder {
                poll: true,
                ..folder.clone()
            },
        )
        .await
        .unwrap();
    let got = t.vault.watch_folders(&t.admin).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].dir, dir);
    assert!(got[0].poll && got[0].subfolder_tags);
    assert_eq!(got[0].after, AfterIngest::Leave);

    let e = t
        .vault
        .add_watch_folder(&t.admin, WatchFolder::new("relative/scans"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("full path"), "{e}");
    let analyst = t.user("ana", Role::Analyst).await;
    assert_eq!(t.vault.watch_folders(&analyst).await.unwrap().len(), 1);
    let e = t
        .vault
        .remove_watch_folder(&analyst, &dir)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    let viewer = t.user("vic", Role::Viewer).await;
    assert!(t.vault.watch_folders(&viewer).await.is_err());
    assert!(t.audited("settings.update", "success").await);

    t.vault.rotate_master_key(&t.admin).await.unwrap();
    let paths = t.paths.clone();
    t.vault.close().await;
    assert!(files_containing(paths.root(), b"CANARYfolder91").is_empty());
    let vault = Vault::open(&paths).await.unwrap();
    let admin = vault.login("admin", ADMIN_PW).await.unwrap();
    assert_eq!(vault.watch_folders(&admin).await.unwrap()[0].dir, dir);
    vault.remove_watch_folder(&admin, &dir).await.unwrap();
    assert!(vault.watch_folders(&admin).await.unwrap().is_empty());
    let e = vault.remove_watch_folder(&admin, &dir).await.unwrap_err();
    assert!(e.to_string().contains("not a watched folder"), "{e}");
    vault.close().await;
}
