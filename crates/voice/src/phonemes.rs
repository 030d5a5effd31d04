//! Text → phonemes with espeak-ng, the phonemizer Piper voices were trained on, kept
//! word by word so the model's phoneme durations become word timings.
//!
//! espeak-ng prints one IPA group per spoken word, but it sometimes joins short words
//! ("of the" → one group) or splits one ("1940" → "nineteen forty"). When the groups and
//! the written words do not pair up one to one, each word's share of the clause is its
//! own phoneme count (espeak-ng on that word alone), which keeps word edges within a
//! phoneme or two of where they are spoken.

use std::process::Command;

use crate::VoiceError;

/// One written word and the phonemes (IPA characters) that speak it.
#[derive(Debug, Clone, PartialEq)]
pub struct WordPhonemes {
    pub text: String,
    pub phonemes: Vec<char>,
}

/// A clause: its words and the punctuation that closes it (Piper feeds the mark to the
/// model, which turns it into the pause and the intonation).
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub words: Vec<WordPhonemes>,
    pub closing: Option<char>,
}

const CLAUSE_MARKS: [char; 7] = [',', ';', ':', '.', '!', '?', '—'];

/// Splits a sentence into clauses at punctuation, keeping the mark.
pub fn clauses(sentence: &str) -> Vec<(String, Option<char>)> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in sentence.chars() {
        if CLAUSE_MARKS.contains(&c) {
            if current.trim().chars().any(char::is_alphanumeric) {
                let mark = if c == '—' { ',' } else { c };
                out.push((current.trim().to_string(), Some(mark)));
            }
            current.clear();
        } else {
            current.push(c);
        }
    }
    if current.trim().chars().any(char::is_alphanumeric) {
        out.push((current.trim().to_string(), None));
    }
    out
}

/// The IPA of `text` as espeak-ng speaks it with `voice`, one group per spoken word.
pub fn ipa_groups(text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
    let output = Command::new("espeak-ng")
        .args(["-q", "--ipa", "-v", voice, "--", text])
        .output()
        .map_err(|e| VoiceError::Phonemizer(format!("cannot run espeak-ng: {e} (install Debian's espeak-ng)")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(VoiceError::Phonemizer(format!("espeak-ng -v {voice}: {}", stderr.trim())));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.split_whitespace().map(str::to_string).collect())
}

/// The written words of a clause: whitespace tokens that hold a letter or a digit.
fn written_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// Phonemizes one clause, word by word.
pub fn clause(text: &str, closing: Option<char>, voice: &str) -> Result<Clause, VoiceError> {
    let words = written_words(text);
    let groups = ipa_groups(text, voice)?;
    let paired = if groups.len() == words.len() {
        words
            .into_iter()
            .zip(groups)
            .map(|(text, g)| WordPhonemes {
                text,
                phonemes: g.chars().collect(),
            })
            .collect()
    } else {
        let counts = words
            .iter()
            .map(|w| Ok(ipa_groups(w, voice)?.iter().map(|g| g.chars().count()).sum::<usize>().max(1)))
            .collect::<Result<Vec<_>, VoiceError>>()?;
        share_out(words, &counts, &groups)
    };
    let mut paired: Vec<WordPhonemes> = paired;
    // The mark belongs to the written word before it (captions and subtitles show it).
    if let (Some(mark), Some(last)) = (closing, paired.last_mut()) {
        last.text.push(mark);
    }
    Ok(Clause { words: paired, closing })
}

/// Deals the clause's phonemes (groups joined, spaces between groups kept with the
/// word before) out to the words in proportion to each word's own phoneme count.
fn share_out(words: Vec<String>, counts: &[usize], groups: &[String]) -> Vec<WordPhonemes> {
    let all: Vec<char> = groups.join(" ").chars().collect();
    let total: usize = counts.iter().sum();
    let mut out = Vec::with_capacity(words.len());
    let (mut from, mut seen) = (0usize, 0usize);
    for (i, (text, count)) in words.into_iter().zip(counts).enumerate() {
        seen += count;
        let remaining = counts.len() - i - 1;
        let mut to = if remaining == 0 {
            all.len()
        } else {
            (all.len() * seen).div_ceil(total.max(1))
        };
        // A cut next to a group edge moves onto it, so a word keeps its own group whole.
        if let Some(space) = (to.saturating_sub(1)..(to + 2).min(all.len())).find(|&k| all[k] == ' ') {
            to = space;
        }
        // Every word keeps at least one phoneme, and leaves one for each word after it.
        let to = to.max(from + 1).min(all.len().saturating_sub(remaining)).max(from);
        let phonemes: Vec<char> = all[from..to].iter().copied().filter(|c| *c != ' ').collect();
        out.push(WordPhonemes { text, phonemes });
        from = to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_keep_their_marks() {
        let c = clauses("First, set the white balance; then shoot. Done?");
        assert_eq!(
            c,
            vec![
                ("First".to_string(), Some(',')),
                ("set the white balance".to_string(), Some(';')),
                ("then shoot".to_string(), Some('.')),
                ("Done".to_string(), Some('?')),
            ]
        );
    }

    #[test]
    fn merged_groups_are_shared_by_phoneme_count() {
        let words = vec!["out".to_string(), "of".to_string(), "the".to_string(), "box".to_string()];
        let groups = vec!["ˈaʊt".to_string(), "ʌvðə".to_string(), "bˈɑːks".to_string()];
        let got = share_out(words, &[4, 2, 2, 6], &groups);
        let texts: Vec<String> = got.iter().map(|w| w.phonemes.iter().collect()).collect();
        assert_eq!(texts.concat(), "ˈaʊtʌvðəbˈɑːks");
        assert_eq!(texts[0], "ˈaʊt");
        assert_eq!(texts[3], "bˈɑːks");
        assert!(!texts[1].is_empty() && !texts[2].is_empty(), "{texts:?}");
    }

    #[test]
    fn espeak_speaks_one_group_per_word() {
        let c = clause("Three settings fix blurry photos", Some('.'), "en-us").unwrap();
        assert_eq!(c.words.len(), 5);
        assert!(c.words.iter().all(|w| !w.phonemes.is_empty()));
        assert_eq!(c.closing, Some('.'));
    }
}
