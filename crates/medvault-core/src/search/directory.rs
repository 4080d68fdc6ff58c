//! A tantivy [`Directory`] that keeps every index file sealed on disk under
//! the vault's index key, bound to its file name. Index files are written
//! once, each sealed when its writer terminates, in 64 KiB AES-256-GCM chunks
//! ([`INDEX_STREAM`]). Positions, the largest part of an index and read only
//! by phrase queries (and the small document store), are read by ranges, each
//! read decrypting only the chunks it covers; the files tantivy reads on
//! every query or page (postings, fast fields, field norms, term
//! dictionaries) are decrypted whole once opened, so only phrase searches
//! decrypt as they go. Decrypted bytes are zeroized when released.
//! Nothing of the index is ever on disk in the clear. Files of older vaults,
//! sealed whole (a sealed value starts with its version byte, never the
//! chunk format's magic), are still read, whole.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::ops::{Deref, Range};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, OwnedBytes,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;
use zeroize::Zeroizing;

use crate::crypto::{open, seal, seal_stream_as, SealedFile, SecretKey, StreamError, INDEX_STREAM};
use crate::store::write_atomic;

/// The sealed index folder, with the files opened so far.
#[derive(Clone)]
pub struct SealedDirectory {
    root: PathBuf,
    key: Arc<SecretKey>,
    open: Arc<RwLock<HashMap<PathBuf, FileSlice>>>,
    /// Decrypted bytes currently handed out to tantivy.
    live: Arc<AtomicUsize>,
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

/// Why index file `path` cannot be read: a disk error as it is, a failed
/// authentication as damage (or another vault's file).
fn unreadable_error(path: &Path, e: StreamError) -> io::Error {
    match e {
        StreamError::Io(e) => io::Error::new(
            e.kind(),
            format!("index file {} cannot be read: {e}", path.display()),
        ),
        StreamError::Crypto(e) => io_error(format!(
            "index file {} fails authentication (damaged, or not this vault's): {e}",
            path.display()
        )),
    }
}

/// Decrypted index bytes handed to tantivy: counted while alive, zeroized
/// when dropped.
struct Held {
    plain: Zeroizing<Vec<u8>>,
    live: Arc<AtomicUsize>,
}

impl Held {
    fn bytes(plain: Zeroizing<Vec<u8>>, live: &Arc<AtomicUsize>) -> OwnedBytes {
        live.fetch_add(plain.len(), Ordering::Relaxed);
        OwnedBytes::new(Held {
            plain,
            live: live.clone(),
        })
    }
}

impl Deref for Held {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.plain
    }
}

// SAFETY: the bytes live in the Vec's heap buffer, which never moves or
// changes while the Held exists (nothing can reach it mutably).
unsafe impl stable_deref_trait::StableDeref for Held {}

impl Drop for Held {
    fn drop(&mut self) {
        self.live.fetch_sub(self.plain.len(), Ordering::Relaxed);
    }
}

/// Whether an index file is read by ranges: positions (about 60% of an
/// index, read only for phrases) and the document store (ids only). Reading
/// postings by ranges too saved another third of the memory but made every
/// search decrypt its terms' postings again (at 100,000 documents, FTS5's
/// p99 fell from 15-22x ours to 10.7x). The rest is held whole.
fn read_by_ranges(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("pos" | "store")
    )
}

/// An index file in the chunked format, read by ranges.
#[derive(Debug)]
struct ChunkedFile {
    file: SealedFile,
    path: PathBuf,
    live: Arc<AtomicUsize>,
}

impl HasLen for ChunkedFile {
    fn len(&self) -> usize {
        self.file.len() as usize
    }
}

impl FileHandle for ChunkedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let plain = self
            .file
            .read(range.start as u64..range.end as u64)
            .map_err(|e| unreadable_error(&self.path, e))?;
        Ok(Held::bytes(plain, &self.live))
    }
}

impl SealedDirectory {
    /// The index kept sealed under `key` in the folder `root` (created if missing).
    pub fn new(root: &Path, key: SecretKey) -> io::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_path_buf(),
            key: Arc::new(key),
            open: Arc::default(),
            live: Arc::default(),
        })
    }

    /// Bytes of the index held decrypted for tantivy; besides these, each
    /// file read by ranges keeps its last decrypted chunk (64 KiB at most).
    pub fn memory_bytes(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    /// An index file that cannot be read, for tantivy.
    fn unreadable(&self, path: &Path, e: StreamError) -> OpenReadError {
        OpenReadError::wrap_io_error(unreadable_error(path, e), self.root.join(path))
    }

    fn not_found(&self, path: &Path, e: io::Error) -> OpenReadError {
        match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => OpenReadError::wrap_io_error(e, self.root.join(path)),
        }
    }

    /// A file sealed whole (small files, and every file of older vaults).
    fn read_sealed(&self, path: &Path) -> Result<Zeroizing<Vec<u8>>, OpenReadError> {
        let sealed = std::fs::read(self.root.join(path)).map_err(|e| self.not_found(path, e))?;
        self.open_whole(path, &sealed)
    }

    fn open_whole(&self, path: &Path, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenReadError> {
        open(&self.key, &aad(path), sealed).map_err(|e| self.unreadable(path, e.into()))
    }

    fn write_sealed(&self, path: &Path, plain: &[u8]) -> io::Result<()> {
        let sealed = seal(&self.key, &aad(path), plain).map_err(io_error)?;
        write_atomic(&self.root.join(path), |w| {
            w.write_all(&sealed)
                .map_err(|e| crate::Error::io("cannot write", path, e))
        })
        .map_err(io_error)
    }

    /// Opens an index file for reading: by ranges in the chunked format, whole otherwise.
    fn open_file(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        let file =
            std::fs::File::open(self.root.join(path)).map_err(|e| self.not_found(path, e))?;
        let mut head = Vec::with_capacity(4);
        io::Read::read_to_end(&mut io::Read::take(&file, 4), &mut head)
            .map_err(|e| self.unreadable(path, e.into()))?;
        if !INDEX_STREAM.begins(&head) {
            // Sealed whole by an older version: read the rest, open it whole.
            io::Read::read_to_end(&mut &file, &mut head)
                .map_err(|e| self.unreadable(path, e.into()))?;
            let plain = self.open_whole(path, &head)?;
            return Ok(FileSlice::new(Arc::new(Held::bytes(plain, &self.live))));
        }
        let sealed = SealedFile::open(INDEX_STREAM, self.key.clone(), &aad(path), file)
            .map_err(|e| self.unreadable(path, e))?;
        if !read_by_ranges(path) {
            let plain = sealed
                .read(0..sealed.len())
                .map_err(|e| self.unreadable(path, e))?;
            return Ok(FileSlice::new(Arc::new(Held::bytes(plain, &self.live))));
        }
        Ok(FileSlice::new(Arc::new(ChunkedFile {
            file: sealed,
            path: path.to_path_buf(),
            live: self.live.clone(),
        })))
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
        let slice = self.open_file(path)?;
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
        Ok(self.read_sealed(path)?.to_vec())
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

/// Buffers one file, sealing it on disk in chunks when terminated.
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
        let data = Zeroizing::new(std::mem::take(&mut self.data));
        let (dir, path) = (&self.dir, &self.path);
        write_atomic(&dir.root.join(path), |w| {
            seal_stream_as(INDEX_STREAM, &dir.key, &aad(path), &mut data.as_slice(), w)
                .map(|_| ())
                .map_err(|e| match e {
                    StreamError::Io(e) => crate::Error::io("cannot write", path, e),
                    e => crate::Error::io("cannot write", path, io_error(e)),
                })
        })
        .map_err(io_error)
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
    fn a_read_decrypts_only_its_range_and_older_whole_files_still_read() {
        let tmp = tempfile::tempdir().unwrap();
        let d = SealedDirectory::new(tmp.path(), SecretKey::from_bytes([3; 32])).unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
        for name in ["big.pos", "big.fast"] {
            let mut w = d.open_write(Path::new(name)).unwrap();
            w.write_all(&big).unwrap();
            w.terminate().unwrap();
        }
        assert_eq!(d.memory_bytes(), 0, "nothing kept after writing");

        let slice = d.open_read(Path::new("big.pos")).unwrap();
        assert_eq!(slice.len(), big.len());
        let part = slice.read_bytes_slice(150_000..150_100).unwrap();
        assert_eq!(part.as_slice(), &big[150_000..150_100]);
        assert_eq!(d.memory_bytes(), 100, "only the range read is held");
        drop(part);
        assert_eq!(d.memory_bytes(), 0);
        // Fast fields are read at random on every page: held whole.
        let fast = d.open_read(Path::new("big.fast")).unwrap();
        assert_eq!(fast.read_bytes().unwrap().as_slice(), &big[..]);
        assert_eq!(d.memory_bytes(), big.len());
        drop(fast);
        d.delete(Path::new("big.fast")).unwrap();
        assert_eq!(d.memory_bytes(), 0);

        // A file sealed whole, as older vaults wrote every index file.
        d.write_sealed(Path::new("old.idx"), b"older index bytes")
            .unwrap();
        let old = d.open_read(Path::new("old.idx")).unwrap();
        assert_eq!(old.read_bytes().unwrap().as_slice(), b"older index bytes");
        assert_eq!(d.memory_bytes(), 17);
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
