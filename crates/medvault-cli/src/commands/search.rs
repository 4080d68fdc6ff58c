//! `medvault search` and `medvault reindex`.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use medvault_core::vault::SearchHit;

use super::{done, print_json, Ctx};

pub async fn search(ctx: &mut Ctx, query: &str, limit: usize, json: bool) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let found = vault.search(&s, query, limit).await;
    let notice = vault.take_search_notice();
    done(vault, s).await?;
    if let Some(n) = notice {
        eprintln!("notice: {n}");
    }
    let found = found?;
    if json {
        let hits: Vec<serde_json::Value> = found
            .hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id,
                    "file_name": h.file_name,
                    "title": h.title,
                    "doc_type": h.doc_type,
                    "score": h.score,
                    "snippet": h.snippet,
                    "highlights": h.highlights,
                })
            })
            .collect();
        print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let bold = std::io::stdout().is_terminal();
    println!(
        "{} document{} match{}",
        found.total,
        if found.total == 1 { "" } else { "s" },
        if found.hits.len() < found.total {
            format!(" (best {} shown)", found.hits.len())
        } else {
            String::new()
        }
    );
    for h in &found.hits {
        println!(
            "{:>6}  {:>6.2}  {:<24}  {}",
            h.id,
            h.score,
            h.doc_type.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or(&h.file_name)
        );
        if !h.snippet.is_empty() {
            println!("        {}", marked(h, bold));
        }
    }
    if !found.by_type.is_empty() {
        let t: Vec<String> = found
            .by_type
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!("by type: {}", t.join(", "));
        let y: Vec<String> = found
            .by_year
            .iter()
            .rev()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!("by year: {}", y.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// The snippet on one line, matches in bold on a terminal or in [brackets] otherwise.
fn marked(h: &SearchHit, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in &h.highlights {
        out.push_str(&h.snippet[at..a]);
        out.push_str(open);
        out.push_str(&h.snippet[a..b]);
        out.push_str(close);
        at = b;
    }
    out.push_str(&h.snippet[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub async fn reindex(ctx: &mut Ctx) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let t = std::time::Instant::now();
    let n = vault.reindex(&s).await;
    done(vault, s).await?;
    println!(
        "reindexed {} documents in {:.1} s",
        n?,
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
