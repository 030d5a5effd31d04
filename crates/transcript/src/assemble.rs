//! A transcript from the words each decoded chunk produced: its segments (one per
//! chunk) and its sentences (the sentence rule applied to all the words).

use crate::sentences;
use crate::transcript::{Transcript, Word, WordRun};

impl Transcript {
    /// Builds segments and sentences from per-chunk word lists.
    pub fn assemble(language: String, language_probability: f32, duration: f64, model: String, chunks: Vec<Vec<Word>>) -> Self {
        let mut words = Vec::new();
        let mut segments = Vec::new();
        for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
            segments.push(WordRun::of(&chunk, words.len()));
            words.extend(chunk);
        }
        let sentences = sentences::split(&words);
        Transcript {
            language,
            language_probability,
            duration,
            model,
            segments,
            words,
            sentences,
        }
    }
}
