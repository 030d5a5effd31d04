//! The webhook events v3 knows: every event name HeyGen's endpoints accept (so a client's
//! filter written for HeyGen is accepted here unchanged), the ones reelcut sends, and the
//! bodies it sends them with (`{event_type, event_data}`, the data being the resource as
//! Get shows it).

use reelcut_core::{JobKind, JobStatus};
use reelcut_jobs::{Announce, Announcement, Service};
use reelcut_store::{ClipRow, JobRow};

use super::clipping_view::{job_view, ProgressView};
use super::render_view::render_view;

/// What a finished job of each kind announces: (success, fail).
pub fn ending_names(kind: JobKind) -> (&'static str, &'static str) {
    match kind {
        // A task is never announced (its job is); should one be, it speaks as its job.
        JobKind::AiClipping | JobKind::AiClippingTask => ("ai_clipping.success", "ai_clipping.fail"),
        JobKind::HyperframesRender => ("hyperframes_video.success", "hyperframes_video.fail"),
        JobKind::AiClippingExport => ("ai_clipping_export.success", "ai_clipping_export.fail"),
        JobKind::VideoAgent => ("video_agent.success", "video_agent.fail"),
    }
}

/// The events reelcut sends, with what their payload is.
const SENT: &[(&str, &str)] = &[
    (
        "ai_clipping.success",
        "An AI clipping job completed; the payload is the job with its clips.",
    ),
    (
        "ai_clipping.fail",
        "An AI clipping job failed; the payload carries failure_message.",
    ),
    (
        "ai_clipping_export.success",
        "An export of AI clipping clips completed (reelcut extension); the payload is the export with its clips.",
    ),
    (
        "ai_clipping_export.fail",
        "An export of AI clipping clips failed (reelcut extension); the payload carries failure_message.",
    ),
    (
        "hyperframes_video.success",
        "A HyperFrames render completed; the payload is the render with its video_url.",
    ),
    (
        "hyperframes_video.fail",
        "A HyperFrames render failed; the payload carries failure_message.",
    ),
    (
        "video_agent.success",
        "A video agent session's video completed; the payload has session_id, video_id, url and video_url.",
    ),
    (
        "video_agent.fail",
        "A video agent session's video failed; the payload has session_id, video_id, msg and failure_code.",
    ),
];

/// HeyGen's other event names (api-wave2 §1.6, as of 2026-07): accepted in endpoint
/// filters and event queries so a HeyGen client's configuration works unchanged.
const ACCEPTED_ONLY: &[&str] = &[
    "avatar_video.success",
    "avatar_video.fail",
    "avatar_video_gif.success",
    "avatar_video_gif.fail",
    "video_translate.success",
    "video_translate.fail",
    "video_translate.preflight.validation_failed",
    "video_translate.preflight.download_failed",
    "personalized_video",
    "instant_avatar.success",
    "instant_avatar.fail",
    "photo_avatar_generation.success",
    "photo_avatar_generation.fail",
    "photo_avatar_train.success",
    "photo_avatar_train.fail",
    "photo_avatar_add_motion.success",
    "photo_avatar_add_motion.fail",
    "proofread_creation.success",
    "proofread_creation.fail",
    "live_avatar.success",
    "live_avatar.fail",
    "avatar_video_caption.success",
    "avatar_video_caption.fail",
    "batch.finished",
];

/// Every event name with its description, sent ones first.
pub fn catalogue() -> impl Iterator<Item = (&'static str, &'static str)> {
    SENT.iter().copied().chain(
        ACCEPTED_ONLY
            .iter()
            .map(|name| (*name, "A HeyGen event reelcut accepts in filters but does not send.")),
    )
}

pub fn is_known(name: &str) -> bool {
    catalogue().any(|(known, _)| known == name)
}

/// Builds the v3 event a finished job sends.
pub struct Announcer;

impl Announce for Announcer {
    fn ending(&self, service: &Service, job: &JobRow, outputs: &[ClipRow]) -> Announcement {
        let kind = job.kind().unwrap_or(JobKind::AiClipping);
        let (success, fail) = ending_names(kind);
        let event_type = if job.status() == JobStatus::Completed { success } else { fail };
        let data = match kind {
            JobKind::AiClipping | JobKind::AiClippingTask => serde_json::to_value(job_view(service, job, outputs, ProgressView::Live)),
            JobKind::HyperframesRender => serde_json::to_value(render_view(service, job, outputs)),
            JobKind::AiClippingExport => serde_json::to_value(super::exports::export_view(service, job, outputs)),
            JobKind::VideoAgent => Ok(super::video_view::agent_event_data(service, job, outputs)),
        }
        .expect("views serialise");
        Announcement {
            event_type: event_type.to_string(),
            body: serde_json::json!({ "event_type": event_type, "event_data": data }),
        }
    }
}
