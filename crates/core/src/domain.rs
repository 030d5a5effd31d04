//! The job vocabulary the API, the queue and the store share: kinds and statuses, as the
//! seeds spell them.

use serde::{Deserialize, Serialize};

/// The public job lifecycle (seed `JobStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        Some(match text {
            "pending" => JobStatus::Pending,
            "running" => JobStatus::Running,
            "completed" => JobStatus::Completed,
            "failed" => JobStatus::Failed,
            "cancelled" => JobStatus::Cancelled,
            _ => return None,
        })
    }

    pub const fn is_terminal(self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled)
    }
}

/// What a queued job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    AiClipping,
    HyperframesRender,
}

impl JobKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            JobKind::AiClipping => "ai_clipping",
            JobKind::HyperframesRender => "hyperframes_render",
        }
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        match text {
            "ai_clipping" => Some(JobKind::AiClipping),
            "hyperframes_render" => Some(JobKind::HyperframesRender),
            _ => None,
        }
    }

    /// Webhook event types for the job's two endings.
    pub fn event_types(self) -> (&'static str, &'static str) {
        match self {
            JobKind::AiClipping => ("ai_clipping.success", "ai_clipping.fail"),
            JobKind::HyperframesRender => ("hyperframes_render.success", "hyperframes_render.fail"),
        }
    }
}

/// Every webhook event type an endpoint may subscribe to.
pub const EVENT_TYPES: &[(&str, &str)] = &[
    (
        "ai_clipping.success",
        "An AI clipping job completed; the payload is the job with its clips.",
    ),
    (
        "ai_clipping.fail",
        "An AI clipping job failed; the payload carries failure_message.",
    ),
    (
        "hyperframes_render.success",
        "A HyperFrames render completed; the payload is the render with its video_url.",
    ),
    (
        "hyperframes_render.fail",
        "A HyperFrames render failed; the payload carries failure_message.",
    ),
];

/// The error object a failed job stores: the same one the API returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredError {
    pub code: String,
    pub message: String,
    pub param: Option<String>,
}
