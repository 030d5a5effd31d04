//! Enumerations in speech: "three things…" announces a list of three; "First, …",
//! "The second is…", "Two, …", "Finally, …" mark its items. A list is complete when an
//! item reaches the announced count (or says it is the last), so a clip can tell a
//! list it finishes from one it stops in the middle of.

use reelcut_transcript::Word;

use crate::lexicon::{self as lex, contains};

/// The item index that means "the last one" ("finally", "lastly").
pub const LAST: u8 = u8::MAX;

const COUNTS: &[(&str, u8)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
];
const ORDINALS: &[(&str, u8)] = &[
    ("first", 1),
    ("firstly", 1),
    ("second", 2),
    ("secondly", 2),
    ("third", 3),
    ("thirdly", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("finally", LAST),
    ("lastly", LAST),
];

fn value(table: &[(&str, u8)], token: &str) -> Option<u8> {
    table.iter().find(|(w, _)| *w == token).map(|&(_, v)| v)
}

fn cardinal(token: &str) -> Option<u8> {
    if token == "one" {
        return Some(1);
    }
    value(COUNTS, token).or_else(|| token.parse::<u8>().ok().filter(|n| (1..=20).contains(n)))
}

/// The count a sentence announces ("three things", "4 ideas"); 0 when none.
pub fn announced(tokens: &[String]) -> u8 {
    tokens
        .windows(2)
        .find_map(|w| cardinal(&w[0]).filter(|&n| n >= 2 && contains(lex::LIST_NOUNS, &w[1])))
        .unwrap_or(0)
}

/// The item a sentence starts: an ordinal among its first words ("The second is…",
/// "And finally…"), "number two", or a bare count first and set off by a comma ("Two,
/// write it down"); 0 when none. "Three weeks later…" is not an item.
pub fn item(words: &[Word], tokens: &[String]) -> u8 {
    let head = &tokens[..tokens.len().min(4)];
    // An ordinal at the head, after at most "and", "so", "but" and "the": "our first
    // customers" is no list item.
    let lead = head
        .iter()
        .take_while(|t| matches!(t.as_str(), "and" | "so" | "but" | "the"))
        .count();
    if let Some(n) = head.get(lead).and_then(|t| value(ORDINALS, t)) {
        return n;
    }
    if let Some(i) = head.iter().position(|t| t == "number" || t == "step") {
        if let Some(n) = head.get(i + 1).and_then(|t| cardinal(t)) {
            return n;
        }
    }
    let set_off = words.first().is_some_and(|w| w.text.ends_with([',', ':']));
    match tokens.first().and_then(|t| cardinal(t)) {
        Some(n) if set_off => n,
        _ => 0,
    }
}

/// For sentences given as (announced count, item index): `None` when no numbered
/// list begins here, else whether the list that begins is finished. A list announced
/// but told without numbered items ("three shortcuts: press slash…, hold shift…")
/// cannot be judged from its words and counts as `None`.
pub fn completes(marks: impl Iterator<Item = (u8, u8)>) -> Option<bool> {
    let mut expected: Option<u8> = None;
    let mut numbered = false;
    let mut done = false;
    for (count, item) in marks {
        match expected {
            None if count > 0 => expected = Some(count),
            None if item == 1 => (expected, numbered) = (Some(0), true),
            Some(want) if item > 0 => {
                numbered = true;
                if item != 1 {
                    done = item == LAST || (want > 0 && item >= want) || (want == 0 && item >= 3);
                }
            }
            _ => {}
        }
    }
    expected.filter(|_| numbered).map(|_| done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(lex::normalise).collect()
    }

    #[test]
    fn announced_lists_finish_at_their_count() {
        assert_eq!(announced(&toks("There are four ideas I want you to keep")), 4);
        assert_eq!(announced(&toks("Three weeks later he called")), 0);
        let w = |t: &str| Word {
            text: t.into(),
            start: 0.0,
            end: 0.1,
            probability: 1.0,
        };
        assert_eq!(item(&[w("Two,"), w("write")], &toks("Two, write")), 2);
        assert_eq!(item(&[w("Three"), w("weeks")], &toks("Three weeks")), 0);
        assert_eq!(item(&[w("And"), w("the"), w("fourth")], &toks("And the fourth")), 4);
        assert_eq!(item(&[w("One"), w("of"), w("our"), w("first")], &toks("One of our first")), 0);
        assert_eq!(completes([(4, 0), (0, 1), (0, 2), (0, 3)].into_iter()), Some(false));
        assert_eq!(completes([(4, 0), (0, 1), (0, 2), (0, 3), (0, 4)].into_iter()), Some(true));
        assert_eq!(completes([(0, 1), (0, 2), (0, LAST)].into_iter()), Some(true));
        assert_eq!(completes([(0, 0), (0, 2)].into_iter()), None);
        // Announced, then told without numbers: nothing to judge.
        assert_eq!(completes([(3, 0), (0, 0), (0, 0)].into_iter()), None);
    }
}
