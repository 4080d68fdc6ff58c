//! The one path every change takes: take the write lock, open a transaction,
//! make the change, append its audit row, commit, update the sealed head.

use std::sync::Arc;

use sqlx::{Sqlite, Transaction};
use tokio::sync::OwnedMutexGuard;

use super::Vault;
use crate::audit::{append, Actor, AuditEvent, Head, Outcome};
use crate::auth::{Action, Session, VaultKeys};
use crate::crypto::SecretKey;
use crate::store::now_ms;
use crate::Result;

/// An open write transaction, holding the vault's write lock.
pub(crate) struct WriteTx {
    _guard: OwnedMutexGuard<()>,
    pub tx: Transaction<'static, Sqlite>,
}

impl WriteTx {
    /// Commits a change that needs no audit row of its own and releases the lock.
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Session {
    pub(crate) fn actor(&self) -> Actor {
        Actor {
            id: self.user_id,
            name: Some(self.user().to_string()),
        }
    }
}

impl Vault {
    /// Starts a write transaction.
    pub(crate) async fn begin(&self) -> Result<WriteTx> {
        let guard = self.write.clone().lock_owned().await;
        let tx = self.pool.begin().await?;
        Ok(WriteTx { _guard: guard, tx })
    }

    /// Appends `event` to the audit log in `w`, commits, and updates the head.
    pub(crate) async fn finish(
        &self,
        mut w: WriteTx,
        audit_key: &SecretKey,
        actor: &Actor,
        event: AuditEvent,
    ) -> Result<()> {
        let (seq, mac) = append(&mut w.tx, audit_key, actor, now_ms(), &event).await?;
        w.tx.commit().await?;
        Head::new(seq, mac).store(&self.paths.audit_head(), audit_key)
    }

    /// Records an event that changes nothing else (a view, a search, a denial).
    pub(crate) async fn record(
        &self,
        keys: &VaultKeys,
        actor: &Actor,
        event: AuditEvent,
    ) -> Result<()> {
        let w = self.begin().await?;
        self.finish(w, &keys.audit, actor, event).await
    }

    /// The current master-key generation.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A session whose keys predate the latest rotation is locked.
    pub(crate) fn check_generation(&self, s: &Session) -> Result<()> {
        if s.generation() != self.generation() {
            s.drop_keys();
            return Err(crate::Error::SessionLocked);
        }
        Ok(())
    }

    /// Checks that `s` is unlocked and may perform `action`; a refusal is
    /// audited under `audit_action` before it is returned.
    pub(crate) async fn authorize(
        &self,
        s: &Session,
        action: Action,
        audit_action: &'static str,
        resource: Option<String>,
    ) -> Result<Arc<VaultKeys>> {
        self.check_generation(s)?;
        let keys = s.keys()?;
        if let Err(e) = s.check(action) {
            let mut ev = AuditEvent::new(audit_action, Outcome::Denied);
            ev.resource = resource;
            self.record(&keys, &s.actor(), ev).await?;
            return Err(e);
        }
        Ok(keys)
    }
}
