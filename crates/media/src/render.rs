//! One ffmpeg pass per clip: accurate seek, the framing (a moving crop — sendcmd drives
//! `crop`'s x/y per output frame —, a blurred-background fit, or two stacked panels),
//! scale to the target size, ASS captions burned in by libass, loudness normalised to
//! −14 LUFS, H.264 + AAC with `+faststart`. And a thumbnail framed the same way.

use std::fmt::Write;
use std::path::Path;

use tokio_util::sync::CancellationToken;

use crate::process::{Invocation, ProgressFn};
use crate::{MediaError, Processes};

pub struct RenderRequest<'a> {
    pub ffmpeg: &'a str,
    pub input: &'a Path,
    pub start: f64,
    pub duration: f64,
    pub framing: Framing<'a>,
    pub output: (u32, u32),
    pub fps: f64,
    pub ass: Option<&'a Path>,
    pub has_audio: bool,
    /// x264 preset (`veryfast` by default: the encode is most of a clip's cost).
    pub preset: &'a str,
    pub crf: u32,
    pub out: &'a Path,
    /// Where the sendcmd script is written.
    pub work_dir: &'a Path,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
}

/// How the source fills the output.
#[derive(Debug, Clone, Copy)]
pub enum Framing<'a> {
    /// A crop (size in source display pixels) whose top-left corner is given per output
    /// frame (index / fps seconds); a still uses the first corner.
    Crop { size: (u32, u32), corners: &'a [(f32, f32)] },
    /// The whole frame fitted over a blurred fill of itself.
    Fit,
    /// Two fixed crops (size, top-left corner), stacked: the first above the second.
    Stacked([((u32, u32), (f32, f32)); 2]),
    /// Fixed crops each scaled into its own rectangle of the output, drawn in order
    /// over a blurred fill of the whole frame.
    Placed(&'a [Placed]),
}

/// A crop of the source (size, top-left corner) and the output rectangle it fills
/// (x, y, width, height in output pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub crop: (u32, u32),
    pub corner: (f32, f32),
    pub at: (u32, u32, u32, u32),
}

impl Framing<'_> {
    /// The filter chain from one source picture to one output picture. `commands` is the
    /// sendcmd script that moves a crop (only used by `Crop` with several corners).
    fn filter(&self, (ow, oh): (u32, u32), commands: Option<&Path>) -> String {
        match *self {
            Framing::Fit => fit_filter((ow, oh)),
            Framing::Crop { size, corners } => {
                let first = corners.first().copied().unwrap_or((0.0, 0.0));
                let cmd = commands.map(|c| format!("sendcmd=f='{}',", filter_path(c))).unwrap_or_default();
                // Named, so sendcmd can move it.
                format!("{cmd}{}", crop_and_scale("crop@cam", size, first, (ow, oh)))
            }
            Framing::Placed(panels) => placed_filter(panels, (ow, oh)),
            Framing::Stacked([(a, ca), (b, cb)]) => {
                let top = (oh / 2) & !1;
                format!(
                    "split[upper][lower];[upper]{}[top];[lower]{}[bottom];[top][bottom]vstack,setsar=1",
                    crop_and_scale("crop", a, ca, (ow, top)),
                    crop_and_scale("crop", b, cb, (ow, oh - top))
                )
            }
        }
    }
}

/// `crop` (an instance name) of `size` at `corner`, scaled to `to`.
fn crop_and_scale(crop: &str, (cw, ch): (u32, u32), (x, y): (f32, f32), (tw, th): (u32, u32)) -> String {
    format!(
        "{crop}=w={cw}:h={ch}:x={}:y={},scale={tw}:{th}:flags=lanczos,setsar=1",
        x.round(),
        y.round()
    )
}

/// A path inside a single-quoted filtergraph option value: inside the quotes only `'`
/// is special, and a quote cannot be escaped there, so it is closed, escaped, reopened.
pub fn filter_path(path: &Path) -> String {
    path.to_string_lossy().replace('\'', "'\\''")
}

/// sendcmd commands that move the crop; only frames where it moves get a line.
pub fn crop_commands(corners: &[(f32, f32)], fps: f64) -> String {
    let mut out = String::new();
    let mut last: Option<(f32, f32)> = None;
    for (i, &(x, y)) in corners.iter().enumerate() {
        let (x, y) = (x.round(), y.round());
        if last == Some((x, y)) {
            continue;
        }
        let _ = writeln!(out, "{:.4} crop@cam x {x}, crop@cam y {y};", i as f64 / fps);
        last = Some((x, y));
    }
    out
}

pub async fn render(processes: &Processes, request: RenderRequest<'_>) -> Result<(), MediaError> {
    // The sendcmd script is only needed when the crop moves.
    let moving = match request.framing {
        Framing::Crop { corners, .. } if corners.len() > 1 => {
            let stem = request.out.file_stem().map_or_else(|| "clip".into(), |s| s.to_string_lossy());
            let commands = request.work_dir.join(format!("{stem}.cmd"));
            std::fs::write(&commands, crop_commands(corners, request.fps))?;
            Some(commands)
        }
        _ => None,
    };
    // Constant frame rate first, so sendcmd's times are frame times (VFR inputs too).
    let mut video = format!(
        "[0:v]fps={},{}",
        request.fps,
        request.framing.filter(request.output, moving.as_deref())
    );
    if let Some(ass) = request.ass {
        let _ = write!(video, ",ass='{}'", filter_path(ass));
    }
    video.push_str(",format=yuv420p[v]");
    let mut graph = video;
    if request.has_audio {
        graph.push_str(";[0:a:0]loudnorm=I=-14:TP=-1.5:LRA=11,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a]");
    }
    let mut invocation = Invocation::ffmpeg(request.ffmpeg)
        .args(["-progress", "pipe:2"])
        .args(["-ss", &format!("{:.3}", request.start), "-t", &format!("{:.3}", request.duration)])
        .args(["-i".as_ref(), request.input.as_os_str()])
        .args(["-filter_complex", &graph, "-map", "[v]"]);
    if request.has_audio {
        invocation = invocation.args(["-map", "[a]", "-c:a", "aac", "-b:a", "160k"]);
    }
    invocation = invocation
        .args([
            "-c:v",
            "libx264",
            "-preset",
            request.preset,
            "-crf",
            &request.crf.to_string(),
            "-profile:v",
            "high",
        ])
        .args(["-movflags", "+faststart"])
        .args([request.out.as_os_str()])
        .media_seconds(request.duration)
        .cancel_on(request.cancel)
        .progress(request.progress);
    processes.output(invocation).await?;
    if let Some(commands) = &moving {
        std::fs::remove_file(commands).ok();
    }
    Ok(())
}

/// The fit layout: the frame scaled to fit the output, centred over a copy scaled to
/// fill it and blurred. The fill is blurred at a quarter size (4× fewer pixels to blur
/// on small machines) and scaled back up.
/// The blurred fill, then each panel's crop scaled and overlaid at its place.
fn placed_filter(panels: &[Placed], (ow, oh): (u32, u32)) -> String {
    let quarter = |v: u32| ((v / 4) & !1).max(2);
    let (bw, bh) = (quarter(ow), quarter(oh));
    let labels: String = (0..panels.len()).map(|i| format!("[p{i}]")).collect();
    let mut out = format!(
        "split={}[fill]{labels};[fill]scale={bw}:{bh}:force_original_aspect_ratio=increase,crop={bw}:{bh},boxblur=20:2,scale={ow}:{oh}[c0]",
        panels.len() + 1
    );
    for (i, p) in panels.iter().enumerate() {
        let (x, y, w, h) = p.at;
        let _ = write!(
            out,
            ";[p{i}]{}[q{i}];[c{i}][q{i}]overlay={x}:{y}",
            crop_and_scale("crop", p.crop, p.corner, (w, h))
        );
        if i + 1 < panels.len() {
            let _ = write!(out, "[c{}]", i + 1);
        }
    }
    out.push_str(",setsar=1");
    out
}

fn fit_filter((ow, oh): (u32, u32)) -> String {
    let quarter = |v: u32| ((v / 4) & !1).max(2);
    let (bw, bh) = (quarter(ow), quarter(oh));
    format!(
        "split[fill][front];\
         [fill]scale={bw}:{bh}:force_original_aspect_ratio=increase,crop={bw}:{bh},boxblur=20:2,scale={ow}:{oh}[blurred];\
         [front]scale={ow}:{oh}:force_original_aspect_ratio=decrease:flags=lanczos[fitted];\
         [blurred][fitted]overlay=(W-w)/2:(H-h)/2,setsar=1"
    )
}

/// Where a still is taken from and how it is framed.
pub struct Still<'a> {
    pub at: f64,
    pub framing: Framing<'a>,
    pub size: (u32, u32),
}

/// A JPEG of the source at `still.at` seconds, cropped and scaled like the clip.
pub async fn thumbnail(
    processes: &Processes,
    ffmpeg: &str,
    input: &Path,
    still: Still<'_>,
    out: &Path,
    cancel: CancellationToken,
) -> Result<(), MediaError> {
    let filter = still.framing.filter(still.size, None);
    let invocation = Invocation::ffmpeg(ffmpeg)
        .args(["-ss", &format!("{:.3}", still.at)])
        .args(["-i".as_ref(), input.as_os_str()])
        .args(["-frames:v", "1", "-vf", &filter, "-q:v", "3"])
        .args([out.as_os_str()])
        // One frame: the floor of the bounds.
        .media_seconds(0.0)
        .cancel_on(cancel);
    processes.output(invocation).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_only_where_the_crop_moves() {
        let c = crop_commands(&[(10.0, 0.0), (10.2, 0.0), (12.0, 0.0)], 30.0);
        assert_eq!(c, "0.0000 crop@cam x 10, crop@cam y 0;\n0.0667 crop@cam x 12, crop@cam y 0;\n");
        assert_eq!(filter_path(Path::new("/tmp/it's.ass")), "/tmp/it'\\''s.ass");
    }
}
