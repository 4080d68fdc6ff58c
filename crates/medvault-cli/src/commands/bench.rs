//! `bench crypto`.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::bench::crypto_bench;

use super::print_json;
use crate::cli::BenchCmd;

pub async fn run(cmd: BenchCmd) -> Result<ExitCode> {
    match cmd {
        BenchCmd::Crypto { rounds, json } => {
            let dir = tempfile::tempdir()?;
            let r = crypto_bench(dir.path(), rounds).await?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "unlock (Argon2id m={} MiB t={} p={}): {:.0} ms",
                    r.kdf.m_kib / 1024,
                    r.kdf.t,
                    r.kdf.p,
                    r.unlock_ms
                );
                println!(
                    "{:.0} MB documents, median of {} rounds, all with fsync:",
                    r.doc_mb, r.rounds
                );
                println!("  plain copy  {:>8.1} MB/s  (reference)", r.copy_mb_s);
                println!(
                    "  seal        {:>8.1} MB/s  {:.2}x copy",
                    r.seal_mb_s, r.seal_vs_copy
                );
                println!(
                    "  open        {:>8.1} MB/s  {:.2}x copy",
                    r.open_mb_s, r.open_vs_copy
                );
                println!(
                    "in memory (cipher alone): seal {:.0} MB/s, open {:.0} MB/s",
                    r.seal_mem_mb_s, r.open_mem_mb_s
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
