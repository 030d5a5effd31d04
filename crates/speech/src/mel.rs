//! Whisper's log-mel spectrogram, computed the way faster-whisper computes it (reflect-
//! padded STFT, periodic Hann window of 400, hop 160, power spectrum, slaney mel
//! filters, log10 clamped to max − 8, scaled (x + 4) / 4), so our word timings match.
//! Written out (≈100 lines over `rustfft`) rather than taken from `mel_spec`, whose
//! streaming STFT is not centre-padded and shifts every frame by half a window.

use std::sync::Arc;

use rustfft::num_complex::Complex;
use rustfft::{Fft, FftPlanner};

pub const SAMPLE_RATE: usize = 16_000;
pub const N_FFT: usize = 400;
pub const HOP: usize = 160;
/// Frames in Whisper's 30-second window.
pub const WINDOW_FRAMES: usize = 3000;

pub struct MelExtractor {
    n_mels: usize,
    /// Row-major `[n_mels][N_FFT / 2 + 1]`.
    filters: Vec<f32>,
    hann: Vec<f32>,
    fft: Arc<dyn Fft<f32>>,
}

impl MelExtractor {
    pub fn new(n_mels: usize) -> Self {
        let hann = (0..N_FFT)
            .map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / N_FFT as f32).cos())
            .collect();
        MelExtractor {
            n_mels,
            filters: slaney_filters(n_mels),
            hann,
            fft: FftPlanner::new().plan_fft_forward(N_FFT),
        }
    }

    pub fn n_mels(&self) -> usize {
        self.n_mels
    }

    /// Features for at most 30 s of audio, zero-padded (in the normalised domain, as
    /// faster-whisper pads) to `[n_mels][3000]`. Returns the features and the number of
    /// frames that hold real audio.
    pub fn window_features(&self, samples: &[f32]) -> (Vec<f32>, usize) {
        debug_assert!(samples.len() <= WINDOW_FRAMES * HOP);
        // faster-whisper appends one hop of silence before the STFT.
        let mut padded = Vec::with_capacity(samples.len() + HOP + N_FFT);
        let half = N_FFT / 2;
        let signal: Vec<f32> = samples.iter().copied().chain(std::iter::repeat_n(0.0, HOP)).collect();
        // Reflect padding (centre = True), as numpy's "reflect" mode.
        for i in (1..=half).rev() {
            padded.push(signal.get(i).copied().unwrap_or(0.0));
        }
        padded.extend_from_slice(&signal);
        let n = signal.len();
        for i in 0..half {
            padded.push(if n >= i + 2 { signal[n - 2 - i] } else { 0.0 });
        }
        // torch/numpy stft yields 1 + n / hop frames; the last is dropped.
        let frames = (n / HOP).min(WINDOW_FRAMES);
        let bins = N_FFT / 2 + 1;
        let mut log_mel = vec![0f32; self.n_mels * frames];
        let mut buffer = vec![Complex::new(0.0f32, 0.0); N_FFT];
        let mut scratch = vec![Complex::new(0.0f32, 0.0); self.fft.get_inplace_scratch_len()];
        let mut power = vec![0f32; bins];
        for frame in 0..frames {
            let start = frame * HOP;
            for (k, slot) in buffer.iter_mut().enumerate() {
                *slot = Complex::new(padded[start + k] * self.hann[k], 0.0);
            }
            self.fft.process_with_scratch(&mut buffer, &mut scratch);
            for (p, c) in power.iter_mut().zip(&buffer[..bins]) {
                *p = c.norm_sqr();
            }
            for m in 0..self.n_mels {
                let row = &self.filters[m * bins..(m + 1) * bins];
                let energy: f32 = row.iter().zip(&power).map(|(f, p)| f * p).sum();
                log_mel[m * frames + frame] = energy.max(1e-10).log10();
            }
        }
        let max = log_mel.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut features = vec![0f32; self.n_mels * WINDOW_FRAMES];
        for m in 0..self.n_mels {
            for frame in 0..frames {
                let v = log_mel[m * frames + frame].max(max - 8.0);
                features[m * WINDOW_FRAMES + frame] = (v + 4.0) / 4.0;
            }
        }
        (features, frames)
    }
}

// The slaney mel scale: linear below 1 kHz, logarithmic above.
const MEL_F_SP: f64 = 200.0 / 3.0;
const MEL_MIN_LOG_HZ: f64 = 1000.0;
const MEL_MIN_LOG_MEL: f64 = MEL_MIN_LOG_HZ / MEL_F_SP;

fn mel_log_step() -> f64 {
    (6.4f64).ln() / 27.0
}

fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MEL_MIN_LOG_HZ {
        MEL_MIN_LOG_MEL + (hz / MEL_MIN_LOG_HZ).ln() / mel_log_step()
    } else {
        hz / MEL_F_SP
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MEL_MIN_LOG_MEL {
        MEL_MIN_LOG_HZ * (mel_log_step() * (mel - MEL_MIN_LOG_MEL)).exp()
    } else {
        mel * MEL_F_SP
    }
}

/// librosa.filters.mel(sr=16000, n_fft=400, n_mels, htk=False, norm="slaney").
fn slaney_filters(n_mels: usize) -> Vec<f32> {
    let bins = N_FFT / 2 + 1;
    let fft_freqs: Vec<f64> = (0..bins).map(|i| i as f64 * SAMPLE_RATE as f64 / N_FFT as f64).collect();
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE as f64 / 2.0));
    let mel_points: Vec<f64> = (0..n_mels + 2)
        .map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_mels + 1) as f64))
        .collect();
    let mut filters = vec![0f32; n_mels * bins];
    for m in 0..n_mels {
        let (left, centre, right) = (mel_points[m], mel_points[m + 1], mel_points[m + 2]);
        let norm = 2.0 / (right - left);
        for (b, &f) in fft_freqs.iter().enumerate() {
            let lower = (f - left) / (centre - left);
            let upper = (right - f) / (right - centre);
            filters[m * bins + b] = (lower.min(upper).max(0.0) * norm) as f32;
        }
    }
    filters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_librosa_shape() {
        let f = slaney_filters(80);
        // librosa: mel_filters(16000, 400, 80)[0] peaks at bin 1 with ≈0.0247.
        let first_row = &f[..201];
        let (peak_bin, peak) = first_row
            .iter()
            .enumerate()
            .fold((0, 0f32), |a, (i, &v)| if v > a.1 { (i, v) } else { a });
        assert_eq!(peak_bin, 1);
        assert!((peak - 0.02466).abs() < 5e-4, "{peak}");
    }

    #[test]
    fn a_tone_lights_its_band_and_padding_is_zero() {
        let tone: Vec<f32> = (0..16000)
            .map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16000.0).sin() * 0.5)
            .collect();
        let mel = MelExtractor::new(80);
        let (features, frames) = mel.window_features(&tone);
        // One hop of padding is appended, as faster-whisper does: 16000 / 160 + 1.
        assert_eq!(frames, 101);
        let column = |m: usize| features[m * WINDOW_FRAMES + 50];
        let loudest = (0..80).max_by(|&a, &b| column(a).total_cmp(&column(b))).unwrap();
        // 1 kHz sits near mel band 28 of 80 on the slaney scale.
        assert!((26..=30).contains(&loudest), "{loudest}");
        assert_eq!(features[10 * WINDOW_FRAMES + 2000], 0.0);
    }
}
