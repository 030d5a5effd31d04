use std::path::PathBuf;
use std::sync::Arc;

use reelcut_compose::{AspectRatio, Format, Project, ProjectLimits, Quality, RenderOptions, RenderTools, Resolution};
use reelcut_core::Code;
use reelcut_media::Processes;

use super::shared;
use crate::failure::Failure;
use crate::Context;

#[derive(clap::Args)]
pub struct Args {
    /// A HyperFrames project: a .zip or a directory with index.html at its root.
    project: PathBuf,
    /// The entry composition inside the project.
    #[arg(long, default_value = "index.html")]
    composition: String,
    /// Frames per second (1–240); default: the composition's data-fps, else 30.
    #[arg(long)]
    fps: Option<u32>,
    /// Encoder preset.
    #[arg(long, value_enum, default_value = "standard")]
    quality: QualityArg,
    /// Container and codec: mp4 (H.264), webm (VP9 with alpha), mov (ProRes 4444).
    #[arg(long, value_enum, default_value = "mp4")]
    format: FormatArg,
    /// Output size: 1080p or 4k (the composition's short side, scaled).
    #[arg(long, value_parser = ["1080p", "4k"], default_value = "1080p")]
    resolution: String,
    /// Refuse to render unless the composition has this aspect ratio.
    #[arg(long, value_parser = ["16:9", "9:16", "1:1"])]
    aspect_ratio: Option<String>,
    /// Variable values as a JSON object (or @FILE), over the composition's defaults.
    #[arg(long, value_name = "JSON")]
    variables: Option<String>,
    /// Browser processes capturing in parallel (default: render.workers).
    #[arg(long)]
    workers: Option<usize>,
    /// Output file (default: the project's name with the format's extension).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum QualityArg {
    Draft,
    Standard,
    High,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Mp4,
    Webm,
    Mov,
}

impl Args {
    fn options(&self, context: &Context) -> Result<RenderOptions, Failure> {
        let invalid = |param: &str, message: String| Failure::new(Code::InvalidParameter, format!("--{param}: {message}"));
        let variables = match &self.variables {
            None => serde_json::Map::new(),
            Some(text) => {
                let text = match text.strip_prefix('@') {
                    Some(path) => std::fs::read_to_string(path).map_err(|e| invalid("variables", format!("{path}: {e}")))?,
                    None => text.clone(),
                };
                match serde_json::from_str(&text) {
                    Ok(serde_json::Value::Object(map)) => map,
                    Ok(_) => return Err(invalid("variables", "must be a JSON object".into())),
                    Err(e) => return Err(invalid("variables", e.to_string())),
                }
            }
        };
        let quoted = |s: &str| serde_json::Value::String(s.to_string());
        Ok(RenderOptions {
            composition: self.composition.clone(),
            fps: self.fps,
            quality: match self.quality {
                QualityArg::Draft => Quality::Draft,
                QualityArg::Standard => Quality::Standard,
                QualityArg::High => Quality::High,
            },
            format: match self.format {
                FormatArg::Mp4 => Format::Mp4,
                FormatArg::Webm => Format::Webm,
                FormatArg::Mov => Format::Mov,
            },
            resolution: serde_json::from_value::<Resolution>(quoted(&self.resolution)).expect("clap checked"),
            aspect_ratio: self
                .aspect_ratio
                .as_deref()
                .map(|a| serde_json::from_value::<AspectRatio>(quoted(a)).expect("clap checked")),
            variables,
            workers: self.workers.unwrap_or(context.settings.render.workers),
        })
    }
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    shared::runtime()?.block_on(render(context, args))
}

async fn render(context: &Context, args: Args) -> Result<(), Failure> {
    let options = args.options(context)?;
    let limits = ProjectLimits {
        max_total_bytes: context.settings.render.max_project_bytes,
        ..ProjectLimits::default()
    };
    let project = Project::open(&args.project, &options.composition, limits)?;
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = args
            .project
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "render".into());
        PathBuf::from(format!("{stem}.{}", options.format.extension()))
    });
    let thumbnail = output.with_extension("jpg");
    let tools = RenderTools::from_settings(&context.settings, Processes::from_settings(&context.settings.media));
    if tools.gsap_dir.is_none() {
        tracing::warn!("no vendored GSAP (run scripts/vendor.sh): compositions that load it from a CDN will fail");
    }
    let bar = crate::progress::count_bar(context.quiet, "render", "frames");
    let reporter = bar.clone();
    let progress = Arc::new(move |done: usize, total: usize| {
        reporter.set_length(total as u64);
        reporter.set_position(done as u64);
    });
    let cancel = shared::cancel_on_ctrl_c();
    let outcome = reelcut_compose::render(&project, &options, &tools, &output, &thumbnail, progress, cancel).await;
    bar.finish_and_clear();
    let outcome = outcome?;
    for url in &outcome.blocked {
        eprintln!("warning: blocked a request outside the project: {url}");
    }
    for o in &outcome.overflow {
        eprintln!(
            "warning: text does not fit at {:.1} s: {} \"{}\" ({:.0} px too wide, {:.0} px too tall, {:.0} px outside what clips it)",
            o.at_s, o.element, o.text, o.wider_px, o.taller_px, o.outside_px
        );
    }
    if !context.quiet {
        let total = outcome.timings.get("total").copied().unwrap_or_default();
        eprintln!(
            "{} frames, {:.2}s at {} fps, {}×{} → {} ({:.1}s, {:.1} frames/s); thumbnail {}",
            outcome.frames,
            outcome.duration_s,
            outcome.fps,
            outcome.width,
            outcome.height,
            output.display(),
            total,
            outcome.frames as f64 / total.max(1e-9),
            thumbnail.display()
        );
    }
    Ok(())
}
