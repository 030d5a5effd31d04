//! Helpers shared by the integration tests: the model and fixture locations that
//! `scripts/test.sh` prepares, and media generated at test time with ffmpeg/espeak-ng.
//! Missing prerequisites fail loudly with the command that installs them — a test that
//! silently skips would pass without testing anything.

use std::path::{Path, PathBuf};
use std::process::Command;

fn home() -> PathBuf {
    PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
}

pub fn models_dir() -> PathBuf {
    let dir = std::env::var_os("REELCUT_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".local/share/reelcut/models"));
    assert!(
        dir.join("whisper-base/model.bin").is_file() && dir.join("silero-vad/silero_vad.onnx").is_file(),
        "models are not installed in {}: run scripts/test.sh (or `reelcut models fetch`)",
        dir.display()
    );
    dir
}

pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("REELCUT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache/reelcut-fixtures"))
}

/// A fixture that `scripts/fixtures.sh` downloads from a package.
pub fn fixture(name: &str) -> PathBuf {
    let path = fixtures_dir().join(name);
    assert!(path.is_file(), "{} is missing: run scripts/fixtures.sh", path.display());
    path
}

/// Runs a command and panics with its stderr when it fails.
pub fn run(program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Speaks `text` with espeak-ng into a 16 kHz mono WAV.
pub fn speak(text: &str, voice: &str, words_per_minute: u32, out: &Path) {
    let raw = out.with_extension("raw.wav");
    run(
        "espeak-ng",
        &["-v", voice, "-s", &words_per_minute.to_string(), "-w", raw.to_str().unwrap(), text],
    );
    ffmpeg(&["-i", raw.to_str().unwrap(), "-ac", "1", "-ar", "16000", out.to_str().unwrap()]);
    std::fs::remove_file(raw).ok();
}

pub fn ffmpeg(args: &[&str]) {
    let mut all = vec!["-nostdin", "-hide_banner", "-loglevel", "error", "-y"];
    all.extend_from_slice(args);
    run("ffmpeg", &all);
}

/// Duration of a media file in seconds (ffprobe).
pub fn duration(path: &Path) -> f64 {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&output.stdout).trim().parse().expect("a duration")
}

/// Lower-case letters and digits only: compares words "case and punctuation aside".
pub fn normalise(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("reelcut-test-").tempdir().expect("temp dir")
}
