//! The voice room: narration text → speech with word timings.
//!
//! Piper's en_US-joe-medium voice (the one Piper voice a registry package ships; see
//! docs/models.md) runs in-process through ONNX Runtime; espeak-ng turns text into the
//! phonemes it was trained on. Each sentence is one model run; the model's own phoneme
//! durations place every word, so captions can follow the voice exactly.

mod phonemes;
mod piper;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use phonemes::{clauses, Clause, WordPhonemes};

#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error("voice model: {0}")]
    Model(String),
    #[error("phonemizer: {0}")]
    Phonemizer(String),
    #[error("speech synthesis failed: {0}")]
    Inference(String),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

/// The voices `voice_id` accepts, with what they speak.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct VoiceInfo {
    pub voice_id: &'static str,
    pub name: &'static str,
    pub language: &'static str,
    pub gender: &'static str,
    /// Models directory entry and file stem.
    #[serde(skip)]
    model: (&'static str, &'static str),
}

/// Every voice reelcut ships. Piper joe is the only Piper voice in a registry package.
pub const VOICES: &[VoiceInfo] = &[VoiceInfo {
    voice_id: "piper-en-us-joe",
    name: "Joe",
    language: "en-US",
    gender: "male",
    model: ("piper-joe", "en_US-joe-medium"),
}];

pub const DEFAULT_VOICE: &str = "piper-en-us-joe";

pub fn find_voice(voice_id: &str) -> Option<&'static VoiceInfo> {
    VOICES.iter().find(|v| v.voice_id == voice_id)
}

/// A word as spoken: seconds from the start of the narration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpokenWord {
    pub text: String,
    pub start: f64,
    pub end: f64,
}

/// Narration audio (mono) with its words and sentence spans.
#[derive(Debug, Clone)]
pub struct Speech {
    pub sample_rate: u32,
    pub samples: Vec<f32>,
    pub words: Vec<SpokenWord>,
    pub sentences: Vec<(f64, f64)>,
}

impl Speech {
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }

    /// 16-bit PCM WAV.
    pub fn write_wav(&self, path: &Path) -> Result<(), VoiceError> {
        let fail = |e: hound::Error| VoiceError::Write {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: self.sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(path, spec).map_err(fail)?;
        for s in &self.samples {
            writer.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16).map_err(fail)?;
        }
        writer.finalize().map_err(fail)
    }
}

/// How to speak: pace and the pause between sentences.
#[derive(Debug, Clone, Copy)]
pub struct Delivery {
    /// > 1 is slower, < 1 faster (Piper's length scale).
    pub length_scale: f32,
    pub sentence_pause: f64,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            length_scale: 1.0,
            sentence_pause: 0.3,
        }
    }
}

pub struct Voice {
    model: piper::PiperModel,
}

/// A written word and the range of model input ids that speak it (first phoneme, the
/// last phoneme's pad).
type WordSpan = (String, usize, usize);

impl Voice {
    pub fn load(models_dir: &Path, voice_id: &str) -> Result<Voice, VoiceError> {
        let info = find_voice(voice_id).ok_or_else(|| VoiceError::Model(format!("unknown voice {voice_id:?}")))?;
        Ok(Voice {
            model: piper::PiperModel::load(models_dir, info.model.0, info.model.1)?,
        })
    }

    /// Speaks `text` (any number of sentences).
    pub fn speak(&mut self, text: &str, delivery: Delivery) -> Result<Speech, VoiceError> {
        let sample_rate = self.model.sample_rate;
        let pause = vec![0.0f32; (delivery.sentence_pause * sample_rate as f64) as usize];
        let mut speech = Speech {
            sample_rate,
            samples: Vec::new(),
            words: Vec::new(),
            sentences: Vec::new(),
        };
        for sentence in sentences(text) {
            if !speech.samples.is_empty() {
                speech.samples.extend_from_slice(&pause);
            }
            let offset = speech.samples.len();
            let (ids, spans) = self.sentence_ids(&sentence)?;
            if spans.is_empty() {
                continue;
            }
            let utterance = self.model.infer(&ids, delivery.length_scale)?;
            let seconds = |sample: usize| (offset + sample.min(utterance.samples.len())) as f64 / sample_rate as f64;
            for (text, first, last) in spans {
                speech.words.push(SpokenWord {
                    text,
                    start: seconds(utterance.starts[first]),
                    end: seconds(utterance.starts[(last + 1).min(utterance.starts.len() - 1)]),
                });
            }
            speech.samples.extend_from_slice(&utterance.samples);
            speech.sentences.push((seconds(0), seconds(utterance.samples.len())));
        }
        Ok(speech)
    }

    /// The model's input for one sentence and, per word, its text and the range of
    /// input ids (first phoneme .. its last phoneme's pad) that speak it.
    fn sentence_ids(&self, sentence: &str) -> Result<(Vec<i64>, Vec<WordSpan>), VoiceError> {
        let id = |c: char| self.model.id(c);
        let (bos, eos, pad) = (id('^'), id('$'), id('_'));
        let (Some(bos), Some(eos), Some(pad)) = (bos, eos, pad) else {
            return Err(VoiceError::Model("the voice has no ^, $ or _ symbol".into()));
        };
        let mut ids = vec![bos, pad];
        let mut spans = Vec::new();
        let push = |ids: &mut Vec<i64>, c: char| {
            if let Some(i) = id(c) {
                ids.push(i);
                ids.push(pad);
            }
        };
        for (text, closing) in clauses(sentence) {
            let clause = phonemes::clause(&text, closing, &self.model.espeak_voice)?;
            for (n, word) in clause.words.into_iter().enumerate() {
                if n > 0 {
                    push(&mut ids, ' ');
                }
                let first = ids.len();
                for c in word.phonemes {
                    push(&mut ids, c);
                }
                if ids.len() > first {
                    spans.push((word.text, first, ids.len() - 1));
                }
            }
            if let Some(mark) = clause.closing {
                push(&mut ids, mark);
            }
            push(&mut ids, ' ');
        }
        ids.push(eos);
        Ok((ids, spans))
    }
}

/// Sentences: text up to `.`, `!` or `?` followed by whitespace (or the end).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let ends = matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if ends || c == '\n' {
            if current.trim().chars().any(char::is_alphanumeric) {
                out.push(current.trim().to_string());
            }
            current.clear();
        }
    }
    if current.trim().chars().any(char::is_alphanumeric) {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_terminal_marks_only() {
        assert_eq!(
            sentences("It costs 3.5 dollars. Really? Yes!\nNext line"),
            vec!["It costs 3.5 dollars.", "Really?", "Yes!", "Next line"]
        );
    }
}
