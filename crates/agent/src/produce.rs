//! A storyboard → the finished video and its companions.
//!
//! Narration comes first because it sets the clock: each scene lasts as long as its
//! words take (plus a lead-in and a hold), stretched or tightened toward the length the
//! user asked for. The composition is then drawn on that clock and rendered once; the
//! captioned variant burns the caption look onto that render with ffmpeg instead of
//! rendering the page a second time (a browser render costs far more than an encode).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reelcut_compose::{Project, ProjectLimits, Quality, RenderOptions, RenderTools, Resolution};
use reelcut_transcript::Word;
use reelcut_voice::{Delivery, Speech, Voice};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::composition::{self, SceneTime};
use crate::plan::Storyboard;
use crate::{outputs, styles, AgentError};

/// Silence before a scene's first word.
const LEAD: f64 = 0.35;
/// Time a scene stays after its last word.
const HOLD: f64 = 0.55;
/// The voice may be sped up this much to meet a requested length, never more (faster
/// sounds rushed); it is never slowed down (slower sounds drugged) — holds grow instead.
const FASTEST: f32 = 0.8;

pub struct AgentTools {
    pub models_dir: PathBuf,
    pub render: RenderTools,
    /// Browser processes capturing in parallel.
    pub render_workers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Narration,
    Render,
    Outputs,
}

/// Reports (stage, fraction of the whole job done, 0–1).
pub type Progress = Arc<dyn Fn(Stage, f64) + Send + Sync>;

#[derive(Debug, Clone, Serialize)]
pub struct Produced {
    pub video: PathBuf,
    pub captioned: PathBuf,
    pub subtitles: PathBuf,
    pub thumbnail: PathBuf,
    pub gif: PathBuf,
    pub narration: PathBuf,
    /// The HyperFrames project that was rendered (index.html, narration, media).
    pub project: PathBuf,
    pub duration: f64,
    pub width: u32,
    pub height: u32,
    pub scenes: Vec<(f64, f64)>,
    /// Every spoken word on the video's clock.
    pub words: Vec<Word>,
    /// Seconds spent in narration, render and outputs.
    pub timings: Vec<(Stage, f64)>,
    /// What production had to decide (a length it could not meet, …).
    pub notes: Vec<String>,
    /// On-screen text boxes that did not fit, measured in the page during the render.
    pub overflow: Vec<reelcut_compose::Overflow>,
}

/// Produces `board` into `out` (created). `media` holds the files the plan names.
pub async fn produce(
    board: &Storyboard,
    media: &Path,
    out: &Path,
    tools: &AgentTools,
    progress: Progress,
    cancel: CancellationToken,
) -> Result<Produced, AgentError> {
    board.validate()?;
    let io = |what: &str| {
        let what = what.to_string();
        move |e: std::io::Error| AgentError::Io(format!("{what}: {e}"))
    };
    let project = out.join("project");
    std::fs::create_dir_all(project.join("media")).map_err(io("project folder"))?;
    let started = std::time::Instant::now();
    progress(Stage::Narration, 0.0);
    let (speech, times, mut notes) = narrate(board, &tools.models_dir).await?;
    let narration_seconds = started.elapsed().as_secs_f64();
    let duration = times.last().map(|t| t.start + t.duration).unwrap_or(0.0);
    let (samples, words) = assemble(&speech, &times);
    let narration = project.join(composition::NARRATION_FILE);
    // Only the rate and the samples go into the file; the words travel separately.
    Speech {
        sample_rate: speech[0].sample_rate,
        samples,
        words: Vec::new(),
        sentences: Vec::new(),
    }
    .write_wav(&narration)?;
    for scene in &board.scenes {
        if let crate::Visual::Media { file, .. } = &scene.visual {
            std::fs::copy(media.join(file), project.join("media").join(file)).map_err(io(file))?;
        }
    }
    let style = styles::find(&board.style_id).expect("validated");
    let html = composition::index_html(board, style, &times, duration, None);
    std::fs::write(project.join("index.html"), html).map_err(io("index.html"))?;
    if cancel.is_cancelled() {
        return Err(AgentError::Cancelled);
    }

    let render_started = std::time::Instant::now();
    progress(Stage::Render, 0.15);
    let opened = Project::open(&project, "index.html", ProjectLimits::default())?;
    let options = RenderOptions {
        fps: Some(30),
        quality: Quality::Standard,
        resolution: Resolution::P1080,
        workers: tools.render_workers,
        ..RenderOptions::default()
    };
    let video = out.join("video.mp4");
    let thumbnail = out.join("thumbnail.jpg");
    let on_frames = {
        let progress = progress.clone();
        Arc::new(move |done: usize, all: usize| progress(Stage::Render, 0.15 + 0.75 * done as f64 / all.max(1) as f64))
    };
    let rendered = reelcut_compose::render(&opened, &options, &tools.render, &video, &thumbnail, on_frames, cancel.clone()).await?;
    let render_seconds = render_started.elapsed().as_secs_f64();

    let outputs_started = std::time::Instant::now();
    progress(Stage::Outputs, 0.9);
    let made = outputs::make(&outputs::Request {
        video: &video,
        words: &words,
        style,
        width: rendered.width,
        height: rendered.height,
        duration,
        out,
        tools: &tools.render,
        cancel: &cancel,
    })
    .await?;
    if let Some(target) = board.target_duration {
        if (duration - target).abs() > 0.15 * target {
            notes.push(format!(
                "The video runs {duration:.0} s; the script does not fit {target:.0} s without rushing or padding it."
            ));
        }
    }
    for o in &rendered.overflow {
        notes.push(format!("On-screen text did not fit its box at {:.1} s: \"{}\".", o.at_s, o.text));
    }
    progress(Stage::Outputs, 1.0);
    Ok(Produced {
        video,
        captioned: made.captioned,
        subtitles: made.subtitles,
        thumbnail,
        gif: made.gif,
        narration,
        project,
        duration,
        width: rendered.width,
        height: rendered.height,
        scenes: times.iter().map(|t| (t.start, t.start + t.duration)).collect(),
        words,
        timings: vec![
            (Stage::Narration, narration_seconds),
            (Stage::Render, render_seconds),
            (Stage::Outputs, outputs_started.elapsed().as_secs_f64()),
        ],
        notes,
        overflow: rendered.overflow,
    })
}

/// Speaks every scene and lays the scenes on the clock.
async fn narrate(board: &Storyboard, models_dir: &Path) -> Result<(Vec<Speech>, Vec<SceneTime>, Vec<String>), AgentError> {
    let texts: Vec<String> = board.scenes.iter().map(|s| s.narration.clone()).collect();
    let (models_dir, voice_id, target) = (models_dir.to_path_buf(), board.voice_id.clone(), board.target_duration);
    let fixed: Vec<Option<f64>> = board.scenes.iter().map(|s| s.duration).collect();
    tokio::task::spawn_blocking(move || {
        let mut voice = Voice::load(&models_dir, &voice_id)?;
        let speak = |voice: &mut Voice, scale: f32| -> Result<Vec<Speech>, AgentError> {
            let delivery = Delivery {
                length_scale: scale,
                ..Delivery::default()
            };
            texts.iter().map(|t| Ok(voice.speak(t, delivery)?)).collect()
        };
        let mut speech = speak(&mut voice, 1.0)?;
        let mut notes = Vec::new();
        let spoken: f64 = speech.iter().map(Speech::duration).sum();
        let framing = (LEAD + HOLD) * texts.len() as f64;
        if let Some(target) = target {
            if spoken + framing > target * 1.05 {
                let scale = (((target - framing) / spoken) as f32).clamp(FASTEST, 1.0);
                if scale < 0.99 {
                    speech = speak(&mut voice, scale)?;
                    notes.push(format!("Spoke {:.0}% faster to fit {target:.0} s.", (1.0 / scale - 1.0) * 100.0));
                }
            }
        }
        let times = lay_out(&speech, &fixed, target);
        Ok((speech, times, notes))
    })
    .await
    .map_err(|e| AgentError::Io(format!("narration task: {e}")))?
}

/// Scene times: lead + speech + hold (or the scene's own length when longer), with
/// any time left before the target shared out as longer holds.
fn lay_out(speech: &[Speech], fixed: &[Option<f64>], target: Option<f64>) -> Vec<SceneTime> {
    let natural: Vec<f64> = speech
        .iter()
        .zip(fixed)
        .map(|(s, f)| (LEAD + s.duration() + HOLD).max(f.unwrap_or(0.0)))
        .collect();
    let total: f64 = natural.iter().sum();
    let extra = target.map(|t| ((t - total) / natural.len() as f64).max(0.0)).unwrap_or(0.0);
    let mut start = 0.0;
    natural
        .iter()
        .map(|d| {
            let t = SceneTime {
                start,
                duration: d + extra,
            };
            start += d + extra;
            t
        })
        .collect()
}

/// One narration track and its words on the video's clock.
fn assemble(speech: &[Speech], times: &[SceneTime]) -> (Vec<f32>, Vec<Word>) {
    let rate = speech.first().map(|s| s.sample_rate).unwrap_or(22_050) as f64;
    let end = times.last().map(|t| t.start + t.duration).unwrap_or(0.0);
    let mut samples = vec![0.0f32; (end * rate).ceil() as usize];
    let mut words = Vec::new();
    for (s, t) in speech.iter().zip(times) {
        let at = ((t.start + LEAD) * rate) as usize;
        let n = s.samples.len().min(samples.len().saturating_sub(at));
        samples[at..at + n].copy_from_slice(&s.samples[..n]);
        words.extend(s.words.iter().map(|w| Word {
            text: w.text.clone(),
            start: t.start + LEAD + w.start,
            end: t.start + LEAD + w.end,
            probability: 1.0,
        }));
    }
    (samples, words)
}
