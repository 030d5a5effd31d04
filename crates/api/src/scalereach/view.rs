//! Videos and clips as ScaleReach shows them: a video is an AI clipping job (its status
//! named by the stage it is in), a clip is one of the job's clips with its record's
//! reason, transcript, hooks and emotions, and links signed for an hour.

use std::collections::BTreeMap;

use reelcut_core::JobStatus;
use reelcut_jobs::{Command, Service, VideoSource};
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Milliseconds since the epoch as ISO-8601 (`2026-04-03T09:41:50.622Z`).
pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VideoView {
    pub id: String,
    pub title: Option<String>,
    /// pending_config, pending, downloading, uploading, transcribing, analyzing,
    /// generating_clips, completed, failed.
    pub status: String,
    /// youtube (a URL) or upload.
    pub source_type: String,
    pub source_url: Option<String>,
    /// Seconds, once known.
    pub duration: Option<f64>,
    pub transcript_language: Option<String>,
    pub workspace_id: String,
    pub error_message: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// ScaleReach's status for a job: held → `pending_config`, then the stage it is in.
pub fn video_status(job: &JobRow) -> &'static str {
    if job.held() {
        return "pending_config";
    }
    match job.status() {
        JobStatus::Pending => "pending",
        JobStatus::Completed => "completed",
        JobStatus::Failed | JobStatus::Cancelled => "failed",
        JobStatus::Running => match job.stage.as_deref().unwrap_or("") {
            "" | "ingest" => "downloading",
            "probe" => "uploading",
            "transcribe" => "transcribing",
            "moments" => "analyzing",
            _ => "generating_clips",
        },
    }
}

fn source(job: &JobRow) -> (String, Option<String>) {
    match Command::from_stored(&job.request) {
        Ok(Command::Clip(command)) => match command.video {
            VideoSource::Url { url } => ("youtube".into(), Some(url)),
            _ => ("upload".into(), None),
        },
        _ => ("upload".into(), None),
    }
}

pub fn video(job: &JobRow) -> VideoView {
    let (source_type, source_url) = source(job);
    let failed = video_status(job) == "failed";
    VideoView {
        id: job.id.clone(),
        title: job.title.clone(),
        status: video_status(job).to_string(),
        source_type,
        source_url,
        duration: job.source_duration,
        transcript_language: job.input_language.clone(),
        workspace_id: job.workspace_id.clone(),
        error_message: failed.then(|| job.stored_error().map(|e| e.message).unwrap_or_else(|| "Cancelled".into())),
        created_at: iso(job.created_at),
        updated_at: iso(job.updated_at),
    }
}

/// The queue job behind a video (BullMQ's summary upstream; never null here).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueJob {
    /// `video-<id>`.
    pub id: String,
    /// waiting, active, completed or failed.
    pub state: String,
    /// 0–100.
    pub progress: i64,
    pub failed_reason: Option<String>,
}

pub fn queue_job(job: &JobRow) -> QueueJob {
    let state = match job.status() {
        JobStatus::Pending => "waiting",
        JobStatus::Running => "active",
        JobStatus::Completed => "completed",
        JobStatus::Failed | JobStatus::Cancelled => "failed",
    };
    QueueJob {
        id: format!("video-{}", job.id),
        state: state.into(),
        progress: if job.status() == JobStatus::Completed { 100 } else { job.progress },
        failed_reason: (state == "failed").then(|| job.stored_error().map(|e| e.message)).flatten(),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Hooks {
    pub question: String,
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClipView {
    pub id: String,
    pub video_id: String,
    pub title: String,
    /// The hook title drawn over the first seconds, when there is one.
    pub intro_title: Option<String>,
    /// Seconds in the source.
    pub start_time: f64,
    pub end_time: f64,
    pub duration: f64,
    pub score: i64,
    pub virality_reason: String,
    pub transcript: String,
    /// Signed for an hour; null until rendered.
    pub download_url: Option<String>,
    pub thumbnail_url: Option<String>,
    /// detected, generating, completed or failed.
    pub status: String,
    /// 9:16, 16:9, 1:1 or 4:5.
    pub aspect_ratio: String,
    pub favorited: bool,
    pub hooks: Hooks,
    /// Emotion → strength (0–1).
    pub emotions: BTreeMap<String, f32>,
    pub created_at: String,
}

/// What the view reads of a clip's stored record.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Record {
    pub start: f64,
    pub end: f64,
    pub reason: String,
    pub transcript: String,
    pub hooks: Hooks,
    pub emotions: BTreeMap<String, f32>,
    pub favorited: bool,
    pub hook_text: Option<String>,
}

/// Download links live an hour, as ScaleReach's do.
pub const LINK_SECONDS: u64 = 3600;

pub fn clip(service: &Service, row: &ClipRow) -> ClipView {
    let record: Record = serde_json::from_str(&row.detail).unwrap_or_default();
    let link = |key: &str| service.presign_get_for(key, LINK_SECONDS);
    ClipView {
        id: row.id.clone(),
        video_id: row.job_id.clone(),
        title: row.title.clone().unwrap_or_default(),
        intro_title: record.hook_text.clone(),
        start_time: record.start,
        end_time: record.end,
        duration: row.duration_seconds.unwrap_or(record.end - record.start),
        score: row.virality_score.unwrap_or(0),
        virality_reason: record.reason,
        transcript: record.transcript,
        download_url: row.video_key.as_deref().map(link),
        thumbnail_url: row.thumbnail_key.as_deref().map(link),
        status: row.status.clone(),
        aspect_ratio: super::config::aspect_name(row.aspect_ratio.as_deref().unwrap_or("portrait")).to_string(),
        favorited: record.favorited,
        hooks: record.hooks,
        emotions: record.emotions,
        created_at: iso(row.created_at),
    }
}
