//! Backups: one archive of the vault's files, still sealed by its keys, made
//! consistent while the vault is in use; restored (or verified) only with a
//! user's password or the recovery key. The vault's side is
//! `vault/backup.rs`; the file format is `archive.rs`.

mod archive;

pub(crate) use archive::{manifest_bytes, manifest_of, read_archive, write_archive};
pub use archive::{Entry, Manifest};
