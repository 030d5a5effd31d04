//! `reelcut moments`: the ranked clips a talk offers, without rendering anything.

use std::path::Path;

use reelcut_core::Code;
use reelcut_media::Processes;
use reelcut_moments::{Embedder, FrameTrack, Moments, Request};
use reelcut_speech::Transcript;

use super::shared;
use crate::failure::Failure;
use crate::Context;

#[derive(clap::Args)]
pub struct Args {
    /// A media file or URL (transcribed first), or a transcript JSON from `reelcut transcribe`.
    input: String,
    /// Print the full result as JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    moments: shared::MomentArgs,
}

impl Args {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        self.moments.setting_overrides()
    }
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    let request = args.moments.request()?;
    let moments = shared::runtime()?.block_on(find(context, &args.input, &request))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&moments).expect("moments serialise"));
    } else {
        print!("{}", table(&moments));
    }
    Ok(())
}

async fn find(context: &Context, input: &str, request: &Request) -> Result<Moments, Failure> {
    let (transcript, audio) = analyse(context, input).await?;
    let settings = &context.settings;
    let models_dir = settings.models_dir.clone();
    let pool = if settings.llm.enabled() { settings.llm.candidates } else { 0 };
    let request = request.clone();
    let (moments, wanted) = tokio::task::spawn_blocking(move || {
        let embedder = Embedder::load(&models_dir)?;
        reelcut_moments::find_pool(&transcript, audio.as_ref(), &embedder, &request, pool)
    })
    .await
    .map_err(|e| Failure::new(Code::Internal, e.to_string()))??;
    if settings.llm.enabled() {
        return Ok(reelcut_moments::llm::refine(&settings.llm, moments, wanted).await);
    }
    Ok(moments)
}

/// The transcript, and the audio's frame track when the input is media.
async fn analyse(context: &Context, input: &str) -> Result<(Transcript, Option<FrameTrack>), Failure> {
    let as_path = Path::new(input);
    if as_path.extension().is_some_and(|e| e == "json") && as_path.is_file() {
        let text =
            std::fs::read_to_string(as_path).map_err(|e| Failure::new(Code::InputUnavailable, format!("cannot read {input}: {e}")))?;
        let transcript: Transcript = serde_json::from_str(&text)
            .map_err(|e| Failure::new(Code::InvalidMedia, format!("{input} is not a reelcut transcript: {e}")))?;
        return Ok((transcript, None));
    }
    let local = shared::resolve_input(context, input).await?;
    let processes = Processes::from_settings(&context.settings.media);
    let cancel = shared::cancel_on_ctrl_c();
    let transcript = shared::transcribe(context, &processes, &local.path, cancel.clone()).await?;
    let track = reelcut_moments::acoustics::track_file(
        &processes,
        &context.settings.media.ffmpeg,
        &local.path,
        Some(transcript.duration),
        cancel,
    )
    .await?;
    Ok((transcript, Some(track)))
}

fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0);
    format!("{:02}:{:04.1}", (s / 60.0).floor() as u64, s % 60.0)
}

fn table(moments: &Moments) -> String {
    let mut out = String::new();
    for note in &moments.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    if moments.moments.is_empty() {
        out.push_str("no clips\n");
        return out;
    }
    out.push_str(&format!(
        "{:>2}  {:<17} {:>6} {:>4}  {:<5} {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  {}\n",
        "#", "time", "length", "type", "score", "hook", "self", "pay", "enrg", "clar", "rel", "title — reason"
    ));
    for m in &moments.moments {
        let s = &m.sub_scores;
        let rel = s.relevance.map_or("-".to_string(), |r| format!("{r:.0}"));
        out.push_str(&format!(
            "{:>2}  {:<17} {:>5.1}s {:>4}  {:<5} {:>4.0} {:>4.0} {:>4.0} {:>4.0} {:>4.0} {:>4}  {} — {}\n",
            m.rank,
            format!("{}–{}", clock(m.start), clock(m.end)),
            m.duration,
            m.duration_type.as_str(),
            m.virality_score,
            s.hook,
            s.self_contained,
            s.payoff,
            s.energy,
            s.clarity,
            rel,
            m.title,
            m.reason
        ));
    }
    out.push_str(&format!("method: {}\n", moments.method));
    out
}
