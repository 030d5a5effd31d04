//! The pipeline's stages, each with its cache key.

use std::time::Duration;

use reelcut_captions::{Display, Overlay};
use reelcut_look::{camera, frames::FrameRequest, scene::Scene, speaker, speaker::Speakers, Cadence, CropTrack, FaceDetector};
use reelcut_media::probe::MediaInfo;
use reelcut_moments::{Embedder, FrameTrack, Moment, Moments};
use reelcut_speech::Transcript;
use serde::{Deserialize, Serialize};

use crate::cache::{self, Cache};
use crate::manifest::{ClipRecord, Source};
use crate::overrides;
use crate::render::{self, ClipPlan, Drawing};
use crate::{write_err, ClipJob, ClippingError, Stage};

/// Faces are looked for this many times a second inside each clip.
const LOOK_FPS: f64 = 5.0;
const HOOK_SECONDS: f64 = 3.0;
/// Part of the look cache key: bumped when the analysis itself changes (2: speaker by
/// envelope correlation, split layout; 3: half-size face search between full-size ones;
/// 4: faces and speakers are kept, the camera is planned from them per aspect).
const LOOK_VERSION: u32 = 4;

fn cache(job: &ClipJob) -> Result<Cache, ClippingError> {
    Cache::new(&job.settings.cache_dir).map_err(write_err(&job.settings.cache_dir))
}

fn report(job: &ClipJob, stage: Stage, done: f64, total: f64) {
    if let Some(p) = &job.progress {
        p(stage, done, total);
    }
}

pub async fn probe(job: &ClipJob<'_>) -> Result<Source, ClippingError> {
    let media = &job.settings.media;
    let info = reelcut_media::probe::probe(job.processes, &media.ffprobe, job.input, Duration::from_secs(media.probe_timeout_s)).await?;
    describe(job, info).await
}

/// The input's facts from what ffprobe said of it (`info`), and its content hash.
pub async fn describe(job: &ClipJob<'_>, info: MediaInfo) -> Result<Source, ClippingError> {
    let name = job.input.display();
    let Some(video) = info.video else {
        // Documented choice: clips are video; audio-only talks go through `reelcut moments`.
        return Err(ClippingError::InvalidMedia(format!(
            "{name} has no video stream: `reelcut clip` makes video clips (use `reelcut moments` for audio)"
        )));
    };
    if info.duration_s <= 0.0 {
        return Err(ClippingError::InvalidMedia(format!("{name} has zero length")));
    }
    let (width, height) = video.display_size();
    let path = job.input.to_path_buf();
    let sha256 = tokio::task::spawn_blocking(move || cache::file_hash(&path))
        .await
        .map_err(|e| ClippingError::InvalidMedia(e.to_string()))?
        .map_err(reelcut_media::MediaError::Io)?;
    Ok(Source {
        path: job.input.display().to_string(),
        duration_seconds: info.duration_s,
        width,
        height,
        fps: video.fps,
        variable_frame_rate: video.variable_frame_rate,
        has_audio: info.audio.is_some(),
        sha256,
    })
}

#[derive(Serialize, Deserialize)]
pub struct Heard {
    pub transcript: Transcript,
    pub track: FrameTrack,
}

/// Transcript and loudness/pitch track, cached by input hash and speech settings.
pub async fn listen(job: &ClipJob<'_>, source: &Source) -> Result<(Heard, bool), ClippingError> {
    let speech = serde_json::to_string(&job.settings.speech).expect("settings serialise");
    let key = cache::key(&[&source.sha256, &speech]);
    let cache = cache(job)?;
    if let Some(heard) = cache.get::<Heard>("heard", &key) {
        return Ok((heard, true));
    }
    if !source.has_audio {
        let transcript = Transcript::assemble("und".into(), 0.0, source.duration_seconds, "none".into(), Vec::new());
        return Ok((
            Heard {
                transcript,
                track: FrameTrack::default(),
            },
            false,
        ));
    }
    let progress = job
        .progress
        .clone()
        .map(|p| -> reelcut_speech::ProgressFn { std::sync::Arc::new(move |d, t| p(Stage::Transcribe, d, t)) });
    let transcript = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: job.settings,
        processes: job.processes,
        input: job.input,
        cancel: job.cancel.clone(),
        progress,
        task: reelcut_speech::Task::Transcribe,
    })
    .await?;
    let track = reelcut_moments::acoustics::track_file(
        job.processes,
        &job.settings.media.ffmpeg,
        job.input,
        Some(transcript.duration),
        job.cancel.clone(),
    )
    .await?;
    let heard = Heard { transcript, track };
    cache.put("heard", &key, &heard).map_err(write_err(&job.settings.cache_dir))?;
    Ok((heard, false))
}

pub async fn choose(job: &ClipJob<'_>, source: &Source, heard: &Heard) -> Result<(Moments, bool), ClippingError> {
    let request = serde_json::to_string(&job.options.moments).expect("request serialises");
    let llm = serde_json::to_string(&job.settings.llm).expect("settings serialise");
    let speech = serde_json::to_string(&job.settings.speech).expect("settings serialise");
    let version = reelcut_moments::ALGORITHM_VERSION.to_string();
    let key = cache::key(&[&source.sha256, &speech, &request, &llm, &version]);
    let cache = cache(job)?;
    if let Some(m) = cache.get::<Moments>("moments", &key) {
        return Ok((m, true));
    }
    let models = job.settings.models_dir.clone();
    let transcript = heard.transcript.clone();
    let track = heard.track.clone();
    let request = job.options.moments.clone();
    let pool = if job.settings.llm.enabled() {
        job.settings.llm.candidates
    } else {
        0
    };
    let (moments, wanted) = tokio::task::spawn_blocking(move || {
        let embedder = Embedder::load(&models)?;
        let audio = (!track.level_db.is_empty()).then_some(&track);
        reelcut_moments::find_pool(&transcript, audio, &embedder, &request, pool)
    })
    .await
    .map_err(|e| ClippingError::InvalidMedia(e.to_string()))??;
    let moments = if job.settings.llm.enabled() {
        reelcut_moments::llm::refine(&job.settings.llm, moments, wanted).await
    } else {
        moments
    };
    cache.put("moments", &key, &moments).map_err(write_err(&job.settings.cache_dir))?;
    Ok((moments, false))
}

/// What the look stage saw in a clip's window: the faces over time and who speaks.
/// Kept (cache and `analysis.json`) so a new aspect or layout re-plans the camera
/// without looking again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seen {
    pub scene: Scene,
    pub speakers: Speakers,
    /// Seconds into the clip of the sharpest early frame with the speaker's face.
    pub thumbnail_at: f64,
}

#[derive(Debug, Clone)]
pub struct Looked {
    pub seen: Seen,
    pub crop: CropTrack,
}

/// Faces and active speaker for each moment (only inside its window), and the camera
/// path planned from them; a crop track given in the options for the same window
/// replaces the planned one.
pub async fn look(job: &ClipJob<'_>, source: &Source, heard: &Heard, moments: &[Moment]) -> Result<(Vec<Looked>, bool), ClippingError> {
    let cache = cache(job)?;
    let mut detector: Option<FaceDetector> = None;
    let mut out = Vec::new();
    let mut all_cached = true;
    for (i, m) in moments.iter().enumerate() {
        report(job, Stage::Look, i as f64, moments.len() as f64);
        let key = cache::key(&[&source.sha256, &format!("{LOOK_VERSION}-{:.3}-{:.3}-{LOOK_FPS}", m.start, m.end)]);
        let seen = match cache.get::<Seen>("seen", &key) {
            Some(seen) => seen,
            None => {
                all_cached = false;
                if detector.is_none() {
                    detector = Some(reelcut_media::process::cpu_bound(|| FaceDetector::load(&job.settings.models_dir))?);
                }
                let seen = look_at(job, source, heard, m, detector.as_mut().expect("loaded")).await?;
                cache.put("seen", &key, &seen).map_err(write_err(&job.settings.cache_dir))?;
                seen
            }
        };
        let mut crop = camera::plan(&seen.scene, &seen.speakers, job.options.aspect.ratio(), job.options.layout);
        if let Some(o) = overrides::find(&job.options.crop_overrides, m.start, m.end) {
            o.crop_track
                .check((source.width, source.height))
                .map_err(|message| ClippingError::Override {
                    start: m.start,
                    end: m.end,
                    message,
                })?;
            crop = o.crop_track.clone();
        }
        out.push(Looked { seen, crop });
    }
    Ok((out, all_cached && !moments.is_empty()))
}

async fn look_at(
    job: &ClipJob<'_>,
    source: &Source,
    heard: &Heard,
    m: &Moment,
    detector: &mut FaceDetector,
) -> Result<Seen, ClippingError> {
    let scene = reelcut_look::scene::analyse(
        job.processes,
        detector,
        Cadence::Adaptive,
        FrameRequest {
            ffmpeg: &job.settings.media.ffmpeg,
            path: job.input,
            start: m.start,
            duration: m.end - m.start,
            fps: LOOK_FPS,
            source: (source.width, source.height),
            cancel: job.cancel.clone(),
        },
    )
    .await?;
    let envelope = speaker::envelope(&scene, &heard.track.level_db, FrameTrack::seconds_per_frame(), m.start);
    let speakers = speaker::speakers(&scene, &envelope);
    // Thumbnail: the sharpest frame with a face in the first 40 % of the clip.
    let early = scene
        .observations
        .iter()
        .zip(&speakers.active)
        .filter(|(o, a)| a.is_some() && o.t <= 0.4 * (m.end - m.start));
    let thumbnail_at = early
        .max_by(|a, b| a.0.sharpness.total_cmp(&b.0.sharpness))
        .map_or(0.5_f64.min(m.end - m.start), |(o, _)| o.t);
    Ok(Seen {
        scene,
        speakers,
        thumbnail_at,
    })
}

pub async fn render_all(
    job: &ClipJob<'_>,
    source: &Source,
    transcript: &Transcript,
    moments: &[Moment],
    looks: &[Looked],
) -> Result<Vec<ClipRecord>, ClippingError> {
    let work = job.out_dir.join(".work");
    std::fs::create_dir_all(&work).map_err(write_err(&work))?;
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
    let done = std::sync::atomic::AtomicUsize::new(0);
    // A loop, not a stream of closures: a stream whose closure returns futures that
    // borrow cannot be proven `Send` for every lifetime (rust-lang/rust#64552), and the
    // clipping future must be `Send` to run as a task. A semaphore bounds the parallelism.
    let slots = tokio::sync::Semaphore::new(parallel);
    let mut renders = Vec::with_capacity(moments.len());
    for (i, (m, l)) in moments.iter().zip(looks).enumerate() {
        let (work, done, slots) = (&work, &done, &slots);
        renders.push(async move {
            let _slot = slots.acquire().await.expect("the semaphore is never closed");
            let record = render_one(job, source, transcript, i + 1, m, l, work).await;
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            report(job, Stage::Render, n as f64, moments.len() as f64);
            record
        });
    }
    let renders = futures::future::join_all(renders).await;
    std::fs::remove_dir_all(&work).ok();
    renders.into_iter().collect()
}

pub(crate) async fn render_one(
    job: &ClipJob<'_>,
    source: &Source,
    transcript: &Transcript,
    index: usize,
    m: &Moment,
    looked: &Looked,
    work: &std::path::Path,
) -> Result<ClipRecord, ClippingError> {
    let stem = format!("clip-{index:02}");
    let size = job.options.aspect.size(job.options.resolution);
    // The overlay must read in three seconds: the hook question when it is short,
    // otherwise the title.
    let hook_text = job.options.hook.then(|| {
        if m.hooks.question.split_whitespace().count() <= 10 {
            m.hooks.question.clone()
        } else {
            m.title.clone()
        }
    });
    let drawing = Drawing {
        ffmpeg: &job.settings.media.ffmpeg,
        processes: job.processes,
        input: job.input,
        source,
        out_dir: job.out_dir,
        work,
        size,
        style: job.options.caption_style,
        display: Display::Original,
        cancel: job.cancel.clone(),
    };
    let plan = ClipPlan {
        stem: stem.clone(),
        start: m.start,
        end: m.end,
        words: reelcut_captions::clip_words(&transcript.words, m.start, m.end),
        translation: None,
        tags: &m.tags,
        hook: hook_text.as_deref().map(|text| Overlay {
            text,
            from: 0.0,
            to: HOOK_SECONDS.min(m.end - m.start),
        }),
        crop: &looked.crop,
        thumbnail_at: looked.seen.thumbnail_at,
    };
    render::draw(&drawing, &plan).await?;
    Ok(clip_record(job, source, m, index, &stem, hook_text, &looked.crop))
}

/// What `clips.json` says about a rendered clip.
fn clip_record(
    job: &ClipJob<'_>,
    source: &Source,
    m: &Moment,
    index: usize,
    stem: &str,
    hook_text: Option<String>,
    crop: &CropTrack,
) -> ClipRecord {
    let (width, height) = job.options.aspect.size(job.options.resolution);
    let duration = m.end - m.start;
    ClipRecord {
        id: format!("{}-{index:02}", &source.sha256[..12]),
        index,
        status: "completed".into(),
        duration_type: m.duration_type.as_str().to_string(),
        start: m.start,
        end: m.end,
        duration_seconds: (duration * 1000.0).round() / 1000.0,
        aspect_ratio: job.options.aspect.label().to_string(),
        width,
        height,
        title: m.title.clone(),
        virality_score: m.virality_score,
        sub_scores: m.sub_scores,
        reason: m.reason.clone(),
        transcript: m.transcript.clone(),
        hooks: m.hooks.clone(),
        tags: m.tags.clone(),
        description: m.description.clone(),
        emotions: m.emotions.clone(),
        video: format!("{stem}.mp4"),
        thumbnail: format!("{stem}.jpg"),
        srt: format!("{stem}.srt"),
        vtt: format!("{stem}.vtt"),
        hook_text,
        upscaled: crop.crop.1 < height || crop.crop.0 < width,
        favorited: false,
        failure_message: None,
        crop_track: crop.clone(),
    }
}
