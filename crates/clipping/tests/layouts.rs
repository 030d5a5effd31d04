//! The placed-panel layouts on generated talks with real faces: where the face and the
//! screen land in the output frame. A slide beside a speaker goes screen-first, and
//! picture-in-picture (an export: the camera is re-planned
//! from the kept face tracks); four people make a 2×2 grid, one face per cell.

use std::path::{Path, PathBuf};

use reelcut_captions::{Display, Style};
use reelcut_clipping::export::{ExportJob, ExportOptions, Frame};
use reelcut_clipping::{Aspect, ClipJob, ClipOptions, LayoutChoice, Manifest};
use reelcut_look::{FaceDetector, Layout};
use reelcut_media::Processes;
use reelcut_moments::{DurationType, Request};
use reelcut_testkit::{astronaut_face, ffmpeg, models_dir, speak, tempdir, SHORT_TALK};
use tokio_util::sync::CancellationToken;

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

fn settings(cache: &Path) -> reelcut_core::Settings {
    reelcut_core::Settings {
        models_dir: models_dir(),
        cache_dir: cache.to_path_buf(),
        ..Default::default()
    }
}

async fn clip(video: &Path, out: &Path, cache: &Path, layout: LayoutChoice) -> Manifest {
    reelcut_clipping::run(ClipJob {
        settings: &settings(cache),
        processes: &Processes::new(4),
        input: video,
        out_dir: out,
        options: &ClipOptions {
            moments: Request {
                durations: vec![DurationType::S30],
                prompt: None,
                max_clips: Some(1),
                rank_by: reelcut_moments::RankBy::Virality,
            },
            aspect: Aspect::Portrait,
            resolution: 720,
            caption_style: None,
            hook: false,
            layout,
            crop_overrides: Vec::new(),
        },
        cancel: CancellationToken::new(),
        progress: None,
    })
    .await
    .expect("clips")
}

/// The middle frame of a clip and the faces found in it (centres as shares of the frame).
fn faces_in(video: &Path, png: &Path) -> (image::RgbImage, Vec<(f32, f32)>) {
    let length = reelcut_testkit::duration(video);
    ffmpeg(&[
        "-ss",
        &format!("{:.2}", length / 2.0),
        "-i",
        video.to_str().unwrap(),
        "-frames:v",
        "1",
        png.to_str().unwrap(),
    ]);
    let img = image::open(png).unwrap().to_rgb8();
    let mut detector = FaceDetector::load(&models_dir()).unwrap();
    let faces = detector.detect(img.as_raw(), img.width() as usize, img.height() as usize).unwrap();
    let (w, h) = (img.width() as f32, img.height() as f32);
    let centres = faces.iter().map(|f| (f.centre().0 / w, f.centre().1 / h)).collect();
    (img, centres)
}

/// Share of near-white pixels in rows `from`…`to` (shares of the height).
fn white_share(img: &image::RgbImage, from: f32, to: f32) -> f32 {
    let h = img.height() as f32;
    let rows = (from * h) as u32..(to * h) as u32;
    let (mut white, mut all) = (0, 0);
    for (_, y, p) in img.enumerate_pixels() {
        if rows.contains(&y) {
            all += 1;
            white += usize::from(p.0.iter().all(|&c| c > 225));
        }
    }
    white as f32 / all as f32
}

/// A 1920×1080 talk: a white slide with five lines of text on the left, the speaker
/// (a real face, swaying) on the right.
fn slide_talk(dir: &Path) -> PathBuf {
    let speech = dir.join("speech.wav");
    speak(SHORT_TALK, "en-us", 160, &speech);
    let face = astronaut_face(dir);
    let lines = [
        "Why habits fail",
        "1. Too much at once",
        "2. No trigger",
        "3. No reward",
        "Start tiny",
    ];
    let text: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                ",drawtext=fontfile={FONT}:text='{l}':fontsize=72:fontcolor=black:x=70:y={}",
                90 + i * 160
            )
        })
        .collect();
    let filter = format!(
        "color=c=0x1d2433:s=1920x1080:r=25[bg];color=c=white:s=1180x900:r=25{text}[slide];[bg][slide]overlay=40:90[b];\
         [1:v]scale=320:320[p];[b][p]overlay=x='1440+50*sin(2*PI*t/9)':y=330:shortest=1,format=yuv420p[v]"
    );
    let video = dir.join("slide.mp4");
    ffmpeg(&[
        "-i",
        speech.to_str().unwrap(),
        "-loop",
        "1",
        "-i",
        face.to_str().unwrap(),
        "-filter_complex",
        &filter,
        "-map",
        "[v]",
        "-map",
        "0:a",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-c:a",
        "aac",
        "-shortest",
        video.to_str().unwrap(),
    ]);
    video
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slide_goes_screen_first_and_pip_insets_the_speaker() {
    let dir = tempdir();
    let video = slide_talk(dir.path());
    let (out, cache) = (dir.path().join("clips"), dir.path().join("cache"));
    let run = clip(&video, &out, &cache, LayoutChoice::ScreenFirst).await;
    let track = &run.clips[0].crop_track;
    assert_eq!(track.layout, Layout::ScreenFirst, "a screen was found beside the face");
    let (frame, faces) = faces_in(&out.join(&run.clips[0].video), &dir.path().join("screen-first.png"));
    let screen_height = track.panels[0].at.unwrap()[3];
    assert!(white_share(&frame, 0.05, screen_height - 0.05) > 0.5, "the slide fills the top");
    assert_eq!(faces.len(), 1, "{faces:?}");
    assert!(faces[0].1 > screen_height, "the face is below the screen: {faces:?}");

    let pip = dir.path().join("pip");
    reelcut_clipping::export::export(ExportJob {
        settings: &settings(&cache),
        processes: &Processes::new(4),
        clips_dir: &out,
        input: None,
        out_dir: &pip,
        options: &ExportOptions {
            clips: None,
            frame: Frame::Aspect(Aspect::Portrait),
            resolution: 720,
            layout: LayoutChoice::Pip,
            caption_style: Some(Style::Classic),
            display: Display::Original,
            target_language: None,
            hook: None,
            trims: Vec::new(),
        },
        cancel: CancellationToken::new(),
        progress: None,
    })
    .await
    .expect("a pip export");
    let (frame, faces) = faces_in(&pip.join(&run.clips[0].video), &dir.path().join("pip.png"));
    // The inset: top-right, a third of the width; the whole frame: the middle band.
    let inset = faces.iter().find(|(x, y)| *x > 0.62 && *y < 0.25);
    assert!(inset.is_some(), "the speaker inset top right: {faces:?}");
    assert!(
        faces.iter().any(|(x, y)| *x > 0.62 && (0.35..0.65).contains(y)),
        "and small in the whole frame: {faces:?}"
    );
    assert!(
        white_share(&frame, 0.36, 0.62) > 0.3,
        "the whole frame (its slide) in the middle band"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_people_make_a_grid_with_one_face_per_cell() {
    let dir = tempdir();
    let speech = dir.path().join("speech.wav");
    speak(SHORT_TALK, "en-us", 160, &speech);
    let face = astronaut_face(dir.path());
    let filter = "color=c=0x1d2433:s=1920x1080:r=25[bg];[1:v]scale=240:240,split=4[a][b][c][d];\
                  [bg][a]overlay=x='260+20*sin(2*PI*t/7)':y=120[o1];[o1][b]overlay=x=1400:y='130+15*sin(2*PI*t/5)'[o2];\
                  [o2][c]overlay=x=300:y=690[o3];[o3][d]overlay=x='1380+25*sin(2*PI*t/6)':y=700:shortest=1,format=yuv420p[v]";
    let video = dir.path().join("four.mp4");
    ffmpeg(&[
        "-i",
        speech.to_str().unwrap(),
        "-loop",
        "1",
        "-i",
        face.to_str().unwrap(),
        "-filter_complex",
        filter,
        "-map",
        "[v]",
        "-map",
        "0:a",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-c:a",
        "aac",
        "-shortest",
        video.to_str().unwrap(),
    ]);
    let (out, cache) = (dir.path().join("clips"), dir.path().join("cache"));
    let run = clip(&video, &out, &cache, LayoutChoice::Grid).await;
    assert_eq!(run.clips[0].crop_track.layout, Layout::Grid);
    let (_, faces) = faces_in(&out.join(&run.clips[0].video), &dir.path().join("grid.png"));
    assert_eq!(faces.len(), 4, "{faces:?}");
    for (cx, cy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
        assert!(
            faces.iter().any(|(x, y)| (x - cx).abs() < 0.2 && (y - cy).abs() < 0.2),
            "a face in the cell around ({cx}, {cy}): {faces:?}"
        );
    }
}
