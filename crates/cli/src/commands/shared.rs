//! Steps several commands share: turning the input argument into a local file, a
//! cancellation token wired to Ctrl-C, and transcription with a progress bar.

use std::path::Path;
use std::sync::Arc;

use reelcut_core::Code;
use reelcut_media::input::LocalInput;
use reelcut_media::Processes;
use reelcut_speech::{TranscribeRequest, Transcript};
use tokio_util::sync::CancellationToken;

use crate::failure::Failure;
use crate::Context;

pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Runtime::new().map_err(|e| Failure::new(Code::Internal, e.to_string()))
}

/// A local file for a path or an http(s) URL (downloaded within the size limit).
pub async fn resolve_input(context: &Context, input: &str) -> Result<LocalInput, Failure> {
    let max_bytes = context.settings.media.max_download_bytes;
    let input = input.to_string();
    Ok(
        tokio::task::spawn_blocking(move || reelcut_media::input::resolve(&input, max_bytes))
            .await
            .map_err(|e| Failure::new(Code::Internal, e.to_string()))??,
    )
}

/// Cancelled on Ctrl-C: running ffmpeg and ASR stop and the command exits 130.
pub fn cancel_on_ctrl_c() -> CancellationToken {
    let cancel = CancellationToken::new();
    let on_signal = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    cancel
}

pub async fn transcribe(context: &Context, processes: &Processes, path: &Path, cancel: CancellationToken) -> Result<Transcript, Failure> {
    let bar = crate::progress::seconds_bar(context.quiet, "transcribe");
    let reporter = bar.clone();
    let progress = Arc::new(move |done: f64, total: f64| {
        reporter.set_length(total.ceil() as u64);
        reporter.set_position(done.min(total).floor() as u64);
    });
    let started = std::time::Instant::now();
    let transcript = reelcut_speech::transcribe(TranscribeRequest {
        settings: &context.settings,
        processes,
        input: path,
        cancel,
        progress: Some(progress),
        task: reelcut_speech::Task::Transcribe,
    })
    .await;
    bar.finish_and_clear();
    let transcript = transcript?;
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        words = transcript.words.len(),
        language = %transcript.language,
        "transcribed"
    );
    Ok(transcript)
}

/// The flags that choose moments, shared by `clip` and `moments`.
#[derive(clap::Args)]
pub struct MomentArgs {
    /// Clip duration types, comma-separated: 30 (20–40 s), 60 (40–75 s), 180 (90–180 s), long (3–10 min).
    #[arg(long, default_value = "30,60")]
    pub durations: String,
    /// Editorial guidance (≤ 500 characters): clips about this rank higher.
    #[arg(long)]
    pub prompt: Option<String>,
    /// How many clips in all (default: about one per 3.5 minutes of speech, 3–20 per duration type).
    #[arg(long)]
    pub max_clips: Option<usize>,
    /// ISO-639-1 language of the speech (media input); detected when omitted.
    #[arg(long)]
    pub language: Option<String>,
}

impl MomentArgs {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        self.language
            .iter()
            .map(|l| ("speech.language".to_string(), crate::toml_string(l)))
            .collect()
    }

    pub fn request(&self) -> Result<reelcut_moments::Request, Failure> {
        let request = reelcut_moments::Request {
            durations: reelcut_moments::DurationType::parse_list(&self.durations)?,
            prompt: self.prompt.clone(),
            max_clips: self.max_clips,
            rank_by: reelcut_moments::RankBy::Virality,
        };
        request.validate()?;
        Ok(request)
    }
}

/// Notes and stage times on stderr, one line per clip and where the gallery is on stdout.
pub fn print_manifest(manifest: &reelcut_clipping::Manifest, out: &std::path::Path) {
    for note in &manifest.notes {
        eprintln!("note: {note}");
    }
    let stages: Vec<String> = manifest
        .stages
        .iter()
        .map(|s| format!("{} {:.1}s{}", s.stage, s.seconds, if s.cached { " (cached)" } else { "" }))
        .collect();
    eprintln!("stages: {}", stages.join(", "));
    for c in &manifest.clips {
        println!(
            "{}  {:>6.1}–{:<6.1} {:>5.1}s  score {:>3}  {}",
            c.video, c.start, c.end, c.duration_seconds, c.virality_score, c.title
        );
    }
    println!("{} clips → {}", manifest.clips.len(), out.join("index.html").display());
}
