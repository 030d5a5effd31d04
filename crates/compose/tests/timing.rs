//! Clip timing at exact frames: an element is on screen from the first frame of its
//! clip and gone on the first frame after it; relative starts; nested compositions with
//! `data-playback-start`; determinism.

mod common;

use common::*;

const RED: [u8; 3] = [255, 0, 0];
const GREEN: [u8; 3] = [0, 255, 0];
const BLUE: [u8; 3] = [0, 0, 255];

#[tokio::test(flavor = "multi_thread")]
async fn clips_appear_on_their_first_frame_and_leave_after_their_last() {
    // fps 10: the red clip covers frames 10..=19, the green one starts at a + 0.5 = 2.5 s
    // (frame 25) and lasts 0.5 s (frames 25..=29).
    let html = page(
        "",
        r#"<div id="a" class="clip box" data-start="1" data-duration="1" data-track-index="1" style="left:100px;top:100px;background:#f00"></div>
<div id="b" class="clip box" data-start="a + 0.5" data-duration="0.5" data-track-index="2" style="left:600px;top:100px;background:#0f0"></div>
<div id="c" class="clip box" data-start="b - 0.2" data-duration="0.4" data-track-index="3" style="left:1100px;top:100px;background:#00f"></div>"#,
        3.5,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    assert_eq!(r.outcome.frames, 35);
    assert_eq!((r.outcome.width, r.outcome.height), (1920, 1080));
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let windows: Vec<(String, f64, f64)> = r
        .outcome
        .clips
        .iter()
        .map(|c| (c.id.clone(), round(c.start), round(c.end)))
        .collect();
    assert_eq!(
        windows,
        vec![("a".into(), 1.0, 2.0), ("b".into(), 2.5, 3.0), ("c".into(), 2.8, 3.2)]
    );
    let v = &r.outcome.video;
    let on = |n: usize, colour: [u8; 3]| frame(v, n).find(colour).is_some();
    assert!(!on(9, RED), "red before its clip");
    assert!(on(10, RED), "red on its first frame");
    assert!(on(19, RED), "red on its last frame");
    assert!(!on(20, RED), "red after its clip");
    assert!(
        !on(24, GREEN) && on(25, GREEN) && on(29, GREEN) && !on(30, GREEN),
        "relative start a + 0.5"
    );
    assert!(
        !on(27, BLUE) && on(28, BLUE) && on(31, BLUE) && !on(32, BLUE),
        "relative start b - 0.2"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nested_composition_plays_from_its_playback_start() {
    // The child's own timeline: a red clip from 2 s to 3 s. The host starts at 1 s with
    // data-playback-start 1.5, so child time = global − 1 + 1.5: red shows at 1.5–2.5 s.
    let child = r#"<template id="child-template">
<div data-composition-id="child" data-width="1920" data-height="1080" data-duration="4">
  <div id="late" class="clip box" data-start="2" data-duration="1" style="left:300px;top:300px;background:#f00"></div>
</div></template>"#;
    let html = page(
        "",
        r#"<div id="host" data-composition-id="child" data-composition-src="compositions/child.html" data-start="1" data-duration="2" data-playback-start="1.5" data-track-index="1"></div>"#,
        3.0,
    );
    let dir = project(&[("index.html", html.as_bytes()), ("compositions/child.html", child.as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    let v = &r.outcome.video;
    let on = |n: usize| frame(v, n).find(RED).is_some();
    assert!(!on(14), "child clip before 1.5 s");
    assert!(on(15), "child clip at 1.5 s");
    assert!(on(24), "child clip at 2.4 s");
    assert!(!on(25), "child clip after 2.5 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_composition_renders_to_identical_frames() {
    let html = page(
        r#"<style>@keyframes slide { from { left: 0px } to { left: 1500px } }
.mover { animation: slide 2s linear both; }</style>"#,
        r#"<div class="box mover" style="top:400px;background:#0f0"></div>
<div class="clip" id="t" data-start="0.5" data-duration="1" style="position:absolute;left:100px;top:100px;color:#fff;font:64px sans-serif">Deterministic</div>"#,
        2.0,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    // 60 frames: enough for two browser processes (each takes at least 30).
    let mut opts = options(30);
    opts.workers = 2;
    let first = render_dir(dir.path(), opts.clone()).await.unwrap();
    let second = render_dir(dir.path(), opts).await.unwrap();
    assert_eq!(first.outcome.frames, 60);
    assert_eq!(first.outcome.processes, 2);
    assert_eq!(first.outcome.capture, reelcut_compose::browser::CaptureMode::BeginFrame);
    assert_eq!(first.outcome.frame_hashes.len(), 60);
    assert_eq!(first.outcome.frame_hashes, second.outcome.frame_hashes);
    // The frames do change over time: the hashes are not all one image.
    let distinct: std::collections::HashSet<_> = first.outcome.frame_hashes.iter().collect();
    assert!(distinct.len() > 40, "only {} distinct frames", distinct.len());
}
