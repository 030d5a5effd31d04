//! Plans written by a text model. A brief (a request, not a script or an outline —
//! those are used as written and never paraphrased away) goes to the configured
//! OpenAI-compatible server (`llm.url`), which answers with the storyboard as JSON.
//! Each answer is checked before it is used: it must parse into scenes, pass the plan's
//! own validation, roughly fill the length asked for, and put on screen no number that
//! the brief (or an attached document) does not give — the model may phrase, it may
//! not invent figures. An unusable answer is asked for again (three tries in all); after
//! that, and with no server configured, the model-free planner plans and the notes say
//! which one did. The embedded SmolLM2-135M is not asked: at that size it cannot hold a
//! storyboard together (its answers are hooks-sized), so templates are the better
//! fallback.

use reelcut_llm::{Ask, Backend};
use serde::Deserialize;

use crate::plan::{Scene, Storyboard, Visual};
use crate::planner::{self, Brief, PromptForm};

/// Speaking rate the length check assumes (words a second, Piper joe at 1.0).
const WORDS_PER_SECOND: f64 = 2.6;
const TRIES: usize = 3;

/// What the model is asked to return.
#[derive(Debug, Deserialize)]
struct Draft {
    title: String,
    scenes: Vec<Scene>,
}

const SYSTEM: &str = r#"You write storyboards for short narrated explainer videos. Answer with one JSON object and nothing else:
{"title": string, "scenes": [{"narration": string, "visual": VISUAL}]}
VISUAL is one of:
{"kind":"title_card","title":string,"subtitle":string|null}
{"kind":"key_point","text":string,"label":string|null}
{"kind":"bullet_list","heading":string|null,"items":[string]}
{"kind":"big_number","value":string,"label":string}
{"kind":"quote","text":string,"attribution":string|null}
{"kind":"comparison","left_title":string,"left":string,"right_title":string,"right":string}
{"kind":"call_to_action","text":string}
Rules: the first scene is a title_card; narration is what the voice says, one to three short sentences; on-screen text is short (under 12 words); use only facts and numbers the brief gives — never invent statistics, names or figures."#;

/// The text model plans are asked of: the configured server, when there is one.
pub fn backend(settings: &reelcut_core::settings::LlmSettings) -> Option<Backend> {
    settings.enabled().then(|| Backend::Remote(settings.clone()))
}

/// The storyboard for `brief`: the model's when one is configured, the brief is a
/// request, and an answer passes the checks; the model-free planner's otherwise.
pub async fn plan(brief: &Brief, backend: Option<&Backend>) -> Storyboard {
    let mut offline = planner::plan(brief);
    let Some(backend @ Backend::Remote(_)) = backend else {
        return offline;
    };
    if !matches!(planner::form(&brief.prompt), PromptForm::Brief { .. }) {
        return offline;
    }
    let target = offline.target_duration.unwrap_or(45.0);
    let source = format!("{}\n{}", brief.prompt, brief.source_text.as_deref().unwrap_or(""));
    let user = format!(
        "Brief: {}\n{}Length: about {target:.0} seconds of narration (about {} words in all), {} scenes or so.",
        brief.prompt.trim(),
        brief
            .source_text
            .as_deref()
            .map(|t| format!("Source material:\n{}\n", t.chars().take(4_000).collect::<String>()))
            .unwrap_or_default(),
        (target * WORDS_PER_SECOND).round(),
        (target / 8.0).round().clamp(3.0, 12.0),
    );
    let ask = Ask {
        system: SYSTEM,
        user: &user,
        max_tokens: 1_500,
        temperature: 0.3,
        json: true,
    };
    // The notes the model-free planner wrote about having no model do not apply.
    offline.notes.retain(|n| !n.starts_with("No text model"));
    let check = |draft: &Draft| usable(draft, &offline, &source, target);
    match backend.structured::<Draft>(&ask, TRIES, check).await {
        Some(draft) => {
            let mut board = board_of(&draft, &offline);
            board.notes.push(format!(
                "The text model ({}) wrote the script from your brief; every number on screen comes from the brief.",
                backend.name()
            ));
            board
        }
        None => {
            let mut board = planner::plan(brief);
            board.notes.push(format!(
                "The text model ({}) gave no usable storyboard in {TRIES} tries, so the plan comes from templates.",
                backend.name()
            ));
            board
        }
    }
}

/// The draft's title and scenes with the brief's settings (orientation, style, voice,
/// length) and the planner's notes.
fn board_of(draft: &Draft, settings: &Storyboard) -> Storyboard {
    Storyboard {
        title: draft.title.trim().to_string(),
        scenes: draft.scenes.clone(),
        ..settings.clone()
    }
}

/// Why a draft cannot be used, if it cannot.
fn usable(draft: &Draft, settings: &Storyboard, source: &str, target: f64) -> Result<(), String> {
    let board = board_of(draft, settings);
    board.validate().map_err(|e| e.to_string())?;
    if board.scenes.len() < 2 {
        return Err("a storyboard needs at least two scenes".into());
    }
    if let Some((i, _)) = board
        .scenes
        .iter()
        .enumerate()
        .find(|(_, s)| matches!(s.visual, Visual::Media { .. }))
    {
        return Err(format!("scene {i} shows a file, and none was attached"));
    }
    let words = board.script().split_whitespace().count() as f64;
    let wanted = target * WORDS_PER_SECOND;
    if !(0.6 * wanted..=1.5 * wanted).contains(&words) {
        return Err(format!("{words:.0} words of narration for about {wanted:.0}"));
    }
    let given = numbers(source);
    let mut shown = vec![board.title.clone()];
    for scene in &board.scenes {
        shown.extend(on_screen(&scene.visual));
    }
    for text in &shown {
        if let Some(n) = numbers(text).into_iter().find(|n| !given.contains(n)) {
            return Err(format!("\u{201c}{n}\u{201d} is on screen but not in the brief"));
        }
    }
    Ok(())
}

/// Every piece of text a visual puts on screen.
fn on_screen(visual: &Visual) -> Vec<String> {
    let opt = |o: &Option<String>| o.clone().into_iter();
    match visual {
        Visual::TitleCard { title, subtitle } => std::iter::once(title.clone()).chain(opt(subtitle)).collect(),
        Visual::KeyPoint { text, .. } => vec![text.clone()],
        Visual::BulletList { heading, items } => opt(heading).chain(items.iter().cloned()).collect(),
        Visual::BigNumber { value, label } => vec![value.clone(), label.clone()],
        Visual::Quote { text, attribution } => std::iter::once(text.clone()).chain(opt(attribution)).collect(),
        Visual::Comparison {
            left_title,
            left,
            right_title,
            right,
        } => vec![left_title.clone(), left.clone(), right_title.clone(), right.clone()],
        Visual::Chart { title, bars } => std::iter::once(title.clone())
            .chain(bars.iter().map(|b| format!("{} {}", b.label, b.value)))
            .collect(),
        Visual::Media { caption, .. } => opt(caption).collect(),
        Visual::CallToAction { text } => vec![text.clone()],
    }
}

/// The numbers in `text`, as digits only ("40%" and "40 percent" → "40", "1,250" → "1250").
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if (c == ',' || c == '.') && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit) {
            if c == '.' {
                current.push('.');
            }
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_digits() {
        assert_eq!(numbers("40% of 1,250 users in 2024, 3.5x faster"), ["40", "1250", "2024", "3.5"]);
        assert!(numbers("no figures here").is_empty());
    }
}
