//! `bench/moments/run.sh`: the development set's quality figures (recall@K, precision,
//! boundary error, sentence edges, words cut) and the speed of scoring an hour.
//!
//!   cargo run --release -p reelcut-moments --example devset [-- --asr]
//!
//! `--asr` transcribes the voiced talks with real Whisper (base) instead of using the
//! script's timings: slower (~2 min a talk), but it measures the whole path.

#[path = "../tests/devset/mod.rs"]
mod devset;

use std::time::Instant;

use reelcut_media::Processes;
use reelcut_moments::{Embedder, FrameTrack, Request};
use reelcut_speech::Transcript;
use tokio_util::sync::CancellationToken;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let asr = std::env::args().any(|a| a == "--asr");
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let models = reelcut_testkit::models_dir();
    let embedder = Embedder::load(&models).expect("MiniLM is installed");
    let dir = reelcut_testkit::tempdir();
    let processes = Processes::new(2);
    let mut total = devset::Metrics::default();
    let mut hour: Vec<(Transcript, FrameTrack)> = Vec::new();
    println!(
        "{:<8} {:>6} {:>7} {:>3} {:>6} {:>9} {:>12} {:>10} {:>9}",
        "talk", "min", "planted", "K", "recall", "precision", "boundary_err", "off_edges", "words_cut"
    );
    for script in devset::scripts() {
        let mut talk = devset::voice(script, dir.path());
        if asr {
            let settings = reelcut_core::Settings {
                models_dir: models.clone(),
                ..Default::default()
            };
            talk.transcript = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
                settings: &settings,
                processes: &processes,
                input: &talk.wav,
                cancel: CancellationToken::new(),
                progress: None,
            })
            .await
            .expect("transcribes");
        }
        let track = talk.frame_track(&processes).await;
        let request = talk.request();
        let moments = reelcut_moments::find(&talk.transcript, Some(&track), &embedder, &request).unwrap();
        let m = devset::evaluate(&talk, &moments);
        if verbose {
            println!(
                "{}: planted {:?}",
                talk.script.id,
                talk.planted.iter().map(|(a, b)| format!("{a:.1}-{b:.1}")).collect::<Vec<_>>()
            );
            for c in &moments.moments {
                let hit = talk.planted.iter().any(|&p| devset::matches((c.start, c.end), p));
                println!(
                    "  #{} {:>6.1}-{:<6.1} {:>4} {:>3} {:?} {} | {} | {}",
                    c.rank,
                    c.start,
                    c.end,
                    c.duration_type.as_str(),
                    c.virality_score,
                    c.sub_scores,
                    if hit { "HIT" } else { "-" },
                    c.title,
                    c.reason
                );
            }
        }
        println!(
            "{:<8} {:>6.1} {:>7} {:>3} {:>6.2} {:>9.2} {:>11.2}s {:>10} {:>9}",
            talk.script.id,
            talk.transcript.duration / 60.0,
            m.planted,
            m.k,
            m.recall(),
            m.precision(),
            m.mean_boundary_error(),
            m.off_sentence_edges,
            m.words_cut
        );
        total.add(&m);
        hour.push((talk.transcript.clone(), track));
    }
    println!(
        "{:<8} {:>6} {:>7} {:>3} {:>6.2} {:>9.2} {:>11.2}s {:>10} {:>9}",
        "all",
        "",
        total.planted,
        total.k,
        total.recall(),
        total.precision(),
        total.mean_boundary_error(),
        total.off_sentence_edges,
        total.words_cut
    );
    println!("targets: recall@K >= 0.80, off_edges = 0, words_cut = 0 (edges are checked against the transcript in use)");
    bench_hour(&embedder, &hour);
}

/// Scores a ≥ 60-minute talk (the set's talks back to back, repeated) and, as the baseline
/// in the same process, one 10-minute talk: the hour should cost about six baselines.
fn bench_hour(embedder: &Embedder, talks: &[(Transcript, FrameTrack)]) {
    let (mut words, mut chunks_track) = (Vec::new(), FrameTrack::default());
    let mut offset = 0.0;
    while offset < 3600.0 {
        for (t, track) in talks {
            for w in &t.words {
                let mut w = w.clone();
                w.start += offset;
                w.end += offset;
                words.push(w);
            }
            // The frame track is 50 ms per frame from t = 0; pad to the transcript's length.
            let frames = (t.duration / FrameTrack::seconds_per_frame()).round() as usize;
            let mut level = track.level_db.clone();
            let mut pitch = track.pitch_hz.clone();
            level.resize(frames, -90.0);
            pitch.resize(frames, 0.0);
            chunks_track.level_db.extend(level);
            chunks_track.pitch_hz.extend(pitch);
            offset += frames as f64 * FrameTrack::seconds_per_frame();
        }
    }
    let hour = Transcript::assemble("en".into(), 1.0, offset, "bench".into(), vec![words]);
    let request = Request {
        durations: vec![reelcut_moments::DurationType::S30, reelcut_moments::DurationType::S60],
        prompt: Some("what to do about sleep and money".into()),
        max_clips: None,
    };
    let time = |t: &Transcript, track: &FrameTrack| {
        let started = Instant::now();
        let m = reelcut_moments::find(t, Some(track), embedder, &request).unwrap();
        (started.elapsed().as_secs_f64(), m.moments.len())
    };
    let (base_s, _) = time(&talks[0].0, &talks[0].1);
    let (hour_s, clips) = time(&hour, &chunks_track);
    println!(
        "scoring: {:.1}-min talk {:.2}s (baseline); {:.1}-min talk {:.2}s = {:.1}x baseline for {:.1}x the length; {} clips; target < 10 s on 2 cores",
        talks[0].0.duration / 60.0,
        base_s,
        offset / 60.0,
        hour_s,
        hour_s / base_s,
        offset / talks[0].0.duration,
        clips
    );
}
