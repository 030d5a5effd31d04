//! `reelcut captions` and `reelcut export` as a user runs them: the looks by name, a
//! contact sheet where every look is visibly different, and exports that either give
//! clips in the asked frame or fail with one clear line.

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

fn fails_with(output: &Output, code: &str, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!output.status.success(), "expected failure: {stderr}");
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].starts_with(&format!("error[{code}]")), "{stderr}");
    assert!(lines[0].contains(needle), "`{needle}` not in: {stderr}");
}

#[test]
fn the_contact_sheet_shows_every_look_differently() {
    let dir = tempdir();
    let cache = dir.path().join("cache");
    let list = reelcut(&["captions", "list"], &cache);
    assert!(list.status.success());
    let names: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert!(names.len() >= 12, "{names:?}");

    let sheet = dir.path().join("sheet.png");
    let out = reelcut(&["captions", "preview", "--out", s(&sheet)], &cache);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&sheet).unwrap().to_rgb8();
    // 4 columns of 360×640 tiles, 6 px padding and margin.
    let rows = names.len().div_ceil(4) as u32;
    assert_eq!(
        (img.width(), img.height()),
        (4 * 360 + 3 * 6 + 12, rows * 640 + (rows - 1) * 6 + 12)
    );
    let tile = |i: usize| {
        let (col, row) = ((i % 4) as u32, (i / 4) as u32);
        image::imageops::crop_imm(&img, 6 + col * 366, 6 + row * 646, 360, 640).to_image()
    };
    let tiles: Vec<image::RgbImage> = (0..names.len()).map(tile).collect();
    for (i, a) in tiles.iter().enumerate() {
        for (j, b) in tiles.iter().enumerate().skip(i + 1) {
            // Below the label band: the caption itself must differ between looks.
            let differ = a
                .enumerate_pixels()
                .filter(|(_, y, _)| *y > 80)
                .filter(|(x, y, p)| {
                    let q = b.get_pixel(*x, *y);
                    p.0.iter().zip(q.0).map(|(a, b)| (*a as i32 - b as i32).abs()).sum::<i32>() > 60
                })
                .count();
            assert!(differ > 1500, "{} and {} look alike ({differ} pixels differ)", names[i], names[j]);
        }
    }
}

#[test]
fn exports_give_the_asked_frame_or_one_clear_line() {
    let dir = tempdir();
    let cache = dir.path().join("cache");
    let speech = dir.path().join("speech.wav");
    reelcut_testkit::speak(reelcut_testkit::SHORT_TALK, "en-us", 160, &speech);
    let video = dir.path().join("talk.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc2=s=640x360:r=25",
        "-i",
        s(&speech),
        "-shortest",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        s(&video),
    ]);
    let clips = dir.path().join("clips");
    let run = reelcut(
        &[
            "clip",
            s(&video),
            "--out",
            s(&clips),
            "--durations",
            "30",
            "--resolution",
            "480p",
            "-q",
        ],
        &cache,
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(clips.join("analysis.json").is_file());

    let export = dir.path().join("original");
    let out = reelcut(
        &[
            "export",
            s(&clips),
            "--out",
            s(&export),
            "--clips",
            "0",
            "--aspect",
            "original",
            "--resolution",
            "480p",
            "--no-captions",
            "-q",
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stages: load") && !stderr.contains("transcribe"), "{stderr}");
    assert_eq!(
        reelcut_testkit::video_stream(&export.join("clip-01.mp4"), "stream=width,height"),
        "854,480"
    );

    fails_with(
        &reelcut(&["export", s(&clips), "--clips", "9"], &cache),
        "invalid_parameter",
        "there is no clip 9",
    );
    fails_with(
        &reelcut(&["export", s(&clips), "--translate", "es"], &cache),
        "translation_unavailable",
        "llm.url",
    );
    fails_with(
        &reelcut(&["export", s(&clips), "--captions", "both"], &cache),
        "invalid_parameter",
        "--translate",
    );
    fails_with(
        &reelcut(&["export", s(&clips), "--hook", "--hook-style", "sarcastic"], &cache),
        "invalid_parameter",
        "humorous",
    );
    fails_with(
        &reelcut(&["export", s(&clips), "--caption-style", "temp-7"], &cache),
        "invalid_parameter",
        "box-highlight",
    );
    fails_with(
        &reelcut(&["export", s(&dir.path().join("nothing"))], &cache),
        "invalid_parameter",
        "reelcut clip",
    );
    assert!(!dir.path().join("nothing").exists(), "a failed export leaves nothing behind");
}
