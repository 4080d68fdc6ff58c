//! Rotating the vault master key: a new VMK re-seals every document's data
//! key and every purpose key, and is sealed to every enabled slot's public
//! key. No document or blob is re-encrypted, and nobody's password is needed.
//! Slots of disabled users are revoked: their old passwords no longer open
//! the vault, and an admin must reset the password to let them back in.

use std::sync::Arc;

use serde::Serialize;

use super::keys::{doc_key_aad, reseal_envelope, reseal_purpose_keys};
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session, VaultKeys};
use crate::crypto::{open, seal, SecretKey};
use crate::Result;

/// What a rotation did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RotationReport {
    /// Document data keys re-sealed under the new master key.
    pub documents: usize,
    /// Documents whose sealed key failed to open (already damaged), left as they were.
    pub damaged: Vec<i64>,
    /// Slots that received the new master key (users and recovery).
    pub slots: usize,
    /// Disabled users whose slots were revoked.
    pub revoked: Vec<String>,
}

/// slot id, user id, kind, public key, user name, user disabled.
type SlotOwner = (
    i64,
    Option<i64>,
    String,
    Vec<u8>,
    Option<String>,
    Option<bool>,
);

impl Vault {
    /// Replaces the vault master key (admin only). Other sessions lock and
    /// must log in again.
    pub async fn rotate_master_key(&self, s: &Session) -> Result<RotationReport> {
        let keys = self
            .authorize(s, Action::ManageSettings, "vault.rotate_key", None)
            .await?;
        let new_vmk = SecretKey::random()?;
        let mut w = self.begin().await?;
        let mut report = RotationReport {
            documents: 0,
            damaged: Vec::new(),
            slots: 0,
            revoked: Vec::new(),
        };

        let docs: Vec<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT id, sealed_key FROM documents WHERE sealed_key IS NOT NULL")
                .fetch_all(&mut *w.tx)
                .await?;
        for (id, sealed) in docs {
            let Ok(dek) = open(&keys.vmk, &doc_key_aad(id), &sealed) else {
                report.damaged.push(id);
                continue;
            };
            sqlx::query("UPDATE documents SET sealed_key = ? WHERE id = ?")
                .bind(seal(&new_vmk, &doc_key_aad(id), &dek)?)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            report.documents += 1;
        }
        reseal_purpose_keys(&mut w.tx, &keys.vmk, &new_vmk).await?;

        let slots: Vec<SlotOwner> = sqlx::query_as(
            "SELECT k.id, k.user_id, k.kind, k.public_key, u.name, u.disabled FROM key_slots k \
             LEFT JOIN users u ON u.id = k.user_id",
        )
        .fetch_all(&mut *w.tx)
        .await?;
        for (slot_id, user_id, kind, pk, name, disabled) in slots {
            let envelope = if disabled == Some(true) {
                report.revoked.push(name.unwrap_or_default());
                None
            } else {
                report.slots += 1;
                Some(reseal_envelope(&pk, &new_vmk, &kind, user_id)?)
            };
            sqlx::query("UPDATE key_slots SET vmk_envelope = ? WHERE id = ?")
                .bind(envelope)
                .bind(slot_id)
                .execute(&mut *w.tx)
                .await?;
        }
        let generation = self.generation() + 1;
        super::settings::put_setting(&mut w.tx, "key_generation", &generation.to_string()).await?;
        let ev = AuditEvent::new("vault.rotate_key", Outcome::Success).details(serde_json::json!({
            "documents": report.documents,
            "damaged": report.damaged,
            "slots": report.slots,
            "revoked": report.revoked,
        }));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;

        // The acting session continues with the new key; every other one locks.
        let fresh = Arc::new(VaultKeys {
            vmk: new_vmk,
            audit: keys.audit.clone(),
            content: keys.content.clone(),
            index: keys.index.clone(),
            settings: keys.settings.clone(),
        });
        self.generation
            .store(generation, std::sync::atomic::Ordering::SeqCst);
        s.restore_keys(fresh, generation);
        Ok(report)
    }
}
