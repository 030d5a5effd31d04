//! The binary as a user runs it: real media, bad media, bad flags. Every failure must
//! be one readable line on stderr and a non-zero exit, never a panic.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

use reelcut_testkit::{ffmpeg, fixture, models_dir, tempdir};

fn reelcut(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(args)
        .env("REELCUT_MODELS", models_dir())
        .env_remove("REELCUT_CONFIG")
        .output()
        .expect("binary runs")
}

/// Asserts a failure with exactly one stderr line containing `needle`; returns the code.
fn fails_with(output: &Output, needle: &str) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!output.status.success(), "expected failure, stderr: {stderr}");
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].starts_with("error["), "{stderr}");
    assert!(lines[0].contains(needle), "`{needle}` not in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    output.status.code().expect("exited")
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn transcribes_the_sample_to_each_format() {
    let dir = tempdir();
    let jfk = fixture("jfk.wav");
    let out = dir.path().join("t.srt");
    let result = reelcut(&["transcribe", path_str(&jfk), "-o", path_str(&out), "--quiet"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let srt = std::fs::read_to_string(&out).unwrap();
    assert!(srt.starts_with("1\n00:00:00,"), "{srt}");
    assert!(
        srt.contains("\nask not what your country can do for you,\n"),
        "cues end on clauses: {srt}"
    );

    let result = reelcut(&[
        "transcribe",
        path_str(&jfk),
        "--format",
        "vtt",
        "--model",
        "tiny.en",
        "--beam-size",
        "1",
    ]);
    assert!(result.status.success());
    assert!(String::from_utf8_lossy(&result.stdout).starts_with("WEBVTT\n"));

    let result = reelcut(&["transcribe", path_str(&jfk), "--language", "en"]);
    let json: serde_json::Value = serde_json::from_slice(&result.stdout).expect("json on stdout");
    assert_eq!(json["language"], "en");
    assert_eq!(json["words"].as_array().unwrap().len(), 22);
    assert!(json["sentences"][0]["text"].as_str().unwrap().ends_with("country."));
}

#[test]
fn not_media_no_audio_truncated_and_missing_inputs() {
    let dir = tempdir();
    let text = dir.path().join("notes.mp4");
    std::fs::write(&text, "these are my meeting notes, not a video\n").unwrap();
    assert_eq!(
        fails_with(&reelcut(&["transcribe", path_str(&text)]), "not a readable media file"),
        2
    );

    let silent_video = dir.path().join("silent.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=320x240:rate=25",
        "-t",
        "2",
        "-pix_fmt",
        "yuv420p",
        path_str(&silent_video),
    ]);
    assert_eq!(
        fails_with(&reelcut(&["transcribe", path_str(&silent_video)]), "has no audio stream"),
        2
    );

    let whole = dir.path().join("whole.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=320x240:rate=25",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440",
        "-t",
        "4",
        "-pix_fmt",
        "yuv420p",
        "-shortest",
        path_str(&whole),
    ]);
    let bytes = std::fs::read(&whole).unwrap();
    let truncated = dir.path().join("truncated.mp4");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        fails_with(&reelcut(&["transcribe", path_str(&truncated)]), "not a readable media file"),
        2
    );

    assert_eq!(fails_with(&reelcut(&["transcribe", "/no/such/talk.mp4"]), "no such file"), 2);
}

#[test]
fn a_url_that_404s() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found");
        }
    });
    let url = format!("http://{address}/talk.mp4");
    let code = fails_with(&reelcut(&["transcribe", &url]), "HTTP 404");
    assert_eq!(code, 2);
}

#[test]
fn missing_or_corrupt_models() {
    let dir = tempdir();
    let jfk = fixture("jfk.wav");
    let empty = dir.path().join("empty-models");
    let output = reelcut(&["transcribe", path_str(&jfk), "--models-dir", path_str(&empty)]);
    assert_eq!(fails_with(&output, "reelcut models fetch"), 3);

    // A model directory whose model.bin is garbage, beside a good VAD and runtime.
    let corrupt = dir.path().join("corrupt-models");
    let real = models_dir();
    std::fs::create_dir_all(corrupt.join("whisper-base")).unwrap();
    for file in ["config.json", "tokenizer.json", "vocabulary.txt"] {
        std::fs::copy(real.join("whisper-base").join(file), corrupt.join("whisper-base").join(file)).unwrap();
    }
    std::fs::write(corrupt.join("whisper-base/model.bin"), vec![7u8; 4096]).unwrap();
    let output = reelcut(&["transcribe", path_str(&jfk), "--models-dir", path_str(&corrupt)]);
    assert_eq!(fails_with(&output, "cannot load model.bin"), 3);

    let output = reelcut(&["models", "verify", "--models-dir", path_str(&corrupt)]);
    fails_with(&output, "not ok");
}

#[test]
fn bad_flags_and_settings_name_the_parameter() {
    let jfk = fixture("jfk.wav");
    fails_with(
        &reelcut(&["transcribe", path_str(&jfk), "--language", "english"]),
        "speech.language",
    );
    fails_with(&reelcut(&["transcribe", path_str(&jfk), "--beam-size", "0"]), "speech.beam_size");
    let output = Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(["config", "show"])
        .env("REELCUT_SPEECH__THREADZ", "2")
        .output()
        .unwrap();
    fails_with(&output, "speech.threadz");
}

#[test]
fn config_show_resolves_layers() {
    let dir = tempdir();
    let file = dir.path().join("reelcut.toml");
    std::fs::write(&file, "[speech]\nbeam_size = 2\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(["config", "show", "--config", path_str(&file)])
        .env("REELCUT_SPEECH__MODEL", "tiny.en")
        .output()
        .unwrap();
    assert!(output.status.success());
    let shown: toml::Value = toml::from_str(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(shown["speech"]["beam_size"].as_integer(), Some(2));
    assert_eq!(shown["speech"]["model"].as_str(), Some("tiny.en"));
}

#[test]
fn models_list_shows_the_installed_set() {
    let output = reelcut(&["models", "list"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for name in ["whisper-base", "whisper-tiny.en", "silero-vad", "onnxruntime", "minilm-l6-v2"] {
        assert!(
            text.lines().any(|l| l.starts_with(name) && l.contains(" ok ")),
            "{name} in:\n{text}"
        );
    }
}

/// `reelcut moments` on real speech: transcribed, analysed, ranked; then the same from the
/// transcript JSON, and the flags that must be refused.
#[test]
fn moments_from_media_and_from_a_transcript() {
    let dir = tempdir();
    let talk = dir.path().join("talk.wav");
    let text = "Why do most new habits fail within a month? It is not a lack of willpower. \
        It is that we try to change too much at once. When I tried to run, read and meditate every day, I lasted nine days. \
        When I picked one habit and made it tiny, two minutes a day, it stuck for a whole year. \
        So here is the lesson: start so small that you cannot say no. \
        And then there were some other things we talked about at the meeting, which were fine. \
        We looked at the calendar for next week and moved a few things around. \
        Somebody asked about the budget, and we said we would look at it later.";
    reelcut_testkit::speak(text, "en-us", 150, &talk);
    let output = reelcut(&["moments", path_str(&talk), "--durations", "30", "--json", "-q"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &result["moments"][0];
    assert!(first["virality_score"].as_u64().unwrap() <= 100);
    assert!(first["reason"].as_str().unwrap().len() > 10);
    assert!(first["transcript"].as_str().unwrap().to_lowercase().contains("habit"), "{first}");
    let table = reelcut(&["moments", path_str(&talk), "--durations", "30", "-q"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("score") && table.contains("reason"), "{table}");

    let transcript = dir.path().join("talk.json");
    assert!(reelcut(&["transcribe", path_str(&talk), "-o", path_str(&transcript), "-q"])
        .status
        .success());
    let from_json = reelcut(&["moments", path_str(&transcript), "--durations", "30", "--json"]);
    assert!(from_json.status.success());

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"not\": \"a transcript\"}").unwrap();
    assert_eq!(fails_with(&reelcut(&["moments", path_str(&bad)]), "not a reelcut transcript"), 2);
    assert_eq!(
        fails_with(&reelcut(&["moments", path_str(&talk), "--durations", "90"]), "duration type"),
        2
    );
    assert_eq!(
        fails_with(&reelcut(&["moments", path_str(&talk), "--max-clips", "0"]), "max_clips"),
        2
    );
}

#[test]
fn a_crop_file_with_an_empty_camera_path_is_refused_not_a_panic() {
    let dir = tempdir();
    let sample = dir.path().join("in.mp4");
    std::fs::write(&sample, b"not read: the flag is checked first").unwrap();
    let track = |positions: &str, extra: &str| {
        format!(
            r#"{{"clips": [{{"start": 1.0, "end": 31.0, "crop_track": {{"source": [1920, 1080], "crop": [608, 1080],
               "axis": "x", "layout": "fill", "fps": 5.0, "positions": {positions}, "hard_cuts": [] {extra}}}}}]}}"#
        )
    };
    for (name, body, needle) in [
        ("empty.json", track("[]", ""), "`positions` is empty"),
        (
            "split.json",
            track("[0.0]", r#", "panels": []"#).replace("\"fill\"", "\"split\""),
            "two `panels`",
        ),
    ] {
        let crops = dir.path().join(name);
        std::fs::write(&crops, body).unwrap();
        let code = fails_with(
            &reelcut(&[
                "clip",
                path_str(&sample),
                "--crop-from",
                path_str(&crops),
                "--out",
                path_str(dir.path()),
            ]),
            needle,
        );
        assert_eq!(code, 2, "the caller's file, the caller's mistake");
    }
}

#[test]
fn a_media_tool_that_runs_past_its_bound_is_stopped() {
    // Bounds so tight that decoding the 11 s sample cannot finish: the run is killed
    // and reported as ours (exit 1), not left running.
    let output = Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(["transcribe", path_str(&fixture("jfk.wav")), "--format", "srt"])
        .env("REELCUT_MODELS", models_dir())
        .env("REELCUT_MEDIA__PROCESS_FLOOR_S", "0.05")
        .env("REELCUT_MEDIA__PROCESS_FACTOR", "0")
        .env_remove("REELCUT_CONFIG")
        .output()
        .unwrap();
    assert_eq!(fails_with(&output, "timed out"), 1);
}
