//! Render options, named and bounded as the HyperFrames API names them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    /// x264 ultrafast CRF 28: previews.
    #[default]
    Draft,
    /// x264 medium CRF 18.
    Standard,
    /// x264 slow CRF 15.
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// H.264 + AAC.
    #[default]
    Mp4,
    /// VP9 with alpha + Opus.
    Webm,
    /// ProRes 4444 with alpha + PCM.
    Mov,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mp4 => "mp4",
            Format::Webm => "webm",
            Format::Mov => "mov",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            Format::Mp4 => "video/mp4",
            Format::Webm => "video/webm",
            Format::Mov => "video/quicktime",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Resolution {
    /// The short side is 1080 device pixels.
    #[default]
    #[serde(rename = "1080p")]
    P1080,
    /// The short side is 2160 device pixels (mp4 only, as upstream).
    #[serde(rename = "4k")]
    K4,
}

impl Resolution {
    pub fn short_side(self) -> u32 {
        match self {
            Resolution::P1080 => 1080,
            Resolution::K4 => 2160,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AspectRatio {
    #[serde(rename = "16:9")]
    Landscape,
    #[serde(rename = "9:16")]
    Portrait,
    #[serde(rename = "1:1")]
    Square,
}

impl AspectRatio {
    pub fn ratio(self) -> f64 {
        match self {
            AspectRatio::Landscape => 16.0 / 9.0,
            AspectRatio::Portrait => 9.0 / 16.0,
            AspectRatio::Square => 1.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            AspectRatio::Landscape => "16:9",
            AspectRatio::Portrait => "9:16",
            AspectRatio::Square => "1:1",
        }
    }
}

/// Everything a render is asked for.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Entry file inside the project.
    pub composition: String,
    /// Frames per second (1–240); `None` takes the composition's `data-fps`, else 30.
    pub fps: Option<u32>,
    pub quality: Quality,
    pub format: Format,
    pub resolution: Resolution,
    /// When given, it must match the composition's own size.
    pub aspect_ratio: Option<AspectRatio>,
    /// Variable values over the composition's declared defaults.
    pub variables: serde_json::Map<String, serde_json::Value>,
    /// Browser processes capturing in parallel.
    pub workers: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            composition: "index.html".into(),
            fps: None,
            quality: Quality::Draft,
            format: Format::Mp4,
            resolution: Resolution::P1080,
            aspect_ratio: None,
            variables: serde_json::Map::new(),
            workers: 2,
        }
    }
}

pub const MAX_FPS: u32 = 240;
