//! Filing a source file after the pipeline is done with it: into
//! `processed/`, `failed/` (with `<name>.error.txt` saying why) or
//! `duplicates/`, under a free name. Nothing is deleted unless asked for.

use std::path::{Path, PathBuf};

use super::folder::{Filed, WatchFolder};
use crate::{Error, Result};

/// Moves `file` into the folder's `kind` subfolder, keeping the path below
/// the watched folder, under a name not yet taken there. Returns the new path.
pub fn file_into(folder: &WatchFolder, file: &Path, kind: Filed) -> Result<PathBuf> {
    let rel = file.strip_prefix(&folder.dir).unwrap_or(file);
    let target = folder.filed_dir(kind).join(rel);
    let dir = target.parent().expect("a file has a parent").to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create folder", &dir, e))?;
    let target = free_name(&target);
    std::fs::rename(file, &target).map_err(|e| Error::io("cannot move", file, e))?;
    Ok(target)
}

/// Files a failed file with a note beside it saying why.
pub fn file_failed(folder: &WatchFolder, file: &Path, reason: &str) -> Result<PathBuf> {
    let moved = file_into(folder, file, Filed::Failed)?;
    let note = PathBuf::from(format!("{}.error.txt", moved.display()));
    let body = format!(
        "MedVault could not take this file.\n\nFile: {}\nReason: {reason}\n\nThe file is unchanged. Fix the problem and move it back into the watched folder to try again.\n",
        file.display()
    );
    std::fs::write(&note, body).map_err(|e| Error::io("cannot write", &note, e))?;
    Ok(moved)
}

/// `a.pdf`, else `a (2).pdf`, `a (3).pdf`, …
fn free_name(target: &Path) -> PathBuf {
    if !target.exists() {
        return target.to_path_buf();
    }
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|i| target.with_file_name(format!("{stem} ({i}){ext}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_keep_their_subfolder_and_never_overwrite() {
        let d = tempfile::tempdir().unwrap();
        let folder = WatchFolder::new(d.path());
        std::fs::create_dir_all(d.path().join("cardio")).unwrap();
        for _ in 0..2 {
            std::fs::write(d.path().join("cardio/a.pdf"), b"x").unwrap();
            file_into(&folder, &d.path().join("cardio/a.pdf"), Filed::Processed).unwrap();
        }
        assert!(d.path().join("processed/cardio/a.pdf").exists());
        assert!(d.path().join("processed/cardio/a (2).pdf").exists());
        std::fs::write(d.path().join("b.pdf"), b"x").unwrap();
        let moved = file_failed(&folder, &d.path().join("b.pdf"), "damaged PDF").unwrap();
        assert_eq!(moved, d.path().join("failed/b.pdf"));
        let note = std::fs::read_to_string(d.path().join("failed/b.pdf.error.txt")).unwrap();
        assert!(note.contains("damaged PDF"));
    }
}
