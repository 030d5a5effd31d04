use std::path::PathBuf;

use reelcut_core::Code;
use reelcut_media::Processes;
use reelcut_speech::formats::{self, Format};

use super::shared;
use crate::failure::Failure;
use crate::{toml_string, Context};

#[derive(clap::Args)]
pub struct Args {
    /// A media file or an http(s) URL.
    input: String,
    /// ISO-639-1 language (e.g. en, de); detected from the first speech when omitted.
    #[arg(long)]
    language: Option<String>,
    /// `base` (multilingual), `tiny.en` (fast, English), or a CTranslate2 model directory.
    #[arg(long)]
    model: Option<String>,
    /// Output format.
    #[arg(long, value_parser = ["json", "srt", "vtt"])]
    format: Option<String>,
    /// Write here instead of stdout (the format follows the extension unless --format is given).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Beam size (1 is fastest).
    #[arg(long)]
    beam_size: Option<usize>,
}

impl Args {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        let mut overrides = Vec::new();
        if let Some(language) = &self.language {
            overrides.push(("speech.language".into(), toml_string(language)));
        }
        if let Some(model) = &self.model {
            overrides.push(("speech.model".into(), toml_string(model)));
        }
        if let Some(beam) = self.beam_size {
            overrides.push(("speech.beam_size".into(), beam.to_string()));
        }
        overrides
    }

    fn format(&self) -> Format {
        let from_extension = self
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok());
        self.format
            .as_deref()
            .and_then(|f| f.parse().ok())
            .or(from_extension)
            .unwrap_or(Format::Json)
    }
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    shared::runtime()?.block_on(transcribe(context, args))
}

async fn transcribe(context: &Context, args: Args) -> Result<(), Failure> {
    let local = shared::resolve_input(context, &args.input).await?;
    let processes = Processes::from_settings(&context.settings.media);
    let cancel = shared::cancel_on_ctrl_c();
    let started = std::time::Instant::now();
    let transcript = shared::transcribe(context, &processes, &local.path, cancel).await?;
    let rendered = formats::render(&transcript, args.format());
    match &args.output {
        Some(path) => {
            std::fs::write(path, rendered)
                .map_err(|e| Failure::new(Code::InvalidParameter, format!("cannot write {}: {e}", path.display())))?;
            if !context.quiet {
                eprintln!(
                    "{} words, {} sentences, language {} → {} ({:.1}s)",
                    transcript.words.len(),
                    transcript.sentences.len(),
                    transcript.language,
                    path.display(),
                    started.elapsed().as_secs_f64()
                );
            }
        }
        None => print!("{rendered}"),
    }
    Ok(())
}
