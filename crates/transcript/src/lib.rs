//! The transcript room: what speech recognition produces and every later room reads —
//! words with timings, sentences and the rule that ends one, and the JSON/SRT/VTT
//! exports. It links no speech engine, so captions, moments and look build and test
//! without CTranslate2.

mod assemble;
pub mod formats;
pub mod sentences;
pub mod transcript;

pub use transcript::{Sentence, Transcript, Word, WordRun};
