//! Transcript exports: JSON, SRT and WebVTT. Cues follow sentences, split further so
//! each stays readable (≤ 84 characters, ≤ 7 s).

use crate::sentences::{ends_sentence, next_text};
use crate::transcript::{Transcript, Word};

const MAX_CUE_CHARS: usize = 84;
const MAX_CUE_SECONDS: f64 = 7.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Srt,
    Vtt,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(Format::Json),
            "srt" => Ok(Format::Srt),
            "vtt" => Ok(Format::Vtt),
            other => Err(format!("unknown format `{other}` (expected json, srt or vtt)")),
        }
    }
}

pub fn render(transcript: &Transcript, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(transcript).expect("transcript serialises") + "\n",
        Format::Srt => srt(&cues(&transcript.words)),
        Format::Vtt => vtt(&cues(&transcript.words)),
    }
}

pub struct Cue {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

pub fn cues(words: &[Word]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut current: Vec<&Word> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(first) = current.first() {
            let chars: usize = current.iter().map(|w| w.text.chars().count() + 1).sum::<usize>() + word.text.chars().count();
            if chars > MAX_CUE_CHARS || word.end - first.start > MAX_CUE_SECONDS {
                // Break after the last clause mark (leaving at least three words), so a
                // cue does not end in the middle of a phrase; else break here.
                let phrase_end = current
                    .iter()
                    .rposition(|w| w.text.ends_with([',', ';', ':', '—']))
                    .filter(|&i| i + 1 >= 3);
                let keep = phrase_end.map_or(current.len(), |i| i + 1);
                let carried: Vec<&Word> = current.split_off(keep);
                push_cue(&current, &mut cues);
                current = carried;
            }
        }
        current.push(word);
        if ends_sentence(&word.text, next_text(words, i)) {
            push_cue(&current, &mut cues);
            current.clear();
        }
    }
    push_cue(&current, &mut cues);
    cues
}

fn push_cue(words: &[&Word], cues: &mut Vec<Cue>) {
    if let (Some(first), Some(last)) = (words.first(), words.last()) {
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        cues.push(Cue {
            start: first.start,
            end: last.end,
            text,
        });
    }
}

fn timestamp(seconds: f64, decimal: char) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{decimal}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

pub fn srt(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n\n",
            i + 1,
            timestamp(cue.start, ','),
            timestamp(cue.end, ','),
            cue.text
        ));
    }
    out
}

pub fn vtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for cue in cues {
        out.push_str(&format!(
            "{} --> {}\n{}\n\n",
            timestamp(cue.start, '.'),
            timestamp(cue.end, '.'),
            cue.text
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(spec: &[(&str, f64, f64)]) -> Vec<Word> {
        spec.iter()
            .map(|(t, s, e)| Word {
                text: t.to_string(),
                start: *s,
                end: *e,
                probability: 1.0,
            })
            .collect()
    }

    #[test]
    fn srt_and_vtt_shapes() {
        let w = words(&[
            ("Ask", 0.0, 0.3),
            ("not.", 0.3, 0.9),
            ("Hours", 3661.5, 3662.0),
            ("later.", 3662.0, 3662.25),
        ]);
        assert_eq!(
            srt(&cues(&w)),
            "1\n00:00:00,000 --> 00:00:00,900\nAsk not.\n\n2\n01:01:01,500 --> 01:01:02,250\nHours later.\n\n"
        );
        assert!(vtt(&cues(&w)).starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nAsk not.\n"));
    }

    /// Words `step` seconds apart, each `length` long.
    fn evenly_spaced(texts: impl Iterator<Item = String>, step: f64, length: f64) -> Vec<Word> {
        texts
            .enumerate()
            .map(|(i, text)| Word {
                text,
                start: i as f64 * step,
                end: i as f64 * step + length,
                probability: 1.0,
            })
            .collect()
    }

    #[test]
    fn cues_break_after_clauses() {
        let text = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.";
        let w = evenly_spaced(text.split(' ').map(str::to_string), 0.3, 0.25);
        let texts: Vec<String> = cues(&w).into_iter().map(|c| c.text).collect();
        assert_eq!(
            texts,
            [
                "And so my fellow Americans, ask not what your country can do for you,",
                "ask what you can do for your country."
            ]
        );
    }

    #[test]
    fn long_sentences_split_into_readable_cues() {
        let w = evenly_spaced((0..40).map(|i| format!("word{i}")), 0.4, 0.3);
        let c = cues(&w);
        assert!(c.len() > 2);
        assert!(c
            .iter()
            .all(|c| c.text.len() <= MAX_CUE_CHARS && c.end - c.start <= MAX_CUE_SECONDS));
    }
}
