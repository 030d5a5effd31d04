//! A clipping job's tasks, each one claim of the queue on any worker: transcribe one
//! stretch of the input, or look at and render one clip and upload its files. A task
//! reads its job's command and the artifacts the job's steps stored, writes its own
//! artifact last, and is done when that artifact exists — a task run twice (its lease
//! ran out, then its first worker came back) finds it and does nothing more.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use reelcut_clipping::export::{ExportJob, ExportOptions, Frame};
use reelcut_clipping::parts::{self, Heard, Seen, Transcript};
use reelcut_clipping::{ClipJob, ClipRecord, Manifest, Stage, StageTiming};
use reelcut_core::Code;
use reelcut_moments::Moments;
use serde::{Deserialize, Serialize};

use super::artifacts::{local_source, need_json, put_json, stage_key};
use crate::command::{ClipCommand, Command};
use crate::context::{JobContext, JobError, Outcome};
use crate::Service;

/// The letter that names a stretch task (`s000`, `s001`, …).
pub const STRETCH: char = 's';
/// The letter that names a clip task (`c001`, …: the clip's number).
pub const CLIP: char = 'c';

/// What one task does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Transcribe seconds `from..to` of the job's input.
    Stretch { number: usize, from: f64, to: f64 },
    /// Look at and render the job's moment `index` (1-based: the clip's number).
    Clip { index: usize },
}

impl Part {
    /// The task's name in its job: a letter and three digits.
    pub fn name(&self) -> String {
        match self {
            Part::Stretch { number, .. } => format!("{STRETCH}{number:03}"),
            Part::Clip { index } => format!("{CLIP}{index:03}"),
        }
    }

    /// The letter of a task's name, read from its id.
    pub fn of_task_id(id: &str) -> Option<char> {
        let digits = reelcut_store::TASK_NUMBER_DIGITS;
        id.len().checked_sub(digits + 1).and_then(|i| id[i..].chars().next())
    }

    /// Where a task of this kind moves its job's progress (see [`super::percent`]).
    pub fn span(letter: char) -> Option<(i64, i64, &'static str)> {
        match letter {
            STRETCH => Some((4, 50, Stage::Transcribe.name())),
            CLIP => Some((55, 98, Stage::Render.name())),
            _ => None,
        }
    }
}

/// A task's command: which part of which job (the job is the task's parent row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipTaskCommand {
    pub part: Part,
}

/// What a stretch task stores: the stretch's transcript on its own clock.
#[derive(Serialize, Deserialize)]
pub(super) struct Stretch {
    pub from: f64,
    pub transcript: Transcript,
}

/// What a clip task stores. `record` and `seen` are the first drawing (an export is
/// drawn from them later); `shown` is the clip as uploaded — the same one, or drawn
/// again with the request's own settings.
#[derive(Serialize, Deserialize)]
pub(super) struct ClipPart {
    pub record: ClipRecord,
    pub seen: Seen,
    pub shown: ClipRecord,
    pub aspect: String,
}

pub async fn run(service: &Service, context: &JobContext, command: &ClipTaskCommand) -> Outcome {
    let scratch = service.work_dir(&context.claimed.job.id);
    let done = run_part(service, context, &command.part, &scratch).await;
    // Its outputs are stored (or it failed): nothing here is read again.
    std::fs::remove_dir_all(&scratch).ok();
    match done {
        Ok(()) => Outcome::Completed { clips: Vec::new() },
        Err(error) => Outcome::Failed(error),
    }
}

async fn run_part(service: &Service, context: &JobContext, part: &Part, scratch: &Path) -> Result<(), JobError> {
    let task = &context.claimed.job;
    let parent_id = task
        .parent_id
        .as_deref()
        .ok_or_else(|| JobError::internal("a clipping task without its job"))?;
    let parent = service
        .store
        .get_job(&task.workspace_id, parent_id)
        .await
        .map_err(|e| JobError::new(Code::Cancelled, format!("the job is gone: {e}"), None))?;
    let Ok(Command::Clip(command)) = Command::from_stored(&parent.request) else {
        return Err(JobError::internal("a clipping task's job is not a clipping job"));
    };
    let key = stage_key(&parent, &part.name());
    if service.blobs.size(&key).await.map_err(|e| JobError::from_error(&e))?.is_some() {
        return Ok(());
    }
    let started = Instant::now();
    let input = local_source(service, &parent).await?;
    let options = super::clip_options(service, &command)?;
    let reporter = context.clone();
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
        reporter.progress((fraction * 99.0).round() as i64, stage.name());
    });
    let job = ClipJob {
        settings: &service.settings,
        processes: &service.processes,
        input: &input,
        out_dir: &scratch.join("out"),
        options: &options,
        cancel: context.cancel.clone(),
        progress: Some(progress),
    };
    let stage = match part {
        Part::Stretch { from, to, .. } => {
            let transcript = parts::transcribe_stretch(&job, *from, *to, scratch)
                .await
                .map_err(|e| JobError::from_error(&e))?;
            put_json(service, &key, &Stretch { from: *from, transcript }).await?;
            Stage::Transcribe
        }
        Part::Clip { index } => {
            let done = clip(service, &job, &parent, &command, *index, scratch).await?;
            put_json(service, &key, &done).await?;
            Stage::Render
        }
    };
    let timing = StageTiming {
        stage: stage.name().to_string(),
        seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        cached: false,
    };
    service
        .store
        .set_stages(&context.claimed, &serde_json::json!([timing]))
        .await
        .map_err(JobError::internal)
}

/// Looks at and renders one clip, draws it again with the request's settings when it
/// carries them, and uploads the clip's files under the job's keys.
async fn clip(
    service: &Service,
    job: &ClipJob<'_>,
    parent: &reelcut_store::JobRow,
    command: &ClipCommand,
    index: usize,
    scratch: &Path,
) -> Result<ClipPart, JobError> {
    let source: reelcut_clipping::manifest::Source = need_json(service, &stage_key(parent, "source")).await?;
    let heard: Heard = need_json(service, &stage_key(parent, "heard")).await?;
    let moments: Moments = need_json(service, &stage_key(parent, "moments")).await?;
    let moment = moments
        .moments
        .get(index.wrapping_sub(1))
        .ok_or_else(|| JobError::internal(format!("the job has no moment {index}")))?;
    let (record, seen) = parts::clip(job, &source, &heard, moment, index)
        .await
        .map_err(|e| JobError::from_error(&e))?;
    let (shown, shown_dir, aspect) = match &command.finish {
        None => (record.clone(), job.out_dir.to_path_buf(), command.aspect.name().to_string()),
        Some(finish) => {
            let kept = scratch.join("kept");
            // The one-clip run reports no progress: the task's own heartbeat does.
            let one = ClipJob {
                out_dir: &kept,
                progress: None,
                ..job.clone()
            };
            parts::finish(
                &one,
                source.clone(),
                &heard,
                &moments,
                Vec::new(),
                vec![(record.clone(), seen.clone())],
            )
            .map_err(|e| JobError::from_error(&e))?;
            let finished = scratch.join("finished");
            let drawn = draw_again(service, job, finish, &kept, &finished).await?;
            let aspect = match finish.frame {
                Frame::Aspect(a) => a.name().to_string(),
                Frame::Original => drawn.aspect_ratio.clone(),
            };
            let shown = drawn
                .clips
                .into_iter()
                .next()
                .ok_or_else(|| JobError::internal("the second drawing made no clip"))?;
            (shown, finished, aspect)
        }
    };
    super::upload_clip(service, &parent.workspace_id, &parent.id, &shown_dir, &shown).await?;
    Ok(ClipPart {
        record,
        seen,
        shown,
        aspect,
    })
}

/// The clip drawn again with the settings the request carried (aspect, resolution,
/// layout, look, second language, hook), from the one-clip run in `kept`.
async fn draw_again(
    service: &Service,
    job: &ClipJob<'_>,
    finish: &ExportOptions,
    kept: &Path,
    out_dir: &Path,
) -> Result<Manifest, JobError> {
    let options = ExportOptions {
        clips: None,
        ..finish.clone()
    };
    reelcut_clipping::export::export(ExportJob {
        settings: &service.settings,
        processes: &service.processes,
        clips_dir: kept,
        input: Some(job.input),
        out_dir,
        options: &options,
        cancel: job.cancel.clone(),
        progress: None,
    })
    .await
    .map_err(|e| JobError::from_error(&e))
}
