//! Unlock time with the chosen Argon2id parameters, and sealing and opening
//! throughput on 10 MB documents beside a plain file copy (all with fsync).

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::crypto::{open_stream, random_bytes, seal_stream, KdfParams, SecretKey};
use crate::store::{BlobKind, BlobStore};
use crate::{Error, Result, Vault, VaultPaths};

/// Results of `medvault bench crypto`.
#[derive(Debug, Serialize)]
pub struct CryptoBench {
    pub kdf: KdfParams,
    /// Median wall time of a full login (Argon2id, slot opening, audit row).
    pub unlock_ms: f64,
    pub doc_mb: f64,
    pub rounds: usize,
    pub copy_mb_s: f64,
    pub seal_mb_s: f64,
    pub open_mb_s: f64,
    /// Sealing throughput as a share of plain copying (1.0 = as fast).
    pub seal_vs_copy: f64,
    pub open_vs_copy: f64,
    /// The same in memory, without the disk: the cost of the cipher alone.
    pub seal_mem_mb_s: f64,
    pub open_mem_mb_s: f64,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn synced(path: &Path) -> Result<File> {
    File::create(path).map_err(|e| Error::io("cannot create", path, e))
}

/// Runs the benchmark in `dir` (a scratch folder) with `rounds` repetitions.
pub async fn crypto_bench(dir: &Path, rounds: usize) -> Result<CryptoBench> {
    let rounds = rounds.max(1);
    // Unlock: a real vault, a real login.
    let paths = VaultPaths::new(dir.join("vault"));
    let password = "bench-password-1234";
    let (vault, s, _) = Vault::create(&paths, "bench", password).await?;
    vault.logout(&s).await?;
    let mut unlocks = Vec::new();
    for _ in 0..rounds.min(5) {
        let t = Instant::now();
        let s = vault.login("bench", password).await?;
        unlocks.push(t.elapsed());
        vault.logout(&s).await?;
    }
    vault.close().await;

    // Throughput on a 10 MB document.
    let size = 10 * 1024 * 1024;
    let mut data = vec![0u8; size];
    random_bytes(&mut data)?;
    let src = dir.join("doc.bin");
    std::fs::write(&src, &data).map_err(|e| Error::io("cannot write", &src, e))?;
    let blobs = BlobStore::new(dir.join("blobs"));
    let key = SecretKey::random()?;
    // Rounds rotate the order of the three operations, so that none always
    // runs last, behind the others' write-back.
    let mut times: [Vec<Duration>; 3] = Default::default();
    for i in 0..rounds {
        blobs.write(i as i64, BlobKind::Original, &key, &mut data.as_slice())?;
        for k in 0..3 {
            let op = (i + k) % 3;
            let took = match op {
                0 => copy_once(&src, &dir.join(format!("copy-{i}.bin")))?,
                1 => seal_once(&blobs, &key, &src, 1_000_000 + i as i64)?,
                _ => open_once(
                    &blobs,
                    &key,
                    i as i64,
                    &dir.join(format!("open-{i}.bin")),
                    &data,
                )?,
            };
            times[op].push(took);
        }
    }
    let [copy, seal, open] = times;
    let (mut seal_mem, mut open_mem) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let mut sealed = Vec::with_capacity(size + size / 64);
        let t = Instant::now();
        seal_stream(&key, b"bench", &mut data.as_slice(), &mut sealed).map_err(stream_err)?;
        seal_mem.push(t.elapsed());
        let mut plain = Vec::with_capacity(size);
        let t = Instant::now();
        open_stream(&key, b"bench", &mut sealed.as_slice(), &mut plain).map_err(stream_err)?;
        open_mem.push(t.elapsed());
    }
    let mb = size as f64 / 1e6;
    let rate = |d: Duration| mb / d.as_secs_f64();
    let (c, s, o) = (rate(median(copy)), rate(median(seal)), rate(median(open)));
    Ok(CryptoBench {
        kdf: KdfParams::DEFAULT,
        unlock_ms: median(unlocks).as_secs_f64() * 1e3,
        doc_mb: mb,
        rounds,
        copy_mb_s: c,
        seal_mb_s: s,
        open_mb_s: o,
        seal_vs_copy: s / c,
        open_vs_copy: o / c,
        seal_mem_mb_s: rate(median(seal_mem)),
        open_mem_mb_s: rate(median(open_mem)),
    })
}

fn stream_err(e: crate::crypto::StreamError) -> Error {
    Error::Invalid(format!("benchmark stream failed: {e}"))
}

/// Each `*_once` returns the time of its operation alone.
fn copy_once(src: &Path, dst: &Path) -> Result<Duration> {
    let t = Instant::now();
    std::fs::copy(src, dst).map_err(|e| Error::io("cannot copy to", dst, e))?;
    File::open(dst)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("cannot flush", dst, e))?;
    Ok(t.elapsed())
}

fn seal_once(blobs: &BlobStore, key: &SecretKey, src: &Path, id: i64) -> Result<Duration> {
    let t = Instant::now();
    let mut f = File::open(src).map_err(|e| Error::io("cannot read", src, e))?;
    blobs.write(id, BlobKind::Original, key, &mut f)?;
    Ok(t.elapsed())
}

fn open_once(
    blobs: &BlobStore,
    key: &SecretKey,
    id: i64,
    out: &Path,
    expect: &[u8],
) -> Result<Duration> {
    let t = Instant::now();
    let mut w = std::io::BufWriter::new(synced(out)?);
    blobs.read(id, BlobKind::Original, key, &mut w)?;
    let f = w
        .into_inner()
        .map_err(|e| Error::io("cannot write", out, e.into_error()))?;
    f.sync_all()
        .map_err(|e| Error::io("cannot flush", out, e))?;
    let took = t.elapsed();
    let back = std::fs::read(out).map_err(|e| Error::io("cannot read", out, e))?;
    if back != expect {
        return Err(Error::Invalid(
            "benchmark round trip produced different bytes".into(),
        ));
    }
    Ok(took)
}
