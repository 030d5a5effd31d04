//! The clipping job's own steps (see the module above): start, choose, publish. Each
//! ends by queuing tasks and parking, or by finishing the job.

use std::path::Path;
use std::time::{Duration, Instant};

use reelcut_clipping::manifest::Source;
use reelcut_clipping::parts::{self, Heard};
use reelcut_clipping::{ClipJob, ClipOptions, Stage, StageTiming};
use reelcut_core::{Code, ErrorCode};
use reelcut_media::probe::MediaInfo;
use reelcut_moments::boundary::Silence;
use reelcut_moments::{FrameTrack, Moments};
use reelcut_store::JobRow;

use super::artifacts::{get_json, need_json, put_json, source_key, stage_key};
use super::tasks::{ClipPart, ClipTaskCommand, Part, Stretch, CLIP, STRETCH};
use super::{clip_options, clip_row, kept_prefix, percent, RECHECK_MS};
use crate::command::{ClipCommand, Command};
use crate::context::{JobContext, JobError, Outcome};
use crate::{ingest, Service, MAX_ATTEMPTS};

/// Fetches and checks the input, stores it, tracks its audio, and queues one task per
/// stretch of speech to transcribe.
pub(super) async fn start(service: &Service, context: &JobContext, command: &ClipCommand) -> Result<Outcome, JobError> {
    let started = Instant::now();
    let job = &context.claimed.job;
    let work = service.work_dir(&job.id);
    std::fs::create_dir_all(&work).map_err(JobError::internal)?;
    // A run with no tasks yet starts over: what an earlier run stored is not reused.
    clear_job_blobs(service, job).await?;
    context.progress(1, "ingest");
    let input = ingest::fetch(service, context, &command.video, "video", &work).await?;
    let info = check_input(service, context, &input).await?;
    let options = clip_options(service, command)?;
    let clip_job = clip_job(service, context, &options, &input, &work);
    let source = parts::source(&clip_job, info).await.map_err(|e| JobError::from_error(&e))?;
    context.progress(2, "upload");
    service
        .blobs
        .put_file(&source_key(job), &input)
        .await
        .map_err(|e| JobError::from_error(&e))?;
    // This host's tasks of the job read the input from here, without fetching it again.
    if let Err(error) = std::fs::hard_link(&input, work.join("source")) {
        if error.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(JobError::internal(error));
        }
    }
    context.progress(3, "probe");
    let track = parts::track(&clip_job, &source).await.map_err(|e| JobError::from_error(&e))?;
    let stretches = if source.has_audio {
        plan_stretches(&track, source.duration_seconds, service.settings.service.stretch_s)
    } else {
        Vec::new()
    };
    put_json(service, &stage_key(job, "source"), &source).await?;
    put_json(service, &stage_key(job, "track"), &track).await?;
    put_json(service, &stage_key(job, "plan"), &stretches).await?;
    add_step(service, job, "start", started).await?;
    if stretches.is_empty() {
        return choose(service, context, command, &[]).await;
    }
    queue_stretches(service, job, stretches).await
}

/// One task per stretch of `plan`, then the job waits.
pub(super) async fn queue_stretches(service: &Service, job: &JobRow, plan: Vec<(f64, f64)>) -> Result<Outcome, JobError> {
    for (number, (from, to)) in plan.into_iter().enumerate() {
        queue(service, job, Part::Stretch { number, from, to }).await?;
    }
    Ok(Outcome::Parked { recheck_ms: RECHECK_MS })
}

/// One task per clip (numbered from 1), then the job waits.
pub(super) async fn queue_clips(service: &Service, job: &JobRow, clips: usize) -> Result<Outcome, JobError> {
    for index in 1..=clips {
        queue(service, job, Part::Clip { index }).await?;
    }
    Ok(Outcome::Parked { recheck_ms: RECHECK_MS })
}

/// Stitches the stretches' transcripts, chooses the moments, and queues one task per
/// clip.
pub(super) async fn choose(service: &Service, context: &JobContext, command: &ClipCommand, tasks: &[JobRow]) -> Result<Outcome, JobError> {
    let started = Instant::now();
    let job = &context.claimed.job;
    context.progress(50, Stage::Moments.name());
    let source: Source = need_json(service, &stage_key(job, "source")).await?;
    let track: FrameTrack = need_json(service, &stage_key(job, "track")).await?;
    let mut stretches = Vec::new();
    for task in tasks.iter().filter(|t| Part::of_task_id(&t.id) == Some(STRETCH)) {
        let stretch: Stretch = need_json(service, &task_key(job, task)).await?;
        stretches.push((stretch.from, stretch.transcript));
    }
    let transcript = parts::stitch(stretches, source.duration_seconds);
    service
        .store
        .set_source(&context.claimed, source.duration_seconds, Some(&transcript.language))
        .await
        .map_err(JobError::internal)?;
    let heard = Heard { transcript, track };
    put_json(service, &stage_key(job, "heard"), &heard).await?;
    let options = clip_options(service, command)?;
    let work = service.work_dir(&job.id);
    let input = work.join("source");
    let clip_job = clip_job(service, context, &options, &input, &work);
    let moments = parts::choose(&clip_job, &source, &heard)
        .await
        .map_err(|e| JobError::from_error(&e))?;
    put_json(service, &stage_key(job, "moments"), &moments).await?;
    add_step(service, job, Stage::Moments.name(), started).await?;
    if moments.moments.is_empty() {
        return publish(service, context, command, tasks).await;
    }
    queue_clips(service, job, moments.moments.len()).await
}

/// Writes the run's files (kept for exports) and returns the clip rows; the worker
/// stores them with the job's end and its webhook in one transaction.
pub(super) async fn publish(service: &Service, context: &JobContext, command: &ClipCommand, tasks: &[JobRow]) -> Result<Outcome, JobError> {
    let started = Instant::now();
    let job = &context.claimed.job;
    context.progress(99, "publish");
    let source: Source = need_json(service, &stage_key(job, "source")).await?;
    let heard: Heard = need_json(service, &stage_key(job, "heard")).await?;
    let moments: Moments = need_json(service, &stage_key(job, "moments")).await?;
    let mut clips = Vec::new();
    let mut stages: Vec<StageTiming> = get_json(service, &stage_key(job, "steps")).await?.unwrap_or_default();
    for task in tasks {
        if let Some(timing) = task
            .stages
            .as_deref()
            .and_then(|s| serde_json::from_str::<Vec<StageTiming>>(s).ok())
        {
            stages.extend(timing);
        }
        if Part::of_task_id(&task.id) == Some(CLIP) {
            clips.push(need_json::<ClipPart>(service, &task_key(job, task)).await?);
        }
    }
    stages.push(timing("publish", started));
    let options = clip_options(service, command)?;
    let work = service.work_dir(&job.id);
    let (out, input) = (work.join("out"), work.join("source"));
    let clip_job = clip_job(service, context, &options, &input, &out);
    let kept: Vec<_> = clips.iter().map(|c| (c.record.clone(), c.seen.clone())).collect();
    let manifest = parts::finish(&clip_job, source, &heard, &moments, stages, kept).map_err(|e| JobError::from_error(&e))?;
    service
        .store
        .set_stages(&context.claimed, &serde_json::to_value(&manifest.stages).expect("stages serialise"))
        .await
        .map_err(JobError::internal)?;
    let prefix = kept_prefix(&job.workspace_id, &job.id);
    for name in ["clips.json", reelcut_clipping::analysis::FILE] {
        service
            .blobs
            .put_file(&format!("{prefix}/{name}"), &out.join(name))
            .await
            .map_err(|e| JobError::from_error(&e))?;
    }
    clips.sort_by_key(|c| c.shown.index);
    let rows = clips
        .iter()
        .map(|c| clip_row(&job.workspace_id, &job.id, &c.shown, &c.aspect))
        .collect();
    std::fs::remove_dir_all(&work).ok();
    Ok(Outcome::Completed { clips: rows })
}

/// Probes the input and refuses what no clipping can use: unreadable media, no video,
/// longer than the operator allows. Records its length on the job, and returns what the
/// probe found.
async fn check_input(service: &Service, context: &JobContext, input: &Path) -> Result<MediaInfo, JobError> {
    let settings = &service.settings;
    let info = reelcut_media::probe::probe(
        &service.processes,
        &settings.media.ffprobe,
        input,
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
    let language = context.claimed.job.input_language.clone();
    service
        .store
        .set_source(&context.claimed, info.duration_s, language.as_deref())
        .await
        .map_err(JobError::internal)?;
    Ok(info)
}

/// Cuts `duration` seconds into stretches of about `target` seconds, each cut moved to
/// the middle of the longest pause within a tenth of a stretch of where it would fall,
/// so no word is cut in two.
pub(crate) fn plan_stretches(track: &FrameTrack, duration: f64, target: f64) -> Vec<(f64, f64)> {
    let count = (duration / target).round().max(1.0) as usize;
    let length = duration / count as f64;
    let silence = Silence::new(track);
    let mut cuts = vec![0.0];
    for k in 1..count {
        let mark = k as f64 * length;
        let reach = length / 10.0;
        let cut = silence
            .as_ref()
            .and_then(|s| s.quiet_middle(mark - reach, mark + reach))
            .unwrap_or(mark);
        cuts.push(cut);
    }
    cuts.push(duration);
    cuts.windows(2).map(|w| (w[0], w[1])).collect()
}

async fn queue(service: &Service, job: &JobRow, part: Part) -> Result<(), JobError> {
    let name = part.name();
    let request = serde_json::to_value(Command::ClipTask(ClipTaskCommand { part })).expect("commands serialise");
    service
        .store
        .insert_task(job, &name, &request, MAX_ATTEMPTS)
        .await
        .map_err(JobError::internal)
}

/// The artifact a task of `job` stored.
fn task_key(job: &JobRow, task: &JobRow) -> String {
    let name = task.id.strip_prefix(&format!("{}-", job.id)).unwrap_or(&task.id);
    stage_key(job, name)
}

/// Everything an earlier run of the job stored (its stage artifacts, clips, kept files).
async fn clear_job_blobs(service: &Service, job: &JobRow) -> Result<(), JobError> {
    let prefix = format!("ws/{}/jobs/{}/", job.workspace_id, job.id);
    for key in service.blobs.list(&prefix).await.map_err(|e| JobError::from_error(&e))? {
        service.blobs.delete(&key).await.map_err(|e| JobError::from_error(&e))?;
    }
    Ok(())
}

fn timing(stage: &str, started: Instant) -> StageTiming {
    StageTiming {
        stage: stage.to_string(),
        seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        cached: false,
    }
}

/// Adds a step's time to the job's list (a blob: the next step may run elsewhere).
async fn add_step(service: &Service, job: &JobRow, stage: &str, started: Instant) -> Result<(), JobError> {
    let key = stage_key(job, "steps");
    let mut steps: Vec<StageTiming> = get_json(service, &key).await?.unwrap_or_default();
    steps.retain(|s| s.stage != stage);
    steps.push(timing(stage, started));
    put_json(service, &key, &steps).await
}

fn clip_job<'a>(service: &'a Service, context: &JobContext, options: &'a ClipOptions, input: &'a Path, out_dir: &'a Path) -> ClipJob<'a> {
    let reporter = context.clone();
    ClipJob {
        settings: &service.settings,
        processes: &service.processes,
        input,
        out_dir,
        options,
        cancel: context.cancel.clone(),
        progress: Some(std::sync::Arc::new(move |stage, done, total| {
            reporter.progress(percent(stage, done, total), stage.name())
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_input_is_cut_in_its_pauses_and_a_short_one_not_at_all() {
        let per = FrameTrack::seconds_per_frame();
        let frames = (1000.0 / per) as usize;
        // Speech with a 0.25 s breath every 2 s, and one 0.8 s pause at 510 s.
        let quiet = |t: f64| t % 2.0 >= 1.75 || (510.0..510.8).contains(&t);
        let level_db: Vec<f32> = (0..frames).map(|i| if quiet(i as f64 * per) { -70.0 } else { -20.0 }).collect();
        let track = FrameTrack {
            pitch_hz: vec![0.0; level_db.len()],
            level_db,
        };
        let stretches = plan_stretches(&track, 1000.0, 300.0);
        assert_eq!(stretches.len(), 3, "{stretches:?}");
        assert_eq!((stretches[0].0, stretches[2].1), (0.0, 1000.0));
        for (_, cut) in &stretches[..2] {
            assert!(quiet(*cut), "the cut at {cut} s is in speech");
        }
        // Two stretches: the longest pause near the middle wins (509.75–510.8 s, the
        // breath before the pause and the pause).
        let halves = plan_stretches(&track, 1000.0, 500.0);
        assert_eq!(halves.len(), 2);
        assert!((halves[0].1 - 510.275).abs() < 0.02, "{halves:?}");
        assert_eq!(plan_stretches(&track, 100.0, 300.0), vec![(0.0, 100.0)]);
    }
}
