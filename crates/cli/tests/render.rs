//! `reelcut render` as a user runs it: a zip project in, a video and a thumbnail out;
//! bad projects and flags fail with one line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use reelcut_testkit::tempdir;

fn reelcut(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reelcut"))
        .args(args)
        .env_remove("REELCUT_CONFIG")
        .output()
        .expect("binary runs")
}

fn one_line_error(output: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!output.status.success(), "expected failure: {stderr}");
    assert_eq!(lines.len(), 1, "one line expected: {stderr}");
    assert!(
        lines[0].starts_with("error[") && lines[0].contains(needle),
        "`{needle}` not in: {stderr}"
    );
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}

fn zip(path: &Path, entries: &[(&str, &str)]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in entries {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(body.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
}

const INDEX: &str = r#"<!doctype html><html><body style="margin:0;background:#222">
<div data-composition-id="cli" data-start="0" data-width="1080" data-height="1920" data-duration="0.5">
  <h1 class="clip" data-start="0" data-duration="0.5" style="color:#fff;font:96px sans-serif;margin:200px 100px">
    <span data-var-text="headline">Hello</span></h1>
</div></body></html>"#;

#[test]
fn renders_a_zip_project_to_video_and_thumbnail() {
    let dir = tempdir();
    let project = dir.path().join("promo.zip");
    zip(&project, &[("index.html", INDEX)]);
    let out = dir.path().join("promo.mp4");
    let result = reelcut(&[
        "render",
        project.to_str().unwrap(),
        "--fps",
        "10",
        "--quality",
        "draft",
        "--aspect-ratio",
        "9:16",
        "--variables",
        r#"{"headline":"Launch day"}"#,
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.contains("5 frames") && stderr.contains("1080×1920"), "{stderr}");
    let probe = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=width,height,nb_frames", "-of", "csv=p=0"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "1080,1920,5");
    assert!(dir.path().join("promo.jpg").is_file(), "thumbnail beside the video");
}

#[test]
fn bad_projects_fail_with_one_line() {
    let dir = tempdir();
    let escaping = dir.path().join("escape.zip");
    zip(&escaping, &[("index.html", INDEX), ("../../etc/evil", "x")]);
    one_line_error(
        &reelcut(&["render", escaping.to_str().unwrap(), "-o", "/dev/null"]),
        "leaves the project",
    );

    let missing = dir.path().join("missing.zip");
    one_line_error(&reelcut(&["render", missing.to_str().unwrap()]), "cannot open");

    let no_entry = dir.path().join("no-entry.zip");
    zip(&no_entry, &[("main.html", INDEX)]);
    one_line_error(&reelcut(&["render", no_entry.to_str().unwrap()]), "index.html");

    let project = dir.path().join("ok.zip");
    zip(&project, &[("index.html", INDEX)]);
    one_line_error(
        &reelcut(&["render", project.to_str().unwrap(), "--variables", "[1]"]),
        "--variables",
    );
    let out = dir.path().join("x.mp4");
    one_line_error(
        &reelcut(&[
            "render",
            project.to_str().unwrap(),
            "--aspect-ratio",
            "16:9",
            "-o",
            out.to_str().unwrap(),
        ]),
        "aspect_ratio",
    );
}
