//! The ffmpeg side of a render: output presets, per-worker segment encoders fed with
//! captured frames, video frames extracted for `<video>` clips, the audio mix, the final
//! mux and the thumbnail. Every call goes through the media room's process wrapper.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use reelcut_media::process::{Invocation, Running};
use reelcut_media::Processes;
use tokio_util::sync::CancellationToken;

use crate::browser::FrameFormat;
use crate::error::ComposeError;
use crate::options::{Format, Quality};
use crate::timeline::MediaUse;

#[derive(Clone)]
pub struct Encoder {
    pub processes: Processes,
    pub ffmpeg: String,
    pub format: Format,
    pub quality: Quality,
    pub fps: u32,
    pub width: u32,
    pub height: u32,
    /// The composition's length: every ffmpeg run here is bounded by it.
    pub duration_s: f64,
    pub cancel: CancellationToken,
}

impl Encoder {
    /// How frames are captured for this output: JPEG for mp4 (lossy anyway, and 3×
    /// faster to capture than PNG), PNG where the output keeps alpha.
    pub fn frame_format(&self) -> FrameFormat {
        match (self.format, self.quality) {
            (Format::Webm | Format::Mov, _) => FrameFormat::Png,
            (Format::Mp4, Quality::Draft) => FrameFormat::Jpeg { quality: 80 },
            (Format::Mp4, Quality::Standard) => FrameFormat::Jpeg { quality: 92 },
            (Format::Mp4, Quality::High) => FrameFormat::Jpeg { quality: 98 },
        }
    }

    fn video_codec_args(&self) -> Vec<&'static str> {
        match (self.format, self.quality) {
            // The upstream presets (docs/api-facts.md).
            (Format::Mp4, Quality::Draft) => vec!["-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", "-pix_fmt", "yuv420p"],
            (Format::Mp4, Quality::Standard) => vec!["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"],
            (Format::Mp4, Quality::High) => vec!["-c:v", "libx264", "-preset", "slow", "-crf", "15", "-pix_fmt", "yuv420p"],
            (Format::Webm, q) => {
                let (deadline, cpu) = match q {
                    Quality::Draft => ("realtime", "8"),
                    Quality::Standard => ("good", "4"),
                    Quality::High => ("good", "1"),
                };
                vec![
                    "-c:v",
                    "libvpx-vp9",
                    "-pix_fmt",
                    "yuva420p",
                    "-b:v",
                    "0",
                    "-crf",
                    "30",
                    "-deadline",
                    deadline,
                    "-cpu-used",
                    cpu,
                    "-row-mt",
                    "1",
                ]
            }
            (Format::Mov, _) => vec![
                "-c:v",
                "prores_ks",
                "-profile:v",
                "4444",
                "-pix_fmt",
                "yuva444p10le",
                "-vendor",
                "apl0",
            ],
        }
    }

    /// Starts one segment encoder reading image frames on stdin.
    pub async fn start_segment(&self, out: &Path) -> Result<Running, ComposeError> {
        let input_codec = match self.frame_format() {
            FrameFormat::Jpeg { .. } => "mjpeg",
            FrameFormat::Png => "png",
        };
        let mut args: Vec<OsString> = ["-f", "image2pipe", "-framerate"].map(OsString::from).to_vec();
        args.push(self.fps.to_string().into());
        args.extend(["-c:v", input_codec, "-i", "-", "-an"].map(OsString::from));
        // Chromium's frame is the viewport in device pixels; make sure of the size.
        args.push("-vf".into());
        args.push(format!("scale={}:{}:flags=lanczos", self.width, self.height).into());
        args.extend(self.video_codec_args().into_iter().map(OsString::from));
        args.push(out.into());
        let invocation = Invocation::ffmpeg(&self.ffmpeg)
            .args(args)
            .stdin_piped()
            .media_seconds(self.duration_s)
            .cancel_on(self.cancel.clone());
        Ok(self.processes.spawn(invocation).await?)
    }

    /// Joins the segments (stream copy) and muxes the audio mix.
    pub async fn finish(&self, segments: &[PathBuf], audio: Option<&Path>, work: &Path, out: &Path) -> Result<(), ComposeError> {
        let list = work.join("segments.txt");
        let text: String = segments
            .iter()
            .map(|s| format!("file '{}'\n", s.display().to_string().replace('\'', "'\\''")))
            .collect();
        std::fs::write(&list, text).map_err(ComposeError::io("segment list"))?;
        let mut args: Vec<OsString> = ["-f", "concat", "-safe", "0", "-i"].map(OsString::from).to_vec();
        args.push(list.into());
        if let Some(audio) = audio {
            args.push("-i".into());
            args.push(audio.into());
        }
        args.extend(["-map", "0:v:0", "-c:v", "copy"].map(OsString::from));
        if audio.is_some() {
            args.extend(["-map", "1:a:0"].map(OsString::from));
            args.extend(self.audio_codec_args().into_iter().map(OsString::from));
        }
        if matches!(self.format, Format::Mp4 | Format::Mov) {
            args.extend(["-movflags", "+faststart"].map(OsString::from));
        }
        args.push(out.into());
        let invocation = Invocation::ffmpeg(&self.ffmpeg)
            .args(["-protocol_whitelist", "file,pipe,concat"])
            .args(args)
            .media_seconds(self.duration_s)
            .cancel_on(self.cancel.clone());
        self.processes.output(invocation).await?;
        Ok(())
    }

    fn audio_codec_args(&self) -> Vec<&'static str> {
        match self.format {
            Format::Mp4 => vec!["-c:a", "aac", "-b:a", "192k"],
            Format::Webm => vec!["-c:a", "libopus", "-b:a", "192k"],
            Format::Mov => vec!["-c:a", "pcm_s16le"],
        }
    }

    /// Mixes every audible media clip: each source trimmed to what plays, sped up by its
    /// playback rate, scaled by its volume, delayed to its start and padded, then summed
    /// (`amix normalize=0`: no averaging, so one track alone keeps its level).
    pub async fn mix_audio(&self, uses: &[MediaUse], duration: f64, out: &Path) -> Result<bool, ComposeError> {
        let audible: Vec<&MediaUse> = uses.iter().filter(|m| m.media.has_audio && m.media.end > m.media.start).collect();
        if audible.is_empty() {
            return Ok(false);
        }
        let mut args: Vec<OsString> = Vec::new();
        let mut graph = String::new();
        for (i, m) in audible.iter().enumerate() {
            let play_seconds = (m.media.end - m.media.start) * m.media.rate;
            args.extend([
                "-ss".into(),
                format!("{:.6}", m.media.source_start).into(),
                "-t".into(),
                format!("{play_seconds:.6}").into(),
            ]);
            args.extend(["-i".into(), OsString::from(&m.path)]);
            let delay_ms = (m.media.start * 1000.0).round() as i64;
            graph.push_str(&format!(
                "[{i}:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,{tempo}volume={vol:.4},adelay={delay_ms}:all=1,apad[a{i}];",
                tempo = atempo_chain(m.media.rate),
                vol = m.media.volume,
            ));
        }
        for i in 0..audible.len() {
            graph.push_str(&format!("[a{i}]"));
        }
        graph.push_str(&format!(
            "amix=inputs={}:normalize=0:duration=longest,atrim=0:{duration:.6}[out]",
            audible.len()
        ));
        args.extend(["-filter_complex".into(), graph.into(), "-map".into(), "[out]".into()]);
        args.extend(["-c:a", "pcm_f32le"].map(OsString::from));
        args.push(out.into());
        let invocation = Invocation::ffmpeg(&self.ffmpeg)
            .args(args)
            .media_seconds(self.duration_s)
            .cancel_on(self.cancel.clone());
        self.processes.output(invocation).await?;
        Ok(true)
    }

    /// Frames of a `<video>` clip as the page will show them: frame k is the source at
    /// `media_start + k / fps × rate`. Returns how many were written.
    pub async fn extract_frames(&self, m: &MediaUse, seconds: f64, dir: &Path) -> Result<usize, ComposeError> {
        std::fs::create_dir_all(dir).map_err(ComposeError::io("video frames"))?;
        let count = ((seconds * self.fps as f64) - 1e-6).ceil().max(1.0) as usize;
        let filter = format!("setpts=(PTS-STARTPTS)/{:.6},fps={}", m.media.rate, self.fps);
        let invocation = Invocation::ffmpeg(&self.ffmpeg)
            .args(["-ss".to_string(), format!("{:.6}", m.media.media_start), "-i".to_string()])
            .args([m.path.as_os_str()])
            .args(["-vf", &filter, "-frames:v", &count.to_string(), "-start_number", "0", "-q:v", "2"])
            .args([dir.join("%06d.jpg")])
            .media_seconds(self.duration_s)
            .cancel_on(self.cancel.clone());
        self.processes.output(invocation).await?;
        let written = std::fs::read_dir(dir).map_err(ComposeError::io("video frames"))?.count();
        Ok(written)
    }

    /// A thumbnail from the finished video, a second in (or half-way in a shorter one).
    pub async fn thumbnail(&self, video: &Path, duration: f64, out: &Path) -> Result<(), ComposeError> {
        let at = (duration / 2.0).min(1.0);
        let invocation = Invocation::ffmpeg(&self.ffmpeg)
            .args(["-ss".to_string(), format!("{at:.3}"), "-i".to_string()])
            .args([video.as_os_str()])
            .args(["-frames:v", "1", "-q:v", "3"])
            .args([out.as_os_str()])
            .media_seconds(self.duration_s)
            .cancel_on(self.cancel.clone());
        self.processes.output(invocation).await?;
        Ok(())
    }
}

/// `atempo` takes 0.5–100 per instance; slower rates chain halvings.
fn atempo_chain(rate: f64) -> String {
    if (rate - 1.0).abs() < 1e-9 {
        return String::new();
    }
    let mut out = String::new();
    let mut r = rate;
    while r < 0.5 {
        out.push_str("atempo=0.5,");
        r /= 0.5;
    }
    out.push_str(&format!("atempo={r:.6},"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atempo_chains_below_half_speed() {
        assert_eq!(atempo_chain(1.0), "");
        assert_eq!(atempo_chain(2.0), "atempo=2.000000,");
        assert_eq!(atempo_chain(0.25), "atempo=0.5,atempo=0.500000,");
    }
}
