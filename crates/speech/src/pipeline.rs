//! The transcription pipeline: probe → stream audio → VAD → chunks cut in pauses →
//! Whisper per chunk → transcript. Audio is never held whole: the consumer keeps only
//! the samples of the chunk being built.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reelcut_core::settings::{AsrBackend, Settings};
use reelcut_media::audio::{self, AudioRequest};
use reelcut_media::probe::{self, MediaInfo};
use reelcut_media::{MediaError, Processes};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::chunking::{ChunkPlanner, PlannerConfig, Span};
use crate::transcript::{Transcript, Word};
use crate::vad::{Vad, WINDOW};
use crate::whisper::{model_dir, EngineOptions, WhisperEngine};
use crate::SpeechError;

const SAMPLES_PER_SECOND: usize = audio::SAMPLE_RATE as usize;

/// Reports (seconds of input transcribed so far, input duration).
pub type ProgressFn = Arc<dyn Fn(f64, f64) + Send + Sync>;

pub struct TranscribeRequest<'a> {
    pub settings: &'a Settings,
    pub processes: &'a Processes,
    pub input: &'a Path,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
}

pub async fn transcribe(request: TranscribeRequest<'_>) -> Result<Transcript, SpeechError> {
    let settings = request.settings;
    let timeout = Duration::from_secs(settings.media.probe_timeout_s);
    let info = probe::probe(request.processes, &settings.media.ffprobe, request.input, timeout).await?;
    if info.audio.is_none() {
        return Err(MediaError::NoAudio { path: request.input.to_path_buf() }.into());
    }
    match settings.speech.backend {
        AsrBackend::Remote => crate::remote::transcribe(&request, &info).await,
        AsrBackend::Local => transcribe_locally(request, info).await,
    }
}

async fn transcribe_locally(request: TranscribeRequest<'_>, info: MediaInfo) -> Result<Transcript, SpeechError> {
    let settings = request.settings.clone();
    let duration = info.duration_s;
    // Models load off the async runtime (hundreds of milliseconds).
    let loader_settings = settings.clone();
    let (engine, vad) = tokio::task::spawn_blocking(move || load_models(&loader_settings))
        .await
        .map_err(|e| SpeechError::Inference(format!("model loading panicked: {e}")))??;
    if let Some(language) = &settings.speech.language {
        engine.check_language(language)?;
    }

    let (sender, receiver) = mpsc::channel::<Vec<f32>>(8);
    let cancel = request.cancel.clone();
    let progress = request.progress.clone();
    let consumer = tokio::task::spawn_blocking(move || consume(engine, vad, &settings, receiver, cancel, progress, duration));
    let decode = audio::stream_pcm(
        request.processes,
        AudioRequest { ffmpeg: &request.settings.media.ffmpeg, path: request.input, cancel: request.cancel.clone(), progress: None },
        sender,
    );
    let decoded = decode.await;
    let transcript = consumer.await.map_err(|e| SpeechError::Inference(format!("transcription panicked: {e}")))?;
    if request.cancel.is_cancelled() {
        return Err(SpeechError::Cancelled);
    }
    decoded?;
    transcript
}

fn load_models(settings: &Settings) -> Result<(WhisperEngine, Option<Vad>), SpeechError> {
    let dir = model_dir(&settings.models_dir, &settings.speech.model);
    let options = EngineOptions {
        compute_type: settings.speech.compute_type.clone(),
        threads: settings.speech.threads,
        beam_size: settings.speech.beam_size,
    };
    let engine = WhisperEngine::load(&dir, &options)?;
    let vad = if settings.speech.vad { Some(Vad::load(&settings.models_dir, &vad_model_path(&settings.models_dir))?) } else { None };
    Ok((engine, vad))
}

pub fn vad_model_path(models_dir: &Path) -> PathBuf {
    models_dir.join("silero-vad").join("silero_vad.onnx")
}

/// State of the blocking consumer: the audio not yet handed to Whisper.
struct Pending {
    samples: Vec<f32>,
    /// Absolute index of `samples[0]`.
    base: usize,
}

impl Pending {
    fn take(&mut self, span: Span) -> Vec<f32> {
        let from = span.start.saturating_sub(self.base).min(self.samples.len());
        let to = span.end.saturating_sub(self.base).min(self.samples.len());
        let chunk = self.samples[from..to].to_vec();
        self.samples.drain(..to);
        self.base += to;
        chunk
    }
}

fn consume(
    engine: WhisperEngine,
    mut vad: Option<Vad>,
    settings: &Settings,
    mut receiver: mpsc::Receiver<Vec<f32>>,
    cancel: CancellationToken,
    progress: Option<ProgressFn>,
    duration: f64,
) -> Result<Transcript, SpeechError> {
    let max_chunk = (settings.speech.max_chunk_s * SAMPLES_PER_SECOND as f32) as usize;
    let mut planner = ChunkPlanner::new(PlannerConfig::new(settings.speech.vad_threshold, settings.speech.max_chunk_s));
    let mut pending = Pending { samples: Vec::new(), base: 0 };
    let mut total = 0usize;
    // Samples already given to the VAD (it needs whole windows).
    let mut vad_cursor = 0usize;
    let mut language = settings.speech.language.clone().map(|l| (l, 1.0f32));
    let mut chunks: Vec<Vec<Word>> = Vec::new();

    let mut run_chunk = |span: Span, samples: Vec<f32>, language: &mut Option<(String, f32)>| -> Result<(), SpeechError> {
        if cancel.is_cancelled() {
            return Err(SpeechError::Cancelled);
        }
        if samples.is_empty() {
            return Ok(());
        }
        let (lang, _) = match language {
            Some(l) => l.clone(),
            None => {
                let detected = engine.detect_language(&samples)?;
                tracing::info!(language = %detected.0, probability = detected.1, "language detected");
                *language = Some(detected.clone());
                detected
            }
        };
        let offset = span.start as f64 / SAMPLES_PER_SECOND as f64;
        let text = engine.transcribe_chunk(&samples, offset, &lang)?;
        tracing::debug!(start = offset, end = span.end as f64 / SAMPLES_PER_SECOND as f64, words = text.words.len(), "chunk transcribed");
        chunks.push(text.words);
        if let Some(report) = &progress {
            report(span.end as f64 / SAMPLES_PER_SECOND as f64, duration);
        }
        Ok(())
    };

    while let Some(block) = receiver.blocking_recv() {
        if cancel.is_cancelled() {
            return Err(SpeechError::Cancelled);
        }
        total += block.len();
        pending.samples.extend_from_slice(&block);
        let mut ready = Vec::new();
        match vad.as_mut() {
            Some(vad) => {
                while vad_cursor + WINDOW <= total {
                    let from = vad_cursor - pending.base;
                    let p = vad.probability(&pending.samples[from..from + WINDOW])?;
                    vad_cursor += WINDOW;
                    ready.extend(planner.push(p));
                }
            }
            // Without VAD, fixed windows: words at the cuts may be lost (documented).
            None => {
                // Blocks (2 s) are far shorter than a chunk, so at most one is ready.
                if total - pending.base >= max_chunk {
                    ready.push(Span { start: pending.base, end: pending.base + max_chunk });
                }
            }
        }
        for span in ready {
            let samples = pending.take(span);
            run_chunk(span, samples, &mut language)?;
        }
    }
    // The tail: the last partial VAD window, then whatever is still open.
    if let Some(vad) = vad.as_mut() {
        if vad_cursor < total {
            let from = vad_cursor - pending.base;
            let p = vad.probability(&pending.samples[from..])?;
            vad_cursor = total;
            for span in planner.push(p) {
                let samples = pending.take(span);
                run_chunk(span, samples, &mut language)?;
            }
        }
        debug_assert_eq!(vad_cursor, total);
        for span in planner.finish(total) {
            let samples = pending.take(span);
            run_chunk(span, samples, &mut language)?;
        }
    } else if pending.base < total {
        let span = Span { start: pending.base, end: total };
        let samples = pending.take(span);
        run_chunk(span, samples, &mut language)?;
    }

    let (language, probability) = language.unwrap_or_else(|| (settings.speech.language.clone().unwrap_or_else(|| "en".into()), 0.0));
    let decoded_seconds = total as f64 / SAMPLES_PER_SECOND as f64;
    Ok(Transcript::assemble(language, probability, decoded_seconds, engine.name().to_string(), chunks))
}
