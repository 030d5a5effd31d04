//! The transcript: what every later stage (moments, captions) reads.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word with its attached punctuation, without surrounding spaces.
    pub text: String,
    pub start: f64,
    pub end: f64,
    pub probability: f32,
}

/// A run of consecutive words: a sentence, or a segment (what Whisper decoded in one
/// pass, a chunk cut in pauses, ≤ 30 s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordRun {
    pub start: f64,
    pub end: f64,
    pub text: String,
    /// Index of the first word in `Transcript::words`.
    pub first_word: usize,
    pub word_count: usize,
}

impl WordRun {
    pub fn of(words: &[Word], first_word: usize) -> Self {
        debug_assert!(!words.is_empty());
        WordRun {
            start: words[0].start,
            end: words[words.len() - 1].end,
            text: join_words(words),
            first_word,
            word_count: words.len(),
        }
    }
}

pub type Sentence = WordRun;
pub type Segment = WordRun;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub language: String,
    pub language_probability: f32,
    /// Seconds of audio that were decoded.
    pub duration: f64,
    /// Which engine and model produced it (e.g. `ct2:base:int8`).
    pub model: String,
    pub segments: Vec<Segment>,
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
}

impl Transcript {
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

pub fn join_words(words: &[Word]) -> String {
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}
