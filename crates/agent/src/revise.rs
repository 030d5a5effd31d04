//! A chat turn on a storyboard: approve it, or change it ("make scene 2 shorter", "use
//! the retro style", "portrait please", "make it 30 seconds", "drop scene 4"), or answer
//! the planner's question with the points to cover. What cannot be done is said, never
//! guessed at.

use crate::plan::{Orientation, Storyboard};
use crate::planner::{self, Brief, PromptForm};
use crate::styles;

#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    /// Render the storyboard as it stands.
    Approve,
    /// A changed storyboard, with what changed in words.
    Revised { plan: Storyboard, summary: String },
    /// Nothing to change; the reply says what the agent can do.
    Unclear { reply: String },
}

const APPROVALS: &[&str] = &[
    "looks good",
    "go ahead",
    "approve",
    "approved",
    "render it",
    "generate",
    "go",
    "yes",
    "ok",
    "okay",
    "proceed",
    "ship it",
    "perfect",
    "lgtm",
    "do it",
];

pub fn turn(plan: &Storyboard, message: &str) -> Turn {
    let lower = message.trim().to_lowercase();
    let bare = lower.trim_end_matches(['.', '!']);
    if APPROVALS.contains(&bare) || APPROVALS.iter().any(|a| a.contains(' ') && bare.contains(a)) {
        return Turn::Approve;
    }
    if let PromptForm::Outline { .. } | PromptForm::Script { .. } = planner::form(message) {
        let mut replanned = planner::plan(&Brief {
            prompt: message.to_string(),
            orientation: Some(plan.orientation),
            style_id: Some(plan.style_id.clone()),
            voice_id: Some(plan.voice_id.clone()),
            duration: plan.target_duration,
            ..Brief::default()
        });
        replanned.notes.retain(|n| !n.starts_with("No orientation"));
        return Turn::Revised {
            summary: format!("Rebuilt the storyboard from your text: {} scenes.", replanned.scenes.len()),
            plan: replanned,
        };
    }
    let mut next = plan.clone();
    let mut changes = Vec::new();
    if let Some(style) = styles::named_in(&lower).filter(|s| s.style_id != plan.style_id) {
        next.style_id = style.style_id.to_string();
        changes.push(format!("style is now {}", style.name));
    }
    if let Some(o) = planner::orientation_in(&lower).filter(|o| *o != plan.orientation) {
        next.orientation = o;
        changes.push(format!("orientation is now {}", o.as_str()));
    }
    if let Some(seconds) = planner::duration_in(&lower) {
        next.target_duration = Some(seconds);
        changes.push(format!("aiming for {seconds:.0} s"));
    }
    if let Some(n) = scene_number(&lower) {
        match scene_change(&mut next, n, &lower) {
            Ok(change) => changes.push(change),
            Err(reply) => return Turn::Unclear { reply },
        }
    } else if ["shorter", "tighter", "trim"].iter().any(|w| lower.contains(w)) && !changes.iter().any(|c| c.starts_with("aiming")) {
        let now = plan.target_duration.unwrap_or(0.0);
        if now > 0.0 {
            next.target_duration = Some((now * 0.8).round());
            changes.push(format!("aiming for {:.0} s", now * 0.8));
        } else {
            for scene in next.scenes.iter_mut() {
                scene.narration = first_sentence(&scene.narration);
            }
            changes.push("every scene keeps only its first sentence".into());
        }
    }
    if lower.contains("voice") && !changes.iter().any(|c| c.contains("voice")) && reelcut_voice::VOICES.len() == 1 {
        return Turn::Unclear {
            reply: format!(
                "Only one narration voice is installed ({}), so the voice cannot change yet.",
                reelcut_voice::VOICES[0].name
            ),
        };
    }
    if changes.is_empty() {
        return Turn::Unclear {
            reply: "I can change the style (e.g. \u{201c}use the retro style\u{201d}), the orientation, the length \
                    (\u{201c}make it 30 seconds\u{201d}), shorten or drop a scene (\u{201c}make scene 2 shorter\u{201d}), \
                    or rebuild the storyboard from a list of points. Say \u{201c}go\u{201d} to render it as it is."
                .into(),
        };
    }
    Turn::Revised {
        summary: format!("Changed: {}.", changes.join("; ")),
        plan: next,
    }
}

/// "scene 2", "the second scene", "scene two".
fn scene_number(lower: &str) -> Option<usize> {
    const ORDINALS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    ];
    const NUMBERS: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        if *w == "scene" {
            if let Some(next) = words.get(i + 1) {
                if let Ok(n) = next.parse::<usize>() {
                    return Some(n);
                }
                if let Some(k) = NUMBERS.iter().position(|x| x == next) {
                    return Some(k + 1);
                }
            }
            if let Some(prev) = i.checked_sub(1).and_then(|j| words.get(j)) {
                if let Some(k) = ORDINALS.iter().position(|x| x == prev) {
                    return Some(k + 1);
                }
                if *prev == "last" {
                    return Some(usize::MAX);
                }
            }
        }
    }
    None
}

fn scene_change(plan: &mut Storyboard, n: usize, lower: &str) -> Result<String, String> {
    let count = plan.scenes.len();
    let index = if n == usize::MAX { count - 1 } else { n.wrapping_sub(1) };
    if index >= count {
        return Err(format!("There is no scene {n}: the storyboard has {count} scenes."));
    }
    if ["remove", "drop", "delete", "cut", "skip"].iter().any(|w| lower.contains(w)) {
        if count == 1 {
            return Err("That is the only scene; a video needs at least one.".into());
        }
        plan.scenes.remove(index);
        return Ok(format!("scene {} removed", index + 1));
    }
    if ["shorter", "shorten", "tighter", "trim", "less"].iter().any(|w| lower.contains(w)) {
        let scene = &mut plan.scenes[index];
        let short = first_sentence(&scene.narration);
        if short == scene.narration.trim() {
            let clause = short
                .split([',', ';'])
                .next()
                .unwrap_or(&short)
                .trim()
                .trim_end_matches('.')
                .to_string();
            if clause == short.trim_end_matches('.') {
                return Err(format!(
                    "Scene {} is already a single short line; say \u{201c}drop scene {}\u{201d} to remove it.",
                    index + 1,
                    index + 1
                ));
            }
            scene.narration = format!("{clause}.");
        } else {
            scene.narration = short;
        }
        scene.duration = None;
        return Ok(format!("scene {} is shorter", index + 1));
    }
    Err(format!(
        "What should change in scene {}? I can make it shorter or drop it.",
        index + 1
    ))
}

fn first_sentence(text: &str) -> String {
    reelcut_voice::sentences(text)
        .into_iter()
        .next()
        .unwrap_or_else(|| text.to_string())
}

/// Orientation named in a message, if any (re-exported for the API's auto detection).
pub fn orientation(message: &str) -> Option<Orientation> {
    planner::orientation_in(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board() -> Storyboard {
        planner::plan(&Brief {
            prompt: "Launch notes\n- Sync works offline. It queues every change.\n- Conflicts keep both versions\n- It is 40% faster"
                .into(),
            ..Brief::default()
        })
    }

    #[test]
    fn revisions_change_what_was_asked_and_nothing_else() {
        let plan = board();
        assert_eq!(turn(&plan, "Looks good!"), Turn::Approve);
        let Turn::Revised { plan: retro, .. } = turn(&plan, "use the retro style") else {
            panic!()
        };
        assert_eq!(retro.style_id, "retro-tech");
        assert_eq!(retro.scenes, plan.scenes);
        let Turn::Revised { plan: short, summary } = turn(&plan, "make scene 2 shorter") else {
            panic!()
        };
        assert_eq!(short.scenes[1].narration, "Sync works offline.", "{summary}");
        let Turn::Revised { plan: fewer, .. } = turn(&plan, "drop the last scene") else {
            panic!()
        };
        assert_eq!(fewer.scenes.len(), plan.scenes.len() - 1);
        assert!(matches!(turn(&plan, "change the voice"), Turn::Unclear { .. }));
        assert!(matches!(turn(&plan, "scene 9 shorter"), Turn::Unclear { .. }));
        let Turn::Revised { plan: timed, .. } = turn(&plan, "make it 30 seconds, portrait") else {
            panic!()
        };
        assert_eq!((timed.target_duration, timed.orientation), (Some(30.0), Orientation::Portrait));
    }
}
