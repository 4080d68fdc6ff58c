//! Benchmarks behind `medvault bench`: each measures MedVault beside a
//! reference measured in the same run, and reports ratios.

mod crypto;
mod ocr;

pub use crypto::{crypto_bench, CryptoBench};
pub use ocr::{ocr_bench, EngineFigures, OcrBench};
