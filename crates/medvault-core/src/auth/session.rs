//! A logged-in user's session: who acts, with which role, holding the vault's
//! keys until it is locked, logged out, or idle for too long.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{permits, Action, Role};
use crate::crypto::SecretKey;
use crate::{Error, Result};

/// The keys an unlocked session holds; zeroized when the last holder drops them.
#[derive(Debug)]
pub(crate) struct VaultKeys {
    pub vmk: SecretKey,
    pub audit: SecretKey,
    /// Keys the content hash that finds duplicate documents.
    pub content: SecretKey,
    /// Seals the files of the search index.
    pub index: SecretKey,
    /// Seals settings that name places on disk (watched folders).
    pub settings: SecretKey,
}

/// The acting user. Every core entry point takes one and checks it.
#[derive(Debug)]
pub struct Session {
    pub(crate) user_id: Option<i64>,
    user_name: String,
    role: Role,
    keys: Mutex<Option<Arc<VaultKeys>>>,
    last_active: Mutex<Instant>,
    idle_timeout: Duration,
    /// The vault key generation these keys belong to (see `Vault::rotate_master_key`).
    generation: AtomicU64,
}

impl Session {
    pub(crate) fn new(
        user_id: Option<i64>,
        user_name: String,
        role: Role,
        keys: Arc<VaultKeys>,
        idle_timeout: Duration,
        generation: u64,
    ) -> Self {
        Self {
            user_id,
            user_name,
            role,
            keys: Mutex::new(Some(keys)),
            last_active: Mutex::new(Instant::now()),
            idle_timeout,
            generation: AtomicU64::new(generation),
        }
    }

    /// The user's name (`recovery` for a recovery-key session).
    pub fn user(&self) -> &str {
        &self.user_name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// Records activity, so an unattended service (`medvault watch`) that
    /// the user started stays unlocked while it runs. A session that has
    /// already locked stays locked.
    pub fn keep_alive(&self) {
        if !self.is_locked() {
            self.touch();
        }
    }

    /// Whether the session holds no keys (locked, logged out or idle too long).
    pub fn is_locked(&self) -> bool {
        self.keys.lock().expect("not poisoned").is_none() || self.idle_expired()
    }

    fn idle_expired(&self) -> bool {
        self.last_active.lock().expect("not poisoned").elapsed() > self.idle_timeout
    }

    /// Drops the keys; they are zeroized once no operation still uses them.
    pub(crate) fn drop_keys(&self) {
        self.keys.lock().expect("not poisoned").take();
    }

    pub(crate) fn restore_keys(&self, keys: Arc<VaultKeys>, generation: u64) {
        *self.keys.lock().expect("not poisoned") = Some(keys);
        self.generation.store(generation, Ordering::SeqCst);
        self.touch();
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn touch(&self) {
        *self.last_active.lock().expect("not poisoned") = Instant::now();
    }

    /// The keys, if the session is unlocked and not idle; records activity.
    /// An idle session locks itself here.
    pub(crate) fn keys(&self) -> Result<Arc<VaultKeys>> {
        if self.idle_expired() {
            self.drop_keys();
        }
        let keys = self
            .keys
            .lock()
            .expect("not poisoned")
            .clone()
            .ok_or(Error::SessionLocked)?;
        self.touch();
        Ok(keys)
    }

    /// Checks the permission matrix for `action`.
    pub(crate) fn check(&self, action: Action) -> Result<()> {
        if permits(self.role, action) {
            Ok(())
        } else {
            Err(Error::PermissionDenied {
                user: self.user_name.clone(),
                role: self.role.as_str(),
                action: action.describe(),
            })
        }
    }

    #[cfg(test)]
    pub(crate) fn age_by(&self, d: Duration) {
        *self.last_active.lock().unwrap() -= d;
    }
}
