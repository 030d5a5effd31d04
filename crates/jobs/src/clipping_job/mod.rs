//! The AI clipping job, spread over workers. The job itself runs in short steps, each a
//! claim of its row: **start** (fetch and check the input, store it as a blob, track its
//! audio, cut it in pauses into stretches), **choose** (stitch the stretches' transcripts,
//! choose the moments) and **publish** (write the run's files, the clip rows and the
//! webhook, in one transaction). Between steps it queues its tasks on the same queue —
//! one per stretch to transcribe, then one per clip to look at and render — and parks
//! until the last of them ends ([`reelcut_store`]'s `children`). Any worker takes any
//! task; every input and output of a task is a blob, so a task or step taken over by
//! another host after a crash reuses what was stored and nothing lives on one disk.
//!
//! Which step runs is read from the job's tasks, not remembered: no tasks yet → start;
//! stretches all ended → choose; clips all ended → publish. A step run twice (its worker
//! died) queues the same tasks under the same ids, which the queue keeps once.

mod artifacts;
mod steps;
pub mod tasks;

use std::path::Path;

use reelcut_clipping::{output, ClipOptions, ClipRecord, Stage};
use reelcut_core::{Code, JobStatus};
use reelcut_store::NewClip;

use crate::command::ClipCommand;
use crate::context::{JobContext, JobError, Outcome};
use crate::Service;

pub use artifacts::kept_prefix;

/// A parked job's recheck, should the notice of its last task ending be lost.
const RECHECK_MS: i64 = 60_000;

pub async fn run(service: &Service, context: &JobContext, command: &ClipCommand) -> Outcome {
    match next_step(service, context, command).await {
        Ok(outcome) => outcome,
        Err(error) => Outcome::Failed(error),
    }
}

/// Runs the step the job's tasks call for, or parks the job while some are open.
async fn next_step(service: &Service, context: &JobContext, command: &ClipCommand) -> Result<Outcome, JobError> {
    let job = &context.claimed.job;
    let tasks = service.store.tasks_of(&job.id).await.map_err(JobError::internal)?;
    if tasks.iter().any(|t| !t.status().is_terminal()) {
        return Ok(Outcome::Parked { recheck_ms: RECHECK_MS });
    }
    if let Some(failed) = tasks.iter().find(|t| t.status() != JobStatus::Completed) {
        return Err(task_error(failed));
    }
    let count = |letter: char| tasks.iter().filter(|t| tasks::Part::of_task_id(&t.id) == Some(letter)).count();
    // A step that died while queuing its tasks left some unqueued: queue them all again
    // (a queued one stays as it is) and wait for them.
    if count(tasks::CLIP) > 0 {
        let moments: reelcut_moments::Moments = artifacts::need_json(service, &artifacts::stage_key(job, "moments")).await?;
        if count(tasks::CLIP) < moments.moments.len() {
            return steps::queue_clips(service, job, moments.moments.len()).await;
        }
        steps::publish(service, context, command, &tasks).await
    } else if count(tasks::STRETCH) > 0 {
        let plan: Vec<(f64, f64)> = artifacts::need_json(service, &artifacts::stage_key(job, "plan")).await?;
        if count(tasks::STRETCH) < plan.len() {
            return steps::queue_stretches(service, job, plan).await;
        }
        steps::choose(service, context, command, &tasks).await
    } else {
        steps::start(service, context, command).await
    }
}

/// A task that ended without completing ends its job the same way: its stored error
/// already says what went wrong, in words meant for the caller.
fn task_error(task: &reelcut_store::JobRow) -> JobError {
    match task.stored_error() {
        Some(stored) => JobError {
            code: Code::parse(&stored.code).unwrap_or(Code::Internal),
            message: stored.message,
            param: stored.param,
            public: true,
        },
        None => JobError::new(Code::Cancelled, "cancelled", None),
    }
}

/// The pipeline's options: the command's values as they are (they were checked when the
/// job was created) and the operator's resolution (checked when the settings loaded).
/// When the clips will be drawn again with the request's own settings (`finish`), the
/// first drawing is the cheapest one: 480p without captions.
fn clip_options(service: &Service, request: &ClipCommand) -> Result<ClipOptions, JobError> {
    let resolution = match request.finish {
        Some(_) => 480,
        None => output::parse_resolution(&service.settings.service.clip_resolution).map_err(JobError::internal)?,
    };
    Ok(ClipOptions {
        moments: reelcut_moments::Request {
            durations: request.durations.clone(),
            prompt: request.search.clone().or_else(|| request.prompt.clone()),
            max_clips: request.max_clips,
            rank_by: if request.search.is_some() {
                reelcut_moments::RankBy::Relevance
            } else {
                reelcut_moments::RankBy::Virality
            },
        },
        aspect: request.aspect,
        resolution,
        caption_style: request.captions.filter(|_| request.finish.is_none()),
        hook: false,
        // The seeds have no layout field: the API gets the automatic choice per clip.
        layout: reelcut_clipping::LayoutChoice::Auto,
        crop_overrides: Vec::new(),
    })
}

/// Where each part of the job sits on its 0–99 progress scale: the start, the stretches
/// (transcription, the long part), choosing, the clips, publishing.
pub(crate) fn percent(stage: Stage, done: f64, total: f64) -> i64 {
    let (from, to) = match stage {
        Stage::Probe => (1.0, 4.0),
        Stage::Transcribe => (4.0, 50.0),
        Stage::Moments => (50.0, 55.0),
        Stage::Look | Stage::Translate | Stage::Render => (55.0, 98.0),
    };
    let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
    (from + (to - from) * fraction).round() as i64
}

/// Uploads a rendered clip's files (video, thumbnail, SRT, VTT) under the job's keys and
/// returns its row. Keyed by the job and the clip's index, not the row's id: a run
/// retried or taken over by another worker writes the same keys again, so a worker
/// killed or cut off mid-upload leaves no blob that no row points to.
pub(crate) async fn publish(
    service: &Service,
    workspace_id: &str,
    job_id: &str,
    out_dir: &Path,
    record: &ClipRecord,
    aspect: &str,
) -> Result<NewClip, JobError> {
    upload_clip(service, workspace_id, job_id, out_dir, record).await?;
    Ok(clip_row(workspace_id, job_id, record, aspect))
}

pub(crate) async fn upload_clip(
    service: &Service,
    workspace_id: &str,
    job_id: &str,
    out_dir: &Path,
    record: &ClipRecord,
) -> Result<(), JobError> {
    let prefix = clip_prefix(workspace_id, job_id, record.index);
    for (file, ext) in [
        (&record.video, "mp4"),
        (&record.thumbnail, "jpg"),
        (&record.srt, "srt"),
        (&record.vtt, "vtt"),
    ] {
        service
            .blobs
            .put_file(&format!("{prefix}.{ext}"), &out_dir.join(file))
            .await
            .map_err(|e| JobError::from_error(&e))?;
    }
    Ok(())
}

fn clip_prefix(workspace_id: &str, job_id: &str, index: usize) -> String {
    format!("ws/{workspace_id}/jobs/{job_id}/clip-{index:02}")
}

/// The row of a clip whose files are stored. It keeps the aspect's name (portrait,
/// square, landscape, 4:5 — or an export's `W:H` for the original frame), not only the
/// ratio the manifest records.
pub(crate) fn clip_row(workspace_id: &str, job_id: &str, record: &ClipRecord, aspect: &str) -> NewClip {
    let prefix = clip_prefix(workspace_id, job_id, record.index);
    NewClip {
        id: reelcut_store::new_id(),
        idx: record.index as i64,
        status: "completed".into(),
        duration_seconds: Some(record.duration_seconds),
        aspect_ratio: Some(aspect.to_string()),
        title: Some(record.title.clone()),
        virality_score: Some(record.virality_score as i64),
        video_key: Some(format!("{prefix}.mp4")),
        thumbnail_key: Some(format!("{prefix}.jpg")),
        detail: serde_json::to_value(record).expect("clip record serialises"),
    }
}
