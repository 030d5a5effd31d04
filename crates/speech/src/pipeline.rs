//! Local transcription: stream audio → VAD → chunks cut in pauses → Whisper per chunk
//! → transcript. Audio is never held whole: the consumer keeps only
//! the samples of the chunk being built.

use std::path::{Path, PathBuf};

use reelcut_core::settings::Settings;
use reelcut_media::audio::{self, AudioRequest};
use reelcut_media::probe::MediaInfo;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::chunking::{Chunk, ChunkPlanner, PlannerConfig, Span};
use crate::decoder::Decoder;
use crate::request::{ProgressFn, TranscribeRequest};
use crate::transcript::Transcript;
use crate::vad::{Vad, WINDOW};
use crate::whisper::{model_dir, EngineOptions, PreviousText, WhisperEngine};
use crate::SpeechError;

const SAMPLES_PER_SECOND: usize = audio::SAMPLE_RATE as usize;

pub(crate) async fn transcribe_locally(request: TranscribeRequest<'_>, info: MediaInfo) -> Result<Transcript, SpeechError> {
    let settings = request.settings.clone();
    let duration = info.duration_s;
    // Models load off the async runtime (hundreds of milliseconds).
    let loader_settings = settings.clone();
    let (mut engine, vad) = tokio::task::spawn_blocking(move || load_models(&loader_settings))
        .await
        .map_err(|e| SpeechError::Inference(format!("model loading panicked: {e}")))??;
    engine.set_task(request.task)?;
    if let Some(language) = &settings.speech.language {
        engine.check_language(language)?;
    }

    let (sender, receiver) = mpsc::channel::<Vec<f32>>(8);
    let cancel = request.cancel.clone();
    let progress = request.progress.clone();
    let consumer = tokio::task::spawn_blocking(move || consume(engine, vad, &settings, receiver, cancel, progress, duration));
    let decode = audio::stream_pcm(
        request.processes,
        AudioRequest {
            ffmpeg: &request.settings.media.ffmpeg,
            path: request.input,
            cancel: request.cancel.clone(),
            progress: None,
            media_seconds: Some(duration),
        },
        sender,
    );
    let decoded = decode.await;
    let transcript = consumer
        .await
        .map_err(|e| SpeechError::Inference(format!("transcription panicked: {e}")))?;
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
    let vad = if settings.speech.vad {
        Some(Vad::load(&settings.models_dir, &vad_model_path(&settings.models_dir))?)
    } else {
        None
    };
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
    let mut pending = Pending {
        samples: Vec::new(),
        base: 0,
    };
    let mut total = 0usize;
    // Samples already given to the VAD (it needs whole windows).
    let mut vad_cursor = 0usize;
    let mut decoder = Decoder {
        engine,
        settings,
        language: settings.speech.language.clone().map(|l| (l, 1.0f32)),
        chunks: Vec::new(),
        previous: PreviousText::default(),
        cancel: cancel.clone(),
        progress,
        duration,
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
                    ready.push(Chunk::whole(Span {
                        start: pending.base,
                        end: pending.base + max_chunk,
                    }));
                }
            }
        }
        for chunk in ready {
            let samples = pending.take(chunk.extent);
            decoder.decode(&chunk, &samples, vad.is_some().then(|| planner.probabilities()))?;
        }
    }
    decode_tail(vad.as_mut(), &mut planner, &mut pending, vad_cursor, total, &mut decoder)?;

    let (language, probability) = decoder
        .language
        .unwrap_or_else(|| (settings.speech.language.clone().unwrap_or_else(|| "en".into()), 0.0));
    let decoded_seconds = total as f64 / SAMPLES_PER_SECOND as f64;
    Ok(Transcript::assemble(
        language,
        probability,
        decoded_seconds,
        decoder.engine.name().to_string(),
        decoder.chunks,
    ))
}

/// The end of the input: the last partial VAD window, then whatever is still open.
fn decode_tail(
    vad: Option<&mut Vad>,
    planner: &mut ChunkPlanner,
    pending: &mut Pending,
    vad_cursor: usize,
    total: usize,
    decoder: &mut Decoder<'_>,
) -> Result<(), SpeechError> {
    if let Some(vad) = vad {
        let mut ready = Vec::new();
        if vad_cursor < total {
            let from = vad_cursor - pending.base;
            ready.extend(planner.push(vad.probability(&pending.samples[from..])?));
        }
        ready.extend(planner.finish(total));
        for chunk in ready {
            let samples = pending.take(chunk.extent);
            decoder.decode(&chunk, &samples, Some(planner.probabilities()))?;
        }
    } else if pending.base < total {
        let chunk = Chunk::whole(Span {
            start: pending.base,
            end: total,
        });
        let samples = pending.take(chunk.extent);
        decoder.decode(&chunk, &samples, None)?;
    }

    Ok(())
}
