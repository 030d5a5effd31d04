//! Online chunk planner: turns VAD probabilities into chunks of at most 30 s whose cuts
//! fall in pauses, so no word straddles a cut. Runs as the audio streams, holding only
//! the probabilities (4 bytes per 32 ms) and the currently open chunk.
//!
//! Regions follow Silero's reference state machine (speech starts at `threshold`, ends
//! after `min_silence` below `threshold − 0.15`). Regions are packed greedily into a
//! chunk while it stays under the limit and no very long silence intervenes. Like
//! faster-whisper, a chunk's audio is spliced: each region keeps only a short pad of
//! the silence around it, so a 30-second Whisper window holds ~30 s of speech (the
//! encoder costs the same per window whatever it holds). Speech that runs past the limit without any
//! pause is cut at its least speech-like window, the nearest thing to a pause it has.

use crate::vad::WINDOW;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Sample offsets, end exclusive.
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// One Whisper window: the pieces of input audio it holds, in order, inside `extent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub extent: Span,
    pub pieces: Vec<Span>,
}

impl Chunk {
    pub fn whole(extent: Span) -> Self {
        Chunk {
            extent,
            pieces: vec![extent],
        }
    }
    /// Samples of audio the window holds.
    pub fn kept(&self) -> usize {
        self.pieces.iter().map(Span::len).sum()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PlannerConfig {
    pub threshold: f32,
    pub max_chunk_samples: usize,
    /// Pauses at least this long end a region (and offer a cut).
    pub min_silence_samples: usize,
    /// A silence at least this long is never kept inside a chunk.
    pub max_inner_gap_samples: usize,
    /// Padding into the silence on each side of a chunk.
    pub pad_samples: usize,
    /// Regions shorter than this are clicks, not words.
    pub min_speech_samples: usize,
}

impl PlannerConfig {
    pub fn new(threshold: f32, max_chunk_s: f32) -> Self {
        let s = |seconds: f32| (seconds * 16_000.0) as usize;
        PlannerConfig {
            threshold,
            max_chunk_samples: s(max_chunk_s),
            min_silence_samples: s(0.25),
            max_inner_gap_samples: s(8.0),
            pad_samples: s(0.4),
            min_speech_samples: s(0.1),
        }
    }
}

pub struct ChunkPlanner {
    config: PlannerConfig,
    probabilities: Vec<f32>,
    /// Start of the region being spoken now.
    open: Option<usize>,
    /// First quiet window after speech in the open region, while it may still resume.
    quiet_since: Option<usize>,
    /// Closed regions packed into the chunk being built (raw, unpadded).
    current: Vec<Span>,
    /// End of the last emitted chunk: the next one never starts before it.
    emitted_until: usize,
}

impl ChunkPlanner {
    pub fn new(config: PlannerConfig) -> Self {
        ChunkPlanner {
            config,
            probabilities: Vec::new(),
            open: None,
            quiet_since: None,
            current: Vec::new(),
            emitted_until: 0,
        }
    }

    /// Every probability pushed so far, one per 512-sample window.
    pub fn probabilities(&self) -> &[f32] {
        &self.probabilities
    }

    fn packing_limit(&self) -> usize {
        self.config.max_chunk_samples - 2 * self.config.pad_samples
    }

    /// Samples the window would hold for the current regions followed by `next`:
    /// speech plus at most two pads of each silence between regions.
    fn kept_with(&self, next: Span) -> usize {
        let silence = |gap: usize| gap.min(2 * self.config.pad_samples);
        let mut kept = 0;
        let mut previous_end: Option<usize> = None;
        for region in self.current.iter().chain(std::iter::once(&next)) {
            kept += region.len() + previous_end.map_or(0, |end| silence(region.start.saturating_sub(end)));
            previous_end = Some(region.end);
        }
        kept
    }

    /// Feeds the probability of the next window; returns chunks that became final.
    pub fn push(&mut self, probability: f32) -> Vec<Chunk> {
        let window_start = self.probabilities.len() * WINDOW;
        self.probabilities.push(probability);
        let now = window_start + WINDOW;
        let mut done = Vec::new();
        let negative = (self.config.threshold - 0.15).max(0.01);

        if probability >= self.config.threshold {
            self.quiet_since = None;
            if self.open.is_none() {
                self.open = Some(window_start);
            }
        } else if let Some(start) = self.open {
            if probability < negative && self.quiet_since.is_none() {
                self.quiet_since = Some(window_start);
            }
            if let Some(quiet) = self.quiet_since {
                if now - quiet >= self.config.min_silence_samples {
                    self.open = None;
                    self.quiet_since = None;
                    if quiet - start >= self.config.min_speech_samples {
                        done.extend(self.close_region(Span { start, end: quiet }));
                    }
                }
            }
        }

        if let Some(open_start) = self.open {
            if !self.current.is_empty() {
                // The region being spoken no longer fits: the chunk ends at the pause before it.
                if self.kept_with(Span {
                    start: open_start,
                    end: now,
                }) > self.packing_limit()
                {
                    done.push(self.emit(Some(open_start)));
                }
            } else if now - open_start > self.packing_limit() {
                let cut = self.quietest_point(open_start);
                done.push(self.emit_at_cut(open_start, cut));
                self.open = Some(cut);
                self.quiet_since = self.quiet_since.filter(|q| *q >= cut);
            }
        }
        done
    }

    /// Ends the stream: `total_samples` is how many samples were decoded.
    pub fn finish(&mut self, total_samples: usize) -> Vec<Chunk> {
        let mut done = Vec::new();
        if let Some(start) = self.open.take() {
            let end = self.quiet_since.take().unwrap_or(total_samples).min(total_samples);
            if end > start {
                done.extend(self.close_region(Span { start, end }));
            }
        }
        if !self.current.is_empty() {
            let mut last = self.emit(None);
            last.extent.end = last.extent.end.min(total_samples);
            if let Some(piece) = last.pieces.last_mut() {
                piece.end = piece.end.min(total_samples);
            }
            done.push(last);
        }
        done
    }

    fn close_region(&mut self, region: Span) -> Option<Chunk> {
        let Some(last) = self.current.last() else {
            self.current.push(region);
            return None;
        };
        let gap = region.start - last.end;
        if gap > self.config.max_inner_gap_samples || self.kept_with(region) > self.packing_limit() {
            let chunk = self.emit(Some(region.start));
            self.current.push(region);
            Some(chunk)
        } else {
            self.current.push(region);
            None
        }
    }

    /// Takes the packed regions as a chunk: each region padded into the silence around
    /// it (at most `pad`, at most half of each gap, never before the previous chunk);
    /// pieces that touch merge.
    fn emit(&mut self, next_speech: Option<usize>) -> Chunk {
        let regions = std::mem::take(&mut self.current);
        let pad = self.config.pad_samples;
        let mut pieces: Vec<Span> = Vec::with_capacity(regions.len());
        for (i, region) in regions.iter().enumerate() {
            let start = match i {
                0 => region.start.saturating_sub(pad).max(self.emitted_until),
                _ => region.start - pad.min((region.start - regions[i - 1].end) / 2),
            };
            let next = regions.get(i + 1).map(|r| r.start).or(next_speech);
            let end = region.end + next.map_or(pad, |n| pad.min(n.saturating_sub(region.end) / 2));
            match pieces.last_mut() {
                Some(previous) if previous.end >= start => previous.end = end,
                _ => pieces.push(Span { start, end }),
            }
        }
        let extent = Span {
            start: pieces[0].start,
            end: pieces[pieces.len() - 1].end,
        };
        self.emitted_until = extent.end;
        Chunk { extent, pieces }
    }

    fn emit_at_cut(&mut self, raw_start: usize, cut: usize) -> Chunk {
        let start = raw_start.saturating_sub(self.config.pad_samples).max(self.emitted_until);
        self.emitted_until = cut;
        Chunk::whole(Span { start, end: cut })
    }

    /// The least speech-like window in the second half of the allowed span.
    fn quietest_point(&self, start: usize) -> usize {
        let first = (start + self.packing_limit() / 2) / WINDOW;
        let last = ((start + self.packing_limit()) / WINDOW).min(self.probabilities.len().saturating_sub(1));
        // Latest of equals: keeps chunks long when speech is uniformly confident.
        let best = (first..=last)
            .rev()
            .min_by(|a, b| self.probabilities[*a].total_cmp(&self.probabilities[*b]))
            .unwrap_or(last);
        best * WINDOW
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Probabilities for a script of (seconds, is_speech) pieces.
    fn script(pieces: &[(f32, bool)]) -> Vec<f32> {
        pieces
            .iter()
            .flat_map(|&(seconds, speech)| {
                std::iter::repeat_n(if speech { 0.9 } else { 0.05 }, (seconds * 16_000.0 / WINDOW as f32) as usize)
            })
            .collect()
    }

    fn plan_chunks(probabilities: &[f32]) -> Vec<Chunk> {
        let mut planner = ChunkPlanner::new(PlannerConfig::new(0.5, 30.0));
        let mut chunks: Vec<Chunk> = probabilities.iter().flat_map(|p| planner.push(*p)).collect();
        chunks.extend(planner.finish(probabilities.len() * WINDOW));
        for chunk in &chunks {
            assert!(chunk.kept() <= 30 * 16_000, "a window holds at most 30 s: {chunk:?}");
            assert!(
                chunk.pieces.windows(2).all(|p| p[0].end < p[1].start),
                "pieces are ordered and apart: {chunk:?}"
            );
        }
        chunks
    }

    fn plan(probabilities: &[f32]) -> Vec<Span> {
        plan_chunks(probabilities).into_iter().map(|c| c.extent).collect()
    }

    #[test]
    fn short_pauses_pack_and_long_silences_split() {
        let p = script(&[
            (1.0, false),
            (5.0, true),
            (0.5, false),
            (5.0, true),
            (10.0, false),
            (3.0, true),
            (1.0, false),
        ]);
        let chunks = plan(&p);
        assert_eq!(chunks.len(), 2, "{chunks:?}");
        let s = |x: f32| (x * 16_000.0) as usize;
        assert!(
            chunks[0].start <= s(1.0) && chunks[0].end >= s(11.5) && chunks[0].end <= s(12.0),
            "{chunks:?}"
        );
        assert!(chunks[1].start >= chunks[0].end && chunks[1].start <= s(21.5), "{chunks:?}");
    }

    #[test]
    fn silences_are_spliced_out_of_the_window() {
        // 4 × 6 s of speech with 5 s silences: 39 s of input, 24 s of speech.
        let p = script(&[
            (6.0, true),
            (5.0, false),
            (6.0, true),
            (5.0, false),
            (6.0, true),
            (5.0, false),
            (6.0, true),
        ]);
        let chunks = plan_chunks(&p);
        assert_eq!(chunks.len(), 1, "one window holds it all: {chunks:?}");
        assert_eq!(chunks[0].pieces.len(), 4);
        let kept = chunks[0].kept() as f32 / 16_000.0;
        assert!((24.0..=27.5).contains(&kept), "speech plus short pads: {kept}");
    }

    #[test]
    fn every_chunk_fits_and_cuts_fall_in_pauses() {
        let mut pieces = Vec::new();
        for i in 0..40 {
            pieces.push((2.0 + (i % 5) as f32, true));
            pieces.push((0.4, false));
        }
        let p = script(&pieces);
        let speech_at = |sample: usize| p.get(sample / WINDOW).is_some_and(|x| *x > 0.5);
        let chunks = plan_chunks(&p);
        for pair in chunks.windows(2) {
            assert!(pair[0].extent.end <= pair[1].extent.start);
        }
        let pieces: Vec<Span> = chunks.iter().flat_map(|c| c.pieces.clone()).collect();
        for c in &pieces {
            assert!(
                !speech_at(c.end.saturating_sub(1)) || c.end == p.len() * WINDOW,
                "cut inside speech: {c:?}"
            );
            assert!(c.start == 0 || !speech_at(c.start), "piece starts inside speech: {c:?}");
        }
        let covered: usize = p
            .iter()
            .enumerate()
            .filter(|(i, x)| **x > 0.5 && pieces.iter().any(|c| c.start <= i * WINDOW && (i + 1) * WINDOW <= c.end))
            .count();
        assert_eq!(covered, p.iter().filter(|x| **x > 0.5).count(), "all speech is inside some chunk");
    }

    #[test]
    fn pauseless_speech_is_split_at_its_quietest_window() {
        let mut p = script(&[(70.0, true)]);
        p[(50.0 * 16_000.0 / WINDOW as f32) as usize] = 0.45;
        let chunks = plan(&p);
        assert!(chunks.len() >= 3);
        assert_eq!(chunks[1].end, (50.0 * 16_000.0 / WINDOW as f32) as usize * WINDOW, "{chunks:?}");
    }
}
