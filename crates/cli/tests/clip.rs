//! `reelcut clip` as a user runs it on odd inputs: zero-length, audio only, no speech,
//! a rotated phone video, variable frame rate and a 4K source. Each ends in clips or
//! one clear line; so do bad layout and crop-override options.

use std::path::Path;
use std::process::{Command, Output};

use reelcut_testkit::{ffmpeg, models_dir, tempdir};

fn reelcut(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(args)
        .env("REELCUT_MODELS", models_dir())
        .env("REELCUT_CACHE_DIR", cache)
        .env_remove("REELCUT_CONFIG")
        .output()
        .expect("binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const SPEECH: &str = "Why do most new habits fail within a month? It is not a lack of willpower. \
It is that we try to change too much at once. When I tried to run, read and meditate every day, I lasted nine days. \
When I picked one habit and made it tiny, two minutes a day, it stuck for a whole year. So here is the lesson: start so small that you cannot say no.";

/// A 640×360 test pattern with `speech` as its sound, H.264; `extra` goes before the codec flags.
fn video_with_speech(speech: &Path, extra: &[&str], out: &Path) {
    let mut args = vec!["-f", "lavfi", "-i", "testsrc2=s=640x360:r=30", "-i", s(speech), "-shortest"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-c:v", "libx264", "-preset", "ultrafast", s(out)]);
    ffmpeg(&args);
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("clips.json")).unwrap()).unwrap()
}

#[test]
fn odd_inputs_give_clips_or_one_clear_line() {
    let dir = tempdir();
    let cache = dir.path().join("cache");
    let speech = dir.path().join("speech.wav");
    reelcut_testkit::speak(SPEECH, "en-us", 150, &speech);

    // Audio only: refused, documented.
    let output = reelcut(&["clip", s(&speech), "--out", s(&dir.path().join("a"))], &cache);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.trim().lines().count() == 1 && stderr.contains("no video stream"), "{stderr}");

    // Zero-length video.
    let empty = dir.path().join("empty.mp4");
    ffmpeg(&["-f", "lavfi", "-i", "color=c=black:s=320x240:d=0.04", "-frames:v", "0", s(&empty)]);
    let output = reelcut(&["clip", s(&empty), "--out", s(&dir.path().join("z"))], &cache);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));

    // No speech: exit 0, no clips, a note.
    let silent = dir.path().join("music.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=640x360:r=25:d=30",
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=30",
        "-shortest",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        s(&silent),
    ]);
    let out = dir.path().join("n");
    let output = reelcut(&["clip", s(&silent), "--out", s(&out), "--resolution", "480p"], &cache);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let m = manifest(&out);
    assert_eq!(m["clips"].as_array().unwrap().len(), 0);
    assert!(m["notes"].to_string().contains("no speech found"), "{}", m["notes"]);

    // A phone video stored landscape with a 90° rotation: clips use the display size.
    let upright = dir.path().join("upright.mp4");
    video_with_speech(&speech, &[], &upright);
    // ffmpeg 5.1 writes the display matrix only when stream-copying.
    let rotated = dir.path().join("rotated.mp4");
    ffmpeg(&["-i", s(&upright), "-c", "copy", "-metadata:s:v:0", "rotate=90", s(&rotated)]);
    let out = dir.path().join("r");
    let output = reelcut(
        &[
            "clip",
            s(&rotated),
            "--out",
            s(&out),
            "--durations",
            "30",
            "--resolution",
            "480p",
            "--max-clips",
            "1",
        ],
        &cache,
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let m = manifest(&out);
    assert_eq!(m["source"]["width"], 360);
    assert_eq!(m["source"]["height"], 640);
    assert_eq!(
        m["clips"][0]["crop_track"]["crop"],
        serde_json::json!([360, 640]),
        "a 9:16 source needs no crop"
    );

    // Variable frame rate: rendered at a constant 30 fps.
    let vfr = dir.path().join("vfr.mkv");
    video_with_speech(
        &speech,
        &["-vf", "select='not(mod(n\\,3))+eq(mod(n\\,7)\\,1)'", "-fps_mode", "vfr"],
        &vfr,
    );
    let out = dir.path().join("v");
    let output = reelcut(
        &[
            "clip",
            s(&vfr),
            "--out",
            s(&out),
            "--durations",
            "30",
            "--aspect",
            "square",
            "--resolution",
            "480p",
            "--max-clips",
            "1",
        ],
        &cache,
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let clip = out.join(manifest(&out)["clips"][0]["video"].as_str().unwrap());
    assert_eq!(
        reelcut_testkit::video_stream(&clip, "stream=width,height,avg_frame_rate"),
        "480,480,30/1"
    );
}

#[test]
fn a_4k_source_is_cropped_at_full_resolution_and_scaled_down() {
    let dir = tempdir();
    let cache = dir.path().join("cache");
    let speech = dir.path().join("speech.wav");
    reelcut_testkit::speak(SPEECH, "en-us", 150, &speech);
    // 10 fps keeps the 4K fixture and its clip quick to encode on two cores.
    let uhd = dir.path().join("uhd.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=3840x2160:r=10",
        "-i",
        s(&speech),
        "-shortest",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        s(&uhd),
    ]);
    let out = dir.path().join("k");
    let args = [
        "clip",
        s(&uhd),
        "--out",
        s(&out),
        "--durations",
        "30",
        "--resolution",
        "1080p",
        "--max-clips",
        "1",
    ];
    let output = reelcut(&args, &cache);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let m = manifest(&out);
    assert_eq!(
        (m["source"]["width"].as_u64(), m["source"]["height"].as_u64()),
        (Some(3840), Some(2160))
    );
    let clip = &m["clips"][0];
    assert_eq!(
        clip["crop_track"]["crop"],
        serde_json::json!([1214, 2160]),
        "the crop is taken from the 4K picture"
    );
    assert_eq!((clip["width"].as_u64(), clip["height"].as_u64()), (Some(1080), Some(1920)));
    assert_eq!(clip["upscaled"], false);
    let file = out.join(clip["video"].as_str().unwrap());
    assert_eq!(reelcut_testkit::video_stream(&file, "stream=width,height"), "1080,1920");
}

#[test]
fn bad_layout_or_override_file_is_one_line() {
    let dir = tempdir();
    let cache = dir.path().join("cache");
    let video = dir.path().join("v.mp4");
    ffmpeg(&["-f", "lavfi", "-i", "testsrc2=s=320x240:r=10:d=1", s(&video)]);
    let out = dir.path().join("o");
    let not_json = dir.path().join("clips.json");
    std::fs::write(&not_json, "{\"clips\": [{\"start\": 1}]}").unwrap();
    for (extra, expected) in [
        (vec!["--layout", "diagonal"], "unknown layout `diagonal`"),
        (vec!["--crop-from", s(&dir.path().join("missing.json"))], "cannot read"),
        (vec!["--crop-from", s(&not_json)], "not a clips.json with crop tracks"),
    ] {
        let mut args = vec!["clip", s(&video), "--out", s(&out)];
        args.extend(extra);
        let output = reelcut(&args, &cache);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.trim().lines().count() == 1 && stderr.contains(expected), "{stderr}");
    }
}
