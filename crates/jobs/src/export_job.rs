//! The export job: chosen clips of a finished AI clipping job drawn again with new
//! render settings, from what that job kept (its `clips.json`, `analysis.json` and
//! source video, as blobs) — no transcription, scoring or face analysis, on any worker.
//! Each exported clip becomes an output row of the export job; the original clips stay.

use std::sync::Arc;

use reelcut_clipping::export::{ExportJob, Frame};
use reelcut_clipping::Stage;
use reelcut_core::{Code, ErrorCode};
use reelcut_store::NewClip;

use crate::clipping_job::{kept_prefix, publish};
use crate::command::ExportCommand;
use crate::context::{JobContext, JobError, Outcome};
use crate::Service;

pub async fn run(service: &Service, context: &JobContext, command: &ExportCommand) -> Outcome {
    match run_inner(service, context, command).await {
        Ok(clips) => Outcome::Completed { clips },
        Err(error) => Outcome::Failed(error),
    }
}

async fn run_inner(service: &Service, context: &JobContext, command: &ExportCommand) -> Result<Vec<NewClip>, JobError> {
    let job = &context.claimed.job;
    let work = service.work_dir(&job.id);
    let clips_dir = work.join("kept");
    std::fs::create_dir_all(&clips_dir).map_err(JobError::internal)?;
    context.progress(1, "load");
    let prefix = kept_prefix(&job.workspace_id, &command.job_id);
    let source = work.join("source");
    for (name, path) in [
        ("clips.json", clips_dir.join("clips.json")),
        (reelcut_clipping::analysis::FILE, clips_dir.join(reelcut_clipping::analysis::FILE)),
        ("source", source.clone()),
    ] {
        service
            .blobs
            .get_to_file(&format!("{prefix}/{name}"), &path)
            .await
            .map_err(|e| match e.code() {
                // A clipping job from before exports existed kept nothing to draw from.
                Code::NotFound => JobError::new(
                    Code::Conflict,
                    format!("AI clipping job {} kept no artifacts to export from; run it again", command.job_id),
                    Some("id"),
                ),
                _ => JobError::from_error(&e),
            })?;
    }
    let out_dir = work.join("out");
    let reporter = context.clone();
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        let (from, to) = match stage {
            Stage::Translate => (5.0, 40.0),
            _ => (40.0, 98.0),
        };
        let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
        reporter.progress((from + (to - from) * fraction).round() as i64, stage.name());
    });
    let manifest = reelcut_clipping::export::export(ExportJob {
        settings: &service.settings,
        processes: &service.processes,
        clips_dir: &clips_dir,
        input: Some(&source),
        out_dir: &out_dir,
        options: &command.options,
        cancel: context.cancel.clone(),
        progress: Some(progress),
    })
    .await
    .map_err(|e| JobError::from_error(&e))?;
    service
        .store
        .set_stages(&context.claimed, &serde_json::to_value(&manifest.stages).expect("stages serialise"))
        .await
        .map_err(JobError::internal)?;
    context.progress(99, "publish");
    let aspect = match command.options.frame {
        Frame::Aspect(a) => a.name().to_string(),
        Frame::Original => manifest.aspect_ratio.clone(),
    };
    let mut clips = Vec::new();
    for record in &manifest.clips {
        clips.push(publish(service, &job.workspace_id, &job.id, &out_dir, record, &aspect).await?);
    }
    std::fs::remove_dir_all(&work).ok();
    Ok(clips)
}
