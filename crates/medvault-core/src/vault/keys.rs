//! Key slots, purpose keys and the recovery key.
//!
//! The vault master key (VMK) is random. Each user's slot holds it sealed
//! under Argon2id(password, salt); the recovery slot holds it sealed under
//! Argon2id(recovery key, salt). Purpose keys (audit) and every document's
//! data key are random and sealed under the VMK.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use zeroize::Zeroizing;

use crate::crypto::{derive_key, open, random_bytes, seal, KdfParams, SecretKey};
use crate::{Error, Result};

/// The recovery key, shown once at vault creation: 64 hex digits in groups of four.
#[derive(Clone)]
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    pub(crate) fn generate() -> Result<Self> {
        let mut raw = Zeroizing::new([0u8; 32]);
        random_bytes(raw.as_mut())?;
        let hex: Zeroizing<String> =
            Zeroizing::new(raw.iter().map(|b| format!("{b:02X}")).collect());
        Ok(Self::grouped(&hex))
    }

    fn grouped(hex: &str) -> Self {
        let g = hex
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect::<Vec<_>>()
            .join("-");
        Self(Zeroizing::new(g))
    }

    /// Parses what a user typed: case, spaces and dashes do not matter.
    pub fn parse(s: &str) -> Result<Self> {
        let hex: Zeroizing<String> = Zeroizing::new(
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>()
                .to_uppercase(),
        );
        if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::WrongRecoveryKey);
        }
        Ok(Self::grouped(&hex))
    }

    /// The key as shown to the user.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

fn slot_aad(kind: &str, user_id: Option<i64>) -> Vec<u8> {
    format!("medvault slot v1|{kind}|{}", user_id.unwrap_or(0)).into_bytes()
}

fn purpose_aad(purpose: &str) -> Vec<u8> {
    format!("medvault key v1|{purpose}").into_bytes()
}

pub(crate) fn doc_key_aad(doc: i64) -> Vec<u8> {
    format!("medvault doc key v1|{doc}").into_bytes()
}

/// A slot as stored.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SlotRow {
    pub kdf: String,
    pub salt: Vec<u8>,
    pub sealed_vmk: Vec<u8>,
}

/// Seals `vmk` under `secret` with fresh salt and the default parameters.
pub(crate) async fn make_slot(
    secret: &[u8],
    vmk: &SecretKey,
    kind: &str,
    user_id: Option<i64>,
) -> Result<SlotRow> {
    let mut salt = vec![0u8; 16];
    random_bytes(&mut salt)?;
    let params = KdfParams::DEFAULT;
    let kek = derive_blocking(secret, salt.clone(), params).await?;
    Ok(SlotRow {
        kdf: serde_json::to_string(&params).expect("serializable"),
        salt,
        sealed_vmk: seal(&kek, &slot_aad(kind, user_id), vmk.expose())?,
    })
}

/// Opens a slot with `secret`; `None` if the secret is wrong.
pub(crate) async fn open_slot(
    secret: &[u8],
    slot: &SlotRow,
    kind: &str,
    user_id: Option<i64>,
) -> Result<Option<SecretKey>> {
    let params: KdfParams = serde_json::from_str(&slot.kdf)
        .map_err(|e| Error::Invalid(format!("damaged key slot parameters: {e}")))?;
    let kek = derive_blocking(secret, slot.salt.clone(), params).await?;
    match open(&kek, &slot_aad(kind, user_id), &slot.sealed_vmk) {
        Ok(vmk) => Ok(Some(SecretKey::from_slice(&vmk)?)),
        Err(_) => Ok(None),
    }
}

/// Argon2id on the blocking pool, so an unlock never stalls the async runtime.
async fn derive_blocking(secret: &[u8], salt: Vec<u8>, params: KdfParams) -> Result<SecretKey> {
    let secret = Zeroizing::new(secret.to_vec());
    tokio::task::spawn_blocking(move || derive_key(&secret, &salt, params))
        .await
        .map_err(|e| Error::Invalid(format!("key derivation task failed: {e}")))?
        .map_err(Error::from)
}

/// Stores a new random purpose key sealed under `vmk`, returning it.
pub(crate) async fn create_purpose_key(
    tx: &mut SqliteConnection,
    vmk: &SecretKey,
    purpose: &str,
    now: i64,
) -> Result<SecretKey> {
    let k = SecretKey::random()?;
    sqlx::query("INSERT INTO vault_keys (purpose, sealed, created_at) VALUES (?, ?, ?)")
        .bind(purpose)
        .bind(seal(vmk, &purpose_aad(purpose), k.expose())?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(k)
}

/// Loads a purpose key, unsealing it with `vmk`.
pub(crate) async fn load_purpose_key(
    pool: &sqlx::SqlitePool,
    vmk: &SecretKey,
    purpose: &str,
) -> Result<SecretKey> {
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT sealed FROM vault_keys WHERE purpose = ?")
        .bind(purpose)
        .fetch_one(pool)
        .await?;
    let raw = open(vmk, &purpose_aad(purpose), &sealed)
        .map_err(|_| Error::Invalid(format!("the vault's {purpose} key is damaged")))?;
    Ok(SecretKey::from_slice(&raw)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_keys_are_grouped_and_parse_loosely() {
        let k = RecoveryKey::generate().unwrap();
        assert_eq!(k.as_str().len(), 64 + 15);
        let typed = k.as_str().replace('-', " ").to_lowercase();
        assert_eq!(RecoveryKey::parse(&typed).unwrap().as_str(), k.as_str());
        assert!(RecoveryKey::parse("1234").is_err());
    }
}
