//! The OCR models: the official ocrs ONNX models embedded through the
//! `ikvmt-ocr-*` crates (CC-BY-SA-4.0, see NOTICE), or other model files from
//! a folder.

use std::path::PathBuf;

use super::OcrError;

/// SHA-256 of the embedded detection model (the unmodified upstream file).
pub const DETECTION_SHA256: &str =
    "a917b23dbd9524b465df7e922641b3ff2981623df4ded5a0234004ef2fee7cfe";
/// SHA-256 of the embedded recognition model.
pub const RECOGNITION_SHA256: &str =
    "86c145c2edb96c8caed5b1ebb8f44d706408922211451c309c625157dd6061c5";

/// The credit the models' licence asks for, shown in the About screen.
pub const MODEL_CREDIT: &str =
    "OCR models: \"ocrs models\" by Robert Knight, licensed CC BY-SA 4.0 (unmodified).";

/// Where the models come from.
#[derive(Debug, Clone, Default)]
pub enum ModelSource {
    /// The models compiled into MedVault.
    #[default]
    Builtin,
    /// `text-detection.onnx` (or `.rten`) and `text-recognition.onnx` (or
    /// `.rten`) in this folder.
    Dir(PathBuf),
}

impl ModelSource {
    /// The detection and recognition models.
    pub(super) fn load(&self) -> Result<(rten::Model, rten::Model), OcrError> {
        let detection = match self {
            ModelSource::Builtin => load_static("detection", ikvmt_ocr_detection::MODEL)?,
            ModelSource::Dir(dir) => load_file(dir, "text-detection")?,
        };
        Ok((detection, self.load_recognition()?))
    }

    /// The recognition model again: ocrs keeps its copy to prepare line
    /// images, and `recognize` runs this one.
    pub(super) fn load_recognition(&self) -> Result<rten::Model, OcrError> {
        match self {
            ModelSource::Builtin => load_static("recognition", ikvmt_ocr_recognition::MODEL),
            ModelSource::Dir(dir) => load_file(dir, "text-recognition"),
        }
    }
}

fn load_static(name: &str, bytes: &'static [u8]) -> Result<rten::Model, OcrError> {
    rten::Model::load_static_slice(bytes).map_err(|e| OcrError::Model {
        name: name.into(),
        reason: e.to_string(),
    })
}

fn load_file(dir: &std::path::Path, stem: &str) -> Result<rten::Model, OcrError> {
    let candidates = [
        dir.join(format!("{stem}.onnx")),
        dir.join(format!("{stem}.rten")),
    ];
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        return Err(OcrError::Model {
            name: stem.into(),
            reason: format!(
                "neither {stem}.onnx nor {stem}.rten is in {}",
                dir.display()
            ),
        });
    };
    rten::Model::load_file(path).map_err(|e| OcrError::Model {
        name: path.display().to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::sha256_hex;

    #[test]
    fn embedded_models_are_the_official_files() {
        assert_eq!(sha256_hex(ikvmt_ocr_detection::MODEL), DETECTION_SHA256);
        assert_eq!(sha256_hex(ikvmt_ocr_recognition::MODEL), RECOGNITION_SHA256);
    }

    #[test]
    fn a_model_folder_without_models_says_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let err = ModelSource::Dir(dir.path().into()).load().unwrap_err();
        assert!(err.to_string().contains("text-detection.onnx"), "{err}");
    }
}
