//! A clipping job as v3 shows it (Get, List, the `ai_clipping.*` webhooks):
//! `AiClippingDetail` and `Clip`, field for field as the seed defines them, with presigned
//! URLs for finished clips.

use reelcut_core::JobStatus;
use reelcut_jobs::Service;
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Full job resource. Returned by Get / List / webhook payloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AiClippingDetail {
    /// Unique job identifier.
    pub id: String,
    /// Display title.
    pub title: Option<String>,
    /// Job lifecycle status: pending, running, completed, failed, cancelled.
    #[schema(value_type = JobStatusSchema)]
    pub status: String,
    /// Detected or supplied source language code.
    pub input_language: Option<String>,
    /// Duration of the source video in seconds.
    pub source_duration: Option<f64>,
    /// Produced clips. Empty until the job's clips are rendered.
    pub clips: Vec<Clip>,
    /// Approximate progress (0-100): live on Get, coarse (0 or 100) on List.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i64,
    /// Client-provided callback ID.
    pub callback_id: Option<String>,
    /// Unix timestamp (seconds) of job creation.
    pub created_at: Option<i64>,
    /// Error description. Only present when status=failed.
    pub failure_message: Option<String>,
}

/// A single produced clip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Clip {
    /// Unique clip identifier.
    pub id: String,
    /// Per-clip status: pending, completed, failed.
    pub status: String,
    /// Final clip duration in seconds. Null until status=completed.
    pub duration_seconds: Option<f64>,
    /// Clip aspect ratio: landscape, portrait or square.
    pub aspect_ratio: Option<String>,
    /// Model-generated clip title.
    pub title: Option<String>,
    /// Model-predicted virality score (0-100).
    #[schema(minimum = 0, maximum = 100)]
    pub virality_score: Option<i64>,
    /// Presigned thumbnail URL.
    pub thumbnail_url: Option<String>,
    /// Presigned MP4 download URL.
    pub video_url: Option<String>,
    /// Reserved for per-clip errors; null.
    pub failure_message: Option<String>,
    /// Our extension: marked as a favourite (through any dialect; ScaleReach's
    /// `POST /api/clips/{id}/favorite` toggles it).
    #[serde(default)]
    pub favorite: bool,
}

/// Public job lifecycle.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
pub enum JobStatusSchema {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// How much progress to show: the live value (Get) or the coarse one (List).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressView {
    Live,
    Coarse,
}

pub fn clip_view(service: &Service, row: &ClipRow) -> Clip {
    let completed = row.status == "completed";
    Clip {
        id: row.id.clone(),
        status: row.status.clone(),
        duration_seconds: row.duration_seconds.filter(|_| completed),
        aspect_ratio: row.aspect_ratio.clone().filter(|_| completed),
        title: row.title.clone(),
        virality_score: row.virality_score.filter(|_| completed),
        thumbnail_url: row.thumbnail_key.as_deref().filter(|_| completed).map(|k| service.presign_get(k)),
        video_url: row.video_key.as_deref().filter(|_| completed).map(|k| service.presign_get(k)),
        failure_message: None,
        favorite: serde_json::from_str::<serde_json::Value>(&row.detail)
            .ok()
            .and_then(|d| d["favorited"].as_bool())
            .unwrap_or(false),
    }
}

pub fn job_view(service: &Service, job: &JobRow, clips: &[ClipRow], view: ProgressView) -> AiClippingDetail {
    let status = job.status();
    let progress = match (view, status) {
        (_, JobStatus::Completed) => 100,
        (ProgressView::Coarse, _) => 0,
        (ProgressView::Live, _) => job.progress,
    };
    AiClippingDetail {
        id: job.id.clone(),
        title: job.title.clone(),
        status: job.status.clone(),
        input_language: job.input_language.clone(),
        source_duration: job.source_duration,
        clips: clips.iter().filter(|c| c.job_id == job.id).map(|c| clip_view(service, c)).collect(),
        progress,
        callback_id: job.callback_id.clone(),
        created_at: Some(job.created_at / 1000),
        failure_message: if status == JobStatus::Failed {
            job.stored_error().map(|e| e.message)
        } else {
            None
        },
    }
}
