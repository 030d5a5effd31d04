//! Caption pages → an ASS script that ffmpeg's `ass` filter (libass) burns in. One
//! writer draws every look in `style.rs`; sizes and margins scale with the output so a
//! caption looks the same at 480p and 4K.

use std::collections::HashSet;
use std::fmt::Write;

use crate::pages::Page;
use crate::style::{Active, Background, Case, Look, Position, BLACK, WHITE};

const SHADOW: &str = "&H96000000";
/// The translated line under the original: this much of the caption's size, in a
/// pale yellow so the two read as two languages at a glance.
const SECOND_LINE_SCALE: f64 = 0.72;
const SECOND_LINE_COLOUR: &str = "&H00A0F0FF";

pub struct Layout {
    pub width: u32,
    pub height: u32,
    /// Captions in the middle of the picture (on the seam of a split-screen, where no
    /// face is) instead of where the look puts them.
    pub centred: bool,
}

impl Layout {
    pub fn font_size(&self, look: &Look) -> u32 {
        (self.width.min(self.height) as f64 * look.size).round() as u32
    }
    /// Characters per caption line at the look's size.
    pub fn line_chars(&self, look: &Look) -> usize {
        // Capitals are wider than lower-case letters.
        let per_char = self.font_size(look) as f64 * if look.case == Case::Upper { 0.72 } else { 0.6 };
        (((self.width as f64 * 0.84) / per_char) as usize).clamp(6, 42)
    }
    fn position(&self, look: &Look) -> Position {
        if self.centred {
            Position::Middle
        } else {
            look.position
        }
    }
    /// ASS alignment: 2 bottom centre, 5 middle centre.
    fn alignment(&self, look: &Look) -> u8 {
        match self.position(look) {
            Position::Middle => 5,
            _ => 2,
        }
    }
    fn margin_v(&self, look: &Look) -> u32 {
        let portrait = self.height > self.width;
        let fraction = match self.position(look) {
            Position::Middle => 0.0,
            // Above the caption/like bar of vertical apps (≈ a fifth of the height).
            Position::Bottom if portrait => 0.22,
            Position::Bottom => 0.08,
            Position::LowerThird if portrait => 0.14,
            Position::LowerThird => 0.05,
        };
        (self.height as f64 * fraction) as u32
    }
    fn margin_h(&self) -> u32 {
        (self.width as f64 * 0.08) as u32
    }
}

/// A text overlay shown from `from` to `to` seconds of the clip.
pub struct Hook<'a> {
    pub text: &'a str,
    pub from: f64,
    pub to: f64,
}

/// Everything one script is drawn from.
pub struct Script<'a> {
    pub pages: &'a [Page],
    pub look: Look,
    pub layout: &'a Layout,
    pub emphasis: &'a HashSet<String>,
    pub hook: Option<Hook<'a>>,
    /// A second, smaller line under each page (its translation).
    pub second_lines: Option<&'a [String]>,
}

pub fn script(s: &Script) -> String {
    let mut out = header(s);
    if let Some(hook) = &s.hook {
        let hook_look = crate::Style::Classic.look();
        let _ = writeln!(
            out,
            "Dialogue: 1,{},{},Hook,,0,0,0,,{{\\fad(150,250)}}{}",
            time(hook.from),
            time(hook.to),
            wrap_plain(&escape(hook.text), s.layout.line_chars(&hook_look))
        );
    }
    // A glow is the outline blurred (ASS styles have no blur field; the tag does it).
    let glow = match s.look.background {
        Background::Glow(_) => format!("{{\\blur{}}}", (s.layout.font_size(&s.look) / 10).max(1)),
        _ => String::new(),
    };
    for (i, page) in s.pages.iter().enumerate() {
        // A page stays until the next one starts (at most 0.6 s past its last word).
        let until = s.pages.get(i + 1).map_or(page.end() + 0.6, |n| n.start().min(page.end() + 0.6));
        let second = s.second_lines.and_then(|l| l.get(i)).filter(|l| !l.is_empty());
        let second = second.map(|l| second_line(l, s));
        let second = second.as_deref().unwrap_or("");
        let mut event = |from: f64, to: f64, text: String| {
            let _ = writeln!(out, "Dialogue: 0,{},{},Caption,,0,0,0,,{glow}{text}{second}", time(from), time(to));
        };
        match s.look.active {
            Active::Still => event(page.start(), until, words_text(page, s, None)),
            Active::Fill(_) => event(page.start(), until, karaoke(page, &s.look)),
            _ => {
                // One event per word: the page with that word shown as spoken.
                for (w, word) in page.words.iter().enumerate() {
                    let end = page.words.get(w + 1).map_or(until, |n| n.start);
                    event(word.start, end.max(word.start + 0.05), words_text(page, s, Some(w)));
                }
            }
        }
    }
    out
}

fn header(s: &Script) -> String {
    let look = &s.look;
    let layout = s.layout;
    let size = layout.font_size(look);
    let mut out = String::new();
    let _ = write!(
        out,
        "[Script Info]\nScriptType: v4.00+\nPlayResX: {}\nPlayResY: {}\nWrapStyle: 2\nScaledBorderAndShadow: yes\n\n",
        layout.width, layout.height
    );
    out.push_str("[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n");
    // Karaoke fills from Secondary (not yet sung) to Primary (sung).
    let (primary, secondary) = match look.active {
        Active::Fill(colour) => (colour, look.text),
        _ => (look.text, look.text),
    };
    let size_f = size as f64;
    let (border_style, outline_colour, outline, shadow) = match look.background {
        Background::Outline(width) => (1, look.outline, (size_f * width).max(2.0), (size_f / 28.0).round()),
        Background::Glow(width) => (1, look.outline, (size_f * width).max(2.0), 0.0),
        Background::Box(colour) => (3, colour, (size_f / 6.0).round(), 0.0),
        Background::Shadow => (1, BLACK, 0.0, (size_f / 14.0).max(2.0).round()),
    };
    // A box-highlight look draws boxes only around the spoken word: the box style's
    // colour is the highlight, hidden (alpha FF) on every other word.
    let (border_style, outline_colour, outline, shadow) = match look.active {
        Active::Box(colour) => (3, colour, (size_f / 8.0).round(), 0.0),
        _ => (border_style, outline_colour, outline.round(), shadow),
    };
    let _ = writeln!(
        out,
        "Style: Caption,{},{size},{primary},{secondary},{outline_colour},{SHADOW},{},{},0,0,100,100,0,0,{border_style},{outline},{shadow},{},{m},{m},{v},1",
        look.font,
        if look.bold { -1 } else { 0 },
        if look.italic { -1 } else { 0 },
        layout.alignment(look),
        m = layout.margin_h(),
        v = layout.margin_v(look)
    );
    let hook_size = (layout.width.min(layout.height) as f64 * 0.056).round();
    let _ = writeln!(
        out,
        "Style: Hook,DejaVu Sans,{hook_size},{BLACK},{BLACK},{WHITE},{WHITE},-1,0,0,0,100,100,0,0,3,{},0,8,{m},{m},{v},1\n",
        (hook_size / 3.0).round(),
        m = layout.margin_h(),
        v = (layout.height as f64 * 0.12) as u32
    );
    out.push_str("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
    out
}

/// A style colour (`&HAABBGGRR`) as an override tag's value (`&HBBGGRR&`).
fn tag(colour: &str) -> String {
    let hex = colour.trim_start_matches("&H");
    format!("&H{}&", &hex[hex.len().saturating_sub(6)..])
}

fn cased(text: &str, case: Case) -> String {
    match case {
        Case::AsSpoken => text.to_string(),
        Case::Upper => text.to_uppercase(),
        Case::Lower => text.to_lowercase(),
    }
}

fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The page's text with word `active` (if any) drawn the look's way.
fn words_text(page: &Page, s: &Script, active: Option<usize>) -> String {
    let look = &s.look;
    if let (Active::Single(colours), Some(a)) = (look.active, active) {
        let word = escape(&cased(&page.words[a].text, look.case));
        let colour = colours[a % colours.len()];
        return format!("{{\\c{}\\fscx80\\fscy80\\t(0,80,\\fscx100\\fscy100)}}{word}", tag(colour));
    }
    let mut out = String::new();
    if matches!(look.active, Active::Box(_)) {
        out.push_str("{\\3a&HFF&}");
    }
    for (i, word) in page.words.iter().enumerate() {
        if i == page.line_break && i > 0 {
            out.push_str("\\N");
        } else if i > 0 {
            out.push(' ');
        }
        let shown = escape(&cased(&word.text, look.case));
        let is_active = active == Some(i);
        match look.active {
            Active::Pop(_) if active.is_some_and(|a| i > a) => {
                // Not spoken yet: hold its place, invisibly, so the line does not jump.
                let _ = write!(out, "{{\\alpha&HFF&}}{shown}{{\\alpha&H00&}}");
            }
            Active::Pop(colour) if is_active => {
                let _ = write!(
                    out,
                    "{{\\c{}\\fscx70\\fscy70\\t(0,90,\\fscx108\\fscy108)\\t(90,160,\\fscx100\\fscy100)}}{shown}{{\\r}}",
                    tag(colour)
                );
            }
            Active::Colour(colour) if is_active => {
                let _ = write!(out, "{{\\c{}}}{shown}{{\\r}}", tag(colour));
            }
            Active::Scale(colour, percent) if is_active => {
                let _ = write!(out, "{{\\c{}\\fscx{percent}\\fscy{percent}}}{shown}{{\\r}}", tag(colour));
            }
            Active::Underline if is_active => {
                let _ = write!(out, "{{\\c{}\\u1}}{shown}{{\\r}}", tag(WHITE));
            }
            Active::Box(_) if is_active => {
                let _ = write!(out, "{{\\3a&H00&}}{shown}{{\\3a&HFF&}}");
            }
            Active::Cycle(colours) if is_active => {
                let _ = write!(out, "{{\\c{}}}{shown}{{\\r}}", tag(colours[i % colours.len()]));
            }
            _ => match look.emphasis {
                Some(colour) if s.emphasis.contains(&key(&word.text)) => {
                    let _ = write!(out, "{{\\c{}}}{shown}{{\\c{}}}", tag(colour), tag(look.text));
                }
                _ => out.push_str(&shown),
            },
        }
    }
    out
}

fn karaoke(page: &Page, look: &Look) -> String {
    let mut out = String::new();
    for (i, word) in page.words.iter().enumerate() {
        if i == page.line_break && i > 0 {
            out.push_str("\\N");
        }
        let next = page.words.get(i + 1).map_or(word.end, |n| n.start);
        let centis = ((next - word.start) * 100.0).round().max(1.0) as u32;
        let space = if i + 1 < page.words.len() && i + 1 != page.line_break {
            " "
        } else {
            ""
        };
        let _ = write!(out, "{{\\kf{centis}}}{}{space}", escape(&cased(&word.text, look.case)));
    }
    out
}

/// The translated line: smaller, another colour, never boxed or animated.
fn second_line(text: &str, s: &Script) -> String {
    let size = (s.layout.font_size(&s.look) as f64 * SECOND_LINE_SCALE).round();
    let chars = (s.layout.line_chars(&s.look) as f64 / SECOND_LINE_SCALE) as usize;
    let text = wrap_plain(&escape(text), chars);
    format!(
        "\\N{{\\r\\fs{size}\\b0\\c{}\\3c{}\\3a&H00&\\u0}}{text}",
        tag(SECOND_LINE_COLOUR),
        tag(BLACK)
    )
}

/// ASS has no escape for braces or backslashes in text: replace them with look-alikes.
fn escape(text: &str) -> String {
    text.replace('{', "(").replace('}', ")").replace('\\', "/")
}

fn wrap_plain(text: &str, line_chars: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + word.chars().count() + 1 > line_chars {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines.join("\\N")
}

/// h:mm:ss.cc
pub fn time(seconds: f64) -> String {
    let cs = (seconds.max(0.0) * 100.0).round() as u64;
    format!("{}:{:02}:{:02}.{:02}", cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100)
}
