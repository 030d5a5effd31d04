//! ScaleReach's `config` object: its fields with the backend's defaults (what its API
//! and MCP server actually apply: captions on, intro title on, `karaoke`), read into a
//! clip command. The caller's config is kept beside the job (a blob), so `GET …/config`
//! and `PATCH …/config` show and change what was asked, in ScaleReach's words.

use reelcut_captions::Display;
use reelcut_clipping::export::{ExportOptions, Frame, HookChoice, HookPosition};
use reelcut_clipping::{Aspect, LayoutChoice};
use reelcut_jobs::{ClipChoices, ClipCommand, ClipField, VideoSource};
use reelcut_llm::Tone;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::names;
use crate::error::{ApiError, ApiResult};

/// The clipping options. Unknown fields are kept and ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// viral-clips (default), split-clips, highlights, tutorials: accepted; reelcut
    /// finds whole passages either way.
    pub clip_type: String,
    /// ClipBasic or ClipPro: accepted (one model).
    pub clip_model: String,
    /// Auto, Podcast, Gaming, Education, Entertainment: accepted.
    pub genre: String,
    /// Shortest clip, seconds (5–120, default 15).
    pub clip_duration_min: f64,
    /// Longest clip, seconds (default 90, at most 600).
    pub clip_duration_max: f64,
    /// 9:16 (default), 16:9, 1:1, 4:5.
    pub aspect_ratio: String,
    /// Burn captions in (default true, as ScaleReach's backend and MCP do).
    pub enable_captions: bool,
    /// A hook title over the first 3 s (default true; older name `enableAutoHook`).
    pub enable_intro_title: bool,
    #[schema(value_type = Option<bool>)]
    pub enable_auto_hook: Option<bool>,
    /// One of the 18 template ids (or the docs' karaoke, word-by-word, sentence).
    pub caption_template_id: String,
    /// ISO code of the speech; null: detected.
    pub language: Option<String>,
    /// Only 0 is supported (the whole video).
    pub timeframe_start: f64,
    /// Only null is supported (the whole video).
    pub timeframe_end: Option<f64>,
    /// Background-video split screen: not supported (false only).
    pub enable_split_screen: bool,
    pub split_ratio: f64,
    /// Face-tracking crop: reelcut always tracks the speaker; accepted.
    pub enable_smart_crop: bool,
    /// Instructions for moment finding (up to 500 characters).
    pub custom_prompt: String,
    /// Topics to favour; joined into the prompt.
    pub topic_keywords: Vec<String>,
    /// Accepted; nothing is watermarked.
    pub enable_watermark: bool,
    /// Transcribe only: not supported (false only).
    pub skip_clipping: bool,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub other: Map<String, Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            clip_type: "viral-clips".into(),
            clip_model: "ClipBasic".into(),
            genre: "Auto".into(),
            clip_duration_min: 15.0,
            clip_duration_max: 90.0,
            aspect_ratio: "9:16".into(),
            enable_captions: true,
            enable_intro_title: true,
            enable_auto_hook: None,
            caption_template_id: "karaoke".into(),
            language: None,
            timeframe_start: 0.0,
            timeframe_end: None,
            enable_split_screen: false,
            split_ratio: 50.0,
            enable_smart_crop: false,
            custom_prompt: String::new(),
            topic_keywords: Vec::new(),
            enable_watermark: true,
            skip_clipping: false,
            other: Map::new(),
        }
    }
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::invalid("config", message)
}

impl Config {
    /// This config with `patch`'s fields over it (PATCH …/config).
    pub fn patched(&self, patch: &Value) -> ApiResult<Config> {
        let mut merged = serde_json::to_value(self).expect("a config serialises");
        if let (Some(into), Some(from)) = (merged.as_object_mut(), patch.as_object()) {
            for (k, v) in from {
                into.insert(k.clone(), v.clone());
            }
        }
        serde_json::from_value(merged).map_err(|e| bad(format!("Invalid configuration: {e}")))
    }

    /// The clip command this config asks for, drawn at `resolution` (the operator's).
    /// Every value is checked; what reelcut cannot do is refused by name rather than
    /// ignored.
    pub fn command(&self, video: VideoSource, resolution: u32) -> ApiResult<ClipCommand> {
        if self.enable_split_screen {
            return Err(bad("Split screen with a background video is not supported by this server."));
        }
        if self.skip_clipping {
            return Err(bad("skipClipping is not supported: every video is clipped."));
        }
        if self.timeframe_start != 0.0 || self.timeframe_end.is_some() {
            return Err(bad("timeframeStart/timeframeEnd are not supported: the whole video is used."));
        }
        if !(30.0..=70.0).contains(&self.split_ratio) || self.split_ratio % 5.0 != 0.0 {
            return Err(bad("Split ratio must be between 30 and 70, in increments of 5"));
        }
        let (min, max) = (self.clip_duration_min, self.clip_duration_max);
        if !(5.0..=120.0).contains(&min) || max < min || max > 600.0 {
            return Err(bad(format!(
                "clipDurationMin must be 5–120 s and clipDurationMax at least that, at most 600 s (got {min}–{max})."
            )));
        }
        let aspect = aspect(&self.aspect_ratio)?;
        let style = names::caption_style(&self.caption_template_id)
            .ok_or_else(|| bad(format!("Unknown captionTemplateId '{}'.", self.caption_template_id)))?;
        let mut prompt = self.custom_prompt.trim().to_string();
        if !self.topic_keywords.is_empty() {
            prompt = format!("{prompt} Topics: {}.", self.topic_keywords.join(", ")).trim().to_string();
        }
        let choices = ClipChoices {
            durations: Some(durations(min, max)),
            aspect: Some(aspect),
            captions: Some(self.enable_captions),
            caption_style: Some(style.name().to_string()),
            prompt: Some(prompt).filter(|p| !p.is_empty()),
            language: self.language.clone().filter(|l| !l.is_empty()),
            ..Default::default()
        };
        let mut command = ClipCommand::new(video, choices).map_err(|refused| {
            let field = match refused.field {
                ClipField::Prompt => "customPrompt",
                ClipField::Language => "language",
                _ => "config",
            };
            ApiError::invalid(field, refused.message)
        })?;
        let intro = self.enable_auto_hook.unwrap_or(self.enable_intro_title);
        if intro {
            // The hook title is drawn over the clips the job renders in this config's look.
            command.finish = Some(ExportOptions {
                clips: None,
                frame: Frame::Aspect(aspect),
                resolution,
                layout: LayoutChoice::Auto,
                caption_style: self.enable_captions.then_some(style),
                display: Display::Original,
                target_language: None,
                hook: Some(HookChoice {
                    tone: Tone::Serious,
                    position: HookPosition::Beginning,
                    seconds: 3.0,
                    keywords: None,
                }),
                trims: Vec::new(),
            });
        }
        Ok(command)
    }
}

/// ScaleReach's ratio names.
pub fn aspect(name: &str) -> ApiResult<Aspect> {
    Ok(match name {
        "9:16" => Aspect::Portrait,
        "16:9" => Aspect::Landscape,
        "1:1" => Aspect::Square,
        "4:5" => Aspect::FourFive,
        other => return Err(bad(format!("aspectRatio must be 9:16, 16:9, 1:1 or 4:5 (got '{other}')."))),
    })
}

pub fn aspect_name(aspect: &str) -> &'static str {
    match aspect {
        "landscape" => "16:9",
        "square" => "1:1",
        "4:5" => "4:5",
        _ => "9:16",
    }
}

/// The duration types whose ranges meet `min`–`max` seconds.
fn durations(min: f64, max: f64) -> Vec<String> {
    let types = reelcut_jobs::command::DurationType::ALL
        .into_iter()
        .filter(|d| {
            let (lo, hi) = d.range();
            lo < max && hi > min
        })
        .map(|d| d.as_str().to_string())
        .collect::<Vec<_>>();
    if types.is_empty() {
        vec!["30".into()]
    } else {
        types.into_iter().take(reelcut_jobs::ClipCommand::MAX_DURATIONS).collect()
    }
}
