//! The storyboard: what the video says and shows, scene by scene. It is plain data
//! (JSON), stored with the session, editable by hand (`reelcut agent --plan-only`,
//! `--from-plan`) and by revisions; the composition is derived from it and nothing else.

use serde::{Deserialize, Serialize};

use crate::AgentError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    Landscape,
    Portrait,
}

impl Orientation {
    /// Frame size in pixels at 1080p.
    pub fn size(self) -> (u32, u32) {
        match self {
            Orientation::Landscape => (1920, 1080),
            Orientation::Portrait => (1080, 1920),
        }
    }

    pub fn parse(text: &str) -> Result<Orientation, String> {
        match text.trim().to_lowercase().as_str() {
            "landscape" | "horizontal" | "16:9" => Ok(Orientation::Landscape),
            "portrait" | "vertical" | "9:16" => Ok(Orientation::Portrait),
            other => Err(format!("unknown orientation `{other}` (expected landscape or portrait)")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Landscape => "landscape",
            Orientation::Portrait => "portrait",
        }
    }
}

/// What a scene shows while its narration plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Visual {
    TitleCard {
        title: String,
        subtitle: Option<String>,
    },
    KeyPoint {
        text: String,
        label: Option<String>,
    },
    BulletList {
        heading: Option<String>,
        items: Vec<String>,
    },
    BigNumber {
        value: String,
        label: String,
    },
    Quote {
        text: String,
        attribution: Option<String>,
    },
    Comparison {
        left_title: String,
        left: String,
        right_title: String,
        right: String,
    },
    Chart {
        title: String,
        bars: Vec<Bar>,
    },
    /// One of the session's attached images or video clips (a file name in the plan's
    /// media folder), with an optional line over it.
    Media {
        file: String,
        caption: Option<String>,
    },
    CallToAction {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// What the voice says in this scene.
    pub narration: String,
    pub visual: Visual,
    /// Seconds on screen; `None` follows the narration (plus a short hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyboard {
    pub title: String,
    pub orientation: Orientation,
    pub style_id: String,
    pub voice_id: String,
    /// The length asked for, when one was (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_duration: Option<f64>,
    pub scenes: Vec<Scene>,
    /// What the planner assumed or could not do, in words a user reads (the session's
    /// messages carry them).
    #[serde(default)]
    pub notes: Vec<String>,
}

pub const MAX_SCENES: usize = 40;
const MAX_NARRATION_CHARS: usize = 1_200;

impl Storyboard {
    /// Checks a plan (hand-edited or written by a model) before anything renders it.
    pub fn validate(&self) -> Result<(), AgentError> {
        let bad = |param: &str, message: String| AgentError::InvalidPlan {
            param: param.to_string(),
            message,
        };
        if self.title.trim().is_empty() {
            return Err(bad("title", "the plan has no title".into()));
        }
        if self.scenes.is_empty() || self.scenes.len() > MAX_SCENES {
            return Err(bad(
                "scenes",
                format!("a plan has 1 to {MAX_SCENES} scenes, this one has {}", self.scenes.len()),
            ));
        }
        if crate::styles::find(&self.style_id).is_none() {
            return Err(bad("style_id", format!("unknown style `{}`", self.style_id)));
        }
        if reelcut_voice::find_voice(&self.voice_id).is_none() {
            return Err(bad("voice_id", format!("unknown voice `{}`", self.voice_id)));
        }
        for (i, scene) in self.scenes.iter().enumerate() {
            let param = format!("scenes[{i}]");
            if !scene.narration.chars().any(char::is_alphanumeric) {
                return Err(bad(&format!("{param}.narration"), "a scene needs narration".into()));
            }
            if scene.narration.chars().count() > MAX_NARRATION_CHARS {
                return Err(bad(
                    &format!("{param}.narration"),
                    format!("at most {MAX_NARRATION_CHARS} characters a scene"),
                ));
            }
            if let Some(d) = scene.duration {
                if !(1.0..=120.0).contains(&d) {
                    return Err(bad(&format!("{param}.duration"), "a scene lasts 1 to 120 seconds".into()));
                }
            }
            if let Visual::BulletList { items, .. } = &scene.visual {
                if items.is_empty() || items.len() > 8 {
                    return Err(bad(&format!("{param}.visual.items"), "a list shows 1 to 8 items".into()));
                }
            }
            if let Visual::Chart { bars, .. } = &scene.visual {
                if bars.is_empty() || bars.len() > 8 || bars.iter().any(|b| !b.value.is_finite() || b.value < 0.0) {
                    return Err(bad(&format!("{param}.visual.bars"), "a chart has 1 to 8 bars of values ≥ 0".into()));
                }
            }
        }
        Ok(())
    }

    /// All the narration, scene after scene.
    pub fn script(&self) -> String {
        self.scenes.iter().map(|s| s.narration.trim()).collect::<Vec<_>>().join(" ")
    }
}
