use reelcut_core::{Code, ErrorCode};
use reelcut_media::{MediaError, ProcessError};

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The project or a render option is wrong; `param` names the request field.
    #[error("{message}")]
    InvalidProject { param: &'static str, message: String },
    /// The composition itself is broken (bad timing, a script error while opening it).
    #[error("composition: {0}")]
    InvalidComposition(String),
    /// A media file the composition uses cannot be read.
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// The browser failed or could not be started.
    #[error("browser: {0}")]
    Browser(String),
    #[error("render cancelled")]
    Cancelled,
    #[error("{context}: {source}")]
    Io { context: &'static str, source: std::io::Error },
}

impl ComposeError {
    pub(crate) fn io(context: &'static str) -> impl FnOnce(std::io::Error) -> ComposeError {
        move |source| ComposeError::Io { context, source }
    }
    pub(crate) fn browser(e: impl std::fmt::Display) -> ComposeError {
        ComposeError::Browser(e.to_string())
    }
}

impl ErrorCode for ComposeError {
    fn code(&self) -> Code {
        match self {
            ComposeError::InvalidProject { .. } | ComposeError::InvalidComposition(_) => Code::InvalidParameter,
            ComposeError::Media(e) => e.code(),
            ComposeError::Process(ProcessError::Cancelled { .. }) | ComposeError::Cancelled => Code::Cancelled,
            // An encoder failure on frames we made is ours, not the caller's.
            ComposeError::Process(_) | ComposeError::Browser(_) | ComposeError::Io { .. } => Code::Internal,
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            ComposeError::InvalidProject { param, .. } => Some(param),
            ComposeError::InvalidComposition(_) | ComposeError::Media(_) => Some("project"),
            _ => None,
        }
    }
}
