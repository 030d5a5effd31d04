//! From scored candidates to the clips returned: the best whole passages, best first,
//! none overlapping another and no two making the same point, in a number that follows
//! how many passages stand out rather than a fixed count per duration type.

use crate::durations::DurationType;
use crate::embed::{cosine, Embedding};

/// Two non-overlapping clips this similar in meaning make the same point.
pub const NEAR_DUPLICATE: f32 = 0.9;
/// By default, a passage is offered when it scores at least this, or when it is within
/// `BEHIND_BEST` points of the talk's best passage (a talk whose best is modest still
/// offers its best few)…
const STANDS_OUT: f32 = 50.0;
const BEHIND_BEST: f32 = 25.0;
/// …and never more than one clip per this many seconds of speech.
const SPEECH_SECONDS_PER_CLIP: f64 = 60.0;
const MAX_DEFAULT: usize = 20;

pub struct Candidate {
    pub duration_type: DurationType,
    pub first: usize,
    pub last: usize,
    pub start: f64,
    pub end: f64,
    pub score: f32,
    pub centroid: Embedding,
}

/// Greedy by score over every duration type at once: each candidate is taken unless it
/// shares any speech with a passage already taken (a passage is one clip, offered to
/// the one type it fits) or repeats one's point. `candidates` must be sorted best
/// first, ties broken by position, so the same input always gives the same clips.
/// Returns the taken indices, best first.
pub fn pick(candidates: &[Candidate]) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let clashes = chosen.iter().map(|&j| &candidates[j]).any(|other| {
            let shared = c.end.min(other.end) - c.start.max(other.start);
            shared > 0.0 || cosine(&c.centroid, &other.centroid) >= NEAR_DUPLICATE
        });
        if !clashes {
            chosen.push(i);
        }
    }
    chosen
}

/// How many of the picked passages to offer when the caller gives no count: those that
/// stand out, at least one, at most one per minute of speech and twenty in all.
pub fn default_count(candidates: &[Candidate], picked: &[usize], speech_seconds: f64) -> usize {
    let Some(&best) = picked.first() else { return 0 };
    let floor = STANDS_OUT.min(candidates[best].score - BEHIND_BEST);
    let most = ((speech_seconds / SPEECH_SECONDS_PER_CLIP).floor() as usize).clamp(1, MAX_DEFAULT);
    picked.iter().filter(|&&i| candidates[i].score >= floor).count().clamp(1, most)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(start: f64, end: f64, score: f32, dir: Vec<f32>) -> Candidate {
        Candidate {
            duration_type: DurationType::S30,
            first: 0,
            last: 0,
            start,
            end,
            score,
            centroid: dir,
        }
    }

    #[test]
    fn no_overlaps_no_repeats() {
        let list = vec![
            c(0.0, 30.0, 90.0, vec![1.0, 0.0]),
            c(10.0, 40.0, 80.0, vec![0.0, 1.0]),   // overlaps the first
            c(100.0, 130.0, 70.0, vec![1.0, 0.0]), // same point again
            c(200.0, 230.0, 60.0, vec![0.0, 1.0]),
        ];
        let chosen = pick(&list);
        assert_eq!(chosen, vec![0, 3]);
        // 60 stands out (≥ 50); a 40 beside a 90 would not.
        assert_eq!(default_count(&list, &chosen, 600.0), 2);
        let weak = vec![c(0.0, 30.0, 90.0, vec![1.0, 0.0]), c(100.0, 130.0, 40.0, vec![0.0, 1.0])];
        assert_eq!(default_count(&weak, &[0, 1], 600.0), 1);
        assert_eq!(default_count(&list, &[], 600.0), 0);
        // A modest best still brings its near rivals.
        let modest = vec![c(0.0, 30.0, 45.0, vec![1.0, 0.0]), c(100.0, 130.0, 30.0, vec![0.0, 1.0])];
        assert_eq!(default_count(&modest, &[0, 1], 600.0), 2);
        assert_eq!(default_count(&modest, &[0, 1], 90.0), 1);
    }
}
