//! `#[tauri::command]` wrappers: each calls the core and shapes its answer
//! through `dto`. Errors reach the UI as the core's user-facing message.

use std::path::PathBuf;

use std::sync::Arc;

use medvault_core::ingest::Progress;
use medvault_core::vault::NewDocument;
use medvault_core::Vault;
use tauri::{AppHandle, Emitter, State};

use crate::dto::{self, AddResult, AppInfo, Created, DocumentRow, SearchAnswer, SessionInfo};
use crate::state::AppState;

type Res<T> = Result<T, String>;

fn msg(e: medvault_core::Error) -> String {
    e.to_string()
}

/// The version, the vault's location and state, and who is signed in.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let status = medvault_core::status(&state.paths).map_err(msg)?;
    Ok(AppInfo::new(status, state.session().as_deref()))
}

/// First run: creates the vault and its admin, signs the admin in, and
/// returns the recovery key to show once.
#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    admin: String,
    password: String,
) -> Res<Created> {
    let (vault, session, recovery) = Vault::create(&state.paths, &admin, &password)
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
pub async fn login(state: State<'_, AppState>, user: String, password: String) -> Res<SessionInfo> {
    let vault = state.vault().await.map_err(msg)?;
    let s = vault.login(&user, &password).await.map_err(msg)?;
    let info = SessionInfo::of(&s);
    state.set_session(Some(s));
    Ok(info)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Res<()> {
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
pub async fn unlock(state: State<'_, AppState>, password: String) -> Res<SessionInfo> {
    let (vault, s) = state.signed_in().await?;
    vault.unlock(&s, &password).await.map_err(msg)?;
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

#[tauri::command]
pub async fn list_documents(state: State<'_, AppState>) -> Res<Vec<DocumentRow>> {
    let (vault, s) = state.signed_in().await?;
    let docs = vault.list_documents(&s).await.map_err(msg)?;
    Ok(docs
        .into_iter()
        .map(|(id, d)| DocumentRow::new(id, d))
        .collect())
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
