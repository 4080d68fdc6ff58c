//! Errors of the crypto layer.

/// What can go wrong while sealing or opening.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// The ciphertext does not authenticate: wrong key, or damaged or altered data.
    #[error("authentication failed: wrong key, or the data is damaged or was altered")]
    Authentication,
    /// The data is too short or has an unknown format version.
    #[error("malformed ciphertext: {0}")]
    Malformed(&'static str),
    /// Invalid key-derivation parameters.
    #[error("key derivation failed: {0}")]
    Kdf(String),
}
