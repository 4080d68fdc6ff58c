//! Atomic file writes: a temporary file in the same folder, fsynced, then
//! renamed over the target, then the folder fsynced. A crash or a full disk
//! leaves either the old file or the new one, never half of one.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::{Error, Result};

/// Writes `path` atomically with what `fill` writes into the temporary file.
pub fn write_atomic<T>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&File>) -> Result<T>,
) -> Result<T> {
    let dir = path.parent().expect("a file path has a parent");
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create folder", dir, e))?;
    let tmp = tempfile_in(dir)?;
    let result = (|| {
        let mut w = BufWriter::new(tmp.as_file());
        let out = fill(&mut w)?;
        w.flush().map_err(|e| Error::io("cannot write", path, e))?;
        drop(w);
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io("cannot flush", path, e))?;
        Ok(out)
    })();
    match result {
        Ok(out) => {
            tmp.persist(path)
                .map_err(|e| Error::io("cannot rename into", path, e.error))?;
            sync_dir(dir);
            Ok(out)
        }
        // Dropping `tmp` removes the partial file.
        Err(e) => Err(e),
    }
}

fn tempfile_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))
}

/// Makes a rename durable (a no-op where folders cannot be opened, as on Windows).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Bytes of the files under `dir` (what cannot be read counts as nothing).
pub fn folder_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        write_atomic(&p, |w| {
            w.write_all(b"old").unwrap();
            Ok(())
        })
        .unwrap();
        let r: Result<()> = write_atomic(&p, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::Invalid("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
