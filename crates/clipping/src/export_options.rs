//! What an export is asked for — the frame, resolution, layout, caption look, second
//! language, hook and trims — with the one check of each part, for every dialect and
//! the CLI to build from their own field names.

use reelcut_captions::{Display, Style};
use reelcut_llm::Tone;
use reelcut_look::LayoutChoice;
use serde::{Deserialize, Serialize};

use crate::Aspect;

/// The output's shape: one of the aspects (the camera re-planned), or the source's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    Aspect(Aspect),
    /// No reframe: the whole source picture, scaled.
    Original,
}

impl Frame {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "original" => Ok(Frame::Original),
            other => Aspect::parse(other).map(Frame::Aspect).map_err(|e| format!("{e}, or original")),
        }
    }

    pub(crate) fn label(self, source: (u32, u32)) -> String {
        match self {
            Frame::Aspect(a) => a.label().to_string(),
            Frame::Original => format!("{}:{}", source.0, source.1),
        }
    }

    /// Output size for a short side in pixels (even numbers, as H.264 wants).
    pub(crate) fn size(self, short_side: u32, source: (u32, u32)) -> (u32, u32) {
        match self {
            Frame::Aspect(a) => a.size(short_side),
            Frame::Original => {
                let even = |v: f64| ((v / 2.0).round() as u32).max(1) * 2;
                let (w, h) = (source.0 as f64, source.1 as f64);
                if w <= h {
                    (even(short_side as f64), even(short_side as f64 * h / w))
                } else {
                    (even(short_side as f64 * w / h), even(short_side as f64))
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HookPosition {
    #[default]
    Beginning,
    End,
}

/// A hook written for the clip in a tone and shown at one end of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookChoice {
    pub tone: Tone,
    pub position: HookPosition,
    pub seconds: f64,
    pub keywords: Option<String>,
}

/// The part of a hook request that was refused, for a dialect to name in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookField {
    Style,
    Position,
    Duration,
}

impl HookChoice {
    pub const DEFAULT_MS: u32 = 3000;
    pub const MS: std::ops::RangeInclusive<u32> = 500..=60_000;

    /// The one place a hook request is checked, each part by its name as the APIs take
    /// it: the tone (serious by default), `beginning` (default) or `end`, shown for
    /// 500–60000 ms (3000 by default); blank keywords are none.
    pub fn from_names(
        style: Option<&str>,
        position: Option<&str>,
        ms: Option<u32>,
        keywords: Option<String>,
    ) -> Result<HookChoice, (HookField, String)> {
        let tone = Tone::parse(style.unwrap_or("serious")).map_err(|m| (HookField::Style, m))?;
        let position = match position.unwrap_or("beginning") {
            "beginning" => HookPosition::Beginning,
            "end" => HookPosition::End,
            other => return Err((HookField::Position, format!("'{other}' is not a hook position: beginning or end."))),
        };
        let ms = ms.unwrap_or(Self::DEFAULT_MS);
        if !Self::MS.contains(&ms) {
            return Err((HookField::Duration, format!("The hook shows for 500 to 60000 ms (got {ms}).")));
        }
        Ok(HookChoice {
            tone,
            position,
            seconds: f64::from(ms) / 1000.0,
            keywords: keywords.filter(|k| !k.trim().is_empty()),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// 0-based positions in the run's `clips.json`; `None`: every clip.
    pub clips: Option<Vec<usize>>,
    pub frame: Frame,
    /// Short side in pixels (480 … 2160).
    pub resolution: u32,
    pub layout: LayoutChoice,
    /// `None`: no burned-in captions.
    pub caption_style: Option<Style>,
    pub display: Display,
    /// Two-letter code of the captions' second language.
    pub target_language: Option<String>,
    pub hook: Option<HookChoice>,
    /// New windows for some of the chosen clips (the studio's trim).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trims: Vec<Trim>,
}

/// A clip drawn from a shorter window of its own: seconds in the source. Only inside
/// the clip's window — faces were tracked there and nowhere else, so a longer clip needs
/// a new clipping run rather than a guessed camera.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Trim {
    /// 0-based position in the run's `clips.json`.
    pub clip: usize,
    pub start: f64,
    pub end: f64,
}

impl Trim {
    /// The shortest clip a trim may leave, in seconds.
    pub const MIN_SECONDS: f64 = 1.0;
    /// Leeway at the window's ends (`clips.json` keeps milliseconds).
    const SLACK: f64 = 0.002;

    /// Refuses a window outside the clip's own (`start`–`end`) or shorter than a second.
    pub fn check(&self, start: f64, end: f64) -> Result<(), String> {
        if !(self.start.is_finite() && self.end.is_finite()) || self.end - self.start < Self::MIN_SECONDS {
            return Err(format!(
                "clip {}'s trim must keep at least {} s (start {:.3} s, end {:.3} s)",
                self.clip,
                Self::MIN_SECONDS,
                self.start,
                self.end
            ));
        }
        if self.start < start - Self::SLACK || self.end > end + Self::SLACK {
            return Err(format!(
                "clip {}'s trim {:.3}–{:.3} s leaves its window {start:.3}–{end:.3} s: a trim can only shorten a clip",
                self.clip, self.start, self.end
            ));
        }
        Ok(())
    }
}
