//! `reelcut clip`'s pipeline on a generated talk with a real face that moves: clips
//! exist and play, are cut on sentence and word edges, carry visible captions, keep
//! the face in frame with a smooth camera; a re-export with another caption style only
//! re-renders.

use std::path::Path;

use reelcut_captions::Style;
use reelcut_clipping::{Aspect, ClipJob, ClipOptions};
use reelcut_media::Processes;
use reelcut_moments::{DurationType, Request};
use reelcut_testkit::{models_dir, tempdir, Motion};
use tokio_util::sync::CancellationToken;

const TALK: &str = "Why do most new habits fail within a month? It is not a lack of willpower, and it is not bad luck. \
It is that we try to change too much at once. When I tried to run, read and meditate every single day, I lasted nine days. \
When I picked one habit and made it tiny, two minutes a day, it stuck for a whole year. So here is the lesson: start so small that you cannot say no. \
And then there were some other things we talked about at the meeting, which were fine. We looked at the calendar for next week and moved a few things around. \
Somebody asked about the budget, and we said we would look at it later. Here is something nobody tells you about sleep. \
Your body clock does not know it is the weekend. Sleeping two extra hours on Saturday is like flying two time zones west and back every single week. \
The fix sounds boring, but it works: get up at the same time every day. It turns out consistency beats duration, and that changed everything for me.";

fn motion() -> Motion {
    Motion {
        width: 960,
        height: 540,
        picture_height: 300,
        picture_width: 300,
        swing: 180.0,
        period_s: 16.0,
    }
}

fn options(style: Style) -> ClipOptions {
    ClipOptions {
        moments: Request {
            durations: vec![DurationType::S30],
            prompt: None,
            max_clips: Some(2),
            rank_by: reelcut_moments::RankBy::Virality,
        },
        aspect: Aspect::Portrait,
        resolution: 480,
        caption_style: Some(style),
        hook: true,
        layout: reelcut_clipping::LayoutChoice::Auto,
        crop_overrides: Vec::new(),
    }
}

async fn clip(input: &Path, out: &Path, cache: &Path, style: Style) -> reelcut_clipping::Manifest {
    clip_with(input, out, cache, options(style)).await.expect("clips")
}

async fn clip_with(
    input: &Path,
    out: &Path,
    cache: &Path,
    options: ClipOptions,
) -> Result<reelcut_clipping::Manifest, reelcut_clipping::ClippingError> {
    let settings = reelcut_core::Settings {
        models_dir: models_dir(),
        cache_dir: cache.to_path_buf(),
        ..Default::default()
    };
    let processes = Processes::new(4);
    reelcut_clipping::run(ClipJob {
        settings: &settings,
        processes: &processes,
        input,
        out_dir: out,
        options: &options,
        cancel: CancellationToken::new(),
        progress: None,
    })
    .await
}

fn frame_png(video: &Path, at: f64, out: &Path) -> image::RgbImage {
    reelcut_testkit::ffmpeg(&[
        "-ss",
        &format!("{at:.2}"),
        "-i",
        video.to_str().unwrap(),
        "-frames:v",
        "1",
        out.to_str().unwrap(),
    ]);
    image::open(out).unwrap().to_rgb8()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moving_speaker_becomes_clean_vertical_clips() {
    let dir = tempdir();
    let speech = dir.path().join("talk.wav");
    reelcut_testkit::speak(TALK, "en-us", 150, &speech);
    let face_png = reelcut_testkit::astronaut_face(dir.path());
    let video = dir.path().join("talk.mp4");
    let m = motion();
    reelcut_testkit::talking_head(&speech, &face_png, &m, &video);
    let (out, cache) = (dir.path().join("clips"), dir.path().join("cache"));

    let first = clip(&video, &out, &cache, Style::Bold).await;
    assert!(!first.clips.is_empty(), "{:?}", first.notes);
    let transcript: reelcut_speech::Transcript = {
        let settings = reelcut_core::Settings {
            models_dir: models_dir(),
            ..Default::default()
        };
        let processes = Processes::new(2);
        reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
            settings: &settings,
            processes: &processes,
            input: &video,
            cancel: CancellationToken::new(),
            progress: None,
            task: reelcut_speech::Task::Transcribe,
        })
        .await
        .unwrap()
    };
    let face_in_picture = {
        let mut detector = reelcut_look::FaceDetector::load(&models_dir()).unwrap();
        let img = image::open(&face_png).unwrap().to_rgb8();
        let faces = detector.detect(img.as_raw(), 300, 300).unwrap();
        faces[0].centre()
    };
    let mut inside = 0;
    let mut sampled = 0;
    for c in &first.clips {
        let file = out.join(&c.video);
        let length = reelcut_testkit::duration(&file);
        assert!((19.5..=41.5).contains(&length), "{} lasts {length}", c.video);
        assert_eq!((c.width, c.height), (480, 854));
        // Edges: at a sentence boundary, within 0.15 s of a word edge, no word cut.
        let starts = transcript
            .sentences
            .iter()
            .any(|s| (c.start - s.start).abs() <= 0.3 && c.start <= s.start + 1e-6);
        let ends = transcript
            .sentences
            .iter()
            .any(|s| (c.end - s.end).abs() <= 0.45 && c.end >= s.end - 1e-6);
        assert!(starts && ends, "clip {:.2}-{:.2} not on sentence edges", c.start, c.end);
        let near = |t: f64| {
            transcript
                .words
                .iter()
                .any(|w| (w.start - t).abs() <= 0.15 + 0.25 || (w.end - t).abs() <= 0.15 + 0.4)
        };
        assert!(near(c.start) && near(c.end));
        assert!(
            !transcript
                .words
                .iter()
                .any(|w| (w.start < c.start && c.start < w.end) || (w.start < c.end && c.end < w.end)),
            "a word is cut"
        );
        // The face stays inside the crop; the camera never jumps between frames.
        let track = &c.crop_track;
        let mut last: Option<f32> = None;
        let mut t = 0.0;
        while t < c.duration_seconds {
            let (x, _) = track.corner_at(t);
            let (px, _) = m.corner(c.start + t);
            let face_x = px as f32 + face_in_picture.0;
            sampled += 1;
            if face_x >= x && face_x <= x + track.crop.0 as f32 {
                inside += 1;
            }
            if let Some(prev) = last {
                assert!(
                    (x - prev).abs() <= 0.02 * track.crop.0 as f32 + 1.0,
                    "crop moved {} px in one frame at {t:.2}",
                    x - prev
                );
            }
            last = Some(x);
            t += 1.0 / 25.0;
        }
        // Captions: the bold style lights the spoken word in yellow, in the lower half.
        let frame = frame_png(&file, 5.0, &dir.path().join(format!("{}.png", c.index)));
        let yellow = frame
            .enumerate_pixels()
            .filter(|(_, y, p)| *y > frame.height() / 2 && p[0] > 200 && p[1] > 170 && p[2] < 90)
            .count();
        assert!(yellow > 50, "no lit caption word in {} ({yellow} yellow pixels)", c.video);
        assert!(out.join(&c.thumbnail).is_file() && out.join(&c.srt).is_file() && out.join(&c.vtt).is_file());
    }
    let share = inside as f64 / sampled as f64;
    assert!(share >= 0.95, "face inside the crop in {:.1} % of frames", share * 100.0);
    assert!(out.join("clips.json").is_file() && out.join("index.html").is_file());

    // Re-export with another style: transcript, moments and look come from the cache.
    let second = clip(&video, &out, &cache, Style::Karaoke).await;
    let cached: Vec<&str> = second.stages.iter().filter(|s| s.cached).map(|s| s.stage.as_str()).collect();
    assert_eq!(cached, ["transcribe", "moments", "look"], "{:?}", second.stages);
    assert_eq!(
        second.clips.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>(),
        first.clips.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>()
    );

    // The crop track is data: clip 1 edited to the fit layout in clips.json and rendered
    // again with that file takes the edit; the analysis is not re-run.
    let mut edited = second.clips.clone();
    edited[0].crop_track.layout = reelcut_look::Layout::Fit;
    let edited_json = dir.path().join("edited.json");
    std::fs::write(&edited_json, serde_json::json!({ "clips": edited }).to_string()).unwrap();
    let mut with_edit = options(Style::Karaoke);
    with_edit.crop_overrides = reelcut_clipping::overrides::read(&edited_json).unwrap();
    let third = clip_with(&video, &out, &cache, with_edit.clone()).await.unwrap();
    assert_eq!(third.clips[0].crop_track.layout, reelcut_look::Layout::Fit);
    assert_eq!(
        third.clips[1..].iter().map(|c| &c.crop_track).collect::<Vec<_>>(),
        second.clips[1..].iter().map(|c| &c.crop_track).collect::<Vec<_>>()
    );
    assert!(third.stages.iter().any(|s| s.stage == "look" && s.cached), "{:?}", third.stages);
    // An edit that crops outside the picture is refused, naming the clip.
    with_edit.crop_overrides[0].crop_track.layout = reelcut_look::Layout::Fill;
    with_edit.crop_overrides[0].crop_track.positions[0] = 5000.0;
    let err = clip_with(&video, &out, &cache, with_edit).await.unwrap_err();
    assert_eq!(reelcut_core::ErrorCode::param(&err), Some("crop_track"));
    assert!(err.to_string().contains("outside the picture"), "{err}");
}
