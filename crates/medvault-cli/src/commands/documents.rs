//! `list`, `show`, `export`, `delete`, `set-type`, `types`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use medvault_core::time::format_iso;

use super::{done, print_json, Ctx};

pub async fn list(ctx: &mut Ctx, json: bool, doc_type: Option<String>) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let docs = vault.list_documents(&s).await;
    done(vault, s).await?;
    let mut docs = docs?;
    if let Some(t) = doc_type {
        docs.retain(|(_, d)| matches!(d, Ok(d) if d.doc_type.as_deref() == Some(t.as_str())));
    }
    if json {
        let arr: Vec<serde_json::Value> = docs
            .iter()
            .map(|(id, d)| match d {
                Ok(d) => serde_json::to_value(d).expect("serializable"),
                Err(e) => serde_json::json!({"id": id, "error": e.to_string()}),
            })
            .collect();
        print_json(&arr)?;
    } else {
        for (id, d) in docs {
            match d {
                Ok(d) => println!(
                    "{id:>6}  {}  {:<10}  {:<24}  {:>3} p  {}",
                    format_iso(d.created_at),
                    d.status,
                    d.doc_type.as_deref().unwrap_or("-"),
                    d.pages,
                    d.meta.title.as_deref().unwrap_or(&d.meta.file_name)
                ),
                Err(e) => println!("{id:>6}  {e}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &mut Ctx, id: i64, json: bool, with_text: bool) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let d = vault.document(&s, id).await;
    let text = match (&d, with_text) {
        (Ok(_), true) => Some(vault.document_text(&s, id).await),
        _ => None,
    };
    done(vault, s).await?;
    let d = d?;
    let text = text.transpose()?;
    if json {
        let mut v = serde_json::to_value(&d)?;
        if let Some(t) = &text {
            v["text"] = serde_json::Value::String(t.full_text());
            v["text_sources"] =
                serde_json::to_value(t.pages.iter().map(|p| p.source).collect::<Vec<_>>())?;
        }
        print_json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(t) = text {
        println!("{}", t.full_text());
        return Ok(ExitCode::SUCCESS);
    }
    println!("id:        {}", d.id);
    println!("file name: {}", d.meta.file_name);
    println!("title:     {}", d.meta.title.as_deref().unwrap_or("-"));
    println!("tags:      {}", d.meta.tags.join(", "));
    println!("status:    {}", d.status);
    if let Some(f) = &d.failure {
        println!("failure:   {f}");
    }
    println!("format:    {}", d.format.as_deref().unwrap_or("-"));
    let review = if d.needs_review { ", needs review" } else { "" };
    match (&d.doc_type, d.confidence) {
        (Some(t), Some(c)) => println!("type:      {t} (confidence {c:.2}{review})"),
        (Some(t), None) => println!("type:      {t}"),
        (None, _) => println!("type:      -"),
    }
    println!("pages:     {}", d.pages);
    println!("size:      {} bytes", d.size);
    println!("added:     {}", format_iso(d.created_at));
    Ok(ExitCode::SUCCESS)
}

pub async fn export(ctx: &mut Ctx, id: i64, out: &Path) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.export_document(&s, id, out).await;
    done(vault, s).await?;
    println!("Wrote {} bytes to {}", r?, out.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn export_folder(ctx: &mut Ctx, ids: &[i64], folder: &Path) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.export_documents(&s, ids, folder).await;
    done(vault, s).await?;
    let docs = r?;
    let pdfs = docs.iter().filter(|d| d.searchable_pdf.is_some()).count();
    println!(
        "Exported {} documents ({pdfs} searchable PDFs) to {}, with manifest.json and manifest.csv",
        docs.len(),
        folder.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn delete(ctx: &mut Ctx, id: i64) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.delete_document(&s, id).await;
    done(vault, s).await?;
    r?;
    println!("Deleted document {id}; its key is destroyed.");
    Ok(ExitCode::SUCCESS)
}

pub async fn set_type(ctx: &mut Ctx, id: i64, doc_type: &str) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.set_document_type(&s, id, doc_type).await;
    done(vault, s).await?;
    r?;
    println!("Document {id} is now {doc_type}; the classifier has learned from it.");
    Ok(ExitCode::SUCCESS)
}

pub async fn types(ctx: &mut Ctx, add: Option<String>) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = match &add {
        Some(code) => vault.add_document_type(&s, code).await.map(|_| Vec::new()),
        None => vault.document_types(&s).await,
    };
    done(vault, s).await?;
    match add {
        Some(code) => {
            r?;
            println!("Added the type {code}.");
        }
        None => r?.iter().for_each(|t| println!("{t}")),
    }
    Ok(ExitCode::SUCCESS)
}
