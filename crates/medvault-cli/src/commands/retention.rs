//! `retention list|purge|set|default`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use medvault_core::store::now_ms;
use medvault_core::time::{format_iso, parse_date};

use super::{done, print_json, Ctx};
use crate::cli::RetentionCmd;

pub async fn run(ctx: &mut Ctx, cmd: RetentionCmd) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let now = now_ms();
    let r: Result<()> = async {
        match cmd {
            RetentionCmd::List { json } => {
                let due = vault.retention_due(&s, now).await?;
                if json {
                    print_json(&due)?;
                } else if due.is_empty() {
                    println!("nothing is past its retention date");
                } else {
                    for d in &due {
                        println!(
                            "{:>6}  due {}  {:<24}  {}",
                            d.id,
                            &format_iso(d.due_at)[..10],
                            d.doc_type.as_deref().unwrap_or("-"),
                            d.title.as_deref().unwrap_or(&d.file_name)
                        );
                    }
                }
            }
            RetentionCmd::Purge { yes } => {
                let due = vault.retention_due(&s, now).await?;
                if due.is_empty() {
                    println!("nothing is past its retention date");
                } else if !yes {
                    for d in &due {
                        println!(
                            "{:>6}  {}",
                            d.id,
                            d.title.as_deref().unwrap_or(&d.file_name)
                        );
                    }
                    println!(
                        "{} documents are past their date; run again with --yes to purge them",
                        due.len()
                    );
                } else {
                    let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
                    let report = vault.purge_due(&s, &ids, now).await?;
                    println!("purged {} documents", report.purged.len());
                    for (id, why) in report.refused {
                        println!("{id:>6}  left: {why}");
                    }
                }
            }
            RetentionCmd::Set {
                id,
                until,
                type_default,
            } => {
                let until = match (until, type_default) {
                    (Some(d), false) => Some(parse_date(&d)?),
                    _ => None,
                };
                vault.set_retention(&s, id, until).await?;
                match until {
                    Some(ms) => println!("document {id} is kept until {}", &format_iso(ms)[..10]),
                    None => println!("document {id} follows its type's default"),
                }
            }
            RetentionCmd::Default { doc_type: None, .. } => {
                let all = vault.retention_defaults(&s).await?;
                if all.is_empty() {
                    println!("no type has a default retention");
                }
                for (t, d) in all {
                    println!("{t}\t{d} days");
                }
            }
            RetentionCmd::Default {
                doc_type: Some(t),
                days,
                clear,
            } => {
                if days.is_none() && !clear {
                    bail!("give --days N or --clear");
                }
                vault.set_retention_default(&s, &t, days).await?;
                match days {
                    Some(d) => println!("{t}: kept {d} days after being added"),
                    None => println!("{t}: no default retention"),
                }
            }
        }
        Ok(())
    }
    .await;
    done(vault, s).await?;
    r?;
    Ok(ExitCode::SUCCESS)
}
