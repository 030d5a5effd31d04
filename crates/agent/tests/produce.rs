//! A 6-point outline → a finished video, checked on the files themselves: every output
//! is valid media, Whisper hears the plan's words (≤ 10 % word errors), captions sit on
//! the spoken words, the length meets the target, the points come in order.

use std::sync::Arc;

use reelcut_agent::{AgentTools, Brief, Visual};
use reelcut_compose::RenderTools;
use reelcut_media::Processes;

const OUTLINE: &str = "Why offline sync matters
- Your notes save on the phone first
- Nothing waits for the network
- Changes upload when you reconnect
- Two edits to one note keep both versions
- Support tickets fell by 40% after launch
- It works on a plane";

fn normalised(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(reelcut_testkit::normalise)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where speech starts after at least 0.3 s of silence, from the file's sound track
/// (10 ms RMS frames against 3 % of the loudest frame).
fn onsets(video: &std::path::Path) -> Vec<f64> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(video)
        .args(["-ac", "1", "-ar", "16000", "-f", "s16le", "-"])
        .output()
        .unwrap();
    let samples: Vec<f64> = out
        .stdout
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f64)
        .collect();
    let rms: Vec<f64> = samples
        .chunks(160)
        .map(|c| (c.iter().map(|x| x * x).sum::<f64>() / c.len() as f64).sqrt())
        .collect();
    let threshold = 0.03 * rms.iter().cloned().fold(0.0, f64::max);
    let (mut found, mut silent) = (Vec::new(), 0);
    for (i, r) in rms.iter().enumerate() {
        if *r < threshold {
            silent += 1;
        } else {
            if silent >= 30 {
                found.push(i as f64 * 0.01);
            }
            silent = 0;
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outline_becomes_a_narrated_captioned_video() {
    let settings = reelcut_core::Settings::load(None, &std::env::vars().collect(), &[]).expect("settings");
    let models_dir = reelcut_testkit::models_dir();
    let tools = AgentTools {
        models_dir: models_dir.clone(),
        render: RenderTools::from_settings(&settings, Processes::new(2)),
        render_workers: 2,
    };
    let board = reelcut_agent::planner::plan(&Brief {
        prompt: OUTLINE.into(),
        duration: Some(40.0),
        ..Default::default()
    });
    // The six points, in order, each its own scene.
    let points: Vec<&str> = board.scenes[1..7].iter().map(|s| s.narration.as_str()).collect();
    assert_eq!(points[0], "Your notes save on the phone first.");
    assert_eq!(points[5], "It works on a plane.");
    assert!(matches!(board.scenes[5].visual, Visual::BigNumber { .. }));

    let out = reelcut_testkit::tempdir();
    let made = reelcut_agent::produce(&board, out.path(), out.path(), &tools, Arc::new(|_, _| {}), Default::default())
        .await
        .expect("produces");
    if let Some(keep) = std::env::var_os("AGENT_TEST_KEEP") {
        for f in [&made.video, &made.captioned, &made.thumbnail, &made.gif, &made.subtitles] {
            std::fs::copy(f, std::path::Path::new(&keep).join(f.file_name().unwrap())).unwrap();
        }
        std::fs::copy(made.project.join("index.html"), std::path::Path::new(&keep).join("index.html")).unwrap();
    }
    // Every on-screen text box fits, as measured in the page while it rendered.
    assert!(made.overflow.is_empty(), "text overflows: {:#?}", made.overflow);
    for f in [&made.video, &made.captioned] {
        let d = reelcut_testkit::duration(f);
        assert!((d - 40.0).abs() <= 6.0, "{}: {d:.1} s, target 40 s ± 15 %", f.display());
        let size = reelcut_testkit::video_stream(f, "stream=width,height");
        assert_eq!(size, "1920,1080", "{}", f.display());
    }
    assert!(std::fs::read_to_string(&made.subtitles)
        .unwrap()
        .contains("Nothing waits for the network"));
    assert!(reelcut_testkit::video_stream(&made.gif, "stream=codec_name").contains("gif"));
    assert!(std::fs::metadata(&made.thumbnail).unwrap().len() > 5_000);

    // Whisper on the video's own sound track.
    let processes = Processes::new(2);
    let heard = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: &settings,
        processes: &processes,
        input: &made.video,
        cancel: Default::default(),
        progress: None,
        task: reelcut_speech::Task::Transcribe,
    })
    .await
    .expect("transcribes");
    let heard_words: Vec<String> = heard.words.iter().map(|w| reelcut_testkit::normalise(&w.text)).collect();
    let error = reelcut_testkit::word_error_rate(&normalised(&board.script()), &heard_words);
    assert!(error <= 0.10, "word error rate {error:.3}; heard {heard_words:?}");

    // Caption timings (the words the captions are drawn from) against where Whisper
    // hears the same words.
    let mut offsets = Vec::new();
    let mut signed = Vec::new();
    for w in &heard.words {
        let n = reelcut_testkit::normalise(&w.text);
        let ours = made.words.iter().filter(|m| reelcut_testkit::normalise(&m.text) == n);
        if let Some(m) = ours.min_by(|a, b| (a.start - w.start).abs().total_cmp(&(b.start - w.start).abs())) {
            offsets.push((m.start - w.start).abs());
            signed.push(m.start - w.start);
        }
    }
    offsets.sort_by(f64::total_cmp);
    eprintln!("signed offsets: {signed:.2?}");
    let median = offsets[offsets.len() / 2];
    let p90 = offsets[offsets.len() * 9 / 10];
    eprintln!(
        "caption start vs Whisper: median {median:.3} s, p90 {p90:.3} s over {} words",
        offsets.len()
    );
    // Whisper's word starts run early by a steady ~0.14 s on this voice (seen: the
    // audio's own onsets agree with ours to 10 ms), so it bounds the spread only.
    assert!(
        median <= 0.20 && p90 <= 0.30,
        "caption offsets vs Whisper: median {median:.3} s, p90 {p90:.3} s"
    );

    // Every word spoken after a pause starts within 100 ms of where the sound starts.
    let onsets = onsets(&made.video);
    assert!(
        onsets.len() >= board.scenes.len(),
        "{} onsets for {} scenes",
        onsets.len(),
        board.scenes.len()
    );
    for onset in onsets {
        let nearest = made
            .words
            .iter()
            .map(|w| w.start - onset)
            .min_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap();
        assert!(
            nearest.abs() <= 0.10,
            "speech starts at {onset:.2} s but the nearest caption word starts {nearest:+.3} s from it"
        );
    }
}
