//! Helpers shared by the core's integration tests: real vaults in temporary
//! folders, with real Argon2id, real SQLite and real encrypted files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use medvault_core::auth::Throttle;
use std::sync::Arc;

use medvault_core::ingest::{Outcome, Pipeline, PipelineOptions, Progress, Status};
use medvault_core::vault::{NewDocument, VaultOptions};
use medvault_core::{Role, Session, Vault, VaultPaths};

pub const ADMIN_PW: &str = "admin-password-1";

/// Short delays so throttling tests run quickly; the policy's shape is unchanged.
pub fn fast_throttle() -> Throttle {
    Throttle {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        lockout: Duration::from_secs(60),
    }
}

pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub paths: VaultPaths,
    pub vault: Vault,
    pub admin: Session,
    pub recovery: String,
    pub pipeline: Pipeline,
}

/// A progress sink that ignores events.
pub fn quiet() -> Progress {
    Arc::new(|_| {})
}

/// A new vault with admin `admin`.
pub async fn new_vault() -> TestVault {
    new_vault_with(VaultOptions::default()).await
}

/// A new vault with admin `admin`, created with `options`.
pub async fn new_vault_with(options: VaultOptions) -> TestVault {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("vault"));
    let (mut vault, admin, recovery) = Vault::create_with(&paths, "admin", ADMIN_PW, options)
        .await
        .unwrap();
    vault.set_throttle(fast_throttle());
    TestVault {
        dir,
        paths,
        vault,
        admin,
        recovery: recovery.as_str().to_string(),
        pipeline: Pipeline::new(PipelineOptions::default()),
    }
}

impl TestVault {
    /// Adds a user with `role` (password `<name>-password`) and logs them in.
    pub async fn user(&self, name: &str, role: Role) -> Session {
        let pw = format!("{name}-password");
        self.vault
            .add_user(&self.admin, name, role, &pw)
            .await
            .unwrap();
        self.vault.login(name, &pw).await.unwrap()
    }

    /// Adds a document with the given content and metadata as the admin.
    pub async fn doc(&self, content: &[u8], file_name: &str, title: &str, tags: &[&str]) -> i64 {
        let meta = NewDocument {
            file_name: file_name.into(),
            title: Some(title.into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            notes: None,
        };
        self.doc_with(meta, content).await
    }

    /// Takes `content` through the ingest pipeline as the admin; returns the
    /// document's id (the existing one for content already in the vault).
    pub async fn doc_with(&self, meta: NewDocument, content: &[u8]) -> i64 {
        let o = self.ingest(meta, content).await;
        assert!(
            matches!(o.status, Status::Done | Status::Duplicate),
            "{o:?}"
        );
        o.id.unwrap()
    }

    /// Takes `content` through the ingest pipeline as the admin.
    pub async fn ingest(&self, meta: NewDocument, content: &[u8]) -> Outcome {
        self.pipeline
            .ingest_bytes(
                &self.vault,
                &self.admin,
                None,
                meta,
                content.to_vec(),
                &quiet(),
            )
            .await
    }

    /// Whether the audit log holds a row with this action and outcome.
    pub async fn audited(&self, action: &str, outcome: &str) -> bool {
        self.vault
            .audit_entries(&self.admin, &Default::default())
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == action && e.outcome == outcome)
    }

    /// A raw SQLite connection to the vault database, as an attacker with disk access has.
    pub async fn raw_db(&self) -> sqlx::SqlitePool {
        sqlx::SqlitePool::connect(&format!("sqlite:{}", self.paths.database().display()))
            .await
            .unwrap()
    }
}

/// Every file under `dir`, recursively.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Files under `dir` that contain `needle` as bytes.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    all_files(dir)
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}
