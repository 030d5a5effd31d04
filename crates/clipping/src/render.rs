//! Rendering one clip from what the analysis stages left: its window, words, crop track
//! and thumbnail time. Clipping and exports both come here, so a clip looks the same
//! whichever made it.

use std::collections::HashSet;
use std::path::Path;

use reelcut_captions::{CaptionRequest, Display, Overlay, Style};
use reelcut_look::{CropTrack, Layout};
use reelcut_media::render::{self, Framing, Placed, RenderRequest};
use reelcut_media::Processes;
use reelcut_speech::Word;
use tokio_util::sync::CancellationToken;

use crate::manifest::Source;
use crate::{write_err, ClippingError};

/// How every clip of one run is drawn.
pub(crate) struct Drawing<'a> {
    pub ffmpeg: &'a str,
    pub processes: &'a Processes,
    pub input: &'a Path,
    pub source: &'a Source,
    pub out_dir: &'a Path,
    pub work: &'a Path,
    pub size: (u32, u32),
    pub style: Option<Style>,
    pub display: Display,
    pub cancel: CancellationToken,
}

/// One clip to draw.
pub(crate) struct ClipPlan<'a> {
    pub stem: String,
    pub start: f64,
    pub end: f64,
    /// Clip-relative words as spoken, and of the translation when there is one.
    pub words: Vec<Word>,
    pub translation: Option<Vec<Word>>,
    pub tags: &'a [String],
    pub hook: Option<Overlay<'a>>,
    pub crop: &'a CropTrack,
    /// Seconds into the clip of the thumbnail.
    pub thumbnail_at: f64,
}

/// Writes `<stem>.mp4`, `.jpg`, `.srt` and `.vtt` into the output directory.
pub(crate) async fn draw(d: &Drawing<'_>, plan: &ClipPlan<'_>) -> Result<(), ClippingError> {
    let duration = plan.end - plan.start;
    let ass_path = write_texts(d, plan)?;
    let fps = output_fps(d.source);
    let frames = (duration * fps).ceil() as usize;
    let crop = plan.crop;
    let corners: Vec<(f32, f32)> = (0..frames.max(1)).map(|i| crop.corner_at(i as f64 / fps)).collect();
    let placed = placed(crop, d.size);
    let framing = framing(crop, &corners, &placed);
    let video = d.out_dir.join(format!("{}.mp4", plan.stem));
    render::render(
        d.processes,
        RenderRequest {
            ffmpeg: d.ffmpeg,
            input: d.input,
            start: plan.start,
            duration,
            framing,
            output: d.size,
            fps,
            ass: ass_path.as_deref(),
            has_audio: d.source.has_audio,
            preset: "veryfast",
            crf: 21,
            out: &video,
            work_dir: d.work,
            cancel: d.cancel.clone(),
            progress: None,
        },
    )
    .await?;
    let thumbnail = d.out_dir.join(format!("{}.jpg", plan.stem));
    let corner = [crop.corner_at(plan.thumbnail_at)];
    let still = render::Still {
        at: plan.start + plan.thumbnail_at,
        framing: match framing {
            Framing::Crop { size, .. } => Framing::Crop { size, corners: &corner },
            other => other,
        },
        size: d.size,
    };
    render::thumbnail(d.processes, d.ffmpeg, d.input, still, &thumbnail, d.cancel.clone()).await?;
    Ok(())
}

/// Frames per second of the output: the source's, within reason.
pub(crate) fn output_fps(source: &Source) -> f64 {
    if source.variable_frame_rate || !(1.0..=240.0).contains(&source.fps) {
        30.0
    } else {
        source.fps.min(60.0)
    }
}

/// The clip's SRT and VTT (in the language shown), and its burned-in script when it has
/// captions or a hook: returns the script's path.
fn write_texts(d: &Drawing<'_>, plan: &ClipPlan<'_>) -> Result<Option<std::path::PathBuf>, ClippingError> {
    let subtitle_words = match (d.display, &plan.translation) {
        (Display::Translation, Some(t)) => t,
        _ => &plan.words,
    };
    let (srt, vtt) = reelcut_captions::subtitles(subtitle_words);
    for (ext, text) in [("srt", &srt), ("vtt", &vtt)] {
        let path = d.out_dir.join(format!("{}.{ext}", plan.stem));
        std::fs::write(&path, text).map_err(write_err(&path))?;
    }
    if d.style.is_none() && plan.hook.is_none() {
        return Ok(None);
    }
    let emphasis: HashSet<String> = plan
        .tags
        .iter()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect())
        .collect();
    let (style, words): (Style, &[Word]) = match d.style {
        Some(style) => (style, &plan.words),
        None => (Style::Classic, &[]),
    };
    let ass = reelcut_captions::ass_script(&CaptionRequest {
        words,
        translation: plan.translation.as_deref().filter(|_| d.style.is_some()),
        display: d.display,
        style,
        width: d.size.0,
        height: d.size.1,
        emphasis: &emphasis,
        hook: plan.hook,
        // Between stacked pictures the captions sit on the seam, not over a face.
        centred: matches!(plan.crop.layout, Layout::Split | Layout::ScreenFirst | Layout::Grid),
    });
    let path = d.work.join(format!("{}.ass", plan.stem));
    std::fs::write(&path, ass).map_err(write_err(&path))?;
    Ok(Some(path))
}

/// The placed panels of a crop track in output pixels (even, inside the output).
fn placed(crop: &CropTrack, (ow, oh): (u32, u32)) -> Vec<Placed> {
    let even = |v: f32| (v / 2.0).round() as u32 * 2;
    crop.panels
        .iter()
        .filter_map(|p| {
            let [x, y, w, h] = p.at?;
            let (px, py) = (even(x * ow as f32).min(ow - 2), even(y * oh as f32).min(oh - 2));
            let (pw, ph) = (even(w * ow as f32).clamp(2, ow - px), even(h * oh as f32).clamp(2, oh - py));
            Some(Placed {
                crop: p.crop,
                corner: p.corner,
                at: (px, py, pw, ph),
            })
        })
        .collect()
}

/// The render's framing for a crop track (`corners`: the crop's corner per output frame).
fn framing<'a>(crop: &CropTrack, corners: &'a [(f32, f32)], placed: &'a [Placed]) -> Framing<'a> {
    match (crop.layout, crop.panels.as_slice()) {
        (Layout::Fit, _) => Framing::Fit,
        (Layout::PictureInPicture | Layout::ScreenFirst | Layout::Grid, _) => Framing::Placed(placed),
        (Layout::Split, [top, bottom]) => Framing::Stacked([(top.crop, top.corner), (bottom.crop, bottom.corner)]),
        _ => Framing::Crop { size: crop.crop, corners },
    }
}
