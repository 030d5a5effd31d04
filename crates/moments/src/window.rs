//! A candidate window as the sub-scores read it: its sentences, the passage-break
//! probabilities at and inside its edges, its relevance to a prompt, and the
//! word-weighted shares both the scores and the offerable rule use.

use crate::features::SentenceFeatures;

/// A window as the sub-scores read it: its sentences, the passage-break probabilities
/// at and inside its edges, and its relevance to an editorial prompt.
pub struct Context<'a> {
    pub sentences: &'a [SentenceFeatures],
    /// Passage-break probabilities at and inside the window's edges.
    pub breaks: Breaks<'a>,
    pub relevance: Option<f32>,
}

/// Break probabilities (`breaks`) before the window's first sentence, after its last,
/// and at each gap inside it.
#[derive(Debug, Clone, Copy)]
pub struct Breaks<'a> {
    pub before: f32,
    pub after: f32,
    pub inside: &'a [f32],
}

impl<'a> Breaks<'a> {
    /// The breaks of sentences `first..=last`, from every gap's break probability
    /// (`Analysis::breaks`: index i is the gap before sentence i).
    pub fn of(breaks: &'a [f32], first: usize, last: usize) -> Self {
        Breaks {
            before: breaks[first],
            after: breaks[last + 1],
            inside: &breaks[first + 1..=last],
        }
    }

    /// The likeliest break inside the window (0 for one sentence).
    pub fn strongest_inside(&self) -> f32 {
        self.inside.iter().copied().fold(0.0, f32::max)
    }

    /// How likely the window is one whole passage: a break before it, one after it and
    /// none inside (0–1).
    pub fn wholeness(&self) -> f32 {
        self.before * self.after * (1.0 - self.strongest_inside())
    }
}

/// Word-weighted mean substance of the window's sentences.
pub fn substance_density(s: &[SentenceFeatures]) -> f32 {
    word_weighted(s, SentenceFeatures::substance)
}

/// Word-weighted share of the window that is housekeeping, logistics or a plug.
pub fn housekeeping_share(s: &[SentenceFeatures]) -> f32 {
    word_weighted(s, SentenceFeatures::housekeeping)
}

/// The mean of `value` over the sentences, each weighted by its words.
fn word_weighted(s: &[SentenceFeatures], value: impl Fn(&SentenceFeatures) -> f32) -> f32 {
    let words: f32 = s.iter().map(|f| f.words as f32).sum::<f32>().max(1.0);
    s.iter().map(|f| value(f) * f.words as f32).sum::<f32>() / words
}
