//! Caption pages → an ASS script that ffmpeg's `ass` filter (libass) burns in. Every
//! style animates per word from the word timings; sizes and margins scale with the
//! output so a caption looks the same at 480p and 4K.

use std::collections::HashSet;
use std::fmt::Write;

use crate::pages::Page;
use crate::Style;

/// ASS colours are &HAABBGGRR.
const WHITE: &str = "&H00FFFFFF";
const BLACK: &str = "&H00000000";
const YELLOW: &str = "&H0000E5FF";
const GREEN: &str = "&H0066FF66";
const SHADOW: &str = "&H96000000";
/// Debian's fonts-dejavu-core, which set-up installs.
const FONT: &str = "DejaVu Sans";

pub struct Layout {
    pub width: u32,
    pub height: u32,
    /// Captions in the middle of the picture (on the seam of a split-screen, where no
    /// face is) instead of near the bottom.
    pub centred: bool,
}

impl Layout {
    pub fn font_size(&self) -> u32 {
        (self.width.min(self.height) as f64 * 0.07).round() as u32
    }
    /// Characters per caption line at that size.
    pub fn line_chars(&self, style: Style) -> usize {
        let per_char = self.font_size() as f64 * if style == Style::Bold { 0.72 } else { 0.6 };
        (((self.width as f64 * 0.84) / per_char) as usize).clamp(10, 42)
    }
    /// ASS alignment: 2 bottom centre, 5 middle centre.
    fn alignment(&self) -> u8 {
        if self.centred {
            5
        } else {
            2
        }
    }
    /// Bottom margin: above the caption/like bar of vertical apps (≈ a fifth of the height).
    fn margin_v(&self) -> u32 {
        if self.centred {
            0
        } else if self.height > self.width {
            (self.height as f64 * 0.22) as u32
        } else {
            (self.height as f64 * 0.08) as u32
        }
    }
    fn margin_h(&self) -> u32 {
        (self.width as f64 * 0.08) as u32
    }
}

pub struct Hook<'a> {
    pub text: &'a str,
    pub seconds: f64,
}

pub fn script(pages: &[Page], style: Style, layout: &Layout, emphasis: &HashSet<String>, hook: Option<Hook>) -> String {
    let size = layout.font_size();
    let outline = (size as f64 / 14.0).max(2.0).round();
    let mut out = String::new();
    let _ = write!(
        out,
        "[Script Info]\nScriptType: v4.00+\nPlayResX: {}\nPlayResY: {}\nWrapStyle: 2\nScaledBorderAndShadow: yes\n\n",
        layout.width, layout.height
    );
    out.push_str("[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n");
    // Karaoke fills from Secondary (not yet sung) to Primary (sung).
    let (primary, secondary) = if style == Style::Karaoke { (YELLOW, WHITE) } else { (WHITE, WHITE) };
    let _ = writeln!(
        out,
        "Style: Caption,{FONT},{size},{primary},{secondary},{BLACK},{SHADOW},-1,0,0,0,100,100,0,0,1,{outline},{},{},{m},{m},{v},1",
        (outline / 2.0).round(),
        layout.alignment(),
        m = layout.margin_h(),
        v = layout.margin_v()
    );
    let hook_size = (size as f64 * 0.8).round();
    let _ = writeln!(
        out,
        "Style: Hook,{FONT},{hook_size},{BLACK},{BLACK},{WHITE},{WHITE},-1,0,0,0,100,100,0,0,3,{},0,8,{m},{m},{v},1\n",
        (hook_size / 3.0).round(),
        m = layout.margin_h(),
        v = (layout.height as f64 * 0.12) as u32
    );
    out.push_str("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
    if let Some(hook) = hook {
        let _ = writeln!(
            out,
            "Dialogue: 1,{},{},Hook,,0,0,0,,{{\\fad(150,250)}}{}",
            time(0.0),
            time(hook.seconds),
            wrap_plain(&escape(hook.text), layout.line_chars(Style::Classic))
        );
    }
    for (i, page) in pages.iter().enumerate() {
        // A page stays until the next one starts (at most 0.6 s past its last word).
        let until = pages.get(i + 1).map_or(page.end() + 0.6, |n| n.start().min(page.end() + 0.6));
        match style {
            Style::Classic => {
                let _ = writeln!(
                    out,
                    "Dialogue: 0,{},{},Caption,,0,0,0,,{}",
                    time(page.start()),
                    time(until),
                    text(page, style, emphasis, None)
                );
            }
            Style::Karaoke => {
                let _ = writeln!(
                    out,
                    "Dialogue: 0,{},{},Caption,,0,0,0,,{}",
                    time(page.start()),
                    time(until),
                    karaoke(page)
                );
            }
            Style::Bold | Style::Pop => {
                // One event per word: the page with that word lit.
                for (w, word) in page.words.iter().enumerate() {
                    let end = page.words.get(w + 1).map_or(until, |n| n.start);
                    let _ = writeln!(
                        out,
                        "Dialogue: 0,{},{},Caption,,0,0,0,,{}",
                        time(word.start),
                        time(end.max(word.start + 0.05)),
                        text(page, style, emphasis, Some(w))
                    );
                }
            }
        }
    }
    out
}

fn text(page: &Page, style: Style, emphasis: &HashSet<String>, active: Option<usize>) -> String {
    let mut out = String::new();
    for (i, word) in page.words.iter().enumerate() {
        if i == page.line_break && i > 0 {
            out.push_str("\\N");
        } else if i > 0 {
            out.push(' ');
        }
        let shown = if style == Style::Bold {
            word.text.to_uppercase()
        } else {
            word.text.clone()
        };
        let shown = escape(&shown);
        let key: String = word
            .text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match (style, active) {
            (Style::Pop, Some(a)) if i > a => {
                // Not spoken yet: hold its place, invisibly, so the line does not jump.
                let _ = write!(out, "{{\\alpha&HFF&}}{shown}{{\\alpha&H00&}}");
            }
            (Style::Pop, Some(a)) if i == a => {
                let _ = write!(
                    out,
                    "{{\\c{YELLOW}\\fscx70\\fscy70\\t(0,90,\\fscx108\\fscy108)\\t(90,160,\\fscx100\\fscy100)}}{shown}{{\\r}}"
                );
            }
            (Style::Bold, Some(a)) if i == a => {
                let _ = write!(out, "{{\\c{YELLOW}}}{shown}{{\\r}}");
            }
            _ if emphasis.contains(&key) => {
                let _ = write!(out, "{{\\c{GREEN}}}{shown}{{\\r}}");
            }
            _ => out.push_str(&shown),
        }
    }
    out
}

fn karaoke(page: &Page) -> String {
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
        let _ = write!(out, "{{\\kf{centis}}}{}{space}", escape(&word.text));
    }
    out
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
