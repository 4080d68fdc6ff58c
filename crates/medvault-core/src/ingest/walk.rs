//! Expands the paths given to `ingest` into files: folders recursively, in
//! name order, skipping hidden entries inside folders and never following
//! symbolic links to folders (no loops).

use std::path::{Path, PathBuf};

/// The files under `paths`; a path that cannot be read is returned as an error beside the others.
pub fn collect_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Ok(p.clone())),
            Err(e) => out.push(Err((p.clone(), format!("cannot read: {e}")))),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, (PathBuf, String)>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Err((dir.to_path_buf(), format!("cannot list folder: {e}")))),
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&path, out),
            Ok(t) if t.is_symlink() && path.is_dir() => {}
            Ok(_) => out.push(Ok(path)),
            Err(err) => out.push(Err((path, err.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_order_without_hidden_files() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("b/c")).unwrap();
        for f in ["a.pdf", "b/c/z.png", "b/y.txt", ".DS_Store", "b/.hidden"] {
            std::fs::write(d.path().join(f), b"x").unwrap();
        }
        let got: Vec<PathBuf> = collect_files(&[d.path().to_path_buf()])
            .into_iter()
            .map(Result::unwrap)
            .map(|p| p.strip_prefix(d.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(got, ["a.pdf", "b/c/z.png", "b/y.txt"].map(PathBuf::from));
        let missing = collect_files(&[d.path().join("nope")]);
        assert!(missing[0].is_err());
    }
}
