//! Password-based key derivation with Argon2id. Parameters are stored with
//! each key slot, so they can be raised later without breaking old slots.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{CryptoError, SecretKey};

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    pub const OWASP_MIN: Self = Self {
        m_kib: 19 * 1024,
        t: 2,
        p: 1,
    };

    /// MedVault's default for new slots: 256 MiB, 3 passes, 1 lane, about
    /// 0.55 s on the 2-core reference machine (`medvault bench crypto`),
    /// inside the 1 s budget for an unlock.
    pub const DEFAULT: Self = Self {
        m_kib: 256 * 1024,
        t: 3,
        p: 1,
    };

    /// Parameters below OWASP's minimum are refused.
    pub fn check(&self) -> Result<(), CryptoError> {
        if self.m_kib < Self::OWASP_MIN.m_kib || self.t < Self::OWASP_MIN.t || self.p < 1 {
            return Err(CryptoError::Kdf(format!(
                "parameters {self:?} are below the minimum {:?}",
                Self::OWASP_MIN
            )));
        }
        Ok(())
    }
}

/// Derives a 256-bit key from `secret` and a random `salt`.
pub fn derive_key(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<SecretKey, CryptoError> {
    params.check()?;
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    Ok(SecretKey::from_bytes(*out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_key_other_salt_other_key() {
        let p = KdfParams::OWASP_MIN;
        let a = derive_key(b"pw", b"0123456789abcdef", p).unwrap();
        let b = derive_key(b"pw", b"0123456789abcdef", p).unwrap();
        let c = derive_key(b"pw", b"fedcba9876543210", p).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn weak_parameters_are_refused() {
        let weak = KdfParams {
            m_kib: 1024,
            t: 1,
            p: 1,
        };
        assert!(matches!(
            derive_key(b"pw", b"0123456789abcdef", weak),
            Err(CryptoError::Kdf(_))
        ));
    }
}
