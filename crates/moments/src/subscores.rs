//! The five sub-scores a window is scored on, each a small sum of named cues read from
//! its sentences' features (`features.rs`) and its edges: what the opening sets up,
//! whether the window is one whole passage, whether it lands, how it is delivered and
//! how easy it is to follow. `score.rs` weighs them into one score.

use crate::edges;
use crate::features::SentenceFeatures;
use crate::window::Context;

type Cues = Vec<(&'static str, &'static str)>;

fn clamp100(v: f32) -> f32 {
    v.clamp(0.0, 100.0)
}

/// The opening: the first sentence, plus the second when the first is a few words.
pub fn hook(ctx: &Context, cues: &mut Cues) -> f32 {
    let s = ctx.sentences;
    let opening: &[SentenceFeatures] = if s[0].words < 6 && s.len() > 1 { &s[..2] } else { &s[..1] };
    let mut v = 15.0;
    let mut cue = |points: f32, name: &'static str| {
        v += points;
        cues.push(("hook", name));
    };
    if opening.iter().any(|f| f.question) {
        cue(30.0, "opens with a question");
    }
    let claims: usize = opening.iter().map(|f| f.bold_claims).sum();
    if claims > 0 {
        cue(if claims >= 2 { 24.0 } else { 16.0 }, "opens on a bold claim");
    }
    if opening.iter().any(|f| f.story_opener) {
        cue(22.0, "opens a story");
    }
    if opening.iter().any(|f| f.list_count > 0) {
        cue(20.0, "announces a list");
    } else if opening.iter().any(|f| f.hook_phrase) {
        cue(18.0, "announces a reveal");
    }
    if opening.iter().any(|f| f.numbers > 0) {
        cue(8.0, "a number up front");
    }
    if opening.iter().any(|f| f.direct_address > 0) {
        cue(10.0, "speaks to the viewer");
    }
    if opening[0].arousal() > 0.7 {
        cue(10.0, "a lively delivery from the first line");
    }
    if opening[0].words <= 14 {
        v += 6.0;
    }
    // Read by meaning: an opening that sets something up.
    let setup = opening.iter().map(|f| f.roles.setup).fold(0.0, f32::max);
    v += 20.0 * setup;
    // An opening that leans on what came before, points elsewhere or does housekeeping.
    v -= 40.0 * s[0].continues + 35.0 * s[0].transition() + 40.0 * s[0].housekeeping() + 20.0 * s[0].filler();
    clamp100(v)
}

/// Points for a window whose sentences all carry a point (and 1.5× that lost when
/// they mostly fill time).
const DENSITY_POINTS: f32 = 12.0;

/// One whole passage: a break before it, a break after it, none inside (`breaks`), and
/// it finishes what it began (a list, a question) and carries a point throughout.
pub fn self_contained(ctx: &Context, cues: &mut Cues) -> f32 {
    let s = ctx.sentences;
    let b = ctx.breaks;
    let inside = b.strongest_inside();
    let mut v = 100.0 * b.wholeness();
    v += 12.0 * edges::completeness(s);
    let density = crate::window::substance_density(s);
    v += DENSITY_POINTS * ((density - 0.5) / 0.2).clamp(-1.5, 1.0);
    if b.before > 0.6 && b.after > 0.6 && inside < 0.3 {
        cues.push(("self_contained", "one whole passage, a clean break at each end"));
    }
    clamp100(v)
}

/// Whether the window lands: a conclusion, a completed list, a question answered, an
/// ending that speaks to the viewer or says something strong.
pub fn payoff(ctx: &Context, cues: &mut Cues) -> f32 {
    let s = ctx.sentences;
    let n = s.len();
    let tail = &s[n.saturating_sub(2)..];
    let last = &s[n - 1];
    let mut v = 15.0;
    // A conclusion counts as one when it is said as one: "in the end we kept it,
    // more or less" concludes nothing.
    let said = 1.0 - last.filler();
    if last.payoff_phrase {
        v += 40.0 * said;
        cues.push(("payoff", "lands a conclusion"));
    } else if tail[0].payoff_phrase {
        v += 25.0 * (1.0 - tail[0].filler());
        cues.push(("payoff", "lands a conclusion"));
    }
    // By meaning: the last line reads like a lesson, an answer or a resolution.
    let landing = last.roles.landing.max(0.5 * tail[0].roles.landing);
    v += 30.0 * landing * said;
    if landing > 0.6 && !last.payoff_phrase {
        cues.push(("payoff", "ends on a resolution"));
    }
    if last.bold_claims > 0 || last.direct_address > 0 {
        v += 10.0 * said;
        cues.push(("payoff", "ends on a strong line"));
    }
    v += list_payoff(s, cues);
    // A question asked early and followed by an answer inside the clip.
    let half = n.div_ceil(2);
    if let Some(q) = s[..half].iter().position(|f| f.question) {
        let answers = s[q + 1..].iter().filter(|f| !f.question).count();
        if answers >= 2 {
            v += 22.0;
            cues.push(("payoff", "answers its own question"));
        }
    }
    if last.exclamation || last.arousal() > 0.8 {
        v += 10.0;
    }
    v -= 25.0 * last.filler() + 30.0 * last.transition().max(last.housekeeping());
    clamp100(v)
}

/// A list announced or begun and completed inside the window pays off; one begun and
/// left unfinished costs, as does one joined in the middle.
fn list_payoff(s: &[SentenceFeatures], cues: &mut Cues) -> f32 {
    match crate::lists::completes(s.iter().map(|f| (f.list_count, f.list_item))) {
        Some(true) => {
            cues.push(("payoff", "completes a list"));
            28.0
        }
        Some(false) => -20.0,
        None if s.iter().any(|f| f.list_item >= 2) => -10.0,
        None => 0.0,
    }
}

pub fn energy(ctx: &Context, cues: &mut Cues) -> f32 {
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
pub fn clarity(ctx: &Context, _cues: &mut Cues) -> f32 {
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
