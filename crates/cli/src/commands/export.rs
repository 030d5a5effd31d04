//! `reelcut export`: chosen clips of a `reelcut clip` run drawn again — another aspect
//! or the original frame, resolution, layout, caption look, a second caption language,
//! a hook in a tone — without transcribing, scoring or looking for faces again.

use std::path::PathBuf;
use std::sync::Arc;

use reelcut_captions::{Display, Style};
use reelcut_clipping::export::{ExportJob, ExportOptions, Frame, HookChoice, HookPosition};
use reelcut_clipping::{output, LayoutChoice, Stage};
use reelcut_core::Code;
use reelcut_llm::Tone;
use reelcut_media::Processes;

use super::shared;
use crate::failure::Failure;
use crate::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The directory a `reelcut clip` run wrote (clips.json, analysis.json).
    clips_dir: PathBuf,
    /// Where the export goes (default: CLIPS_DIR/exports/N, the next free N).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The source video, when it has moved since the clip run.
    #[arg(long, value_name = "VIDEO")]
    input: Option<PathBuf>,
    /// Clip positions in clips.json, from 0, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    clips: Option<Vec<usize>>,
    /// 9:16, 1:1, 4:5, 16:9 (or portrait, square, landscape), or original (no reframe).
    #[arg(long, default_value = "portrait")]
    aspect: String,
    /// Short side of the output: 480p, 720p, 1080p, 1440p or 2160p (4k).
    #[arg(long, default_value = "1080p")]
    resolution: String,
    /// auto, fill, split or fit.
    #[arg(long, default_value = "auto")]
    layout: String,
    /// A caption look (`reelcut captions list` names them).
    #[arg(long, default_value = "bold", conflicts_with = "no_captions")]
    caption_style: String,
    /// No burned-in captions (SRT/VTT are still written).
    #[arg(long)]
    no_captions: bool,
    /// Translate captions and hook into this language (offline: `en`, by Whisper).
    #[arg(long, value_name = "LANG")]
    translate: Option<String>,
    /// Which captions show when translating: original, translation or both.
    #[arg(long, default_value = "original")]
    captions: String,
    /// Add a hook line written for each clip.
    #[arg(long)]
    hook: bool,
    /// The hook's tone: serious, casual, informative, conversational, humorous, parody,
    /// inspirational, dramatic, empathetic, persuasive, neutral, excited or calm.
    #[arg(long, default_value = "serious")]
    hook_style: String,
    /// beginning or end.
    #[arg(long, default_value = "beginning")]
    hook_position: String,
    /// How long the hook shows, in seconds.
    #[arg(long, default_value_t = 3.0)]
    hook_seconds: f64,
    /// Words that steer which line the hook is built on.
    #[arg(long)]
    hook_keywords: Option<String>,
}

impl Args {
    fn options(&self) -> Result<ExportOptions, Failure> {
        let invalid = |m: String| Failure::new(Code::InvalidParameter, m);
        let language = match &self.translate {
            Some(code) => Some(reelcut_core::Language::parse(code).map_err(invalid)?.as_str().to_string()),
            None => None,
        };
        let display = Display::parse(&self.captions).map_err(invalid)?;
        if display != Display::Original && language.is_none() {
            return Err(invalid(format!("--captions {} needs --translate LANG", self.captions)));
        }
        let hook = self
            .hook
            .then(|| -> Result<HookChoice, Failure> {
                let position = match self.hook_position.trim().to_lowercase().as_str() {
                    "beginning" | "start" => HookPosition::Beginning,
                    "end" => HookPosition::End,
                    other => return Err(invalid(format!("unknown hook position `{other}` (expected beginning or end)"))),
                };
                if !(0.5..=60.0).contains(&self.hook_seconds) {
                    return Err(invalid("--hook-seconds must be between 0.5 and 60".into()));
                }
                Ok(HookChoice {
                    tone: Tone::parse(&self.hook_style).map_err(invalid)?,
                    position,
                    seconds: self.hook_seconds,
                    keywords: self.hook_keywords.clone(),
                })
            })
            .transpose()?;
        Ok(ExportOptions {
            clips: self.clips.clone(),
            frame: Frame::parse(&self.aspect).map_err(invalid)?,
            resolution: output::parse_resolution(&self.resolution).map_err(invalid)?,
            layout: LayoutChoice::parse(&self.layout).map_err(invalid)?,
            caption_style: if self.no_captions {
                None
            } else {
                Some(Style::parse(&self.caption_style).map_err(invalid)?)
            },
            display,
            target_language: language,
            hook,
            trims: Vec::new(),
        })
    }

    /// CLIPS_DIR/exports/1, /2, … : the first that does not exist yet.
    fn out_dir(&self) -> PathBuf {
        if let Some(out) = &self.out {
            return out.clone();
        }
        let base = self.clips_dir.join("exports");
        (1..).map(|n| base.join(n.to_string())).find(|d| !d.exists()).expect("a free name")
    }
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    let options = args.options()?;
    shared::runtime()?.block_on(export(context, &args, &options))
}

async fn export(context: &Context, args: &Args, options: &ExportOptions) -> Result<(), Failure> {
    let processes = Processes::from_settings(&context.settings.media);
    let out = args.out_dir();
    let bar = crate::progress::seconds_bar(context.quiet, "load");
    let reporter = bar.clone();
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        reporter.set_prefix(stage.name());
        reporter.set_length(total.ceil() as u64);
        reporter.set_position(done.min(total).floor() as u64);
    });
    let manifest = reelcut_clipping::export::export(ExportJob {
        settings: &context.settings,
        processes: &processes,
        clips_dir: &args.clips_dir,
        input: args.input.as_deref(),
        out_dir: &out,
        options,
        cancel: shared::cancel_on_ctrl_c(),
        progress: Some(progress),
    })
    .await;
    bar.finish_and_clear();
    let manifest = manifest?;
    shared::print_manifest(&manifest, &out);
    Ok(())
}
