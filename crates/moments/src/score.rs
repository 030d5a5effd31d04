//! Window → named sub-scores (each 0–100) → one 0–100 virality score and a reason.
//!
//! The weights below are the whole scoring policy; they are documented in the README's
//! "How clips are scored" section. Each sub-score is a small sum of named cues so the
//! reason can say exactly what carried a clip.

use serde::{Deserialize, Serialize};

use crate::subscores::{clarity, energy, hook, payoff, self_contained};
use crate::window::{housekeeping_share, Context};

/// Weight of each sub-score in the virality score (they sum to 1). With an editorial
/// prompt, `relevance` takes `PROMPT_WEIGHT` and the rest are scaled down to make room.
pub const WEIGHTS: SubScores = SubScores {
    hook: 0.22,
    self_contained: 0.32,
    payoff: 0.22,
    energy: 0.12,
    clarity: 0.12,
    relevance: None,
};
pub const PROMPT_WEIGHT: f32 = 0.30;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SubScores {
    pub hook: f32,
    pub self_contained: f32,
    pub payoff: f32,
    pub energy: f32,
    pub clarity: f32,
    /// Only with an editorial prompt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevance: Option<f32>,
}

impl SubScores {
    fn named(&self) -> Vec<(&'static str, f32, f32)> {
        let scale = if self.relevance.is_some() { 1.0 - PROMPT_WEIGHT } else { 1.0 };
        let mut out = vec![
            ("hook", self.hook, WEIGHTS.hook * scale),
            ("self-contained", self.self_contained, WEIGHTS.self_contained * scale),
            ("payoff", self.payoff, WEIGHTS.payoff * scale),
            ("energy", self.energy, WEIGHTS.energy * scale),
            ("clarity", self.clarity, WEIGHTS.clarity * scale),
        ];
        if let Some(r) = self.relevance {
            out.push(("relevance", r, PROMPT_WEIGHT));
        }
        out
    }

    pub fn total(&self) -> f32 {
        self.named().iter().map(|(_, s, w)| s * w).sum()
    }
}

pub struct Scored {
    pub sub_scores: SubScores,
    pub score: f32,
    /// The cues that fired, with the sub-score they belong to, for the reason.
    pub cues: Vec<(&'static str, &'static str)>,
}

pub fn score(ctx: &Context) -> Scored {
    let mut cues = Vec::new();
    let hook = hook(ctx, &mut cues);
    let self_contained = self_contained(ctx, &mut cues);
    let payoff = payoff(ctx, &mut cues);
    let energy = energy(ctx, &mut cues);
    let clarity = clarity(ctx, &mut cues);
    let sub_scores = SubScores {
        hook,
        self_contained,
        payoff,
        energy,
        clarity,
        relevance: ctx.relevance,
    };
    let housekeeping = housekeeping_share(ctx.sentences);
    if housekeeping > 0.3 {
        cues.push(("self_contained", "mostly housekeeping"));
    }
    // Housekeeping sinks however well it is delivered: a plug read with energy is
    // still a plug. The cut is on the total so every sub-score stays what it measures.
    // And a clip that opens or closes on it has an edge an editor would trim.
    let s = ctx.sentences;
    let at_edges = s[0].housekeeping().max(s[s.len() - 1].housekeeping());
    let kept = (1.0 - HOUSEKEEPING_COST * housekeeping) * (1.0 - EDGE_HOUSEKEEPING_COST * at_edges);
    let score = (sub_scores.total() * kept).clamp(0.0, 100.0);
    Scored { sub_scores, score, cues }
}

/// The share of the score a window made only of housekeeping loses.
const HOUSEKEEPING_COST: f32 = 0.6;
/// …and the share one that opens or closes on housekeeping loses.
const EDGE_HOUSEKEEPING_COST: f32 = 0.4;

/// One line: the score's strongest contributors, with what made them strong.
pub fn reason(sub: &SubScores, cues: &[(&'static str, &'static str)]) -> String {
    let mut named = sub.named();
    // Contribution above an average clip (50 on every sub-score).
    named.sort_by(|a, b| ((b.1 - 50.0) * b.2).total_cmp(&((a.1 - 50.0) * a.2)));
    let mut parts = Vec::new();
    for (name, value, _) in named.iter().take(2).filter(|(_, v, _)| *v >= 55.0) {
        let key = name.replace('-', "_");
        let why: Vec<&str> = cues.iter().filter(|(k, _)| *k == key).map(|(_, c)| *c).take(2).collect();
        let detail = if why.is_empty() {
            String::new()
        } else {
            format!(": {}", why.join(", "))
        };
        parts.push(format!("{name} {value:.0}{detail}"));
    }
    if parts.is_empty() {
        let (name, value, _) = named[0];
        return format!("no standout quality; best is {name} {value:.0}");
    }
    let weakest = named.iter().min_by(|a, b| a.1.total_cmp(&b.1)).filter(|w| w.1 < 35.0);
    let mut line = format!("Carried by {}", parts.join("; "));
    if let Some((name, value, _)) = weakest {
        line.push_str(&format!(" (weakest: {name} {value:.0})"));
    }
    line
}
