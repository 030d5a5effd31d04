//! From Whisper tokens to words, following faster-whisper so the two agree: tokens are
//! grouped into words (a space, a punctuation mark or a new code point starts one),
//! each word's start/end comes from the DTW path's token jumps, over-long words at
//! sentence ends are clipped, punctuation is attached to its word, and hyphen pieces
//! (`well` + `-known`) are joined.

use crate::transcript::Word;

/// Python's `string.punctuation`; faster-whisper tests membership as a substring.
const ASCII_PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const PREPEND_PUNCTUATION: &str = "\"'“¿([{-";
const APPEND_PUNCTUATION: &str = "\"'.。,，!！?？:：”)]}、";
const SENTENCE_END_MARKS: &str = ".。!！?？";

pub struct TokenPiece {
    pub id: usize,
    pub text: String,
}

/// A word before timing: its text (with its leading space, if any) and token count.
pub struct Grouped {
    pub text: String,
    pub token_count: usize,
}

pub struct Timed {
    pub text: String,
    pub start: f64,
    pub end: f64,
    pub probability: f32,
}

/// Groups tokens into words. `decode` turns ids into text; it is used to find where a
/// multi-byte character ends.
pub fn group(pieces: &[TokenPiece], spaceless_language: bool, decode: impl Fn(&[usize]) -> String) -> Vec<Grouped> {
    let mut subwords: Vec<Grouped> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    for piece in pieces {
        pending.push(piece.id);
        let decoded = decode(&pending);
        if !decoded.contains('\u{fffd}') {
            subwords.push(Grouped {
                text: decoded,
                token_count: pending.len(),
            });
            pending.clear();
        }
    }
    if !pending.is_empty() {
        subwords.push(Grouped {
            text: decode(&pending),
            token_count: pending.len(),
        });
    }
    if spaceless_language {
        return subwords;
    }
    let mut words: Vec<Grouped> = Vec::new();
    for sub in subwords {
        let starts_word = sub.text.starts_with(' ') || ASCII_PUNCTUATION.contains(sub.text.trim()) || words.is_empty();
        match words.last_mut() {
            Some(last) if !starts_word => {
                last.text.push_str(&sub.text);
                last.token_count += sub.token_count;
            }
            _ => words.push(sub),
        }
    }
    words
}

/// Times words from the alignment path `(text_token_index, frame_index)` pairs.
pub fn time_words(words: Vec<Grouped>, path: &[(usize, usize)], token_probs: &[f32], frame_seconds: f64) -> Vec<Timed> {
    // The time at which the path first reaches each token index, in order.
    let mut jump_times: Vec<f64> = Vec::new();
    let mut last_token = None;
    for &(token, frame) in path {
        if last_token != Some(token) {
            jump_times.push(frame as f64 * frame_seconds);
            last_token = Some(token);
        }
    }
    let at = |i: usize| jump_times.get(i).or(jump_times.last()).copied().unwrap_or(0.0);
    let mut boundary = 0usize;
    words
        .into_iter()
        .map(|w| {
            let (first, next) = (boundary, boundary + w.token_count);
            boundary = next;
            let probs = &token_probs[first.min(token_probs.len())..next.min(token_probs.len())];
            let probability = if probs.is_empty() {
                0.0
            } else {
                probs.iter().sum::<f32>() / probs.len() as f32
            };
            Timed {
                text: w.text,
                start: at(first),
                end: at(next),
                probability,
            }
        })
        .collect()
}

/// Clips over-long words, attaches punctuation, joins hyphen pieces, shifts to the
/// input's clock and keeps every word inside its chunk with non-decreasing times.
pub fn finish(mut timed: Vec<Timed>, offset_s: f64, chunk_end_s: f64) -> Vec<Word> {
    let median = median_duration(&timed);
    if let Some(median) = median {
        clip_long_words(&mut timed, median);
    }
    merge_punctuation(&mut timed);
    // After the merge, as faster-whisper does: a comma's own timing (which often spans
    // the pause) is gone with it.
    if let Some(median) = median {
        clip_words_after_pauses(&mut timed, median);
    }
    let mut words: Vec<Word> = Vec::new();
    for t in timed.into_iter().filter(|t| !t.text.trim().is_empty()) {
        let glued_hyphen = t.text.starts_with('-') && !words.is_empty();
        let start = (offset_s + t.start).min(chunk_end_s);
        let end = (offset_s + t.end).clamp(start, chunk_end_s);
        if glued_hyphen {
            let last = words.last_mut().expect("checked");
            last.text.push_str(t.text.trim());
            last.end = last.end.max(end);
            last.probability = last.probability.min(t.probability);
            continue;
        }
        let start = words.last().map_or(start, |w: &Word| start.max(w.start));
        words.push(Word {
            text: t.text.trim().to_string(),
            start,
            end: end.max(start),
            probability: t.probability,
        });
    }
    words
}

/// Median word duration, capped at 0.7 s as faster-whisper caps it.
fn median_duration(timed: &[Timed]) -> Option<f64> {
    let mut durations: Vec<f64> = timed.iter().map(|t| t.end - t.start).filter(|d| *d > 0.0).collect();
    if durations.is_empty() {
        return None;
    }
    durations.sort_by(f64::total_cmp);
    Some(durations[durations.len() / 2].min(0.7))
}

/// The alignment tends to let the first word after a pause swallow part of the silence
/// before it. faster-whisper trims such a word (at segment starts) to twice the median
/// word length; we apply the same rule to every word that follows a pause.
fn clip_words_after_pauses(timed: &mut [Timed], median: f64) {
    let max_duration = median * 2.0;
    let mut last_speech_end = 0.0f64;
    for word in timed.iter_mut() {
        if word.text.trim().is_empty() {
            continue;
        }
        if word.end - last_speech_end > median * 4.0 && word.end - word.start > max_duration {
            word.start = (word.end - max_duration).max(0.0);
        }
        last_speech_end = word.end;
    }
}

fn clip_long_words(timed: &mut [Timed], median: f64) {
    let max_duration = median * 2.0;
    for i in 1..timed.len() {
        if timed[i].end - timed[i].start > max_duration {
            if SENTENCE_END_MARKS.contains(timed[i].text.trim()) && !timed[i].text.trim().is_empty() {
                timed[i].end = timed[i].start + max_duration;
            } else if SENTENCE_END_MARKS.contains(timed[i - 1].text.trim()) && !timed[i - 1].text.trim().is_empty() {
                timed[i].start = timed[i].end - max_duration;
            }
        }
    }
}

fn merge_punctuation(timed: &mut [Timed]) {
    // Opening marks join the word after them.
    if timed.len() >= 2 {
        let mut i = timed.len() as isize - 2;
        let mut j = timed.len() - 1;
        while i >= 0 {
            let iu = i as usize;
            let previous = &timed[iu].text;
            if previous.starts_with(' ') && !previous.trim().is_empty() && PREPEND_PUNCTUATION.contains(previous.trim()) {
                let moved = std::mem::take(&mut timed[iu].text);
                timed[j].text = moved + &timed[j].text;
            } else {
                j = iu;
            }
            i -= 1;
        }
    }
    // Closing marks join the word before them.
    let mut i = 0;
    for j in 1..timed.len() {
        let following = timed[j].text.clone();
        if !timed[i].text.ends_with(' ') && !following.is_empty() && APPEND_PUNCTUATION.contains(following.as_str()) {
            timed[i].text.push_str(&following);
            timed[j].text.clear();
        } else {
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(texts: &[&str]) -> Vec<TokenPiece> {
        texts
            .iter()
            .enumerate()
            .map(|(id, t)| TokenPiece { id, text: t.to_string() })
            .collect()
    }

    fn decoder(texts: &'static [&'static str]) -> impl Fn(&[usize]) -> String {
        move |ids: &[usize]| ids.iter().map(|&i| texts[i]).collect()
    }

    #[test]
    fn groups_punctuation_and_hyphens_like_faster_whisper() {
        const T: &[&str] = &[" And", " so", ",", " a", " well", "-", "known", " fact", "."];
        let grouped = group(&pieces(T), false, decoder(T));
        let texts: Vec<_> = grouped.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, [" And", " so", ",", " a", " well", "-known", " fact", "."]);
        let path: Vec<(usize, usize)> = (0..=9).map(|t| (t, t * 10)).collect();
        let timed = time_words(grouped, &path, &[0.9; 9], 0.02);
        let words = finish(timed, 100.0, 200.0);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["And", "so,", "a", "well-known", "fact."]);
        assert!((words[0].start - 100.0).abs() < 1e-9);
        // "well-known" spans its three tokens: 4 → 7.
        assert!(
            (words[3].start - 100.8).abs() < 1e-9 && (words[3].end - 101.4).abs() < 1e-9,
            "{:?}",
            words[3]
        );
    }

    #[test]
    fn opening_quote_joins_the_next_word() {
        const T: &[&str] = &[" He", " said", " \"", "yes", "\""];
        let grouped = group(&pieces(T), false, decoder(T));
        let path: Vec<(usize, usize)> = (0..=5).map(|t| (t, t * 10)).collect();
        let words = finish(time_words(grouped, &path, &[0.9; 5], 0.02), 0.0, 10.0);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["He", "said", "\"yes\""]);
    }

    #[test]
    fn words_stay_inside_their_chunk_and_in_order() {
        let timed = vec![
            Timed {
                text: " a".into(),
                start: 0.0,
                end: 0.5,
                probability: 1.0,
            },
            Timed {
                text: " b".into(),
                start: 0.3,
                end: 0.4,
                probability: 1.0,
            },
            Timed {
                text: " c".into(),
                start: 9.0,
                end: 12.0,
                probability: 1.0,
            },
        ];
        let words = finish(timed, 10.0, 20.0);
        assert!(words.windows(2).all(|p| p[0].start <= p[1].start));
        assert!(words.iter().all(|w| w.end <= 20.0 && w.start <= w.end));
    }
}
