//! Encrypted blob files under `blobs/`: originals, page images, thumbnails.
//! Each is sealed with its document's data key and bound to its id and kind.

use std::fs::File;
use std::io::{Read, Write};
use std::path::PathBuf;

use crate::crypto::{open_stream, seal_stream, SecretKey};
use crate::store::write_atomic;
use crate::{Error, Result};

/// What a blob holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    /// The file as it arrived.
    Original,
    /// Page `n` (from 1) as an image (PNG or JPEG).
    Page(u32),
    /// A small JPEG of the first page.
    Thumbnail,
    /// The document's text, page by page (JSON).
    Text,
}

impl BlobKind {
    fn name(self) -> String {
        match self {
            BlobKind::Original => "original".into(),
            BlobKind::Page(n) => format!("page{n}"),
            BlobKind::Thumbnail => "thumb".into(),
            BlobKind::Text => "text".into(),
        }
    }
}

/// The folder of encrypted blobs.
#[derive(Debug, Clone)]
pub struct BlobStore {
    dir: PathBuf,
}

impl BlobStore {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// `blobs/<id mod 256, hex>/<id>.<kind>`: names carry only ids.
    pub fn path(&self, doc: i64, kind: BlobKind) -> PathBuf {
        self.dir
            .join(format!("{:02x}", doc.rem_euclid(256)))
            .join(format!("{doc}.{}", kind.name()))
    }

    fn aad(doc: i64, kind: BlobKind) -> Vec<u8> {
        format!("medvault blob v1|{doc}|{}", kind.name()).into_bytes()
    }

    /// Seals `bytes` into the blob (see [`BlobStore::write`]).
    pub fn put(&self, doc: i64, kind: BlobKind, key: &SecretKey, bytes: &[u8]) -> Result<u64> {
        self.write(doc, kind, key, &mut &bytes[..])
    }

    /// Decrypts the whole blob into memory (see [`BlobStore::read`]).
    pub fn get(&self, doc: i64, kind: BlobKind, key: &SecretKey) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.read(doc, kind, key, &mut out)?;
        Ok(out)
    }

    /// Seals everything `r` yields into the blob, atomically and durably;
    /// returns the plaintext size.
    pub fn write(
        &self,
        doc: i64,
        kind: BlobKind,
        key: &SecretKey,
        r: &mut impl Read,
    ) -> Result<u64> {
        let path = self.path(doc, kind);
        write_atomic(&path, |w| {
            seal_stream(key, &Self::aad(doc, kind), r, w).map_err(|e| match e {
                crate::crypto::StreamError::Io(io) => Error::io("cannot write", &path, io),
                crate::crypto::StreamError::Crypto(c) => Error::Crypto(c),
            })
        })
    }

    /// Decrypts the blob into `w`; a damaged blob is [`Error::DocumentDamaged`].
    pub fn read(
        &self,
        doc: i64,
        kind: BlobKind,
        key: &SecretKey,
        w: &mut impl Write,
    ) -> Result<u64> {
        let path = self.path(doc, kind);
        let mut f = File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::DocumentDamaged(doc),
            _ => Error::io("cannot open", &path, e),
        })?;
        open_stream(key, &Self::aad(doc, kind), &mut f, w).map_err(|e| Error::blob(doc, &path, e))
    }

    /// Removes every blob of a document (after its key was destroyed).
    pub fn remove_all(&self, doc: i64) -> Result<()> {
        let dir = self.path(doc, BlobKind::Original);
        let dir = dir.parent().expect("blob paths have a folder");
        let prefix = format!("{doc}.");
        for entry in entries(dir)? {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                remove(&entry.path())?;
            }
        }
        Ok(())
    }

    /// Removes temporary files a crash left behind (never a finished blob).
    pub fn sweep_temporary(&self) -> Result<()> {
        for path in self.all_files()? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.starts_with(".tmp-")) {
                remove(&path)?;
            }
        }
        Ok(())
    }

    /// The ids of documents that have blobs on disk.
    pub fn ids_on_disk(&self) -> Result<std::collections::BTreeSet<i64>> {
        Ok(self
            .all_files()?
            .iter()
            .filter_map(|p| p.file_name()?.to_str()?.split('.').next()?.parse().ok())
            .collect())
    }

    /// Every file in every shard folder.
    fn all_files(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for shard in entries(&self.dir)? {
            if shard.file_type().is_ok_and(|t| t.is_dir()) {
                out.extend(entries(&shard.path())?.iter().map(|e| e.path()));
            }
        }
        Ok(out)
    }
}

/// The entries of `dir`; none if it does not exist.
fn entries(dir: &std::path::Path) -> Result<Vec<std::fs::DirEntry>> {
    match std::fs::read_dir(dir) {
        Ok(it) => it
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io("cannot list", dir, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io("cannot list", dir, e)),
    }
}

/// Removes a file; one already gone is fine.
fn remove(path: &std::path::Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("cannot remove", path, e)),
    }
}
