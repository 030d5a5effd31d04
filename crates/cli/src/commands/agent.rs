//! `reelcut agent "prompt" -o video.mp4`: a prompt becomes a narrated, captioned video.
//! `--plan-only plan.json` stops after the storyboard (edit it by hand), and
//! `--from-plan plan.json` renders an edited storyboard again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reelcut_agent::{AgentTools, Brief, Orientation, Stage, Storyboard};
use reelcut_compose::RenderTools;
use reelcut_core::Code;
use reelcut_media::Processes;

use super::shared;
use crate::failure::Failure;
use crate::Context;

#[derive(clap::Args)]
pub struct Args {
    /// What the video is: a brief, an outline (one point per line) or a script.
    #[arg(required_unless_present = "from_plan")]
    prompt: Option<String>,
    /// landscape or portrait (default: portrait for short social briefs, else landscape).
    #[arg(long)]
    orientation: Option<String>,
    /// A style id (`reelcut agent --styles` lists them).
    #[arg(long)]
    style: Option<String>,
    /// A voice id.
    #[arg(long)]
    voice: Option<String>,
    /// Pictures to show as scenes, in order.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Target length in seconds.
    #[arg(long)]
    duration: Option<f64>,
    /// Write the storyboard here and stop (edit it, then --from-plan).
    #[arg(long, value_name = "PLAN.json", conflicts_with = "from_plan")]
    plan_only: Option<PathBuf>,
    /// Render this storyboard instead of planning one.
    #[arg(long, value_name = "PLAN.json")]
    from_plan: Option<PathBuf>,
    /// List the styles and voices and exit.
    #[arg(long, exclusive = true)]
    styles: bool,
    /// Render every style's preview into DIR, with contact-sheet.png (one row a style).
    #[arg(long, value_name = "DIR", exclusive = true)]
    preview_styles: Option<PathBuf>,
    /// Also keep the HyperFrames project that was rendered (edit it and `reelcut render` it).
    #[arg(long, value_name = "DIR")]
    keep_project: Option<PathBuf>,
    /// The video (the captioned variant, subtitles, thumbnail and GIF go beside it).
    #[arg(short, long, value_name = "FILE", default_value = "video.mp4")]
    output: PathBuf,
}

pub fn run(context: &Context, args: Args) -> Result<(), Failure> {
    if args.styles {
        for s in reelcut_agent::styles::STYLES {
            println!("{:<18} {:<16} [{}] {}", s.style_id, s.name, s.tags.join(", "), s.description);
        }
        for v in reelcut_voice::VOICES {
            println!("voice {:<18} {} ({}, {})", v.voice_id, v.name, v.language, v.gender);
        }
        return Ok(());
    }
    if let Some(dir) = &args.preview_styles {
        return shared::runtime()?.block_on(preview_styles(context, dir));
    }
    let media = tempfile::tempdir().map_err(|e| Failure::new(Code::Internal, format!("work folder: {e}")))?;
    let board = match &args.from_plan {
        Some(path) => read_plan(path)?,
        None => plan(context, &args, media.path())?,
    };
    board.validate()?;
    for note in &board.notes {
        eprintln!("note: {note}");
    }
    if let Some(path) = &args.plan_only {
        let json = serde_json::to_string_pretty(&board).expect("a storyboard serialises");
        std::fs::write(path, json + "\n").map_err(|e| Failure::new(Code::Internal, format!("{}: {e}", path.display())))?;
        eprintln!("storyboard: {} ({} scenes)", path.display(), board.scenes.len());
        return Ok(());
    }
    // Pictures named in an edited plan are read from beside the plan.
    let media_dir = args
        .from_plan
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| media.path().to_path_buf());
    shared::runtime()?.block_on(produce(context, &board, &media_dir, &args.output, args.keep_project.as_deref()))
}

fn plan(context: &Context, args: &Args, media: &Path) -> Result<Storyboard, Failure> {
    let invalid = |param: &str, message: String| Failure::new(Code::InvalidParameter, format!("--{param}: {message}"));
    let orientation = args
        .orientation
        .as_deref()
        .map(Orientation::parse)
        .transpose()
        .map_err(|e| invalid("orientation", e))?;
    if let Some(style) = args.style.as_deref().filter(|s| reelcut_agent::styles::find(s).is_none()) {
        return Err(invalid("style", format!("unknown style `{style}` (see reelcut agent --styles)")));
    }
    if let Some(voice) = args.voice.as_deref().filter(|v| reelcut_voice::find_voice(v).is_none()) {
        return Err(invalid("voice", format!("unknown voice `{voice}` (see reelcut agent --styles)")));
    }
    let mut names = Vec::new();
    for (n, file) in args.files.iter().enumerate() {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "webp" | "gif") {
            return Err(invalid(
                "file",
                format!("{}: only pictures (png, jpg, webp, gif) can be scenes", file.display()),
            ));
        }
        let name = format!("file-{n}.{ext}");
        std::fs::copy(file, media.join(&name)).map_err(|e| invalid("file", format!("{}: {e}", file.display())))?;
        names.push(name);
    }
    let brief = Brief {
        prompt: args.prompt.clone().unwrap_or_default(),
        orientation,
        style_id: args.style.clone(),
        voice_id: args.voice.clone(),
        duration: args.duration,
        source_text: None,
        media: names,
    };
    let backend = reelcut_agent::writer::backend(&context.settings.llm);
    Ok(shared::runtime()?.block_on(reelcut_agent::writer::plan(&brief, backend.as_ref())))
}

fn read_plan(path: &Path) -> Result<Storyboard, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::new(Code::InvalidParameter, format!("--from-plan: {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Failure::new(Code::InvalidParameter, format!("--from-plan: {}: {e}", path.display())))
}

fn tools(context: &Context) -> AgentTools {
    AgentTools {
        models_dir: context.settings.models_dir.clone(),
        render: RenderTools::from_settings(&context.settings, Processes::from_settings(&context.settings.media)),
        render_workers: context.settings.render.workers,
    }
}

async fn preview_styles(context: &Context, dir: &Path) -> Result<(), Failure> {
    let tools = tools(context);
    let fail = |e: std::io::Error| Failure::new(Code::Internal, format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut rows = Vec::new();
    for style in reelcut_agent::styles::STYLES {
        let work = dir.join(style.style_id);
        let board = reelcut_agent::previews::storyboard(style);
        let made = reelcut_agent::produce(&board, &work, &work, &tools, Arc::new(|_, _| {}), shared::cancel_on_ctrl_c()).await?;
        let row = dir.join(format!("{}.png", style.style_id));
        reelcut_agent::previews::sheet_row(&tools.render, &made.video, &made.scenes, 480, &row).await?;
        eprintln!("{}: {} ({:.1} s)", style.style_id, made.video.display(), made.duration);
        rows.push(row);
    }
    let sheet = dir.join("contact-sheet.png");
    reelcut_agent::previews::stack_rows(&tools.render, &rows, &sheet).await?;
    eprintln!("contact sheet: {}", sheet.display());
    Ok(())
}

async fn produce(context: &Context, board: &Storyboard, media: &Path, output: &Path, keep_project: Option<&Path>) -> Result<(), Failure> {
    let work = tempfile::tempdir().map_err(|e| Failure::new(Code::Internal, format!("work folder: {e}")))?;
    let tools = tools(context);
    let bar = crate::progress::count_bar(context.quiet, "agent", "%");
    bar.set_length(100);
    let reporter = bar.clone();
    let progress = Arc::new(move |stage: Stage, done: f64| {
        reporter.set_message(format!("{stage:?}"));
        reporter.set_position((done * 100.0) as u64);
    });
    let made = reelcut_agent::produce(board, media, work.path(), &tools, progress, shared::cancel_on_ctrl_c()).await;
    bar.finish_and_clear();
    let made = made?;
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "video".into());
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let place = |from: &Path, name: String| -> Result<PathBuf, Failure> {
        let to = dir.join(name);
        std::fs::copy(from, &to).map_err(|e| Failure::new(Code::Internal, format!("{}: {e}", to.display())))?;
        Ok(to)
    };
    place(
        &made.video,
        output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "video.mp4".into()),
    )?;
    place(&made.captioned, format!("{stem}.captioned.mp4"))?;
    place(&made.subtitles, format!("{stem}.srt"))?;
    place(&made.thumbnail, format!("{stem}.jpg"))?;
    place(&made.gif, format!("{stem}.gif"))?;
    if let Some(dir) = keep_project {
        copy_dir(&made.project, dir).map_err(|e| Failure::new(Code::Internal, format!("--keep-project {}: {e}", dir.display())))?;
    }
    for note in &made.notes {
        eprintln!("note: {note}");
    }
    if !context.quiet {
        let t: Vec<String> = made.timings.iter().map(|(s, secs)| format!("{s:?} {secs:.1} s")).collect();
        eprintln!(
            "{}: {:.1} s, {}×{}, {} scenes ({})",
            output.display(),
            made.duration,
            made.width,
            made.height,
            made.scenes.len(),
            t.join(", ")
        );
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
