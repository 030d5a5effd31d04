//! Per-sentence features: what each sentence says (lexical cues) and how it was said
//! (loudness, pitch movement, pace against the speaker's own baseline). Window scores
//! are built from these, so each sentence is analysed once however many candidate
//! windows contain it.

use reelcut_speech::{Sentence, Transcript};

use crate::acoustics::{FrameTrack, SpanAcoustics};
use crate::lexicon::{self as lex, contains, has_phrase};

#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    pub start: f64,
    pub end: f64,
    pub words: usize,
    /// Normalised words (lower case, no punctuation).
    pub tokens: Vec<String>,
    pub question: bool,
    pub exclamation: bool,
    /// Has a terminal mark at all (transcripts without punctuation have none).
    pub punctuated: bool,
    pub numbers: usize,
    pub direct_address: usize,
    pub bold_claims: usize,
    /// Announces a reveal, a list or a story ("here are the three…").
    pub hook_phrase: bool,
    pub dangling_opener: bool,
    pub unresolved_opener: bool,
    pub payoff_phrase: bool,
    pub list_open: bool,
    pub list_step: bool,
    pub list_close: bool,
    pub fillers: usize,
    pub laughter: bool,
    pub mean_probability: f32,
    /// Robust z-scores against the whole talk (0 when there is no audio).
    pub z_level: f32,
    pub z_pitch_spread: f32,
    pub z_rate: f32,
    pub has_audio: bool,
}

impl SentenceFeatures {
    pub fn duration(&self) -> f64 {
        (self.end - self.start).max(0.01)
    }
    pub fn rate(&self) -> f32 {
        self.words as f32 / self.duration() as f32
    }
    /// How lively this sentence sounds against the talk's baseline.
    pub fn arousal(&self) -> f32 {
        if self.has_audio {
            0.45 * self.z_level + 0.35 * self.z_pitch_spread + 0.2 * self.z_rate
        } else {
            self.z_rate
        }
    }
}

pub fn extract(transcript: &Transcript, sentences: &[Sentence], audio: Option<&FrameTrack>) -> Vec<SentenceFeatures> {
    let mut out: Vec<SentenceFeatures> = sentences.iter().map(|s| lexical(transcript, s)).collect();
    let acoustics: Vec<SpanAcoustics> = match audio {
        Some(track) if !track.level_db.is_empty() => sentences.iter().map(|s| track.span(s.start, s.end)).collect(),
        _ => Vec::new(),
    };
    let rates: Vec<f32> = out.iter().map(|f| f.rate()).collect();
    let z_rates = robust_z(&rates);
    for (f, z) in out.iter_mut().zip(z_rates) {
        f.z_rate = z;
    }
    if !acoustics.is_empty() {
        let levels = robust_z(&acoustics.iter().map(|a| a.level_db).collect::<Vec<_>>());
        let spreads = robust_z(&acoustics.iter().map(|a| a.pitch_spread).collect::<Vec<_>>());
        for (i, f) in out.iter_mut().enumerate() {
            f.z_level = levels[i];
            // Too few voiced frames to say anything about pitch movement.
            f.z_pitch_spread = if acoustics[i].voiced_frames >= 10 { spreads[i] } else { 0.0 };
            f.has_audio = true;
        }
    }
    out
}

fn lexical(transcript: &Transcript, sentence: &Sentence) -> SentenceFeatures {
    let words = &transcript.words[sentence.first_word..sentence.first_word + sentence.word_count];
    let tokens: Vec<String> = words.iter().map(|w| lex::normalise(&w.text)).filter(|t| !t.is_empty()).collect();
    let joined = tokens.join(" ");
    let last = words
        .last()
        .map(|w| w.text.trim_end_matches(['"', '\'', ')', ']']).to_string())
        .unwrap_or_default();
    let first = tokens.first().map(String::as_str).unwrap_or("");
    let count = |list: &[&str]| tokens.iter().filter(|t| contains(list, t)).count();
    let fillers = count(lex::FILLERS) + lex::FILLER_PHRASES.iter().filter(|p| has_phrase(&joined, p)).count();
    let numbers = words.iter().filter(|w| w.text.chars().any(|c| c.is_ascii_digit())).count() + count(lex::NUMBER_WORDS);
    let opener_two = tokens.iter().take(2).map(String::as_str).collect::<Vec<_>>().join(" ");
    SentenceFeatures {
        start: sentence.start,
        end: sentence.end,
        words: words.len(),
        question: last.ends_with('?'),
        exclamation: last.ends_with('!'),
        punctuated: reelcut_speech::sentences::ends_sentence(&last),
        numbers,
        direct_address: count(lex::DIRECT_ADDRESS),
        bold_claims: count(lex::BOLD_CLAIMS),
        hook_phrase: lex::HOOK_PHRASES.iter().any(|p| has_phrase(&joined, p)),
        dangling_opener: contains(lex::DANGLING_OPENERS, first) || contains(lex::FILLERS, first) || contains(lex::CONTINUING_STEPS, first),
        // "This is …" / "It's …" introduce; "It was …" after a cut leans on context.
        unresolved_opener: contains(lex::UNRESOLVED_OPENERS, first)
            && !matches!(opener_two.as_str(), "this is" | "here is" | "there is" | "there are"),
        payoff_phrase: lex::PAYOFF_PHRASES.iter().any(|p| has_phrase(&joined, p)),
        // "First, …" / "Number one: …" at the head of the sentence.
        list_open: lex::LIST_OPENERS
            .iter()
            .any(|p| has_phrase(&tokens.iter().take(3).cloned().collect::<Vec<_>>().join(" "), p)),
        list_step: tokens.iter().take(4).any(|t| contains(lex::LIST_STEPS, t)),
        list_close: tokens.iter().take(4).any(|t| contains(lex::LIST_CLOSERS, t)),
        fillers,
        laughter: tokens.iter().any(|t| contains(lex::LAUGHTER, t)),
        mean_probability: words.iter().map(|w| w.probability).sum::<f32>() / words.len().max(1) as f32,
        tokens,
        ..Default::default()
    }
}

/// (x − median) / (1.4826 · MAD), clamped to ±4: robust against a few outliers (a
/// cough, a music sting) that would flatten an ordinary z-score.
pub fn robust_z(values: &[f32]) -> Vec<f32> {
    if values.len() < 3 {
        return vec![0.0; values.len()];
    }
    let median = median(values);
    let deviations: Vec<f32> = values.iter().map(|v| (v - median).abs()).collect();
    let mad = median_of(deviations) * 1.4826;
    let scale = if mad > 1e-6 { mad } else { 1.0 };
    values.iter().map(|v| ((v - median) / scale).clamp(-4.0, 4.0)).collect()
}

pub fn median(values: &[f32]) -> f32 {
    median_of(values.to_vec())
}

fn median_of(mut values: Vec<f32>) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robust_z_ignores_one_outlier() {
        let z = robust_z(&[1.0, 1.1, 0.9, 1.0, 1.05, 0.95, 30.0]);
        assert!(z[6] >= 3.9);
        assert!(z[..6].iter().all(|v| v.abs() < 1.5), "{z:?}");
    }
}
