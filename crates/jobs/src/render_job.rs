//! The HyperFrames render job: fetch the project zip (asset, guarded URL, or the blob an
//! inline base64 project was stored as), open it under the zip limits, render it with
//! live progress, publish the video and its thumbnail.
//!
//! The finished video is stored as the job's single output row (the `clips` table):
//! the same transaction that ends the job records it, as for clipping.

use std::sync::Arc;

use reelcut_compose::{Project, ProjectLimits, RenderOptions, RenderTools};
use reelcut_store::NewClip;

use crate::command::RenderCommand;
use crate::context::{JobContext, JobError, Outcome};
use crate::{ingest, Service};

pub async fn run(service: &Service, context: &JobContext, command: &RenderCommand) -> Outcome {
    match run_inner(service, context, command).await {
        Ok(output) => Outcome::Completed { clips: vec![output] },
        Err(error) => Outcome::Failed(error),
    }
}

async fn run_inner(service: &Service, context: &JobContext, request: &RenderCommand) -> Result<NewClip, JobError> {
    let job = &context.claimed.job;
    let work = service.work_dir(&job.id);
    std::fs::create_dir_all(&work).map_err(JobError::internal)?;
    context.progress(1, "ingest");
    let zip = ingest::fetch(service, context, &request.project, "project", &work).await?;

    let settings = &service.settings;
    let limits = ProjectLimits {
        max_total_bytes: settings.render.max_project_bytes,
        ..ProjectLimits::default()
    };
    let project = Project::open(&zip, &request.composition, limits).map_err(|e| JobError::from_error(&e))?;
    let options = RenderOptions {
        composition: request.composition.clone(),
        fps: Some(request.fps),
        quality: request.quality,
        format: request.format,
        resolution: request.resolution.unwrap_or_default(),
        aspect_ratio: request.aspect_ratio,
        variables: request.variables.clone(),
        workers: settings.render.workers,
    };
    let tools = RenderTools::from_settings(settings, service.processes.clone());
    let video = work.join(format!("video.{}", options.format.extension()));
    let thumbnail = work.join("thumbnail.jpg");
    context.progress(3, "render");
    let reporter = context.clone();
    let progress = Arc::new(move |done: usize, total: usize| {
        let percent = 3 + (94 * done / total.max(1)) as i64;
        reporter.progress(percent, "render");
    });
    let outcome = reelcut_compose::render(&project, &options, &tools, &video, &thumbnail, progress, context.cancel.clone())
        .await
        .map_err(|e| JobError::from_error(&e))?;

    context.progress(98, "publish");
    let prefix = format!("ws/{}/renders/{}", job.workspace_id, job.id);
    let video_key = format!("{prefix}/video.{}", options.format.extension());
    let thumbnail_key = format!("{prefix}/thumbnail.jpg");
    service
        .blobs
        .put_file(&video_key, &video)
        .await
        .map_err(|e| JobError::from_error(&e))?;
    service
        .blobs
        .put_file(&thumbnail_key, &thumbnail)
        .await
        .map_err(|e| JobError::from_error(&e))?;
    std::fs::remove_dir_all(&work).ok();
    Ok(NewClip {
        id: reelcut_store::new_id(),
        idx: 0,
        status: "completed".into(),
        duration_seconds: Some(outcome.duration_s),
        aspect_ratio: request.aspect_ratio.map(|a| a.as_str().to_string()),
        title: job.title.clone(),
        virality_score: None,
        video_key: Some(video_key),
        thumbnail_key: Some(thumbnail_key),
        detail: serde_json::to_value(&outcome).expect("outcome serialises"),
    })
}
