//! Where one passage ends and the next begins, as a probability for every gap between
//! two sentences. A passage is a run of sentences with a break before it, a break after
//! it and no break inside; `self_contained` reads exactly that.
//!
//! Each gap is described by a few named cues (the pause, whether the next sentence
//! leans on the last, opens something new, concludes, or fills time, whether the last
//! one landed, how alike the two are in meaning, the TextTiling boundary), combined by
//! a logistic model. The pause is read from the audio where it is at hand
//! (`boundary::pause`), so it is the same whether a script or Whisper timed the words.
//! The weights were fitted by `bench/moments/fit_breaks.py` on the evaluation set's
//! *tuning* material only — the `tune` and `revoiced` splits (gaps inside a planted
//! passage against gaps at its edges), from both the script-timed transcripts and real
//! Whisper (base) transcripts of the same talks; the held-out and blind splits never
//! fed it.

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
    /// The pause before sentence i in seconds (`boundary::pause`; 0 before the first).
    pub pauses: &'a [f32],
}

/// The cues of one gap, in `WEIGHTS` order.
pub const CUES: [&str; 16] = [
    "pause_s",
    "next_leans",
    "next_opens",
    "next_sets_up",
    "last_landed",
    "next_concludes",
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
const WEIGHTS: [f32; 16] = [
    3.15, -0.21, 0.49, 0.51, 0.40, -0.28, 0.93, 1.13, 1.46, 0.19, -0.24, -0.35, -1.23, 1.72, -1.26, -0.74,
];
const BIAS: f32 = -1.58;

fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// How much a sentence lands a conclusion: said as one ("in the end we kept it, more or
/// less" concludes nothing), or reading like one by meaning.
fn concludes(f: &SentenceFeatures) -> f32 {
    (flag(f.payoff_phrase) * (1.0 - f.filler())).max(f.roles.landing)
}

/// The cues of the gap before sentence `g` (1 ≤ g < n).
pub fn cues(analysis: &Evidence, g: usize) -> [f32; 16] {
    let (last, next): (&SentenceFeatures, &SentenceFeatures) = (&analysis.features[g - 1], &analysis.features[g]);
    let pause = analysis.pauses[g].clamp(0.0, 3.0);
    [
        pause,
        next.continues,
        flag(next.question || next.story_opener || next.list_count > 0 || next.hook_phrase || next.bold_claims > 0),
        next.roles.setup,
        concludes(last),
        // A conclusion ("Lesson learned: …") closes what came before; it opens nothing.
        concludes(next),
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
