//! Runs one parsed command against the core.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::{VaultPaths, VaultState};

use crate::cli::{Cli, Command};

/// Runs `cli` and returns the process exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = match cli.vault {
        Some(dir) => VaultPaths::new(dir),
        None => VaultPaths::default_location()?,
    };
    match cli.command {
        Command::Status { json } => status(&paths, json),
    }
}

fn status(paths: &VaultPaths, json: bool) -> Result<ExitCode> {
    let st = medvault_core::status(paths)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&st)?);
    } else {
        let state = match st.state {
            VaultState::New => "no vault yet (first run will create one)",
            VaultState::Ready => "vault present",
        };
        println!("vault: {}\nstate: {state}", st.root.display());
    }
    Ok(ExitCode::SUCCESS)
}
