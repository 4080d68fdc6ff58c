//! `medvault`: the command-line face of MedVault. Parses arguments, calls the
//! core, prints results. No domain logic lives here.

mod cli;
mod commands;
mod secrets;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    init_logging();
    if let Some(n) = cli.threads {
        // Before any thread pool exists: the OCR runtimes read these once.
        std::env::set_var("RTEN_NUM_THREADS", n.max(1).to_string());
        std::env::set_var("RAYON_NUM_THREADS", n.max(1).to_string());
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match rt.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr; `MEDVAULT_LOG` (or `RUST_LOG`) sets the filter, default `warn`.
fn init_logging() {
    let filter = std::env::var("MEDVAULT_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "warn".into());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .init();
}
