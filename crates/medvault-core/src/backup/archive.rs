//! The backup file: `MEDVAULT-BACKUP 1\n`, the manifest's length (8 bytes,
//! little-endian), the manifest (JSON: when, and each entry's path, size and
//! SHA-256), the manifest's MAC under the vault's audit key (32 bytes), then
//! each entry's bytes in manifest order, and nothing after. Entries are the
//! vault's own files, already sealed (blobs, audit head) or holding only ids,
//! times, type codes and ciphertext (the database).

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::crypto::Sha256;
use crate::{Error, Result};

const MAGIC: &[u8] = b"MEDVAULT-BACKUP 1\n";
const MAX_MANIFEST: u64 = 256 << 20;

/// One file of the vault in the archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the vault folder, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// What the archive holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    /// Unix milliseconds.
    pub created_at: i64,
    pub entries: Vec<Entry>,
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::Backup(what.to_string())
}

/// SHA-256 and size of a file.
fn digest_file(p: &Path) -> Result<(u64, String)> {
    let mut f = File::open(p).map_err(|e| Error::io("cannot read", p, e))?;
    let mut h = Sha256::default();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f
            .read(&mut buf)
            .map_err(|e| Error::io("cannot read", p, e))?;
        if k == 0 {
            return Ok((n, h.hex()));
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
}

/// The manifest of the files under `root` named by `paths` (relative).
pub fn manifest_of(root: &Path, paths: &[String], created_at: i64) -> Result<Manifest> {
    let entries = paths
        .iter()
        .map(|p| {
            let (size, sha256) = digest_file(&root.join(p))?;
            Ok(Entry {
                path: p.clone(),
                size,
                sha256,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Manifest {
        format: 1,
        created_at,
        entries,
    })
}

/// The manifest's bytes as sealed by the MAC.
pub fn manifest_bytes(m: &Manifest) -> Vec<u8> {
    serde_json::to_vec(m).expect("serializable")
}

/// Writes the archive of `root`'s files to `w`.
pub fn write_archive(w: &mut impl Write, root: &Path, m: &Manifest, mac: &[u8; 32]) -> Result<()> {
    let io = |e| Error::io("cannot write", Path::new("the backup"), e);
    let bytes = manifest_bytes(m);
    w.write_all(MAGIC).map_err(io)?;
    w.write_all(&(bytes.len() as u64).to_le_bytes())
        .map_err(io)?;
    w.write_all(&bytes).map_err(io)?;
    w.write_all(mac).map_err(io)?;
    for e in &m.entries {
        let p = root.join(&e.path);
        let mut f = File::open(&p).map_err(|err| Error::io("cannot read", &p, err))?;
        let copied = std::io::copy(&mut (&mut f).take(e.size), w).map_err(io)?;
        if copied != e.size {
            return Err(bad(format!("{} changed while it was backed up", e.path)));
        }
    }
    w.flush().map_err(io)
}

/// An entry's path, refused unless it is a plain relative path inside the
/// vault folder (`vault.db`, `audit.head` or under `blobs/`).
fn safe_path(p: &str) -> Result<PathBuf> {
    let path = Path::new(p);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    let allowed = p == "vault.db" || p == "audit.head" || p.starts_with("blobs/");
    if !plain || !allowed || p.contains('\\') {
        return Err(bad(format!(
            "the archive names a file outside a vault: '{p}'"
        )));
    }
    Ok(path.to_path_buf())
}

/// Reads an archive into the folder `into`, checking every entry's size and
/// SHA-256; returns the manifest, its bytes and its MAC (checked by the caller
/// once the vault's keys are open).
pub fn read_archive(archive: &Path, into: &Path) -> Result<(Manifest, Vec<u8>, [u8; 32])> {
    let f = File::open(archive).map_err(|e| Error::io("cannot open", archive, e))?;
    let mut r = BufReader::new(f);
    let mut magic = Vec::with_capacity(MAGIC.len());
    (&mut r)
        .take(MAGIC.len() as u64)
        .read_to_end(&mut magic)
        .map_err(|e| Error::io("cannot read", archive, e))?;
    let mut exact = |buf: &mut [u8], what: &str| {
        r.read_exact(buf)
            .map_err(|_| bad(format!("the archive ends early, in {what}")))
    };
    if magic != MAGIC {
        return Err(bad(format!(
            "{} is not a MedVault backup",
            archive.display()
        )));
    }
    let mut len = [0u8; 8];
    exact(&mut len, "its header")?;
    let len = u64::from_le_bytes(len);
    if len > MAX_MANIFEST {
        return Err(bad(
            "the manifest is implausibly large: the archive is damaged",
        ));
    }
    let mut bytes = vec![0u8; len as usize];
    exact(&mut bytes, "its manifest")?;
    let mut mac = [0u8; 32];
    exact(&mut mac, "its seal")?;
    let m: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| bad(format!("the manifest is damaged: {e}")))?;
    if m.format != 1 {
        return Err(bad(format!(
            "backup format {} is newer than this MedVault",
            m.format
        )));
    }
    for e in &m.entries {
        safe_path(&e.path)?;
    }
    if !m.entries.iter().any(|e| e.path == "vault.db") {
        return Err(bad("the archive holds no vault database"));
    }
    let mut buf = vec![0u8; 1 << 16];
    for e in &m.entries {
        let rel = safe_path(&e.path)?;
        let out = into.join(&rel);
        if let Some(d) = out.parent() {
            std::fs::create_dir_all(d).map_err(|err| Error::io("cannot create", d, err))?;
        }
        let file = File::create(&out).map_err(|err| Error::io("cannot create", &out, err))?;
        let mut w = BufWriter::new(file);
        let mut h = Sha256::default();
        let mut left = e.size;
        while left > 0 {
            let k = (left.min(buf.len() as u64)) as usize;
            r.read_exact(&mut buf[..k])
                .map_err(|_| bad(format!("the archive ends early, in {}", e.path)))?;
            h.update(&buf[..k]);
            w.write_all(&buf[..k])
                .map_err(|err| Error::io("cannot write", &out, err))?;
            left -= k as u64;
        }
        if h.hex() != e.sha256 {
            return Err(bad(format!(
                "{} does not match its checksum: the archive was changed or damaged",
                e.path
            )));
        }
        let f = w
            .into_inner()
            .map_err(|err| Error::io("cannot write", &out, err.into_error()))?;
        f.sync_all()
            .map_err(|err| Error::io("cannot flush", &out, err))?;
    }
    let mut extra = [0u8; 1];
    if r.read(&mut extra)
        .map_err(|e| Error::io("cannot read", archive, e))?
        != 0
    {
        return Err(bad(
            "the archive has data after its last entry: it was changed",
        ));
    }
    Ok((m, bytes, mac))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_a_vault_are_refused() {
        for p in [
            "../etc/passwd",
            "/etc/passwd",
            "blobs/../../x",
            "index/x",
            "blobs\\..\\x",
        ] {
            assert!(safe_path(p).is_err(), "{p}");
        }
        assert!(safe_path("blobs/0a/10.original").is_ok());
        assert!(safe_path("vault.db").is_ok());
    }
}
