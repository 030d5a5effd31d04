//! Shared by the speech integration tests.

use std::path::Path;

use reelcut_core::Settings;
use reelcut_media::Processes;
use reelcut_speech::{transcribe, SpeechError, TranscribeRequest, Transcript};
use tokio_util::sync::CancellationToken;

/// Transcribes one file with these settings, as the CLI would.
pub async fn transcribe_file(settings: &Settings, input: &Path) -> Result<Transcript, SpeechError> {
    let processes = Processes::new(2);
    transcribe(TranscribeRequest {
        settings,
        processes: &processes,
        input,
        cancel: CancellationToken::new(),
        progress: None,
        task: reelcut_speech::Task::Transcribe,
    })
    .await
}
