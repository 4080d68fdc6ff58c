//! MedVault core: all domain logic of the application.
//!
//! Every operation the desktop app or the CLI can perform is a public function
//! here. This crate knows nothing of Tauri, of the web UI or of the terminal;
//! its faces (`medvault-cli`, `src-tauri`) only parse input and shape output.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod classify;
pub mod crypto;
pub mod error;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod ocr;
pub mod paths;
pub mod runs;
pub mod samples;
pub mod search;
pub mod status;
pub mod store;
pub mod time;
pub mod vault;
pub mod watch;

pub use auth::{Action, Role, Session};
pub use error::{Error, Result};
pub use paths::VaultPaths;
pub use status::{status, VaultState, VaultStatus};
pub use vault::Vault;

/// The version of the core, shown by every face of the application.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
