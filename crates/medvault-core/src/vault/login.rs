//! Logging in and out, locking and unlocking, with failed-login throttling.
//!
//! A failed login has no key to write a chained audit row with, so it is kept
//! in `pending_audit` (no free text: a mistyped name is not stored, since it
//! may be a password) and chained into the audit log at the next successful
//! unlock by anyone.

use std::sync::Arc;

use super::keys::{
    create_purpose_key, load_purpose_key, load_slot, open_slot, RecoveryKey, SlotOpen,
};
use super::users::{find_user, UserRow};
use super::Vault;
use crate::audit::{append, Actor, AuditEvent, Outcome};
use crate::auth::{Role, Session, VaultKeys};
use crate::store::now_ms;
use crate::{Error, Result};

impl Vault {
    /// Logs `name` in with `password`.
    pub async fn login(&self, name: &str, password: &str) -> Result<Session> {
        let Some(u) = find_user(&self.pool, name).await? else {
            self.pending(None, "login", Outcome::Failure).await?;
            tokio::time::sleep(self.throttle.delay(1)).await;
            return Err(Error::UnknownUser(name.to_string()));
        };
        if u.disabled {
            self.pending(Some(u.id), "login", Outcome::Denied).await?;
            return Err(Error::UserDisabled(u.name));
        }
        let now = now_ms();
        if let Some(until) = u.locked_until.filter(|t| *t > now) {
            self.pending(Some(u.id), "login", Outcome::Denied).await?;
            return Err(Error::AccountLocked {
                user: u.name,
                failures: u.failed_logins,
                wait_secs: (until - now + 999) / 1000,
            });
        }
        let slot = load_slot(&self.pool, Some(u.id)).await?;
        let vmk = match open_slot(password.as_bytes(), &slot, "password", Some(u.id)).await? {
            SlotOpen::Opened(vmk) => vmk,
            SlotOpen::WrongSecret => return Err(self.failed_login(&u).await?),
            SlotOpen::Revoked => {
                self.pending(Some(u.id), "login", Outcome::Denied).await?;
                return Err(Error::AccessRevoked(u.name));
            }
        };
        let role = Role::parse(&u.role)?;
        self.start_session(Some(u.id), u.name, role, vmk).await
    }

    /// Opens the vault with the recovery key: an admin session named `recovery`,
    /// for resetting a forgotten password.
    pub async fn login_with_recovery(&self, key: &str) -> Result<Session> {
        let key = RecoveryKey::parse(key)?;
        let slot = load_slot(&self.pool, None).await?;
        let SlotOpen::Opened(vmk) =
            open_slot(key.as_str().as_bytes(), &slot, "recovery", None).await?
        else {
            self.pending(None, "login.recovery", Outcome::Failure)
                .await?;
            tokio::time::sleep(self.throttle.delay(1)).await;
            return Err(Error::WrongRecoveryKey);
        };
        self.start_session(None, "recovery".into(), Role::Admin, vmk)
            .await
    }

    async fn failed_login(&self, u: &UserRow) -> Result<Error> {
        let failures = u.failed_logins + 1;
        let lock_until = self
            .throttle
            .lockout_for(failures)
            .map(|d| now_ms() + d.as_millis() as i64);
        let mut w = self.begin().await?;
        sqlx::query("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")
            .bind(failures)
            .bind(lock_until)
            .bind(u.id)
            .execute(&mut *w.tx)
            .await?;
        insert_pending(&mut w.tx, Some(u.id), "login", Outcome::Failure).await?;
        w.tx.commit().await?;
        tokio::time::sleep(self.throttle.delay(failures)).await;
        Ok(match lock_until {
            Some(until) => Error::AccountLocked {
                user: u.name.clone(),
                failures,
                wait_secs: (until - now_ms() + 999) / 1000,
            },
            None => Error::WrongPassword(u.name.clone()),
        })
    }

    async fn pending(&self, user_id: Option<i64>, action: &str, outcome: Outcome) -> Result<()> {
        let mut w = self.begin().await?;
        insert_pending(&mut w.tx, user_id, action, outcome).await?;
        w.tx.commit().await?;
        Ok(())
    }

    async fn start_session(
        &self,
        user_id: Option<i64>,
        name: String,
        role: Role,
        vmk: crate::crypto::SecretKey,
    ) -> Result<Session> {
        let audit = load_purpose_key(&self.pool, &vmk, "audit").await?;
        let mut w = self.begin().await?;
        // Vaults made before the ingest pipeline, search or sealed settings get those keys now.
        let content = purpose_key_or_new(&self.pool, &mut w, &vmk, "content").await?;
        let index = purpose_key_or_new(&self.pool, &mut w, &vmk, "index").await?;
        let settings = purpose_key_or_new(&self.pool, &mut w, &vmk, "settings").await?;
        let keys = Arc::new(VaultKeys {
            vmk,
            audit,
            content,
            index,
            settings,
        });
        let idle = self.idle_timeout().await?;
        let session = Session::new(user_id, name, role, keys.clone(), idle, self.generation());
        // Chain the events recorded while no key was available.
        let pending: Vec<PendingRow> = sqlx::query_as(
            "SELECT p.id, p.at, p.user_id, u.name, p.action, p.outcome FROM pending_audit p \
             LEFT JOIN users u ON u.id = p.user_id ORDER BY p.id",
        )
        .fetch_all(&mut *w.tx)
        .await?;
        for (_, at, uid, uname, action, outcome) in &pending {
            let ev = AuditEvent {
                action: pending_action(action),
                resource: uname.as_ref().map(|n| format!("user:{n}")),
                outcome: match outcome.as_str() {
                    "denied" => Outcome::Denied,
                    _ => Outcome::Failure,
                },
                details: Some(serde_json::json!({"recorded_before_unlock": true})),
            };
            let actor = Actor {
                id: *uid,
                name: uname.clone(),
            };
            append(&mut w.tx, &keys.audit, &actor, *at, &ev).await?;
        }
        sqlx::query("DELETE FROM pending_audit")
            .execute(&mut *w.tx)
            .await?;
        if let Some(id) = user_id {
            sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
        }
        let action = if user_id.is_some() {
            "login"
        } else {
            "login.recovery"
        };
        self.finish(
            w,
            &keys.audit,
            &session.actor(),
            AuditEvent::new(action, Outcome::Success),
        )
        .await?;
        Ok(session)
    }

    /// Ends the session; its keys are dropped and zeroized.
    pub async fn logout(&self, s: &Session) -> Result<()> {
        if let Ok(keys) = s.keys() {
            self.record(
                &keys,
                &s.actor(),
                AuditEvent::new("logout", Outcome::Success),
            )
            .await?;
        }
        s.drop_keys();
        Ok(())
    }

    /// Locks the session (keys dropped) until [`Vault::unlock`].
    pub async fn lock(&self, s: &Session) -> Result<()> {
        if let Ok(keys) = s.keys() {
            self.record(&keys, &s.actor(), AuditEvent::new("lock", Outcome::Success))
                .await?;
        }
        s.drop_keys();
        Ok(())
    }

    /// Unlocks a locked session with the user's password.
    pub async fn unlock(&self, s: &Session, password: &str) -> Result<()> {
        let fresh = self.login(s.user(), password).await?;
        let keys = fresh.keys()?;
        s.restore_keys(keys, self.generation());
        Ok(())
    }
}

/// id, time, user id, user name, action, outcome.
type PendingRow = (i64, i64, Option<i64>, Option<String>, String, String);

fn pending_action(a: &str) -> &'static str {
    match a {
        "login.recovery" => "login.recovery",
        _ => "login",
    }
}

async fn insert_pending(
    tx: &mut sqlx::SqliteConnection,
    user_id: Option<i64>,
    action: &str,
    outcome: Outcome,
) -> Result<()> {
    sqlx::query("INSERT INTO pending_audit (at, user_id, action, outcome) VALUES (?, ?, ?, ?)")
        .bind(now_ms())
        .bind(user_id)
        .bind(action)
        .bind(outcome.as_str())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A purpose key, created (in `w`) if this vault predates it.
async fn purpose_key_or_new(
    pool: &sqlx::SqlitePool,
    w: &mut super::access::WriteTx,
    vmk: &crate::crypto::SecretKey,
    purpose: &str,
) -> Result<crate::crypto::SecretKey> {
    match load_purpose_key(pool, vmk, purpose).await {
        Ok(k) => Ok(k),
        Err(Error::Database(sqlx::Error::RowNotFound)) => {
            create_purpose_key(&mut w.tx, vmk, purpose, now_ms()).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::{Error, Vault, VaultPaths};

    #[tokio::test]
    async fn an_idle_session_locks_itself_and_unlocks_with_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path().join("v"));
        let (vault, s, _) = Vault::create(&paths, "ann", "ann-password-1")
            .await
            .unwrap();
        assert_eq!(
            vault.idle_timeout().await.unwrap(),
            Duration::from_secs(600)
        );
        vault.list_documents(&s).await.unwrap();
        s.age_by(Duration::from_secs(599));
        assert!(!s.is_locked(), "not yet idle for 10 minutes");
        s.age_by(Duration::from_secs(2));
        assert!(s.is_locked());
        assert!(matches!(
            vault.list_documents(&s).await,
            Err(Error::SessionLocked)
        ));
        // A service's keep-alive does not bring a locked session back…
        s.keep_alive();
        assert!(s.is_locked());
        vault.unlock(&s, "ann-password-1").await.unwrap();
        vault.list_documents(&s).await.unwrap();
        // …but keeps an unlocked one from idling out.
        s.age_by(Duration::from_secs(599));
        s.keep_alive();
        s.age_by(Duration::from_secs(2));
        assert!(!s.is_locked());
        // The timeout is a setting, within bounds.
        assert!(vault.set_idle_timeout(&s, 5).await.is_err());
        vault.set_idle_timeout(&s, 120).await.unwrap();
        assert_eq!(
            vault.idle_timeout().await.unwrap(),
            Duration::from_secs(120)
        );
    }
}
