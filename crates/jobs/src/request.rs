//! The validated AI clipping command a job carries (stored as the job's `request`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VideoSource {
    Url { url: String },
    AssetId { asset_id: String },
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
