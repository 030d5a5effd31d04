//! The planner that needs no model. It handles the prompts people actually send:
//!
//! - an **outline** (bullet or numbered lines): one scene per point, in order, the
//!   point's own words on screen and in the voice;
//! - a **script** (sentences to be read): read as written, a scene per two or three
//!   sentences, a short line of each on screen;
//! - a **brief** ("a 45-second explainer on why our app syncs offline, upbeat,
//!   portrait"): the topic and settings are read from it, but with no model there is no
//!   one to write the content, so the video states the topic and the notes say so
//!   (nothing invented ever goes on screen).

use crate::plan::{Orientation, Scene, Storyboard, Visual};
use crate::styles;

/// What the user asked for, before planning.
#[derive(Debug, Clone, Default)]
pub struct Brief {
    pub prompt: String,
    pub orientation: Option<Orientation>,
    pub style_id: Option<String>,
    pub voice_id: Option<String>,
    pub duration: Option<f64>,
    /// Text taken from attached documents (PDF pages), used as source material.
    pub source_text: Option<String>,
    /// Attached pictures and clips (file names in the plan's media folder).
    pub media: Vec<String>,
}

/// What kind of prompt this is.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptForm {
    Outline { heading: Option<String>, points: Vec<String> },
    Script { sentences: Vec<String> },
    Brief { topic: String },
}

pub fn form(prompt: &str) -> PromptForm {
    let lines: Vec<&str> = prompt.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let points: Vec<String> = lines.iter().filter_map(|l| bullet_text(l)).collect();
    if points.len() >= 2 {
        let heading = lines
            .first()
            .filter(|l| bullet_text(l).is_none())
            .map(|l| l.trim_end_matches(':').to_string());
        return PromptForm::Outline { heading, points };
    }
    let sentences = reelcut_voice::sentences(prompt);
    let words = prompt.split_whitespace().count();
    if sentences.len() >= 3 && words >= 35 && !is_request(prompt) {
        return PromptForm::Script { sentences };
    }
    PromptForm::Brief { topic: topic_of(prompt) }
}

/// The text of a bullet or numbered line ("- x", "* x", "• x", "1. x", "2) x").
fn bullet_text(line: &str) -> Option<String> {
    let rest = if let Some(r) = line.strip_prefix(['-', '*', '•', '–']) {
        r
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let after = &line[digits..];
        match (digits, after.chars().next()) {
            (1..=2, Some('.' | ')' | ':')) => &after[1..],
            _ => return None,
        }
    };
    let text = rest.trim();
    text.chars().any(char::is_alphanumeric).then(|| text.to_string())
}

/// A prompt that asks for a video rather than being its words.
fn is_request(prompt: &str) -> bool {
    let lower = prompt.to_lowercase();
    [
        "make a",
        "create a",
        "generate a",
        "i want a",
        "i need a",
        "video about",
        "video on",
        "explainer on",
        "explainer about",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// The topic of a brief: what follows "about", "on" or "explaining", up to the first
/// comma; else the prompt's first clause.
fn topic_of(prompt: &str) -> String {
    // ASCII lowering keeps every byte where it was, so positions found in it slice the
    // prompt itself (full Unicode lowering can change lengths).
    let lower = prompt.to_ascii_lowercase();
    let start = [" about ", " on ", " explaining ", " showing ", " for "]
        .iter()
        .filter_map(|k| lower.find(k).map(|i| i + k.len()))
        .min()
        .unwrap_or(0);
    let rest = &prompt[start..];
    let end = rest.find([',', '.', ';', '\n']).unwrap_or(rest.len());
    let topic = rest[..end].trim();
    let topic = if topic.is_empty() { prompt.trim() } else { topic };
    capitalise(topic)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Ends a line with a full stop so the voice closes it.
fn spoken(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Seconds in a brief ("45-second", "30 s", "1 minute", "90 sec").
pub fn duration_in(prompt: &str) -> Option<f64> {
    let lower = prompt.to_lowercase().replace('-', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let unit = |u: &str| {
            words
                .get(i + 1)
                .is_some_and(|n| n.trim_matches(|c: char| !c.is_alphabetic()).starts_with(u))
        };
        let (number, suffix) = w.split_at(w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len()));
        let Ok(n) = number.parse::<f64>() else { continue };
        let seconds = match suffix {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(n),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(n * 60.0),
            "" if unit("sec") || unit("s") => Some(n),
            "" if unit("min") => Some(n * 60.0),
            _ => None,
        };
        if let Some(s) = seconds.filter(|s| (5.0..=600.0).contains(s)) {
            return Some(s);
        }
    }
    None
}

/// Orientation a prompt names, if any.
pub fn orientation_in(prompt: &str) -> Option<Orientation> {
    let lower = prompt.to_lowercase();
    let has = |w: &str| lower.split(|c: char| !c.is_alphanumeric() && c != ':').any(|x| x == w);
    if has("portrait") || has("vertical") || has("9:16") || has("tiktok") || has("reels") || has("shorts") {
        Some(Orientation::Portrait)
    } else if has("landscape") || has("horizontal") || has("16:9") || has("youtube") {
        Some(Orientation::Landscape)
    } else {
        None
    }
}

/// The offline storyboard for a brief.
pub fn plan(brief: &Brief) -> Storyboard {
    let form = form(&brief.prompt);
    let mut notes = Vec::new();
    let duration = brief.duration.or_else(|| duration_in(&brief.prompt));
    let orientation = brief.orientation.or_else(|| orientation_in(&brief.prompt)).unwrap_or_else(|| {
        // Short social briefs are watched on phones; anything longer or a script is
        // more likely a presentation.
        let auto = if duration.is_some_and(|d| d <= 60.0) && matches!(form, PromptForm::Brief { .. }) {
            Orientation::Portrait
        } else {
            Orientation::Landscape
        };
        notes.push(format!("No orientation given: {} (auto).", auto.as_str()));
        auto
    });
    let style = brief
        .style_id
        .as_deref()
        .and_then(styles::find)
        .or_else(|| styles::named_in(&brief.prompt))
        .unwrap_or_else(|| styles::find(styles::DEFAULT_STYLE).expect("the default style exists"));
    let (title, scenes) = match form {
        PromptForm::Outline { heading, points } => outline(heading, &points, &mut notes),
        PromptForm::Script { sentences } => script(&sentences, &mut notes),
        PromptForm::Brief { topic } => bare_brief(&topic, brief.source_text.as_deref(), &mut notes),
    };
    let mut scenes = scenes;
    for (n, file) in brief.media.iter().enumerate() {
        // Attached pictures go behind the scenes in order, after the opening.
        if let Some(scene) = scenes.get_mut(n + 1) {
            let caption = on_screen_line(&scene.narration);
            scene.visual = Visual::Media {
                file: file.clone(),
                caption: Some(caption),
            };
        }
    }
    Storyboard {
        title,
        orientation,
        style_id: style.style_id.to_string(),
        voice_id: brief.voice_id.clone().unwrap_or_else(|| reelcut_voice::DEFAULT_VOICE.to_string()),
        target_duration: duration,
        scenes,
        notes,
    }
}

fn outline(heading: Option<String>, points: &[String], notes: &mut Vec<String>) -> (String, Vec<Scene>) {
    let title = heading.clone().unwrap_or_else(|| format!("{} things to know", points.len()));
    let mut scenes = vec![Scene {
        narration: spoken(&heading.unwrap_or_else(|| format!("Here are {} points.", points.len()))),
        visual: Visual::TitleCard {
            title: title.clone(),
            subtitle: None,
        },
        duration: None,
    }];
    for (i, point) in points.iter().enumerate() {
        let visual = match big_number(point) {
            Some((value, label)) => Visual::BigNumber { value, label },
            None => Visual::KeyPoint {
                text: point.trim_end_matches('.').to_string(),
                label: Some(format!("{} / {}", i + 1, points.len())),
            },
        };
        scenes.push(Scene {
            narration: spoken(point),
            visual,
            duration: None,
        });
    }
    if points.len() <= 8 {
        scenes.push(Scene {
            narration: "To recap.".into(),
            visual: Visual::BulletList {
                heading: Some("Recap".into()),
                items: points.iter().map(|p| short(p, 7)).collect(),
            },
            duration: None,
        });
    }
    notes.push(format!(
        "Read your outline as {} points, one scene each, in your words and your order.",
        points.len()
    ));
    (title, scenes)
}

fn script(sentences: &[String], notes: &mut Vec<String>) -> (String, Vec<Scene>) {
    let title = short(&sentences[0], 8);
    let mut scenes = Vec::new();
    let mut group: Vec<&str> = Vec::new();
    let mut words = 0;
    for s in sentences {
        group.push(s);
        words += s.split_whitespace().count();
        // About 35 words (~12 s of speech) a scene.
        if words >= 28 || group.len() == 3 {
            scenes.push(script_scene(&group, scenes.is_empty(), &title));
            group.clear();
            words = 0;
        }
    }
    if !group.is_empty() {
        scenes.push(script_scene(&group, scenes.is_empty(), &title));
    }
    notes.push(format!("Used your text as the script, word for word, in {} scenes.", scenes.len()));
    (title, scenes)
}

fn script_scene(group: &[&str], first: bool, title: &str) -> Scene {
    let narration = group.join(" ");
    let visual = if first {
        Visual::TitleCard {
            title: title.to_string(),
            subtitle: None,
        }
    } else if let Some((value, label)) = group.iter().find_map(|s| big_number(s)) {
        Visual::BigNumber { value, label }
    } else if let Some(q) = group.iter().find_map(|s| quoted(s)) {
        Visual::Quote {
            text: q,
            attribution: None,
        }
    } else {
        Visual::KeyPoint {
            text: on_screen_line(&narration),
            label: None,
        }
    };
    Scene {
        narration,
        visual,
        duration: None,
    }
}

fn bare_brief(topic: &str, source: Option<&str>, notes: &mut Vec<String>) -> (String, Vec<Scene>) {
    if let Some(text) = source.filter(|t| reelcut_voice::sentences(t).len() >= 2) {
        notes.push("Built the script from the attached document's own sentences.".into());
        let sentences: Vec<String> = reelcut_voice::sentences(text).into_iter().take(12).collect();
        let (_, scenes) = script(&sentences, notes);
        return (topic.to_string(), scenes);
    }
    notes.push(format!(
        "No text model is configured and the prompt gives no points or script, so the video states the topic (\u{201c}{topic}\u{201d}) \
         and nothing else — no facts were invented. Send the points to cover (a bulleted list works) or configure an LLM server."
    ));
    let scenes = vec![
        Scene {
            narration: spoken(topic),
            visual: Visual::TitleCard {
                title: topic.to_string(),
                subtitle: None,
            },
            duration: None,
        },
        Scene {
            narration: "Here is what you need to know.".into(),
            visual: Visual::KeyPoint {
                text: topic.to_string(),
                label: None,
            },
            duration: None,
        },
    ];
    (topic.to_string(), scenes)
}

/// A number worth showing big ("40%", "3x", "$2 million", "10,000") and the words around it.
fn big_number(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let i = words.iter().position(|w| {
        let digits = w.chars().filter(char::is_ascii_digit).count();
        digits > 0 && (w.contains('%') || w.starts_with(['$', '€', '£']) || digits >= 2 && !w.contains(':'))
    })?;
    let value = words[i]
        .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | '(' | ')'))
        .to_string();
    Some((value, short(text, 12)))
}

fn quoted(text: &str) -> Option<String> {
    let open = text.find(['"', '\u{201c}'])?;
    let rest = &text[open + text[open..].chars().next()?.len_utf8()..];
    let close = rest.find(['"', '\u{201d}'])?;
    let q = rest[..close].trim();
    (q.split_whitespace().count() >= 3).then(|| q.to_string())
}

/// A line for the screen: the narration's first clause, at most 12 words.
fn on_screen_line(narration: &str) -> String {
    let first = reelcut_voice::sentences(narration).into_iter().next().unwrap_or_default();
    short(&first, 12)
}

/// At most `n` words, the end trimmed of punctuation.
fn short(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words[..words.len().min(n)].join(" ");
    if words.len() > n {
        out.push('…');
    }
    out.trim_end_matches(['.', ',', ';', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_keeps_every_point_in_order() {
        let prompt = "Why offline sync matters:\n- Notes save on the phone first\n- Sync resumes when you reconnect\n\
                      - Conflicts keep both versions\n- 40% fewer support tickets\n- Works on planes\n- Battery friendly";
        let PromptForm::Outline { heading, points } = form(prompt) else {
            panic!("not an outline")
        };
        assert_eq!(heading.as_deref(), Some("Why offline sync matters"));
        assert_eq!(points.len(), 6);
        let board = plan(&Brief {
            prompt: prompt.into(),
            ..Default::default()
        });
        let spoken: Vec<&str> = board.scenes[1..7].iter().map(|s| s.narration.as_str()).collect();
        assert_eq!(spoken[0], "Notes save on the phone first.");
        assert_eq!(spoken[5], "Battery friendly.");
        assert!(matches!(&board.scenes[4].visual, Visual::BigNumber { value, .. } if value == "40%"));
        board.validate().unwrap();
    }

    #[test]
    fn a_script_is_read_as_written() {
        let prompt = "Most teams lose work when the network drops. Our app saves every change on the phone first. \
                      When the connection comes back, changes sync in the order they were made. \
                      If two people edit the same note, both versions are kept. Nothing is ever lost.";
        let board = plan(&Brief {
            prompt: prompt.into(),
            ..Default::default()
        });
        assert_eq!(board.script(), prompt.split_whitespace().collect::<Vec<_>>().join(" "));
        assert_eq!(board.orientation, Orientation::Landscape);
    }

    #[test]
    fn briefs_in_any_script_are_read_without_slicing_inside_a_character() {
        let board = plan(&Brief {
            prompt: "İİİ a video about Ünïcödé İstanbul, portrait".into(),
            ..Default::default()
        });
        assert_eq!(board.title, "Ünïcödé İstanbul");
    }

    #[test]
    fn a_brief_sets_length_orientation_and_style_and_invents_nothing() {
        let brief = Brief {
            prompt: "a 45-second explainer on why our app syncs offline, upbeat, cinematic".into(),
            ..Default::default()
        };
        let board = plan(&brief);
        assert_eq!(board.target_duration, Some(45.0));
        assert_eq!(board.orientation, Orientation::Portrait);
        assert_eq!(board.style_id, "cinematic-dark");
        assert_eq!(board.title, "Why our app syncs offline");
        assert!(board.notes.iter().any(|n| n.contains("no facts were invented")));
        assert_eq!(duration_in("a 2 minute video"), Some(120.0));
        assert_eq!(duration_in("30 s teaser"), Some(30.0));
    }
}
