//! The vault's watched folders: kept in its settings, sealed (folder paths
//! can name people), read by `medvault watch` without arguments and by the
//! app's background watcher.

use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::crypto::{open, seal};
use crate::watch::WatchFolder;
use crate::{Error, Result};

const KEY: &str = "watch_folders";

fn aad() -> &'static [u8] {
    b"medvault settings v1|watch_folders"
}

impl Vault {
    /// The folders this vault watches (users who may add documents).
    pub async fn watch_folders(&self, s: &Session) -> Result<Vec<WatchFolder>> {
        let keys = self
            .authorize(s, Action::UploadDocument, "settings.read", None)
            .await?;
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(KEY)
                .fetch_optional(&self.pool)
                .await?;
        let Some(sealed) = sealed else {
            return Ok(Vec::new());
        };
        let plain = open(&keys.settings, aad(), &sealed)
            .map_err(|_| Error::Invalid("the watched-folder settings are damaged".into()))?;
        serde_json::from_slice(&plain)
            .map_err(|e| Error::Invalid(format!("the watched-folder settings are damaged: {e}")))
    }

    /// Adds `folder`, or replaces the settings of the folder with the same path (admin). Audited.
    pub async fn add_watch_folder(&self, s: &Session, folder: WatchFolder) -> Result<()> {
        if !folder.dir.is_absolute() {
            return Err(Error::Invalid(format!(
                "give the folder's full path, not '{}'",
                folder.dir.display()
            )));
        }
        let mut all = self.watch_folders(s).await?;
        all.retain(|f| f.dir != folder.dir);
        all.push(folder);
        self.store_watch_folders(s, all, "add").await
    }

    /// Stops watching `dir` (admin). Audited.
    pub async fn remove_watch_folder(&self, s: &Session, dir: &std::path::Path) -> Result<()> {
        let mut all = self.watch_folders(s).await?;
        let before = all.len();
        all.retain(|f| f.dir != dir);
        if all.len() == before {
            return Err(Error::Invalid(format!(
                "{} is not a watched folder",
                dir.display()
            )));
        }
        self.store_watch_folders(s, all, "remove").await
    }

    async fn store_watch_folders(
        &self,
        s: &Session,
        folders: Vec<WatchFolder>,
        change: &str,
    ) -> Result<()> {
        let keys = self
            .authorize(s, Action::ManageSettings, "settings.update", None)
            .await?;
        let json = serde_json::to_vec(&folders).expect("serializable");
        let mut w = self.begin().await?;
        sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
            .bind(KEY)
            .bind(seal(&keys.settings, aad(), &json)?)
            .execute(&mut *w.tx)
            .await?;
        let ev = AuditEvent::new("settings.update", Outcome::Success)
            .details(serde_json::json!({"watch_folders": change, "count": folders.len()}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }
}
