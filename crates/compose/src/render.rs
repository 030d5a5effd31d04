//! A render: open the composition in Chromium, resolve its timeline, prepare media,
//! capture frames in parallel browser processes (each encoding its own contiguous
//! segment), mix audio, join, thumbnail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use reelcut_media::Processes;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::browser::{Browser, BrowserOptions, CaptureMode};
use crate::capture::{capture_all, Captured};
use crate::encode::Encoder;
use crate::error::ComposeError;
use crate::options::{Format, RenderOptions, Resolution, MAX_FPS};
use crate::overflow::Overflow;
use crate::project::Project;
use crate::serve::{Origin, FRAMES_PREFIX, ORIGIN};
use crate::timeline::{ClipWindow, Declared, MediaUse, Resolved};

const RUNTIME: &str = include_str!("runtime.js");

/// The programs and files a render needs.
#[derive(Clone)]
pub struct RenderTools {
    pub processes: Processes,
    pub ffmpeg: String,
    pub ffprobe: String,
    /// How long probing one media file may take (`media.probe_timeout_s`).
    pub probe_timeout: std::time::Duration,
    pub chromium: PathBuf,
    /// The vendored npm `gsap` package's `dist/` directory, served for CDN URLs.
    pub gsap_dir: Option<PathBuf>,
    /// The vendored `@fontsource` faces (`scripts/vendor.sh fonts`).
    pub fonts_dir: Option<PathBuf>,
}

impl RenderTools {
    pub fn from_settings(settings: &reelcut_core::Settings, processes: Processes) -> RenderTools {
        RenderTools {
            processes,
            ffmpeg: settings.media.ffmpeg.clone(),
            ffprobe: settings.media.ffprobe.clone(),
            probe_timeout: std::time::Duration::from_secs(settings.media.probe_timeout_s),
            chromium: settings.render.chromium.clone(),
            gsap_dir: settings.render.gsap_dir(),
            fonts_dir: settings.render.fonts_dir(),
        }
    }
}

/// Reports (frames done, frames in all).
pub type RenderProgress = Arc<dyn Fn(usize, usize) + Send + Sync>;

#[derive(Debug, Clone, Serialize)]
pub struct RenderOutcome {
    pub video: PathBuf,
    pub thumbnail: PathBuf,
    pub duration_s: f64,
    pub fps: u32,
    pub width: u32,
    pub height: u32,
    pub frames: usize,
    /// Browser processes that captured in parallel.
    pub processes: usize,
    /// begin_frame (deterministic) or screenshot (a Chromium without beginFrame).
    pub capture: CaptureMode,
    /// SHA-256 of every captured frame image, in order (determinism checks).
    #[serde(skip)]
    pub frame_hashes: Vec<String>,
    /// Frames taken from the one before because nothing on the page could have
    /// changed (no DOM change, no animation moved, nothing that draws by itself).
    pub reused_frames: usize,
    /// Requests the composition made that left the project and were refused.
    pub blocked: Vec<String>,
    /// Where each timed element with an id is on screen.
    pub clips: Vec<ClipWindow>,
    /// Boxes whose text did not fit, measured in the page during capture.
    pub overflow: Vec<Overflow>,
    pub timings: BTreeMap<&'static str, f64>,
}

/// Renders `project` into `out` (the container follows `options.format`) and a JPEG
/// thumbnail beside it.
pub async fn render(
    project: &Project,
    options: &RenderOptions,
    tools: &RenderTools,
    out: &Path,
    thumbnail: &Path,
    progress: RenderProgress,
    cancel: CancellationToken,
) -> Result<RenderOutcome, ComposeError> {
    let started = Instant::now();
    let mut timings = BTreeMap::new();
    let work = tempfile::Builder::new()
        .prefix("reelcut-render-")
        .tempdir()
        .map_err(ComposeError::io("render work dir"))?;
    let frames_dir = work.path().join("frames");
    let Opened {
        first,
        declared,
        geometry,
        fps,
        origin,
        runtime,
    } = open_first(project, options, tools, &frames_dir).await?;
    let (resolved, uses, finalize) = resolve_timing(project, tools, &declared, &first).await?;

    let encoder = Encoder {
        processes: tools.processes.clone(),
        ffmpeg: tools.ffmpeg.clone(),
        format: options.format,
        quality: options.quality,
        fps,
        width: even((geometry.width as f64 * geometry.scale).round() as u32),
        height: even((geometry.height as f64 * geometry.scale).round() as u32),
        duration_s: resolved.duration,
        cancel: cancel.clone(),
    };
    let attach = attach_video_frames(&encoder, &uses, &frames_dir, &first).await?;
    timings.insert("open", started.elapsed().as_secs_f64());

    // Contiguous chunks, one per browser: each page sees time move forward frame by
    // frame, as it would in playback, and each chunk encodes to its own segment.
    let total = ((resolved.duration * fps as f64) - 1e-6).ceil() as usize;
    let workers = options.workers.clamp(1, 8).min(total.div_ceil(30)).max(1);
    let mut browsers = vec![first];
    for _ in 1..workers {
        let (b, _) = open_composition(tools, options, geometry, &origin, &runtime, project.entry()).await?;
        b.eval::<serde_json::Value>(&finalize).await?;
        b.eval::<serde_json::Value>(&attach).await?;
        browsers.push(b);
    }
    let capture = browsers[0].mode();
    let capture_started = Instant::now();
    let Captured {
        segments,
        reused_frames,
        frame_hashes,
        blocked,
        overflow,
    } = capture_all(browsers, &encoder, work.path(), options.format, total, &progress, &cancel).await?;
    timings.insert("capture", capture_started.elapsed().as_secs_f64());

    let mux_started = Instant::now();
    mux(&encoder, &uses, &segments, work.path(), out, thumbnail).await?;
    timings.insert("mux", mux_started.elapsed().as_secs_f64());
    timings.insert("total", started.elapsed().as_secs_f64());
    Ok(RenderOutcome {
        video: out.to_path_buf(),
        thumbnail: thumbnail.to_path_buf(),
        duration_s: total as f64 / fps as f64,
        fps,
        width: encoder.width,
        height: encoder.height,
        frames: total,
        processes: workers,
        capture,
        frame_hashes,
        reused_frames,
        blocked,
        clips: resolved.clips,
        overflow,
        timings,
    })
}

/// The first browser on the composition, at the size the composition declares, and
/// what the other browsers need to open it the same way.
struct Opened {
    first: Browser,
    declared: Declared,
    geometry: Geometry,
    fps: u32,
    origin: Arc<Origin>,
    runtime: String,
}

async fn open_first(project: &Project, options: &RenderOptions, tools: &RenderTools, frames_dir: &Path) -> Result<Opened, ComposeError> {
    if options.resolution == Resolution::K4 && options.format != Format::Mp4 {
        return Err(ComposeError::InvalidProject {
            param: "resolution",
            message: "4k is available for mp4 only".into(),
        });
    }
    let origin = Arc::new(Origin::new(project.root(), frames_dir, tools.gsap_dir.as_deref()).with_fonts(tools.fonts_dir.as_deref()));
    let variables = serde_json::Value::Object(options.variables.clone()).to_string();
    let runtime = RUNTIME.replace("__RC_VARIABLES__", &variables) + &crate::fonts::injection(tools.fonts_dir.as_deref());
    // The first browser opens the composition to learn its size; it is kept when the
    // guess (1920×1080 at scale 1, the common case) was right.
    let guess = Geometry {
        width: 1920,
        height: 1080,
        scale: 1.0,
    };
    let (mut first, declared) = open_composition(tools, options, guess, &origin, &runtime, project.entry()).await?;
    let geometry = geometry(&declared, options)?;
    if geometry != guess {
        first.close().await;
        first = open_composition(tools, options, geometry, &origin, &runtime, project.entry())
            .await?
            .0;
    }
    let fps = match options.fps {
        Some(f) => f,
        None => declared.fps.map(|f| f.round() as u32).unwrap_or(30),
    };
    if !(1..=MAX_FPS).contains(&fps) {
        return Err(ComposeError::InvalidProject {
            param: "fps",
            message: format!("fps must be between 1 and {MAX_FPS}"),
        });
    }
    Ok(Opened {
        first,
        declared,
        geometry,
        fps,
        origin,
        runtime,
    })
}

/// Probes every declared media file (so clips without `data-duration` get one) and has
/// the page resolve its timing. Returns the timing, the media as they play, and the
/// `finalize` call every further browser repeats.
async fn resolve_timing(
    project: &Project,
    tools: &RenderTools,
    declared: &Declared,
    first: &Browser,
) -> Result<(Resolved, Vec<MediaUse>, String), ComposeError> {
    let mut paths = BTreeMap::new();
    let mut durations = serde_json::Map::new();
    for m in &declared.media {
        let Some(path) = m.src.as_deref().and_then(|src| project_file(project, src)) else {
            return Err(ComposeError::InvalidComposition(format!(
                "<{}> source {} is not a file in the project",
                m.kind,
                m.src.as_deref().unwrap_or("(none)")
            )));
        };
        let info = reelcut_media::probe::probe(&tools.processes, &tools.ffprobe, &path, tools.probe_timeout).await?;
        durations.insert(m.key.clone(), info.duration_s.into());
        paths.insert(m.key.clone(), path);
    }
    let finalize = format!("window.__reelcut.finalize({})", serde_json::Value::Object(durations));
    let resolved: Resolved = first.eval(&finalize).await?;
    if resolved.duration.is_nan() || resolved.duration <= 0.0 {
        return Err(ComposeError::InvalidComposition("the composition lasts 0 seconds".into()));
    }
    let uses = media_uses(&resolved, &paths)?;
    Ok((resolved, uses, finalize))
}

/// The resolved media with their files. The page reports the keys; one it never
/// declared is the page's error, not a panic.
fn media_uses(resolved: &Resolved, paths: &BTreeMap<String, PathBuf>) -> Result<Vec<MediaUse>, ComposeError> {
    resolved
        .media
        .iter()
        .map(|m| match paths.get(&m.key) {
            Some(path) => Ok(MediaUse {
                media: m.clone(),
                path: path.clone(),
            }),
            None => Err(ComposeError::InvalidComposition(format!(
                "the page reported media `{}` it never declared",
                m.key
            ))),
        })
        .collect()
}

/// Extracts each `<video>` clip's frames and tells the first page where they are;
/// returns the `attachFrames` call every further browser repeats.
async fn attach_video_frames(encoder: &Encoder, uses: &[MediaUse], frames_dir: &Path, first: &Browser) -> Result<String, ComposeError> {
    let fps = encoder.fps;
    let mut frames_attach = serde_json::Map::new();
    for m in uses.iter().filter(|m| m.is_video()) {
        let (key, window) = (&m.media.key, &m.media);
        let local_seconds = (window.end - window.start).max(1.0 / fps as f64) + (window.start - window.local_start).max(0.0);
        let count = encoder.extract_frames(m, local_seconds, &frames_dir.join(key)).await?;
        frames_attach.insert(
            key.clone(),
            serde_json::json!({"prefix": format!("{ORIGIN}{FRAMES_PREFIX}{key}/"), "count": count, "fps": fps}),
        );
    }
    let attach = format!("window.__reelcut.attachFrames({})", serde_json::Value::Object(frames_attach));
    first.eval::<serde_json::Value>(&attach).await?;
    Ok(attach)
}

/// The audio mix, the segments joined with it, and the thumbnail.
async fn mux(
    encoder: &Encoder,
    uses: &[MediaUse],
    segments: &[PathBuf],
    work: &Path,
    out: &Path,
    thumbnail: &Path,
) -> Result<(), ComposeError> {
    let audio_path = work.join("audio.wav");
    let has_audio = encoder.mix_audio(uses, encoder.duration_s, &audio_path).await?;
    encoder
        .finish(segments, has_audio.then_some(audio_path.as_path()), work, out)
        .await?;
    encoder.thumbnail(out, encoder.duration_s, thumbnail).await
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Geometry {
    width: u32,
    height: u32,
    scale: f64,
}

fn geometry(declared: &Declared, options: &RenderOptions) -> Result<Geometry, ComposeError> {
    let (Some(w), Some(h)) = (declared.width, declared.height) else {
        return Err(ComposeError::InvalidComposition(
            "the root element needs data-width and data-height".into(),
        ));
    };
    if !(16.0..=8192.0).contains(&w) || !(16.0..=8192.0).contains(&h) {
        return Err(ComposeError::InvalidComposition(format!("a {w}×{h} composition is out of range")));
    }
    if let Some(aspect) = options.aspect_ratio {
        if ((w / h) / aspect.ratio() - 1.0).abs() > 0.01 {
            return Err(ComposeError::InvalidProject {
                param: "aspect_ratio",
                message: format!("aspect_ratio {} does not match the {w}×{h} composition", aspect.as_str()),
            });
        }
    }
    let scale = options.resolution.short_side() as f64 / w.min(h);
    Ok(Geometry {
        width: w.round() as u32,
        height: h.round() as u32,
        scale,
    })
}

async fn launch(
    tools: &RenderTools,
    options: &RenderOptions,
    g: Geometry,
    origin: Arc<Origin>,
    runtime: &str,
) -> Result<Browser, ComposeError> {
    let browser_options = BrowserOptions {
        chromium: &tools.chromium,
        width: g.width,
        height: g.height,
        scale: g.scale,
        transparent: options.format != Format::Mp4,
    };
    Browser::launch(&browser_options, origin, runtime.to_string()).await
}

/// A browser with the composition open and the runtime initialised, and what the
/// composition declares (size, media, clips).
async fn open_composition(
    tools: &RenderTools,
    options: &RenderOptions,
    g: Geometry,
    origin: &Arc<Origin>,
    runtime: &str,
    entry: &str,
) -> Result<(Browser, Declared), ComposeError> {
    let browser = launch(tools, options, g, origin.clone(), runtime).await?;
    browser.open(entry).await?;
    let declared = browser.eval("window.__reelcut.init()").await?;
    Ok((browser, declared))
}

/// A page URL of the project → the file.
fn project_file(project: &Project, src: &str) -> Option<PathBuf> {
    let url = url::Url::parse(src).ok()?;
    (url.host_str() == Some("hyperframes.invalid")).then_some(())?;
    crate::serve::inside(project.root(), url.path())
}

fn even(v: u32) -> u32 {
    v + (v & 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_the_page_never_declared_is_an_error_not_a_panic() {
        let resolved: Resolved = serde_json::from_value(serde_json::json!({
            "duration": 2.0,
            "clips": [],
            "media": [{ "key": "ghost", "kind": "video", "media_start": 0.0, "rate": 1.0, "volume": 1.0,
                        "has_audio": false, "start": 0.0, "end": 2.0, "source_start": 0.0, "local_start": 0.0 }],
        }))
        .unwrap();
        let declared = BTreeMap::from([("m0".to_string(), PathBuf::from("assets/a.mp4"))]);
        let error = media_uses(&resolved, &declared).unwrap_err();
        assert!(error.to_string().contains("`ghost` it never declared"), "{error}");
        assert_eq!(reelcut_core::ErrorCode::code(&error), reelcut_core::Code::InvalidParameter);
        let known = BTreeMap::from([("ghost".to_string(), PathBuf::from("assets/a.mp4"))]);
        assert_eq!(media_uses(&resolved, &known).unwrap()[0].path, PathBuf::from("assets/a.mp4"));
    }
}
