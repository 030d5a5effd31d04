//! Window → named sub-scores (each 0–100) → one 0–100 virality score and a reason.
//!
//! The weights below are the whole scoring policy; they are documented in the README's
//! "How clips are scored" section. Each sub-score is a small sum of named cues so the
//! reason can say exactly what carried a clip.

use serde::{Deserialize, Serialize};

use crate::features::SentenceFeatures;

/// Weight of each sub-score in the virality score (they sum to 1). With an editorial
/// prompt, `relevance` takes `PROMPT_WEIGHT` and the rest are scaled down to make room.
pub const WEIGHTS: SubScores = SubScores {
    hook: 0.27,
    self_contained: 0.22,
    payoff: 0.21,
    energy: 0.17,
    clarity: 0.13,
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

/// What a window looks like from the outside: the topic boundaries at its edges and the
/// sentence that follows it.
pub struct Context<'a> {
    pub sentences: &'a [SentenceFeatures],
    pub boundary_before: f32,
    pub boundary_after: f32,
    pub next: Option<&'a SentenceFeatures>,
    /// Mean similarity of the window's sentences to its centroid.
    pub coherence: f32,
    pub relevance: Option<f32>,
    pub duration_fit: f32,
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
    let score = (sub_scores.total() * ctx.duration_fit).clamp(0.0, 100.0);
    Scored { sub_scores, score, cues }
}

fn clamp100(v: f32) -> f32 {
    v.clamp(0.0, 100.0)
}

/// The opening: the first sentence, plus the second when the first is a few words.
fn hook(ctx: &Context, cues: &mut Vec<(&'static str, &'static str)>) -> f32 {
    let s = ctx.sentences;
    let opening: &[SentenceFeatures] = if s[0].words < 6 && s.len() > 1 { &s[..2] } else { &s[..1] };
    let mut v = 10.0;
    if opening.iter().any(|f| f.question) {
        v += 30.0;
        cues.push(("hook", "opens with a question"));
    }
    if opening.iter().any(|f| f.bold_claims > 0) {
        let n: usize = opening.iter().map(|f| f.bold_claims).sum();
        v += if n >= 2 { 28.0 } else { 18.0 };
        cues.push(("hook", "opens on a bold claim"));
    }
    if opening.iter().any(|f| f.hook_phrase) {
        v += 18.0;
        cues.push(("hook", "announces a reveal"));
    }
    if opening.iter().any(|f| f.numbers > 0) {
        v += 15.0;
        cues.push(("hook", "a number up front"));
    }
    if opening.iter().any(|f| f.direct_address > 0) {
        v += 15.0;
        cues.push(("hook", "speaks to the viewer"));
    }
    if opening[0].words <= 14 {
        v += 8.0;
    }
    if opening[0].arousal() > 0.7 {
        v += 10.0;
        cues.push(("hook", "a lively delivery from the first line"));
    }
    if s[0].dangling_opener || s[0].unresolved_opener {
        v -= 30.0;
    }
    clamp100(v)
}

fn self_contained(ctx: &Context, cues: &mut Vec<(&'static str, &'static str)>) -> f32 {
    let s = ctx.sentences;
    let last = &s[s.len() - 1];
    let mut v = 50.0;
    v += 18.0 * ctx.boundary_before + 10.0 * ctx.boundary_after;
    if ctx.boundary_before > 0.5 && ctx.boundary_after > 0.5 {
        cues.push(("self_contained", "starts and ends with the topic"));
    }
    if s[0].dangling_opener {
        v -= 40.0;
    } else if s[0].unresolved_opener {
        v -= 25.0;
    }
    if last.question {
        v -= 15.0; // ends on an open question
    } else if last.punctuated {
        v += 8.0;
    }
    // The next sentence leans on this one and the subject does not change: the thought
    // goes on after the cut. ("And…" after a change of subject is just how people talk.)
    if ctx.boundary_after < 0.3 && ctx.next.is_some_and(|n| n.dangling_opener || n.unresolved_opener) {
        v -= 12.0;
    }
    v += ((ctx.coherence - 0.35) / 0.25 * 12.0).clamp(-12.0, 12.0);
    clamp100(v)
}

fn payoff(ctx: &Context, cues: &mut Vec<(&'static str, &'static str)>) -> f32 {
    let s = ctx.sentences;
    let n = s.len();
    let mut v = 15.0;
    let tail = &s[n.saturating_sub(2)..];
    if tail.iter().any(|f| f.payoff_phrase) {
        v += 40.0;
        cues.push(("payoff", "lands a conclusion"));
    } else if s.iter().any(|f| f.payoff_phrase) {
        v += 12.0;
    }
    let opened = s.iter().position(|f| f.list_open);
    let closed = s.iter().rposition(|f| f.list_close);
    match (opened, closed) {
        (Some(o), Some(c)) if c > o => {
            v += 28.0;
            cues.push(("payoff", "completes a list"));
        }
        (Some(_), _) => v -= 20.0,
        (None, Some(_)) if s.iter().any(|f| f.list_step) => v -= 10.0,
        _ => {}
    }
    // A question asked early and followed by an answer inside the clip.
    let half = n.div_ceil(2);
    if let Some(q) = s[..half].iter().position(|f| f.question) {
        let answers = s[q + 1..].iter().filter(|f| !f.question).count();
        if answers >= 2 {
            v += 22.0;
            cues.push(("payoff", "answers its own question"));
        }
    }
    if last_is_strong(tail) {
        v += 10.0;
    }
    clamp100(v)
}

fn last_is_strong(tail: &[SentenceFeatures]) -> bool {
    tail.last().is_some_and(|f| f.exclamation || f.arousal() > 0.8)
}

fn energy(ctx: &Context, cues: &mut Vec<(&'static str, &'static str)>) -> f32 {
    let s = ctx.sentences;
    let words: f32 = s.iter().map(|f| f.words as f32).sum::<f32>().max(1.0);
    let arousal = s.iter().map(|f| f.arousal() * f.words as f32).sum::<f32>() / words;
    let mut v = 50.0 + 28.0 * arousal;
    let exclaims = s.iter().filter(|f| f.exclamation).count();
    v += (exclaims as f32 * 5.0).min(15.0);
    if s.iter().any(|f| f.laughter) {
        v += 15.0;
        cues.push(("energy", "laughter"));
    }
    if arousal > 0.6 {
        cues.push(("energy", "louder and more animated than the speaker's norm"));
    }
    clamp100(v)
}

fn clarity(ctx: &Context, _cues: &mut Vec<(&'static str, &'static str)>) -> f32 {
    let s = ctx.sentences;
    let words: usize = s.iter().map(|f| f.words).sum::<usize>().max(1);
    let fillers: usize = s.iter().map(|f| f.fillers).sum();
    let filler_part = clamp100(100.0 - 700.0 * fillers as f32 / words as f32);
    let confidence = s.iter().map(|f| f.mean_probability * f.words as f32).sum::<f32>() / words as f32;
    let confidence_part = clamp100((confidence - 0.5) / 0.45 * 100.0);
    let seconds: f64 = s.iter().map(|f| f.duration()).sum();
    let pace = words as f64 / seconds.max(0.1);
    // 2.0–3.6 words a second reads comfortably as captions.
    let pace_part = if (2.0..=3.6).contains(&pace) {
        100.0
    } else {
        clamp100(100.0 - 60.0 * (pace - pace.clamp(2.0, 3.6)).abs() as f32)
    };
    0.45 * filler_part + 0.3 * confidence_part + 0.25 * pace_part
}

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
