//! HMAC-SHA256 over a sequence of length-prefixed fields, so that field
//! boundaries cannot be shifted between parts.

use ring::hmac;

use super::SecretKey;

/// A 32-byte HMAC-SHA256 tag.
pub type Mac = [u8; 32];

fn context(key: &SecretKey, parts: &[&[u8]]) -> hmac::Context {
    let k = hmac::Key::new(hmac::HMAC_SHA256, key.expose());
    let mut ctx = hmac::Context::with_key(&k);
    for p in parts {
        ctx.update(&(p.len() as u64).to_be_bytes());
        ctx.update(p);
    }
    ctx
}

/// The MAC of `parts` under `key`.
pub fn mac(key: &SecretKey, parts: &[&[u8]]) -> Mac {
    context(key, parts)
        .sign()
        .as_ref()
        .try_into()
        .expect("SHA-256 output is 32 bytes")
}

/// Compares two byte strings in time independent of where they differ.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_matter() {
        let k = SecretKey::random().unwrap();
        assert_ne!(mac(&k, &[b"ab", b"c"]), mac(&k, &[b"a", b"bc"]));
        let t = mac(&k, &[b"x"]);
        assert!(ct_eq(&mac(&k, &[b"x"]), &t));
        assert!(!ct_eq(&mac(&k, &[b"y"]), &t));
        assert!(!ct_eq(&t, &t[..31]), "lengths must match");
    }
}
