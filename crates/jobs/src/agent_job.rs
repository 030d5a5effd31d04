//! One video of a video agent session: the storyboard the command carries is narrated,
//! drawn and rendered (the agent room), then every output is published as blobs and the
//! video recorded as the job's single output row, in the transaction that ends the job.

use std::sync::Arc;

use reelcut_agent::AgentTools;
use reelcut_compose::RenderTools;
use reelcut_store::NewClip;

use crate::command::AgentCommand;
use crate::context::{JobContext, JobError, Outcome};
use crate::Service;

/// Blob names of a finished agent video, under its job's prefix.
pub const OUTPUTS: [(&str, &str); 7] = [
    ("video", "video.mp4"),
    ("captioned", "captioned.mp4"),
    ("subtitles", "subtitles.srt"),
    ("thumbnail", "thumbnail.jpg"),
    ("gif", "preview.gif"),
    ("narration", "narration.wav"),
    ("composition", "composition.zip"),
];

pub fn output_key(workspace_id: &str, job_id: &str, file: &str) -> String {
    format!("ws/{workspace_id}/videos/{job_id}/{file}")
}

pub async fn run(service: &Service, context: &JobContext, command: &AgentCommand) -> Outcome {
    match run_inner(service, context, command).await {
        Ok(output) => Outcome::Completed { clips: vec![output] },
        Err(error) => Outcome::Failed(error),
    }
}

async fn run_inner(service: &Service, context: &JobContext, command: &AgentCommand) -> Result<NewClip, JobError> {
    let job = &context.claimed.job;
    let work = service.work_dir(&job.id);
    let media = work.join("media");
    std::fs::create_dir_all(&media).map_err(JobError::internal)?;
    for (name, key) in &command.media {
        service
            .blobs
            .get_to_file(key, &media.join(name))
            .await
            .map_err(|e| JobError::from_error(&e))?;
    }
    let tools = AgentTools {
        models_dir: service.settings.models_dir.clone(),
        render: RenderTools::from_settings(&service.settings, service.processes.clone()),
        render_workers: service.settings.render.workers,
    };
    let reporter = context.clone();
    let progress = Arc::new(move |stage: reelcut_agent::Stage, done: f64| {
        let name = serde_json::to_value(stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        reporter.progress((done * 97.0) as i64, &name);
    });
    let made = reelcut_agent::produce(&command.plan, &media, &work.join("out"), &tools, progress, context.cancel.clone())
        .await
        .map_err(|e| JobError::from_error(&e))?;
    let composition = work.join("composition.zip");
    zip_dir(&made.project, &composition).map_err(JobError::internal)?;

    context.progress(98, "publish");
    let files = [
        &made.video,
        &made.captioned,
        &made.subtitles,
        &made.thumbnail,
        &made.gif,
        &made.narration,
        &composition,
    ];
    let mut keys = serde_json::Map::new();
    for ((name, file_name), path) in OUTPUTS.iter().zip(files) {
        let key = output_key(&job.workspace_id, &job.id, file_name);
        service.blobs.put_file(&key, path).await.map_err(|e| JobError::from_error(&e))?;
        keys.insert(name.to_string(), key.into());
    }
    let detail = serde_json::json!({
        "keys": keys,
        "session_id": command.session_id,
        "width": made.width,
        "height": made.height,
        "scenes": made.scenes,
        "notes": made.notes,
        "timings": made.timings,
    });
    std::fs::remove_dir_all(&work).ok();
    Ok(NewClip {
        id: reelcut_store::new_id(),
        idx: 0,
        status: "completed".into(),
        duration_seconds: Some(made.duration),
        aspect_ratio: Some(command.plan.orientation.as_str().to_string()),
        title: Some(command.plan.title.clone()),
        virality_score: None,
        video_key: Some(output_key(&job.workspace_id, &job.id, "video.mp4")),
        thumbnail_key: Some(output_key(&job.workspace_id, &job.id, "thumbnail.jpg")),
        detail,
    })
}

/// The rendered HyperFrames project as a zip (a session resource: open it, change it,
/// render it again).
fn zip_dir(dir: &std::path::Path, out: &std::path::Path) -> std::io::Result<()> {
    let file = std::fs::File::create(out)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)?.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            zip.start_file(name, options).map_err(std::io::Error::other)?;
            std::io::copy(&mut std::fs::File::open(&path)?, &mut zip)?;
        }
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}
