//! The sentences clips are cut on. Punctuated transcripts use the speech room's
//! sentences as they are; transcripts without sentence punctuation (some models, some
//! remote servers) are re-split at pauses, the only boundary they offer.

use reelcut_transcript::transcript::WordRun;
use reelcut_transcript::{Sentence, Transcript};

/// Below this share of sentence-ending marks per word, punctuation is not trusted.
const MIN_PUNCTUATION_PER_WORD: f64 = 1.0 / 60.0;
const PAUSE_S: f64 = 0.45;
const MAX_WORDS: usize = 40;

pub fn sentences(transcript: &Transcript) -> (Vec<Sentence>, bool) {
    let words = &transcript.words;
    let marks = (0..words.len())
        .filter(|&i| reelcut_transcript::sentences::ends_sentence(&words[i].text, reelcut_transcript::sentences::next_text(words, i)))
        .count();
    if words.is_empty() || marks as f64 / words.len() as f64 >= MIN_PUNCTUATION_PER_WORD {
        return (transcript.sentences.clone(), true);
    }
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let last = i + 1 == words.len();
        let pause = !last && words[i + 1].start - words[i].end >= PAUSE_S;
        if last || pause || i + 1 - first >= MAX_WORDS {
            out.push(WordRun::of(&words[first..=i], first));
            first = i + 1;
        }
    }
    (out, false)
}
