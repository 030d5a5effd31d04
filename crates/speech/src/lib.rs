//! The speech room: Silero VAD → chunks cut in pauses → Whisper (CTranslate2) or a
//! remote OpenAI-compatible server → words with timings → sentences → JSON/SRT/VTT.

pub mod chunking;
mod decoder;
pub mod error;
pub mod mel;
pub mod pipeline;
pub mod remote;
pub mod request;
pub mod vad;
pub mod whisper;
pub mod words;

pub use error::SpeechError;
pub use request::{ProgressFn, Task, TranscribeRequest};
// The vocabulary lives in its own crate (no engine linked); re-exported so callers of
// the speech room keep one name for what it returns.
pub use reelcut_transcript::{formats, sentences, transcript};
pub use reelcut_transcript::{Sentence, Transcript, Word};

use std::time::Duration;

use reelcut_core::settings::AsrBackend;
use reelcut_media::{probe, MediaError};

/// The room's one entry: probe the input, then transcribe it locally (Whisper) or with
/// the remote server the settings name.
pub async fn transcribe(request: TranscribeRequest<'_>) -> Result<Transcript, SpeechError> {
    let settings = request.settings;
    let timeout = Duration::from_secs(settings.media.probe_timeout_s);
    let info = probe::probe(request.processes, &settings.media.ffprobe, request.input, timeout).await?;
    if info.audio.is_none() {
        return Err(MediaError::NoAudio {
            path: request.input.to_path_buf(),
        }
        .into());
    }
    match settings.speech.backend {
        // OpenAI-compatible servers translate on another endpoint, which not every
        // server has: translation is local only, and says so.
        AsrBackend::Remote if request.task == Task::Translate => Err(SpeechError::Language(
            "translate (speech.backend = remote cannot translate; use the local backend)".into(),
        )),
        AsrBackend::Remote => crate::remote::transcribe(&request, &info).await,
        AsrBackend::Local => crate::pipeline::transcribe_locally(request, info).await,
    }
}
