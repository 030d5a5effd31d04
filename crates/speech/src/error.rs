use std::path::PathBuf;

use reelcut_core::{Code, ErrorCode};
use reelcut_media::MediaError;

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("model {path}: {detail} (run `reelcut models fetch`)")]
    Model { path: PathBuf, detail: String },
    #[error("ONNX Runtime: {0}")]
    Runtime(String),
    #[error("whisper: {0}")]
    Inference(String),
    #[error("language `{0}` is not supported by this model")]
    Language(String),
    #[error("remote ASR at {url}: {detail}")]
    Remote { url: String, detail: String },
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("cancelled")]
    Cancelled,
}

impl ErrorCode for SpeechError {
    fn code(&self) -> Code {
        match self {
            SpeechError::Model { .. } | SpeechError::Runtime(_) => Code::ModelUnavailable,
            SpeechError::Inference(_) => Code::Internal,
            SpeechError::Language(_) => Code::InvalidParameter,
            SpeechError::Remote { .. } => Code::UpstreamFailed,
            SpeechError::Media(e) => e.code(),
            SpeechError::Cancelled => Code::Cancelled,
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            SpeechError::Language(_) => Some("language"),
            SpeechError::Media(e) => e.param(),
            SpeechError::Model { .. } => Some("model"),
            _ => None,
        }
    }
}
