//! Music without speech, through the real speech room and moment finding: no clips,
//! and a note that says why (here, not in the moments room: it needs Whisper, which
//! the moments room does not link).

use reelcut_media::Processes;
use reelcut_moments::{DurationType, Embedder};
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn music_without_speech_gives_no_clips_and_a_reason() {
    let dir = reelcut_testkit::tempdir();
    let music = dir.path().join("music.wav");
    // A minute of chords with a beat: tonal, rhythmic, no voice.
    let expr = "0.15*sin(2*PI*220*t)+0.12*sin(2*PI*277.2*t)+0.1*sin(2*PI*329.6*t)+0.2*sin(2*PI*55*t)*pow(sin(PI*2*t)\\,8)";
    reelcut_testkit::ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("aevalsrc={expr}:s=16000:d=60"),
        music.to_str().unwrap(),
    ]);
    let settings = reelcut_core::Settings {
        models_dir: reelcut_testkit::models_dir(),
        ..Default::default()
    };
    let processes = Processes::new(2);
    let transcript = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: &settings,
        processes: &processes,
        input: &music,
        cancel: CancellationToken::new(),
        progress: None,
        task: reelcut_speech::Task::Transcribe,
    })
    .await
    .unwrap();
    let moments = reelcut_moments::find(
        &transcript,
        None,
        &Embedder::load(&reelcut_testkit::models_dir()).unwrap(),
        &reelcut_moments::Request {
            durations: vec![DurationType::S30],
            prompt: None,
            max_clips: None,
            rank_by: reelcut_moments::RankBy::Virality,
        },
    )
    .unwrap();
    assert!(moments.moments.is_empty(), "{:?}", moments.moments);
    let notes = moments.notes.join("\n");
    assert!(notes.contains("no speech found") || notes.contains("no `30` clip"), "{notes}");
}
