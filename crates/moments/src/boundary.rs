//! Clip edges: on word edges, padded into the silence around them so the first
//! consonant and the last word's tail are never clipped, and never into a neighbour word.

use reelcut_speech::Word;

/// Lead-in before the first word (ASR word starts are accurate to ~0.1 s).
const PAD_BEFORE_S: f64 = 0.25;
/// Tail after the last word: word ends come out early more often than late, and a
/// trailing breath sounds natural where a clipped syllable does not.
const PAD_AFTER_S: f64 = 0.4;
/// Keep this far from a neighbouring word.
const GUARD_S: f64 = 0.05;

/// (start, end) for a clip whose speech runs from word `first` to word `last`.
pub fn snap(words: &[Word], first: usize, last: usize, media_duration: f64) -> (f64, f64) {
    let speech_start = words[first].start;
    let speech_end = words[last].end;
    let floor = if first > 0 { words[first - 1].end + GUARD_S } else { 0.0 };
    let ceiling = words.get(last + 1).map_or(media_duration.max(speech_end), |w| w.start - GUARD_S);
    // Never inside a neighbour, never inside our own first/last word.
    let start = (speech_start - PAD_BEFORE_S).max(floor).min(speech_start).max(0.0);
    let end = (speech_end + PAD_AFTER_S).min(ceiling).max(speech_end);
    (round_ms(start), round_ms(end))
}

fn round_ms(t: f64) -> f64 {
    (t * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: f64, end: f64) -> Word {
        Word {
            text: "x".into(),
            start,
            end,
            probability: 1.0,
        }
    }

    #[test]
    fn pads_into_silence_but_not_into_neighbours() {
        let words = vec![w(0.0, 1.0), w(1.1, 2.0), w(3.0, 4.0), w(4.02, 5.0)];
        // Gap of 0.1 s before word 1: the pad stops 0.05 s after word 0.
        assert_eq!(snap(&words, 1, 2, 10.0), (1.05, 4.0));
        // Words that touch: no pad, but never inside the word itself.
        assert_eq!(snap(&words, 3, 3, 10.0), (4.02, 5.4));
        assert_eq!(snap(&words, 0, 0, 10.0), (0.0, 1.05));
        assert_eq!(snap(&words, 3, 3, 5.1), (4.02, 5.1));
    }
}
