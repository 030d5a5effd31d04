//! Output shapes: aspect ratios (the seeds' names) and resolutions.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// 9:16
    Portrait,
    /// 1:1
    Square,
    /// 4:5
    #[serde(rename = "4:5")]
    FourFive,
    /// 16:9
    Landscape,
}

impl Aspect {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "portrait" | "9:16" => Ok(Aspect::Portrait),
            "square" | "1:1" => Ok(Aspect::Square),
            "4:5" | "four_five" => Ok(Aspect::FourFive),
            "landscape" | "16:9" => Ok(Aspect::Landscape),
            other => Err(format!("unknown aspect `{other}` (expected portrait, square, 4:5 or landscape)")),
        }
    }

    pub fn ratio(self) -> f64 {
        match self {
            Aspect::Portrait => 9.0 / 16.0,
            Aspect::Square => 1.0,
            Aspect::FourFive => 4.0 / 5.0,
            Aspect::Landscape => 16.0 / 9.0,
        }
    }

    /// The name requests and stored clips use (`portrait`, `square`, `4:5`, `landscape`).
    pub fn name(self) -> &'static str {
        match self {
            Aspect::Portrait => "portrait",
            Aspect::Square => "square",
            Aspect::FourFive => "4:5",
            Aspect::Landscape => "landscape",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Aspect::Portrait => "9:16",
            Aspect::Square => "1:1",
            Aspect::FourFive => "4:5",
            Aspect::Landscape => "16:9",
        }
    }

    /// Output size for a resolution given as the short side (1080 → 1080×1920 portrait).
    pub fn size(self, short_side: u32) -> (u32, u32) {
        let even = |v: f64| ((v / 2.0).round() as u32) * 2;
        let s = short_side as f64;
        match self {
            Aspect::Portrait => (short_side, even(s * 16.0 / 9.0)),
            Aspect::Square => (short_side, short_side),
            Aspect::FourFive => (short_side, even(s * 5.0 / 4.0)),
            Aspect::Landscape => (even(s * 16.0 / 9.0), short_side),
        }
    }
}

/// `480p` … `2160p` (also `4k`) → the short side in pixels; defined with the other value rules in core, so settings are checked when they load.
pub use reelcut_core::domain::parse_resolution;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(Aspect::Portrait.size(1080), (1080, 1920));
        assert_eq!(Aspect::FourFive.size(1080), (1080, 1350));
        assert_eq!(Aspect::Landscape.size(720), (1280, 720));
        assert_eq!(Aspect::Portrait.size(480), (480, 854));
        assert_eq!(parse_resolution("4K"), Ok(2160));
        assert!(Aspect::parse("3:2").is_err());
    }
}
