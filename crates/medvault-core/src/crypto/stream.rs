//! Chunked AES-256-GCM for blobs of any size, in bounded memory.
//!
//! Format: `magic (4) | nonce prefix (8, random) | chunk*`, each chunk holding
//! up to the format's chunk size in plaintext bytes plus a 16-byte tag (blobs:
//! `"MVB1"`, [`STREAM_CHUNK`]; search index files: `"MVI1"`, 64 KiB, small
//! enough to read at random through [`SealedFile`](super::SealedFile)).
//! Chunk `i` uses the nonce `prefix | i (u32, big-endian)` and associated
//! data `aad | i | last-flag`, so chunks cannot be reordered, dropped, or the
//! stream cut short without detection.

use std::io::{Read, Write};

use ring::aead::{Aad, LessSafeKey, Nonce};

use super::{aead::cipher, random_bytes, CryptoError, SecretKey};

pub(super) const TAG: usize = 16;
/// Bytes before the first chunk: the magic and the nonce prefix.
pub(super) const HEADER: usize = 12;
/// Plaintext bytes per chunk of a blob.
pub const STREAM_CHUNK: usize = 1 << 20;

/// The layout of one kind of sealed stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamFormat {
    pub(super) magic: &'static [u8; 4],
    /// Plaintext bytes per chunk.
    pub(super) chunk: usize,
}

impl StreamFormat {
    /// Whether `bytes`, the start of a file, begin a stream of this format.
    pub fn begins(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(self.magic)
    }
}

/// Document blobs: read whole, in 1 MiB chunks.
pub const BLOB_STREAM: StreamFormat = StreamFormat {
    magic: b"MVB1",
    chunk: STREAM_CHUNK,
};

/// Search index files: read at random, in 64 KiB chunks.
pub const INDEX_STREAM: StreamFormat = StreamFormat {
    magic: b"MVI1",
    chunk: 64 << 10,
};

/// Errors of the stream layer: I/O on either side, or crypto.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

fn nonce(prefix: &[u8; 8], i: u32) -> Nonce {
    let mut n = [0u8; 12];
    n[..8].copy_from_slice(prefix);
    n[8..].copy_from_slice(&i.to_be_bytes());
    Nonce::assume_unique_for_key(n)
}

fn chunk_aad(aad: &[u8], i: u32, last: bool) -> Vec<u8> {
    let mut a = Vec::with_capacity(aad.len() + 5);
    a.extend_from_slice(aad);
    a.extend_from_slice(&i.to_be_bytes());
    a.push(last as u8);
    a
}

/// Decrypts and authenticates chunk `i` of a stream (sealed with the nonce
/// `prefix` and context `aad`; `last` if it ends the stream) in place, and
/// returns its length in plaintext bytes.
pub(super) fn open_chunk(
    c: &LessSafeKey,
    prefix: &[u8; 8],
    aad: &[u8],
    i: u32,
    last: bool,
    chunk: &mut [u8],
) -> Result<usize, CryptoError> {
    c.open_in_place(nonce(prefix, i), Aad::from(chunk_aad(aad, i, last)), chunk)
        .map(|plain| plain.len())
        .map_err(|_| CryptoError::Authentication)
}

/// Reads until `buf` is full or the reader ends; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Calls `f(chunk, index, is_last)` for each `size`-byte chunk of `r`; an
/// empty input yields one empty last chunk.
fn for_each_chunk(
    r: &mut impl Read,
    size: usize,
    mut f: impl FnMut(&mut Vec<u8>, u32, bool) -> Result<(), StreamError>,
) -> Result<(), StreamError> {
    let mut cur = vec![0u8; size];
    let mut n = read_full(r, &mut cur)?;
    let mut next = vec![0u8; size];
    let mut i: u32 = 0;
    loop {
        let m = if n == size {
            read_full(r, &mut next)?
        } else {
            0
        };
        cur.truncate(n);
        f(&mut cur, i, m == 0)?;
        if m == 0 {
            return Ok(());
        }
        std::mem::swap(&mut cur, &mut next);
        cur.resize(size, 0);
        next.resize(size, 0);
        n = m;
        i = i
            .checked_add(1)
            .ok_or(CryptoError::Malformed("stream too long"))?;
    }
}

/// Encrypts all of `r` into `w` as a blob; returns the plaintext length.
pub fn seal_stream(
    key: &SecretKey,
    aad: &[u8],
    r: &mut impl Read,
    w: &mut impl Write,
) -> Result<u64, StreamError> {
    seal_stream_as(BLOB_STREAM, key, aad, r, w)
}

/// Encrypts all of `r` into `w` in the given format; returns the plaintext length.
pub fn seal_stream_as(
    format: StreamFormat,
    key: &SecretKey,
    aad: &[u8],
    r: &mut impl Read,
    w: &mut impl Write,
) -> Result<u64, StreamError> {
    let mut prefix = [0u8; 8];
    random_bytes(&mut prefix)?;
    w.write_all(format.magic)?;
    w.write_all(&prefix)?;
    let c = cipher(key);
    let mut total = 0u64;
    for_each_chunk(r, format.chunk, |chunk, i, last| {
        total += chunk.len() as u64;
        c.seal_in_place_append_tag(nonce(&prefix, i), Aad::from(chunk_aad(aad, i, last)), chunk)
            .map_err(|_| CryptoError::Authentication)?;
        w.write_all(chunk)?;
        Ok(())
    })?;
    Ok(total)
}

/// Decrypts a blob made by [`seal_stream`] into `w`. Only authenticated
/// chunks are written; a damaged or truncated stream ends in an error.
pub fn open_stream(
    key: &SecretKey,
    aad: &[u8],
    r: &mut impl Read,
    w: &mut impl Write,
) -> Result<u64, StreamError> {
    let mut head = [0u8; HEADER];
    if read_full(r, &mut head)? != HEADER || !BLOB_STREAM.begins(&head) {
        return Err(CryptoError::Malformed("not a MedVault blob").into());
    }
    let prefix: [u8; 8] = head[4..].try_into().expect("8 bytes");
    let c = cipher(key);
    let mut total = 0u64;
    for_each_chunk(r, STREAM_CHUNK + TAG, |chunk, i, last| {
        let n = open_chunk(&c, &prefix, aad, i, last, chunk)?;
        total += n as u64;
        w.write_all(&chunk[..n])?;
        Ok(())
    })?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(len: usize) {
        let k = SecretKey::random().unwrap();
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let mut sealed = Vec::new();
        assert_eq!(
            seal_stream(&k, b"b", &mut data.as_slice(), &mut sealed).unwrap(),
            len as u64
        );
        let mut out = Vec::new();
        open_stream(&k, b"b", &mut sealed.as_slice(), &mut out).unwrap();
        assert_eq!(out, data, "len {len}");
    }

    #[test]
    fn round_trips_at_chunk_edges() {
        for len in [
            0,
            1,
            STREAM_CHUNK - 1,
            STREAM_CHUNK,
            STREAM_CHUNK + 1,
            2 * STREAM_CHUNK,
        ] {
            round(len);
        }
    }

    #[test]
    fn truncation_at_a_chunk_boundary_and_bit_flips_are_detected() {
        let k = SecretKey::random().unwrap();
        let data = vec![7u8; 2 * STREAM_CHUNK + 10];
        let mut sealed = Vec::new();
        seal_stream(&k, b"b", &mut data.as_slice(), &mut sealed).unwrap();
        let cut = 12 + STREAM_CHUNK + TAG;
        let r = open_stream(&k, b"b", &mut &sealed[..cut], &mut Vec::new());
        assert!(matches!(
            r,
            Err(StreamError::Crypto(CryptoError::Authentication))
        ));
        let mut flipped = sealed.clone();
        flipped[cut + 5] ^= 1;
        assert!(open_stream(&k, b"b", &mut flipped.as_slice(), &mut Vec::new()).is_err());
        assert!(open_stream(&k, b"other", &mut sealed.as_slice(), &mut Vec::new()).is_err());
    }
}
