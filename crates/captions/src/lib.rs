//! The captions room: word-level captions in named styles as ASS scripts (burned in by
//! libass inside the render pass), an optional hook overlay for the first seconds, and
//! plain SRT/VTT for each clip.

pub mod ass;
pub mod pages;

use std::collections::HashSet;

use reelcut_transcript::formats;
use reelcut_transcript::Word;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// White sentence-case text with an outline; the page appears whole.
    Classic,
    /// UPPER-CASE, heavy, the spoken word lit in yellow.
    Bold,
    /// Karaoke: each word fills with colour as it is spoken.
    Karaoke,
    /// Words pop in one by one, the newest scaled and lit.
    Pop,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Classic, Style::Bold, Style::Karaoke, Style::Pop];

    pub fn name(self) -> &'static str {
        match self {
            Style::Classic => "classic",
            Style::Bold => "bold",
            Style::Karaoke => "karaoke",
            Style::Pop => "pop",
        }
    }

    pub fn parse(name: &str) -> Result<Self, String> {
        Style::ALL
            .into_iter()
            .find(|s| s.name() == name.trim().to_lowercase())
            .ok_or_else(|| format!("unknown caption style `{name}` (expected classic, bold, karaoke or pop)"))
    }
}

/// The words inside `[start, end)`, re-timed to start at 0.
pub fn clip_words(words: &[Word], start: f64, end: f64) -> Vec<Word> {
    words
        .iter()
        .filter(|w| w.start >= start - 1e-6 && w.end <= end + 1e-6)
        .map(|w| Word {
            text: w.text.clone(),
            start: ((w.start - start) * 1000.0).round() / 1000.0,
            end: ((w.end - start) * 1000.0).round() / 1000.0,
            probability: w.probability,
        })
        .collect()
}

pub struct CaptionRequest<'a> {
    /// Clip-relative words.
    pub words: &'a [Word],
    pub style: Style,
    pub width: u32,
    pub height: u32,
    /// Keywords drawn in the emphasis colour (lower-case, letters and digits only).
    pub emphasis: &'a HashSet<String>,
    pub hook: Option<(&'a str, f64)>,
    /// In the middle of the picture rather than near the bottom (split-screen layouts).
    pub centred: bool,
}

/// The ASS script for one clip.
pub fn ass_script(request: &CaptionRequest) -> String {
    let layout = ass::Layout {
        width: request.width,
        height: request.height,
        centred: request.centred,
    };
    let pages = pages::pages(request.words, layout.line_chars(request.style));
    let hook = request.hook.map(|(text, seconds)| ass::Hook { text, seconds });
    ass::script(&pages, request.style, &layout, request.emphasis, hook)
}

/// SRT and WebVTT for clip-relative words.
pub fn subtitles(words: &[Word]) -> (String, String) {
    let cues = formats::cues(words);
    (formats::srt(&cues), formats::vtt(&cues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_writes_timed_events() {
        let words = pages::spaced_words("Here is the secret nobody tells you.", 0.4, 0.35);
        let emphasis: HashSet<String> = ["secret".to_string()].into();
        for style in Style::ALL {
            let ass = ass_script(&CaptionRequest {
                words: &words,
                style,
                width: 1080,
                height: 1920,
                emphasis: &emphasis,
                hook: Some(("Why nobody tells you", 3.0)),
                centred: false,
            });
            assert!(ass.contains("PlayResX: 1080") && ass.contains("PlayResY: 1920"));
            assert!(ass.contains("Dialogue: 1,0:00:00.00,0:00:03.00,Hook"), "{ass}");
            let events = ass.lines().filter(|l| l.starts_with("Dialogue: 0")).count();
            match style {
                Style::Bold | Style::Pop => assert_eq!(events, 7, "one event per word"),
                _ => assert_eq!(events, 1, "one page"),
            }
            if style == Style::Karaoke {
                assert!(ass.contains("{\\kf40}Here "), "{ass}");
            }
            if style == Style::Bold {
                assert!(ass.contains("NOBODY"));
            }
        }
        let caption_style = |centred: bool| {
            let ass = ass_script(&CaptionRequest {
                words: &words,
                style: Style::Bold,
                width: 1080,
                height: 1920,
                emphasis: &emphasis,
                hook: None,
                centred,
            });
            ass.lines().find(|l| l.starts_with("Style: Caption")).unwrap().to_string()
        };
        assert!(
            caption_style(false).ends_with(",2,86,86,422,1"),
            "bottom centre, above the app chrome"
        );
        assert!(
            caption_style(true).ends_with(",5,86,86,0,1"),
            "middle centre, on a split-screen's seam"
        );
        assert_eq!(Style::parse("Bold"), Ok(Style::Bold));
        assert!(Style::parse("comic-sans").is_err());
        assert_eq!(ass::time(3725.456), "1:02:05.46");
    }
}
