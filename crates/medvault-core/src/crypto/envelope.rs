//! Sealing to a public key (X25519 + HKDF-SHA256 + AES-256-GCM), so a key can
//! be sealed for a user without knowing their password: how a rotated vault
//! master key reaches every slot.
//!
//! Envelope: `ephemeral public key (32) | seal(k, aad, plaintext)` with
//! `k = HKDF-SHA256(salt = ephemeral pk | recipient pk, ikm = X25519 shared
//! secret, info = "medvault envelope v1")`.

use ring::hkdf;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::{open, random_bytes, seal, CryptoError, SecretKey};

/// A new key pair: the secret (to be sealed) and the public key.
pub fn generate_keypair() -> Result<(SecretKey, [u8; 32]), CryptoError> {
    let secret = SecretKey::random()?;
    let public = public_key(&secret);
    Ok((secret, public))
}

/// The public key of an X25519 secret.
pub fn public_key(secret: &SecretKey) -> [u8; 32] {
    PublicKey::from(&StaticSecret::from(*secret.expose())).to_bytes()
}

fn derive(shared: &[u8; 32], eph: &[u8; 32], recipient: &[u8; 32]) -> SecretKey {
    let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, &[&eph[..], &recipient[..]].concat());
    let prk = salt.extract(shared);
    let okm = prk
        .expand(&[b"medvault envelope v1"], hkdf::HKDF_SHA256)
        .expect("32 bytes is a valid HKDF-SHA256 length");
    let mut k = Zeroizing::new([0u8; 32]);
    okm.fill(k.as_mut()).expect("32 bytes");
    SecretKey::from_bytes(*k)
}

/// Seals `plaintext` so that only the holder of `recipient`'s secret opens it.
pub fn seal_to(recipient: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut eph_bytes = Zeroizing::new([0u8; 32]);
    random_bytes(eph_bytes.as_mut())?;
    let eph = StaticSecret::from(*eph_bytes);
    let eph_pub = PublicKey::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(CryptoError::Malformed("invalid recipient public key"));
    }
    let k = derive(shared.as_bytes(), &eph_pub, recipient);
    let mut out = eph_pub.to_vec();
    out.extend_from_slice(&seal(&k, aad, plaintext)?);
    Ok(out)
}

/// Opens an envelope made by [`seal_to`] with the recipient's secret.
pub fn open_with(
    secret: &SecretKey,
    aad: &[u8],
    envelope: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if envelope.len() < 32 {
        return Err(CryptoError::Malformed("envelope too short"));
    }
    let eph_pub: [u8; 32] = envelope[..32].try_into().expect("32 bytes");
    let me = StaticSecret::from(*secret.expose());
    let shared = me.diffie_hellman(&PublicKey::from(eph_pub));
    if !shared.was_contributory() {
        return Err(CryptoError::Authentication);
    }
    let k = derive(
        shared.as_bytes(),
        &eph_pub,
        &PublicKey::from(&me).to_bytes(),
    );
    open(&k, aad, &envelope[32..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_recipient_opens_and_the_context_is_bound() {
        let (sk, pk) = generate_keypair().unwrap();
        let (other, _) = generate_keypair().unwrap();
        let env = seal_to(&pk, b"ctx", b"vault master key").unwrap();
        assert_eq!(
            open_with(&sk, b"ctx", &env).unwrap().as_slice(),
            b"vault master key"
        );
        assert!(open_with(&other, b"ctx", &env).is_err());
        assert!(open_with(&sk, b"other", &env).is_err());
        let mut bad = env.clone();
        bad[40] ^= 1;
        assert!(open_with(&sk, b"ctx", &bad).is_err());
        assert!(
            seal_to(&[0u8; 32], b"ctx", b"x").is_err(),
            "a low-order key is refused"
        );
    }
}
