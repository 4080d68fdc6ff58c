//! What kind of file arrived, told by its first bytes (never by its name).

use serde::{Deserialize, Serialize};

use super::IngestError;

/// The formats the pipeline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Png,
    Jpeg,
    Tiff,
    Text,
}

impl Format {
    /// The code stored in the database and shown in listings.
    pub fn code(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Tiff => "tiff",
            Format::Text => "text",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Format> {
        [
            Format::Pdf,
            Format::Png,
            Format::Jpeg,
            Format::Tiff,
            Format::Text,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }
}

/// Tells the format of `bytes`, or why it is not one MedVault reads.
pub fn sniff(bytes: &[u8]) -> Result<Format, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Ok(Format::Tiff);
    }
    if let Some(what) = known_other(bytes) {
        return Err(IngestError::Unsupported(what.into()));
    }
    if looks_like_text(bytes) {
        return Ok(Format::Text);
    }
    Err(IngestError::Unsupported(
        "binary data of an unknown kind".into(),
    ))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Names common formats MedVault does not take, so the user learns what the file really is.
fn known_other(b: &[u8]) -> Option<&'static str> {
    let table: &[(&[u8], &str)] = &[
        (b"MZ", "a Windows program (executable)"),
        (b"\x7fELF", "a Linux program (executable)"),
        (b"\xcf\xfa\xed\xfe", "a macOS program (executable)"),
        (b"\xca\xfe\xba\xbe", "a macOS program or Java class"),
        (b"#!", "a script"),
        (b"PK\x03\x04", "a ZIP archive or Office document"),
        (b"\xd0\xcf\x11\xe0", "an old Office document"),
        (b"GIF8", "a GIF image"),
        (b"BM", "a BMP image"),
        (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"{\\rtf", "an RTF document"),
        (b"DICM", "a DICOM file"),
    ];
    if b.len() > 132 && &b[128..132] == b"DICM" {
        return Some("a DICOM image");
    }
    table
        .iter()
        .find(|(magic, _)| b.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Valid UTF-8 (a BOM allowed) without control characters other than whitespace.
fn looks_like_text(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    match std::str::from_utf8(b) {
        Ok(s) => !s
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n...").unwrap(), Format::Pdf);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nxxxx").unwrap(), Format::Png);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), Format::Jpeg);
        assert_eq!(sniff(b"II*\0abc").unwrap(), Format::Tiff);
        assert_eq!(
            sniff("Glucose 5.6 mmol/L\n".as_bytes()).unwrap(),
            Format::Text
        );
    }

    #[test]
    fn refusals_say_what_the_file_is() {
        assert_eq!(sniff(b""), Err(IngestError::Empty));
        let e = sniff(b"MZ\x90\0\x03\0\0\0").unwrap_err().to_string();
        assert!(e.contains("Windows program"), "{e}");
        let e = sniff(&[0, 1, 2, 3, 200, 201]).unwrap_err().to_string();
        assert!(e.contains("unknown"), "{e}");
        assert_eq!(Format::from_code("tiff"), Some(Format::Tiff));
    }
}
