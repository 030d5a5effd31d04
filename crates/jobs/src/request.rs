//! The validated commands jobs carry (stored as the job's `request`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VideoSource {
    Url {
        url: String,
    },
    AssetId {
        asset_id: String,
    },
    /// Bytes the API received inline (a base64 project) and stored as a blob.
    Blob {
        key: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClippingRequest {
    pub video: VideoSource,
    /// `"30"`, `"60"`, `"180"`, `"long"`.
    pub duration_types: Vec<String>,
    /// `portrait`, `square` or `landscape`.
    pub aspect_ratio: String,
    pub captions: bool,
    pub caption_style: Option<String>,
    pub prompt: Option<String>,
    pub input_language: Option<String>,
}

/// A HyperFrames render (`POST /v3/hyperframes/renders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderRequest {
    pub project: VideoSource,
    pub fps: u32,
    pub quality: reelcut_compose::Quality,
    pub format: reelcut_compose::Format,
    pub resolution: Option<reelcut_compose::Resolution>,
    pub aspect_ratio: Option<reelcut_compose::AspectRatio>,
    pub composition: String,
    pub variables: serde_json::Map<String, serde_json::Value>,
}
