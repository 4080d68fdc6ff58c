//! `#[tauri::command]` wrappers for the library and the document view: a
//! page of documents, one document's details, text and entities, and the
//! changes a role allows (the core checks each one).

use std::path::PathBuf;

use medvault_core::vault::LibraryQuery;
use tauri::State;

use crate::commands::{msg, Res};
use crate::dto::{DocumentDetail, LibraryAnswer};
use crate::state::AppState;

/// A page of the library.
#[tauri::command]
pub async fn library(state: State<'_, AppState>, request: LibraryQuery) -> Res<LibraryAnswer> {
    let (vault, s) = state.signed_in().await?;
    let page = vault.library(&s, &request).await.map_err(msg)?;
    Ok(LibraryAnswer::new(page, request.offset))
}

/// One document for the document view: details, text per page, entities,
/// and the types a user may choose (each read audited by the core).
#[tauri::command]
pub async fn document_detail(state: State<'_, AppState>, id: i64) -> Res<DocumentDetail> {
    let (vault, s) = state.signed_in().await?;
    let info = vault.document(&s, id).await.map_err(msg)?;
    // A document without text yet (still in the pipeline, or failed) shows none.
    let text = if info.status == "done" {
        Some(vault.document_text(&s, id).await.map_err(msg)?)
    } else {
        None
    };
    let images = vault.page_images(&s, id).await.map_err(msg)?;
    let types = vault.document_types(&s).await.map_err(msg)?;
    let order = vault.date_order().await.map_err(msg)?;
    Ok(DocumentDetail::new(info, text, images, types, order))
}

/// Changes title, tags and notes (analysts and up).
#[tauri::command]
pub async fn update_document(
    state: State<'_, AppState>,
    id: i64,
    title: String,
    tags: Vec<String>,
    notes: String,
) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault
        .update_document(&s, id, Some(title), Some(tags), Some(notes))
        .await
        .map_err(msg)
}

/// Corrects a document's type; the vault's classifier learns from it.
#[tauri::command]
pub async fn set_document_type(state: State<'_, AppState>, id: i64, doc_type: String) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault
        .set_document_type(&s, id, &doc_type)
        .await
        .map_err(msg)
}

/// Sets a document's own retention date (`YYYY-MM-DD`), or clears it.
#[tauri::command]
pub async fn set_retention(state: State<'_, AppState>, id: i64, until: Option<String>) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    let until = match until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(medvault_core::time::parse_date(d).map_err(msg)?),
    };
    vault.set_retention(&s, id, until).await.map_err(msg)
}

/// Deletes a document (managers and admins), after the UI's confirmation.
#[tauri::command]
pub async fn delete_document(state: State<'_, AppState>, id: i64) -> Res<()> {
    let (vault, s) = state.signed_in().await?;
    vault.delete_document(&s, id).await.map_err(msg)
}

/// Exports documents into `folder` (new or empty): originals, searchable
/// PDFs of scans, and manifests. Returns how many were exported.
#[tauri::command]
pub async fn export_documents(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    folder: PathBuf,
) -> Res<usize> {
    let (vault, s) = state.signed_in().await?;
    let done = vault
        .export_documents(&s, &ids, &folder)
        .await
        .map_err(msg)?;
    Ok(done.len())
}
