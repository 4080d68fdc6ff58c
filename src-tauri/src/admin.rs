//! `#[tauri::command]` wrappers for the dashboard, users and roles, and the
//! audit log (the core checks each: users and audit are for admins).

use std::path::PathBuf;

use medvault_core::audit::{AuditEntry, AuditFilter, AuditFormat};
use medvault_core::Role;
use serde::Deserialize;
use tauri::State;

use crate::commands::{msg, Res};
use crate::dto::{DashboardAnswer, UserRow, VerifyAnswer};
use crate::state::AppState;

/// Counts by type and month, queue, storage and what needs attention.
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Res<DashboardAnswer> {
    let (vault, s) = state.signed_in().await?;
    Ok(DashboardAnswer::from(
        vault.dashboard(&s).await.map_err(msg)?,
    ))
}

/// Every user with role and state (admin).
#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Res<Vec<UserRow>> {
    let (vault, s) = state.signed_in().await?;
    let users = vault.list_users(&s).await.map_err(msg)?;
    Ok(users.into_iter().map(UserRow::from).collect())
}

/// Adds a user with a first password they change later (admin).
#[tauri::command]
pub async fn add_user(
    state: State<'_, AppState>,
    name: String,
    role: String,
    password: String,
) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    let role = Role::parse(&role).map_err(msg)?;
    vault
        .add_user(&s, name.trim(), role, &password)
        .await
        .map_err(msg)
}

/// Changes a user's role (admin).
#[tauri::command]
pub async fn set_user_role(state: State<'_, AppState>, name: String, role: String) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    let role = Role::parse(&role).map_err(msg)?;
    vault.set_user_role(&s, &name, role).await.map_err(msg)
}

/// Disables or enables a user (admin).
#[tauri::command]
pub async fn set_user_disabled(
    state: State<'_, AppState>,
    name: String,
    disabled: bool,
) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault
        .set_user_disabled(&s, &name, disabled)
        .await
        .map_err(msg)
}

/// Which audit rows to show or export.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRequest {
    user: Option<String>,
    action: Option<String>,
    /// `YYYY-MM-DD`: rows on or after this day.
    since: Option<String>,
    limit: Option<i64>,
}

impl AuditRequest {
    fn filter(self) -> Res<AuditFilter> {
        let nonempty =
            |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(AuditFilter {
            user: nonempty(self.user),
            action: nonempty(self.action),
            since_ms: nonempty(self.since)
                .map(|d| medvault_core::time::parse_date(&d))
                .transpose()
                .map_err(msg)?,
            limit: self.limit,
            newest_first: true,
        })
    }
}

/// Audit rows, newest first (admin).
#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, request: AuditRequest) -> Res<Vec<AuditEntry>> {
    let (vault, s) = state.signed_in().await?;
    vault
        .audit_entries(&s, &request.filter()?)
        .await
        .map_err(msg)
}

/// Recomputes the audit chain (admin).
#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> Res<VerifyAnswer> {
    let (vault, s) = state.signed_in().await?;
    Ok(VerifyAnswer::from(
        vault.verify_audit(&s).await.map_err(msg)?,
    ))
}

/// Writes the matching rows to `out` as CSV or JSON (admin); how many.
#[tauri::command]
pub async fn export_audit(
    state: State<'_, AppState>,
    request: AuditRequest,
    format: AuditFormat,
    out: PathBuf,
) -> Res<usize> {
    let (vault, s) = state.signed_in().await?;
    vault
        .export_audit(&s, &request.filter()?, format, &out)
        .await
        .map_err(msg)
}
