use std::path::PathBuf;

use reelcut_core::{Code, ErrorCode};

use crate::process::ProcessError;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{path}: no such file")]
    Missing { path: PathBuf },
    #[error("{path}: not a readable media file ({detail})")]
    NotMedia { path: PathBuf, detail: String },
    #[error("{path}: has no audio stream")]
    NoAudio { path: PathBuf },
    #[error("{path}: contains no decodable audio")]
    EmptyAudio { path: PathBuf },
    #[error("cannot fetch {url}: {detail}")]
    Fetch { url: String, detail: String },
    #[error("{url}: larger than the {limit_bytes}-byte limit")]
    TooLarge { url: String, limit_bytes: u64 },
    #[error(transparent)]
    Process(#[from] ProcessError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl ErrorCode for MediaError {
    fn code(&self) -> Code {
        match self {
            MediaError::Missing { .. } | MediaError::NotMedia { .. } | MediaError::NoAudio { .. } | MediaError::EmptyAudio { .. } => {
                Code::InvalidMedia
            }
            MediaError::Fetch { .. } | MediaError::TooLarge { .. } => Code::InputUnavailable,
            MediaError::Process(e) => e.code(),
            MediaError::Io(_) => Code::Internal,
        }
    }
    fn param(&self) -> Option<&str> {
        Some("input")
    }
}
