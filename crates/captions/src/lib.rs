//! The captions room: word-level captions in named styles as ASS scripts (burned in by
//! libass inside the render pass), an optional hook overlay for the first seconds, and
//! plain SRT/VTT for each clip.

pub mod ass;
pub mod pages;
pub mod sheet;
pub mod style;

use std::collections::HashSet;

use reelcut_transcript::formats;
use reelcut_transcript::Word;
use serde::{Deserialize, Serialize};

pub use style::{Look, Style};

/// Which language the burned-in captions show when a translation exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    /// The words as spoken.
    #[default]
    Original,
    /// The translation only, paged on its own timings.
    Translation,
    /// Two stacked lines: the words as spoken (one line per page) and, smaller, the
    /// translation of the same span.
    Both,
}

impl Display {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "original" => Ok(Display::Original),
            "translation" => Ok(Display::Translation),
            "both" => Ok(Display::Both),
            other => Err(format!(
                "unknown caption display `{other}` (expected original, translation or both)"
            )),
        }
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

/// A text overlay (the hook) and when it shows, in seconds of the clip.
#[derive(Debug, Clone, Copy)]
pub struct Overlay<'a> {
    pub text: &'a str,
    pub from: f64,
    pub to: f64,
}

pub struct CaptionRequest<'a> {
    /// Clip-relative words as spoken.
    pub words: &'a [Word],
    /// Clip-relative words of the translation, when there is one.
    pub translation: Option<&'a [Word]>,
    pub display: Display,
    pub style: Style,
    pub width: u32,
    pub height: u32,
    /// Keywords drawn in the emphasis colour (lower-case, letters and digits only).
    pub emphasis: &'a HashSet<String>,
    pub hook: Option<Overlay<'a>>,
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
    let look = request.style.look();
    let chars = layout.line_chars(&look);
    let (pages, second_lines) = match (request.display, request.translation) {
        (Display::Translation, Some(translated)) => (pages::pages(translated, chars, look.lines), None),
        (Display::Both, Some(translated)) => {
            let pages = pages::pages(request.words, chars, 1);
            let seconds = pages::spread(&pages, translated);
            (pages, Some(seconds))
        }
        _ => (pages::pages(request.words, chars, look.lines), None),
    };
    ass::script(&ass::Script {
        pages: &pages,
        look,
        layout: &layout,
        emphasis: request.emphasis,
        hook: request.hook.map(|h| ass::Hook {
            text: h.text,
            from: h.from,
            to: h.to,
        }),
        second_lines: second_lines.as_deref(),
    })
}

/// SRT and WebVTT for clip-relative words.
pub fn subtitles(words: &[Word]) -> (String, String) {
    let cues = formats::cues(words);
    (formats::srt(&cues), formats::vtt(&cues))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(words: &'a [Word], emphasis: &'a HashSet<String>, style: Style) -> CaptionRequest<'a> {
        CaptionRequest {
            words,
            translation: None,
            display: Display::Original,
            style,
            width: 1080,
            height: 1920,
            emphasis,
            hook: Some(Overlay {
                text: "Why nobody tells you",
                from: 0.0,
                to: 3.0,
            }),
            centred: false,
        }
    }

    #[test]
    fn every_style_writes_timed_events() {
        let words = pages::spaced_words("Here is the secret nobody tells you.", 0.4, 0.35);
        let emphasis: HashSet<String> = ["secret".to_string()].into();
        for style in Style::all() {
            let ass = ass_script(&request(&words, &emphasis, style));
            assert!(ass.contains("PlayResX: 1080") && ass.contains("PlayResY: 1920"));
            assert!(ass.contains("Dialogue: 1,0:00:00.00,0:00:03.00,Hook"), "{ass}");
            let events = ass.lines().filter(|l| l.starts_with("Dialogue: 0")).count();
            let look = style.look();
            let layout = ass::Layout {
                width: 1080,
                height: 1920,
                centred: false,
            };
            let pages = pages::pages(&words, layout.line_chars(&look), look.lines).len();
            match look.active {
                style::Active::Still | style::Active::Fill(_) => assert_eq!(events, pages, "{style:?}: one event a page"),
                _ => assert_eq!(events, 7, "{style:?}: one event per word"),
            }
            assert!(ass.contains(&format!("Style: Caption,{},", look.font)), "{ass}");
        }
        let karaoke = ass_script(&request(&words, &emphasis, Style::Karaoke));
        assert!(karaoke.contains("{\\kf40}Here "), "{karaoke}");
        assert!(ass_script(&request(&words, &emphasis, Style::Bold)).contains("NOBODY"));
        assert!(ass_script(&request(&words, &emphasis, Style::Minimal)).contains("nobody"));
        let boxed = ass_script(&request(&words, &emphasis, Style::BoxHighlight));
        assert!(
            boxed.contains("{\\3a&H00&}secret{\\3a&HFF&}"),
            "only the spoken word is boxed: {boxed}"
        );
        let caption_style = |centred: bool| {
            let ass = ass_script(&CaptionRequest {
                centred,
                ..request(&words, &emphasis, Style::Bold)
            });
            ass.lines().find(|l| l.starts_with("Style: Caption")).unwrap().to_string()
        };
        assert!(
            caption_style(false).ends_with(",2,86,86,422,1"),
            "bottom centre, above the app chrome: {}",
            caption_style(false)
        );
        assert!(
            caption_style(true).ends_with(",5,86,86,0,1"),
            "middle centre, on a split-screen's seam"
        );
        assert_eq!(ass::time(3725.456), "1:02:05.46");
    }

    #[test]
    fn both_languages_stack_the_translation_under_each_page() {
        let words = pages::spaced_words("Das ist wahr. Sag es nie.", 0.4, 0.35);
        let translated = pages::spaced_words("That is true. Never say it.", 0.4, 0.3);
        let emphasis = HashSet::new();
        let both = ass_script(&CaptionRequest {
            translation: Some(&translated),
            display: Display::Both,
            hook: None,
            ..request(&words, &emphasis, Style::Classic)
        });
        let events: Vec<&str> = both.lines().filter(|l| l.starts_with("Dialogue: 0")).collect();
        assert_eq!(events.len(), 2, "{both}");
        assert!(
            events[0].contains("Das ist wahr.\\N{\\r\\fs") && events[0].ends_with("That is true."),
            "{both}"
        );
        assert!(events[1].ends_with("Never say it."), "{both}");
        let only = ass_script(&CaptionRequest {
            translation: Some(&translated),
            display: Display::Translation,
            hook: None,
            ..request(&words, &emphasis, Style::Classic)
        });
        assert!(only.contains("That is true.") && !only.contains("wahr"));
        assert_eq!(Display::parse("Both"), Ok(Display::Both));
    }
}
