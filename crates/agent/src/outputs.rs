//! What comes with the video: the captioned variant (the style's caption look burned
//! onto the render by libass), SRT subtitles and an animated GIF preview.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use reelcut_captions::{CaptionRequest, Display};
use reelcut_compose::RenderTools;
use reelcut_media::process::Invocation;
use reelcut_transcript::Word;
use tokio_util::sync::CancellationToken;

use crate::styles::Style;
use crate::AgentError;

pub struct Request<'a> {
    pub video: &'a Path,
    pub words: &'a [Word],
    pub style: &'a Style,
    pub width: u32,
    pub height: u32,
    pub duration: f64,
    pub out: &'a Path,
    pub tools: &'a RenderTools,
    pub cancel: &'a CancellationToken,
}

pub struct Made {
    pub captioned: PathBuf,
    pub subtitles: PathBuf,
    pub gif: PathBuf,
}

/// Seconds of the video the GIF preview shows, and its width and frame rate.
const GIF_SECONDS: f64 = 4.0;
const GIF_WIDTH: u32 = 360;
const GIF_FPS: u32 = 10;

pub async fn make(r: &Request<'_>) -> Result<Made, AgentError> {
    let ass = r.out.join("captions.ass");
    let script = reelcut_captions::ass_script(&CaptionRequest {
        words: r.words,
        translation: None,
        display: Display::Original,
        style: r.style.captions,
        width: r.width,
        height: r.height,
        emphasis: &HashSet::new(),
        hook: None,
        centred: false,
    });
    std::fs::write(&ass, script).map_err(|e| AgentError::Io(format!("captions: {e}")))?;
    let subtitles = r.out.join("subtitles.srt");
    let (srt, _) = reelcut_captions::subtitles(r.words);
    std::fs::write(&subtitles, srt).map_err(|e| AgentError::Io(format!("subtitles: {e}")))?;

    let captioned = r.out.join("captioned.mp4");
    let burn = Invocation::ffmpeg(&r.tools.ffmpeg)
        .args([OsStr::new("-i"), r.video.as_os_str()])
        .args(["-vf", &format!("ass='{}'", reelcut_media::render::filter_path(&ass))])
        .args(["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"])
        .args(["-c:a", "copy", "-movflags", "+faststart"])
        .args([captioned.as_os_str()])
        .media_seconds(r.duration)
        .cancel_on(r.cancel.clone());
    run(r.tools, burn, "captioned variant").await?;

    let gif = r.out.join("preview.gif");
    let start = (r.duration * 0.1).min((r.duration - GIF_SECONDS).max(0.0));
    let filter = format!(
        "fps={GIF_FPS},scale={GIF_WIDTH}:-2:flags=lanczos,split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=bayer"
    );
    let preview = Invocation::ffmpeg(&r.tools.ffmpeg)
        .args(["-ss", &format!("{start:.3}"), "-t", &format!("{GIF_SECONDS}")])
        .args([OsStr::new("-i"), captioned.as_os_str()])
        .args(["-filter_complex", &filter, "-loop", "0"])
        .args([gif.as_os_str()])
        .media_seconds(GIF_SECONDS)
        .cancel_on(r.cancel.clone());
    run(r.tools, preview, "GIF preview").await?;
    Ok(Made { captioned, subtitles, gif })
}

pub(crate) async fn run(tools: &RenderTools, invocation: Invocation, step: &'static str) -> Result<(), AgentError> {
    tools.processes.output(invocation).await.map(|_| ()).map_err(|e| AgentError::Media {
        step,
        detail: e.to_string(),
    })
}
