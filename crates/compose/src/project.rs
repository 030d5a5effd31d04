//! Opening a composition project safely. A zip is untrusted input: every entry name is
//! checked (no absolute paths, no `..`, no links) and the archive is bounded in entry
//! count, total size and compression ratio before anything is written. A directory is
//! used in place; the server that hands its files to the browser refuses anything
//! outside it.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::ComposeError;

/// Limits on what a project may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct ProjectLimits {
    pub max_entries: usize,
    pub max_total_bytes: u64,
    /// Uncompressed ÷ compressed size of one entry (zip-bomb guard).
    pub max_ratio: u64,
}

impl Default for ProjectLimits {
    fn default() -> Self {
        // Generous for real projects (a few videos and images), far below a bomb.
        ProjectLimits {
            max_entries: 5_000,
            max_total_bytes: 2 << 30,
            max_ratio: 200,
        }
    }
}

/// An opened project: a directory on disk holding the entry composition.
pub struct Project {
    root: PathBuf,
    entry: String,
    _unpacked: Option<tempfile::TempDir>,
}

impl Project {
    /// Opens a `.zip` file or a directory; `entry` is the composition file (default
    /// `index.html`), relative to the project root.
    pub fn open(path: &Path, entry: &str, limits: ProjectLimits) -> Result<Project, ComposeError> {
        let entry = checked_relative(entry).map_err(|why| ComposeError::InvalidProject {
            param: "composition",
            message: format!("composition `{entry}`: {why}"),
        })?;
        let (root, unpacked) = if path.is_dir() {
            (path.canonicalize().map_err(ComposeError::io("open project"))?, None)
        } else {
            let dir = tempfile::Builder::new()
                .prefix("reelcut-project-")
                .tempdir()
                .map_err(ComposeError::io("unpack project"))?;
            let file = std::fs::File::open(path).map_err(|e| ComposeError::InvalidProject {
                param: "project",
                message: format!("cannot open {}: {e}", path.display()),
            })?;
            unzip(file, dir.path(), limits)?;
            (dir.path().canonicalize().map_err(ComposeError::io("unpack project"))?, Some(dir))
        };
        let entry_name = entry.to_string_lossy().replace('\\', "/");
        if !root.join(&entry).is_file() {
            return Err(ComposeError::InvalidProject {
                param: "composition",
                message: format!("the project has no `{entry_name}`"),
            });
        }
        Ok(Project {
            root,
            entry: entry_name,
            _unpacked: unpacked,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn entry(&self) -> &str {
        &self.entry
    }
}

/// A relative path with only normal components.
fn checked_relative(name: &str) -> Result<PathBuf, &'static str> {
    if name.is_empty() {
        return Err("empty path");
    }
    if name.contains('\0') {
        return Err("NUL in path");
    }
    let path = Path::new(name);
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err("`..` leaves the project"),
            Component::RootDir | Component::Prefix(_) => return Err("absolute path"),
        }
    }
    if out.as_os_str().is_empty() {
        return Err("empty path");
    }
    Ok(out)
}

fn unzip(file: std::fs::File, into: &Path, limits: ProjectLimits) -> Result<(), ComposeError> {
    let invalid = |message: String| ComposeError::InvalidProject { param: "project", message };
    let mut archive = zip::ZipArchive::new(file).map_err(|e| invalid(format!("not a readable zip archive: {e}")))?;
    if archive.len() > limits.max_entries {
        return Err(invalid(format!(
            "the zip has {} entries; at most {} are allowed",
            archive.len(),
            limits.max_entries
        )));
    }
    // Check every name and the declared sizes before writing anything.
    let mut declared_total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| invalid(format!("zip entry {i}: {e}")))?;
        let name = entry.name().to_string();
        checked_relative(&name).map_err(|why| invalid(format!("zip entry `{name}`: {why}")))?;
        if entry.is_symlink() {
            return Err(invalid(format!("zip entry `{name}` is a link")));
        }
        declared_total += entry.size();
        let ratio = entry.size() / entry.compressed_size().max(1);
        if entry.size() > 1 << 20 && ratio > limits.max_ratio {
            return Err(invalid(format!(
                "zip entry `{name}` expands {ratio}× (limit {}×): refused as a compression bomb",
                limits.max_ratio
            )));
        }
    }
    if declared_total > limits.max_total_bytes {
        return Err(invalid(format!(
            "the zip unpacks to {declared_total} bytes; at most {} are allowed",
            limits.max_total_bytes
        )));
    }
    // Declared sizes can lie: count what is actually written, too.
    let mut written = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| invalid(format!("zip entry {i}: {e}")))?;
        let relative = checked_relative(entry.name()).map_err(|why| invalid(format!("zip entry: {why}")))?;
        let target = into.join(relative);
        if entry.is_dir() {
            std::fs::create_dir_all(&target).map_err(ComposeError::io("unpack project"))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(ComposeError::io("unpack project"))?;
        }
        let mut out = std::fs::File::create(&target).map_err(ComposeError::io("unpack project"))?;
        let budget = limits.max_total_bytes - written;
        let copied = std::io::copy(&mut (&mut entry).take(budget + 1), &mut out)
            .map_err(|e| invalid(format!("zip entry `{}`: {e}", target.display())))?;
        if copied > budget {
            return Err(invalid(format!("the zip unpacks to more than {} bytes", limits.max_total_bytes)));
        }
        written += copied;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_checked() {
        assert!(checked_relative("index.html").is_ok());
        assert!(checked_relative("./assets/a.png").is_ok());
        assert!(checked_relative("../etc/passwd").is_err());
        assert!(checked_relative("a/../../b").is_err());
        assert!(checked_relative("/etc/passwd").is_err());
        assert!(checked_relative("").is_err());
    }
}
