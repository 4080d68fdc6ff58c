//! The command-line grammar.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// MedVault: an encrypted, searchable vault for medical documents.
#[derive(Debug, Parser)]
#[command(name = "medvault", version, propagate_version = true)]
pub struct Cli {
    /// The vault folder (default: the vault in this user's data folder).
    #[arg(long, global = true, env = "MEDVAULT_DIR", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show where the vault is and whether it exists yet.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}
