//! AES-256-GCM sealing of small values (keys, metadata, audit details).
//!
//! Format: `version (1) | nonce (12) | ciphertext | tag (16)`. Each call draws
//! a fresh random 96-bit nonce; every key here seals far fewer than 2^32
//! values, the bound under which random nonces stay safe.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use zeroize::Zeroizing;

use super::{random_bytes, CryptoError, SecretKey};

const VERSION: u8 = 1;
/// Bytes a sealed value adds to its plaintext.
pub const SEAL_OVERHEAD: usize = 1 + NONCE_LEN + 16;

pub(super) fn cipher(key: &SecretKey) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key.expose()).expect("a 32-byte AES-256 key"))
}

/// Seals `plaintext` under `key`, bound to the context `aad`.
pub fn seal(key: &SecretKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut nonce = [0u8; NONCE_LEN];
    random_bytes(&mut nonce)?;
    let mut out = Vec::with_capacity(plaintext.len() + SEAL_OVERHEAD);
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    let mut body = plaintext.to_vec();
    cipher(key)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut body,
        )
        .map_err(|_| CryptoError::Authentication)?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Opens a value sealed by [`seal`] with the same key and context.
pub fn open(key: &SecretKey, aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if sealed.len() < SEAL_OVERHEAD {
        return Err(CryptoError::Malformed("sealed value too short"));
    }
    if sealed[0] != VERSION {
        return Err(CryptoError::Malformed("unknown sealed value version"));
    }
    let nonce: [u8; NONCE_LEN] = sealed[1..1 + NONCE_LEN].try_into().expect("length checked");
    let mut body = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
    let len = cipher(key)
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut body,
        )
        .map_err(|_| CryptoError::Authentication)?
        .len();
    body.truncate(len);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fresh_nonces() {
        let k = SecretKey::random().unwrap();
        let a = seal(&k, b"ctx", b"hello").unwrap();
        let b = seal(&k, b"ctx", b"hello").unwrap();
        assert_ne!(a, b, "same plaintext must not give the same ciphertext");
        assert_eq!(open(&k, b"ctx", &a).unwrap().as_slice(), b"hello");
        assert_eq!(a.len(), 5 + SEAL_OVERHEAD);
    }

    #[test]
    fn wrong_key_context_or_flipped_bit_fails() {
        let k = SecretKey::random().unwrap();
        let s = seal(&k, b"doc:1", b"secret").unwrap();
        let other = SecretKey::random().unwrap();
        assert_eq!(open(&other, b"doc:1", &s), Err(CryptoError::Authentication));
        assert_eq!(open(&k, b"doc:2", &s), Err(CryptoError::Authentication));
        for i in 0..s.len() {
            let mut t = s.clone();
            t[i] ^= 0x01;
            assert!(open(&k, b"doc:1", &t).is_err(), "flip at {i} undetected");
        }
        assert!(matches!(
            open(&k, b"doc:1", &s[..10]),
            Err(CryptoError::Malformed(_))
        ));
    }
}
