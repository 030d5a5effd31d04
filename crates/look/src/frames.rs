//! Frames of one clip window, decoded by ffmpeg straight to small RGB24 pictures at a
//! few frames a second. Frames are handed over one at a time: a clip is never held in
//! memory.

use std::path::Path;

use reelcut_media::process::Invocation;
use reelcut_media::{MediaError, Processes};
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;

use crate::LookError;

/// Longest side of analysis frames: enough for faces down to ~20 px.
pub const ANALYSIS_WIDTH: u32 = 640;

pub struct FrameRequest<'a> {
    pub ffmpeg: &'a str,
    pub path: &'a Path,
    pub start: f64,
    pub duration: f64,
    pub fps: f64,
    /// Display size of the source (after rotation).
    pub source: (u32, u32),
    pub cancel: CancellationToken,
}

/// Analysis size for a display size: at most `ANALYSIS_WIDTH` wide, even dimensions.
pub fn analysis_size(source: (u32, u32)) -> (usize, usize) {
    let (w, h) = source;
    let scale = (ANALYSIS_WIDTH as f64 / w.max(h) as f64).min(1.0);
    let even = |v: f64| (((v * scale) / 2.0).round() as usize * 2).max(2);
    (even(w as f64), even(h as f64))
}

/// Calls `each(time_in_clip, rgb)` for every sampled frame; returns the frame size.
pub async fn sample(
    processes: &Processes,
    request: FrameRequest<'_>,
    mut each: impl FnMut(f64, &[u8]) -> Result<(), LookError>,
) -> Result<(usize, usize), LookError> {
    let (w, h) = analysis_size(request.source);
    let invocation = Invocation::ffmpeg(request.ffmpeg)
        // Input seeking is frame-accurate when decoding (ffmpeg ≥ 2.1); autorotate is on.
        .args(["-ss", &format!("{:.3}", request.start), "-t", &format!("{:.3}", request.duration)])
        // Frames nothing refers to are not decoded: the analysis keeps a few frames a
        // second, so their loss moves a sample by a frame or two, and decoding (most
        // of the look stage) costs 40 % less CPU on x264's default B-frames.
        .args(["-skip_frame", "noref"])
        .args(["-i".as_ref(), request.path.as_os_str()])
        .args([
            "-map",
            "0:v:0",
            "-an",
            "-vf",
            &format!("fps={},scale={w}:{h}:flags=area", request.fps),
            "-pix_fmt",
            "rgb24",
            "-f",
            "rawvideo",
            "pipe:1",
        ])
        .media_seconds(request.duration)
        .cancel_on(request.cancel.clone());
    let mut running = processes.spawn(invocation).await.map_err(MediaError::from)?;
    let mut stdout = running.stdout.take().expect("stdout is piped");
    let mut frame = vec![0u8; w * h * 3];
    let mut index = 0usize;
    loop {
        let read = tokio::select! {
            read = stdout.read_exact(&mut frame) => read,
            timeout = running.time_up() => return Err(MediaError::from(timeout).into()),
        };
        match read {
            Ok(_) => {
                reelcut_media::process::cpu_bound(|| each(index as f64 / request.fps, &frame))?;
                index += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(MediaError::Io(e).into()),
        }
    }
    drop(stdout);
    running.finish().await.map_err(MediaError::from)?;
    Ok((w, h))
}
