//! Checks installed files against the catalog's sizes and sha256 hashes.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::catalog::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Ok,
    Missing,
    WrongSize,
    WrongHash,
}

#[derive(Debug)]
pub struct ModelStatus {
    pub files: Vec<(&'static str, FileStatus)>,
}

impl ModelStatus {
    pub fn is_ok(&self) -> bool {
        self.files.iter().all(|(_, s)| *s == FileStatus::Ok)
    }
    pub fn summary(&self) -> &'static str {
        if self.is_ok() {
            "ok"
        } else if self.files.iter().all(|(_, s)| *s == FileStatus::Missing) {
            "missing"
        } else {
            "corrupt"
        }
    }
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// `deep` hashes every file; otherwise only sizes are checked (fast, for start-up).
pub fn status(models_dir: &Path, model: &Model, deep: bool) -> ModelStatus {
    let dir = models_dir.join(model.name);
    let files = model
        .files
        .iter()
        .map(|f| {
            let path = dir.join(f.name);
            let status = match std::fs::metadata(&path) {
                Err(_) => FileStatus::Missing,
                Ok(m) if m.len() != f.size => FileStatus::WrongSize,
                Ok(_) if deep && sha256_file(&path).ok().as_deref() != Some(f.sha256) => FileStatus::WrongHash,
                Ok(_) => FileStatus::Ok,
            };
            (f.name, status)
        })
        .collect();
    ModelStatus { files }
}
