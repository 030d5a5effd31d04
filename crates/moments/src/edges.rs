//! Where a passage starts and ends. A passage starts where something starts (a
//! question, a claim, a story's setting, a list announced) with no lean on the sentence
//! before, and ends where it lands (a conclusion, a resolution, a completed list) with
//! the next sentence no longer about it. These edge qualities are part of every
//! window's self-containment; once passages are chosen, `settle` moves each one's
//! edges a few sentences either way to the best-scoring window nearby, so a better
//! passage is never left cut short by a weaker one beside it.

use crate::analysis::Analysis;
use crate::durations::DurationType;
use crate::features::SentenceFeatures;

/// How far (in sentences) an edge may move either way when settling.
const REACH: usize = 6;
/// A sentence this close to a window's centroid is about it; below, it is not.
const ON_TOPIC_COS: f32 = 0.42;

/// −1 (plainly about something else) … +1 (plainly about the window's subject).
pub fn on_topic(cos: f32) -> f32 {
    ((cos - ON_TOPIC_COS) / 0.15).clamp(-1.0, 1.0)
}

fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// How well a passage starts on `first`, given the sentence before it and how much
/// that sentence is about the passage (`on_before`, −1…1).
pub fn start_quality(first: &SentenceFeatures, before: Option<&SentenceFeatures>, on_before: f32) -> f32 {
    let opens = 0.5 * flag(first.question)
        + 0.4 * flag(first.story_opener)
        + 0.4 * flag(first.list_count > 0)
        + 0.2 * flag(first.bold_claims > 0)
        + 0.2 * flag(first.hook_phrase)
        + 0.3 * first.roles.setup;
    let mut v = opens - 1.2 * first.continues - first.transition().max(first.housekeeping()) - 0.6 * first.filler();
    if let Some(p) = before {
        // Starting here leaves behind a sentence that is about the passage.
        v -= 0.6 * on_before.max(0.0) * (1.0 - p.filler());
    }
    v
}

/// How well a passage ends on `last`, given the sentence after it and how much that
/// sentence is about the passage (`on_after`, −1…1).
pub fn end_quality(last: &SentenceFeatures, after: Option<&SentenceFeatures>, on_after: f32) -> f32 {
    let lands = 0.5 * flag(last.payoff_phrase) * (1.0 - last.filler())
        + 0.5 * last.roles.landing
        + 0.2 * flag(last.bold_claims > 0 || last.direct_address > 0)
        + 0.3 * flag(last.list_item >= 3);
    let mut v = lands - 0.6 * last.filler() - last.transition().max(last.housekeeping()) - 0.4 * flag(last.question);
    if let Some(next) = after {
        // The next sentence leans on this one and is about the passage: it goes on.
        v -= next.continues * on_after.max(0.0);
        v -= 0.5 * on_after.max(0.0) * (1.0 - next.filler());
    }
    v
}

/// A list announced or begun inside the passage should finish inside it; a question
/// asked at its start should be answered.
pub fn completeness(s: &[SentenceFeatures]) -> f32 {
    let mut v = match crate::lists::completes(s.iter().map(|f| (f.list_count, f.list_item))) {
        Some(true) => 0.5,
        Some(false) => -1.5,
        None => 0.0,
    };
    if s[0].question && s.len() < 3 {
        v -= 1.0;
    }
    v
}

/// The best-scoring window whose edges lie within `REACH` sentences of `first` and
/// `last`, that still fits a requested duration type and overlaps none of `others`
/// (sentence ranges of the clips settled before it). `value` scores a window, or says
/// it may not be offered (`None`).
pub fn settle(
    analysis: &Analysis,
    (first, last): (usize, usize),
    requested: &[DurationType],
    others: &[(usize, usize)],
    value: impl Fn(usize, usize) -> Option<f32>,
) -> (usize, usize) {
    let s = &analysis.sentences;
    let free = |a: usize, b: usize| others.iter().all(|&(x, y)| b < x || a > y);
    let mut best = ((first, last), value(first, last).unwrap_or(f32::MIN));
    for a in first.saturating_sub(REACH)..=(first + REACH).min(last) {
        for b in last.saturating_sub(REACH).max(a)..=(last + REACH).min(s.len() - 1) {
            if (a, b) == (first, last) || !free(a, b) || DurationType::for_length(requested, s[b].end - s[a].start).is_none() {
                continue;
            }
            if let Some(v) = value(a, b).filter(|&v| v > best.1) {
                best = ((a, b), v);
            }
        }
    }
    best.0
}

/// The longest run of `first..=last` that no span in `taken` covers.
pub fn free_run(first: usize, last: usize, taken: &[(usize, usize)]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut run_start: Option<usize> = None;
    for k in first..=last + 1 {
        let free = k <= last && taken.iter().all(|&(x, y)| k < x || k > y);
        match (free, run_start) {
            (true, None) => run_start = Some(k),
            (false, Some(a)) => {
                if best.is_none_or(|(x, y)| k - a > y - x + 1) {
                    best = Some((a, k - 1));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    best
}
