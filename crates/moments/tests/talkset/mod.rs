//! Voiced talks with known passages, for measuring moment finding: the development set
//! (`devset/talks/*.json`, made by `bench/moments/make_talks.py`) and the evaluation
//! set (`evalset/{tune,heldout}/*.json`, made by `bench/moments/make_evalset.py`).
//! Each script is voiced sentence by sentence (espeak-ng or Piper), assembled into one
//! WAV with pauses, and its words timed from the voiced sentences. Shared by the tests
//! and the `bench/moments` example.

// Each test binary and the bench use a different part of this shared harness.
#![allow(dead_code, unused_imports)]

pub mod metrics;
mod speak;

use std::path::{Path, PathBuf};

use reelcut_media::Processes;
use reelcut_moments::{DurationType, FrameTrack, Request};
use reelcut_transcript::{Transcript, Word};
use serde::Deserialize;

pub use metrics::{baseline, evaluate, matches, Metrics};

#[derive(Debug, Clone, Deserialize)]
pub struct Script {
    pub id: String,
    pub title: String,
    pub durations: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Paragraph {
    /// `planted` (a passage to find), `ordinary`, `leadin` (just before a passage, not
    /// part of it), `housekeeping`/`sponsor` (must never reach the top K), `decoy`.
    pub kind: String,
    /// `normal`/`lively`/`flat` (espeak-ng en-us at three deliveries), `espeak:<voice>`
    /// or `piper:joe`.
    pub voice: String,
    pub sentences: Vec<String>,
    /// Follows the paragraph before after an ordinary sentence pause (mid-paragraph).
    #[serde(default)]
    pub join: bool,
    /// Which planted passage this paragraph belongs to (a passage may span turns).
    /// Devset scripts leave it out: each planted paragraph is its own passage.
    #[serde(default)]
    pub passage: Option<usize>,
}

/// (start, end) in seconds.
pub type Span = (f64, f64);

pub struct Talk {
    pub script: Script,
    pub wav: PathBuf,
    /// Words timed from the voiced sentences (first and last word of each sentence are
    /// exact; inner words are spread by length).
    pub transcript: Transcript,
    /// (start, end) of each planted passage's speech.
    pub planted: Vec<Span>,
    /// (start, end) of each housekeeping or sponsor paragraph.
    pub housekeeping: Vec<Span>,
}

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The development set's talks.
pub fn scripts() -> Vec<Script> {
    scripts_in(&tests_dir().join("devset/talks"))
}

/// The evaluation set's talks of one split: `tune` or `heldout`.
pub fn evalset(split: &str) -> Vec<Script> {
    scripts_in(&tests_dir().join("evalset").join(split))
}

pub fn scripts_in(dir: &Path) -> Vec<Script> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).expect("talk JSON"))
        .collect()
}

impl Script {
    pub fn duration_types(&self) -> Vec<DurationType> {
        self.durations.iter().map(|d| DurationType::parse(d).unwrap()).collect()
    }
}

/// Voices a script into `dir/<id>.wav` and times its words.
pub fn voice(script: Script, dir: &Path) -> Talk {
    // Deterministic pauses: a small LCG seeded by the talk id.
    let mut seed: u64 = script.id.bytes().fold(7, |a, b| a.wrapping_mul(31).wrapping_add(b as u64));
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let lines: Vec<speak::Line> = script
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, para)| {
            para.sentences.iter().enumerate().map(move |(s, text)| speak::Line {
                paragraph: p,
                sentence: s,
                text: text.clone(),
                voice: para.voice.clone(),
            })
        })
        .collect();
    let voiced = speak::voice_lines(&lines);
    let rate = speak::SAMPLE_RATE as f64;
    let mut samples: Vec<i16> = Vec::new();
    let silence = |seconds: f64| vec![0i16; (seconds * rate) as usize];
    samples.extend(silence(1.0));
    let mut chunks: Vec<Vec<Word>> = Vec::new();
    let mut spans: Vec<(usize, f64, f64)> = Vec::new();
    for (i, (line, audio)) in lines.iter().zip(&voiced).enumerate() {
        let start = samples.len() as f64 / rate;
        samples.extend_from_slice(audio);
        let end = samples.len() as f64 / rate;
        chunks.push(time_words(&line.text, start, end));
        spans.push((line.paragraph, start, end));
        let paragraph = &script.paragraphs[line.paragraph];
        let last_of_paragraph = line.sentence + 1 == paragraph.sentences.len();
        let next_joins = last_of_paragraph && script.paragraphs.get(line.paragraph + 1).is_some_and(|p| p.join);
        let pause = if i + 1 == lines.len() {
            1.0
        } else if last_of_paragraph && !next_joins {
            1.0 + 0.4 * next()
        } else {
            0.3 + 0.4 * next()
        };
        samples.extend(silence(pause));
    }
    let wav = dir.join(format!("{}.wav", script.id));
    speak::write_wav(&wav, &samples);
    let duration = samples.len() as f64 / rate;
    let transcript = Transcript::assemble("en".into(), 1.0, duration, "script:tts".into(), chunks);
    let (planted, housekeeping) = passages(&script, &spans);
    Talk {
        script,
        wav,
        transcript,
        planted,
        housekeeping,
    }
}

/// The planted passages' and the housekeeping paragraphs' spans, from each sentence's
/// (paragraph, start, end).
fn passages(script: &Script, spans: &[(usize, f64, f64)]) -> (Vec<Span>, Vec<Span>) {
    let span_of = |paragraphs: &[usize]| {
        let inside = spans.iter().filter(|(p, _, _)| paragraphs.contains(p));
        let start = inside.clone().map(|s| s.1).fold(f64::MAX, f64::min);
        let end = inside.map(|s| s.2).fold(f64::MIN, f64::max);
        (start, end)
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, p) in script.paragraphs.iter().enumerate() {
        if p.kind != "planted" {
            continue;
        }
        let same_passage = i > 0 && p.passage.is_some() && script.paragraphs[i - 1].passage == p.passage;
        match groups.last_mut() {
            Some(group) if same_passage => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    let planted = groups.iter().map(|g| span_of(g)).collect();
    let housekeeping = (0..script.paragraphs.len())
        .filter(|&i| matches!(script.paragraphs[i].kind.as_str(), "housekeeping" | "sponsor"))
        .map(|i| span_of(&[i]))
        .collect();
    (planted, housekeeping)
}

impl Talk {
    /// What the set asks of every talk: its duration types, top K = planted + 2.
    pub fn request(&self) -> Request {
        Request {
            durations: self.script.duration_types(),
            prompt: None,
            max_clips: Some(self.planted.len() + 2),
            rank_by: reelcut_moments::RankBy::Virality,
        }
    }

    /// The loudness/pitch track of the voiced talk, as the pipeline builds it.
    pub async fn frame_track(&self, processes: &Processes) -> FrameTrack {
        reelcut_moments::acoustics::track_file(processes, "ffmpeg", &self.wav, None, tokio_util::sync::CancellationToken::new())
            .await
            .unwrap()
    }
}

/// Word times inside a sentence, in proportion to each word's length.
fn time_words(text: &str, start: f64, end: f64) -> Vec<Word> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let weights: Vec<f64> = words.iter().map(|w| w.chars().count() as f64 + 1.0).collect();
    let total: f64 = weights.iter().sum();
    let mut t = start;
    words
        .iter()
        .zip(&weights)
        .map(|(w, weight)| {
            let span = (end - start) * weight / total;
            let word = Word {
                text: (*w).to_string(),
                start: t,
                end: t + span * 0.92,
                probability: 0.9,
            };
            t += span;
            word
        })
        .collect()
}
