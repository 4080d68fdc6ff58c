//! Appending rows: each row's MAC covers its own fields and the previous
//! row's MAC, under the vault's audit key.

use sqlx::SqliteConnection;

use super::AuditEvent;
use crate::crypto::{mac, seal, Mac, SecretKey};
use crate::Result;

/// Who acted: a user id (None for the recovery key or an unknown user) and name.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    pub id: Option<i64>,
    pub name: Option<String>,
}

/// The chain's starting value, before the first row.
pub(crate) const GENESIS: Mac = [0u8; 32];

/// A stored row, as the MAC sees it.
pub(crate) struct Row<'a> {
    pub seq: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub user_name: Option<&'a str>,
    pub action: &'a str,
    pub resource: Option<&'a str>,
    pub outcome: &'a str,
    pub details: Option<&'a [u8]>,
}

impl Row<'_> {
    pub fn mac(&self, key: &SecretKey, prev: &[u8]) -> Mac {
        let opt = |o: Option<&[u8]>| -> Vec<u8> {
            match o {
                None => vec![0],
                Some(b) => [&[1u8][..], b].concat(),
            }
        };
        mac(
            key,
            &[
                b"medvault audit v1",
                prev,
                &self.seq.to_be_bytes(),
                &self.at.to_be_bytes(),
                &opt(self.user_id.map(|i| i.to_be_bytes().to_vec()).as_deref()),
                &opt(self.user_name.map(str::as_bytes)),
                self.action.as_bytes(),
                &opt(self.resource.map(str::as_bytes)),
                self.outcome.as_bytes(),
                &opt(self.details),
            ],
        )
    }
}

pub(crate) fn details_aad(seq: i64) -> Vec<u8> {
    format!("medvault audit details v1|{seq}").into_bytes()
}

/// Appends `event` at time `at` inside the caller's transaction; returns the
/// new row's sequence number and MAC (for the sealed head).
pub(crate) async fn append(
    tx: &mut SqliteConnection,
    key: &SecretKey,
    actor: &Actor,
    at: i64,
    event: &AuditEvent,
) -> Result<(i64, Mac)> {
    let last: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let (seq, prev) = match last {
        Some((s, m)) => (s + 1, m),
        None => (1, GENESIS.to_vec()),
    };
    let details = match &event.details {
        Some(d) => Some(seal(key, &details_aad(seq), d.to_string().as_bytes())?),
        None => None,
    };
    let row = Row {
        seq,
        at,
        user_id: actor.id,
        user_name: actor.name.as_deref(),
        action: event.action,
        resource: event.resource.as_deref(),
        outcome: event.outcome.as_str(),
        details: details.as_deref(),
    };
    let m = row.mac(key, &prev);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, user_id, user_name, action, resource, outcome, details, mac) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor.id)
    .bind(actor.name.as_deref())
    .bind(event.action)
    .bind(event.resource.as_deref())
    .bind(event.outcome.as_str())
    .bind(details.as_deref())
    .bind(&m[..])
    .execute(&mut *tx)
    .await?;
    Ok((seq, m))
}
