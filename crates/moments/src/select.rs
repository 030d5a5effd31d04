//! From scored candidates to the clips returned: the best windows of each duration type
//! that do not overlap one another, with near-duplicates (the same point made twice)
//! dropped, in a number that grows with the talk's length.

use std::collections::HashMap;

use crate::durations::DurationType;
use crate::embed::{cosine, Embedding};

/// Two non-overlapping clips this similar in meaning make the same point.
pub const NEAR_DUPLICATE: f32 = 0.9;
/// Clips of different duration types may overlap (a 30 s cut inside a 60 s one), but
/// not mostly: sharing more than this share of the shorter one is the same moment twice.
const MAX_SHARED: f64 = 0.5;
/// About one clip per this many seconds of speech.
const SPEECH_SECONDS_PER_CLIP: f64 = 210.0;
const MIN_DEFAULT: usize = 3;
const MAX_DEFAULT: usize = 20;

pub fn default_count(speech_seconds: f64) -> usize {
    ((speech_seconds / SPEECH_SECONDS_PER_CLIP).round() as usize).clamp(MIN_DEFAULT, MAX_DEFAULT)
}

pub struct Candidate {
    pub duration_type: DurationType,
    pub first: usize,
    pub last: usize,
    pub start: f64,
    pub end: f64,
    pub score: f32,
    pub centroid: Embedding,
}

/// Greedy by score over all duration types at once (so no type gets first pick), up to
/// `per_type` clips of each type, each checked against every clip already chosen.
/// `candidates` must be sorted best first, ties broken by position, so the same input
/// always gives the same clips.
pub fn pick(candidates: &[Candidate], per_type: usize, chosen: &mut Vec<usize>) {
    let mut taken: HashMap<DurationType, usize> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let count = taken.entry(c.duration_type).or_default();
        if *count >= per_type {
            continue;
        }
        let clashes = chosen.iter().map(|&j| &candidates[j]).any(|other| {
            let shared = (c.end.min(other.end) - c.start.max(other.start)).max(0.0);
            let shorter = (c.end - c.start).min(other.end - other.start);
            let same_type = other.duration_type == c.duration_type;
            if shared > 0.0 {
                same_type || shared / shorter > MAX_SHARED
            } else {
                cosine(&c.centroid, &other.centroid) >= NEAR_DUPLICATE
            }
        });
        if !clashes {
            *count += 1;
            chosen.push(i);
        }
    }
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
        let mut chosen = Vec::new();
        pick(&list, 5, &mut chosen);
        assert_eq!(chosen, vec![0, 3]);
        assert_eq!(default_count(60.0), 3);
        assert_eq!(default_count(3600.0), 17);
        assert_eq!(default_count(36000.0), 20);
    }
}
