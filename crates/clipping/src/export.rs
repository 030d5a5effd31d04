//! Exports: chosen clips of a finished clipping run, drawn again with new render
//! settings — aspect or the original frame, resolution, layout, caption look, a second
//! caption language, a hook in a tone — from what the run kept (`clips.json`,
//! `analysis.json`). Speech, moment scoring and face analysis never run again: a new
//! aspect or layout re-plans the camera from the kept face tracks. The original clips
//! stay; an export writes its own directory with its own `clips.json`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use reelcut_captions::Overlay;
use reelcut_core::Settings;
use reelcut_llm::{hooks, Backend};
use reelcut_look::{camera, CropTrack};
use reelcut_media::process::Invocation;
use reelcut_media::Processes;
use reelcut_speech::{Task, Word};
use tokio_util::sync::CancellationToken;

use crate::analysis::Analysis;
use crate::manifest::{ClipRecord, Manifest, StageTiming};
use crate::render::{self, ClipPlan, Drawing};
use crate::{write_err, ClippingError, ProgressFn, Stage};

pub use crate::export_options::{ExportOptions, Frame, HookChoice, HookField, HookPosition, Trim};

pub struct ExportJob<'a> {
    pub settings: &'a Settings,
    pub processes: &'a Processes,
    /// The clipping run's output directory (`clips.json`, `analysis.json`).
    pub clips_dir: &'a Path,
    /// The source video; `None`: the path the run's `clips.json` names.
    pub input: Option<&'a Path>,
    pub out_dir: &'a Path,
    pub options: &'a ExportOptions,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
}

/// What a run kept, loaded and checked, and who writes the hooks.
struct Kept {
    manifest: Manifest,
    analysis: Analysis,
    input: PathBuf,
    chosen: Vec<usize>,
    /// A text model for hooks (`llm.url`, or `llm.embedded`); `None`: the extractive writer.
    writer: Option<Backend>,
}

/// Runs an export and writes its clips, `clips.json` and `index.html` into `out_dir`.
pub async fn export(job: ExportJob<'_>) -> Result<Manifest, ClippingError> {
    let mut stages = Vec::new();
    let started = Instant::now();
    let mut kept = load(&job).await?;
    kept.writer = hook_writer(&job);
    let translating = translation_wanted(job.settings, &kept.manifest.language, job.options.target_language.as_deref())?;
    // Only now: a refused export leaves no directory behind.
    std::fs::create_dir_all(job.out_dir).map_err(write_err(job.out_dir))?;
    stages.push(timing("load", started));

    let mut translations: Vec<Option<Vec<Word>>> = vec![None; kept.chosen.len()];
    if translating {
        let started = Instant::now();
        for (n, &i) in kept.chosen.iter().enumerate() {
            report(&job, Stage::Translate, n as f64, kept.chosen.len() as f64);
            translations[n] = Some(translate(&job, &kept, &kept.clip(i, &job.options.trims)).await?);
        }
        stages.push(timing("translate", started));
    }

    let started = Instant::now();
    let records = draw_all(&job, &kept, &translations).await?;
    stages.push(timing("render", started));

    let source = (kept.manifest.source.width, kept.manifest.source.height);
    let mut notes = Vec::new();
    if translating {
        notes.push(
            "captions and hooks are translated (Whisper's translate task); titles, descriptions and tags stay in the spoken language"
                .into(),
        );
    }
    let manifest = Manifest {
        source: kept.manifest.source.clone(),
        language: kept.manifest.language.clone(),
        aspect_ratio: job.options.frame.label(source),
        resolution: format!("{}p", job.options.resolution),
        caption_style: job.options.caption_style.map(|s| s.name().to_string()),
        method: kept.manifest.method.clone(),
        notes,
        stages,
        clips: records,
    };
    crate::write_manifest(&manifest, job.out_dir)?;
    Ok(manifest)
}

fn timing(stage: &str, started: Instant) -> StageTiming {
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(stage, seconds, "export stage done");
    StageTiming {
        stage: stage.into(),
        seconds: (seconds * 1000.0).round() / 1000.0,
        cached: false,
    }
}

fn report(job: &ExportJob, stage: Stage, done: f64, total: f64) {
    if let Some(p) = &job.progress {
        p(stage, done, total);
    }
}

/// Reads the run's files, picks the clips, and checks the source is the one clipped.
async fn load(job: &ExportJob<'_>) -> Result<Kept, ClippingError> {
    let path = job.clips_dir.join("clips.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ClippingError::Export(format!(
            "{} cannot be read ({e}): export needs a directory written by `reelcut clip`",
            path.display()
        ))
    })?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| ClippingError::Export(format!("{} is not a reelcut clips.json: {e}", path.display())))?;
    let analysis = Analysis::read(job.clips_dir)?;
    let count = manifest.clips.len();
    let chosen = match &job.options.clips {
        None => (0..count).collect(),
        Some(list) => {
            if let Some(bad) = list.iter().find(|&&i| i >= count) {
                return Err(ClippingError::Export(format!(
                    "there is no clip {bad}: this run has {count} clips (0 … {})",
                    count.saturating_sub(1)
                )));
            }
            list.clone()
        }
    };
    if chosen.is_empty() {
        return Err(ClippingError::Export("no clips to export".into()));
    }
    for trim in &job.options.trims {
        let clip = chosen
            .contains(&trim.clip)
            .then(|| &manifest.clips[trim.clip])
            .ok_or_else(|| ClippingError::Export(format!("clip {} is trimmed but not exported", trim.clip)))?;
        trim.check(clip.start, clip.end).map_err(ClippingError::Export)?;
    }
    let input = job.input.map_or_else(|| PathBuf::from(&manifest.source.path), Path::to_path_buf);
    let hashed = input.clone();
    let sha256 = tokio::task::spawn_blocking(move || crate::cache::file_hash(&hashed))
        .await
        .map_err(|e| ClippingError::InvalidMedia(e.to_string()))?
        .map_err(|e| ClippingError::Export(format!("the source video {} cannot be read: {e}", input.display())))?;
    if sha256 != manifest.source.sha256 {
        return Err(ClippingError::Export(format!(
            "{} is not the video these clips were cut from (its content changed)",
            input.display()
        )));
    }
    Ok(Kept {
        manifest,
        analysis,
        input,
        chosen,
        writer: None,
    })
}

/// The text model that writes hooks, when one is configured and loads; a model that
/// fails to load leaves the extractive writer (logged), it never fails the export.
fn hook_writer(job: &ExportJob) -> Option<Backend> {
    let llm = &job.settings.llm;
    if job.options.hook.is_none() || !(llm.enabled() || llm.embedded) {
        return None;
    }
    Backend::from_settings(llm, &job.settings.models_dir)
        .map_err(|e| tracing::warn!(error = %e, "no text model for hooks; writing them from the transcript"))
        .ok()
}

/// Whether captions spoken in `spoken` get a second language, `target`; refuses a
/// language this server cannot translate into, before any work is done (dialects call
/// it when an export is requested, the export again when it starts).
pub fn translation_wanted(settings: &Settings, spoken: &str, target: Option<&str>) -> Result<bool, ClippingError> {
    let Some(target) = target else {
        return Ok(false);
    };
    if target == spoken {
        return Ok(false);
    }
    let speech = &settings.speech;
    let whisper_can = target == "en" && speech.backend == reelcut_core::settings::AsrBackend::Local && !speech.model.ends_with(".en");
    if whisper_can {
        return Ok(true);
    }
    let why = if target == "en" {
        "speech.backend must be `local` with a multilingual Whisper model (speech.model)".to_string()
    } else {
        format!("only English is translated offline (Whisper's translate task); `{target}` needs a text-generation server (llm.url), which exports do not use yet")
    };
    Err(ClippingError::TranslationUnavailable(format!(
        "cannot translate captions from `{spoken}` into `{target}`: {why}"
    )))
}

/// The clip's speech in English, with word times relative to the clip's start.
async fn translate(job: &ExportJob<'_>, kept: &Kept, clip: &ClipRecord) -> Result<Vec<Word>, ClippingError> {
    let wav = job.out_dir.join(format!(".translate-{:02}.wav", clip.index));
    let duration = clip.end - clip.start;
    let invocation = Invocation::ffmpeg(&job.settings.media.ffmpeg)
        .args(["-ss", &format!("{:.3}", clip.start), "-t", &format!("{duration:.3}")])
        .args(["-i".as_ref(), kept.input.as_os_str()])
        .args(["-vn", "-ac", "1", "-ar", "16000", "-y"])
        .args([wav.as_os_str()])
        .media_seconds(duration)
        .cancel_on(job.cancel.clone());
    job.processes.output(invocation).await.map_err(reelcut_media::MediaError::from)?;
    let mut settings = job.settings.clone();
    settings.speech.language = Some(kept.manifest.language.clone());
    let translated = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: &settings,
        processes: job.processes,
        input: &wav,
        cancel: job.cancel.clone(),
        progress: None,
        task: Task::Translate,
    })
    .await;
    std::fs::remove_file(&wav).ok();
    Ok(translated?.words)
}

async fn draw_all(job: &ExportJob<'_>, kept: &Kept, translations: &[Option<Vec<Word>>]) -> Result<Vec<ClipRecord>, ClippingError> {
    let work = job.out_dir.join(".work");
    std::fs::create_dir_all(&work).map_err(write_err(&work))?;
    let source = &kept.manifest.source;
    let size = job.options.frame.size(job.options.resolution, (source.width, source.height));
    let drawing = Drawing {
        ffmpeg: &job.settings.media.ffmpeg,
        processes: job.processes,
        input: &kept.input,
        source,
        out_dir: job.out_dir,
        work: &work,
        size,
        style: job.options.caption_style,
        display: job.options.display,
        cancel: job.cancel.clone(),
    };
    // As many at once as the clipping run draws (see `stages::render_all`).
    let slots = tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()));
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut draws = Vec::with_capacity(kept.chosen.len());
    for (&i, translation) in kept.chosen.iter().zip(translations) {
        let (drawing, slots, done) = (&drawing, &slots, &done);
        draws.push(async move {
            let _slot = slots.acquire().await.expect("the semaphore is never closed");
            let record = draw_one(job, kept, drawing, i, translation.clone()).await;
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            report(job, Stage::Render, n as f64, kept.chosen.len() as f64);
            record
        });
    }
    let records: Result<Vec<ClipRecord>, ClippingError> = futures::future::join_all(draws).await.into_iter().collect();
    std::fs::remove_dir_all(&work).ok();
    records
}

async fn draw_one(
    job: &ExportJob<'_>,
    kept: &Kept,
    drawing: &Drawing<'_>,
    i: usize,
    translation: Option<Vec<Word>>,
) -> Result<ClipRecord, ClippingError> {
    let clip = &kept.clip(i, &job.options.trims);
    let seen = kept
        .analysis
        .clips
        .get(i)
        .ok_or_else(|| ClippingError::Export(format!("analysis.json has no face track for clip {i}")))?;
    let source = (kept.manifest.source.width, kept.manifest.source.height);
    // The face track and thumbnail time are the run's, counted from the clip's first start.
    let offset = clip.start - kept.manifest.clips[i].start;
    let crop = match job.options.frame {
        Frame::Original => CropTrack::centred(source, source.0 as f64 / source.1 as f64, seen.scene.fps, 1),
        Frame::Aspect(a) => camera::plan(&seen.scene, &seen.speakers, a.ratio(), job.options.layout).starting_at(offset),
    };
    let words = reelcut_captions::clip_words(&kept.analysis.transcript.words, clip.start, clip.end);
    let duration = clip.end - clip.start;
    let hook_text = match &job.options.hook {
        Some(h) => Some(hook_line(h, clip, translation.as_deref().unwrap_or(&words), kept.writer.as_ref()).await),
        None => None,
    };
    let hook = job.options.hook.as_ref().zip(hook_text.as_deref()).map(|(h, text)| {
        let seconds = h.seconds.clamp(0.5, duration);
        let (from, to) = match h.position {
            HookPosition::Beginning => (0.0, seconds),
            HookPosition::End => (duration - seconds, duration),
        };
        Overlay { text, from, to }
    });
    let stem = format!("clip-{:02}", clip.index);
    let plan = ClipPlan {
        stem: stem.clone(),
        start: clip.start,
        end: clip.end,
        words,
        translation,
        tags: &clip.tags,
        hook,
        crop: &crop,
        thumbnail_at: (seen.thumbnail_at - offset).clamp(0.0, duration),
    };
    render::draw(drawing, &plan).await?;
    let (width, height) = drawing.size;
    Ok(ClipRecord {
        aspect_ratio: job.options.frame.label(source),
        width,
        height,
        video: format!("{stem}.mp4"),
        thumbnail: format!("{stem}.jpg"),
        srt: format!("{stem}.srt"),
        vtt: format!("{stem}.vtt"),
        hook_text,
        upscaled: crop.crop.1 < height || crop.crop.0 < width,
        crop_track: crop,
        ..clip.clone()
    })
}

impl Kept {
    /// Clip `i`'s record, with its trimmed window when the export trims it.
    fn clip(&self, i: usize, trims: &[Trim]) -> ClipRecord {
        let clip = &self.manifest.clips[i];
        let Some(trim) = trims.iter().find(|t| t.clip == i) else {
            return clip.clone();
        };
        let inside = reelcut_captions::clip_words(&self.analysis.transcript.words, trim.start, trim.end);
        ClipRecord {
            start: trim.start,
            end: trim.end,
            duration_seconds: ((trim.end - trim.start) * 1000.0).round() / 1000.0,
            transcript: inside.iter().map(|w| w.text.trim()).collect::<Vec<_>>().join(" "),
            ..clip.clone()
        }
    }
}

/// The hook for a clip, written from the words shown (the translation when there is
/// one), by the text model when there is one.
async fn hook_line(choice: &HookChoice, clip: &ClipRecord, words: &[Word], writer: Option<&Backend>) -> String {
    let sentences: Vec<String> = reelcut_speech::sentences::split(words).into_iter().map(|s| s.text).collect();
    // The moment's question is in the spoken language: only offered when captions are too.
    let spoken = words.first().map(|w| w.text.as_str()) == clip.transcript.split_whitespace().next();
    let source = hooks::HookSource {
        sentences: &sentences,
        question: if spoken { &clip.hooks.question } else { "" },
        keywords: choice.keywords.as_deref(),
    };
    match writer {
        Some(backend) => hooks::write_with(backend, &source, choice.tone).await.text,
        None => hooks::write(&source, choice.tone),
    }
}
