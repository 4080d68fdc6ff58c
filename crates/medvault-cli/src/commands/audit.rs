//! `audit verify|list|export`.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::audit::{AuditFilter, AuditFormat};
use medvault_core::time::{format_iso, parse_date};

use super::{done, print_json, Ctx};
use crate::cli::{AuditCmd, AuditFilterArgs, ExportFormat};

fn filter(a: &AuditFilterArgs) -> Result<AuditFilter> {
    Ok(AuditFilter {
        user: a.user.clone(),
        action: a.action.clone(),
        since_ms: a.since.as_deref().map(parse_date).transpose()?,
        limit: None,
        newest_first: false,
    })
}

pub async fn run(ctx: &mut Ctx, cmd: AuditCmd) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let result = async {
        match cmd {
            AuditCmd::Verify { json } => {
                let r = vault.verify_audit(&s).await?;
                if json {
                    print_json(&r)?;
                } else if let Some(problem) = &r.problem {
                    println!(
                        "audit log NOT intact: {problem} (first bad row: {}; {} of {} rows intact before it)",
                        r.first_bad.unwrap_or_default(),
                        r.intact_rows,
                        r.total_rows
                    );
                } else {
                    println!("audit log intact: {} rows verified", r.intact_rows);
                }
                Ok(if r.is_intact() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
            }
            AuditCmd::List { json, filter: f } => {
                let rows = vault.audit_entries(&s, &filter(&f)?).await?;
                if json {
                    print_json(&rows)?;
                } else {
                    for e in rows {
                        println!(
                            "{:>6} {} {:<12} {:<18} {:<8} {}",
                            e.seq,
                            format_iso(e.at),
                            e.user.as_deref().unwrap_or("-"),
                            e.action,
                            e.outcome,
                            e.resource.as_deref().unwrap_or("")
                        );
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
            AuditCmd::Export { format, out, filter: f } => {
                let format = match format {
                    ExportFormat::Csv => AuditFormat::Csv,
                    ExportFormat::Json => AuditFormat::Json,
                };
                let n = vault.export_audit(&s, &filter(&f)?, format, &out).await?;
                println!("Wrote {n} audit rows to {}", out.display());
                Ok(ExitCode::SUCCESS)
            }
        }
    }
    .await;
    done(vault, s).await?;
    result
}
