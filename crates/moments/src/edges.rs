//! Where a passage starts and ends. Within a window, a list it begins should finish and
//! a question it opens on should be answered (`completeness`, part of self-containment;
//! the breaks themselves are `breaks.rs`). Once passages are chosen, `settle` moves
//! each one's edges a few sentences either way to the best-scoring window nearby, so a
//! better passage is never left cut short by a weaker one beside it.

use crate::analysis::Analysis;
use crate::durations::DurationType;
use crate::features::SentenceFeatures;

/// How far (in sentences) an edge may move either way when settling.
const REACH: usize = 6;
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
            if (a, b) == (first, last) || !free(a, b) || crate::passages::fitting(analysis, requested, a, b).is_none() {
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
