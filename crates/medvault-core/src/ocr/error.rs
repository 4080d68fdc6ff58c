//! What can go wrong reading an image.

/// OCR failures, each with what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// Not an image format MedVault reads.
    #[error("unsupported image format (MedVault reads PNG, JPEG and TIFF)")]
    Unsupported,
    /// The image data is damaged.
    #[error("the image is damaged or truncated: {0}")]
    Damaged(String),
    /// The image is larger than the pixel limit.
    #[error("the image is {width} × {height} pixels, more than the limit of {limit} pixels; scan at a lower resolution")]
    TooLarge { width: u64, height: u64, limit: u64 },
    /// A model could not be loaded.
    #[error("cannot load the OCR model {name}: {reason}")]
    Model { name: String, reason: String },
    /// The engine failed while reading.
    #[error("OCR failed: {0}")]
    Engine(String),
}
