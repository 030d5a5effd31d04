//! `reelcut captions`: the caption looks by name, and a contact sheet that draws the
//! same line in every look so a person can choose one.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use reelcut_captions::{sheet, Style};
use reelcut_core::Code;
use reelcut_media::process::Invocation;
use reelcut_media::Processes;

use super::shared;
use crate::failure::Failure;
use crate::Context;

const COLUMNS: usize = 4;

#[derive(Subcommand)]
pub enum CaptionsCommand {
    /// Name every caption look, one per line, with what it looks like.
    List,
    /// Draw one frame of every look into one picture (PNG).
    Preview {
        #[arg(long, value_name = "PNG")]
        out: PathBuf,
        /// Size of each tile (a 9:16 frame by default).
        #[arg(long, default_value_t = 360)]
        width: u32,
        #[arg(long, default_value_t = 640)]
        height: u32,
    },
}

pub fn run(context: &Context, command: CaptionsCommand) -> Result<(), Failure> {
    match command {
        CaptionsCommand::List => {
            for style in Style::all() {
                println!("{:<14} {}", style.name(), style.describe());
            }
            Ok(())
        }
        CaptionsCommand::Preview { out, width, height } => {
            if !(120..=2160).contains(&width) || !(120..=3840).contains(&height) {
                return Err(Failure::new(Code::InvalidParameter, "tile sizes must be 120–2160 × 120–3840"));
            }
            shared::runtime()?.block_on(preview(context, &out, (width, height)))?;
            println!("{} looks → {}", Style::all().count(), out.display());
            Ok(())
        }
    }
}

async fn preview(context: &Context, out: &Path, (width, height): (u32, u32)) -> Result<(), Failure> {
    let processes = Processes::from_settings(&context.settings.media);
    let ffmpeg = &context.settings.media.ffmpeg;
    let work = tempfile::tempdir().map_err(|e| Failure::new(Code::Internal, format!("cannot make a temporary directory: {e}")))?;
    let write = |path: &Path, text: String| {
        std::fs::write(path, text).map_err(|e| Failure::new(Code::Internal, format!("cannot write {}: {e}", path.display())))
    };
    for (i, style) in Style::all().enumerate() {
        let ass = work.path().join(format!("{i:02}.ass"));
        write(&ass, sheet::tile(style, width, height))?;
        // A soft diagonal gradient: captions must read on light and dark parts alike.
        let background =
            format!("gradients=s={width}x{height}:c0=0x1d2433:c1=0x8fa3b8:x0=0:y0=0:x1={width}:y1={height}:speed=0.00001:d=3:r=10");
        let invocation = Invocation::ffmpeg(ffmpeg)
            .args(["-f", "lavfi", "-i", &background])
            .args(["-vf", &format!("ass={}", ass.display())])
            .args(["-ss", &format!("{:.2}", sheet::SHOWN_AT), "-frames:v", "1", "-y"])
            .args([work.path().join(format!("tile-{i:02}.png")).as_os_str()])
            .media_seconds(3.0);
        processes.output(invocation).await?;
    }
    let rows = Style::all().count().div_ceil(COLUMNS);
    let invocation = Invocation::ffmpeg(ffmpeg)
        .args(["-i".as_ref(), work.path().join("tile-%02d.png").as_os_str()])
        .args([
            "-vf",
            &format!("tile={COLUMNS}x{rows}:padding=6:margin=6:color=white"),
            "-frames:v",
            "1",
            "-y",
        ])
        .args([out.as_os_str()])
        .media_seconds(1.0);
    processes.output(invocation).await?;
    Ok(())
}
