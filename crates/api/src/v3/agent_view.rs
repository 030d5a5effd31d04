//! A video agent session as v3 shows it. The stored session holds the conversation and
//! the storyboard; its videos are jobs, so the status a caller sees while a video is
//! made — and the "your video is ready" or error message after — come from the latest
//! job, never from a second copy that could disagree with it.

use reelcut_core::JobStatus;
use reelcut_jobs::Service;
use reelcut_store::{ClipRow, JobRow, SessionRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::video_view::video_view;

/// One message as stored (oldest first in the session row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMessage {
    pub role: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub content: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<String>,
    pub created_at: i64,
    /// The storyboard this message presented (its resource), when it presented one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<serde_json::Value>,
}

impl StoredMessage {
    pub fn text(role: &str, content: impl Into<String>) -> StoredMessage {
        StoredMessage {
            role: role.into(),
            kind: "text".into(),
            content: content.into(),
            resource_ids: Vec::new(),
            created_at: reelcut_store::now_ms() / 1000,
            plan: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SessionMessage {
    /// user or model.
    pub role: String,
    /// text, resource or error.
    #[serde(rename = "type")]
    pub kind: String,
    pub content: String,
    pub resource_ids: Option<Vec<String>>,
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SessionDetail {
    pub session_id: String,
    /// thinking, waiting_for_input, reviewing, generating, completed or failed.
    pub status: String,
    pub progress: i64,
    pub title: Option<String>,
    pub video_id: Option<String>,
    pub created_at: i64,
    /// Most recent visible messages (at most 40), newest first.
    pub messages: Vec<SessionMessage>,
}

pub const MAX_MESSAGES: usize = 40;

pub fn stored_messages(session: &SessionRow) -> Vec<StoredMessage> {
    serde_json::from_str(&session.messages).unwrap_or_default()
}

/// The session's status: as stored while it talks; while a video is made, the video's.
pub fn status(session: &SessionRow, latest: Option<&JobRow>) -> (&'static str, i64) {
    match (session.status.as_str(), latest) {
        ("generating", Some(job)) => match job.status() {
            JobStatus::Pending => ("generating", 0),
            JobStatus::Running => ("generating", job.progress),
            JobStatus::Completed => ("completed", 100),
            JobStatus::Failed | JobStatus::Cancelled => ("failed", job.progress),
        },
        ("waiting_for_input", _) => ("waiting_for_input", 10),
        ("reviewing", _) => ("reviewing", 30),
        ("failed", _) => ("failed", 0),
        ("completed", _) => ("completed", 100),
        _ => ("thinking", 5),
    }
}

/// The messages a finished video adds: its resource when it completed, an error when not.
fn video_messages(service: &Service, jobs: &[JobRow], outputs: &[ClipRow]) -> Vec<StoredMessage> {
    jobs.iter()
        .filter(|j| j.status().is_terminal())
        .map(|job| {
            let video = video_view(service, job, outputs);
            let (kind, content) = if video.status == "completed" {
                (
                    "resource",
                    format!(
                        "Your video is ready ({:.0} s): {}.",
                        video.duration.unwrap_or(0.0),
                        video.title.clone().unwrap_or_default()
                    ),
                )
            } else {
                ("error", video.failure_message.clone().unwrap_or_else(|| "The video failed.".into()))
            };
            let mut resource_ids = vec![job.id.clone()];
            if kind == "resource" {
                resource_ids.extend([format!("narration-{}", job.id), format!("composition-{}", job.id)]);
            }
            StoredMessage {
                role: "model".into(),
                kind: kind.into(),
                content,
                resource_ids,
                created_at: job.updated_at / 1000,
                plan: None,
            }
        })
        .collect()
}

/// `jobs` are the session's videos, newest first, with their output rows.
pub fn session_view(service: &Service, session: &SessionRow, jobs: &[JobRow], outputs: &[ClipRow]) -> SessionDetail {
    let (status, progress) = status(session, jobs.first());
    let mut messages = stored_messages(session);
    messages.extend(video_messages(service, jobs, outputs));
    // Stable: a video's message follows the turn that asked for it within one second.
    messages.sort_by_key(|m| m.created_at);
    SessionDetail {
        session_id: session.id.clone(),
        status: status.into(),
        progress,
        title: session.title.clone(),
        video_id: session.video_id.clone(),
        created_at: session.created_at / 1000,
        messages: messages
            .into_iter()
            .rev()
            .take(MAX_MESSAGES)
            .map(|m| SessionMessage {
                role: m.role,
                kind: m.kind,
                content: m.content,
                resource_ids: (!m.resource_ids.is_empty()).then_some(m.resource_ids),
                created_at: Some(m.created_at),
            })
            .collect(),
    }
}

/// A storyboard in words, as the review message shows it.
pub fn storyboard_text(plan: &reelcut_agent::Storyboard) -> String {
    let mut out = format!(
        "Storyboard \u{201c}{}\u{201d} ({}, {} style, {} scenes{}):",
        plan.title,
        plan.orientation.as_str(),
        plan.style_id,
        plan.scenes.len(),
        plan.target_duration.map(|d| format!(", about {d:.0} s")).unwrap_or_default()
    );
    for (i, scene) in plan.scenes.iter().enumerate() {
        let kind = serde_json::to_value(&scene.visual)
            .ok()
            .and_then(|v| v["kind"].as_str().map(str::to_string))
            .unwrap_or_default();
        out += &format!("\n{}. [{}] {}", i + 1, kind.replace('_', " "), scene.narration);
    }
    for note in &plan.notes {
        out += &format!("\nNote: {note}");
    }
    out + "\nReply \u{201c}go\u{201d} to render, or ask for changes."
}
