//! What a talk set measures: recall and precision of the planted passages in the top K
//! (K = planted + 2), how far each clip's speech edges sit from the passage's, whether
//! clip edges fall on sentence edges and in silence, and whether housekeeping reached
//! the top K; plus the naive baseline (45 s windows every 60 s) on the same talk.

use reelcut_moments::Moments;

use super::Talk;

#[derive(Debug, Default, Clone)]
pub struct Metrics {
    pub planted: usize,
    pub k: usize,
    pub found: usize,
    pub matching_clips: usize,
    pub boundary_errors: Vec<f64>,
    /// Clip speech edges that are not a sentence's first or last word edge.
    pub off_sentence_edges: usize,
    pub words_cut: usize,
    /// The farthest any clip edge (after padding) lies from a sentence edge, seconds.
    pub worst_edge: f64,
    /// Top-K clips that are mostly housekeeping or a sponsor read.
    pub housekeeping_in_top: usize,
}

impl Metrics {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.planted.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.matching_clips as f64 / self.k.max(1) as f64
    }
    pub fn mean_boundary_error(&self) -> f64 {
        if self.boundary_errors.is_empty() {
            return f64::NAN;
        }
        self.boundary_errors.iter().sum::<f64>() / self.boundary_errors.len() as f64
    }
    pub fn add(&mut self, other: &Metrics) {
        self.planted += other.planted;
        self.k += other.k;
        self.found += other.found;
        self.matching_clips += other.matching_clips;
        self.boundary_errors.extend(&other.boundary_errors);
        self.off_sentence_edges += other.off_sentence_edges;
        self.words_cut += other.words_cut;
        self.worst_edge = self.worst_edge.max(other.worst_edge);
        self.housekeeping_in_top += other.housekeeping_in_top;
    }
}

/// A planted passage is found when a clip overlaps it with IoU ≥ 0.5 and holds ≥ 90 % of it.
pub fn matches(clip: (f64, f64), passage: (f64, f64)) -> bool {
    let overlap = overlap(clip, passage);
    let union = clip.1.max(passage.1) - clip.0.min(passage.0);
    overlap / union >= 0.5 && overlap / (passage.1 - passage.0) >= 0.9
}

fn overlap(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

pub fn evaluate(talk: &Talk, moments: &Moments) -> Metrics {
    let k = talk.planted.len() + 2;
    let clips: Vec<(f64, f64, f64, f64)> = moments
        .moments
        .iter()
        .map(|c| (c.start, c.end, c.speech_start, c.speech_end))
        .collect();
    let mut m = score_clips(talk, &clips[..clips.len().min(k)], k);
    let sentences = &talk.transcript.sentences;
    for &(start, end, speech_start, speech_end) in &clips {
        let starts_sentence = sentences.iter().any(|s| (s.start - speech_start).abs() < 1e-6);
        let ends_sentence = sentences.iter().any(|s| (s.end - speech_end).abs() < 1e-6);
        m.off_sentence_edges += usize::from(!starts_sentence) + usize::from(!ends_sentence);
        m.words_cut += words_cut(talk, start, end);
        let nearest = |t: f64, edge: &dyn Fn(&reelcut_transcript::Sentence) -> f64| {
            sentences.iter().map(|s| (edge(s) - t).abs()).fold(f64::MAX, f64::min)
        };
        m.worst_edge = m.worst_edge.max(nearest(start, &|s| s.start)).max(nearest(end, &|s| s.end));
    }
    m
}

/// Recall, precision, boundary errors and housekeeping for clips (start, end, speech
/// start, speech end) taken as the top K.
fn score_clips(talk: &Talk, top: &[(f64, f64, f64, f64)], k: usize) -> Metrics {
    let mut m = Metrics {
        planted: talk.planted.len(),
        k,
        ..Default::default()
    };
    for &passage in &talk.planted {
        if let Some(c) = top.iter().find(|c| matches((c.0, c.1), passage)) {
            m.found += 1;
            m.boundary_errors.push((c.2 - passage.0).abs());
            m.boundary_errors.push((c.3 - passage.1).abs());
        }
    }
    m.matching_clips = top.iter().filter(|c| talk.planted.iter().any(|&p| matches((c.0, c.1), p))).count();
    m.housekeeping_in_top = top
        .iter()
        .filter(|c| {
            let inside: f64 = talk.housekeeping.iter().map(|&h| overlap((c.0, c.1), h)).sum();
            inside > 0.5 * (c.1 - c.0) || talk.housekeeping.iter().any(|&h| overlap((c.0, c.1), h) > 0.5 * (h.1 - h.0))
        })
        .count();
    m
}

fn words_cut(talk: &Talk, start: f64, end: f64) -> usize {
    talk.transcript
        .words
        .iter()
        .filter(|w| (w.start < start && start < w.end) || (w.start < end && end < w.end))
        .count()
}

/// The naive baseline: a 45 s window every 60 s from the start, all of them offered
/// (a generous reading: its K is the whole talk's windows, not planted + 2).
pub fn baseline(talk: &Talk) -> Metrics {
    let mut windows = Vec::new();
    let mut t = 0.0;
    while t + 45.0 <= talk.transcript.duration {
        windows.push((t, t + 45.0, t, t + 45.0));
        t += 60.0;
    }
    let mut m = score_clips(talk, &windows, windows.len());
    m.words_cut = windows.iter().map(|w| words_cut(talk, w.0, w.1)).sum();
    m
}
