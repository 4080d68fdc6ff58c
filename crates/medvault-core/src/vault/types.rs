//! Document types: the built-in ones and those users add, each document's
//! type, and the vault's classifier, which is the built-in model refined by
//! every type correction made in this vault.

use std::sync::Arc;

use super::documents::resource;
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::classify::{built_in, Model, Prediction, BUILT_IN_TYPES};
use crate::store::{blocking, now_ms};
use crate::{Error, Result};

/// A type code: lowercase letters, digits and underscores, 2 to 40 characters.
fn check_code(code: &str) -> Result<()> {
    let ok = (2..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "'{code}' is not a type code: use 2 to 40 lowercase letters, digits and underscores"
        )))
    }
}

impl Vault {
    /// Every type a document may have: the built-in ones, then the vault's own.
    pub async fn document_types(&self, s: &Session) -> Result<Vec<String>> {
        self.authorize(s, Action::ViewDocument, "document.list", None)
            .await?;
        let mut types: Vec<String> = BUILT_IN_TYPES.iter().map(|t| t.to_string()).collect();
        let custom: Vec<String> = sqlx::query_scalar("SELECT code FROM doc_types ORDER BY code")
            .fetch_all(&self.pool)
            .await?;
        types.extend(custom);
        Ok(types)
    }

    /// Adds a type of the vault's own (admin).
    pub async fn add_document_type(&self, s: &Session, code: &str) -> Result<()> {
        let keys = self
            .authorize(s, Action::ManageSettings, "type.create", None)
            .await?;
        check_code(code)?;
        if self.document_types(s).await?.iter().any(|t| t == code) {
            return Err(Error::Invalid(format!("the type '{code}' exists already")));
        }
        let mut w = self.begin().await?;
        sqlx::query("INSERT INTO doc_types (code, created_at) VALUES (?, ?)")
            .bind(code)
            .bind(now_ms())
            .execute(&mut *w.tx)
            .await?;
        let ev = AuditEvent::new("type.create", Outcome::Success).resource(format!("type:{code}"));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// Refuses a type code that is neither built in nor added to this vault.
    pub(crate) async fn known_type(&self, s: &Session, doc_type: &str) -> Result<()> {
        if !self.document_types(s).await?.iter().any(|t| t == doc_type) {
            return Err(Error::Invalid(format!(
                "unknown type '{doc_type}'; an admin can add it first"
            )));
        }
        Ok(())
    }

    /// Sets a document's type by hand. The classifier learns from it at once.
    pub async fn set_document_type(&self, s: &Session, id: i64, doc_type: &str) -> Result<()> {
        let keys = self
            .authorize(
                s,
                Action::EditMetadata,
                "document.update",
                Some(resource(id)),
            )
            .await?;
        self.known_type(s, doc_type).await?;
        let row = self.doc_row(id).await?;
        let old = row.doc_type.clone();
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE documents SET doc_type = ?, confidence = 1.0, updated_at = ? WHERE id = ?",
        )
        .bind(doc_type)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        sqlx::query(
            "INSERT INTO type_corrections (doc_id, doc_type, at) VALUES (?, ?, ?) \
             ON CONFLICT (doc_id) DO UPDATE SET doc_type = excluded.doc_type, at = excluded.at",
        )
        .bind(id)
        .bind(doc_type)
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new("document.retype", Outcome::Success)
            .resource(resource(id))
            .details(serde_json::json!({"from": old, "to": doc_type}));
        self.finish(w, &keys.audit, &s.actor(), ev).await?;
        self.keep_index_in_step(s, &keys, id, false).await;
        // Teach the model in memory now (if it is loaded); a new process
        // replays every correction when it first classifies.
        let mut cached = self.classifier.lock().await;
        if let Some(model) = cached.as_ref() {
            if let Ok(text) = self.pipeline_text(s, id).await {
                let mut m = (**model).clone();
                let t = doc_type.to_string();
                let m = blocking(move || {
                    m.learn(&text, &t);
                    Ok(m)
                })
                .await?;
                *cached = Some(Arc::new(m));
            }
        }
        Ok(())
    }

    /// The vault's classifier: the built-in model refined by every correction.
    pub(crate) async fn classifier(&self, s: &Session) -> Result<Arc<Model>> {
        let mut cached = self.classifier.lock().await;
        if let Some(m) = cached.as_ref() {
            return Ok(m.clone());
        }
        let corrections: Vec<(i64, String)> = sqlx::query_as(
            "SELECT c.doc_id, c.doc_type FROM type_corrections c JOIN documents d ON d.id = c.doc_id \
             WHERE d.deleted_at IS NULL ORDER BY c.at",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut examples = Vec::new();
        for (id, t) in corrections {
            if let Ok(text) = self.pipeline_text(s, id).await {
                examples.push((text, t));
            }
        }
        let model = blocking(move || {
            let mut m = built_in()?.clone();
            for (text, t) in &examples {
                m.learn(text, t);
            }
            Ok(m)
        })
        .await?;
        let model = Arc::new(model);
        *cached = Some(model.clone());
        Ok(model)
    }

    /// Predicts the type of `text` with the vault's classifier.
    pub(crate) async fn classify_text(&self, s: &Session, text: String) -> Result<Prediction> {
        let model = self.classifier(s).await?;
        blocking(move || Ok(model.predict(&text))).await
    }

    /// A document's full text, for the pipeline's own use (not audited as a view).
    pub(crate) async fn pipeline_text(&self, s: &Session, id: i64) -> Result<String> {
        let dek = self.pipeline_key(s, id).await?;
        let blobs = self.blobs.clone();
        let text = blocking(move || super::pipeline::read_text(&blobs, id, &dek)).await?;
        Ok(text.full_text())
    }
}
