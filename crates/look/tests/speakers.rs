//! Two real faces side by side, speaking in turns (the speaker's mouth region moves,
//! the listener's does not): the camera must follow whoever speaks in ≥ 85 % of frames,
//! and must not flap.

use reelcut_look::frames::FrameRequest;
use reelcut_look::{camera, scene, speaker, FaceDetector};
use reelcut_media::Processes;
use reelcut_testkit::{ffmpeg, models_dir, tempdir};
use tokio_util::sync::CancellationToken;

const TURN_S: f64 = 5.0;
const LENGTH_S: f64 = 20.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_follows_the_speaking_face() {
    let dir = tempdir();
    let face = reelcut_testkit::astronaut_face(dir.path());
    let mut detector = FaceDetector::load(&models_dir()).unwrap();
    let img = image::open(&face).unwrap().to_rgb8();
    let found = detector.detect(img.as_raw(), 300, 300).unwrap()[0];
    let (mx, my) = (
        (found.landmarks[3].0 + found.landmarks[4].0) / 2.0,
        (found.landmarks[3].1 + found.landmarks[4].1) / 2.0,
    );
    // Left face at x=80, right face at x=900 on a 1280×540 frame; y=120 for both.
    let (left_x, right_x, top) = (80.0, 900.0, 120.0);
    let mouth = |x0: f32, turn: &str| {
        format!(
            "drawbox=x={}:y={}:w=60:h=24:color=black@1:t=fill:enable='{turn}*lt(mod(t\\,0.4)\\,0.2)'",
            (x0 + mx - 30.0) as i32,
            (top + my - 8.0) as i32
        )
    };
    // Left speaks in turns 0 and 2, right in turns 1 and 3.
    let left_turn = format!("lt(mod(t\\,{})\\,{TURN_S})", 2.0 * TURN_S);
    let right_turn = format!("gte(mod(t\\,{})\\,{TURN_S})", 2.0 * TURN_S);
    let filter = format!(
        "color=c=0x1d2433:s=1280x540:r=25:d={LENGTH_S}[bg];[bg][1:v]overlay=x={left_x}:y={top}[a];[a][1:v]overlay=x={right_x}:y={top},{},{},format=yuv420p[v]",
        mouth(left_x, &left_turn),
        mouth(right_x, &right_turn)
    );
    let video = dir.path().join("two.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("anullsrc=d={LENGTH_S}"),
        "-loop",
        "1",
        "-i",
        face.to_str().unwrap(),
        "-filter_complex",
        &filter,
        "-map",
        "[v]",
        "-t",
        &LENGTH_S.to_string(),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        video.to_str().unwrap(),
    ]);

    let processes = Processes::new(2);
    let scene = scene::analyse(
        &processes,
        &mut detector,
        FrameRequest {
            ffmpeg: "ffmpeg",
            path: &video,
            start: 0.0,
            duration: LENGTH_S,
            fps: 5.0,
            source: (1280, 540),
            cancel: CancellationToken::new(),
        },
    )
    .await
    .unwrap();
    assert!(
        scene.observations.iter().all(|o| o.faces.len() == 2),
        "both faces seen in every frame"
    );
    let speaking = vec![true; scene.observations.len()];
    let active = speaker::active_tracks(&scene, &speaking);
    let crop = camera::plan(&scene, &active, 9.0 / 16.0);
    let face_centre = |x0: f32| x0 + found.centre().0;
    let (mut right, mut total) = (0, 0);
    let mut t = 0.0;
    while t < LENGTH_S - 0.2 {
        let speaker_x = if (t % (2.0 * TURN_S)) < TURN_S {
            face_centre(left_x)
        } else {
            face_centre(right_x)
        };
        let (x, _) = crop.corner_at(t);
        total += 1;
        if speaker_x >= x && speaker_x <= x + crop.crop.0 as f32 {
            right += 1;
        }
        t += 0.04;
    }
    let share = right as f64 / total as f64;
    eprintln!(
        "speaker in frame: {:.1} % of {total} frames; hard cuts at keyframes {:?}",
        share * 100.0,
        crop.hard_cuts
    );
    assert!(share >= 0.85, "the crop showed the speaker in {:.1} % of frames", share * 100.0);
    assert!(crop.hard_cuts.len() <= 4, "switches only at turns: {:?}", crop.hard_cuts);
}
