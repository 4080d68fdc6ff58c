//! Benchmarks behind `medvault bench`: each measures MedVault beside a
//! reference measured in the same run, and reports ratios.

mod crypto;
mod ingest;
mod library;
mod ocr;
mod search;

pub use crypto::{crypto_bench, CryptoBench};
pub use ingest::{ingest_bench, IngestBench, IngestBenchConfig, ScanFigures, TextPdfFigures};
pub use library::{library_bench, LibraryBench, LibraryBenchConfig, PageFigures, PAGE};
pub use ocr::{ocr_bench, EngineFigures, OcrBench};
pub use search::{
    search_bench, IndexFigures, SearchBench, SearchBenchConfig, VaultFigures, BENCH_PASSWORD,
    QUERIES,
};

/// CPU seconds used so far by this process (`self`) or its waited-for children.
pub(crate) fn cpu_seconds(children: bool) -> f64 {
    #[cfg(unix)]
    {
        let who = if children {
            libc::RUSAGE_CHILDREN
        } else {
            libc::RUSAGE_SELF
        };
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: getrusage fills the struct we own.
        if unsafe { libc::getrusage(who, &mut u) } == 0 {
            let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
            return t(u.ru_utime) + t(u.ru_stime);
        }
    }
    let _ = children;
    0.0
}

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
pub(crate) fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Resets the peak resident memory to the current size (Linux), so a phase
/// can be measured on its own.
pub(crate) fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
