//! `#[tauri::command]` wrappers for the vault's settings: anyone signed in
//! reads them; the core lets only an admin change them.

use medvault_core::extract::DateOrder;
use medvault_core::vault::{Settings, IDLE_TIMEOUT_RANGE};
use serde::Serialize;
use tauri::State;

use crate::commands::{msg, Res};
use crate::state::AppState;

/// The settings as the Settings screen shows them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsAnswer {
    /// Whole minutes without activity before a session locks.
    pub idle_minutes: u64,
    /// The whole minutes the core accepts, lowest and highest.
    pub idle_minutes_range: [u64; 2],
    /// `month_first` or `day_first`.
    pub date_order: &'static str,
    /// Documents whose dates were read again by this change (0 when none).
    pub reread: usize,
}

impl SettingsAnswer {
    fn new(s: Settings, reread: usize) -> Self {
        Self {
            idle_minutes: s.idle_timeout_secs / 60,
            idle_minutes_range: [
                IDLE_TIMEOUT_RANGE.start().div_ceil(60),
                IDLE_TIMEOUT_RANGE.end() / 60,
            ],
            date_order: s.date_order.as_str(),
            reread,
        }
    }
}

/// `month_first` or `day_first`, or a message naming them.
pub(crate) fn parse_order(order: &str) -> Res<DateOrder> {
    DateOrder::parse(order)
        .ok_or_else(|| format!("'{order}' is not a date order (month_first or day_first)"))
}

/// The vault's settings.
#[tauri::command]
pub async fn settings(state: State<'_, AppState>) -> Res<SettingsAnswer> {
    let (vault, s) = state.signed_in().await?;
    Ok(SettingsAnswer::new(
        vault.settings(&s).await.map_err(msg)?,
        0,
    ))
}

/// Changes the idle timeout (minutes, for sessions signed in from now on) and
/// the date order (admin); a new date order reads every document's dates
/// again before this returns. Each change is audited by the core.
#[tauri::command]
pub async fn set_settings(
    state: State<'_, AppState>,
    idle_minutes: u64,
    date_order: String,
) -> Res<SettingsAnswer> {
    let (vault, s) = state.signed_in().await?;
    let order = parse_order(&date_order)?;
    vault
        .set_idle_timeout(&s, idle_minutes.saturating_mul(60))
        .await
        .map_err(msg)?;
    let reread = vault.set_date_order(&s, order).await.map_err(msg)?;
    Ok(SettingsAnswer::new(
        vault.settings(&s).await.map_err(msg)?,
        reread,
    ))
}
