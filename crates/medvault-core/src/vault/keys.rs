//! Key slots, purpose keys and the recovery key.
//!
//! The vault master key (VMK) is random. Each user's slot holds it sealed
//! under Argon2id(password, salt); the recovery slot holds it sealed under
//! Argon2id(recovery key, salt). Purpose keys (audit) and every document's
//! data key are random and sealed under the VMK.

use sqlx::SqliteConnection;
use zeroize::Zeroizing;

use crate::crypto::{
    derive_key, generate_keypair, open, open_with, random_bytes, seal, seal_to, KdfParams,
    SecretKey,
};
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
#[derive(Debug)]
pub(crate) struct SlotRow {
    pub kdf: String,
    pub salt: Vec<u8>,
    pub sealed_secret: Vec<u8>,
    pub public_key: Vec<u8>,
    /// None once a key rotation revoked this slot.
    pub vmk_envelope: Option<Vec<u8>>,
}

fn envelope_aad(kind: &str, user_id: Option<i64>) -> Vec<u8> {
    format!("medvault vmk envelope v1|{kind}|{}", user_id.unwrap_or(0)).into_bytes()
}

/// A new slot for `secret` (a password or the recovery key): a fresh key
/// pair, its secret sealed under Argon2id(secret, fresh salt), and `vmk`
/// sealed to its public key.
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
    let (sk, pk) = generate_keypair()?;
    Ok(SlotRow {
        kdf: serde_json::to_string(&params).expect("serializable"),
        salt,
        sealed_secret: seal(&kek, &slot_aad(kind, user_id), sk.expose())?,
        public_key: pk.to_vec(),
        vmk_envelope: Some(seal_to(&pk, &envelope_aad(kind, user_id), vmk.expose())?),
    })
}

/// Seals `vmk` to an existing slot's public key (key rotation).
pub(crate) fn reseal_envelope(
    slot_public_key: &[u8],
    vmk: &SecretKey,
    kind: &str,
    user_id: Option<i64>,
) -> Result<Vec<u8>> {
    let pk: [u8; 32] = slot_public_key
        .try_into()
        .map_err(|_| Error::Invalid("damaged key slot: bad public key".into()))?;
    Ok(seal_to(&pk, &envelope_aad(kind, user_id), vmk.expose())?)
}

/// What opening a slot found.
pub(crate) enum SlotOpen {
    Opened(SecretKey),
    WrongSecret,
    /// The secret is right but a key rotation revoked the slot.
    Revoked,
}

/// Opens a slot with `secret`.
pub(crate) async fn open_slot(
    secret: &[u8],
    slot: &SlotRow,
    kind: &str,
    user_id: Option<i64>,
) -> Result<SlotOpen> {
    let params: KdfParams = serde_json::from_str(&slot.kdf)
        .map_err(|e| Error::Invalid(format!("damaged key slot parameters: {e}")))?;
    let kek = derive_blocking(secret, slot.salt.clone(), params).await?;
    let Ok(sk) = open(&kek, &slot_aad(kind, user_id), &slot.sealed_secret) else {
        return Ok(SlotOpen::WrongSecret);
    };
    let sk = SecretKey::from_slice(&sk)?;
    let Some(env) = &slot.vmk_envelope else {
        return Ok(SlotOpen::Revoked);
    };
    let vmk = open_with(&sk, &envelope_aad(kind, user_id), env).map_err(|_| {
        Error::Invalid("damaged key slot: the vault key envelope fails authentication".into())
    })?;
    Ok(SlotOpen::Opened(SecretKey::from_slice(&vmk)?))
}

/// Argon2id on the blocking pool, so an unlock never stalls the async runtime.
async fn derive_blocking(secret: &[u8], salt: Vec<u8>, params: KdfParams) -> Result<SecretKey> {
    let secret = Zeroizing::new(secret.to_vec());
    tokio::task::spawn_blocking(move || derive_key(&secret, &salt, params))
        .await
        .map_err(|e| Error::Invalid(format!("key derivation task failed: {e}")))?
        .map_err(Error::from)
}

const SLOT_COLUMNS: &str = "kdf, salt, sealed_secret, public_key, vmk_envelope";

/// The slot of a user (`Some(id)`) or the recovery slot (`None`).
pub(crate) async fn load_slot(pool: &sqlx::SqlitePool, user_id: Option<i64>) -> Result<SlotRow> {
    let sql = match user_id {
        Some(_) => format!("SELECT {SLOT_COLUMNS} FROM key_slots WHERE user_id = ?"),
        None => {
            format!("SELECT {SLOT_COLUMNS} FROM key_slots WHERE kind = 'recovery' AND ? IS NULL")
        }
    };
    let (kdf, salt, sealed_secret, public_key, vmk_envelope) =
        sqlx::query_as(&sql).bind(user_id).fetch_one(pool).await?;
    Ok(SlotRow {
        kdf,
        salt,
        sealed_secret,
        public_key,
        vmk_envelope,
    })
}

/// Inserts a new slot, or replaces the user's slot (a password change).
pub(crate) async fn store_slot(
    tx: &mut SqliteConnection,
    user_id: Option<i64>,
    kind: &str,
    slot: &SlotRow,
    now: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO key_slots (user_id, kind, {SLOT_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (user_id) DO UPDATE SET kdf = excluded.kdf, salt = excluded.salt, \
         sealed_secret = excluded.sealed_secret, public_key = excluded.public_key, \
         vmk_envelope = excluded.vmk_envelope, created_at = excluded.created_at"
    ))
    .bind(user_id)
    .bind(kind)
    .bind(&slot.kdf)
    .bind(&slot.salt)
    .bind(&slot.sealed_secret)
    .bind(&slot.public_key)
    .bind(&slot.vmk_envelope)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
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

/// Re-seals every purpose key from `old` to `new` (key rotation).
pub(crate) async fn reseal_purpose_keys(
    tx: &mut SqliteConnection,
    old: &SecretKey,
    new: &SecretKey,
) -> Result<()> {
    let rows: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT purpose, sealed FROM vault_keys")
        .fetch_all(&mut *tx)
        .await?;
    for (purpose, sealed) in rows {
        let raw = open(old, &purpose_aad(&purpose), &sealed)
            .map_err(|_| Error::Invalid(format!("the vault's {purpose} key is damaged")))?;
        sqlx::query("UPDATE vault_keys SET sealed = ? WHERE purpose = ?")
            .bind(seal(new, &purpose_aad(&purpose), &raw)?)
            .bind(&purpose)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
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
