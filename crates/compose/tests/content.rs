//! What the composition shows and plays: a GSAP tween against GSAP's own value, CSS
//! keyframes, variables, a video clip with data-media-start and data-playback-rate, and
//! two audio tracks with volumes landing at their offsets.

mod common;

use common::*;
use reelcut_compose::browser::{Browser, BrowserOptions};
use reelcut_compose::serve::Origin;
use std::sync::Arc;

const GSAP_PAGE: &str = r#"<script src="https://cdn.jsdelivr.net/npm/gsap@3.12.5/dist/gsap.min.js"></script>"#;
const GSAP_BODY: &str = r##"<div id="mover" class="box" style="left:0;top:400px;background:#f00"></div>
<div id="title" class="clip" data-start="0" data-duration="2" style="position:absolute;left:100px;top:100px;color:#fff;font:64px sans-serif">Title</div>
<script>
  const tl = gsap.timeline({ paused: true });
  tl.to("#mover", { x: 1500, duration: 2, ease: "power2.inOut" });
  tl.from("#title", { opacity: 0, y: 50, duration: 0.5 }, 0);
  window.__timelines["main"] = tl;
</script>"##;

#[tokio::test(flavor = "multi_thread")]
async fn a_gsap_tween_is_where_gsap_says_at_each_frame() {
    let html = page(GSAP_PAGE, GSAP_BODY, 2.0);
    let dir = project(&[("index.html", html.as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    assert!(
        r.outcome.blocked.is_empty(),
        "the CDN GSAP was served locally: {:?}",
        r.outcome.blocked
    );

    // GSAP's own value for x at each checked time, from the same page in a browser.
    let tools = tools();
    let frames = tempfile::tempdir().unwrap();
    let origin = Arc::new(Origin::new(dir.path(), frames.path(), tools.gsap_dir.as_deref()));
    let runtime = include_str!("../src/runtime.js").replace("__RC_VARIABLES__", "{}");
    let options = BrowserOptions {
        chromium: &tools.chromium,
        width: 1920,
        height: 1080,
        scale: 1.0,
        transparent: false,
    };
    let browser = Browser::launch(&options, origin, runtime).await.unwrap();
    browser.open("index.html").await.unwrap();
    browser.eval::<serde_json::Value>("window.__reelcut.init()").await.unwrap();
    browser.eval::<serde_json::Value>("window.__reelcut.finalize({})").await.unwrap();
    for n in [0usize, 3, 7, 10, 13, 19] {
        let t = n as f64 / 10.0;
        let expected: f64 = browser
            .eval(&format!("window.__reelcut.seek({t}).then(() => gsap.getProperty('#mover', 'x'))"))
            .await
            .unwrap();
        let (x0, _, _, _) = frame(&r.outcome.video, n).find([255, 0, 0]).expect("the red box is on screen");
        assert!(
            (x0 as f64 - expected).abs() <= 4.0,
            "frame {n} (t={t}): box at x={x0}, GSAP says {expected:.1}"
        );
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn css_keyframes_are_seeked_to_the_frame_time() {
    let html = page(
        r#"<style>@keyframes slide { from { transform: translateX(0px) } to { transform: translateX(1000px) } }
#slider { animation: slide 2s linear both; }</style>"#,
        r#"<div id="slider" class="box" style="left:0;top:300px;background:#00f"></div>"#,
        2.0,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    for n in [0usize, 5, 10, 15] {
        let expected = 1000.0 * n as f64 / 20.0;
        let (x0, _, _, _) = frame(&r.outcome.video, n).find([0, 0, 255]).expect("blue box");
        assert!((x0 as f64 - expected).abs() <= 4.0, "frame {n}: x={x0}, expected {expected}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn variables_fill_text_sources_css_and_scripts() {
    let html = page(
        "",
        r##"<div id="vars" data-composition-variables='[{"id":"accent","type":"color","label":"Accent","default":"#ff0000"},{"id":"width","type":"number","label":"Width","default":200},{"id":"name","type":"string","label":"Name","default":"nobody"}]'></div>
<div id="accented" class="box" style="left:100px;top:100px;background:var(--accent)"></div>
<div id="sized" class="box" style="left:100px;top:600px;background:#0000ff"></div>
<div id="label" data-var-text="name" style="position:absolute;left:900px;top:100px;color:#fff;font:48px sans-serif">placeholder</div>
<script>
  const v = window.__hyperframes.getVariables();
  document.getElementById("sized").style.width = v.width + "px";
  document.title = v.name;
</script>"##,
        1.0,
    );
    // Variables are declared on the root element.
    let html = html.replace(
        r#"data-duration="1">"#,
        r##"data-duration="1" data-composition-variables='[{"id":"accent","type":"color","label":"Accent","default":"#ff0000"},{"id":"width","type":"number","label":"Width","default":200},{"id":"name","type":"string","label":"Name","default":"nobody"}]'>"##,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let mut opts = options(5);
    opts.variables = serde_json::from_str(r##"{"accent":"#00ff00","width":600}"##).unwrap();
    let r = render_dir(dir.path(), opts).await.unwrap();
    let f = frame(&r.outcome.video, 0);
    assert!(f.find([0, 255, 0]).is_some(), "the accent variable reached var(--accent)");
    assert!(f.find([255, 0, 0]).is_none(), "the default accent was overridden");
    let (x0, _, x1, _) = f.find([0, 0, 255]).expect("the sized box");
    assert!(((x1 - x0) as f64 - 600.0).abs() < 8.0, "getVariables() width: {}", x1 - x0);
}

/// A 5-second source whose colour says the second: red, green, blue, white, yellow.
fn colour_seconds(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("assets/seconds.mp4");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let colours = ["red", "green", "blue", "white", "yellow"];
    let mut args: Vec<String> = Vec::new();
    for c in colours {
        args.extend(["-f".into(), "lavfi".into(), "-i".into(), format!("color=c={c}:s=320x180:r=30:d=1")]);
    }
    let chain: String = (0..5).map(|i| format!("[{i}:v]")).collect::<String>() + "concat=n=5:v=1:a=0[v]";
    args.extend([
        "-filter_complex".into(),
        chain,
        "-map".into(),
        "[v]".into(),
        "-c:v".into(),
        "libx264".into(),
        "-pix_fmt".into(),
        "yuv420p".into(),
        path_str(&out),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ffmpeg(&refs);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_clip_honours_media_start_and_playback_rate() {
    // Clip at 0.5 s for 1.5 s, source from 1 s at double speed: at composition time t the
    // source is at 1 + 2(t − 0.5) → t=0.75: 1.5 s (green), t=1.25: 2.5 s (blue),
    // t=1.75: 3.5 s (white).
    let html = page(
        "",
        r#"<video id="v" class="clip" src="assets/seconds.mp4" data-start="0.5" data-duration="1.5" data-media-start="1" data-playback-rate="2" data-track-index="1" style="position:absolute;left:0;top:0;width:1920px;height:1080px;object-fit:cover"></video>"#,
        2.0,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    colour_seconds(dir.path());
    let r = render_dir(dir.path(), options(20)).await.unwrap();
    let centre = |n: usize| frame(&r.outcome.video, n).pixel(960, 540);
    let is = |p: [u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| (*a as i32 - b as i32).abs() < 60);
    assert!(is(centre(5), [0, 0, 0]), "before the clip: black, got {:?}", centre(5));
    assert!(is(centre(15), [0, 128, 0]), "t=0.75 → source 1.5 s green, got {:?}", centre(15));
    assert!(is(centre(25), [0, 0, 255]), "t=1.25 → source 2.5 s blue, got {:?}", centre(25));
    assert!(is(centre(35), [255, 255, 255]), "t=1.75 → source 3.5 s white, got {:?}", centre(35));
}

/// A 0.3 s 440 Hz beep (ffmpeg's sine is 1/8 scale) in `seconds` of silence.
fn beep(dir: &std::path::Path, name: &str, seconds: f64) -> Vec<f32> {
    let out = dir.join(name);
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000:duration=0.3",
        "-af",
        &format!("apad=whole_dur={seconds}"),
        "-c:a",
        "pcm_s16le",
        &path_str(&out),
    ]);
    audio(&out, 8000)
}

/// Lag (in samples) where `signal` best matches `pattern`, by cross-correlation.
fn best_lag(signal: &[f32], pattern: &[f32], max_lag: usize) -> usize {
    let p = &pattern[..pattern.len().min(2400)];
    (0..max_lag.min(signal.len().saturating_sub(p.len())))
        .max_by(|&a, &b| {
            let score = |lag: usize| p.iter().zip(&signal[lag..]).map(|(x, y)| x * y).sum::<f32>();
            score(a).total_cmp(&score(b))
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_audio_tracks_land_at_their_offsets_with_their_volumes() {
    let html = page(
        "",
        r#"<audio id="a" class="clip" src="assets/a.wav" data-start="0.5" data-duration="1" data-volume="1" data-track-index="1"></audio>
<audio id="b" class="clip" src="assets/b.wav" data-start="1.75" data-duration="1" data-volume="0.5" data-track-index="2"></audio>"#,
        3.0,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let a = beep(dir.path(), "assets/a.wav", 1.0);
    beep(dir.path(), "assets/b.wav", 1.0);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    let mix = audio(&r.outcome.video, 8000);
    assert!(
        (mix.len() as f64 / 8000.0 - 3.0).abs() < 0.1,
        "audio lasts the composition: {} samples",
        mix.len()
    );
    let first = best_lag(&mix, &a, 8000 * 5 / 4);
    assert!(
        (first as f64 / 8000.0 - 0.5).abs() < 0.01,
        "track a lands at {:.3} s",
        first as f64 / 8000.0
    );
    let second = 8000 + best_lag(&mix[8000..], &a, 8000 * 3 / 2);
    assert!(
        (second as f64 / 8000.0 - 1.75).abs() < 0.01,
        "track b lands at {:.3} s",
        second as f64 / 8000.0
    );
    let peak = |range: std::ops::Range<usize>| mix[range].iter().fold(0f32, |m, x| m.max(x.abs()));
    let (pa, pb) = (peak(first..first + 2400), peak(second..second + 2400));
    assert!((pb / pa - 0.5).abs() < 0.06, "volume 0.5 vs 1: peaks {pa:.3} and {pb:.3}");
    // No averaging: a lone full-volume track keeps its level (AAC aside).
    let source = a.iter().fold(0f32, |m, x| m.max(x.abs()));
    assert!(
        (pa / source - 1.0).abs() < 0.1,
        "track a's peak {pa:.3} vs its source's {source:.3}"
    );
}
