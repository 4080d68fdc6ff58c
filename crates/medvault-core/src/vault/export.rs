//! Exporting a set of documents to a folder: each original decrypted, a
//! searchable PDF for each scanned document (its page images with the OCR
//! text laid invisibly over them), and a manifest of their details as JSON
//! and CSV. Role-checked once, audited per document.

use std::path::Path;

use serde::Serialize;

use super::documents::resource;
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{Action, Session};
use crate::crypto::sha256_hex;
use crate::export::searchable_pdf;
use crate::ingest::{ImageKind, PageImage};
use crate::store::{write_atomic, BlobKind};
use crate::time::format_iso;
use crate::{Error, Result};

/// One exported document, as the manifest lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedDocument {
    pub id: i64,
    pub file_name: String,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub tags: Vec<String>,
    /// ISO 8601.
    pub added: String,
    pub pages: i64,
    /// Relative to the export folder.
    pub original: String,
    pub original_sha256: String,
    /// Relative to the export folder; only for scanned documents.
    pub searchable_pdf: Option<String>,
}

/// A name safe in any file system, kept recognisable.
fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if s.is_empty() {
        "document".into()
    } else {
        s.chars().take(120).collect()
    }
}

impl Vault {
    /// Exports documents `ids` into the empty (or new) folder `out` (managers
    /// and admins). Each document exported is audited as `document.export`.
    pub async fn export_documents(
        &self,
        s: &Session,
        ids: &[i64],
        out: &Path,
    ) -> Result<Vec<ExportedDocument>> {
        let keys = self
            .authorize(s, Action::ExportDocument, "document.export", None)
            .await?;
        if out.exists()
            && std::fs::read_dir(out)
                .map_err(|e| Error::io("cannot list", out, e))?
                .next()
                .is_some()
        {
            return Err(Error::Invalid(format!(
                "{} is not empty; export into an empty or new folder",
                out.display()
            )));
        }
        let mut done = Vec::with_capacity(ids.len());
        for &id in ids {
            let row = self.doc_row(id).await?;
            let (info, dek) = Self::info(&keys, &row)?;
            let blobs = self.blobs.clone();
            let out = out.to_path_buf();
            let pages = info.pages.max(0) as u32;
            let base = format!("{id}-{}", safe_name(&info.meta.file_name));
            let (original, sha, searchable) = crate::store::blocking(move || {
                let bytes = blobs.get(id, BlobKind::Original, &dek)?;
                let original = format!("originals/{base}");
                write_atomic(&out.join(&original), |w| {
                    std::io::Write::write_all(w, &bytes)
                        .map_err(|e| Error::io("cannot write", &out, e))
                })?;
                // A scanned document: every page has its image.
                let images: Vec<Vec<u8>> = (1..=pages)
                    .map_while(|n| blobs.get(id, BlobKind::Page(n), &dek).ok())
                    .collect();
                let mut searchable = None;
                if pages > 0 && images.len() == pages as usize {
                    let text = super::pipeline::read_text(&blobs, id, &dek).ok();
                    let with_ocr: Vec<(PageImage, Option<crate::ocr::OcrPage>)> = images
                        .into_iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let kind = if b.starts_with(&[0xFF, 0xD8]) {
                                ImageKind::Jpeg
                            } else {
                                ImageKind::Png
                            };
                            let ocr = text
                                .as_ref()
                                .and_then(|t| t.pages.get(i))
                                .and_then(|p| p.ocr.clone());
                            (PageImage { bytes: b, kind }, ocr)
                        })
                        .collect();
                    let pdf = searchable_pdf(&with_ocr).map_err(|reason| {
                        Error::Invalid(format!(
                            "document {id}: cannot make its searchable PDF: {reason}"
                        ))
                    })?;
                    let stem = base
                        .rsplit_once('.')
                        .map_or(base.as_str(), |(s, _)| s)
                        .to_string();
                    let path = format!("searchable/{stem}.pdf");
                    write_atomic(&out.join(&path), |w| {
                        std::io::Write::write_all(w, &pdf)
                            .map_err(|e| Error::io("cannot write", &out, e))
                    })?;
                    searchable = Some(path);
                }
                Ok((original, sha256_hex(&bytes), searchable))
            })
            .await?;
            let ev = AuditEvent::new("document.export", Outcome::Success)
                .resource(resource(id))
                .details(serde_json::json!({"searchable_pdf": searchable.is_some()}));
            let w = self.begin().await?;
            self.finish(w, &keys.audit, &s.actor(), ev).await?;
            done.push(ExportedDocument {
                id,
                file_name: info.meta.file_name,
                title: info.meta.title,
                doc_type: info.doc_type,
                tags: info.meta.tags,
                added: format_iso(info.created_at),
                pages: info.pages,
                original,
                original_sha256: sha,
                searchable_pdf: searchable,
            });
        }
        let json = serde_json::to_vec_pretty(&done).expect("serializable");
        write_atomic(&out.join("manifest.json"), |w| {
            std::io::Write::write_all(w, &json).map_err(|e| Error::io("cannot write", out, e))
        })?;
        let mut csv = String::from("id,file_name,title,doc_type,tags,added,pages,original,original_sha256,searchable_pdf\n");
        for d in &done {
            let fields = [
                d.id.to_string(),
                d.file_name.clone(),
                d.title.clone().unwrap_or_default(),
                d.doc_type.clone().unwrap_or_default(),
                d.tags.join(";"),
                d.added.clone(),
                d.pages.to_string(),
                d.original.clone(),
                d.original_sha256.clone(),
                d.searchable_pdf.clone().unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| crate::audit::csv_field(f)).collect();
            csv.push_str(&line.join(","));
            csv.push('\n');
        }
        write_atomic(&out.join("manifest.csv"), |w| {
            std::io::Write::write_all(w, csv.as_bytes())
                .map_err(|e| Error::io("cannot write", out, e))
        })?;
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_csv_fields_are_made_safe() {
        assert_eq!(safe_name("../a/b:c?.pdf"), "_a_b_c_.pdf");
        assert_eq!(safe_name(" .. "), "document");
        assert_eq!(crate::audit::csv_field("a,b"), "\"a,b\"");
        assert_eq!(crate::audit::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
