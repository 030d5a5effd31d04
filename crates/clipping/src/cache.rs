//! Stage artifacts stored as JSON under a key made from everything the stage depends
//! on: the input's content hash and the settings that change the result. A stage whose
//! key exists is not run again.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Cache { dir: dir.to_path_buf() })
    }

    fn path(&self, stage: &str, key: &str) -> PathBuf {
        self.dir.join(format!("{stage}-{key}.json"))
    }

    pub fn get<T: DeserializeOwned>(&self, stage: &str, key: &str) -> Option<T> {
        let text = std::fs::read_to_string(self.path(stage, key)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Written to a temporary name and renamed: a crash never leaves half an artifact.
    pub fn put<T: Serialize>(&self, stage: &str, key: &str, value: &T) -> std::io::Result<()> {
        let path = self.path(stage, key);
        let mut tmp = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(std::path::Path::new(".")))?;
        std::io::Write::write_all(&mut tmp, &serde_json::to_vec(value).map_err(std::io::Error::other)?)?;
        tmp.persist(path).map(drop).map_err(|e| e.error)
    }
}

/// Hex SHA-256 of a file's bytes (the one streaming hasher, shared with model verification).
pub use reelcut_models::verify::sha256_file as file_hash;

/// A key from parts (each part's text, in order).
pub fn key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(p.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..12])
}
