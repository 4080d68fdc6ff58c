//! Backup and restore of a whole vault. A backup holds the database (an
//! online `VACUUM INTO` copy), the sealed audit head and every blob, taken
//! together under the write lock (blobs are hard-linked, so the lock is held
//! for moments), then written out with the lock released. The search index
//! is not kept: it is rebuilt from the database on the restored vault's
//! first search. The manifest is sealed with a MAC under the audit key, so
//! only this vault's keys accept it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::backup::{manifest_bytes, manifest_of, read_archive, write_archive};
use crate::crypto::{ct_eq, mac};
use crate::store::{now_ms, write_atomic};
use crate::{status, Error, Result, Role, VaultPaths, VaultState};

/// Who opens a backup.
#[derive(Debug, Clone)]
pub enum Credentials {
    Password { user: String, password: String },
    RecoveryKey(String),
}

/// What a backup, a restore or a check found.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub files: usize,
    pub bytes: u64,
    pub documents: i64,
    /// Unix milliseconds when the backup was made.
    pub created_at: i64,
    /// Audit rows verified (restore and check).
    pub audit_rows: i64,
}

impl Vault {
    /// Writes a backup of the whole vault to `out` (admin). Audited.
    pub async fn backup(&self, s: &Session, out: &Path) -> Result<BackupReport> {
        let keys = self
            .authorize(s, Action::ManageSettings, "vault.backup", None)
            .await?;
        let root = self.paths.root().to_path_buf();
        remove_stale_staging(&root);
        let staging = root.join(format!(".tmp-backup-{}", now_ms()));
        std::fs::create_dir_all(staging.join("blobs"))
            .map_err(|e| Error::io("cannot create", &staging, e))?;
        let result = async {
            let (files, documents) = {
                // Nothing commits while the snapshot is taken.
                let _w = self.write.clone().lock_owned().await;
                // Counted in the same moment, as a restore will find them
                // (a document still being received is swept by the restore).
                let documents: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM documents WHERE deleted_at IS NULL AND status != 'received'",
                )
                .fetch_one(&self.pool)
                .await?;
                let db = staging.join("vault.db");
                sqlx::query("VACUUM INTO ?")
                    .bind(db.to_string_lossy().into_owned())
                    .execute(&self.pool)
                    .await?;
                let mut files = vec!["vault.db".to_string()];
                if self.paths.audit_head().exists() {
                    std::fs::copy(self.paths.audit_head(), staging.join("audit.head"))
                        .map_err(|e| Error::io("cannot copy", self.paths.audit_head(), e))?;
                    files.push("audit.head".into());
                }
                files.extend(link_blobs(&self.paths.blobs(), &staging.join("blobs"))?);
                (files, documents)
            };
            let (st, out2) = (staging.clone(), out.to_path_buf());
            let audit_key = keys.audit.clone();
            let (manifest, bytes) = crate::store::blocking(move || {
                let m = manifest_of(&st, &files, now_ms())?;
                let seal = mac(&audit_key, &[b"medvault backup v1", &manifest_bytes(&m)]);
                write_atomic(&out2, |w| write_archive(w, &st, &m, &seal))?;
                let bytes = m.entries.iter().map(|e| e.size).sum::<u64>();
                Ok((m, bytes))
            })
            .await?;
            Ok::<_, Error>(BackupReport {
                files: manifest.entries.len(),
                bytes,
                documents,
                created_at: manifest.created_at,
                audit_rows: 0,
            })
        }
        .await;
        let _ = std::fs::remove_dir_all(&staging);
        let report = result?;
        let ev = AuditEvent::new("vault.backup", Outcome::Success).details(serde_json::json!({
            "files": report.files, "bytes": report.bytes, "documents": report.documents
        }));
        let w = self.begin().await?;
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        Ok(report)
    }
}

/// Restores the backup `archive` into the new vault folder `target`, after
/// checking every file's checksum, the manifest's seal under the vault's own
/// keys (opened with `who`, an admin or the recovery key) and the audit
/// chain. Nothing is left at `target` unless all of it holds.
pub async fn restore(
    archive: &Path,
    target: &VaultPaths,
    who: &Credentials,
) -> Result<BackupReport> {
    if status(target)?.state != VaultState::New {
        return Err(Error::VaultExists(target.root().to_path_buf()));
    }
    let parent = target
        .root()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
    let staging = parent.join(format!(".tmp-restore-{}", now_ms()));
    let r = open_checked(archive, &staging, who, true).await;
    match r {
        Ok(report) => {
            if target.root().exists() {
                std::fs::remove_dir(target.root())
                    .map_err(|e| Error::io("cannot replace the empty folder", target.root(), e))?;
            }
            std::fs::rename(&staging, target.root())
                .map_err(|e| Error::io("cannot move the restored vault to", target.root(), e))?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Checks a backup as [`restore`] would, without keeping anything.
pub async fn verify_backup(archive: &Path, who: &Credentials) -> Result<BackupReport> {
    let tmp = tempfile::tempdir()
        .map_err(|e| Error::io("cannot create", Path::new("a temporary folder"), e))?;
    open_checked(archive, &tmp.path().join("vault"), who, false).await
}

/// Unpacks `archive` into `dir` and checks it with `who`'s keys; `restoring`
/// records the restore in the vault's audit log.
async fn open_checked(
    archive: &Path,
    dir: &Path,
    who: &Credentials,
    restoring: bool,
) -> Result<BackupReport> {
    let (a, d) = (archive.to_path_buf(), dir.to_path_buf());
    let (manifest, bytes, seal) = crate::store::blocking(move || read_archive(&a, &d)).await?;
    let paths = VaultPaths::new(dir);
    let vault = Vault::open(&paths).await.map_err(|e| {
        Error::Backup(format!(
            "the archive's database does not open as a vault: {e}"
        ))
    })?;
    let r = async {
        let s = match who {
            Credentials::Password { user, password } => vault.login(user, password).await?,
            Credentials::RecoveryKey(k) => vault.login_with_recovery(k).await?,
        };
        if s.role() != Role::Admin {
            return Err(Error::Backup(format!(
                "only an admin (or the recovery key) may restore or check a backup; '{}' is {}",
                s.user(),
                s.role()
            )));
        }
        let keys = s.keys()?;
        let expected = mac(&keys.audit, &[b"medvault backup v1", &bytes]);
        if !ct_eq(&expected, &seal) {
            return Err(Error::Backup(
                "the manifest does not match its seal: the archive was changed, or made by another vault".into(),
            ));
        }
        // The archive's own rows of the vault, resealed blobs and all, must check out.
        vault.sweep_interrupted(&s).await?;
        let audit = vault.verify_audit(&s).await?;
        if !audit.is_intact() {
            return Err(Error::Backup(format!(
                "the audit log in the archive does not verify: {}",
                audit.problem.as_deref().unwrap_or("broken chain")
            )));
        }
        if restoring {
            let ev = AuditEvent::new("vault.restore", Outcome::Success).details(
                serde_json::json!({"files": manifest.entries.len(), "created_at": manifest.created_at}),
            );
            let w = vault.begin().await?;
            vault.finish(w, &keys.audit, &s.actor(), ev).await?;
        }
        let documents: i64 =
            sqlx::query_scalar("SELECT count(*) FROM documents WHERE deleted_at IS NULL")
                .fetch_one(&vault.pool)
                .await?;
        vault.logout(&s).await?;
        Ok(BackupReport {
            files: manifest.entries.len(),
            bytes: manifest.entries.iter().map(|e| e.size).sum(),
            documents,
            created_at: manifest.created_at,
            audit_rows: audit.total_rows,
        })
    }
    .await;
    vault.close().await;
    r
}

/// Hard-links (or, across file systems, copies) every finished blob into `to`;
/// returns their paths relative to the vault folder.
fn link_blobs(from: &Path, to: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let Ok(shards) = std::fs::read_dir(from) else {
        return Ok(out);
    };
    for shard in shards.flatten() {
        if !shard.path().is_dir() {
            continue;
        }
        let name = shard.file_name().to_string_lossy().into_owned();
        let dest = to.join(&name);
        std::fs::create_dir_all(&dest).map_err(|e| Error::io("cannot create", &dest, e))?;
        for f in std::fs::read_dir(shard.path())
            .map_err(|e| Error::io("cannot list", shard.path(), e))?
            .flatten()
        {
            let file = f.file_name().to_string_lossy().into_owned();
            if file.starts_with(".tmp-") || !f.path().is_file() {
                continue;
            }
            let target = dest.join(&file);
            if std::fs::hard_link(f.path(), &target).is_err() {
                std::fs::copy(f.path(), &target)
                    .map_err(|e| Error::io("cannot copy", f.path(), e))?;
            }
            out.push(format!("blobs/{name}/{file}"));
        }
    }
    out.sort();
    Ok(out)
}

/// Removes what an interrupted backup left in the vault folder.
fn remove_stale_staging(root: &Path) {
    if let Ok(rd) = std::fs::read_dir(root) {
        for e in rd.flatten() {
            if e.file_name().to_string_lossy().starts_with(".tmp-backup-") {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}
