//! `backup --out FILE`, `backup verify FILE`, `restore FILE`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use medvault_core::time::format_iso;
use medvault_core::vault::{restore as restore_into, verify_backup, BackupReport, Credentials};

use super::{done, print_json, Ctx};
use crate::cli::BackupCmd;

fn credentials(ctx: &mut Ctx, recovery: bool) -> Result<Credentials> {
    if recovery {
        return Ok(Credentials::RecoveryKey(
            ctx.secrets.recovery_key()?.to_string(),
        ));
    }
    let user = ctx
        .user
        .clone()
        .context("which admin? pass --user NAME (before the subcommand), or --recovery")?;
    let password = ctx.secrets.current(&user)?;
    Ok(Credentials::Password {
        user,
        password: password.to_string(),
    })
}

fn print(r: &BackupReport, what: &str, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!(
        "{what}: {} documents, {} files, {:.1} MB, made {}{}",
        r.documents,
        r.files,
        r.bytes as f64 / 1e6,
        format_iso(r.created_at),
        if r.audit_rows > 0 {
            format!("; audit log intact ({} rows)", r.audit_rows)
        } else {
            String::new()
        }
    );
    Ok(())
}

pub async fn backup(
    ctx: &mut Ctx,
    check: Option<BackupCmd>,
    out: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    if let Some(BackupCmd::Verify {
        file,
        recovery,
        json,
    }) = check
    {
        let who = credentials(ctx, recovery)?;
        let r = verify_backup(&file, &who).await?;
        print(&r, "backup intact", json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out) = out else {
        bail!("where to? pass --out FILE (or `backup verify FILE` to check one)");
    };
    let (vault, s) = ctx.login().await?;
    let r = vault.backup(&s, &out).await;
    done(vault, s).await?;
    print(&r?, &format!("backed up to {}", out.display()), json)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(ctx: &mut Ctx, file: &Path, recovery: bool, json: bool) -> Result<ExitCode> {
    let who = credentials(ctx, recovery)?;
    let r = restore_into(file, &ctx.paths, &who).await?;
    print(
        &r,
        &format!("restored into {}", ctx.paths.root().display()),
        json,
    )?;
    Ok(ExitCode::SUCCESS)
}
