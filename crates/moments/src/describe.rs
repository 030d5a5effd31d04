//! The words around a clip, all taken from the clip itself: a title from its strongest
//! phrase, hooks, keyword tags, a one-sentence description (the sentence closest to the
//! clip's meaning), and the emotions its words and delivery carry.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::embed::{cosine, Embedding};
use crate::features::SentenceFeatures;
use crate::lexicon::{self as lex, contains};

const TITLE_MAX_WORDS: usize = 9;
const HOOK_MAX_WORDS: usize = 16;
const DESCRIPTION_MAX_WORDS: usize = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hooks {
    pub question: String,
    pub statement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Description {
    pub title: String,
    pub hooks: Hooks,
    pub tags: Vec<String>,
    pub description: String,
    /// Emotion → share (the shares sum to 1).
    pub emotions: BTreeMap<String, f32>,
}

/// How rare each word is across the talk's sentences (inverse document frequency).
pub struct Vocabulary {
    idf: HashMap<String, f32>,
}

impl Vocabulary {
    pub fn new(sentences: &[SentenceFeatures]) -> Self {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for s in sentences {
            let mut seen: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = sentences.len().max(1) as f32;
        let idf = df.into_iter().map(|(t, d)| (t.to_string(), (n / d as f32).ln() + 1.0)).collect();
        Vocabulary { idf }
    }

    fn weight(&self, token: &str) -> f32 {
        if !is_content(token) {
            return 0.0;
        }
        self.idf.get(token).copied().unwrap_or(1.0)
    }
}

fn is_content(token: &str) -> bool {
    token.chars().count() > 2
        && !contains(lex::STOPWORDS, token)
        && !contains(lex::FILLERS, token)
        && token.chars().any(|c| c.is_alphabetic())
}

pub fn describe(
    vocabulary: &Vocabulary,
    sentences: &[SentenceFeatures],
    texts: &[&str],
    embeddings: &[Embedding],
    centroid: &Embedding,
) -> Description {
    let tags = keywords(vocabulary, sentences);
    let title = title(vocabulary, sentences, texts);
    let hooks = hooks(sentences, texts);
    let central = (0..sentences.len())
        .max_by(|&a, &b| cosine(&embeddings[a], centroid).total_cmp(&cosine(&embeddings[b], centroid)))
        .unwrap_or(0);
    let description = trim_words(texts[central], DESCRIPTION_MAX_WORDS, true);
    Description {
        title,
        hooks,
        tags,
        description,
        emotions: emotions(sentences),
    }
}

/// 3–6 keywords: content words weighted by how often the clip uses them and how rare
/// they are in the rest of the talk.
fn keywords(vocabulary: &Vocabulary, sentences: &[SentenceFeatures]) -> Vec<String> {
    let mut score: HashMap<&str, f32> = HashMap::new();
    for t in sentences.iter().flat_map(|s| &s.tokens) {
        let w = vocabulary.weight(t);
        if w > 0.0 {
            *score.entry(t.as_str()).or_default() += w;
        }
    }
    let mut ranked: Vec<(&str, f32)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let mut tags: Vec<String> = Vec::new();
    for (word, _) in ranked {
        // "model" and "models" are one tag.
        if tags.iter().any(|t| t.trim_end_matches('s') == word.trim_end_matches('s')) {
            continue;
        }
        tags.push(word.to_string());
        if tags.len() == 6 {
            break;
        }
    }
    tags
}

/// The clip's strongest phrase: a clause of 3–9 words, scored by its keywords and its
/// hook cues, earlier phrases preferred.
fn title(vocabulary: &Vocabulary, sentences: &[SentenceFeatures], texts: &[&str]) -> String {
    let mut best: Option<(f32, String)> = None;
    for (i, (s, text)) in sentences.iter().zip(texts).enumerate() {
        for phrase in clauses(text) {
            let words: Vec<&str> = phrase.split_whitespace().collect();
            let words = strip_leading_connectors(&words);
            if words.len() < 3 {
                continue;
            }
            let shown = &words[..words.len().min(TITLE_MAX_WORDS)];
            let tokens: Vec<String> = shown.iter().map(|w| lex::normalise(w)).collect();
            let mut value: f32 = tokens.iter().map(|t| vocabulary.weight(t)).sum::<f32>() / (shown.len() as f32).sqrt();
            value += 1.5 * tokens.iter().filter(|t| contains(lex::BOLD_CLAIMS, t)).count() as f32;
            if s.question {
                value += 1.5;
            }
            value -= 0.15 * i as f32;
            if best.as_ref().is_none_or(|(b, _)| value > *b) {
                best = Some((value, shown.join(" ")));
            }
        }
    }
    let raw = best
        .map(|(_, t)| t)
        .unwrap_or_else(|| trim_words(texts.first().copied().unwrap_or(""), TITLE_MAX_WORDS, false));
    headline(&raw)
}

fn hooks(sentences: &[SentenceFeatures], texts: &[&str]) -> Hooks {
    let question = sentences
        .iter()
        .zip(texts)
        .find(|(s, _)| s.question)
        .map(|(_, t)| trim_words(t, HOOK_MAX_WORDS, true));
    let statement_index = (0..sentences.len()).filter(|&i| !sentences[i].question).max_by_key(|&i| {
        let s = &sentences[i];
        // Bold claims and numbers first, then earlier sentences.
        (
            s.bold_claims * 3 + s.numbers * 2 + s.direct_address + usize::from(s.exclamation) * 2,
            usize::MAX - i,
        )
    });
    let statement = statement_index
        .map(|i| trim_words(texts[i], HOOK_MAX_WORDS, true))
        .unwrap_or_else(|| trim_words(texts[0], HOOK_MAX_WORDS, true));
    let question = question.unwrap_or_else(|| {
        let body = statement.trim_end_matches(['.', '!', '…']);
        format!("Did you know {}?", lower_first(body))
    });
    Hooks {
        question: capitalise(strip_leading_phrase(&question)),
        statement: capitalise(strip_leading_phrase(&statement)),
    }
}

fn emotions(sentences: &[SentenceFeatures]) -> BTreeMap<String, f32> {
    let mut counts: BTreeMap<String, f32> = BTreeMap::new();
    for (emotion, cues) in lex::EMOTIONS {
        let n = sentences.iter().flat_map(|s| &s.tokens).filter(|t| contains(cues, t)).count();
        if n > 0 {
            counts.insert((*emotion).to_string(), n as f32);
        }
    }
    let words: f32 = sentences.iter().map(|s| s.words as f32).sum::<f32>().max(1.0);
    let arousal = sentences.iter().map(|s| s.arousal() * s.words as f32).sum::<f32>() / words;
    if arousal > 0.5 {
        *counts.entry("excitement".into()).or_default() += 2.0 * arousal;
    }
    if sentences.iter().any(|s| s.laughter) {
        *counts.entry("humor".into()).or_default() += 2.0;
    }
    let mut ranked: Vec<(String, f32)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(3);
    let total: f32 = ranked.iter().map(|(_, v)| v).sum();
    if total <= 0.0 {
        return BTreeMap::from([("neutral".to_string(), 1.0)]);
    }
    ranked.into_iter().map(|(e, v)| (e, (v / total * 100.0).round() / 100.0)).collect()
}

fn clauses(text: &str) -> Vec<String> {
    text.split([',', ';', ':', '—', '–'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_leading_connectors<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    let skip = words
        .iter()
        .take_while(|w| {
            let t = lex::normalise(w);
            contains(lex::DANGLING_OPENERS, &t) || contains(lex::FILLERS, &t) || t == "well" || t == "now" || t == "okay"
        })
        .count();
    &words[skip..]
}

fn strip_leading_phrase(text: &str) -> &str {
    let words: Vec<&str> = text.split_whitespace().collect();
    let kept = strip_leading_connectors(&words);
    if kept.len() < 3 {
        return text;
    }
    let dropped = words.len() - kept.len();
    let mut rest = text;
    for _ in 0..dropped {
        rest = rest.trim_start().split_once(char::is_whitespace).map_or("", |(_, r)| r);
    }
    rest.trim_start()
}

/// At most `max` words; cut ones get an ellipsis unless they end a clause.
fn trim_words(text: &str, max: usize, keep_end_mark: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= max {
        return if keep_end_mark {
            text.trim().to_string()
        } else {
            text.trim().trim_end_matches(['.', ',', ';', ':']).to_string()
        };
    }
    let cut = words[..max].join(" ");
    format!("{}…", cut.trim_end_matches(['.', ',', ';', ':', '!', '?']))
}

fn headline(raw: &str) -> String {
    let trimmed = raw.trim().trim_end_matches(['.', ',', ';', ':', '!']);
    capitalise(trimmed)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return String::new() };
    // Keep "I", acronyms and names (a capital followed by another capital or a known name is unknowable; keep "I").
    let second_upper = text.chars().nth(1).is_some_and(char::is_uppercase);
    if first == 'I' && text.chars().nth(1).is_none_or(|c| !c.is_alphabetic()) || second_upper {
        return text.to_string();
    }
    first.to_lowercase().collect::<String>() + chars.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_headlines() {
        assert_eq!(trim_words("one two three four", 3, true), "one two three…");
        assert_eq!(headline("the secret of compound interest."), "The secret of compound interest");
        assert_eq!(strip_leading_phrase("and so the answer is yes"), "the answer is yes");
        assert_eq!(lower_first("I think so"), "I think so");
        assert_eq!(lower_first("Most people fail"), "most people fail");
    }
}
