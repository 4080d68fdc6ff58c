//! Creating a vault: the master key, the admin's slot, the recovery slot,
//! the audit key, and the first audit rows.

use std::sync::Arc;
use std::time::Duration;

use super::keys::{create_purpose_key, make_slot, store_slot, RecoveryKey};
use super::settings::put_setting;
use super::users::{check_user_name, insert_user};
use super::{Vault, DEFAULT_IDLE_TIMEOUT_SECS};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{check_new_password, Role, Session, VaultKeys};
use crate::crypto::SecretKey;
use crate::extract::DateOrder;
use crate::store::{now_ms, open_database, VaultLock, SCHEMA_VERSION};
use crate::{status, Error, Result, VaultPaths, VaultState};

/// What a new vault starts with, beyond its admin (each can be changed later
/// in the settings).
#[derive(Debug, Clone, Copy, Default)]
pub struct VaultOptions {
    /// How dates that read both ways are read (the user's locale is a good guess).
    pub date_order: DateOrder,
}

impl Vault {
    /// Creates a vault at `paths` with one admin and the default options.
    /// Returns the open vault, the admin's session and the recovery key (to
    /// be shown once).
    pub async fn create(
        paths: &VaultPaths,
        admin: &str,
        password: &str,
    ) -> Result<(Vault, Session, RecoveryKey)> {
        Self::create_with(paths, admin, password, VaultOptions::default()).await
    }

    /// [`Vault::create`] with `options` stored in the same transaction as the
    /// admin, and named in the `vault.create` audit row.
    pub async fn create_with(
        paths: &VaultPaths,
        admin: &str,
        password: &str,
        options: VaultOptions,
    ) -> Result<(Vault, Session, RecoveryKey)> {
        if status(paths)?.state == VaultState::Ready {
            return Err(Error::VaultExists(paths.root().to_path_buf()));
        }
        check_user_name(admin)?;
        check_new_password(password)?;
        let root = paths.root();
        std::fs::create_dir_all(root).map_err(|e| Error::io("cannot create folder", root, e))?;
        restrict_to_owner(root)?;
        let lock = VaultLock::acquire(paths)?;
        match Self::create_locked(paths, lock, admin, password, options).await {
            Ok(v) => Ok(v),
            Err(e) => {
                // Leave the folder as we found it: remove only what we created.
                let db = paths.database();
                for f in [
                    db.clone(),
                    db.with_extension("db-wal"),
                    db.with_extension("db-shm"),
                    paths.audit_head(),
                ] {
                    let _ = std::fs::remove_file(f);
                }
                Err(e)
            }
        }
    }

    async fn create_locked(
        paths: &VaultPaths,
        lock: VaultLock,
        admin: &str,
        password: &str,
        options: VaultOptions,
    ) -> Result<(Vault, Session, RecoveryKey)> {
        let pool = open_database(&paths.database(), true).await?;
        let vault = Vault::assemble(paths, pool, lock);
        let vmk = SecretKey::random()?;
        let recovery = RecoveryKey::generate()?;
        let now = now_ms();

        let mut w = vault.begin().await?;
        let admin_id = insert_user(&mut w.tx, admin, Role::Admin, now).await?;
        for (k, v) in [
            ("schema_version", SCHEMA_VERSION.to_string()),
            ("created_at", now.to_string()),
            ("idle_timeout_secs", DEFAULT_IDLE_TIMEOUT_SECS.to_string()),
            ("key_generation", "0".to_string()),
            ("date_order", options.date_order.as_str().to_string()),
        ] {
            put_setting(&mut w.tx, k, &v).await?;
        }
        let slot = make_slot(password.as_bytes(), &vmk, "password", Some(admin_id)).await?;
        store_slot(&mut w.tx, Some(admin_id), "password", &slot, now).await?;
        let rslot = make_slot(recovery.as_str().as_bytes(), &vmk, "recovery", None).await?;
        store_slot(&mut w.tx, None, "recovery", &rslot, now).await?;
        let audit = create_purpose_key(&mut w.tx, &vmk, "audit", now).await?;
        let content = create_purpose_key(&mut w.tx, &vmk, "content", now).await?;
        let index = create_purpose_key(&mut w.tx, &vmk, "index", now).await?;
        let settings = create_purpose_key(&mut w.tx, &vmk, "settings", now).await?;

        let keys = Arc::new(VaultKeys {
            vmk,
            audit,
            content,
            index,
            settings,
        });
        let session = Session::new(
            Some(admin_id),
            admin.to_string(),
            Role::Admin,
            keys.clone(),
            Duration::from_secs(DEFAULT_IDLE_TIMEOUT_SECS as u64),
            0,
        );
        let actor = session.actor();
        crate::audit::append(
            &mut w.tx,
            &keys.audit,
            &actor,
            now,
            &AuditEvent::new("vault.create", Outcome::Success)
                .details(serde_json::json!({"date_order": options.date_order.as_str()})),
        )
        .await?;
        vault
            .finish(
                w,
                &keys.audit,
                &actor,
                AuditEvent::new("user.add", Outcome::Success)
                    .resource(format!("user:{admin}"))
                    .details(serde_json::json!({"role": "admin"})),
            )
            .await?;
        Ok((vault, session, recovery))
    }
}

/// Only the owner may enter the vault folder (on Unix; Windows user profiles
/// already restrict the per-user data folder).
fn restrict_to_owner(dir: &std::path::Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("cannot restrict access to", dir, e))?;
    }
    let _ = dir;
    Ok(())
}
