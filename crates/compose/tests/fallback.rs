//! A Chromium without `HeadlessExperimental.beginFrame` (Debian's full `chromium`)
//! still renders, through `Page.captureScreenshot`, with the same timing and size.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::*;
use reelcut_compose::browser::CaptureMode;
use reelcut_compose::{render, Project, ProjectLimits};
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread")]
async fn full_chromium_falls_back_to_screenshots() {
    let chromium = PathBuf::from("/usr/bin/chromium");
    assert!(chromium.is_file(), "Debian's chromium is installed by scripts/setup.sh");
    let html = page(
        "",
        r#"<div id="a" class="clip box" data-start="0.5" data-duration="0.5" style="left:100px;top:100px;background:#f00"></div>"#,
        1.0,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let project = Project::open(dir.path(), "index.html", ProjectLimits::default()).unwrap();
    let mut tools = tools();
    tools.chromium = chromium;
    let out = tempfile::tempdir().unwrap();
    let video = out.path().join("out.mp4");
    let outcome = render(
        &project,
        &options(10),
        &tools,
        &video,
        &out.path().join("t.jpg"),
        Arc::new(|_, _| {}),
        CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(outcome.capture, CaptureMode::Screenshot);
    assert_eq!(size(&video), (1920, 1080), "the viewport is the composition, not the window");
    let on = |n: usize| frame(&video, n).find([255, 0, 0]).is_some();
    assert!(!on(4) && on(5) && on(9), "clip window at frames 5–9");
}
