//! The vault's plain settings (numbers and names, nothing about a patient):
//! the idle time after which sessions lock, and the order in which dates
//! that read both ways (`05/04/2012`) are read. Anyone signed in may read
//! them; only an admin changes them, audited.

use std::time::Duration;

use serde::Serialize;

use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::extract::DateOrder;
use crate::{Error, Result};

/// The vault's settings, as [`Vault::settings`] reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Seconds without activity after which a session locks itself.
    pub idle_timeout_secs: u64,
    /// How dates that read both ways are read when their document does not say.
    pub date_order: DateOrder,
}

/// The shortest and longest idle timeouts an admin may set, in seconds.
pub const IDLE_TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 60..=86_400;

impl Vault {
    /// The vault's settings (anyone signed in).
    pub async fn settings(&self, s: &Session) -> Result<Settings> {
        self.authorize(s, Action::ViewDocument, "settings.read", None)
            .await?;
        Ok(Settings {
            idle_timeout_secs: self.idle_timeout().await?.as_secs(),
            date_order: self.date_order().await?,
        })
    }

    /// The idle time after which sessions lock themselves.
    pub async fn idle_timeout(&self) -> Result<Duration> {
        let secs = self
            .setting("idle_timeout_secs")
            .await?
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(super::DEFAULT_IDLE_TIMEOUT_SECS as u64);
        Ok(Duration::from_secs(secs))
    }

    /// Sets the idle time for sessions signed in from now on (admin only; 1
    /// minute to 24 hours); nothing happens when it is already `secs`. Audited.
    pub async fn set_idle_timeout(&self, s: &Session, secs: u64) -> Result<()> {
        let keys = self
            .authorize(s, Action::ManageSettings, "settings.update", None)
            .await?;
        if !IDLE_TIMEOUT_RANGE.contains(&secs) {
            return Err(Error::Invalid(format!(
                "the idle timeout must be between {} and {} seconds",
                IDLE_TIMEOUT_RANGE.start(),
                IDLE_TIMEOUT_RANGE.end()
            )));
        }
        if self.idle_timeout().await?.as_secs() == secs {
            return Ok(());
        }
        let mut w = self.begin().await?;
        put_setting(&mut w.tx, "idle_timeout_secs", &secs.to_string()).await?;
        let ev = AuditEvent::new("settings.update", Outcome::Success)
            .details(serde_json::json!({"idle_timeout_secs": secs}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// The order in which the vault reads dates that read both ways (month
    /// first unless an admin chose otherwise).
    pub async fn date_order(&self) -> Result<DateOrder> {
        Ok(self
            .setting("date_order")
            .await?
            .and_then(|v| DateOrder::parse(&v))
            .unwrap_or_default())
    }

    /// Sets the order in which dates that read both ways are read (admin
    /// only), then rebuilds the search index so that every document's dates
    /// (its date in the library, `date:` searches) follow it. Returns the
    /// number of documents re-read; 0 when the order was already `order`.
    /// Audited.
    pub async fn set_date_order(&self, s: &Session, order: DateOrder) -> Result<usize> {
        let keys = self
            .authorize(s, Action::ManageSettings, "settings.update", None)
            .await?;
        if self.date_order().await? == order {
            return Ok(0);
        }
        let mut w = self.begin().await?;
        put_setting(&mut w.tx, "date_order", order.as_str()).await?;
        let ev = AuditEvent::new("settings.update", Outcome::Success)
            .details(serde_json::json!({"date_order": order.as_str()}));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        // The setting is committed first: a document the pipeline indexes
        // from now on reads it, and the rebuild re-reads the others.
        self.rebuild_index(s, &keys).await
    }

    /// The stored value of the plain setting `key`, if any.
    pub(super) async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// Stores the plain setting `key` in the transaction `tx`.
pub(super) async fn put_setting(
    tx: &mut sqlx::SqliteConnection,
    key: &str,
    value: &str,
) -> Result<()> {
    sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
