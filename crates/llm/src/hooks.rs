//! Hook lines without a model: the clip's strongest line, cut to what reads in a few
//! seconds, set in a frame of words that belongs to the tone. The line is always the
//! speaker's own (nothing is invented); the frame is what makes `humorous` read
//! differently from `calm`. A model backend, when configured, rewrites the whole line
//! for the tone instead — and falls back to this when its answer is unusable.

use crate::{Ask, Backend, Tone};

/// The most words the clip's own line keeps (a hook must read in about three seconds).
pub const HOOK_WORDS: usize = 10;

/// What a hook is written from.
pub struct HookSource<'a> {
    /// The clip's sentences, in order.
    pub sentences: &'a [String],
    /// The moment's own hook question (may be empty).
    pub question: &'a str,
    /// Words that steer the choice of line (comma- or space-separated); optional.
    pub keywords: Option<&'a str>,
}

/// The hook line for `tone`.
pub fn write(source: &HookSource, tone: Tone) -> String {
    let (whole, question) = strongest_line(source);
    let keyword = missing_keyword(source, &whole);
    let line = shorten(&whole);
    let line = match keyword {
        Some(k) => format!("{}: {}", capitalised(&k), lower_first(&line)),
        None => line,
    };
    frame(&line, question, tone)
}

/// A hook line and who wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub text: String,
    /// A model wrote it (else the extractive writer did).
    pub by_model: bool,
}

/// The instructions, with one worked example: small models copy the form of an answer
/// far better than they follow a description of it. Everything that does not change
/// between clips is here, so the embedded model reads it once (its prefix cache).
pub const SYSTEM: &str = "You rewrite a line from a video as a short on-screen hook in the tone you are given. \
Keep its meaning and its key words. Never add facts, numbers or names. \
Answer with the hook only: one line of at most 12 words.\n\n\
Example.\nLine: Most diets fail because they are far too strict.\n\
Hook (humorous): Your diet failed? Blame the strict rules, not the cake.";

/// The hook for `tone`: the clip's strongest line (as [`write`] picks it) rephrased by
/// `backend` for the tone; the extractive line when the model's answers are not usable
/// (see [`acceptable`]) after a few tries.
pub async fn write_with(backend: &Backend, source: &HookSource<'_>, tone: Tone) -> Written {
    let (line, _) = strongest_line(source);
    let user = prompt(&line, source.keywords, tone);
    for attempt in 0..TRIES {
        let ask = Ask {
            system: SYSTEM,
            user: &user,
            max_tokens: 32,
            temperature: if attempt == 0 { 0.2 } else { 0.8 },
            json: false,
        };
        let reply = match backend.complete(&ask).await {
            Ok(reply) => reply,
            Err(e) => {
                tracing::warn!(error = %e, "the text model failed; writing the hook from the transcript");
                break;
            }
        };
        let hook = first_line(&reply);
        match acceptable(&hook, source) {
            Ok(()) => {
                return Written {
                    text: hook,
                    by_model: true,
                }
            }
            Err(why) => tracing::debug!(attempt, %why, reply, "unusable hook, asking again"),
        }
    }
    Written {
        text: write(source, tone),
        by_model: false,
    }
}

/// How many answers a model gets to write a usable hook.
const TRIES: usize = 2;

/// The answer's first line (up to its first sentence end past a few words) without
/// quotes or a "Hook:" label.
fn first_line(reply: &str) -> String {
    let line = reply.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let cut = line
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?') && line[..i].split_whitespace().count() >= 3)
        .map(|(i, c)| i + c.len_utf8())
        .next()
        .unwrap_or(line.len());
    let line = &line[..cut];
    let line = line.strip_prefix("Hook:").or_else(|| line.strip_prefix("hook:")).unwrap_or(line);
    line.trim().trim_matches(|c| c == '"' || c == '*').trim().to_string()
}

/// The user message for a hook: the line to rewrite, the tone, the keywords.
pub fn prompt(line: &str, keywords: Option<&str>, tone: Tone) -> String {
    let steer = keywords.map(|k| format!(" Mention: {k}.")).unwrap_or_default();
    format!("Line: {line}\nHook ({}, at most 12 words{steer}):", tone.name())
}

/// Words that say nothing about a clip's subject.
const STOPWORDS: &[&str] = &[
    "this", "that", "these", "those", "there", "their", "they", "them", "then", "than", "what", "when", "where", "which", "with",
    "without", "your", "yours", "have", "been", "being", "will", "would", "could", "should", "about", "just", "like", "more", "most",
    "some", "very", "really", "into", "from", "here", "only", "also", "because", "every",
];

/// Whether a model's hook may go on screen: one finished line of 3–16 words that does
/// not talk about itself, is not a copy of the line it rewrites but says something that
/// line says (a content word of it or of the keywords), and has no number the clip
/// never said.
pub fn acceptable(hook: &str, source: &HookSource) -> Result<(), String> {
    let hook = hook.trim().trim_matches('"');
    let words: Vec<String> = hook.split_whitespace().map(normal).filter(|w| !w.is_empty()).collect();
    if !(3..=16).contains(&words.len()) || hook.contains('\n') {
        return Err(format!("{} words", words.len()));
    }
    let lower = hook.to_lowercase();
    let meta = [
        "transcript",
        "hook",
        "json",
        "{",
        "tone",
        "this is a",
        "here is a",
        "line:",
        "example",
    ];
    if meta.iter().any(|w| lower.contains(w)) {
        return Err("talks about the task".into());
    }
    if hook.ends_with([':', ',', ';']) {
        return Err("unfinished".into());
    }
    let (line, _) = strongest_line(source);
    // A copy of the line is not a rewrite for the tone: the extractive writer's framed
    // line says the same and does change with the tone.
    let said: Vec<String> = line.split_whitespace().map(normal).collect();
    let copied = words.iter().filter(|w| said.contains(w)).count();
    if copied * 10 >= words.len() * 9 {
        return Err("copies the line".into());
    }
    let content = |w: &String| w.chars().count() >= 4 && !STOPWORDS.contains(&w.as_str());
    let subject: Vec<String> = line
        .split_whitespace()
        .chain(source.keywords.unwrap_or("").split(|c: char| c == ',' || c.is_whitespace()))
        .map(normal)
        .filter(content)
        .collect();
    if !words
        .iter()
        .any(|w| subject.iter().any(|s| s == w || (s.len() > 4 && w.starts_with(&s[..s.len() - 1]))))
    {
        return Err("says nothing the clip's line says".into());
    }
    let clip: Vec<String> = source.sentences.iter().flat_map(|s| s.split_whitespace()).map(normal).collect();
    if let Some(n) = words.iter().find(|w| w.chars().any(|c| c.is_ascii_digit()) && !clip.contains(w)) {
        return Err(format!("a number the clip never said: {n}"));
    }
    Ok(())
}

fn keywords(source: &HookSource) -> Vec<String> {
    source
        .keywords
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(normal)
        .filter(|k| k.len() > 2)
        .collect()
}

fn normal(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The line to build on and whether it is a question. With
/// keywords, the line that mentions most of them; otherwise the moment's question when
/// it is short, else the first sentence of a readable length.
fn strongest_line(source: &HookSource) -> (String, bool) {
    let wanted = keywords(source);
    let mut candidates: Vec<&str> = Vec::new();
    if !source.question.trim().is_empty() {
        candidates.push(source.question.trim());
    }
    candidates.extend(source.sentences.iter().map(|s| s.trim()).filter(|s| !s.is_empty()));
    let score = |(i, line): (usize, &&str)| -> (usize, i64) {
        let words: Vec<String> = line.split_whitespace().map(normal).collect();
        let hits = wanted.iter().filter(|k| words.iter().any(|w| w.starts_with(k.as_str()))).count();
        let readable = (4..=14).contains(&words.len());
        // Earlier lines win ties: a hook promises what the clip opens with.
        (hits * 4 + usize::from(readable) * 2, -(i as i64))
    };
    let best = candidates
        .iter()
        .enumerate()
        .max_by_key(|c| score(*c))
        .map(|(_, l)| *l)
        .unwrap_or("Watch this");
    let question = best.trim_end().ends_with('?');
    (best.to_string(), question)
}

/// At most `HOOK_WORDS` words, cut after a clause mark when there is one in reach.
fn shorten(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut kept: Vec<&str> = words.iter().take(HOOK_WORDS).copied().collect();
    if words.len() > HOOK_WORDS {
        if let Some(cut) = kept.iter().rposition(|w| w.ends_with([',', ';', ':', '—'])).filter(|&c| c >= 3) {
            kept.truncate(cut + 1);
        }
    }
    let joined = kept.join(" ");
    let trimmed = joined.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '%' && c != '\'');
    let mut out = trimmed.to_string();
    if words.len() > kept.len() {
        out.push('…');
    }
    out
}

/// The first keyword the line does not mention already, to put in front of it.
fn missing_keyword(source: &HookSource, line: &str) -> Option<String> {
    let words: Vec<String> = line.split_whitespace().map(normal).collect();
    keywords(source)
        .into_iter()
        .find(|k| !words.iter().any(|w| w.starts_with(k.as_str())))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Lower-cases the first letter unless the word looks like a name or "I".
fn lower_first(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    let keep = first == "I" || first.starts_with("I'") || first.chars().skip(1).any(char::is_uppercase);
    if keep {
        return text.to_string();
    }
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The tone's frame around the line.
fn frame(line: &str, question: bool, tone: Tone) -> String {
    let end = if line.ends_with('…') {
        ""
    } else if question {
        "?"
    } else {
        "."
    };
    let lower = lower_first(line);
    match tone {
        Tone::Serious => format!("Here is what matters: {lower}{end}"),
        Tone::Casual => format!("Okay, real talk: {lower}{end}"),
        Tone::Informative => format!("Worth knowing: {lower}{end}"),
        Tone::Conversational => format!("Can I tell you something? {line}{end}"),
        Tone::Humorous => format!("{line}{end} Yes, really. We checked twice."),
        Tone::Parody => format!("BREAKING: local expert reveals {lower}{end}"),
        Tone::Inspirational => format!("{line}{end} This can change everything."),
        Tone::Dramatic => format!("Nobody saw this coming… {lower}{end}"),
        Tone::Empathetic => format!("If this is you, you are not alone: {lower}{end}"),
        Tone::Persuasive => format!("Stop scrolling. {line}{end} Here is why."),
        Tone::Neutral => format!("{line}{end}"),
        Tone::Excited => format!("Wait for it: {}!", line.to_uppercase()),
        Tone::Calm => format!("Take a breath. {line}{end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences() -> Vec<String> {
        [
            "Why do most new habits fail within a month?",
            "It is not a lack of willpower.",
            "It is that we try to change too much at once, and then we give up on all of it.",
            "When I picked one habit and made it tiny, two minutes a day, it stuck for a whole year.",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn every_tone_writes_different_words_from_the_clip() {
        let s = sentences();
        let source = HookSource {
            sentences: &s,
            question: "Why do most new habits fail within a month?",
            keywords: None,
        };
        let hooks: Vec<String> = Tone::all().map(|t| write(&source, t)).collect();
        assert_eq!(hooks.len(), 13);
        for (i, a) in hooks.iter().enumerate() {
            assert!(a.to_lowercase().contains("habits fail"), "{a}");
            for b in &hooks[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(write(&source, Tone::Neutral), "Why do most new habits fail within a month?");
        assert_eq!(
            write(&source, Tone::Casual),
            "Okay, real talk: why do most new habits fail within a month?"
        );
    }

    #[test]
    fn a_model_hook_must_be_about_the_clip() {
        let s = sentences();
        let source = HookSource {
            sentences: &s,
            question: "",
            keywords: None,
        };
        assert!(acceptable("Tiny habits beat willpower every single time", &source).is_ok());
        assert!(acceptable("Here is your hook in JSON", &source).is_err());
        assert!(acceptable("Cats are wonderful pets for everyone", &source).is_err(), "off topic");
        assert!(acceptable("90% of habits fail in a month", &source).is_err(), "an invented number");
        assert!(acceptable("Habits", &source).is_err(), "too short");
        assert!(
            acceptable("Why do most new habits fail within a month?", &source).is_err(),
            "a copy of the line"
        );
        assert!(acceptable("Most new habits fail for one reason:", &source).is_err(), "unfinished");
    }

    #[test]
    fn keywords_steer_the_line_and_long_lines_are_cut() {
        let s = sentences();
        let source = HookSource {
            sentences: &s,
            question: "",
            keywords: Some("tiny, year"),
        };
        let hook = write(&source, Tone::Neutral);
        assert_eq!(hook, "When I picked one habit and made it tiny…");
        assert!(hook.split_whitespace().count() <= HOOK_WORDS + 1, "{hook}");
        let steer = HookSource {
            sentences: &s,
            question: "",
            keywords: Some("sleep"),
        };
        assert!(
            write(&steer, Tone::Neutral).starts_with("Sleep: "),
            "a keyword the clip lacks leads the line"
        );
        assert_eq!(Tone::parse("Humorous"), Ok(Tone::Humorous));
        assert!(Tone::parse("sarcastic").is_err());
    }
}
