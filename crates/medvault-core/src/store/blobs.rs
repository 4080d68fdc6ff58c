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
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("cannot list", dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("cannot list", dir, e))?;
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let path = entry.path();
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io("cannot remove", &path, e)),
                }
            }
        }
        Ok(())
    }

    /// Removes temporary files a crash left behind (never a finished blob).
    pub fn sweep_temporary(&self) -> Result<()> {
        for shard in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(shard.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if f.file_name().to_string_lossy().starts_with(".tmp-") {
                    let path = f.path();
                    std::fs::remove_file(&path)
                        .map_err(|e| Error::io("cannot remove", &path, e))?;
                }
            }
        }
        Ok(())
    }

    /// The ids of documents that have blobs on disk.
    pub fn ids_on_disk(&self) -> Result<std::collections::BTreeSet<i64>> {
        let mut ids = std::collections::BTreeSet::new();
        let shards = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ids),
            Err(e) => return Err(Error::io("cannot list", &self.dir, e)),
        };
        for shard in shards.flatten() {
            for f in std::fs::read_dir(shard.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = f.file_name();
                let name = name.to_string_lossy();
                if let Some(id) = name.split('.').next().and_then(|n| n.parse().ok()) {
                    ids.insert(id);
                }
            }
        }
        Ok(ids)
    }
}
