//! What the app holds between commands: the vault location, the open vault
//! (opened on first use and kept open, which keeps other processes off it),
//! and the signed-in session.

use std::sync::Arc;

use medvault_core::ingest::{Pipeline, PipelineOptions};
use medvault_core::{Session, Vault, VaultPaths};
use tokio::sync::Mutex;

/// State shared by all commands.
pub struct AppState {
    pub paths: VaultPaths,
    vault: Mutex<Option<Arc<Vault>>>,
    session: std::sync::Mutex<Option<Arc<Session>>>,
    /// The one ingest pipeline (it holds the OCR engine once loaded).
    pub pipeline: Pipeline,
    /// The watcher of the vault's watched folders.
    pub background: crate::background::Background,
}

impl AppState {
    pub fn new(paths: VaultPaths) -> Self {
        Self {
            paths,
            vault: Mutex::new(None),
            session: std::sync::Mutex::new(None),
            pipeline: Pipeline::new(PipelineOptions::default()),
            background: Default::default(),
        }
    }

    /// The open vault, opening it on first use.
    pub async fn vault(&self) -> medvault_core::Result<Arc<Vault>> {
        let mut guard = self.vault.lock().await;
        if let Some(v) = guard.as_ref() {
            return Ok(v.clone());
        }
        let v = Arc::new(Vault::open(&self.paths).await?);
        *guard = Some(v.clone());
        Ok(v)
    }

    /// Keeps a vault just created.
    pub async fn set_vault(&self, v: Vault) -> Arc<Vault> {
        let v = Arc::new(v);
        *self.vault.lock().await = Some(v.clone());
        v
    }

    pub fn session(&self) -> Option<Arc<Session>> {
        self.session.lock().expect("not poisoned").clone()
    }

    pub fn set_session(&self, s: Option<Session>) {
        *self.session.lock().expect("not poisoned") = s.map(Arc::new);
    }

    /// The open vault and the signed-in session, or the message the UI shows.
    pub async fn signed_in(&self) -> Result<(Arc<Vault>, Arc<Session>), String> {
        let s = self
            .session()
            .ok_or_else(|| "nobody is signed in".to_string())?;
        let v = self.vault().await.map_err(|e| e.to_string())?;
        Ok((v, s))
    }
}
