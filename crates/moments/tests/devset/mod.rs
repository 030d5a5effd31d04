//! The moments development set: talks written in `talks/*.json` (made by
//! `bench/moments/make_talks.py`), voiced sentence by sentence with espeak-ng, assembled
//! into one WAV with pauses, and scored against the planted passages' known times.
//! Shared by the `devset` test and the `bench/moments` example.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use reelcut_media::Processes;
use reelcut_moments::{DurationType, FrameTrack, Moments, Request};
use reelcut_speech::{Transcript, Word};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Script {
    pub id: String,
    pub title: String,
    pub durations: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Deserialize)]
pub struct Paragraph {
    pub kind: String,
    pub voice: String,
    pub sentences: Vec<String>,
}

pub struct Talk {
    pub script: Script,
    pub wav: PathBuf,
    /// Words timed from the voiced sentences (first and last word of each sentence are
    /// exact; inner words are spread by length).
    pub transcript: Transcript,
    /// (start, end) of each planted passage's speech.
    pub planted: Vec<(f64, f64)>,
}

pub fn talks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/devset/talks")
}

pub fn scripts() -> Vec<Script> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(talks_dir())
        .expect("talks dir")
        .map(|e| e.unwrap().path())
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

const SAMPLE_RATE: u32 = 22_050;
/// espeak-ng's output rate; its sentence WAVs are concatenated at this rate.
fn espeak(text: &str, voice: &str) -> Vec<i16> {
    let (speed, pitch, amplitude) = match voice {
        "lively" => ("185", "68", "170"),
        _ => ("165", "50", "100"),
    };
    let output = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", speed, "-p", pitch, "-a", amplitude, "--stdout", text])
        .output()
        .expect("espeak-ng runs (apt install espeak-ng)");
    assert!(
        output.status.success(),
        "espeak-ng failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // espeak-ng streams its WAV with a placeholder data length, which WAV readers refuse:
    // take the samples after the `data` chunk header as they are.
    let bytes = output.stdout;
    let rate = u32::from_le_bytes(bytes[24..28].try_into().unwrap());
    assert_eq!(rate, SAMPLE_RATE);
    let data = bytes.windows(4).position(|w| w == b"data").expect("data chunk") + 8;
    bytes[data..].chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
}

/// Trims espeak's own leading and trailing silence so pauses are ours alone.
fn trim(samples: &[i16]) -> &[i16] {
    let loud = |s: &i16| s.unsigned_abs() > 300;
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).map_or(samples.len(), |i| i + 1);
    &samples[first..last.max(first)]
}

/// Voices a script into `dir/<id>.wav` and times its words.
pub fn voice(script: Script, dir: &Path) -> Talk {
    // Deterministic pauses: a small LCG seeded by the talk id.
    let mut seed: u64 = script.id.bytes().fold(7, |a, b| a.wrapping_mul(31).wrapping_add(b as u64));
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let jobs: Vec<(usize, usize, String, String)> = script
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, para)| {
            para.sentences
                .iter()
                .enumerate()
                .map(move |(s, text)| (p, s, text.clone(), para.voice.clone()))
        })
        .collect();
    // Two threads: espeak-ng is single-threaded and the machine has two cores.
    let half = jobs.len().div_ceil(2);
    let voiced: Vec<Vec<i16>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(half)
            .map(|part| scope.spawn(move || part.iter().map(|(_, _, t, v)| trim(&espeak(t, v)).to_vec()).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut samples: Vec<i16> = Vec::new();
    let silence = |seconds: f64| vec![0i16; (seconds * SAMPLE_RATE as f64) as usize];
    samples.extend(silence(1.0));
    let mut chunks: Vec<Vec<Word>> = Vec::new();
    let mut planted = Vec::new();
    let mut passage_start = 0.0;
    for (i, ((p, s, text, _), audio)) in jobs.iter().zip(&voiced).enumerate() {
        let start = samples.len() as f64 / SAMPLE_RATE as f64;
        samples.extend_from_slice(audio);
        let end = samples.len() as f64 / SAMPLE_RATE as f64;
        chunks.push(time_words(text, start, end));
        let paragraph = &script.paragraphs[*p];
        if *s == 0 {
            passage_start = start;
        }
        let last_of_paragraph = *s + 1 == paragraph.sentences.len();
        if last_of_paragraph && paragraph.kind == "planted" {
            planted.push((passage_start, end));
        }
        let pause = if i + 1 == jobs.len() {
            1.0
        } else if last_of_paragraph {
            1.0 + 0.4 * next()
        } else {
            0.3 + 0.4 * next()
        };
        samples.extend(silence(pause));
    }
    let wav = dir.join(format!("{}.wav", script.id));
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SAMPLE_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(&wav, spec).unwrap();
    samples.iter().for_each(|s| writer.write_sample(*s).unwrap());
    writer.finalize().unwrap();
    let duration = samples.len() as f64 / SAMPLE_RATE as f64;
    let transcript = Transcript::assemble("en".into(), 1.0, duration, "script:espeak-ng".into(), chunks);
    Talk {
        script,
        wav,
        transcript,
        planted,
    }
}

impl Talk {
    /// What the set asks of every talk: its duration types, top K = planted + 2.
    pub fn request(&self) -> Request {
        Request {
            durations: self.script.duration_types(),
            prompt: None,
            max_clips: Some(self.planted.len() + 2),
        }
    }

    /// The loudness/pitch track of the voiced talk, as the pipeline builds it.
    pub async fn frame_track(&self, processes: &Processes) -> FrameTrack {
        reelcut_moments::acoustics::track_file(processes, "ffmpeg", &self.wav, tokio_util::sync::CancellationToken::new())
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

#[derive(Debug, Default, Clone)]
pub struct Metrics {
    pub planted: usize,
    pub k: usize,
    pub found: usize,
    pub matching_clips: usize,
    pub boundary_errors: Vec<f64>,
    pub off_sentence_edges: usize,
    pub words_cut: usize,
}

impl Metrics {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.planted.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.matching_clips as f64 / self.k.max(1) as f64
    }
    pub fn mean_boundary_error(&self) -> f64 {
        if self.boundary_errors.is_empty() {
            return f64::NAN;
        }
        self.boundary_errors.iter().sum::<f64>() / self.boundary_errors.len() as f64
    }
    pub fn add(&mut self, other: &Metrics) {
        self.planted += other.planted;
        self.k += other.k;
        self.found += other.found;
        self.matching_clips += other.matching_clips;
        self.boundary_errors.extend(&other.boundary_errors);
        self.off_sentence_edges += other.off_sentence_edges;
        self.words_cut += other.words_cut;
    }
}

/// A planted passage is found when a clip overlaps it with IoU ≥ 0.5 and holds ≥ 90 % of it.
pub fn matches(clip: (f64, f64), passage: (f64, f64)) -> bool {
    let overlap = (clip.1.min(passage.1) - clip.0.max(passage.0)).max(0.0);
    let union = clip.1.max(passage.1) - clip.0.min(passage.0);
    overlap / union >= 0.5 && overlap / (passage.1 - passage.0) >= 0.9
}

pub fn evaluate(talk: &Talk, moments: &Moments) -> Metrics {
    let k = talk.planted.len() + 2;
    let top: Vec<_> = moments.moments.iter().take(k).collect();
    let mut m = Metrics {
        planted: talk.planted.len(),
        k,
        ..Default::default()
    };
    for &passage in &talk.planted {
        let hit = top.iter().find(|c| matches((c.start, c.end), passage));
        if let Some(c) = hit {
            m.found += 1;
            m.boundary_errors.push((c.speech_start - passage.0).abs());
            m.boundary_errors.push((c.speech_end - passage.1).abs());
        }
    }
    m.matching_clips = top
        .iter()
        .filter(|c| talk.planted.iter().any(|&p| matches((c.start, c.end), p)))
        .count();
    let sentences = &talk.transcript.sentences;
    for c in &moments.moments {
        let starts_sentence = sentences.iter().any(|s| (s.start - c.speech_start).abs() < 1e-6);
        let ends_sentence = sentences.iter().any(|s| (s.end - c.speech_end).abs() < 1e-6);
        m.off_sentence_edges += usize::from(!starts_sentence) + usize::from(!ends_sentence);
        m.words_cut += talk
            .transcript
            .words
            .iter()
            .filter(|w| (w.start < c.start && c.start < w.end) || (w.start < c.end && c.end < w.end))
            .count();
    }
    m
}
