//! `add`, `list`, `show`, `export`, `delete`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use medvault_core::time::format_iso;
use medvault_core::vault::{DocumentSource, NewDocument};

use super::{done, print_json, Ctx};

pub async fn add(
    ctx: &mut Ctx,
    files: Vec<PathBuf>,
    title: Option<String>,
    tags: Vec<String>,
) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let mut failed = 0;
    for f in files {
        let new = NewDocument {
            title: title.clone(),
            tags: tags.clone(),
            ..NewDocument::named_after(&f)
        };
        match vault
            .add_document(&s, new, DocumentSource::File(f.clone()))
            .await
        {
            Ok(id) => println!("{id}\tstored\t{}", f.display()),
            Err(e) => {
                failed += 1;
                eprintln!("error: {}: {e}", f.display());
            }
        }
    }
    done(vault, s).await?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub async fn list(ctx: &mut Ctx, json: bool) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let docs = vault.list_documents(&s).await;
    done(vault, s).await?;
    let docs = docs?;
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
                    "{id:>6}  {}  {:>10}  {}",
                    format_iso(d.created_at),
                    d.size,
                    d.meta.title.as_deref().unwrap_or(&d.meta.file_name)
                ),
                Err(e) => println!("{id:>6}  {e}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &mut Ctx, id: i64, json: bool) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let d = vault.document(&s, id).await;
    done(vault, s).await?;
    let d = d?;
    if json {
        print_json(&d)?;
    } else {
        println!("id:        {}", d.id);
        println!("file name: {}", d.meta.file_name);
        println!("title:     {}", d.meta.title.as_deref().unwrap_or("-"));
        println!("tags:      {}", d.meta.tags.join(", "));
        println!("size:      {} bytes", d.size);
        println!("added:     {}", format_iso(d.created_at));
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn export(ctx: &mut Ctx, id: i64, out: &Path) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.export_document(&s, id, out).await;
    done(vault, s).await?;
    println!("Wrote {} bytes to {}", r?, out.display());
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
