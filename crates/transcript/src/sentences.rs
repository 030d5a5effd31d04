//! Sentences from words: a sentence ends at a word ending in terminal punctuation
//! (not an abbreviation or a decimal), or — for transcripts without punctuation — at a
//! long pause. Later stages cut clips only on these boundaries.

use crate::transcript::{Sentence, Word};

/// A pause this long ends a sentence even without punctuation — unless the word before
/// it ends a clause (`Americans,` … `ask not`): the model heard the sentence go on.
const PAUSE_ENDS_SENTENCE_S: f64 = 1.0;
/// Guard against run-on "sentences" when a model emits no punctuation and no pauses.
const MAX_WORDS_WITHOUT_PUNCTUATION: usize = 60;

const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "vs.", "etc.", "e.g.", "i.e.", "u.s.", "u.k.", "inc.", "ltd.", "co.", "mt.",
    "approx.",
];

/// The word without the closing quotes and brackets that may follow its punctuation.
fn without_closers(word: &str) -> &str {
    word.trim_end_matches(['"', '\'', '”', '’', ')', ']'])
}

/// Whether `word` ends a sentence; `next` is the word after it, if any ("No." before a
/// number abbreviates "number").
pub fn ends_sentence(word: &str, next: Option<&str>) -> bool {
    if numbers_next(word, next) {
        return false;
    }
    let trimmed = without_closers(word);
    let Some(last) = trimmed.chars().last() else { return false };
    if !matches!(last, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
        return false;
    }
    if last == '.' && ABBREVIATIONS.contains(&trimmed.to_lowercase().as_str()) {
        return false;
    }
    true
}

/// "No." abbreviates "number" only before one ("No. 5", "no. 10"); elsewhere it is the
/// answer that ends a sentence: "For most people, no."
fn numbers_next(word: &str, next: Option<&str>) -> bool {
    without_closers(word).eq_ignore_ascii_case("no.") && next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit() || c == '#'))
}

/// The text of the word after `words[i]`, for [`ends_sentence`].
pub fn next_text(words: &[Word], i: usize) -> Option<&str> {
    words.get(i + 1).map(|w| w.text.as_str())
}

fn ends_clause(word: &str) -> bool {
    without_closers(word).ends_with([',', ';', ':', '–', '—', '、', '，', '；'])
}

pub fn split(words: &[Word]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let last_word = i + 1 == words.len();
        let long_pause = !last_word && words[i + 1].start - words[i].end >= PAUSE_ENDS_SENTENCE_S && !ends_clause(&words[i].text);
        let too_long = i + 1 - first >= MAX_WORDS_WITHOUT_PUNCTUATION;
        let ends = ends_sentence(&words[i].text, next_text(words, i));
        if last_word || ends || long_pause || too_long {
            sentences.push(Sentence::of(&words[first..=i], first));
            first = i + 1;
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, start: f64) -> Word {
        Word {
            text: text.into(),
            start,
            end: start + 0.3,
            probability: 0.9,
        }
    }

    #[test]
    fn punctuation_and_abbreviations() {
        let words = vec![
            w("Dr.", 0.0),
            w("Smith", 0.4),
            w("arrived.", 0.8),
            w("Why?", 1.2),
            w("Because", 1.6),
            w("3.5", 2.0),
            w("\"yes.\"", 2.4),
        ];
        let s = split(&words);
        let texts: Vec<_> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Dr. Smith arrived.", "Why?", "Because 3.5 \"yes.\""]);
        assert_eq!(s[1].first_word, 3);
    }

    #[test]
    fn no_ends_a_sentence_unless_a_number_follows() {
        let words = vec![
            w("For", 0.0),
            w("most,", 0.4),
            w("no.", 0.8),
            w("Room", 1.2),
            w("No.", 1.6),
            w("5.", 2.0),
        ];
        let texts: Vec<_> = split(&words).into_iter().map(|s| s.text).collect();
        assert_eq!(texts, ["For most, no.", "Room No. 5."]);
        // The same rule for every caller that asks word by word (captions, subtitles).
        assert!(!ends_sentence("No.", Some("5")));
        assert!(ends_sentence("no.", Some("Room")));
        assert!(ends_sentence("no.", None));
    }

    #[test]
    fn pauses_split_unpunctuated_speech() {
        let words = vec![w("so", 0.0), w("here", 0.4), w("we", 2.0), w("go", 2.4)];
        let s = split(&words);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].text, "we go");
    }

    #[test]
    fn a_pause_after_a_comma_does_not_end_the_sentence() {
        let words = vec![w("Americans,", 0.0), w("ask", 1.4), w("not.", 1.8)];
        assert_eq!(split(&words).len(), 1);
    }
}
