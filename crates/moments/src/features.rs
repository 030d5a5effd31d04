//! Per-sentence features: what each sentence says (lexical cues) and how it was said
//! (loudness, pitch movement, pace against the speaker's own baseline). Window scores
//! are built from these, so each sentence is analysed once however many candidate
//! windows contain it.

use reelcut_transcript::{Sentence, Transcript};

use crate::acoustics::{FrameTrack, SpanAcoustics};
use crate::exemplars::Roles;
use crate::lexicon::{self as lex, contains, has_phrase};
use crate::lists;

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
    /// How many items it announces ("three things…"); 0 when none.
    pub list_count: u8,
    /// Which list item it starts (`lists::LAST` for "finally"); 0 when none.
    pub list_item: u8,
    /// Opens a story with a time or a setting ("Last spring…").
    pub story_opener: bool,
    /// How much this sentence leans on the one before it (0–1): a dangling connector,
    /// a pronoun with no antecedent, a list step, the answer to the question before.
    pub continues: f32,
    pub fillers: usize,
    pub hedges: usize,
    pub laughter: bool,
    /// Housekeeping, logistics, a plug or a sign-off, by its words.
    pub housekeeping_cue: bool,
    /// Announces a change of subject ("moving on…"), by its words.
    pub transition_cue: bool,
    /// What the sentence is for, by its meaning (set once embeddings exist).
    pub roles: Roles,
    /// Housekeeping carried over from the sentences before with no passage break in
    /// between (set once breaks are known): a greeting's second line is housekeeping too.
    pub housekeeping_carried: f32,
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
    /// How much this sentence is housekeeping: its meaning, or its words for sure.
    pub fn housekeeping(&self) -> f32 {
        let own = if self.housekeeping_cue {
            self.roles.housekeeping.max(0.6)
        } else {
            self.roles.housekeeping
        };
        own.max(self.housekeeping_carried)
    }
    /// How much this sentence fills time (0–1): hedges and fillers.
    pub fn filler(&self) -> f32 {
        (0.5 * self.hedges as f32 + 0.3 * self.fillers as f32).min(1.0)
    }
    /// How much this sentence carries a point (0–1) rather than filling time, pointing
    /// elsewhere or doing housekeeping.
    pub fn substance(&self) -> f32 {
        let pointed = self.question || self.numbers > 0 || self.bold_claims > 0 || self.direct_address > 0 || self.story_opener;
        let v = 0.45 + if pointed { 0.3 } else { 0.0 } - 0.6 * self.filler() - 0.6 * self.transition().max(self.housekeeping());
        v.clamp(0.0, 1.0)
    }
    /// How much this sentence is a transition pointing elsewhere.
    pub fn transition(&self) -> f32 {
        if self.transition_cue {
            1.0
        } else {
            self.roles.transition
        }
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
        // The sentence already ends here; only its mark is asked about.
        punctuated: reelcut_transcript::sentences::ends_sentence(&last, None),
        numbers,
        direct_address: count(lex::DIRECT_ADDRESS),
        bold_claims: count(lex::BOLD_CLAIMS),
        hook_phrase: lex::HOOK_PHRASES.iter().any(|p| has_phrase(&joined, p)),
        dangling_opener: contains(lex::DANGLING_OPENERS, first) || contains(lex::FILLERS, first) || contains(lex::CONTINUING_STEPS, first),
        // "This is …" / "It's …" introduce; "It was …" after a cut leans on context.
        unresolved_opener: contains(lex::UNRESOLVED_OPENERS, first)
            && !matches!(opener_two.as_str(), "this is" | "here is" | "there is" | "there are"),
        payoff_phrase: lex::PAYOFF_PHRASES.iter().any(|p| has_phrase(&joined, p)),
        list_count: lists::announced(&tokens),
        list_item: lists::item(words, &tokens),
        story_opener: {
            let head = tokens.iter().take(3).cloned().collect::<Vec<_>>().join(" ");
            lex::STORY_OPENERS.iter().any(|p| has_phrase(&head, p) && head.starts_with(p))
                || lex::STORY_ANCHORS.iter().any(|p| has_phrase(&joined, p))
                || opens_in_digits(&tokens)
        },
        fillers,
        hedges: lex::HEDGES.iter().filter(|p| has_phrase(&joined, p)).count(),
        laughter: tokens.iter().any(|t| contains(lex::LAUGHTER, t)),
        housekeeping_cue: lex::HOUSEKEEPING_PHRASES.iter().any(|p| has_phrase(&joined, p)) || lex::asks_if_heard(&tokens),
        // "Anyway, …" at the head closes a digression: the talk moves on.
        transition_cue: lex::TRANSITION_PHRASES.iter().any(|p| has_phrase(&joined, p)) || first == "anyway",
        mean_probability: words.iter().map(|w| w.probability).sum::<f32>() / words.len().max(1) as f32,
        tokens,
        ..Default::default()
    }
}

/// Sets each sentence's `continues` from itself and the sentence before it (once its
/// roles are known).
pub fn link(features: &mut [SentenceFeatures]) {
    let values: Vec<f32> = (0..features.len())
        .map(|i| continuation(&features[i], i.checked_sub(1).map(|p| &features[p])))
        .collect();
    for (f, v) in features.iter_mut().zip(values) {
        f.continues = v;
    }
}

/// Carries housekeeping forward through sentences with no passage break between them
/// (`breaks[i]`: the break before sentence i), fading a little at each step.
pub fn carry_housekeeping(features: &mut [SentenceFeatures], breaks: &[f32]) {
    for i in 1..features.len() {
        let carried = 0.9 * features[i - 1].housekeeping() * (1.0 - breaks[i]);
        features[i].housekeeping_carried = carried;
    }
}

/// How much `this` leans on `previous`: what a clip that starts on `this` would be
/// missing.
fn continuation(this: &SentenceFeatures, previous: Option<&SentenceFeatures>) -> f32 {
    let mut v: f32 = 0.0;
    if this.dangling_opener {
        v = v.max(0.8);
    }
    if this.unresolved_opener {
        v = v.max(0.6);
    }
    // "Do those three things…", "Since that day…", "I tried it…": a pointer back to
    // what was just said.
    if this.tokens.iter().take(3).any(|t| contains(lex::POINTING_BACK, t)) || refers_back(&this.tokens) {
        v = v.max(0.5);
    }
    if this.list_item >= 2 {
        v = v.max(0.7);
    }
    if let Some(p) = previous {
        // The answer to the question just asked, or the first item of a list just announced.
        if p.question && !this.question && p.substance() > 0.5 {
            v = v.max(0.6);
        }
        if p.list_count > 0 || p.hook_phrase {
            v = v.max(0.6);
        }
    }
    v
}

/// "I tried it for a year", "most of them said the same thing", "how long the battery
/// lasts with it switched on": a pronoun in the first clauses whose thing was named
/// before the clip. (A sentence that starts on the pronoun is an `unresolved_opener`;
/// "is it", "make it" are idioms and "it turns out", "it is hard to" point nowhere.)
fn refers_back(tokens: &[String]) -> bool {
    let word = |i: usize| tokens.get(i).map_or("", String::as_str);
    (1..tokens.len().min(12)).any(|i| {
        matches!(word(i), "it" | "its" | "them")
            && !matches!(word(i - 1), "is" | "was" | "make" | "makes" | "made" | "believe")
            && !matches!(word(i + 1), "is" | "was" | "takes" | "took" | "turns" | "turned" | "seems")
    })
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

/// A story opened the way Whisper writes numbers: "In 1940, …", "Back in 2019 …",
/// "20 years ago …" (the spelled forms are in `STORY_OPENERS`).
fn opens_in_digits(tokens: &[String]) -> bool {
    let year = |t: Option<&String>| t.and_then(|t| t.parse::<u32>().ok()).is_some_and(|y| (1000..=2099).contains(&y));
    let number = |t: Option<&String>| t.is_some_and(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()));
    match tokens.first().map(String::as_str) {
        Some("in") => year(tokens.get(1)),
        Some("back") => tokens.get(1).is_some_and(|t| t == "in") && year(tokens.get(2)),
        _ => number(tokens.first()) && tokens.get(1).is_some_and(|t| t == "years"),
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

    #[test]
    fn an_early_object_pronoun_points_before_the_clip() {
        let toks = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(refers_back(&toks("i tried it for a year and most of what i wrote")));
        assert!(refers_back(&toks("twenty three letters and most of them said the same thing")));
        assert!(!refers_back(&toks("is it worth the money")));
        assert!(!refers_back(&toks("my mum got a smart speaker for her birthday")));
        assert!(!refers_back(&toks(
            "here is my honest take noise cancelling is the least important feature on these"
        )));
        assert!(refers_back(&toks(
            "what actually differs is how long the battery lasts with it switched on"
        )));
        assert!(!refers_back(&toks("and it turns out nobody reads the manual")));
    }

    #[test]
    fn a_sound_check_is_housekeeping_whoever_is_asked() {
        let toks = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(lex::asks_if_heard(&toks("okay can everyone at the mac hear me")));
        assert!(lex::asks_if_heard(&toks("could you all hear us")));
        assert!(!lex::asks_if_heard(&toks("you can hear the difference in the mix")));
        assert!(!lex::asks_if_heard(&toks(
            "can you imagine what the people at the back of the hall said to hear me"
        )));
    }

    #[test]
    fn stories_open_on_years_written_in_digits() {
        let toks = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert!(opens_in_digits(&toks("in 1940 a brand new bridge")));
        assert!(opens_in_digits(&toks("back in 2019 we")));
        assert!(opens_in_digits(&toks("20 years ago")));
        assert!(!opens_in_digits(&toks("in 30 seconds you")));
        assert!(!opens_in_digits(&toks("in the end")));
        assert!(!opens_in_digits(&toks("3 things matter")));
    }
}
