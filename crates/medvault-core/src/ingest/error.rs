//! Why a file could not be ingested, in words a user can act on.

/// A file the pipeline cannot read. The original stays sealed in the vault
/// (or, for a file refused before storing, untouched where it was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("unsupported file type: {0}; MedVault takes PDF, PNG, JPEG, TIFF and plain text")]
    Unsupported(String),
    #[error("damaged PDF: {0}")]
    DamagedPdf(String),
    #[error("the PDF is password-protected; remove the password and add it again")]
    EncryptedPdf,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("page {page}: its image is stored as {encoding}, which MedVault cannot read yet")]
    UnsupportedImage { page: u32, encoding: String },
    #[error("page {page}: {reason}")]
    BadPage { page: u32, reason: String },
    #[error("the file is larger than {limit_mb} MB")]
    TooLarge { limit_mb: u64 },
}
