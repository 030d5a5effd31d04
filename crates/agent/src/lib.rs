//! The agent room: a prompt becomes a narrated, captioned video.
//!
//! prompt → [`planner`] (or a model, through the text room) → a [`plan::Storyboard`]
//! (JSON, stored, editable) → [`produce`]: Piper narration scene by scene (the voice
//! room), a HyperFrames project in one of the [`styles`] ([`composition`]), the compose
//! room's renderer, then the captioned variant, subtitles, thumbnail and GIF preview.

pub mod composition;
mod outputs;
pub mod plan;
pub mod planner;
pub mod previews;
mod produce;
pub mod revise;
pub mod styles;
pub mod writer;

use reelcut_core::{Code, ErrorCode};

pub use plan::{Orientation, Scene, Storyboard, Visual};
pub use planner::Brief;
pub use produce::{produce, AgentTools, Produced, Progress, Stage};

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("{param}: {message}")]
    InvalidPlan { param: String, message: String },
    #[error(transparent)]
    Voice(#[from] reelcut_voice::VoiceError),
    #[error(transparent)]
    Render(#[from] reelcut_compose::ComposeError),
    #[error("{step}: {detail}")]
    Media { step: &'static str, detail: String },
    #[error("{0}")]
    Io(String),
    #[error("cancelled")]
    Cancelled,
}

impl ErrorCode for AgentError {
    fn code(&self) -> Code {
        match self {
            AgentError::InvalidPlan { .. } => Code::InvalidParameter,
            AgentError::Voice(reelcut_voice::VoiceError::Model(_)) => Code::ModelUnavailable,
            AgentError::Render(e) => e.code(),
            AgentError::Cancelled => Code::Cancelled,
            _ => Code::Internal,
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            AgentError::InvalidPlan { param, .. } => Some(param),
            _ => None,
        }
    }
}
