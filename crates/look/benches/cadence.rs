//! The look stage's scene analysis (decode at 5 fps + face search + tracks) on a 30-s
//! 1080p30 talking head with B-frames, searching every frame at full analysis size vs
//! the adaptive cadence the pipeline uses. Prints wall seconds, reelcut's own CPU
//! seconds (the face search; ffmpeg's decode is a child process) and the ratios, best
//! of 2, plus how many searches ran at each size. Run: `cargo bench -p reelcut-look`.

use std::path::Path;
use std::time::Instant;

use reelcut_look::frames::FrameRequest;
use reelcut_look::{scene, Cadence, FaceDetector};
use reelcut_media::Processes;
use reelcut_testkit::{astronaut_face, ffmpeg, models_dir, tempdir};
use tokio_util::sync::CancellationToken;

const LENGTH_S: f64 = 30.0;
const SOURCE: (u32, u32) = (1920, 1080);

fn cpu_seconds() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(usage.ru_utime) + s(usage.ru_stime)
}

fn make_input(dir: &Path) -> std::path::PathBuf {
    let face = astronaut_face(dir);
    let out = dir.join("talk-1080p30.mp4");
    // A head-and-shoulders shot: the face ~300 px wide in 1080p, drifting slowly.
    let filter = format!(
        "color=c=0x1d2433:s={}x{}:r=30:d={LENGTH_S}[bg];[0:v]scale=600:600[p];[bg][p]overlay=x='660+200*sin(2*PI*t/10)':y=200,format=yuv420p",
        SOURCE.0, SOURCE.1
    );
    ffmpeg(&[
        "-loop",
        "1",
        "-i",
        face.to_str().unwrap(),
        "-filter_complex",
        &filter,
        "-t",
        &LENGTH_S.to_string(),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-bf",
        "3",
        out.to_str().unwrap(),
    ]);
    out
}

async fn analyse(video: &Path, cadence: Cadence) -> (f64, f64, usize) {
    let mut detector = FaceDetector::load(&models_dir()).expect("models: run scripts/setup.sh");
    let request = FrameRequest {
        ffmpeg: "ffmpeg",
        path: video,
        start: 0.0,
        duration: LENGTH_S,
        fps: 5.0,
        source: SOURCE,
        cancel: CancellationToken::new(),
    };
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let scene = scene::analyse(&Processes::new(2), &mut detector, cadence, request)
        .await
        .expect("analysis");
    let faces = scene.observations.iter().filter(|o| !o.faces.is_empty()).count();
    (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu, faces)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempdir();
    let video = make_input(dir.path());
    let mut best = Vec::new();
    for cadence in [Cadence::FullSize, Cadence::Adaptive] {
        let mut runs = [analyse(&video, cadence).await, analyse(&video, cadence).await];
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        best.push(runs[0]);
    }
    println!("scene analysis of {LENGTH_S} s of 1080p30 at 5 fps (150 frames), best of 2");
    println!("{:<12} {:>7} {:>12} {:>16}", "cadence", "wall_s", "own_cpu_s", "frames_with_face");
    for (name, (wall, cpu, faces)) in ["full size", "adaptive"].iter().zip(&best) {
        println!("{name:<12} {wall:>7.2} {cpu:>12.2} {faces:>16}");
    }
    println!(
        "ratio adaptive/full size: wall {:.2}x  own cpu {:.2}x",
        best[1].0 / best[0].0,
        best[1].1 / best[0].1
    );
}
