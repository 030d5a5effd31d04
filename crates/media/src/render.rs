//! One ffmpeg pass per clip: accurate seek, a moving crop (sendcmd drives `crop`'s x/y
//! per output frame), scale to the target size, ASS captions burned in by libass,
//! loudness normalised to −14 LUFS, H.264 + AAC with `+faststart`. And a thumbnail.

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
    /// Crop size in source display pixels.
    pub crop: (u32, u32),
    /// Top-left corner of the crop at each output frame (index / fps seconds).
    pub corners: &'a [(f32, f32)],
    /// Instead of the crop: the whole frame fitted over a blurred fill of itself.
    pub fit: bool,
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

/// A path inside a single-quoted filtergraph option value: inside the quotes only `'`
/// is special, and a quote cannot be escaped there, so it is closed, escaped, reopened.
fn filter_path(path: &Path) -> String {
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
    let commands = request.work_dir.join(format!(
        "{}.cmd",
        request
            .out
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "clip".into())
    ));
    std::fs::write(&commands, crop_commands(request.corners, request.fps))?;
    let (x0, y0) = request.corners.first().copied().unwrap_or((0.0, 0.0));
    let (cw, ch) = request.crop;
    let (ow, oh) = request.output;
    // Constant frame rate first, so sendcmd's times are frame times (VFR inputs too).
    let mut video = if request.fit {
        format!("[0:v]fps={fps},{}", fit_filter((ow, oh)), fps = request.fps)
    } else {
        format!(
            "[0:v]fps={fps},sendcmd=f='{cmd}',crop@cam=w={cw}:h={ch}:x={x0}:y={y0},scale={ow}:{oh}:flags=lanczos,setsar=1",
            fps = request.fps,
            cmd = filter_path(&commands),
            x0 = x0.round(),
            y0 = y0.round()
        )
    };
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
        .cancel_on(request.cancel)
        .progress(request.progress);
    processes.output(invocation).await?;
    std::fs::remove_file(&commands).ok();
    Ok(())
}

/// The fit layout: the frame scaled to fit the output, centred over a copy scaled to
/// fill it and blurred. The fill is blurred at a quarter size (4× fewer pixels to blur
/// on small machines) and scaled back up.
pub fn fit_filter((ow, oh): (u32, u32)) -> String {
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
pub struct Still {
    pub at: f64,
    pub crop: (u32, u32),
    pub corner: (f32, f32),
    pub size: (u32, u32),
    /// The fit layout instead of the crop.
    pub fit: bool,
}

/// A JPEG of the source at `still.at` seconds, cropped and scaled like the clip.
pub async fn thumbnail(processes: &Processes, ffmpeg: &str, input: &Path, still: Still, out: &Path) -> Result<(), MediaError> {
    let filter = if still.fit {
        fit_filter(still.size)
    } else {
        format!(
            "crop={}:{}:{}:{},scale={}:{}:flags=lanczos",
            still.crop.0,
            still.crop.1,
            still.corner.0.round(),
            still.corner.1.round(),
            still.size.0,
            still.size.1
        )
    };
    let invocation = Invocation::ffmpeg(ffmpeg)
        .args(["-ss", &format!("{:.3}", still.at)])
        .args(["-i".as_ref(), input.as_os_str()])
        .args(["-frames:v", "1", "-vf", &filter, "-q:v", "3"])
        .args([out.as_os_str()]);
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
