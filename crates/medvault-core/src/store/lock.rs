//! One process at a time per vault: an exclusive lock on `vault.lock`, held
//! for as long as the vault is open and released by the OS if the process dies.

use std::fs::{File, OpenOptions, TryLockError};

use crate::{Error, Result, VaultPaths};

/// Holds the vault's exclusive lock until dropped.
#[derive(Debug)]
pub struct VaultLock {
    _file: File,
}

impl VaultLock {
    /// Takes the lock, or fails at once with [`Error::VaultBusy`].
    pub fn acquire(paths: &VaultPaths) -> Result<Self> {
        let path = paths.lock_file();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("cannot open", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::VaultBusy(paths.root().to_path_buf())),
            Err(TryLockError::Error(e)) => Err(Error::io("cannot lock", &path, e)),
        }
    }
}
