//! The `reelcut` binary: parses flags, resolves settings, runs one command, and turns
//! any failure into one readable line and a non-zero exit status.

mod commands;
mod failure;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::failure::Failure;

#[derive(Parser)]
#[command(
    name = "reelcut",
    version,
    about = "Self-hosted AI video: long video in, short clips out.",
    propagate_version = true
)]
struct Cli {
    /// Settings file (TOML). Also `REELCUT_CONFIG`.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where models live. Also `REELCUT_MODELS`.
    #[arg(long, global = true, value_name = "DIR")]
    models_dir: Option<PathBuf>,
    /// More log output (-v info, -vv debug). `REELCUT_LOG` takes a tracing filter.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// No progress bars.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Transcribe speech to words with timings (JSON, SRT or VTT).
    Transcribe(commands::transcribe::Args),
    /// Turn a long video into finished short clips (the main job).
    Clip(commands::clip::Args),
    /// Draw chosen clips of a `clip` run again: another aspect, resolution, layout,
    /// caption look, a second caption language, a hook — without reprocessing.
    Export(commands::export::Args),
    /// List the caption looks, or draw them all on one contact sheet.
    #[command(subcommand)]
    Captions(commands::captions::CaptionsCommand),
    /// Render a HyperFrames composition (zip or directory) into a video.
    Render(commands::render::Args),
    /// Turn a prompt (a brief, an outline or a script) into a narrated, captioned video.
    Agent(commands::agent::Args),
    /// Find, score and explain the best clips in a talk (no rendering).
    Moments(commands::moments::Args),
    /// Run the HTTP API (HeyGen v3 dialect) with in-process workers.
    Serve(commands::serve::ServeArgs),
    /// Run job workers only (scale-out: share a Postgres database and blob store).
    Worker(commands::serve::WorkerArgs),
    /// Remove scratch and blobs of jobs that ended or were deleted (workers also do
    /// this when they start and every few minutes).
    Sweep(commands::serve::SweepArgs),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(commands::serve::KeysCommand),
    /// Install, list and verify the bundled models.
    #[command(subcommand)]
    Models(commands::models::ModelsCommand),
    /// Inspect the resolved configuration.
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),
}

/// What every command gets: resolved settings and global flags.
pub struct Context {
    pub settings: reelcut_core::Settings,
    pub quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.exit_status())
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    let mut overrides = Vec::new();
    if let Some(dir) = &cli.models_dir {
        overrides.push(("models_dir".to_string(), toml_string(&dir.to_string_lossy())));
    }
    let mut command_overrides = match &cli.command {
        Command::Transcribe(args) => args.setting_overrides(),
        Command::Moments(args) => args.setting_overrides(),
        Command::Clip(args) => args.setting_overrides(),
        Command::Serve(args) => args.setting_overrides(),
        Command::Worker(args) => args.setting_overrides(),
        Command::Sweep(args) => args.setting_overrides(),
        Command::Keys(command) => command.setting_overrides(),
        _ => Vec::new(),
    };
    overrides.append(&mut command_overrides);
    let settings = reelcut_core::Settings::load(cli.config.as_deref(), &env, &overrides)?;
    let context = Context {
        settings,
        quiet: cli.quiet || cli.verbose > 0,
    };
    match cli.command {
        Command::Transcribe(args) => commands::transcribe::run(&context, args),
        Command::Moments(args) => commands::moments::run(&context, args),
        Command::Clip(args) => commands::clip::run(&context, args),
        Command::Export(args) => commands::export::run(&context, args),
        Command::Captions(command) => commands::captions::run(&context, command),
        Command::Render(args) => commands::render::run(&context, args),
        Command::Agent(args) => commands::agent::run(&context, args),
        Command::Serve(args) => commands::serve::serve(&context, args),
        Command::Worker(args) => commands::serve::worker(&context, args),
        Command::Sweep(args) => commands::serve::sweep(&context, args),
        Command::Keys(command) => commands::serve::keys(&context, command),
        Command::Models(command) => commands::models::run(&context, command),
        Command::Config(command) => commands::config::run(&context, command),
    }
}

/// A string as a TOML literal, so paths with quotes survive the override layer.
pub fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    // chromiumoxide reports a browser we shut down ourselves as a connection error.
    let default = match verbose {
        0 => "warn,chromiumoxide=off",
        1 => "info,chromiumoxide=off",
        _ => "debug",
    };
    let filter = std::env::var("REELCUT_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
