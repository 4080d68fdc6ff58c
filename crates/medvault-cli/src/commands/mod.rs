//! Runs one parsed command against the core.

mod audit;
mod backup;
mod bench;
mod classify;
mod documents;
mod ingest;
mod ocr;
mod retention;
mod search;
mod settings;
mod users;
mod vault;
mod watch;

use std::process::ExitCode;

use anyhow::{Context, Result};
use medvault_core::extract::DateOrder;
use medvault_core::{Role, Session, Vault, VaultPaths};

use crate::cli::{Cli, Command, DateOrderArg, RoleArg};
use crate::secrets::Secrets;

/// Everything a command needs: where the vault is, who acts, and passwords.
pub struct Ctx {
    pub paths: VaultPaths,
    pub user: Option<String>,
    pub secrets: Secrets,
    /// The password the acting user logged in with, kept for "change my own password".
    pub login_password: Option<zeroize::Zeroizing<String>>,
}

impl Ctx {
    /// Opens the vault and logs the acting user in.
    pub async fn login(&mut self) -> Result<(Vault, Session)> {
        let vault = Vault::open(&self.paths).await?;
        let user = self
            .user
            .clone()
            .context("which user? pass --user NAME (before the subcommand) or set MEDVAULT_USER")?;
        let password = self.secrets.current(&user)?;
        let session = vault.login(&user, &password).await?;
        self.login_password = Some(password);
        Ok((vault, session))
    }
}

/// Ends the session and closes the vault cleanly.
pub async fn done(vault: Vault, s: Session) -> Result<()> {
    vault.logout(&s).await?;
    vault.close().await;
    Ok(())
}

/// `order` as the command line writes it (`day-first`).
pub(crate) fn date_order_name(order: DateOrder) -> String {
    order.as_str().replace('_', "-")
}

impl From<DateOrderArg> for DateOrder {
    fn from(o: DateOrderArg) -> DateOrder {
        match o {
            DateOrderArg::MonthFirst => DateOrder::MonthFirst,
            DateOrderArg::DayFirst => DateOrder::DayFirst,
        }
    }
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Manager => Role::Manager,
            RoleArg::Analyst => Role::Analyst,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}

/// Prints `v` as pretty JSON.
pub fn print_json(v: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// Runs `cli` and returns the process exit code.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let paths = match cli.vault {
        Some(dir) => VaultPaths::new(dir),
        None => VaultPaths::default_location()?,
    };
    let mut ctx = Ctx {
        paths,
        user: cli.user,
        secrets: Secrets::new(cli.password_stdin),
        login_password: None,
    };
    match cli.command {
        Command::Status { json } => vault::status(&ctx, json),
        Command::Init { admin, date_order } => {
            vault::init(&mut ctx, &admin, date_order.into()).await
        }
        Command::User(cmd) => users::run(&mut ctx, cmd).await,
        Command::Audit(cmd) => audit::run(&mut ctx, cmd).await,
        Command::Ingest {
            paths,
            tags,
            title,
            json,
            models,
        } => {
            let template = medvault_core::vault::NewDocument {
                title,
                tags,
                ..Default::default()
            };
            ingest::run(&mut ctx, paths, template, json, models).await
        }
        Command::List { json, doc_type } => documents::list(&mut ctx, json, doc_type).await,
        Command::Show { id, json, text } => documents::show(&mut ctx, id, json, text).await,
        Command::Export { ids, out, folder } => match (out, folder) {
            (Some(out), _) if ids.len() == 1 => documents::export(&mut ctx, ids[0], &out).await,
            (Some(_), _) => anyhow::bail!("--out takes one document; use --folder DIR for several"),
            (None, Some(folder)) => documents::export_folder(&mut ctx, &ids, &folder).await,
            (None, None) => unreachable!("clap requires --out or --folder"),
        },
        Command::Delete { id } => documents::delete(&mut ctx, id).await,
        Command::SetType { id, doc_type } => documents::set_type(&mut ctx, id, &doc_type).await,
        Command::Types { add } => documents::types(&mut ctx, add).await,
        Command::Backup { check, out, json } => backup::backup(&mut ctx, check, out, json).await,
        Command::Restore {
            file,
            recovery,
            json,
        } => backup::restore(&mut ctx, &file, recovery, json).await,
        Command::Retention(cmd) => retention::run(&mut ctx, cmd).await,
        Command::Search { query, limit, json } => {
            search::search(&mut ctx, &query, limit, json).await
        }
        Command::Reindex => search::reindex(&mut ctx).await,
        Command::Settings {
            date_order,
            idle_timeout,
            json,
        } => settings::run(&mut ctx, date_order.map(Into::into), idle_timeout, json).await,
        Command::RotateKey { json } => vault::rotate_key(&mut ctx, json).await,
        Command::Watch {
            dirs,
            stability,
            rescan,
            options,
        } => {
            let folders = (!dirs.is_empty()).then(|| {
                dirs.into_iter()
                    .map(|d| watch::folder(d, &options))
                    .collect()
            });
            let timing = medvault_core::watch::WatchTiming {
                stability: std::time::Duration::from_secs_f64(stability),
                rescan: std::time::Duration::from_secs_f64(rescan),
                ..Default::default()
            };
            watch::run(&mut ctx, folders, timing).await
        }
        Command::Folders(cmd) => watch::folders(&mut ctx, cmd).await,
        Command::Extract {
            file,
            text,
            date_order,
        } => classify::extract(file.as_deref(), text, date_order.into()),
        Command::Classify { jsonl, model } => classify::classify(&jsonl, model.as_deref()),
        Command::Eval(crate::cli::EvalCmd::Classify {
            train,
            test,
            corpus,
            holdout,
            seeds,
            cost,
            pages,
            json,
        }) => {
            let opts = classify::EvalOptions {
                holdout,
                seeds,
                cost,
                pages,
                json,
            };
            classify::eval(train, test, corpus, &opts)
        }
        Command::Eval(crate::cli::EvalCmd::Learn {
            corpus,
            new_type,
            seeds,
            json,
        }) => classify::eval_learn(&corpus, new_type.as_deref(), &seeds, json),
        Command::Eval(crate::cli::EvalCmd::Extract {
            labels,
            date_order,
            json,
        }) => classify::eval_extract(&labels, date_order.into(), json),
        Command::Train(crate::cli::TrainCmd::Classify { corpus, out }) => {
            classify::train(&corpus, &out)
        }
        Command::Ocr {
            files,
            json,
            models,
        } => ocr::run(files, json, models),
        Command::Bench(cmd) => bench::run(cmd).await,
    }
}
