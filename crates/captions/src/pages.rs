//! Caption pages: the few words on screen at once. A page ends at a sentence end, a
//! clause mark once it holds a few words, a pause, or when two lines are full; a page
//! is split into at most two lines near its middle, preferring a clause mark.

use reelcut_transcript::Word;

/// A pause this long (s) always turns the page.
const PAUSE_S: f64 = 0.5;
/// Clause marks turn the page once it has this many words.
const MIN_WORDS_AT_CLAUSE: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Words with times relative to the clip's start.
    pub words: Vec<Word>,
    /// Index in `words` where the second line starts (== len for one line).
    pub line_break: usize,
}

impl Page {
    pub fn start(&self) -> f64 {
        self.words[0].start
    }
    pub fn end(&self) -> f64 {
        self.words[self.words.len() - 1].end
    }
}

fn clause_end(text: &str) -> bool {
    text.ends_with([',', ';', ':', '—', '–'])
}

/// Splits `words` into pages of at most `lines` (1 or 2) lines of `line_chars` characters.
pub fn pages(words: &[Word], line_chars: usize, lines: usize) -> Vec<Page> {
    let lines = lines.clamp(1, 2);
    let mut out = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let chars = |ws: &[Word]| ws.iter().map(|w| w.text.chars().count() + 1).sum::<usize>();
    for (i, word) in words.iter().enumerate() {
        if !current.is_empty() && chars(&current) + word.text.chars().count() > lines * line_chars {
            out.push(finish(std::mem::take(&mut current), line_chars, lines));
        }
        current.push(word.clone());
        let next_pause = words.get(i + 1).is_some_and(|n| n.start - word.end >= PAUSE_S);
        let turn = reelcut_transcript::sentences::ends_sentence(&word.text, reelcut_transcript::sentences::next_text(words, i))
            || (clause_end(&word.text) && current.len() >= MIN_WORDS_AT_CLAUSE)
            || next_pause;
        if turn {
            out.push(finish(std::mem::take(&mut current), line_chars, lines));
        }
    }
    if !current.is_empty() {
        out.push(finish(current, line_chars, lines));
    }
    out
}

fn finish(words: Vec<Word>, line_chars: usize, lines: usize) -> Page {
    let total: usize = words.iter().map(|w| w.text.chars().count() + 1).sum();
    if lines == 1 || total <= line_chars + 1 || words.len() < 2 {
        let n = words.len();
        return Page { words, line_break: n };
    }
    // The break that best balances the two lines, with a bonus after a clause mark.
    let mut best = (f64::MAX, words.len());
    let mut left = 0usize;
    for i in 1..words.len() {
        left += words[i - 1].text.chars().count() + 1;
        let right = total - left;
        if left > line_chars + 1 || right > line_chars + 1 {
            continue;
        }
        let mut cost = (left as f64 - right as f64).abs();
        if clause_end(&words[i - 1].text) {
            cost -= 6.0;
        }
        if cost < best.0 {
            best = (cost, i);
        }
    }
    if best.1 == words.len() {
        // No balanced break fits: break where the first line fills up.
        let mut used = 0;
        best.1 = words
            .iter()
            .position(|w| {
                used += w.text.chars().count() + 1;
                used > line_chars + 1
            })
            .unwrap_or(words.len())
            .max(1);
    }
    Page { words, line_break: best.1 }
}

/// The translation's words shared out over the original's pages: each goes to the page
/// on screen at its midpoint (a page lasts until the next begins), so the second line
/// says what the first line says, give or take the word order of two languages.
pub fn spread(pages: &[Page], translated: &[Word]) -> Vec<String> {
    let mut lines = vec![Vec::<&str>::new(); pages.len()];
    if pages.is_empty() {
        return Vec::new();
    }
    for word in translated {
        let mid = (word.start + word.end) / 2.0;
        let page = pages.iter().rposition(|p| p.start() <= mid).unwrap_or(0);
        lines[page].push(word.text.as_str());
    }
    lines.into_iter().map(|l| l.join(" ")).collect()
}

/// Test words: one every `step` seconds, each `length` long.
#[cfg(test)]
pub(crate) fn spaced_words(text: &str, step: f64, length: f64) -> Vec<Word> {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.into(),
            start: i as f64 * step,
            end: i as f64 * step + length,
            probability: 1.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word> {
        spaced_words(text, 0.3, 0.25)
    }

    #[test]
    fn pages_turn_at_sentences_and_clauses_and_fit_two_lines() {
        let p = pages(
            &words("Why do startups die? It is not money, and it is not competition at all, my friends."),
            16,
            2,
        );
        let texts: Vec<String> = p
            .iter()
            .map(|p| p.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(texts[0], "Why do startups die?");
        assert_eq!(texts[1], "It is not money,");
        let one_line = pages(&words("It is not money, and it is not competition at all, my friends."), 16, 1);
        assert!(one_line.iter().all(|p| p.line_break == p.words.len()));
        assert!(one_line
            .iter()
            .all(|p| p.words.iter().map(|w| w.text.len() + 1).sum::<usize>() <= 17));
        for page in &p {
            let (a, b) = page.words.split_at(page.line_break);
            for line in [a, b] {
                assert!(line.iter().map(|w| w.text.len() + 1).sum::<usize>() <= 17, "{page:?}");
            }
        }
    }

    #[test]
    fn translation_follows_the_pages() {
        let original = pages(&words("Warum scheitern Startups? Es ist nicht das Geld."), 30, 1);
        assert_eq!(original.len(), 2);
        let translated = spaced_words("Why do startups fail? It is not the money.", 0.25, 0.2);
        let lines = spread(&original, &translated);
        assert_eq!(lines, vec!["Why do startups fail?", "It is not the money."]);
    }
}
