//! The audio side of a talk, reduced to a compact frame track while the audio streams
//! past (an hour is 72 000 frames, not 230 MB of samples): loudness and pitch every
//! 50 ms. Energy scores compare a window against this speaker's own baseline, so a quiet
//! speaker's loud moment counts as much as a loud speaker's.

use pitch_detection::detector::mcleod::McLeodDetector;
use pitch_detection::detector::PitchDetector;
use serde::{Deserialize, Serialize};

pub const SAMPLE_RATE: usize = 16_000;
/// 50 ms hop.
pub const HOP: usize = SAMPLE_RATE / 20;
/// 64 ms analysis window: two periods of an 80 Hz voice, the lowest we look for.
const WINDOW: usize = 1024;
/// Frames quieter than this are silence: no pitch is looked for.
const SILENCE_DB: f32 = -50.0;
const PITCH_MIN_HZ: f32 = 70.0;
const PITCH_MAX_HZ: f32 = 450.0;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FrameTrack {
    /// RMS level in dBFS per hop.
    pub level_db: Vec<f32>,
    /// Fundamental frequency in Hz per hop; 0 where unvoiced.
    pub pitch_hz: Vec<f32>,
}

impl FrameTrack {
    pub fn seconds_per_frame() -> f64 {
        HOP as f64 / SAMPLE_RATE as f64
    }

    fn frame_range(&self, start: f64, end: f64) -> std::ops::Range<usize> {
        let per = Self::seconds_per_frame();
        let a = ((start / per).floor().max(0.0) as usize).min(self.level_db.len());
        let b = ((end / per).ceil().max(0.0) as usize).min(self.level_db.len());
        a..b.max(a)
    }

    /// Loudness and pitch statistics of the speech between `start` and `end`.
    pub fn span(&self, start: f64, end: f64) -> SpanAcoustics {
        let range = self.frame_range(start, end);
        let voiced: Vec<f32> = self.level_db[range.clone()].iter().copied().filter(|&db| db > SILENCE_DB).collect();
        let pitches: Vec<f32> = self.pitch_hz[range].iter().copied().filter(|&p| p > 0.0).collect();
        let level_db = if voiced.is_empty() {
            SILENCE_DB
        } else {
            voiced.iter().sum::<f32>() / voiced.len() as f32
        };
        // Pitch in semitones around its own mean: variation is what sounds lively.
        let semitones: Vec<f32> = pitches.iter().map(|p| 12.0 * (p / 100.0).log2()).collect();
        let (pitch_mean, pitch_spread) = mean_and_spread(&semitones);
        SpanAcoustics {
            level_db,
            pitch_semitones: pitch_mean,
            pitch_spread,
            voiced_frames: pitches.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SpanAcoustics {
    pub level_db: f32,
    pub pitch_semitones: f32,
    pub pitch_spread: f32,
    pub voiced_frames: usize,
}

pub fn mean_and_spread(values: &[f32]) -> (f32, f32) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f32>() / values.len() as f32;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32;
    (mean, var.sqrt())
}

/// Builds the frame track from blocks of 16 kHz mono samples as they arrive.
pub struct FrameTracker {
    pending: Vec<f32>,
    detector: McLeodDetector<f32>,
    track: FrameTrack,
}

impl Default for FrameTracker {
    fn default() -> Self {
        FrameTracker {
            pending: Vec::with_capacity(WINDOW * 4),
            detector: McLeodDetector::new(WINDOW, WINDOW / 2),
            track: FrameTrack::default(),
        }
    }
}

impl FrameTracker {
    pub fn push(&mut self, samples: &[f32]) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.extend_from_slice(samples);
        let mut offset = 0;
        while pending.len() - offset >= WINDOW {
            self.measure(&pending[offset..offset + WINDOW]);
            offset += HOP;
        }
        pending.drain(..offset);
        self.pending = pending;
    }

    fn measure(&mut self, window: &[f32]) {
        // Level over the hop at the window's start, pitch over the whole window.
        let hop = &window[..HOP];
        let power = hop.iter().map(|s| s * s).sum::<f32>() / HOP as f32;
        let db = 10.0 * power.max(1e-10).log10();
        let pitch = if db > SILENCE_DB {
            self.detector
                .get_pitch(window, SAMPLE_RATE, 0.0, 0.6)
                .map(|p| p.frequency)
                .filter(|f| (PITCH_MIN_HZ..=PITCH_MAX_HZ).contains(f))
                .unwrap_or(0.0)
        } else {
            0.0
        };
        self.track.level_db.push(db);
        self.track.pitch_hz.push(pitch);
    }

    pub fn finish(mut self) -> FrameTrack {
        let tail = std::mem::take(&mut self.pending);
        if !tail.is_empty() {
            let mut padded = tail;
            padded.resize(WINDOW, 0.0);
            self.measure(&padded);
        }
        self.track
    }
}

/// Streams a file's audio once through a [`FrameTracker`]. The tracker (the pitch
/// detector's buffers are not `Send`) runs on a blocking thread fed by the decoder, as
/// the speech consumer does, so the caller's future stays `Send` and the runtime's
/// threads never do the per-frame work.
pub async fn track_file(
    processes: &reelcut_media::Processes,
    ffmpeg: &str,
    path: &std::path::Path,
    media_seconds: Option<f64>,
    cancel: tokio_util::sync::CancellationToken,
) -> Result<FrameTrack, reelcut_media::MediaError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<f32>>(4);
    let request = reelcut_media::audio::AudioRequest {
        ffmpeg,
        path,
        cancel,
        progress: None,
        media_seconds,
    };
    let consumer = tokio::task::spawn_blocking(move || {
        let mut tracker = FrameTracker::default();
        while let Some(block) = rx.blocking_recv() {
            tracker.push(&block);
        }
        tracker.finish()
    });
    let decoded = reelcut_media::audio::stream_pcm(processes, request, tx).await;
    let track = consumer
        .await
        .map_err(|e| reelcut_media::MediaError::Io(std::io::Error::other(format!("the pitch tracker stopped: {e}"))))?;
    decoded?;
    Ok(track)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f32, seconds: f32, amplitude: f32) -> Vec<f32> {
        let n = (seconds * SAMPLE_RATE as f32) as usize;
        (0..n)
            .map(|i| amplitude * (2.0 * std::f32::consts::PI * freq * i as f32 / SAMPLE_RATE as f32).sin())
            .collect()
    }

    #[test]
    fn tracks_level_and_pitch_across_block_edges() {
        let mut samples = tone(150.0, 1.0, 0.3);
        samples.extend(vec![0.0; SAMPLE_RATE]);
        samples.extend(tone(220.0, 1.0, 0.05));
        let mut tracker = FrameTracker::default();
        for block in samples.chunks(777) {
            tracker.push(block);
        }
        let track = tracker.finish();
        assert!((track.level_db.len() as i64 - 60).abs() <= 1, "{} frames", track.level_db.len());
        let loud = track.span(0.1, 0.8);
        let quiet = track.span(2.1, 2.8);
        assert!((loud.level_db - quiet.level_db - 15.6).abs() < 1.0, "{loud:?} {quiet:?}");
        let hz = |s: &SpanAcoustics| 100.0 * 2f32.powf(s.pitch_semitones / 12.0);
        assert!((hz(&loud) - 150.0).abs() < 3.0, "{}", hz(&loud));
        assert!((hz(&quiet) - 220.0).abs() < 4.0, "{}", hz(&quiet));
        assert_eq!(track.span(1.2, 1.8).voiced_frames, 0);
    }
}
