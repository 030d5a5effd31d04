//! The agent's visual styles. A style is data — typography, palette, how scene content
//! enters, how one scene gives way to the next, and the caption look of the captioned
//! variant — and one composition writer (`composition.rs`) draws them all, so a new
//! style is a row here.
//!
//! Font families are the ones HeyGen's HyperFrames compiler embeds (fontsource builds,
//! vendored at set-up); each names a Debian-packaged fallback so a render without the
//! vendored fonts still has the right weight and proportions.

use reelcut_captions::Style as CaptionStyle;
use serde::Serialize;

/// How a scene's content comes on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entrance {
    /// Lines rise a little and fade in, one after another.
    Rise,
    /// Content fades in as one.
    Fade,
    /// Content scales up from small with a slight overshoot.
    Pop,
    /// Content slides in from the left edge.
    Slide,
    /// Letters appear left to right, as if typed.
    Type,
}

/// How one scene hands over to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Crossfade,
    /// A block of the accent colour sweeps across.
    Wipe,
    /// The old scene slides out as the new one slides in.
    Push,
    /// The new scene zooms in from slightly large.
    Zoom,
    Cut,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Style {
    pub style_id: &'static str,
    pub name: &'static str,
    pub tags: &'static [&'static str],
    pub description: &'static str,
    /// CSS font stacks.
    pub heading_font: &'static str,
    pub body_font: &'static str,
    pub heading_weight: u32,
    /// CSS background of every scene.
    pub background: &'static str,
    pub text: &'static str,
    pub accent: &'static str,
    /// Cards, bars and boxes.
    pub panel: &'static str,
    pub uppercase_headings: bool,
    pub entrance: Entrance,
    pub transition: Transition,
    /// GSAP ease of entrances.
    pub ease: &'static str,
    #[serde(skip)]
    pub captions: CaptionStyle,
}

pub const DEFAULT_STYLE: &str = "clean-minimal";

pub const STYLES: &[Style] = &[
    Style {
        style_id: "clean-minimal",
        name: "Clean Minimal",
        tags: &["minimal", "corporate"],
        description: "White space, dark grey type in Inter, one blue accent, calm fades.",
        heading_font: "'Inter', 'Open Sans', sans-serif",
        body_font: "'Inter', 'Open Sans', sans-serif",
        heading_weight: 700,
        background: "#f7f7f5",
        text: "#1d1d1f",
        accent: "#2563eb",
        panel: "#ffffff",
        uppercase_headings: false,
        entrance: Entrance::Rise,
        transition: Transition::Crossfade,
        ease: "power2.out",
        captions: CaptionStyle::WhiteCard,
    },
    Style {
        style_id: "bold-pop",
        name: "Bold Pop",
        tags: &["bold", "social"],
        description: "Heavy upper-case Archivo Black on saturated yellow, pops and hard wipes.",
        heading_font: "'Archivo Black', 'Lato', sans-serif",
        body_font: "'Montserrat', 'Lato', sans-serif",
        heading_weight: 900,
        background: "#ffd400",
        text: "#111111",
        accent: "#e4002b",
        // White cards: the text on them is the style's black.
        panel: "#ffffff",
        uppercase_headings: true,
        entrance: Entrance::Pop,
        transition: Transition::Wipe,
        ease: "back.out(1.8)",
        captions: CaptionStyle::Hormozi,
    },
    Style {
        style_id: "cinematic-dark",
        name: "Cinematic",
        tags: &["cinematic", "dramatic"],
        description: "Near-black with a warm vignette, Playfair Display titles, slow fades and zooms.",
        heading_font: "'Playfair Display', 'DejaVu Serif', serif",
        body_font: "'Inter', 'Open Sans', sans-serif",
        heading_weight: 700,
        background: "radial-gradient(ellipse at center, #2a211c 0%, #0b0908 75%)",
        text: "#f3ede4",
        accent: "#d9a441",
        panel: "rgba(255,255,255,0.06)",
        uppercase_headings: false,
        entrance: Entrance::Fade,
        transition: Transition::Zoom,
        ease: "power1.inOut",
        captions: CaptionStyle::Cinematic,
    },
    Style {
        style_id: "retro-tech",
        name: "Retro Tech",
        tags: &["retro-tech", "tech"],
        description: "Green-on-black terminal, Space Mono, typed text and hard cuts.",
        heading_font: "'Space Mono', 'DejaVu Sans Mono', monospace",
        body_font: "'IBM Plex Mono', 'DejaVu Sans Mono', monospace",
        heading_weight: 700,
        background: "#050b05",
        text: "#7dff8a",
        accent: "#f6ff00",
        panel: "rgba(125,255,138,0.08)",
        uppercase_headings: true,
        entrance: Entrance::Type,
        transition: Transition::Cut,
        ease: "none",
        captions: CaptionStyle::Neon,
    },
    Style {
        style_id: "handmade-paper",
        name: "Handmade",
        tags: &["handmade", "warm"],
        description: "Kraft-paper cream, rounded Nunito, a crayon-orange accent, gentle slides.",
        heading_font: "'Nunito', 'Comic Neue', sans-serif",
        body_font: "'Nunito', 'Open Sans', sans-serif",
        heading_weight: 900,
        background: "#f3e6cf",
        text: "#3b2f2a",
        accent: "#e0622a",
        panel: "#fffaf0",
        uppercase_headings: false,
        entrance: Entrance::Slide,
        transition: Transition::Push,
        ease: "power3.out",
        captions: CaptionStyle::Comic,
    },
    Style {
        style_id: "print-editorial",
        name: "Editorial Print",
        tags: &["print", "editorial"],
        description: "Newspaper off-white, EB Garamond headlines, red rules, column-like layout.",
        heading_font: "'EB Garamond', 'DejaVu Serif', serif",
        body_font: "'Source Serif', 'DejaVu Serif', serif",
        heading_weight: 700,
        background: "#fbf8f1",
        text: "#161412",
        accent: "#b3121b",
        panel: "#ffffff",
        uppercase_headings: false,
        entrance: Entrance::Rise,
        transition: Transition::Wipe,
        ease: "power2.out",
        captions: CaptionStyle::Elegant,
    },
    Style {
        style_id: "neon-night",
        name: "Neon Night",
        tags: &["bold", "tech", "social"],
        description: "Deep purple gradient, Outfit type, cyan and magenta glows, zoom transitions.",
        heading_font: "'Outfit', 'Lato', sans-serif",
        body_font: "'Outfit', 'Lato', sans-serif",
        heading_weight: 700,
        background: "linear-gradient(135deg, #1a0533 0%, #0a1a3f 100%)",
        text: "#f5f3ff",
        accent: "#22d3ee",
        panel: "rgba(255,255,255,0.08)",
        uppercase_headings: false,
        entrance: Entrance::Pop,
        transition: Transition::Zoom,
        ease: "expo.out",
        captions: CaptionStyle::Neon,
    },
    Style {
        style_id: "corporate-navy",
        name: "Corporate",
        tags: &["corporate", "minimal"],
        description: "Navy and white, Montserrat headings, teal accent, clean pushes.",
        heading_font: "'Montserrat', 'Lato', sans-serif",
        body_font: "'Open Sans', sans-serif",
        heading_weight: 700,
        background: "#0f2345",
        text: "#ffffff",
        accent: "#2dd4bf",
        panel: "rgba(255,255,255,0.07)",
        uppercase_headings: false,
        entrance: Entrance::Slide,
        transition: Transition::Push,
        ease: "power2.out",
        captions: CaptionStyle::Classic,
    },
    Style {
        style_id: "poster-condensed",
        name: "Poster",
        tags: &["bold", "print"],
        description: "Tall League Gothic upper-case on red and cream, hard cuts like a gig poster.",
        heading_font: "'League Gothic', 'Liberation Sans Narrow', sans-serif",
        body_font: "'Oswald', 'Liberation Sans Narrow', sans-serif",
        heading_weight: 400,
        background: "#c8102e",
        text: "#fff4e0",
        accent: "#111111",
        panel: "rgba(0,0,0,0.18)",
        uppercase_headings: true,
        entrance: Entrance::Rise,
        transition: Transition::Cut,
        ease: "power4.out",
        captions: CaptionStyle::Bold,
    },
];

pub fn find(style_id: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.style_id == style_id)
}

/// Styles carrying `tag` (all when `None`).
pub fn with_tag(tag: Option<&str>) -> Vec<&'static Style> {
    STYLES.iter().filter(|s| tag.is_none_or(|t| s.tags.contains(&t))).collect()
}

/// The style a prompt asks for by name or tag ("use the retro style", "cinematic").
pub fn named_in(text: &str) -> Option<&'static Style> {
    let lower = text.to_lowercase();
    STYLES
        .iter()
        .find(|s| lower.contains(&s.name.to_lowercase()) || lower.contains(s.style_id))
        .or_else(|| {
            STYLES.iter().find(|s| {
                s.tags.iter().any(|t| {
                    let word = t.split('-').next().unwrap_or(t);
                    lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
                })
            })
        })
}
