//! What a caller asks the speech room for: an input, the settings, and where progress
//! and cancellation come from.

use std::path::Path;
use std::sync::Arc;

use reelcut_core::settings::Settings;
use reelcut_media::Processes;
use tokio_util::sync::CancellationToken;

/// Reports (seconds of input transcribed so far, input duration).
pub type ProgressFn = Arc<dyn Fn(f64, f64) + Send + Sync>;

/// What Whisper writes: the words as spoken, or their English translation (Whisper's
/// own `translate` task, which every multilingual model has).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Task {
    #[default]
    Transcribe,
    Translate,
}

pub struct TranscribeRequest<'a> {
    pub settings: &'a Settings,
    pub processes: &'a Processes,
    pub input: &'a Path,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
    pub task: Task,
}
