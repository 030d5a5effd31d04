//! The clipping pipeline: a long video in, finished clips out. Audio decides before any
//! pixel is decoded: transcript → moments → (only inside the chosen windows) faces and
//! camera path → one ffmpeg render per clip. Each analysis stage's artifact is cached
//! under a content-hash key, so a re-export with new render options (style, aspect,
//! resolution, hook) re-runs only the render stage.

pub mod analysis;
pub mod cache;
pub mod export;
mod export_options;
pub mod gallery;
pub mod manifest;
pub mod output;
pub mod overrides;
pub mod parts;
mod render;
mod stages;

use std::path::Path;
use std::time::Instant;

use reelcut_captions::Style;
use reelcut_core::{Code, ErrorCode, Settings};
use reelcut_media::Processes;
use tokio_util::sync::CancellationToken;

pub use manifest::{ClipRecord, Manifest, StageTiming};
pub use output::Aspect;
pub use reelcut_look::LayoutChoice;

#[derive(Debug, Clone)]
pub struct ClipOptions {
    pub moments: reelcut_moments::Request,
    pub aspect: Aspect,
    /// Short side of the output in pixels (480 … 2160).
    pub resolution: u32,
    /// `None`: no burned-in captions (SRT/VTT are still written).
    pub caption_style: Option<Style>,
    /// Overlay the moment's hook for the first seconds.
    pub hook: bool,
    /// Fill, split, fit, or decided per clip from what it shows.
    pub layout: LayoutChoice,
    /// Crop tracks that replace the computed ones for clips with the same window.
    pub crop_overrides: Vec<overrides::CropOverride>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Probe,
    Transcribe,
    Moments,
    Look,
    Translate,
    Render,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Probe => "probe",
            Stage::Transcribe => "transcribe",
            Stage::Moments => "moments",
            Stage::Look => "look",
            Stage::Translate => "translate",
            Stage::Render => "render",
        }
    }
}

/// Progress: the stage and its done/total (seconds of media, or clips).
pub type ProgressFn = std::sync::Arc<dyn Fn(Stage, f64, f64) + Send + Sync>;

#[derive(Clone)]
pub struct ClipJob<'a> {
    pub settings: &'a Settings,
    pub processes: &'a Processes,
    pub input: &'a Path,
    pub out_dir: &'a Path,
    pub options: &'a ClipOptions,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
}

#[derive(Debug, thiserror::Error)]
pub enum ClippingError {
    #[error("{0}")]
    InvalidMedia(String),
    #[error(transparent)]
    Media(#[from] reelcut_media::MediaError),
    #[error(transparent)]
    Speech(#[from] reelcut_speech::SpeechError),
    #[error(transparent)]
    Moments(#[from] reelcut_moments::MomentsError),
    #[error(transparent)]
    Look(#[from] reelcut_look::LookError),
    #[error("crop track override for the clip at {start:.3}–{end:.3} s: {message}")]
    Override { start: f64, end: f64, message: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{0}")]
    Export(String),
    #[error("{0}")]
    TranslationUnavailable(String),
    #[error("cancelled")]
    Cancelled,
}

impl ErrorCode for ClippingError {
    fn code(&self) -> Code {
        match self {
            ClippingError::InvalidMedia(_) => Code::InvalidMedia,
            ClippingError::Media(e) => e.code(),
            ClippingError::Speech(e) => e.code(),
            ClippingError::Moments(e) => e.code(),
            ClippingError::Look(e) => e.code(),
            ClippingError::Write { .. } | ClippingError::Override { .. } | ClippingError::Export(_) => Code::InvalidParameter,
            ClippingError::TranslationUnavailable(_) => Code::TranslationUnavailable,
            ClippingError::Cancelled => Code::Cancelled,
        }
    }
    fn param(&self) -> Option<&str> {
        match self {
            ClippingError::Media(e) => e.param(),
            ClippingError::Speech(e) => e.param(),
            ClippingError::Moments(e) => e.param(),
            ClippingError::Write { .. } => Some("out"),
            ClippingError::Override { .. } => Some("crop_track"),
            ClippingError::Export(_) => Some("clips"),
            ClippingError::TranslationUnavailable(_) => Some("target_lang"),
            _ => None,
        }
    }
}

pub(crate) fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> ClippingError + '_ {
    move |source| ClippingError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Runs the whole pipeline and writes clips, thumbnails, SRT/VTT, `clips.json` and
/// `index.html` into `job.out_dir`. A talk without speech gives an empty clip list
/// (and a note saying so), not an error.
pub async fn run(job: ClipJob<'_>) -> Result<Manifest, ClippingError> {
    std::fs::create_dir_all(job.out_dir).map_err(write_err(job.out_dir))?;
    let mut timings = Vec::new();
    let mut timed = |stage: Stage, started: Instant, cached: bool| {
        let seconds = started.elapsed().as_secs_f64();
        tracing::info!(stage = stage.name(), seconds, cached, "stage done");
        timings.push(StageTiming {
            stage: stage.name().to_string(),
            seconds: (seconds * 1000.0).round() / 1000.0,
            cached,
        });
    };
    let started = Instant::now();
    let source = stages::probe(&job).await?;
    timed(Stage::Probe, started, false);

    let started = Instant::now();
    let (analysis, cached) = stages::listen(&job, &source).await?;
    timed(Stage::Transcribe, started, cached);

    let started = Instant::now();
    let (moments, cached) = stages::choose(&job, &source, &analysis).await?;
    timed(Stage::Moments, started, cached);

    let started = Instant::now();
    let (looks, cached) = stages::look(&job, &source, &analysis, &moments.moments).await?;
    timed(Stage::Look, started, cached);

    let started = Instant::now();
    let clips = stages::render_all(&job, &source, &analysis.transcript, &moments.moments, &looks).await?;
    timed(Stage::Render, started, false);
    let seen = looks.into_iter().map(|l| l.seen).collect();
    let manifest = finished(&job, source, &analysis.transcript, &moments, timings, clips);
    analysis::Analysis::new(analysis.transcript, seen).write(job.out_dir)?;
    write_manifest(&manifest, job.out_dir)?;
    Ok(manifest)
}

/// The run's manifest: its source, clips and notes (an upscaled clip is noted).
pub(crate) fn finished(
    job: &ClipJob<'_>,
    source: manifest::Source,
    transcript: &reelcut_speech::Transcript,
    moments: &reelcut_moments::Moments,
    stages: Vec<StageTiming>,
    clips: Vec<ClipRecord>,
) -> Manifest {
    let mut notes = moments.notes.clone();
    if clips.iter().any(|c| c.upscaled) {
        notes.push(format!(
            "some clips are upscaled: the {} crop of this {}×{} source is smaller than {}p output",
            job.options.aspect.label(),
            source.width,
            source.height,
            job.options.resolution
        ));
    }
    Manifest {
        source,
        language: transcript.language.clone(),
        aspect_ratio: job.options.aspect.label().to_string(),
        resolution: format!("{}p", job.options.resolution),
        caption_style: job.options.caption_style.map(|s| s.name().to_string()),
        method: moments.method.clone(),
        notes,
        stages,
        clips,
    }
}

/// `clips.json` (the manifest) and `index.html` (the gallery made from it).
pub(crate) fn write_manifest(manifest: &Manifest, dir: &Path) -> Result<(), ClippingError> {
    let json = dir.join("clips.json");
    std::fs::write(&json, serde_json::to_string_pretty(manifest).expect("manifest serialises")).map_err(write_err(&json))?;
    let html = dir.join("index.html");
    std::fs::write(&html, gallery::page(manifest)).map_err(write_err(&html))?;
    Ok(())
}
