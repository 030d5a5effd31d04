//! Helpers for the composition suites: write a project, render it, read frames and audio
//! back from the output with ffmpeg.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reelcut_compose::{render, Project, ProjectLimits, RenderOptions, RenderOutcome, RenderTools};
use reelcut_media::Processes;
use tokio_util::sync::CancellationToken;

pub fn tools() -> RenderTools {
    let settings = reelcut_core::Settings::load(None, &std::env::vars().collect(), &[]).expect("settings");
    let tools = RenderTools::from_settings(&settings, Processes::new(4));
    assert!(
        tools.gsap_dir.is_some(),
        "vendored gsap missing: run scripts/vendor.sh (README command (b) does)"
    );
    tools
}

/// A project directory with these files.
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    dir
}

/// A 1920×1080 page with a black background around `body`.
pub fn page(head: &str, body: &str, duration: f64) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><style>
html,body{{margin:0;background:#000;width:1920px;height:1080px;overflow:hidden}}
.box{{position:absolute;width:200px;height:200px}}
</style>{head}</head><body>
<div id="root" data-composition-id="main" data-start="0" data-width="1920" data-height="1080" data-duration="{duration}">
{body}
</div></body></html>"#
    )
}

pub struct Rendered {
    pub outcome: RenderOutcome,
    pub dir: tempfile::TempDir,
}

pub async fn render_dir(dir: &Path, options: RenderOptions) -> Result<Rendered, reelcut_compose::ComposeError> {
    let project = Project::open(dir, &options.composition, ProjectLimits::default())?;
    let out = tempfile::tempdir().unwrap();
    let video = out.path().join(format!("out.{}", options.format.extension()));
    let thumb = out.path().join("thumb.jpg");
    let outcome = render(
        &project,
        &options,
        &tools(),
        &video,
        &thumb,
        Arc::new(|_, _| {}),
        CancellationToken::new(),
    )
    .await?;
    // To look at what a test rendered: COMPOSE_TEST_KEEP=/some/dir.
    if let Some(keep) = std::env::var_os("COMPOSE_TEST_KEEP") {
        let name = format!(
            "{}-{}",
            std::thread::current().name().unwrap_or("render").replace("::", "-"),
            video.file_name().unwrap().to_string_lossy()
        );
        std::fs::create_dir_all(&keep).ok();
        std::fs::copy(&video, Path::new(&keep).join(name)).ok();
    }
    Ok(Rendered { outcome, dir: out })
}

pub fn options(fps: u32) -> RenderOptions {
    RenderOptions {
        fps: Some(fps),
        workers: 1,
        ..RenderOptions::default()
    }
}

/// One decoded frame, RGB24.
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
}

impl Frame {
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
    /// Bounding box (x0, y0, x1, y1) of pixels near `colour`, if any.
    pub fn find(&self, colour: [u8; 3]) -> Option<(usize, usize, usize, usize)> {
        let near = |p: [u8; 3]| p.iter().zip(colour).all(|(a, b)| (*a as i32 - b as i32).abs() < 70);
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (usize::MAX, usize::MAX, 0, 0, 0);
        for y in (0..self.height).step_by(2) {
            for x in (0..self.width).step_by(2) {
                if near(self.pixel(x, y)) {
                    x0 = x0.min(x);
                    y0 = y0.min(y);
                    x1 = x1.max(x);
                    y1 = y1.max(y);
                    n += 1;
                }
            }
        }
        // A few stray pixels of compression noise are not an element.
        (n > 50).then_some((x0, y0, x1, y1))
    }
}

/// Frame `n` of a video (0-based, in decode order).
pub fn frame(video: &Path, n: usize) -> Frame {
    let (w, h) = size(video);
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(video)
        .args([
            "-vf",
            &format!("select=eq(n\\,{n})"),
            "-vsync",
            "0",
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout.len(), w * h * 3, "frame {n} of {}", video.display());
    Frame {
        width: w,
        height: h,
        rgb: out.stdout,
    }
}

pub fn size(video: &Path) -> (usize, usize) {
    let text = reelcut_testkit::video_stream(video, "stream=width,height");
    let mut parts = text.split(',').map(|v| v.parse::<usize>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

/// The output's audio as mono f32 at `rate`.
pub fn audio(video: &Path, rate: u32) -> Vec<f32> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(video)
        .args(["-ac", "1", "-ar", &rate.to_string(), "-f", "f32le", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

pub fn ffmpeg(args: &[&str]) {
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "ffmpeg {args:?}");
}

pub fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

pub fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
