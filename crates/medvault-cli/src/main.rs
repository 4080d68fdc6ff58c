//! `medvault`: the command-line face of MedVault. Parses arguments, calls the
//! core, prints results. No domain logic lives here.

mod cli;
mod commands;
mod secrets;

use clap::Parser;

fn main() -> std::process::ExitCode {
    end_quietly_on_closed_pipe();
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
            eprintln!("error: {}", message(&err));
            std::process::ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each cause once: the core's errors already
/// name their cause in their own message (`cannot read F: No such file`),
/// which anyhow's `{:#}` would repeat.
fn message(err: &anyhow::Error) -> String {
    let mut out = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !out.contains(&cause) {
            out = format!("{out}: {cause}");
        }
    }
    out
}

/// Warnings by default. The PDF parser's own notes are always silenced (a
/// damaged PDF is reported once, as the file's failure reason).
/// tantivy warns of benign races (a merge finishing after a reindex cleared its segments).
const DEFAULT_LOG: &str = "warn,tantivy=error";

/// Logs go to stderr; `MEDVAULT_LOG` (or `RUST_LOG`) sets the filter.
fn init_logging() {
    let filter = std::env::var("MEDVAULT_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| DEFAULT_LOG.into());
    // The PDF parser's debug output quotes document text: never let a broad
    // filter such as `trace` send content to a log.
    let filter = if filter.contains("lopdf") {
        filter
    } else {
        format!("{filter},lopdf=off")
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .init();
}

/// Output piped into a reader that stops early (`medvault ocr --json F | head`)
/// ends the program quietly, as other command-line tools do: Rust ignores
/// SIGPIPE, so every print to the closed pipe panicked.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the signal's default action before any thread starts;
    // no handler of ours is replaced.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e = anyhow::Error::from(medvault_core::Error::io("cannot read", "/x.jsonl", io));
        assert_eq!(super::message(&e), "cannot read /x.jsonl: No such file");
        let e = e.context("loading the corpus");
        assert_eq!(
            super::message(&e),
            "loading the corpus: cannot read /x.jsonl: No such file"
        );
        // A cause its error does not name is still said.
        let e = anyhow::anyhow!("disk").context("cannot write the model");
        assert_eq!(super::message(&e), "cannot write the model: disk");
    }
}
