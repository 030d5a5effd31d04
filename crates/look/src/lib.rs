//! The look room: what the picture shows inside the chosen clips — shot cuts, faces,
//! who is speaking — turned into a smooth camera path for reframing. It only ever looks
//! at the clips' windows, downscaled, a few frames a second.

pub mod arrange;
pub mod cadence;
pub mod camera;
pub mod crop;
pub mod faces;
pub mod frames;
pub mod scene;
pub mod screen;
pub mod speaker;
pub mod split;

pub use cadence::Cadence;
pub use camera::{CropTrack, Layout, LayoutChoice};
pub use faces::{Face, FaceDetector};
pub use scene::Scene;
pub use split::Panel;

#[derive(Debug, thiserror::Error)]
pub enum LookError {
    #[error("face model: {0}")]
    Model(String),
    #[error("face detection: {0}")]
    Inference(String),
    #[error(transparent)]
    Media(#[from] reelcut_media::MediaError),
}

impl reelcut_core::ErrorCode for LookError {
    fn code(&self) -> reelcut_core::Code {
        match self {
            LookError::Model(_) => reelcut_core::Code::ModelUnavailable,
            LookError::Inference(_) => reelcut_core::Code::Internal,
            LookError::Media(e) => e.code(),
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            LookError::Media(e) => e.param(),
            _ => None,
        }
    }
}
