//! The speech room: Silero VAD → chunks cut in pauses → Whisper (CTranslate2) or a
//! remote OpenAI-compatible server → words with timings → sentences → JSON/SRT/VTT.

pub mod chunking;
pub mod error;
pub mod formats;
pub mod mel;
pub mod pipeline;
pub mod remote;
pub mod runtime;
pub mod sentences;
pub mod transcript;
pub mod vad;
pub mod whisper;
pub mod words;

pub use error::SpeechError;
pub use pipeline::{transcribe, TranscribeRequest};
pub use transcript::{Sentence, Transcript, Word};
