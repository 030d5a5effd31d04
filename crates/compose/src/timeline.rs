//! What the in-page runtime reports, as Rust types.

use std::path::PathBuf;

use serde::Deserialize;

/// `__reelcut.init()`: the composition as declared, before timing is resolved.
#[derive(Debug, Deserialize)]
pub struct Declared {
    pub id: Option<String>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub fps: Option<f64>,
    pub media: Vec<DeclaredMedia>,
}

#[derive(Debug, Deserialize)]
pub struct DeclaredMedia {
    pub key: String,
    pub kind: String,
    /// Absolute URL as the page resolved it.
    pub src: Option<String>,
}

/// `__reelcut.finalize()`: resolved timing, in global seconds.
#[derive(Debug, Deserialize)]
pub struct Resolved {
    pub duration: f64,
    pub clips: Vec<ClipWindow>,
    pub media: Vec<ResolvedMedia>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct ClipWindow {
    pub id: String,
    pub start: f64,
    pub end: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ResolvedMedia {
    pub key: String,
    pub kind: String,
    pub media_start: f64,
    pub rate: f64,
    pub volume: f64,
    pub has_audio: bool,
    pub start: f64,
    pub end: f64,
    pub source_start: f64,
    pub local_start: f64,
}

/// One media clip with its file, as the encoder uses it.
#[derive(Debug, Clone)]
pub struct MediaUse {
    pub media: ResolvedMedia,
    pub path: PathBuf,
}

impl MediaUse {
    pub fn is_video(&self) -> bool {
        self.media.kind == "video"
    }
}
