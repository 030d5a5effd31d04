//! Turning the chunks the planner cuts into words: Whisper on each chunk, the language
//! fixed by the first confident one, a second pass over speech the first pass left
//! without words, and every word put back on the input's clock.

use reelcut_core::settings::Settings;
use tokio_util::sync::CancellationToken;

use crate::chunking::{Chunk, Span};
use crate::request::ProgressFn;
use crate::transcript::Word;
use crate::vad::WINDOW;
use crate::whisper::{PreviousText, WhisperEngine};
use crate::SpeechError;

const SAMPLES_PER_SECOND: usize = reelcut_media::audio::SAMPLE_RATE as usize;

/// Decodes chunks in order, keeping the detected language and the words.
pub(crate) struct Decoder<'a> {
    pub(crate) engine: WhisperEngine,
    pub(crate) settings: &'a Settings,
    pub(crate) language: Option<(String, f32)>,
    pub(crate) chunks: Vec<Vec<Word>>,
    pub(crate) previous: PreviousText,
    pub(crate) cancel: CancellationToken,
    pub(crate) progress: Option<ProgressFn>,
    pub(crate) duration: f64,
}

/// Whisper decoding a window without timestamps sometimes stops early or skips a
/// stretch, silently dropping a sentence. With VAD probabilities we can see where
/// speech went unworded: such stretches (bounded by pauses and by the neighbouring
/// words, so no word is decoded twice) are decoded again on their own.
const MIN_UNWORDED_SPEECH_S: f64 = 0.5;
/// A speech window this close to a word counts as covered by it.
const COVERAGE_MARGIN_S: f64 = 0.3;
const MAX_FILL_PASSES: usize = 2;
/// Without VAD, only an early stop can be seen: words ending this long before the chunk.
const EARLY_STOP_S: f64 = 1.0;

/// Whether a decode is conditioned on the text before it. A re-decode of unworded
/// speech inside a chunk is not: the context would hold the words that follow it.
#[derive(Debug, Clone, Copy)]
enum Context {
    Previous,
    Alone,
}

impl Decoder<'_> {
    /// Decodes one chunk; `samples` are the input's samples over `chunk.extent`.
    pub(crate) fn decode(&mut self, chunk: &Chunk, samples: &[f32], probabilities: Option<&[f32]>) -> Result<(), SpeechError> {
        let span = chunk.extent;
        let mut words = self.decode_spliced(chunk, samples, probabilities, Context::Previous)?;
        match probabilities {
            Some(p) => {
                for _ in 0..MAX_FILL_PASSES {
                    let gaps = unworded_speech(p, &words, span, self.settings.speech.vad_threshold);
                    if gaps.is_empty() {
                        break;
                    }
                    for gap in gaps {
                        tracing::debug!(
                            start = seconds(gap.start),
                            end = seconds(gap.end),
                            "speech without words, decoding it again"
                        );
                        let spliced = Chunk::whole(gap);
                        words.extend(self.decode_spliced(
                            &spliced,
                            &samples[gap.start - span.start..gap.end - span.start],
                            probabilities,
                            Context::Alone,
                        )?);
                    }
                    words.sort_by(|a, b| a.start.total_cmp(&b.start));
                }
            }
            None => {
                let last_end = words.last().map_or(seconds(span.start), |w| w.end);
                let resume = ((last_end + 0.2) * SAMPLES_PER_SECOND as f64) as usize;
                if seconds(span.end) - last_end > EARLY_STOP_S && resume > span.start && resume < span.end {
                    let rest = Chunk::whole(Span {
                        start: resume,
                        end: span.end,
                    });
                    words.extend(self.decode_spliced(&rest, &samples[resume - span.start..], None, Context::Previous)?);
                }
            }
        }
        self.chunks.push(words);
        if let Some(report) = &self.progress {
            report(seconds(span.end), self.duration);
        }
        Ok(())
    }

    /// Decodes the chunk's pieces joined into one window (`samples` cover its extent)
    /// and maps the words back to the input's clock.
    fn decode_spliced(
        &mut self,
        chunk: &Chunk,
        samples: &[f32],
        probabilities: Option<&[f32]>,
        context: Context,
    ) -> Result<Vec<Word>, SpeechError> {
        if self.cancel.is_cancelled() {
            return Err(SpeechError::Cancelled);
        }
        let origin = chunk.extent.start;
        let audio: Vec<f32> = chunk
            .pieces
            .iter()
            .flat_map(|piece| {
                samples[(piece.start - origin).min(samples.len())..(piece.end - origin).min(samples.len())]
                    .iter()
                    .copied()
            })
            .collect();
        if audio.len() < SAMPLES_PER_SECOND / 4 {
            return Ok(Vec::new());
        }
        let language = self.language_for(&audio)?;
        let threshold = self.settings.speech.vad_threshold;
        let speech = probabilities.map_or(0.0, |p| {
            chunk
                .pieces
                .iter()
                .map(|piece| speech_seconds(p, piece.start, piece.end, threshold))
                .sum()
        });
        let previous = match context {
            Context::Previous => Some(&mut self.previous),
            Context::Alone => None,
        };
        let text = self.engine.transcribe_chunk(&audio, 0.0, &language, speech >= 1.0, previous)?;
        tracing::debug!(
            start = seconds(chunk.extent.start),
            end = seconds(chunk.extent.end),
            pieces = chunk.pieces.len(),
            words = text.words.len(),
            "decoded"
        );
        Ok(text.words.into_iter().map(|word| to_input_clock(word, &chunk.pieces)).collect())
    }

    fn language_for(&mut self, samples: &[f32]) -> Result<String, SpeechError> {
        if let Some((language, _)) = &self.language {
            return Ok(language.clone());
        }
        let detected = self.engine.detect_language(samples)?;
        tracing::info!(language = %detected.0, probability = detected.1, "language detected");
        self.language = Some(detected.clone());
        Ok(detected.0)
    }
}

/// Maps a word timed on the spliced window's clock onto the input's. A word stays
/// inside the piece where it starts (pieces are separated by silence).
fn to_input_clock(mut word: Word, pieces: &[Span]) -> Word {
    let mut window_start = 0.0;
    for (i, piece) in pieces.iter().enumerate() {
        let length = seconds(piece.len());
        if word.start < window_start + length || i + 1 == pieces.len() {
            let shift = seconds(piece.start) - window_start;
            let piece_end = seconds(piece.end);
            word.start = (word.start + shift).min(piece_end);
            word.end = (word.end + shift).clamp(word.start, piece_end);
            return word;
        }
        window_start += length;
    }
    word
}

fn seconds(samples: usize) -> f64 {
    samples as f64 / SAMPLES_PER_SECOND as f64
}

/// Seconds the VAD scored as speech between two sample offsets.
fn speech_seconds(probabilities: &[f32], from: usize, to: usize, threshold: f32) -> f64 {
    let windows = &probabilities[(from / WINDOW).min(probabilities.len())..(to / WINDOW).min(probabilities.len())];
    seconds(windows.iter().filter(|p| **p >= threshold).count() * WINDOW)
}

/// Stretches of the chunk where the VAD heard speech but no word was placed, each
/// widened to the pauses around it and bounded by the neighbouring words.
pub(crate) fn unworded_speech(probabilities: &[f32], words: &[Word], span: Span, threshold: f32) -> Vec<Span> {
    let quiet = (threshold - 0.15).max(0.01);
    let first = span.start / WINDOW;
    let last = (span.end / WINDOW).min(probabilities.len());
    let window_time = |w: usize| seconds(w * WINDOW + WINDOW / 2);
    let covered = |t: f64| {
        words
            .iter()
            .any(|word| t >= word.start - COVERAGE_MARGIN_S && t <= word.end + COVERAGE_MARGIN_S)
    };

    // Runs of unworded speech windows. Runs with no word between them merge, so a
    // skipped passage is decoded again as a whole, with its context.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (w, &probability) in probabilities.iter().enumerate().take(last).skip(first) {
        if probability < threshold || covered(window_time(w)) {
            continue;
        }
        match runs.last_mut() {
            Some(run)
                if !words
                    .iter()
                    .any(|word| word.start > window_time(run.1) && word.end < window_time(w)) =>
            {
                run.1 = w
            }
            _ => runs.push((w, w)),
        }
    }
    runs.into_iter()
        .filter(|(a, b)| speech_seconds(probabilities, a * WINDOW, (b + 1) * WINDOW, threshold) >= MIN_UNWORDED_SPEECH_S)
        .map(|(a, b)| {
            let t0 = window_time(a);
            let t1 = window_time(b);
            let floor = words
                .iter()
                .filter(|w| w.end <= t0)
                .map(|w| w.end)
                .fold(seconds(span.start), f64::max);
            let ceiling = words
                .iter()
                .filter(|w| w.start >= t1)
                .map(|w| w.start)
                .fold(seconds(span.end), f64::min);
            let mut start = a;
            while start > first && probabilities[start - 1] >= quiet && window_time(start - 1) > floor {
                start -= 1;
            }
            let mut end = b + 1;
            while end < last && probabilities[end] >= quiet && window_time(end) < ceiling {
                end += 1;
            }
            // A little of the pause on each side: speech that starts on the very first
            // sample of a window makes Whisper invent words.
            let lead = (COVERAGE_MARGIN_S * SAMPLES_PER_SECOND as f64) as usize / WINDOW;
            start = start.saturating_sub(lead).max(first);
            end = (end + lead).min(last);
            let floor_sample = (floor * SAMPLES_PER_SECOND as f64).ceil() as usize;
            let ceiling_sample = (ceiling * SAMPLES_PER_SECOND as f64) as usize;
            Span {
                start: (start * WINDOW).max(floor_sample).max(span.start),
                end: (end * WINDOW).min(ceiling_sample).min(span.end),
            }
        })
        .filter(|gap| gap.end > gap.start + SAMPLES_PER_SECOND / 4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: f64, end: f64) -> Word {
        Word {
            text: "w".into(),
            start,
            end,
            probability: 1.0,
        }
    }

    #[test]
    fn spliced_words_return_to_the_input_clock() {
        let s = |x: f64| (x * 16_000.0) as usize;
        // Two pieces, 10-14 s and 30-33 s, joined into a 7 s window.
        let pieces = [
            Span {
                start: s(10.0),
                end: s(14.0),
            },
            Span {
                start: s(30.0),
                end: s(33.0),
            },
        ];
        let first = to_input_clock(word(1.0, 1.5), &pieces);
        assert!((first.start - 11.0).abs() < 1e-9 && (first.end - 11.5).abs() < 1e-9);
        let second = to_input_clock(word(4.5, 5.0), &pieces);
        assert!((second.start - 30.5).abs() < 1e-9 && (second.end - 31.0).abs() < 1e-9);
        let straddling = to_input_clock(word(3.8, 4.3), &pieces);
        assert!(
            (straddling.start - 13.8).abs() < 1e-9 && (straddling.end - 14.0).abs() < 1e-9,
            "clamped to its piece"
        );
    }

    #[test]
    fn unworded_speech_is_found_between_words_and_bounded_by_them() {
        // 20 s of speech probabilities with a pause at 9.0-9.5 s.
        let windows = 20 * 16_000 / WINDOW;
        let probabilities: Vec<f32> = (0..windows)
            .map(|w| if (9.0..9.5).contains(&seconds(w * WINDOW)) { 0.05 } else { 0.9 })
            .collect();
        let span = Span {
            start: 0,
            end: 20 * 16_000,
        };
        // Words cover 0-9 s and 15-20 s: 9.5-15 s is speech without words.
        let mut words: Vec<Word> = (0..18).map(|i| word(i as f64 * 0.5, i as f64 * 0.5 + 0.4)).collect();
        words.extend((0..10).map(|i| word(15.0 + i as f64 * 0.5, 15.0 + i as f64 * 0.5 + 0.4)));
        let gaps = unworded_speech(&probabilities, &words, span, 0.5);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        let (start, end) = (seconds(gaps[0].start), seconds(gaps[0].end));
        assert!((8.9..=9.5).contains(&start), "starts in the pause after the last word: {start}");
        assert!(end <= 15.0 && end > 14.5, "ends before the next word: {end}");
        assert!(unworded_speech(
            &probabilities[..],
            &(0..40).map(|i| word(i as f64 * 0.5, i as f64 * 0.5 + 0.45)).collect::<Vec<_>>(),
            span,
            0.5
        )
        .is_empty());
    }
}
