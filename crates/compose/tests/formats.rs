//! Output formats and sizes: webm (VP9) and mov (ProRes 4444) keep the page's
//! transparency as alpha; 4k doubles the device pixels of a 1080p composition.

mod common;

use common::*;
use reelcut_compose::{Format, Resolution};

fn stream(video: &std::path::Path) -> String {
    reelcut_testkit::video_stream(video, "stream=codec_name,pix_fmt,width,height:stream_tags=alpha_mode")
}

/// Alpha of the pixel at (x, y) in frame 0, decoded with alpha.
fn alpha_at(video: &std::path::Path, x: usize, y: usize, decoder: &[&str]) -> u8 {
    let (w, _) = size(video);
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error"])
        .args(decoder)
        .arg("-i")
        .arg(video)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout[(y * w + x) * 4 + 3]
}

const TRANSPARENT: &str = r#"<!doctype html><html><head><style>html,body{margin:0;background:transparent}</style></head><body>
<div data-composition-id="alpha" data-start="0" data-width="1920" data-height="1080" data-duration="0.4">
  <div style="position:absolute;left:100px;top:100px;width:400px;height:400px;background:#fff"></div>
</div></body></html>"#;

#[tokio::test(flavor = "multi_thread")]
async fn webm_and_mov_keep_the_page_transparent() {
    let dir = project(&[("index.html", TRANSPARENT.as_bytes())]);
    let mut opts = options(5);
    opts.format = Format::Webm;
    let webm = render_dir(dir.path(), opts.clone()).await.unwrap();
    let info = stream(&webm.outcome.video);
    assert!(info.starts_with("vp9,"), "{info}");
    // VP9 alpha lives in a side channel that only libvpx decodes.
    let libvpx = ["-c:v", "libvpx-vp9"];
    assert_eq!(alpha_at(&webm.outcome.video, 1500, 800, &libvpx), 0, "background is transparent");
    assert!(alpha_at(&webm.outcome.video, 300, 300, &libvpx) > 250, "the box is opaque");

    opts.format = Format::Mov;
    let mov = render_dir(dir.path(), opts).await.unwrap();
    let info = stream(&mov.outcome.video);
    assert!(info.starts_with("prores,") && info.contains("yuva444p"), "{info}");
    assert_eq!(alpha_at(&mov.outcome.video, 1500, 800, &[]), 0);
    assert!(alpha_at(&mov.outcome.video, 300, 300, &[]) > 250);
}

#[tokio::test(flavor = "multi_thread")]
async fn four_k_doubles_the_device_pixels() {
    let html = page("", r#"<div class="box" style="left:100px;top:100px;background:#f00"></div>"#, 0.2);
    let dir = project(&[("index.html", html.as_bytes())]);
    let mut opts = options(5);
    opts.resolution = Resolution::K4;
    let r = render_dir(dir.path(), opts).await.unwrap();
    assert_eq!((r.outcome.width, r.outcome.height), (3840, 2160));
    assert_eq!(size(&r.outcome.video), (3840, 2160));
    // The 200-px box is 400 device pixels wide, drawn sharp, not upscaled.
    let (x0, y0, x1, _) = frame(&r.outcome.video, 0).find([255, 0, 0]).unwrap();
    assert!((x0 as i64 - 200).abs() <= 2 && (y0 as i64 - 200).abs() <= 2, "{x0},{y0}");
    assert!(((x1 - x0) as i64 - 398).abs() <= 4, "width {}", x1 - x0);
}
