//! The shapes the UI receives. Only this module decides how core data looks
//! to the web UI.

use medvault_core::{VaultState, VaultStatus};
use serde::Serialize;

/// Answer of the `app_info` command.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub vault_path: String,
    /// `"new"` (first run) or `"ready"`.
    pub vault_state: VaultState,
}

impl AppInfo {
    pub fn new(status: VaultStatus) -> Self {
        Self {
            version: medvault_core::VERSION,
            vault_path: status.root.display().to_string(),
            vault_state: status.state,
        }
    }
}
