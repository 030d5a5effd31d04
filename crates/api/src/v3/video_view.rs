//! A video as v3's `/v3/videos` shows it (`VideoDetail`, field for field as the CLI's
//! schema has it: api-wave2 §1.3), and the `video_agent.*` webhook payload.

use reelcut_core::JobStatus;
use reelcut_jobs::Service;
use reelcut_store::{ClipRow, JobRow};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VideoDetail {
    /// Unique video identifier.
    pub id: String,
    /// pending, processing, completed or failed.
    pub status: String,
    pub title: Option<String>,
    /// Presigned URL to download the video file.
    pub video_url: Option<String>,
    /// Presigned URL to download the video file with captions burned in.
    pub captioned_video_url: Option<String>,
    /// Presigned URL to download the SRT subtitle file.
    pub subtitle_url: Option<String>,
    pub thumbnail_url: Option<String>,
    /// URL to an animated GIF preview.
    pub gif_url: Option<String>,
    /// Video duration in seconds.
    pub duration: Option<f64>,
    pub created_at: Option<i64>,
    pub completed_at: Option<i64>,
    /// Machine-readable failure reason, when failed.
    pub failure_code: Option<String>,
    /// Human-readable failure description, when failed.
    pub failure_message: Option<String>,
    pub folder_id: Option<String>,
    /// Present only for translated videos (reelcut makes none).
    pub output_language: Option<String>,
    pub video_page_url: Option<String>,
}

/// The presigned URL of one of a finished video's outputs (`video`, `captioned`, …).
pub fn output_url(service: &Service, output: &ClipRow, name: &str) -> Option<String> {
    let detail: serde_json::Value = serde_json::from_str(&output.detail).ok()?;
    detail["keys"][name].as_str().map(|k| service.presign_get(k))
}

pub fn video_view(service: &Service, job: &JobRow, outputs: &[ClipRow]) -> VideoDetail {
    let status = job.status();
    let output = outputs
        .iter()
        .find(|o| o.job_id == job.id)
        .filter(|_| status == JobStatus::Completed);
    let url = |name: &str| output.and_then(|o| output_url(service, o, name));
    let error = job.stored_error();
    VideoDetail {
        id: job.id.clone(),
        status: match status {
            JobStatus::Pending => "pending",
            JobStatus::Running => "processing",
            JobStatus::Completed => "completed",
            JobStatus::Failed | JobStatus::Cancelled => "failed",
        }
        .into(),
        title: output.and_then(|o| o.title.clone()).or_else(|| job.title.clone()),
        video_url: url("video"),
        captioned_video_url: url("captioned"),
        subtitle_url: url("subtitles"),
        thumbnail_url: url("thumbnail"),
        gif_url: url("gif"),
        duration: output.and_then(|o| o.duration_seconds),
        created_at: Some(job.created_at / 1000),
        completed_at: status.is_terminal().then_some(job.updated_at / 1000),
        failure_code: match status {
            JobStatus::Failed => error.as_ref().map(|e| e.code.clone()),
            JobStatus::Cancelled => Some("cancelled".into()),
            _ => None,
        },
        failure_message: match status {
            JobStatus::Failed => error.map(|e| e.message),
            JobStatus::Cancelled => Some("The session was stopped before the video finished.".into()),
            _ => None,
        },
        folder_id: None,
        output_language: None,
        video_page_url: None,
    }
}

/// The `video_agent.success|fail` payload: the session, the video, both URL spellings
/// handlers read (`url`, `video_url`), and the caller's `callback_id`.
pub fn agent_event_data(service: &Service, job: &JobRow, outputs: &[ClipRow]) -> serde_json::Value {
    let video = video_view(service, job, outputs);
    serde_json::json!({
        "session_id": job.parent_id,
        "video_id": job.id,
        "url": video.video_url,
        "video_url": video.video_url,
        "captioned_video_url": video.captioned_video_url,
        "thumbnail_url": video.thumbnail_url,
        "duration": video.duration,
        "callback_id": job.callback_id,
        "msg": video.failure_message,
        "message": video.failure_message,
        "failure_code": video.failure_code,
    })
}
