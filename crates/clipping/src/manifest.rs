//! `clips.json`: every field of the seeds' clip objects (HeyGen `Clip`, WayinVideo's
//! export, ScaleReach's clip) under one canonical name each, plus what explains the
//! clip: sub-scores, reason, transcript, hooks, tags, and the camera's crop track.

use std::collections::BTreeMap;

use reelcut_look::CropTrack;
use reelcut_moments::{Hooks, SubScores};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub duration_seconds: f64,
    /// Display size (rotation applied).
    pub width: u32,
    pub height: u32,
    pub fps: f64,
    pub variable_frame_rate: bool,
    pub has_audio: bool,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipRecord {
    pub id: String,
    pub index: usize,
    pub status: String,
    pub duration_type: String,
    /// Seconds in the source.
    pub start: f64,
    pub end: f64,
    pub duration_seconds: f64,
    pub aspect_ratio: String,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub virality_score: u8,
    pub sub_scores: SubScores,
    pub reason: String,
    pub transcript: String,
    pub hooks: Hooks,
    pub tags: Vec<String>,
    pub description: String,
    pub emotions: BTreeMap<String, f32>,
    /// Files in the output directory.
    pub video: String,
    pub thumbnail: String,
    pub srt: String,
    pub vtt: String,
    pub hook_text: Option<String>,
    pub upscaled: bool,
    pub favorited: bool,
    pub failure_message: Option<String>,
    pub crop_track: CropTrack,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    pub stage: String,
    pub seconds: f64,
    /// The artifact came from the stage cache.
    pub cached: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub source: Source,
    pub language: String,
    pub aspect_ratio: String,
    pub resolution: String,
    pub caption_style: Option<String>,
    /// `extractive` or `llm:<model>`.
    pub method: String,
    pub notes: Vec<String>,
    pub stages: Vec<StageTiming>,
    pub clips: Vec<ClipRecord>,
}
