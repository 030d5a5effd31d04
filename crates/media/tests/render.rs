//! Framings on real media: the fit layout keeps a landscape slide's edges (a centre crop
//! would cut them) over a blurred fill; the stacked layout puts two regions of a wide
//! shot one above the other.

use std::path::Path;
use std::process::Command;

use reelcut_media::render::{self, Framing, RenderRequest, Still};
use reelcut_media::Processes;
use tokio_util::sync::CancellationToken;

fn ffmpeg(args: &[&str]) {
    let status = Command::new("ffmpeg").args(["-v", "error", "-y"]).args(args).status().unwrap();
    assert!(status.success(), "ffmpeg {args:?}");
}

fn rgb_frame(path: &Path, w: usize, h: usize) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .unwrap();
    assert_eq!(out.stdout.len(), w * h * 3);
    out.stdout
}

/// Two seconds of a grey 1280×720 picture with `boxes` (drawbox filters) drawn on it.
fn grey_video_with_boxes(out: &Path, boxes: &str) {
    let out = out.to_str().unwrap();
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=gray:s=1280x720:r=30:d=2",
        "-vf",
        boxes,
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        out,
    ]);
}

/// The pixel at (x, y) of a packed RGB frame `width` wide.
fn pixel(rgb: &[u8], width: u32, x: usize, y: usize) -> [u8; 3] {
    let i = (y * width as usize + x) * 3;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

async fn render_one_second(input: &Path, framing: Framing<'_>, output: (u32, u32), out: &Path) {
    render::render(
        &Processes::new(2),
        RenderRequest {
            ffmpeg: "ffmpeg",
            input,
            start: 0.0,
            duration: 1.0,
            framing,
            output,
            fps: 30.0,
            ass: None,
            has_audio: false,
            preset: "ultrafast",
            crf: 18,
            out,
            work_dir: out.parent().unwrap(),
            cancel: CancellationToken::new(),
            progress: None,
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn fit_keeps_the_whole_frame_over_a_blurred_fill() {
    let dir = tempfile::tempdir().unwrap();
    // Grey 1280×720 "slide" with a red bar at the left edge and a blue one at the right.
    let slide = dir.path().join("slide.mp4");
    grey_video_with_boxes(
        &slide,
        "drawbox=x=0:y=0:w=80:h=720:color=red:t=fill,drawbox=x=1200:y=0:w=80:h=720:color=blue:t=fill",
    );
    let out = dir.path().join("fit.mp4");
    let (ow, oh) = (540u32, 960u32);
    render_one_second(&slide, Framing::Fit, (ow, oh), &out).await;
    let rgb = rgb_frame(&out, ow as usize, oh as usize);
    let px = |x: usize, y: usize| pixel(&rgb, ow, x, y);
    // The fitted slide is 540×304, centred (y 328–632): both edge bars are on screen.
    let mid = oh as usize / 2;
    let [r, g, b] = px(10, mid);
    assert!(r > 180 && g < 80 && b < 80, "left edge red, got {:?}", [r, g, b]);
    let [r, g, b] = px(ow as usize - 10, mid);
    assert!(b > 180 && r < 80 && g < 80, "right edge blue, got {:?}", [r, g, b]);
    // Above and below: the blurred fill (grey-ish, not black, no hard bars).
    let [r, g, b] = px(ow as usize / 2, 100);
    assert!(r > 60 && g > 60 && b > 60, "blurred fill above, got {:?}", [r, g, b]);

    let thumb = dir.path().join("fit.jpg");
    let still = Still {
        at: 0.5,
        framing: Framing::Fit,
        size: (ow, oh),
    };
    render::thumbnail(&Processes::new(1), "ffmpeg", &slide, still, &thumb, CancellationToken::new())
        .await
        .unwrap();
    let rgb = rgb_frame(&thumb, ow as usize, oh as usize);
    let i = (mid * ow as usize + 10) * 3;
    assert!(rgb[i] > 180 && rgb[i + 1] < 80, "thumbnail uses the same layout");
}

#[tokio::test]
async fn stacked_panels_show_two_regions_one_above_the_other() {
    let dir = tempfile::tempdir().unwrap();
    // A wide shot: a red square on the left, a blue one on the right, far apart.
    let wide = dir.path().join("wide.mp4");
    grey_video_with_boxes(
        &wide,
        "drawbox=x=100:y=260:w=200:h=200:color=red:t=fill,drawbox=x=980:y=260:w=200:h=200:color=blue:t=fill",
    );
    // Panels of 9:8 (half of 9:16) around each square.
    let framing = Framing::Stacked([((360, 320), (20.0, 200.0)), ((360, 320), (900.0, 200.0))]);
    let (ow, oh) = (540u32, 960u32);
    let out = dir.path().join("split.mp4");
    render_one_second(&wide, framing, (ow, oh), &out).await;
    let rgb = rgb_frame(&out, ow as usize, oh as usize);
    let px = |x: usize, y: usize| pixel(&rgb, ow, x, y);
    let [r, g, b] = px(ow as usize / 2, oh as usize / 4);
    assert!(r > 180 && g < 80 && b < 80, "top panel centre red, got {:?}", [r, g, b]);
    let [r, g, b] = px(ow as usize / 2, 3 * oh as usize / 4);
    assert!(b > 180 && r < 80 && g < 80, "bottom panel centre blue, got {:?}", [r, g, b]);
    let [r, g, b] = px(10, 10);
    assert!(
        (100..160).contains(&r) && (100..160).contains(&g) && (100..160).contains(&b),
        "grey around, got {:?}",
        [r, g, b]
    );

    let thumb = dir.path().join("split.jpg");
    render::thumbnail(
        &Processes::new(1),
        "ffmpeg",
        &wide,
        Still {
            at: 0.5,
            framing,
            size: (ow, oh),
        },
        &thumb,
        CancellationToken::new(),
    )
    .await
    .unwrap();
    let rgb = rgb_frame(&thumb, ow as usize, oh as usize);
    let i = (3 * oh as usize / 4 * ow as usize + ow as usize / 2) * 3;
    assert!(rgb[i + 2] > 180 && rgb[i] < 80, "thumbnail uses the same layout");
}
