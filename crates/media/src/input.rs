//! Turns what the user named — a path or an http(s) URL — into a local file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::MediaError;

/// A local media file; when it was downloaded, the temporary file lives as long as this.
pub struct LocalInput {
    pub path: PathBuf,
    _temp: Option<tempfile::TempPath>,
}

pub fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

/// Resolves `input`. URLs are downloaded (blocking client, so call from a blocking
/// context) with a byte limit; HTTP errors such as 404 name the status.
pub fn resolve(input: &str, max_bytes: u64) -> Result<LocalInput, MediaError> {
    if !is_url(input) {
        let path = Path::new(input);
        if !path.is_file() {
            return Err(MediaError::Missing { path: path.to_path_buf() });
        }
        return Ok(LocalInput {
            path: path.to_path_buf(),
            _temp: None,
        });
    }
    let fetch_err = |detail: String| MediaError::Fetch {
        url: input.to_string(),
        detail,
    };
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(600))
        .build()
        .map_err(|e| fetch_err(e.to_string()))?;
    let mut response = client.get(input).send().map_err(|e| fetch_err(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fetch_err(format!("HTTP {status}")));
    }
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Err(MediaError::TooLarge {
            url: input.to_string(),
            limit_bytes: max_bytes,
        });
    }
    let mut file = tempfile::Builder::new().prefix("reelcut-input-").tempfile()?;
    let mut written: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = std::io::Read::read(&mut response, &mut buffer).map_err(|e| fetch_err(e.to_string()))?;
        if n == 0 {
            break;
        }
        written += n as u64;
        if written > max_bytes {
            return Err(MediaError::TooLarge {
                url: input.to_string(),
                limit_bytes: max_bytes,
            });
        }
        file.write_all(&buffer[..n])?;
    }
    file.flush()?;
    let temp = file.into_temp_path();
    Ok(LocalInput {
        path: temp.to_path_buf(),
        _temp: Some(temp),
    })
}
