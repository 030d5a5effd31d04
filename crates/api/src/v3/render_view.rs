//! A render as v3 shows it (Get, List, the `hyperframes_video.*` webhooks):
//! `HyperframesRenderDetail`, field for field as seed
//! `heygen-v3-list-hyperframes-renders.md` defines it.

use reelcut_core::JobStatus;
use reelcut_jobs::{Command, Service};
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HyperframesRenderDetail {
    /// Unique render identifier.
    pub render_id: String,
    /// queued, rendering, completed or failed.
    #[schema(value_type = HyperframesRenderStatus)]
    pub status: String,
    /// Caller-supplied free-text label.
    pub title: Option<String>,
    /// Caller-supplied client tracking ID.
    pub callback_id: Option<String>,
    /// Presigned download URL for the rendered video. Present only when completed.
    pub video_url: Option<String>,
    /// Presigned download URL for the auto-generated thumbnail.
    pub thumbnail_url: Option<String>,
    /// Video duration in seconds; null until completed.
    pub duration: Option<f64>,
    /// Frames per second the render was created at.
    pub fps: Option<u32>,
    /// draft, standard or high.
    #[schema(value_type = Option<String>)]
    pub quality: Option<reelcut_compose::Quality>,
    /// mp4, webm or mov.
    #[schema(value_type = String)]
    pub format: reelcut_compose::Format,
    /// 1080p or 4k, if one was set.
    #[schema(value_type = Option<String>)]
    pub resolution: Option<reelcut_compose::Resolution>,
    /// 16:9, 9:16 or 1:1, if one was set.
    #[schema(value_type = Option<String>)]
    pub aspect_ratio: Option<reelcut_compose::AspectRatio>,
    /// Composition entry file path.
    pub composition: Option<String>,
    /// Unix timestamp when the render was created.
    pub created_at: Option<i64>,
    /// Unix timestamp when the render terminated; null until completed or failed.
    pub completed_at: Option<i64>,
    /// Error description. Present only when failed.
    pub failure_message: Option<String>,
}

/// Lifecycle status of a HyperFrames render.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
pub enum HyperframesRenderStatus {
    Queued,
    Rendering,
    Completed,
    Failed,
}

pub fn render_view(service: &Service, job: &JobRow, outputs: &[ClipRow]) -> HyperframesRenderDetail {
    let request = match Command::from_stored(&job.request) {
        Ok(Command::Render(render)) => Some(render),
        _ => None,
    };
    let status = job.status();
    let output = outputs
        .iter()
        .find(|o| o.job_id == job.id)
        .filter(|_| status == JobStatus::Completed);
    HyperframesRenderDetail {
        render_id: job.id.clone(),
        // The seed's four states: a cancelled render reads as failed.
        status: match status {
            JobStatus::Pending => "queued",
            JobStatus::Running => "rendering",
            JobStatus::Completed => "completed",
            JobStatus::Failed | JobStatus::Cancelled => "failed",
        }
        .into(),
        title: job.title.clone(),
        callback_id: job.callback_id.clone(),
        video_url: output.and_then(|o| o.video_key.as_deref()).map(|k| service.presign_get(k)),
        thumbnail_url: output.and_then(|o| o.thumbnail_key.as_deref()).map(|k| service.presign_get(k)),
        duration: output.and_then(|o| o.duration_seconds),
        fps: request.as_ref().map(|r| r.fps),
        quality: request.as_ref().map(|r| r.quality),
        format: request.as_ref().map(|r| r.format).unwrap_or_default(),
        resolution: request.as_ref().and_then(|r| r.resolution),
        aspect_ratio: request.as_ref().and_then(|r| r.aspect_ratio),
        composition: request.as_ref().map(|r| r.composition.clone()),
        created_at: Some(job.created_at / 1000),
        completed_at: status.is_terminal().then_some(job.updated_at / 1000),
        failure_message: match status {
            JobStatus::Failed => job.stored_error().map(|e| e.message),
            JobStatus::Cancelled => Some("cancelled".into()),
            _ => None,
        },
    }
}
