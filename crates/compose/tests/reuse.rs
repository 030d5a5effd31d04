//! A frame that nothing could have changed is taken from the one before instead of being
//! drawn and encoded again: a GSAP tween with a hold in the middle reuses exactly the
//! held frames, and its frames are the same as a render with no reuse would give (the
//! tween's position at every frame); a canvas drawn in requestAnimationFrame, which
//! changes without touching the DOM, is drawn every frame.

mod common;

use common::*;

const TWEEN: &str = r##"<div id="mover" class="box" style="left:0;top:400px;background:#f00"></div>
<script>
  const tl = gsap.timeline({ paused: true });
  tl.to("#mover", { x: 1000, duration: 1, ease: "none" })
    .to("#mover", { x: 1500, duration: 1, ease: "none" }, 2);
  window.__timelines["main"] = tl;
</script>"##;

const GSAP: &str = r#"<script src="https://cdn.jsdelivr.net/npm/gsap@3.12.5/dist/gsap.min.js"></script>"#;

#[tokio::test(flavor = "multi_thread")]
async fn held_frames_are_reused_and_match_the_tween() {
    let dir = project(&[("index.html", page(GSAP, TWEEN, 3.0).as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    // 30 frames at 10 fps: the tween moves in frames 1..=10 and 21..=29; frames 11..=20
    // hold at x = 1000 (frame 20 is the second tween's start, still at 1000).
    assert_eq!(r.outcome.frames, 30);
    assert_eq!(r.outcome.reused_frames, 10, "frames 11..=20 are held");
    let video = r.dir.path().join("out.mp4");
    for (n, x) in [(5, 500.0), (10, 1000.0), (15, 1000.0), (20, 1000.0), (25, 1250.0)] {
        let (x0, _, _, _) = frame(&video, n).find([255, 0, 0]).unwrap_or_else(|| panic!("frame {n}: no box"));
        assert!((x0 as f64 - x).abs() <= 4.0, "frame {n}: box at {x0}, tween says {x}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_canvas_drawn_each_frame_is_never_reused() {
    let body = r##"<canvas id="c" width="1920" height="1080" style="position:absolute;left:0;top:0"></canvas>
<script>
  const ctx = document.getElementById("c").getContext("2d");
  function draw(now) {
    ctx.clearRect(0, 0, 1920, 1080);
    ctx.fillStyle = "#00f";
    ctx.fillRect(now / 2, 300, 100, 100);
    requestAnimationFrame(draw);
  }
  requestAnimationFrame(draw);
</script>"##;
    let dir = project(&[("index.html", page("", body, 2.0).as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    assert_eq!(r.outcome.reused_frames, 0);
    let video = r.dir.path().join("out.mp4");
    let at = |n| frame(&video, n).find([0, 0, 255]).expect("the square").0 as f64;
    let (a, b) = (at(5), at(15));
    assert!(
        (b - a - 500.0).abs() <= 8.0,
        "the square moved {} px in 1 s, drawing says 500",
        b - a
    );
}
