use reelcut_core::{Code, ErrorCode};
use reelcut_media::MediaError;

#[derive(Debug, thiserror::Error)]
pub enum MomentsError {
    #[error("{0}")]
    ModelUnavailable(String),
    /// A request value is wrong; the first field names the parameter.
    #[error("{1}")]
    InvalidParameter(&'static str, String),
    #[error("not a transcript: {0}")]
    InvalidTranscript(String),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Internal(String),
}

impl ErrorCode for MomentsError {
    fn code(&self) -> Code {
        match self {
            MomentsError::ModelUnavailable(_) => Code::ModelUnavailable,
            MomentsError::InvalidParameter(..) => Code::InvalidParameter,
            MomentsError::InvalidTranscript(_) => Code::InvalidMedia,
            MomentsError::Media(e) => e.code(),
            MomentsError::Cancelled => Code::Cancelled,
            MomentsError::Internal(_) => Code::Internal,
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            MomentsError::InvalidParameter(param, _) => Some(param),
            MomentsError::Media(e) => e.param(),
            _ => None,
        }
    }
}
