//! What the studio page reads: a job with its stage and live progress, a clip with all
//! its record explains (sub-scores, reason, hooks, tags, transcript) and signed links to
//! its MP4, thumbnail, SRT and VTT, and an export with its options and clips.

use std::collections::BTreeMap;

use reelcut_jobs::{Command, Service};
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};

/// Links the page is given live as long as ScaleReach's (an hour); the page reloads
/// the job, and so its links, whenever it opens one.
const LINK_SECONDS: u64 = 3600;

#[derive(Debug, Serialize)]
pub struct StudioJob {
    pub id: String,
    pub title: Option<String>,
    pub status: String,
    /// The stage running now (ingest, probe, transcribe, moments, look, render, …).
    pub stage: Option<String>,
    pub progress: i64,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    pub source_duration: Option<f64>,
    pub failure_message: Option<String>,
    pub clip_count: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Record {
    start: f64,
    end: f64,
    duration_type: String,
    width: u32,
    height: u32,
    sub_scores: BTreeMap<String, f64>,
    reason: String,
    transcript: String,
    hooks: BTreeMap<String, String>,
    tags: Vec<String>,
    description: String,
    hook_text: Option<String>,
    favorited: bool,
}

#[derive(Debug, Serialize)]
pub struct StudioClip {
    pub id: String,
    /// The clip's number in its job's clips.json, from 1 (an export's clip keeps the
    /// number of the clip it was drawn from).
    pub index: i64,
    /// Its position among its job's clips, from 0: what exports name (`clip_indices`).
    pub position: usize,
    pub status: String,
    /// Seconds in the source.
    pub start: f64,
    pub end: f64,
    pub duration: f64,
    pub duration_type: String,
    pub aspect_ratio: Option<String>,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub score: i64,
    pub sub_scores: BTreeMap<String, f64>,
    pub reason: String,
    pub transcript: String,
    pub hooks: BTreeMap<String, String>,
    pub hook_text: Option<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub favorite: bool,
    pub video_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub srt_url: Option<String>,
    pub vtt_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StudioExport {
    pub id: String,
    pub status: String,
    pub progress: i64,
    pub stage: Option<String>,
    pub created_at: i64,
    pub failure_message: Option<String>,
    /// What was asked: the export command's options as stored.
    pub options: serde_json::Value,
    pub clips: Vec<StudioClip>,
}

#[derive(Debug, Serialize)]
pub struct JobDetail {
    pub job: StudioJob,
    pub clips: Vec<StudioClip>,
    pub exports: Vec<StudioExport>,
}

pub fn job(job: &JobRow, clip_count: usize) -> StudioJob {
    let failed = matches!(job.status(), reelcut_core::JobStatus::Failed);
    StudioJob {
        id: job.id.clone(),
        title: job.title.clone(),
        status: job.status.clone(),
        stage: job.stage.clone(),
        progress: if job.status() == reelcut_core::JobStatus::Completed {
            100
        } else {
            job.progress
        },
        created_at: job.created_at,
        source_duration: job.source_duration,
        failure_message: if failed { job.stored_error().map(|e| e.message) } else { None },
        clip_count,
    }
}

pub fn clip(service: &Service, row: &ClipRow, position: usize) -> StudioClip {
    let record: Record = serde_json::from_str(&row.detail).unwrap_or_default();
    let link = |key: &str| service.presign_get_for(key, LINK_SECONDS);
    // Captions were stored beside the MP4 under the same name (see `clipping_job::publish`).
    let beside = |ext: &str| {
        row.video_key
            .as_deref()
            .and_then(|k| k.strip_suffix(".mp4"))
            .map(|stem| link(&format!("{stem}.{ext}")))
    };
    StudioClip {
        id: row.id.clone(),
        index: row.idx,
        position,
        status: row.status.clone(),
        start: record.start,
        end: record.end,
        duration: row.duration_seconds.unwrap_or(record.end - record.start),
        duration_type: record.duration_type,
        aspect_ratio: row.aspect_ratio.clone(),
        width: record.width,
        height: record.height,
        title: row.title.clone().unwrap_or_default(),
        score: row.virality_score.unwrap_or(0),
        sub_scores: record.sub_scores,
        reason: record.reason,
        transcript: record.transcript,
        hooks: record.hooks,
        hook_text: record.hook_text,
        tags: record.tags,
        description: record.description,
        favorite: record.favorited,
        video_url: row.video_key.as_deref().map(link),
        thumbnail_url: row.thumbnail_key.as_deref().map(link),
        srt_url: beside("srt"),
        vtt_url: beside("vtt"),
    }
}

/// The export's clips in order, with what the export was asked for.
pub fn export(service: &Service, export: &JobRow, clips: &[ClipRow]) -> StudioExport {
    let options = match Command::from_stored(&export.request) {
        Ok(Command::Export(command)) => serde_json::to_value(&command.options).unwrap_or_default(),
        _ => serde_json::Value::Null,
    };
    let summary = job(export, 0);
    StudioExport {
        id: export.id.clone(),
        status: summary.status,
        progress: summary.progress,
        stage: summary.stage,
        created_at: export.created_at,
        failure_message: summary.failure_message,
        options,
        clips: clips
            .iter()
            .filter(|c| c.job_id == export.id)
            .enumerate()
            .map(|(position, c)| clip(service, c, position))
            .collect(),
    }
}

/// Whether a stored export command draws from `job_id`'s clips.
pub fn exports_from(export: &JobRow, job_id: &str) -> bool {
    matches!(Command::from_stored(&export.request), Ok(Command::Export(c)) if c.job_id == job_id)
}

#[derive(Debug, Serialize)]
pub struct TimedWord {
    pub text: String,
    /// Seconds in the source.
    pub start: f64,
    pub end: f64,
    /// The word closes a sentence: a trim may snap to its end.
    pub sentence_end: bool,
}

#[derive(Debug, Serialize)]
pub struct ClipWords {
    pub start: f64,
    pub end: f64,
    pub words: Vec<TimedWord>,
}

/// The words spoken inside a clip's window, from the job's kept transcript.
pub fn clip_words(words: &[reelcut_transcript::Word], start: f64, end: f64) -> ClipWords {
    ClipWords {
        start,
        end,
        words: words
            .iter()
            .enumerate()
            .filter(|(_, w)| w.start >= start - 1e-3 && w.end <= end + 1e-3)
            .map(|(i, w)| TimedWord {
                text: w.text.trim().to_string(),
                start: w.start,
                end: w.end,
                sentence_end: reelcut_transcript::sentences::ends_sentence(&w.text, reelcut_transcript::sentences::next_text(words, i)),
            })
            .collect(),
    }
}
