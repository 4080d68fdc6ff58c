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
    Original,
}

impl BlobKind {
    fn name(self) -> &'static str {
        match self {
            BlobKind::Original => "original",
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
        let path = self.path(doc, BlobKind::Original);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("cannot remove", &path, e)),
        }
    }
}
