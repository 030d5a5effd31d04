//! Text to speech for the talk sets: espeak-ng (several voices and deliveries) and Piper
//! (en_US-joe-medium from PyPI, run by `piper_say.py` in the virtual environment that
//! `scripts/piper.sh` makes). Both speak at 22 050 Hz; each sentence's own leading and
//! trailing silence is trimmed so the pauses between sentences are the harness's alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const SAMPLE_RATE: u32 = 22_050;

pub struct Line {
    pub paragraph: usize,
    pub sentence: usize,
    pub text: String,
    pub voice: String,
}

/// Every line's samples, in order.
pub fn voice_lines(lines: &[Line]) -> Vec<Vec<i16>> {
    let piper: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].voice.starts_with("piper:")).collect();
    let espeak: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].voice.starts_with("piper:")).collect();
    let mut out: Vec<Vec<i16>> = vec![Vec::new(); lines.len()];
    let piper_texts: Vec<&str> = piper.iter().map(|&i| lines[i].text.as_str()).collect();
    for (&i, samples) in piper.iter().zip(piper_say(&piper_texts)) {
        out[i] = trim(&samples).to_vec();
    }
    // Two threads: espeak-ng is single-threaded and the machine has two cores.
    let half = espeak.len().div_ceil(2).max(1);
    let voiced: Vec<Vec<i16>> = std::thread::scope(|scope| {
        let handles: Vec<_> = espeak
            .chunks(half)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| trim(&espeak_say(&lines[i].text, &lines[i].voice)).to_vec())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    for (&i, samples) in espeak.iter().zip(voiced) {
        out[i] = samples;
    }
    out
}

fn espeak_say(text: &str, voice: &str) -> Vec<i16> {
    let (name, speed, pitch, amplitude) = match voice {
        "lively" => ("en-us", "185", "68", "170"),
        "normal" | "flat" => ("en-us", "165", "50", "100"),
        other => (other.strip_prefix("espeak:").unwrap_or(other), "160", "50", "100"),
    };
    let output = Command::new("espeak-ng")
        .args(["-v", name, "-s", speed, "-p", pitch, "-a", amplitude, "--stdout", text])
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

/// Where `scripts/piper.sh` installs piper-tts and the voice (a test-only location, so
/// not a `REELCUT_` setting).
fn piper_venv() -> PathBuf {
    match std::env::var_os("PIPER_VENV") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/reelcut-piper"),
    }
}

/// One Python process speaks every Piper line (loading the voice once).
fn piper_say(texts: &[&str]) -> Vec<Vec<i16>> {
    if texts.is_empty() {
        return Vec::new();
    }
    let dir = reelcut_testkit::tempdir();
    let python = piper_venv().join("bin/python");
    assert!(python.is_file(), "{} is missing: run scripts/piper.sh", python.display());
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/talkset/piper_say.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .arg(dir.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("piper runs");
    let input = serde_json::to_vec(texts).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    assert!(child.wait().unwrap().success(), "piper_say.py failed");
    (0..texts.len()).map(|i| read_wav(&dir.path().join(format!("{i}.wav")))).collect()
}

fn read_wav(path: &Path) -> Vec<i16> {
    let mut reader = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(reader.spec().sample_rate, SAMPLE_RATE, "{}", path.display());
    reader.samples::<i16>().map(Result::unwrap).collect()
}

/// Trims a sentence's own leading and trailing silence so pauses are ours alone.
fn trim(samples: &[i16]) -> &[i16] {
    let loud = |s: &i16| s.unsigned_abs() > 300;
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).map_or(samples.len(), |i| i + 1);
    &samples[first..last.max(first)]
}

pub fn write_wav(path: &Path, samples: &[i16]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SAMPLE_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    samples.iter().for_each(|s| writer.write_sample(*s).unwrap());
    writer.finalize().unwrap();
}
