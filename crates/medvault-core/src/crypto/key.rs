//! 256-bit secret keys that are wiped from memory when dropped.

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::CryptoError;

/// A 256-bit symmetric key, zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// A fresh key from the system's CSPRNG.
    pub fn random() -> Result<Self, CryptoError> {
        let mut k = [0u8; 32];
        random_bytes(&mut k)?;
        Ok(Self(k))
    }

    /// Takes ownership of raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Copies a 32-byte slice into a key.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| CryptoError::Malformed("a key must be 32 bytes"))?;
        Ok(Self(arr))
    }

    /// The raw bytes, for sealing this key under another one.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// Fills `buf` from the system's CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), CryptoError> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| CryptoError::Random)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_differ_and_debug_hides_them() {
        let a = SecretKey::random().unwrap();
        let b = SecretKey::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "SecretKey(..)");
    }

    #[test]
    fn from_slice_checks_length() {
        assert!(SecretKey::from_slice(&[0u8; 31]).is_err());
        assert!(SecretKey::from_slice(&[0u8; 32]).is_ok());
    }
}
