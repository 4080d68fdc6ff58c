//! A tantivy [`Directory`] that keeps every index file sealed on disk with
//! AES-256-GCM under the vault's index key, bound to its file name. Index
//! files are written once: each is sealed when its writer terminates and
//! opened into memory on first read. Nothing of the index is ever on disk
//! in the clear.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, OwnedBytes,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

use crate::crypto::{open, seal, SecretKey};
use crate::store::write_atomic;

/// The sealed index folder, with the files opened so far kept in memory.
#[derive(Clone)]
pub struct SealedDirectory {
    root: PathBuf,
    key: Arc<SecretKey>,
    open: Arc<RwLock<HashMap<PathBuf, FileSlice>>>,
}

impl std::fmt::Debug for SealedDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedDirectory({})", self.root.display())
    }
}

fn aad(path: &Path) -> Vec<u8> {
    format!("medvault index file v1|{}", path.display()).into_bytes()
}

fn io_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl SealedDirectory {
    /// The index kept sealed under `key` in the folder `root` (created if missing).
    pub fn new(root: &Path, key: SecretKey) -> io::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_path_buf(),
            key: Arc::new(key),
            open: Arc::default(),
        })
    }

    /// Bytes of index files held in memory.
    pub fn memory_bytes(&self) -> usize {
        self.open.read().unwrap().values().map(|f| f.len()).sum()
    }

    fn read_sealed(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let full = self.root.join(path);
        let sealed = std::fs::read(&full).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => OpenReadError::wrap_io_error(e, full.clone()),
        })?;
        let plain = open(&self.key, &aad(path), &sealed).map_err(|_| {
            OpenReadError::wrap_io_error(
                io_error(format!(
                    "index file {} fails authentication (damaged, or not this vault's)",
                    path.display()
                )),
                full,
            )
        })?;
        Ok(plain.to_vec())
    }

    fn write_sealed(&self, path: &Path, plain: &[u8]) -> io::Result<()> {
        let sealed = seal(&self.key, &aad(path), plain).map_err(io_error)?;
        write_atomic(&self.root.join(path), |w| {
            w.write_all(&sealed)
                .map_err(|e| crate::Error::io("cannot write", path, e))
        })
        .map_err(io_error)
    }
}

impl Directory for SealedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.open_read(path)?))
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        if let Some(f) = self.open.read().unwrap().get(path) {
            return Ok(f.clone());
        }
        let slice = FileSlice::new(Arc::new(OwnedBytes::new(self.read_sealed(path)?)));
        self.open
            .write()
            .unwrap()
            .insert(path.to_path_buf(), slice.clone());
        Ok(slice)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        let was_open = self.open.write().unwrap().remove(path).is_some();
        match std::fs::remove_file(self.root.join(path)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound && was_open => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(DeleteError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(DeleteError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            }),
        }
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.open.read().unwrap().contains_key(path) || self.root.join(path).exists())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        if self.root.join(path).exists() {
            return Err(OpenWriteError::FileAlreadyExists(path.to_path_buf()));
        }
        Ok(BufWriter::new(Box::new(SealingWriter {
            dir: self.clone(),
            path: path.to_path_buf(),
            data: Vec::new(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.read_sealed(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.write_sealed(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        if let Ok(d) = std::fs::File::open(&self.root) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// The vault's own lock file keeps every other process out; within the
    /// process, the search index holds the one writer.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _cb: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// Buffers one file; sealing it on disk (and keeping it in memory) when terminated.
struct SealingWriter {
    dir: SealedDirectory,
    path: PathBuf,
    data: Vec<u8>,
}

impl Write for SealingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.data.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for SealingWriter {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        let data = std::mem::take(&mut self.data);
        self.dir.write_sealed(&self.path, &data)?;
        self.dir.open.write().unwrap().insert(
            self.path.clone(),
            FileSlice::new(Arc::new(OwnedBytes::new(data))),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sealed_on_disk_and_read_back_after_reopening() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::from_bytes([7; 32]);
        let d = SealedDirectory::new(tmp.path(), key.clone()).unwrap();
        let mut w = d.open_write(Path::new("seg.idx")).unwrap();
        w.write_all(b"secret words of a patient").unwrap();
        w.terminate().unwrap();
        d.atomic_write(Path::new("meta.json"), b"{\"meta\":1}")
            .unwrap();
        let on_disk = std::fs::read(tmp.path().join("seg.idx")).unwrap();
        assert!(!on_disk.windows(6).any(|w| w == b"secret"));

        let again = SealedDirectory::new(tmp.path(), key).unwrap();
        let bytes = again
            .open_read(Path::new("seg.idx"))
            .unwrap()
            .read_bytes()
            .unwrap();
        assert_eq!(bytes.as_slice(), b"secret words of a patient");
        assert_eq!(
            again.atomic_read(Path::new("meta.json")).unwrap(),
            b"{\"meta\":1}"
        );
        assert!(
            again.open_write(Path::new("seg.idx")).is_err(),
            "write once"
        );
    }

    #[test]
    fn a_wrong_key_or_a_renamed_file_fails_authentication() {
        let tmp = tempfile::tempdir().unwrap();
        let d = SealedDirectory::new(tmp.path(), SecretKey::from_bytes([1; 32])).unwrap();
        d.atomic_write(Path::new("a"), b"x").unwrap();
        let other = SealedDirectory::new(tmp.path(), SecretKey::from_bytes([2; 32])).unwrap();
        assert!(other.atomic_read(Path::new("a")).is_err());
        std::fs::rename(tmp.path().join("a"), tmp.path().join("b")).unwrap();
        assert!(d.atomic_read(Path::new("b")).is_err());
    }
}
