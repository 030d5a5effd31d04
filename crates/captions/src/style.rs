//! The named caption looks. Each style is data — font, case, colours, what sits behind
//! the text, how the spoken word is shown, how many lines, where — and one ASS writer
//! (`ass.rs`) draws them all, so a new look is a row here, not new code.
//!
//! Fonts come from Debian packages that set-up installs: fonts-dejavu-core,
//! fonts-dejavu-extra, fonts-lato, fonts-open-sans, fonts-liberation2, fonts-comic-neue.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Style {
    /// White sentence-case text with an outline; the page appears whole.
    Classic,
    /// UPPER-CASE, heavy, the spoken word lit in yellow.
    Bold,
    /// Karaoke: each word fills with colour as it is spoken.
    Karaoke,
    /// Words pop in one by one, the newest scaled and lit.
    Pop,
    /// White text on a black box, the page shown whole (a static subtitle).
    BlackBox,
    /// The spoken word sits in a bright box; the rest is outlined white.
    BoxHighlight,
    /// The spoken word is underlined; the others are dimmed.
    Underline,
    /// Dark text on a white card, the spoken word in blue.
    WhiteCard,
    /// One huge word at a time, upper-case, alternating colours.
    OneWord,
    /// Heavy upper-case, the spoken word green and larger, keywords yellow.
    Hormozi,
    /// Cyan text with a soft magenta glow, the spoken word white.
    Neon,
    /// Small serif on one line in the lower third, soft shadow, no animation.
    Cinematic,
    /// Small lower-case sans on one line, shadow only.
    Minimal,
    /// Yellow comic lettering with a heavy black outline, the page whole.
    Comic,
    /// Serif italic, the spoken word in gold.
    Elegant,
    /// The spoken word takes the next colour of a rainbow.
    Rainbow,
}

/// How a word's letters are cased on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    AsSpoken,
    Upper,
    Lower,
}

/// What sits behind the letters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Background {
    /// An outline of this width (a fraction of the font size) in the outline colour.
    Outline(f64),
    /// An opaque box per line in this colour (ASS `BorderStyle=3`).
    Box(&'static str),
    /// A drop shadow only.
    Shadow,
    /// An outline blurred into a glow.
    Glow(f64),
}

/// How the word being spoken is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Active {
    /// Nothing: the page is shown whole for its time.
    Still,
    /// Drawn in this colour.
    Colour(&'static str),
    /// Drawn in this colour at this scale (percent).
    Scale(&'static str, u32),
    /// Underlined, in full white, the other words dimmed.
    Underline,
    /// Inside a box of this colour.
    Box(&'static str),
    /// Filled with this colour from left to right as it is spoken (karaoke).
    Fill(&'static str),
    /// Words appear one by one, the newest popping in in this colour.
    Pop(&'static str),
    /// Only the spoken word is on screen, colours taken in turn.
    Single(&'static [&'static str]),
    /// The spoken word takes the next of these colours.
    Cycle(&'static [&'static str]),
}

/// Where the caption block sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Above the caption/like bar of vertical apps.
    Bottom,
    /// Low, close to the frame's edge (film subtitles).
    LowerThird,
    /// In the middle of the picture.
    Middle,
}

/// A caption look: everything the ASS writer needs to draw a style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub font: &'static str,
    pub bold: bool,
    pub italic: bool,
    pub case: Case,
    /// Font size as a fraction of the output's short side.
    pub size: f64,
    /// ASS colours are &HAABBGGRR.
    pub text: &'static str,
    pub outline: &'static str,
    pub background: Background,
    pub active: Active,
    /// Keywords (the clip's tags) drawn in this colour, when set.
    pub emphasis: Option<&'static str>,
    /// 1 or 2 lines per page.
    pub lines: usize,
    pub position: Position,
}

pub const WHITE: &str = "&H00FFFFFF";
pub const BLACK: &str = "&H00000000";
pub const YELLOW: &str = "&H0000E5FF";
pub const GREEN: &str = "&H0066FF66";
const DIM: &str = "&H00B4B4B4";
const BLUE: &str = "&H00F07A1E";
const MAGENTA: &str = "&H00FF3DF5";
const CYAN: &str = "&H00FFF200";
const GOLD: &str = "&H0037AFD4";
const PURPLE: &str = "&H00D6308B";
const RED: &str = "&H003C3CFF";
const INK: &str = "&H00262626";
const TRANSLUCENT_BLACK: &str = "&H40000000";
const RAINBOW: &[&str] = &["&H003C3CFF", "&H00008CFF", "&H0000E5FF", "&H0066FF66", "&H00FFB43C", "&H00FF3DF5"];
const BEAST: &[&str] = &[WHITE, YELLOW, GREEN, RED];

const fn look(font: &'static str, case: Case, active: Active) -> Look {
    Look {
        font,
        bold: true,
        italic: false,
        case,
        size: 0.07,
        text: WHITE,
        outline: BLACK,
        background: Background::Outline(1.0 / 14.0),
        active,
        emphasis: Some(GREEN),
        lines: 2,
        position: Position::Bottom,
    }
}

impl Style {
    pub fn all() -> impl Iterator<Item = Style> {
        Style::iter()
    }

    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn parse(name: &str) -> Result<Self, String> {
        let wanted = name.trim().to_lowercase().replace('_', "-");
        Style::all().find(|s| s.name() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Style::all().map(Style::name).collect();
            format!("unknown caption style `{name}` (expected one of: {})", names.join(", "))
        })
    }

    /// One line a person reads in `reelcut captions list`.
    pub fn describe(self) -> &'static str {
        match self {
            Style::Classic => "white sentence-case text, black outline, page shown whole",
            Style::Bold => "heavy upper-case, the spoken word yellow",
            Style::Karaoke => "each word fills yellow as it is spoken",
            Style::Pop => "words pop in one by one, the newest yellow",
            Style::BlackBox => "white text on a black box, page shown whole",
            Style::BoxHighlight => "the spoken word inside a purple box",
            Style::Underline => "the spoken word underlined, the rest dimmed",
            Style::WhiteCard => "dark text on a white card, the spoken word blue",
            Style::OneWord => "one huge upper-case word at a time, colours in turn",
            Style::Hormozi => "heavy upper-case, the spoken word green and larger, keywords yellow",
            Style::Neon => "cyan text with a magenta glow, the spoken word white",
            Style::Cinematic => "small serif on one line, lower third, no animation",
            Style::Minimal => "small lower-case sans on one line, shadow only",
            Style::Comic => "yellow comic lettering with a heavy outline, page shown whole",
            Style::Elegant => "serif italic, the spoken word gold",
            Style::Rainbow => "the spoken word takes the next colour of a rainbow",
        }
    }

    pub fn look(self) -> Look {
        use Active as A;
        use Case::*;
        match self {
            Style::Classic => Look {
                bold: false,
                ..look("DejaVu Sans", AsSpoken, A::Still)
            },
            Style::Bold => look("DejaVu Sans", Upper, A::Colour(YELLOW)),
            Style::Karaoke => look("DejaVu Sans", AsSpoken, A::Fill(YELLOW)),
            Style::Pop => look("DejaVu Sans", AsSpoken, A::Pop(YELLOW)),
            Style::BlackBox => Look {
                background: Background::Box(TRANSLUCENT_BLACK),
                size: 0.06,
                emphasis: None,
                ..look("Open Sans", AsSpoken, A::Still)
            },
            Style::BoxHighlight => Look {
                emphasis: None,
                ..look("Open Sans Extrabold", AsSpoken, A::Box(PURPLE))
            },
            Style::Underline => Look {
                text: DIM,
                emphasis: None,
                ..look("Lato Black", AsSpoken, A::Underline)
            },
            Style::WhiteCard => Look {
                text: INK,
                background: Background::Box(WHITE),
                size: 0.06,
                emphasis: None,
                ..look("Lato Black", AsSpoken, A::Colour(BLUE))
            },
            Style::OneWord => Look {
                size: 0.13,
                background: Background::Outline(1.0 / 9.0),
                lines: 1,
                position: Position::Middle,
                emphasis: None,
                ..look("Open Sans Extrabold", Upper, A::Single(BEAST))
            },
            Style::Hormozi => Look {
                emphasis: Some(YELLOW),
                background: Background::Outline(1.0 / 10.0),
                ..look("Lato Black", Upper, A::Scale(GREEN, 115))
            },
            Style::Neon => Look {
                text: CYAN,
                outline: MAGENTA,
                background: Background::Glow(1.0 / 9.0),
                emphasis: None,
                ..look("DejaVu Sans", AsSpoken, A::Colour(WHITE))
            },
            Style::Cinematic => Look {
                bold: false,
                size: 0.05,
                background: Background::Shadow,
                emphasis: None,
                lines: 1,
                position: Position::LowerThird,
                ..look("Liberation Serif", AsSpoken, A::Still)
            },
            Style::Minimal => Look {
                bold: false,
                size: 0.05,
                background: Background::Shadow,
                emphasis: None,
                lines: 1,
                ..look("Lato", Lower, A::Colour(YELLOW))
            },
            Style::Comic => Look {
                text: YELLOW,
                background: Background::Outline(1.0 / 7.0),
                emphasis: Some(WHITE),
                ..look("Comic Neue", AsSpoken, A::Still)
            },
            Style::Elegant => Look {
                italic: true,
                bold: false,
                emphasis: None,
                background: Background::Shadow,
                ..look("DejaVu Serif", AsSpoken, A::Colour(GOLD))
            },
            Style::Rainbow => Look {
                emphasis: None,
                ..look("Lato Black", Upper, A::Cycle(RAINBOW))
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_looks_differ() {
        let all: Vec<Style> = Style::all().collect();
        assert!(all.len() >= 12);
        for s in &all {
            assert_eq!(Style::parse(s.name()), Ok(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.name()));
        }
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.look(), b.look(), "{a:?} and {b:?} look the same");
            }
        }
        assert_eq!(Style::parse("Box_Highlight"), Ok(Style::BoxHighlight));
        assert!(Style::parse("comic-sans").unwrap_err().contains("one-word"));
    }
}
