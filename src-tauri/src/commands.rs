//! `#[tauri::command]` wrappers: each calls the core and shapes its answer
//! through `dto`. Errors reach the UI as the core's user-facing message.

use std::path::PathBuf;

use std::sync::Arc;

use medvault_core::ingest::Progress;
use medvault_core::vault::{NewDocument, VaultOptions};
use medvault_core::Vault;
use tauri::{AppHandle, Emitter, State};

use crate::dto::{self, AddResult, AppInfo, Created, SearchAnswer, SessionInfo, WatchStatus};
use crate::state::AppState;
use medvault_core::watch::WatchFolder;

/// What a command returns: the answer, or the core's message for the UI.
pub(crate) type Res<T> = Result<T, String>;

/// The core's user-facing message.
pub(crate) fn msg(e: medvault_core::Error) -> String {
    e.to_string()
}

/// The version, the vault's location and state, and who is signed in.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let status = medvault_core::status(&state.paths).map_err(msg)?;
    Ok(AppInfo::new(status, state.session().as_deref()))
}

/// First run: creates the vault, its admin and how it reads dates
/// (`month_first` or `day_first`), signs the admin in, and returns the
/// recovery key to show once.
#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    admin: String,
    password: String,
    date_order: String,
) -> Res<Created> {
    let options = VaultOptions {
        date_order: crate::settings::parse_order(&date_order)?,
    };
    let (vault, session, recovery) = Vault::create_with(&state.paths, &admin, &password, options)
        .await
        .map_err(msg)?;
    let info = SessionInfo::of(&session);
    state.set_vault(vault).await;
    state.set_session(Some(session));
    Ok(Created {
        recovery_key: recovery.as_str().to_string(),
        session: info,
    })
}

#[tauri::command]
pub async fn login(
    app: AppHandle,
    state: State<'_, AppState>,
    user: String,
    password: String,
) -> Res<SessionInfo> {
    let vault = state.vault().await.map_err(msg)?;
    let s = vault.login(&user, &password).await.map_err(msg)?;
    let info = SessionInfo::of(&s);
    state.set_session(Some(s));
    restart_watcher(&app, &state).await;
    Ok(info)
}

/// Restarts the background watcher for the signed-in user (a scan finds
/// files that arrived while nobody was signed in or the vault was locked).
async fn restart_watcher(app: &AppHandle, state: &AppState) {
    if let Ok((vault, s)) = state.signed_in().await {
        state.background.restart(app.clone(), vault, s).await;
    }
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Res<()> {
    state.background.stop().await;
    if let Some(s) = state.session() {
        state
            .vault()
            .await
            .map_err(msg)?
            .logout(&s)
            .await
            .map_err(msg)?;
    }
    state.set_session(None);
    Ok(())
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault.lock(&s).await.map_err(msg)
}

#[tauri::command]
pub async fn unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    password: String,
) -> Res<SessionInfo> {
    let (vault, s) = state.signed_in().await?;
    vault.unlock(&s, &password).await.map_err(msg)?;
    restart_watcher(&app, &state).await;
    Ok(SessionInfo::of(&s))
}

/// Who is signed in and whether the session is locked (idle time included),
/// without counting as activity.
#[tauri::command]
pub async fn session_info(state: State<'_, AppState>) -> Res<Option<SessionInfo>> {
    Ok(state.session().as_deref().map(SessionInfo::of))
}

#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, current: String, new: String) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    let name = s.user().to_string();
    vault
        .change_password(&s, &name, Some(&current), &new)
        .await
        .map_err(msg)
}

/// Takes the given files and folders (from a dialog or a drop) through the
/// ingest pipeline, emitting `ingest` events as it goes.
#[tauri::command]
pub async fn add_files(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
) -> Res<Vec<AddResult>> {
    let (vault, s) = state.signed_in().await?;
    let app = app.clone();
    let progress: Progress = Arc::new(move |e| {
        let _ = app.emit("ingest", dto::IngestEvent::from(&e));
    });
    let outcomes = state
        .pipeline
        .ingest(&vault, &s, &paths, &NewDocument::default(), progress)
        .await
        .map_err(msg)?;
    Ok(outcomes.iter().map(AddResult::from).collect())
}

/// Searches the documents with the query language; the best `limit` hits with
/// snippets, and counts by type and year.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<usize>,
) -> Res<SearchAnswer> {
    let (vault, s) = state.signed_in().await?;
    let found = vault
        .search(&s, &query, limit.unwrap_or(50).min(500))
        .await
        .map_err(msg)?;
    Ok(SearchAnswer::new(found, vault.take_search_notice()))
}

/// The vault's watched folders with their options.
#[tauri::command]
pub async fn watch_folders(state: State<'_, AppState>) -> Res<Vec<WatchFolder>> {
    let (vault, s) = state.signed_in().await?;
    vault.watch_folders(&s).await.map_err(msg)
}

/// A new watched folder's options as the core sets them, for the form to
/// start from (so the app has no copy of the defaults).
#[tauri::command]
pub fn watch_folder_defaults() -> WatchFolder {
    WatchFolder::new("")
}

/// Watches a folder with its options (admin); the core checks the folder.
#[tauri::command]
pub async fn add_watch_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: WatchFolder,
) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault.add_watch_folder(&s, folder).await.map_err(msg)?;
    restart_watcher(&app, &state).await;
    Ok(())
}

/// Stops watching `dir` (admin).
#[tauri::command]
pub async fn remove_watch_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    dir: PathBuf,
) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault.remove_watch_folder(&s, &dir).await.map_err(msg)?;
    restart_watcher(&app, &state).await;
    Ok(())
}

/// What the background watcher is doing: its folders and recent activity.
#[tauri::command]
pub async fn watch_status(state: State<'_, AppState>) -> Res<WatchStatus> {
    Ok(state.background.status())
}

/// The documents past their retention date (managers and admins): the
/// daily check the home screen runs, and after each purge.
#[tauri::command]
pub async fn retention_due(state: State<'_, AppState>) -> Res<Vec<dto::DueRow>> {
    let (vault, s) = state.signed_in().await?;
    let due = vault
        .retention_due(&s, medvault_core::store::now_ms())
        .await
        .map_err(msg)?;
    Ok(due.into_iter().map(dto::DueRow::from).collect())
}

/// Purges the documents a manager confirmed; each must still be due.
#[tauri::command]
pub async fn purge_due(state: State<'_, AppState>, ids: Vec<i64>) -> Res<dto::PurgeAnswer> {
    let (vault, s) = state.signed_in().await?;
    let r = vault
        .purge_due(&s, &ids, medvault_core::store::now_ms())
        .await
        .map_err(msg)?;
    Ok(dto::PurgeAnswer {
        purged: r.purged.len(),
        refused: r
            .refused
            .into_iter()
            .map(|(id, why)| format!("document {id}: {why}"))
            .collect(),
    })
}

/// Writes a backup of the whole vault to `out` (admin), consistent while the
/// app keeps working: the core takes its snapshot under the write lock.
#[tauri::command]
pub async fn backup(state: State<'_, AppState>, out: PathBuf) -> Res<dto::BackupAnswer> {
    let (vault, s) = state.signed_in().await?;
    let r = vault.backup(&s, &out).await.map_err(msg)?;
    Ok(dto::BackupAnswer {
        path: out.display().to_string(),
        documents: r.documents,
        files: r.files,
        bytes: r.bytes,
    })
}
