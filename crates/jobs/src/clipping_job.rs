//! The AI clipping job: fetch the input (asset or guarded URL), check it is media within
//! the limits, run the clipping pipeline with live progress, publish clips and
//! thumbnails as blobs. Stage artifacts live in the pipeline's content-hash cache and
//! the input in the job's work dir, so a job re-claimed after a crash resumes instead of
//! starting over.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reelcut_clipping::export::{ExportJob, ExportOptions, Frame};
use reelcut_clipping::{output, ClipJob, ClipOptions, ClipRecord, Stage};
use reelcut_core::{Code, ErrorCode};
use reelcut_store::NewClip;

use crate::command::ClipCommand;
use crate::context::{JobContext, JobError, Outcome};
use crate::{ingest, Service};

pub async fn run(service: &Service, context: &JobContext, command: &ClipCommand) -> Outcome {
    match run_inner(service, context, command).await {
        Ok(clips) => Outcome::Completed { clips },
        Err(error) => Outcome::Failed(error),
    }
}

async fn run_inner(service: &Service, context: &JobContext, request: &ClipCommand) -> Result<Vec<NewClip>, JobError> {
    let job = &context.claimed.job;
    let work = service.work_dir(&job.id);
    std::fs::create_dir_all(&work).map_err(JobError::internal)?;

    context.progress(1, "ingest");
    let input = ingest::fetch(service, context, &request.video, "video", &work).await?;

    let settings = &service.settings;
    let info = reelcut_media::probe::probe(
        &service.processes,
        &settings.media.ffprobe,
        &input,
        Duration::from_secs(settings.media.probe_timeout_s),
    )
    .await
    .map_err(|e| {
        // The error's own code decides: unreadable media aborts, a missing ffprobe or a
        // probe that timed out is ours and retries.
        let message = match e.code() {
            Code::InvalidMedia => format!("the video is not readable media: {e}"),
            _ => e.to_string(),
        };
        JobError::new(e.code(), message, Some("video"))
    })?;
    if info.video.is_none() {
        return Err(JobError::new(Code::InvalidMedia, "the input has no video stream", Some("video")));
    }
    if info.duration_s > settings.service.max_video_seconds {
        return Err(JobError::new(
            Code::InvalidParameter,
            format!(
                "the video is {:.0} s long; the limit is {:.0} s",
                info.duration_s, settings.service.max_video_seconds
            ),
            Some("video"),
        ));
    }
    service
        .store
        .set_source(&context.claimed, info.duration_s, request.language.as_ref().map(|l| l.as_str()))
        .await
        .map_err(JobError::internal)?;

    let options = clip_options(service, request)?;
    let out_dir = work.join("out");
    let reporter = context.clone();
    // With a second drawing to come, the first run ends at 80 %.
    let share = if request.finish.is_some() { 0.8 } else { 1.0 };
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        reporter.progress((overall_percent(stage, done, total) as f64 * share).round() as i64, stage.name());
    });
    let manifest = reelcut_clipping::run(ClipJob {
        settings,
        processes: &service.processes,
        input: &input,
        out_dir: &out_dir,
        options: &options,
        cancel: context.cancel.clone(),
        progress: Some(progress),
    })
    .await
    .map_err(|e| JobError::from_error(&e))?;
    service
        .store
        .set_source(&context.claimed, manifest.source.duration_seconds, Some(&manifest.language))
        .await
        .map_err(JobError::internal)?;
    service
        .store
        .set_stages(&context.claimed, &serde_json::to_value(&manifest.stages).expect("stages serialise"))
        .await
        .map_err(JobError::internal)?;

    let (shown, shown_dir, aspect) = match &request.finish {
        None => (manifest, out_dir.clone(), request.aspect.name().to_string()),
        Some(finish) => {
            let finished = work.join("finished");
            let manifest = finish_clips(service, context, finish, &out_dir, &input, &finished).await?;
            let aspect = match finish.frame {
                Frame::Aspect(a) => a.name().to_string(),
                Frame::Original => manifest.aspect_ratio.clone(),
            };
            (manifest, finished, aspect)
        }
    };
    context.progress(99, "publish");
    let mut clips = Vec::new();
    for record in &shown.clips {
        clips.push(publish(service, &job.workspace_id, &job.id, &shown_dir, record, &aspect).await?);
    }
    keep_for_exports(service, &job.workspace_id, &job.id, &out_dir, &input).await?;
    std::fs::remove_dir_all(&work).ok();
    Ok(clips)
}

/// The job's clips drawn again with the settings the request carried (all of them:
/// aspect, resolution, layout, look, second language, hook), from what the run kept.
async fn finish_clips(
    service: &Service,
    context: &JobContext,
    finish: &ExportOptions,
    clips_dir: &Path,
    input: &Path,
    out_dir: &Path,
) -> Result<reelcut_clipping::Manifest, JobError> {
    let options = ExportOptions {
        clips: None,
        ..finish.clone()
    };
    let reporter = context.clone();
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
        reporter.progress((80.0 + 18.0 * fraction).round() as i64, stage.name());
    });
    reelcut_clipping::export::export(ExportJob {
        settings: &service.settings,
        processes: &service.processes,
        clips_dir,
        input: Some(input),
        out_dir,
        options: &options,
        cancel: context.cancel.clone(),
        progress: Some(progress),
    })
    .await
    .map_err(|e| JobError::from_error(&e))
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

/// The pipeline's stages as one 0–99 scale, weighted by how long each takes.
fn overall_percent(stage: Stage, done: f64, total: f64) -> i64 {
    let (from, to) = match stage {
        Stage::Probe => (2.0, 4.0),
        Stage::Transcribe => (4.0, 50.0),
        Stage::Moments => (50.0, 55.0),
        Stage::Look => (55.0, 70.0),
        // Exports only; a clipping job never translates.
        Stage::Translate => (70.0, 70.0),
        Stage::Render => (70.0, 98.0),
    };
    let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
    (from + (to - from) * fraction).round() as i64
}

/// Where a clipping job keeps what its exports are drawn from.
pub fn kept_prefix(workspace_id: &str, job_id: &str) -> String {
    format!("ws/{workspace_id}/jobs/{job_id}/kept")
}

/// `clips.json`, `analysis.json` and the source video, kept as blobs: an export runs on
/// any worker, later, without fetching the input again or analysing anything.
async fn keep_for_exports(service: &Service, workspace_id: &str, job_id: &str, out_dir: &Path, input: &Path) -> Result<(), JobError> {
    let prefix = kept_prefix(workspace_id, job_id);
    for (name, path) in [
        ("clips.json", out_dir.join("clips.json")),
        (reelcut_clipping::analysis::FILE, out_dir.join(reelcut_clipping::analysis::FILE)),
        ("source", input.to_path_buf()),
    ] {
        service
            .blobs
            .put_file(&format!("{prefix}/{name}"), &path)
            .await
            .map_err(|e| JobError::from_error(&e))?;
    }
    Ok(())
}

/// The clip row keeps the aspect's name (portrait, square, landscape, 4:5 — or an
/// export's `W:H` for the original frame), not only the ratio the manifest records.
pub(crate) async fn publish(
    service: &Service,
    workspace_id: &str,
    job_id: &str,
    out_dir: &Path,
    record: &ClipRecord,
    aspect: &str,
) -> Result<NewClip, JobError> {
    let id = reelcut_store::new_id();
    // Keyed by the job and the clip's index, not the new row's id: a run retried or
    // taken over by another worker writes the same keys again, so a worker killed or
    // cut off mid-publish leaves no blob that no row points to.
    let prefix = format!("ws/{workspace_id}/jobs/{job_id}/clip-{:02}", record.index);
    let video_key = format!("{prefix}.mp4");
    let thumbnail_key = format!("{prefix}.jpg");
    service
        .blobs
        .put_file(&video_key, &out_dir.join(&record.video))
        .await
        .map_err(|e| JobError::from_error(&e))?;
    service
        .blobs
        .put_file(&thumbnail_key, &out_dir.join(&record.thumbnail))
        .await
        .map_err(|e| JobError::from_error(&e))?;
    for (file, ext) in [(&record.srt, "srt"), (&record.vtt, "vtt")] {
        service
            .blobs
            .put_file(&format!("{prefix}.{ext}"), &out_dir.join(file))
            .await
            .map_err(|e| JobError::from_error(&e))?;
    }
    Ok(NewClip {
        id,
        idx: record.index as i64,
        status: "completed".into(),
        duration_seconds: Some(record.duration_seconds),
        aspect_ratio: Some(aspect.to_string()),
        title: Some(record.title.clone()),
        virality_score: Some(record.virality_score as i64),
        video_key: Some(video_key),
        thumbnail_key: Some(thumbnail_key),
        detail: serde_json::to_value(record).expect("clip record serialises"),
    })
}
