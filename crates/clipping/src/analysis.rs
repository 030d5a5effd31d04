//! `analysis.json`: what the analysis stages found, kept beside the clips so an export
//! can re-render any of them — new aspect, layout, captions, language, hook — without
//! transcribing, choosing moments or looking for faces again.

use std::path::Path;

use reelcut_speech::Transcript;
use serde::{Deserialize, Serialize};

use crate::stages::Seen;
use crate::{write_err, ClippingError};

pub const FILE: &str = "analysis.json";
/// Bumped when the file's shape changes; an older file is refused with a clear message.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Analysis {
    pub version: u32,
    pub transcript: Transcript,
    /// Per clip, in `clips.json` order.
    pub clips: Vec<Seen>,
}

impl Analysis {
    pub fn new(transcript: Transcript, clips: Vec<Seen>) -> Self {
        Analysis {
            version: VERSION,
            transcript,
            clips,
        }
    }

    pub fn write(&self, dir: &Path) -> Result<(), ClippingError> {
        let path = dir.join(FILE);
        let json = serde_json::to_vec(self).expect("analysis serialises");
        std::fs::write(&path, json).map_err(write_err(&path))
    }

    pub fn read(dir: &Path) -> Result<Self, ClippingError> {
        let path = dir.join(FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ClippingError::Export(format!(
                "{} cannot be read ({e}): export needs a directory written by `reelcut clip`",
                path.display()
            ))
        })?;
        let analysis: Analysis =
            serde_json::from_str(&text).map_err(|e| ClippingError::Export(format!("{} is not a reelcut analysis: {e}", path.display())))?;
        if analysis.version != VERSION {
            return Err(ClippingError::Export(format!(
                "{} is version {}, this reelcut reads version {VERSION}: clip the video again",
                path.display(),
                analysis.version
            )));
        }
        Ok(analysis)
    }
}
