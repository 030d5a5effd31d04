//! Two real faces side by side in a wide shot, with synthetic mouths (a dark box that
//! opens and shuts) and a tone for the voice:
//! - speaking in long turns: the camera follows whoever speaks in ≥ 85 % of frames and
//!   does not flap;
//! - a listener who chews all the time does not steal the camera from the speaker, whose
//!   mouth moves in step with the voice (envelope correlation);
//! - a quick back-and-forth gets the stacked split-screen, one panel per person.

use std::path::{Path, PathBuf};

use reelcut_look::frames::FrameRequest;
use reelcut_look::scene::Scene;
use reelcut_look::{camera, scene, speaker, Cadence, Face, FaceDetector, Layout, LayoutChoice};
use reelcut_media::Processes;
use reelcut_moments::acoustics::{self, FrameTrack};
use reelcut_testkit::{ffmpeg, models_dir, tempdir};
use tokio_util::sync::CancellationToken;

const LENGTH_S: f64 = 20.0;
const SOURCE: (u32, u32) = (1280, 540);
/// Left face at x=80, right face at x=900; y=120 for both.
const LEFT_X: f32 = 80.0;
const RIGHT_X: f32 = 900.0;
const TOP: f32 = 120.0;

struct Fixture {
    _dir: tempfile::TempDir,
    video: PathBuf,
    /// The face as found in the 300×300 picture (offsets inside it).
    face: Face,
}

impl Fixture {
    /// `left_mouth`/`right_mouth`: ffmpeg expressions in t, true while that mouth moves;
    /// `voice`: an expression in t, true while the tone sounds.
    fn new(left_mouth: &str, right_mouth: &str, voice: &str) -> Self {
        let dir = tempdir();
        let picture = reelcut_testkit::astronaut_face(dir.path());
        let face = detect_in_picture(&picture);
        let (mx, my) = (
            (face.landmarks[3].0 + face.landmarks[4].0) / 2.0,
            (face.landmarks[3].1 + face.landmarks[4].1) / 2.0,
        );
        let mouth = |x0: f32, moving: &str| {
            format!(
                "drawbox=x={}:y={}:w=60:h=24:color=black@1:t=fill:enable='({moving})*lt(mod(t\\,0.4)\\,0.2)'",
                (x0 + mx - 30.0) as i32,
                (TOP + my - 8.0) as i32
            )
        };
        let filter = format!(
            "color=c=0x1d2433:s={}x{}:r=25:d={LENGTH_S}[bg];[bg][1:v]overlay=x={LEFT_X}:y={TOP}[a];[a][1:v]overlay=x={RIGHT_X}:y={TOP},{},{},format=yuv420p[v]",
            SOURCE.0,
            SOURCE.1,
            mouth(LEFT_X, left_mouth),
            mouth(RIGHT_X, right_mouth)
        );
        let video = dir.path().join("two.mp4");
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("aevalsrc=exprs='0.5*sin(2*PI*220*t)*({voice})':s=16000:d={LENGTH_S}"),
            "-loop",
            "1",
            "-i",
            picture.to_str().unwrap(),
            "-filter_complex",
            &filter,
            "-map",
            "[v]",
            "-map",
            "0:a",
            "-t",
            &LENGTH_S.to_string(),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            video.to_str().unwrap(),
        ]);
        Fixture { _dir: dir, video, face }
    }

    fn centre_x(&self, x0: f32) -> f32 {
        x0 + self.face.centre().0
    }

    /// The scene and who speaks, as the clipping pipeline sees them.
    async fn analyse(&self) -> (Scene, speaker::Speakers) {
        let processes = Processes::new(2);
        let mut detector = FaceDetector::load(&models_dir()).unwrap();
        let request = FrameRequest {
            ffmpeg: "ffmpeg",
            path: &self.video,
            start: 0.0,
            duration: LENGTH_S,
            fps: 5.0,
            source: SOURCE,
            cancel: CancellationToken::new(),
        };
        let scene = scene::analyse(&processes, &mut detector, Cadence::Adaptive, request).await.unwrap();
        assert!(
            scene.observations.iter().all(|o| o.faces.len() == 2),
            "both faces seen in every frame"
        );
        let track = acoustics::track_file(&processes, "ffmpeg", &self.video, None, CancellationToken::new())
            .await
            .unwrap();
        let envelope = speaker::envelope(&scene, &track.level_db, FrameTrack::seconds_per_frame(), 0.0);
        let speakers = speaker::speakers(&scene, &envelope);
        (scene, speakers)
    }

    /// The track id of the face on the left.
    fn left_track(&self, scene: &Scene) -> usize {
        let faces = &scene.observations[0].faces;
        faces.iter().min_by(|a, b| a.face.x0.total_cmp(&b.face.x0)).unwrap().track
    }
}

fn detect_in_picture(picture: &Path) -> Face {
    let mut detector = FaceDetector::load(&models_dir()).unwrap();
    let img = image::open(picture).unwrap().to_rgb8();
    detector.detect(img.as_raw(), 300, 300).unwrap()[0]
}

/// Share of 25-fps frames (after `from` seconds) whose crop contains the face centre
/// `speaker_x(t)` says should be shown.
fn share_on_speaker(crop: &reelcut_look::CropTrack, from: f64, speaker_x: impl Fn(f64) -> f32) -> f64 {
    let (mut right, mut total) = (0, 0);
    let mut t = from;
    while t < LENGTH_S - 0.2 {
        let (x, _) = crop.corner_at(t);
        let sx = speaker_x(t);
        total += 1;
        if sx >= x && sx <= x + crop.crop.0 as f32 {
            right += 1;
        }
        t += 0.04;
    }
    right as f64 / total as f64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_follows_the_speaking_face() {
    // Left speaks in turns 0 and 2, right in turns 1 and 3; 5-s turns are followed, not split.
    let fixture = Fixture::new("lt(mod(t\\,10)\\,5)", "gte(mod(t\\,10)\\,5)", "1");
    let (scene, speakers) = fixture.analyse().await;
    let crop = camera::plan(&scene, &speakers, 9.0 / 16.0, LayoutChoice::Auto);
    assert_eq!(crop.layout, Layout::Fill, "long turns are followed");
    let share = share_on_speaker(&crop, 0.0, |t| fixture.centre_x(if t % 10.0 < 5.0 { LEFT_X } else { RIGHT_X }));
    eprintln!(
        "speaker in frame: {:.1} %; hard cuts at keyframes {:?}",
        share * 100.0,
        crop.hard_cuts
    );
    assert!(share >= 0.85, "the crop showed the speaker in {:.1} % of frames", share * 100.0);
    assert!(crop.hard_cuts.len() <= 4, "switches only at turns: {:?}", crop.hard_cuts);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chewing_listener_does_not_steal_the_camera() {
    // The left person talks in phrases (1.2 s on, 0.8 s pause), the mouth in step with
    // the voice; the right one chews the whole time: as much mouth motion during speech.
    let phrases = "lt(mod(t\\,2)\\,1.2)";
    let fixture = Fixture::new(phrases, "1", phrases);
    let (scene, speakers) = fixture.analyse().await;
    let left = fixture.left_track(&scene);
    let settled: Vec<_> = speakers.active.iter().skip(10).collect();
    let on_left = settled.iter().filter(|a| ***a == Some(left)).count() as f64 / settled.len() as f64;
    eprintln!("left (the speaker) active in {:.1} % of observations after 2 s", on_left * 100.0);
    assert!(on_left >= 0.85, "the speaker was chosen in only {:.1} %", on_left * 100.0);
    let crop = camera::plan(&scene, &speakers, 9.0 / 16.0, LayoutChoice::Auto);
    assert_eq!(crop.layout, Layout::Fill, "one speaker: no split");
    let share = share_on_speaker(&crop, 2.0, |_| fixture.centre_x(LEFT_X));
    assert!(share >= 0.85, "the crop showed the speaker in {:.1} % of frames", share * 100.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quick_back_and_forth_is_split_into_stacked_panels() {
    // Turns of 1.6 s: following would cut every 1.6 s.
    let fixture = Fixture::new("lt(mod(t\\,3.2)\\,1.6)", "gte(mod(t\\,3.2)\\,1.6)", "1");
    let (scene, speakers) = fixture.analyse().await;
    let crop = camera::plan(&scene, &speakers, 9.0 / 16.0, LayoutChoice::Auto);
    assert_eq!(crop.layout, Layout::Split, "leaders: {:?}", speakers.leaders);
    let [top, bottom] = [crop.panels[0], crop.panels[1]];
    let inside = |p: &reelcut_look::Panel, x0: f32| {
        let (cx, cy) = (x0 + fixture.face.centre().0, TOP + fixture.face.centre().1);
        cx >= p.corner.0 && cx <= p.corner.0 + p.crop.0 as f32 && cy >= p.corner.1 && cy <= p.corner.1 + p.crop.1 as f32
    };
    eprintln!("panels: {top:?} / {bottom:?}");
    assert!(
        inside(&top, LEFT_X) && !inside(&top, RIGHT_X),
        "top panel shows the left person only"
    );
    assert!(
        inside(&bottom, RIGHT_X) && !inside(&bottom, LEFT_X),
        "bottom panel shows the right person only"
    );
    let aspect = |p: &reelcut_look::Panel| p.crop.0 as f64 / p.crop.1 as f64;
    assert!((aspect(&top) - 9.0 / 8.0).abs() < 0.02, "each panel is half of 9:16: {top:?}");
    assert!(
        top.crop.1 as f32 >= 1.8 * fixture.face.y1 - 1.8 * fixture.face.y0,
        "the face fits in its panel"
    );

    // The same clip, asked to follow: no split.
    assert_eq!(camera::plan(&scene, &speakers, 9.0 / 16.0, LayoutChoice::Fill).layout, Layout::Fill);
    // Landscape output never stacks.
    assert_eq!(
        camera::plan(&scene, &speakers, 16.0 / 9.0, LayoutChoice::Split).layout,
        Layout::Fill
    );
}
