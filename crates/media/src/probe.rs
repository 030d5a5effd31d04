//! `ffprobe` for any input: duration, streams, frame rate, rotation, VFR.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::process::{Invocation, ProcessError, Processes};
use crate::MediaError;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaInfo {
    /// Seconds; 0 when the container does not say and no stream does either.
    pub duration_s: f64,
    pub format_name: String,
    pub video: Option<VideoStream>,
    pub audio: Option<AudioStream>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoStream {
    pub index: u32,
    pub codec: String,
    /// Coded size, before rotation.
    pub width: u32,
    pub height: u32,
    /// Clockwise display rotation in degrees (0, 90, 180, 270).
    pub rotation: i32,
    /// Average frame rate.
    pub fps: f64,
    /// Declared and average frame rates disagree: treat timestamps, not frame counts, as truth.
    pub variable_frame_rate: bool,
}

impl VideoStream {
    /// Size as displayed, after rotation.
    pub fn display_size(&self) -> (u32, u32) {
        if self.rotation.rem_euclid(180) == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudioStream {
    pub index: u32,
    pub codec: String,
    pub sample_rate: u32,
    pub channels: u32,
}

#[derive(Deserialize)]
struct RawProbe {
    #[serde(default)]
    streams: Vec<RawStream>,
    format: Option<RawFormat>,
}

#[derive(Deserialize)]
struct RawFormat {
    format_name: Option<String>,
    duration: Option<String>,
}

#[derive(Deserialize)]
struct RawStream {
    index: u32,
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    sample_rate: Option<String>,
    channels: Option<u32>,
    duration: Option<String>,
    #[serde(default)]
    tags: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    side_data_list: Vec<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    disposition: serde_json::Map<String, serde_json::Value>,
}

pub async fn probe(processes: &Processes, ffprobe: &str, path: &Path, timeout: Duration) -> Result<MediaInfo, MediaError> {
    if !path.exists() {
        return Err(MediaError::Missing { path: path.to_path_buf() });
    }
    let invocation = Invocation::new(ffprobe)
        .args(["-v", "error", "-print_format", "json", "-show_format", "-show_streams"])
        // Only local files: stops playlists or concat scripts from reaching the network.
        .args(["-protocol_whitelist", "file"])
        .args([path.as_os_str()])
        .timeout(timeout);
    let stdout = processes.output(invocation).await.map_err(|e| match e {
        ProcessError::Failed { stderr_tail, .. } => MediaError::NotMedia {
            path: path.to_path_buf(),
            detail: stderr_tail,
        },
        other => MediaError::Process(other),
    })?;
    parse_probe(&stdout).map_err(|detail| MediaError::NotMedia {
        path: path.to_path_buf(),
        detail,
    })
}

/// Parses ffprobe's JSON; public so saved tool output can be tested as fixtures.
pub fn parse_probe(json: &[u8]) -> Result<MediaInfo, String> {
    let raw: RawProbe = serde_json::from_slice(json).map_err(|e| format!("unreadable ffprobe output: {e}"))?;
    let format = raw.format.ok_or("no container format recognised")?;
    let mut duration_s = format.duration.as_deref().and_then(|d| d.parse::<f64>().ok()).unwrap_or(0.0);

    let video = raw
        .streams
        .iter()
        // Cover art is a one-frame "video" stream; it is not the picture of the talk.
        .filter(|s| s.codec_type.as_deref() == Some("video"))
        .find(|s| s.disposition.get("attached_pic").and_then(|v| v.as_i64()) != Some(1))
        .map(|s| {
            let declared = parse_rate(s.r_frame_rate.as_deref());
            let average = parse_rate(s.avg_frame_rate.as_deref());
            VideoStream {
                index: s.index,
                codec: s.codec_name.clone().unwrap_or_default(),
                width: s.width.unwrap_or(0),
                height: s.height.unwrap_or(0),
                rotation: rotation_of(s),
                fps: if average > 0.0 { average } else { declared },
                variable_frame_rate: declared > 0.0 && average > 0.0 && (declared - average).abs() / declared > 0.01,
            }
        });
    let audio = raw
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"))
        .map(|s| AudioStream {
            index: s.index,
            codec: s.codec_name.clone().unwrap_or_default(),
            sample_rate: s.sample_rate.as_deref().and_then(|r| r.parse().ok()).unwrap_or(0),
            channels: s.channels.unwrap_or(0),
        });
    if video.is_none() && audio.is_none() {
        return Err("no audio or video stream".into());
    }
    if duration_s <= 0.0 {
        duration_s = raw
            .streams
            .iter()
            .filter_map(|s| s.duration.as_deref()?.parse::<f64>().ok())
            .fold(0.0, f64::max);
    }
    Ok(MediaInfo {
        duration_s,
        format_name: format.format_name.unwrap_or_default(),
        video,
        audio,
    })
}

fn parse_rate(rate: Option<&str>) -> f64 {
    let Some(rate) = rate else { return 0.0 };
    match rate.split_once('/') {
        Some((n, d)) => {
            let (n, d) = (n.parse::<f64>().unwrap_or(0.0), d.parse::<f64>().unwrap_or(0.0));
            if d > 0.0 {
                n / d
            } else {
                0.0
            }
        }
        None => rate.parse().unwrap_or(0.0),
    }
}

/// Phones store rotation either as a display matrix (new ffmpeg, counter-clockwise
/// degrees, negative for clockwise) or as a legacy `rotate` tag (clockwise).
fn rotation_of(stream: &RawStream) -> i32 {
    let from_matrix = stream
        .side_data_list
        .iter()
        .find_map(|d| d.get("rotation").and_then(|r| r.as_f64()));
    let degrees = match from_matrix {
        Some(ccw) => -ccw.round() as i32,
        None => stream
            .tags
            .get("rotate")
            .and_then(|r| r.as_str())
            .and_then(|r| r.parse::<i32>().ok())
            .unwrap_or(0),
    };
    degrees.rem_euclid(360)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_video_fixture() {
        // Saved from ffprobe 5.1.9 on a 1920x1080 clip whose frame rate halves after 5 s,
        // remuxed with a rotation (display matrix: 90° counter-clockwise).
        let json = include_bytes!("../tests/fixtures/ffprobe-5.1-rotated-vfr.json");
        let info = parse_probe(json).unwrap();
        let video = info.video.unwrap();
        assert_eq!(video.rotation, 270, "90° counter-clockwise is 270° clockwise");
        assert_eq!(video.display_size(), (1080, 1920));
        assert!(video.variable_frame_rate);
        assert_eq!(info.audio.unwrap().sample_rate, 48000);
        assert!((info.duration_s - 12.5).abs() < 1e-9);
    }

    #[test]
    fn garbage_is_refused() {
        assert!(parse_probe(b"{}").is_err());
        assert!(parse_probe(br#"{"format":{"format_name":"mp3"},"streams":[]}"#).is_err());
    }
}
