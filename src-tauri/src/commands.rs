//! `#[tauri::command]` wrappers: each calls the core and shapes its answer
//! through `dto`. Errors reach the UI as their user-facing message.

use tauri::State;

use crate::{dto, AppState};

/// What the first screen needs: the version and the vault's location and state.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<dto::AppInfo, String> {
    let status = medvault_core::status(&state.paths).map_err(|e| e.to_string())?;
    Ok(dto::AppInfo::new(status))
}
