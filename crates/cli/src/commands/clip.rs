//! `reelcut clip`: a long video in, finished vertical (or square, 4:5, landscape) clips
//! out, with captions, thumbnails, SRT/VTT, `clips.json` and an `index.html` gallery.

use std::path::PathBuf;
use std::sync::Arc;

use reelcut_captions::Style;
use reelcut_clipping::{output, overrides, Aspect, ClipJob, ClipOptions, LayoutChoice, Stage};
use reelcut_core::Code;
use reelcut_media::Processes;

use super::shared;
use crate::failure::Failure;
use crate::Context;

#[derive(clap::Args)]
pub struct Args {
    /// A video file or an http(s) URL.
    input: String,
    /// Directory for the clips, thumbnails, subtitles, clips.json and index.html.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// portrait (9:16), square (1:1), 4:5, or landscape (16:9).
    #[arg(long, default_value = "portrait")]
    aspect: String,
    /// Short side of the output: 480p, 720p, 1080p, 1440p or 2160p.
    #[arg(long, default_value = "1080p")]
    resolution: String,
    /// A caption look (`reelcut captions list` names them).
    #[arg(long, default_value = "bold", conflicts_with = "no_captions")]
    caption_style: String,
    /// No burned-in captions (SRT/VTT files are still written).
    #[arg(long)]
    no_captions: bool,
    /// Overlay each clip's hook question for its first 3 seconds.
    #[arg(long)]
    hook: bool,
    /// auto (per clip: split for a two-person back-and-forth, fit when no face, fill
    /// otherwise), fill (follow the speaker), split (stacked panels whenever two people
    /// are far apart) or fit (whole frame over a blurred fill).
    #[arg(long, default_value = "auto")]
    layout: String,
    /// An edited clips.json: each clip with the same start and end takes that file's
    /// crop_track (layout, camera positions, panels) instead of the computed one.
    #[arg(long, value_name = "CLIPS_JSON")]
    crop_from: Option<PathBuf>,
    #[command(flatten)]
    moments: shared::MomentArgs,
}

impl Args {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        self.moments.setting_overrides()
    }

    fn options(&self) -> Result<ClipOptions, Failure> {
        let invalid = |m: String| Failure::new(Code::InvalidParameter, m);
        let moments = self.moments.request()?;
        Ok(ClipOptions {
            moments,
            aspect: Aspect::parse(&self.aspect).map_err(invalid)?,
            resolution: output::parse_resolution(&self.resolution).map_err(invalid)?,
            caption_style: if self.no_captions {
                None
            } else {
                Some(Style::parse(&self.caption_style).map_err(invalid)?)
            },
            hook: self.hook,
            layout: LayoutChoice::parse(&self.layout).map_err(invalid)?,
            crop_overrides: match &self.crop_from {
                Some(path) => overrides::read(path).map_err(invalid)?,
                None => Vec::new(),
            },
        })
    }
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    let options = args.options()?;
    shared::runtime()?.block_on(clip(context, &args, &options))
}

async fn clip(context: &Context, args: &Args, options: &ClipOptions) -> Result<(), Failure> {
    let local = shared::resolve_input(context, &args.input).await?;
    let processes = Processes::from_settings(&context.settings.media);
    let cancel = shared::cancel_on_ctrl_c();
    let bar = crate::progress::seconds_bar(context.quiet, "probe");
    let reporter = bar.clone();
    let progress = Arc::new(move |stage: Stage, done: f64, total: f64| {
        reporter.set_prefix(stage.name());
        reporter.set_length(total.ceil() as u64);
        reporter.set_position(done.min(total).floor() as u64);
    });
    let manifest = reelcut_clipping::run(ClipJob {
        settings: &context.settings,
        processes: &processes,
        input: &local.path,
        out_dir: &args.out,
        options,
        cancel,
        progress: Some(progress),
    })
    .await;
    bar.finish_and_clear();
    let manifest = manifest?;
    shared::print_manifest(&manifest, &args.out);
    Ok(())
}
