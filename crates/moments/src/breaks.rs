//! Where one passage ends and the next begins, as a probability for every gap between
//! two sentences. A passage is a run of sentences with a break before it, a break after
//! it and no break inside; `self_contained` reads exactly that.
//!
//! Each gap is described by a few named cues (the pause, whether the next sentence
//! leans on the last, opens something new, or fills time, whether the last one
//! landed, how alike the two are in meaning, the TextTiling boundary), combined by a
//! logistic model. Its weights were fitted by `bench/moments/fit_breaks.py` on the
//! evaluation set's *tuning* split only (gaps inside a planted passage against gaps at
//! its edges), from both the script-timed transcripts and real Whisper (base)
//! transcripts of the same talks; the held-out and blind splits never fed it.

use reelcut_transcript::Sentence;

use crate::embed::{cosine, Embedding};
use crate::features::SentenceFeatures;

/// What the break model reads of a talk's analysis, sentence by sentence.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    pub sentences: &'a [Sentence],
    pub features: &'a [SentenceFeatures],
    pub embeddings: &'a [Embedding],
    /// Topic-boundary strength before sentence i.
    pub boundaries: &'a [f32],
}

/// The cues of one gap, in `WEIGHTS` order.
pub const CUES: [&str; 15] = [
    "pause_s",
    "next_leans",
    "next_opens",
    "next_sets_up",
    "last_landed",
    "last_fills_time",
    "next_fills_time",
    "last_aside",
    "next_aside",
    "last_asked",
    "last_announced",
    "meaning_alike",
    "topic_shift",
    "last_substance",
    "next_substance",
];

/// Logistic weights for `CUES`, then the bias (see `bench/moments/fit_breaks.py`).
const WEIGHTS: [f32; 15] = [
    3.31, -0.33, 0.78, 0.01, 0.12, 0.81, 1.19, 1.18, 0.52, -0.33, -0.47, -1.33, 1.86, -0.95, -0.80,
];
const BIAS: f32 = -2.07;

fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// The cues of the gap before sentence `g` (1 ≤ g < n).
pub fn cues(analysis: &Evidence, g: usize) -> [f32; 15] {
    let (last, next): (&SentenceFeatures, &SentenceFeatures) = (&analysis.features[g - 1], &analysis.features[g]);
    let pause = (analysis.sentences[g].start - analysis.sentences[g - 1].end).clamp(0.0, 3.0) as f32;
    [
        pause,
        next.continues,
        flag(next.question || next.story_opener || next.list_count > 0 || next.hook_phrase || next.bold_claims > 0),
        next.roles.setup,
        (flag(last.payoff_phrase) * (1.0 - last.filler())).max(last.roles.landing),
        last.filler(),
        next.filler(),
        last.transition().max(last.housekeeping()),
        next.transition().max(next.housekeeping()),
        flag(last.question),
        flag(last.list_count > 0 || last.hook_phrase),
        cosine(&analysis.embeddings[g - 1], &analysis.embeddings[g]),
        analysis.boundaries[g],
        last.substance(),
        next.substance(),
    ]
}

/// Break probability for every gap: index g is the gap before sentence g; the talk's
/// start (0) and end (n) are certain breaks.
pub fn probabilities(analysis: &Evidence) -> Vec<f32> {
    let n = analysis.sentences.len();
    (0..=n)
        .map(|g| {
            if g == 0 || g == n {
                return 1.0;
            }
            let z = BIAS + cues(analysis, g).iter().zip(WEIGHTS).map(|(x, w)| x * w).sum::<f32>();
            1.0 / (1.0 + (-z).exp())
        })
        .collect()
}
