//! Jobs and clips as WayinVideo shows them: a task (`id`, `name`, `status`,
//! `error_message`, `expire_at`, `cost_usage`, `clips`) whose clips carry `idx`,
//! `begin_ms`/`end_ms`, `tags`, `desc`, `score` and — only when rendered — a fresh
//! `export_link`.

use reelcut_core::JobStatus;
use reelcut_jobs::Service;
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A clipping or find-moments task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Task {
    pub id: String,
    pub name: String,
    /// CREATED, QUEUED, ONGOING, SUCCEEDED or FAILED.
    pub status: String,
    /// Only when FAILED.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Epoch ms until which this response's links work (reelcut keeps results until
    /// the task is deleted).
    pub expire_at: i64,
    /// Source minutes processed (reelcut's unit).
    pub cost_usage: f64,
    pub clips: Vec<ClipView>,
}

/// An export task: the same, keyed `export_task_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExportTask {
    pub export_task_id: String,
    pub name: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    pub expire_at: i64,
    /// Minutes of video drawn.
    pub cost_usage: f64,
    pub clips: Vec<ClipView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClipView {
    /// 0-based, best first.
    pub idx: i64,
    pub title: String,
    pub begin_ms: i64,
    pub end_ms: i64,
    /// A presigned image URL.
    pub thumbnail: Option<String>,
    /// Hashtags without `#`.
    pub tags: Vec<String>,
    pub desc: String,
    /// 0–100.
    pub score: i64,
    /// A presigned MP4 URL minted for this response; only for rendered clips.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_link: Option<String>,
}

/// What the view reads of a clip's stored record.
#[derive(Debug, Default, Deserialize)]
struct Record {
    #[serde(default)]
    start: f64,
    #[serde(default)]
    end: f64,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    description: String,
}

pub fn clip_view(service: &Service, row: &ClipRow, rendered: bool) -> ClipView {
    let record: Record = serde_json::from_str(&row.detail).unwrap_or_default();
    let ms = |s: f64| (s * 1000.0).round() as i64;
    ClipView {
        idx: (row.idx - 1).max(0),
        title: row.title.clone().unwrap_or_default(),
        begin_ms: ms(record.start),
        end_ms: ms(record.end),
        thumbnail: row.thumbnail_key.as_deref().map(|k| service.presign_get(k)),
        tags: record.tags.iter().map(|t| t.trim_start_matches('#').to_string()).collect(),
        desc: record.description,
        score: row.virality_score.unwrap_or(0),
        export_link: row.video_key.as_deref().filter(|_| rendered).map(|k| service.presign_get(k)),
    }
}

fn error_message(job: &JobRow) -> Option<String> {
    (super::status_name(job.status()) == "FAILED").then(|| {
        job.stored_error()
            .map(|e| e.message)
            .unwrap_or_else(|| "The task was cancelled.".into())
    })
}

fn expire_at(service: &Service) -> i64 {
    (chrono::Utc::now().timestamp() + service.settings.service.url_ttl_s as i64) * 1000
}

fn minutes(seconds: f64) -> f64 {
    (seconds / 60.0 * 100.0).round() / 100.0
}

/// A task's clips, best first; their links only when `rendered`.
fn clips(service: &Service, job: &JobRow, rows: &[ClipRow], rendered: bool) -> Vec<ClipView> {
    let mut clips: Vec<ClipView> = rows
        .iter()
        .filter(|c| c.job_id == job.id)
        .map(|c| clip_view(service, c, rendered))
        .collect();
    clips.sort_by_key(|c| c.idx);
    clips
}

pub fn task(service: &Service, job: &JobRow, rows: &[ClipRow], rendered: bool) -> Task {
    let done = job.status() == JobStatus::Completed;
    Task {
        id: job.id.clone(),
        name: job.title.clone().unwrap_or_default(),
        status: super::status_name(job.status()).to_string(),
        error_message: error_message(job),
        expire_at: expire_at(service),
        cost_usage: if done { minutes(job.source_duration.unwrap_or(0.0)) } else { 0.0 },
        clips: clips(service, job, rows, rendered),
    }
}

pub fn export_task(service: &Service, job: &JobRow, rows: &[ClipRow]) -> ExportTask {
    let clips = clips(service, job, rows, true);
    let drawn: f64 = clips.iter().map(|c| (c.end_ms - c.begin_ms) as f64 / 1000.0).sum();
    ExportTask {
        export_task_id: job.id.clone(),
        name: job.title.clone().unwrap_or_default(),
        status: super::status_name(job.status()).to_string(),
        error_message: error_message(job),
        expire_at: expire_at(service),
        cost_usage: minutes(drawn),
        clips,
    }
}
