//! Cryptography: keys, AEAD sealing of small values and of streams, password
//! key derivation, and MACs. The only module that touches `ring` and `argon2`.
//!
//! Scheme (see ARCHITECTURE.md, "Keys"): AES-256-GCM with 96-bit nonces.
//! Small values use a fresh random nonce each; streams use a random 64-bit
//! prefix per stream plus a 32-bit chunk counter. Every ciphertext is bound to
//! its context by associated data, so a blob or field moved to another place
//! fails to open.

mod aead;
mod digest;
mod envelope;
mod error;
mod kdf;
mod key;
mod mac;
mod sealed_file;
mod stream;

pub use aead::{open, seal, SEAL_OVERHEAD};
pub use digest::{sha256_hex, Sha256};
pub use envelope::{generate_keypair, open_with, public_key, seal_to};
pub use error::CryptoError;
pub use kdf::{derive_key, KdfParams};
pub use key::{random_bytes, SecretKey};
pub use mac::{ct_eq, mac, Mac};
pub use sealed_file::SealedFile;
pub use stream::{
    open_stream, seal_stream, seal_stream_as, StreamError, StreamFormat, BLOB_STREAM, INDEX_STREAM,
    STREAM_CHUNK,
};
