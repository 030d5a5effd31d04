//! `bench/moments/run.sh`: moment finding measured on every talk set — the evaluation
//! set's tuning, held-out and blind splits and the old development set — per talk: recall@K
//! and precision@K (K = planted + 2), mean boundary error, words cut, the worst clip
//! edge's distance from a sentence edge and housekeeping in the top K; beside each
//! split, the naive baseline (45 s windows every 60 s) on the same talks. Then the speed
//! of scoring an hour against a 6-minute talk in the same process.
//!
//!   cargo run --release -p reelcut-moments --example talksets [-- --asr] [-v] [--only SPLIT]
//!
//! `--asr` transcribes the voiced talks with real Whisper (base) instead of using the
//! script's timings: slower (~1 min a talk), but it measures the whole path.

#[path = "../tests/talkset/mod.rs"]
mod talkset;

use std::time::Instant;

use reelcut_media::Processes;
use reelcut_moments::{Embedder, FrameTrack, Moments, Request};
use reelcut_transcript::Transcript;

struct Options {
    asr: bool,
    verbose: bool,
    only: Option<String>,
    /// Write every gap's break cues and label (tuning split only) for fit_breaks.py.
    dump_gaps: Option<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let options = Options {
        asr: args.iter().any(|a| a == "--asr"),
        verbose: args.iter().any(|a| a == "-v" || a == "--verbose"),
        only: args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1).cloned()),
        dump_gaps: args.iter().position(|a| a == "--dump-gaps").and_then(|i| args.get(i + 1).cloned()),
    };
    let embedder = Embedder::load(&reelcut_testkit::models_dir()).expect("MiniLM is installed");
    let mut hour = Vec::new();
    let splits = [
        ("tune", talkset::evalset("tune")),
        ("heldout", talkset::evalset("heldout")),
        ("blind", talkset::evalset("blind")),
        ("revoiced", talkset::evalset("revoiced")),
        ("devset", talkset::scripts()),
    ];
    for (name, scripts) in splits {
        if options.only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        hour.extend(run_split(name, scripts, &embedder, &options).await);
    }
    println!("targets (held-out): recall@K >= 0.90, words_cut = 0, worst_edge <= 0.30 s, housekeeping in top K = 0");
    if !hour.is_empty() {
        bench_hour(&embedder, &hour);
    }
}

async fn run_split(name: &str, scripts: Vec<talkset::Script>, embedder: &Embedder, options: &Options) -> Vec<(Transcript, FrameTrack)> {
    let dir = reelcut_testkit::tempdir();
    let processes = Processes::new(2);
    let (mut total, mut base_total) = (talkset::Metrics::default(), talkset::Metrics::default());
    // Clips offered and planted passages among them with the default budget.
    let mut defaults = (0usize, 0usize);
    let mut kept = Vec::new();
    println!("\n== {name}");
    println!(
        "{:<10} {:>5} {:>7} {:>3} {:>6} {:>9} {:>9} {:>9} {:>10} {:>5} | {:>11} {:>9}",
        "talk", "min", "planted", "K", "recall", "precision", "bound_err", "words_cut", "worst_edge", "hk", "base_recall", "base_cut"
    );
    for script in scripts {
        let mut talk = talkset::voice(script, dir.path());
        if options.asr {
            talk.transcript = transcribe(&talk, &processes).await;
        }
        let track = talk.frame_track(&processes).await;
        let moments = reelcut_moments::find(&talk.transcript, Some(&track), embedder, &talk.request()).unwrap();
        let m = talkset::evaluate(&talk, &moments);
        let base = talkset::baseline(&talk);
        // The default budget (no max_clips): how many clips, how many passages among them.
        let open = Request {
            max_clips: None,
            rank_by: reelcut_moments::RankBy::Virality,
            ..talk.request()
        };
        let by_default = reelcut_moments::find(&talk.transcript, Some(&track), embedder, &open).unwrap();
        let default_found = talk
            .planted
            .iter()
            .filter(|&&p| by_default.moments.iter().any(|c| talkset::matches((c.start, c.end), p)))
            .count();
        defaults.0 += by_default.moments.len();
        defaults.1 += default_found;
        if let Some(path) = options.dump_gaps.as_deref().filter(|_| matches!(name, "tune" | "revoiced")) {
            dump_gaps(path, &talk, &track, embedder);
        }
        if options.verbose {
            show(&talk, &moments);
            diagnose(&talk, &track, embedder);
        }
        row(&talk.script.id, talk.transcript.duration / 60.0, &m, &base);
        total.add(&m);
        base_total.add(&base);
        kept.push((talk.transcript.clone(), track));
    }
    row("all", f64::NAN, &total, &base_total);
    println!(
        "default budget (no max_clips): {} clips for {} planted passages, {} of them found ({:.2})",
        defaults.0,
        total.planted,
        defaults.1,
        defaults.1 as f64 / total.planted.max(1) as f64
    );
    kept
}

fn row(id: &str, minutes: f64, m: &talkset::Metrics, base: &talkset::Metrics) {
    println!(
        "{:<10} {:>5.1} {:>7} {:>3} {:>6.2} {:>9.2} {:>8.2}s {:>9} {:>9.2}s {:>5} | {:>11.2} {:>9}",
        id,
        minutes,
        m.planted,
        m.k,
        m.recall(),
        m.precision(),
        m.mean_boundary_error(),
        m.words_cut,
        m.worst_edge,
        m.housekeeping_in_top,
        base.recall(),
        base.words_cut
    );
}

fn show(talk: &talkset::Talk, moments: &Moments) {
    let spans = |v: &[(f64, f64)]| v.iter().map(|(a, b)| format!("{a:.1}-{b:.1}")).collect::<Vec<_>>();
    println!(
        "{}: planted {:?} housekeeping {:?}",
        talk.script.id,
        spans(&talk.planted),
        spans(&talk.housekeeping)
    );
    for c in &moments.moments {
        let hit = talk.planted.iter().any(|&p| talkset::matches((c.start, c.end), p));
        println!(
            "  #{} {:>6.1}-{:<6.1} {:>4} {:>3} h{:.0} s{:.0} p{:.0} e{:.0} c{:.0} {} | {} | {}",
            c.rank,
            c.start,
            c.end,
            c.duration_type.as_str(),
            c.virality_score,
            c.sub_scores.hook,
            c.sub_scores.self_contained,
            c.sub_scores.payoff,
            c.sub_scores.energy,
            c.sub_scores.clarity,
            if hit { "HIT" } else { "-" },
            c.transcript.chars().take(70).collect::<String>(),
            c.reason
        );
    }
    for n in &moments.notes {
        println!("  note: {n}");
    }
}

/// Appends one CSV row per gap between sentences: the break cues and what the gap is
/// (1: a passage's edge; 0: inside a passage; 2: between sentences of no passage).
fn dump_gaps(path: &str, talk: &talkset::Talk, track: &FrameTrack, embedder: &Embedder) {
    use std::io::Write;
    let analysis = reelcut_moments::Analysis::new(&talk.transcript, Some(track), embedder).unwrap();
    // By the sentence's middle, so an ASR transcript's sentences (whose edges differ
    // from the script's by a word's timing) are placed too.
    let passage_of = |i: usize| {
        let s = &analysis.sentences[i];
        let middle = (s.start + s.end) / 2.0;
        talk.planted.iter().position(|&(a, b)| (a..=b).contains(&middle))
    };
    let new = !std::path::Path::new(path).exists();
    let mut out = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
    if new {
        writeln!(out, "talk,gap,{},break", reelcut_moments::breaks::CUES.join(",")).unwrap();
    }
    for g in 1..analysis.sentences.len() {
        let (a, b) = (passage_of(g - 1), passage_of(g));
        let label = match (a, b) {
            (None, None) => 2,
            _ if a == b => 0,
            _ => 1,
        };
        let cues = reelcut_moments::breaks::cues(&analysis.evidence(), g);
        let cues: Vec<String> = cues.iter().map(|c| format!("{c:.4}")).collect();
        writeln!(out, "{},{g},{},{}", talk.script.id, cues.join(","), label).unwrap();
    }
}

/// For each planted passage: the exact window's score beside the windows one sentence
/// longer or shorter at either end, so a miss shows which edge lost and why.
fn diagnose(talk: &talkset::Talk, track: &FrameTrack, embedder: &Embedder) {
    let analysis = reelcut_moments::Analysis::new(&talk.transcript, Some(track), embedder).unwrap();
    let s = &analysis.sentences;
    for (i, x) in s.iter().enumerate() {
        if talk.housekeeping.iter().any(|&(a, b)| x.start >= a - 1e-6 && x.end <= b + 1e-6) {
            let f = &analysis.features[i];
            println!(
                "    housekeeping {:.2} (words {}) | {}",
                f.housekeeping(),
                u8::from(f.housekeeping_cue),
                x.text
            );
        }
    }
    // The sentence starting nearest the passage (Whisper's edges sit near the script's).
    let index = |t: f64| {
        (0..s.len())
            .min_by(|&a, &b| (s[a].start - t).abs().total_cmp(&(s[b].start - t).abs()))
            .filter(|&i| (s[i].start - t).abs() < 2.0)
    };
    for &(start, end) in &talk.planted {
        let Some(first) = index(start) else { continue };
        let Some(last) = s.iter().rposition(|x| x.end <= end + 1.0) else {
            continue;
        };
        let variants = [
            ("exact", first as isize, last as isize),
            ("+before", first as isize - 1, last as isize),
            ("-first", first as isize + 1, last as isize),
            ("+after", first as isize, last as isize + 1),
            ("-last", first as isize, last as isize - 1),
        ];
        let (centroid, _) = analysis.centroid(first, last);
        for (i, sentence) in s.iter().enumerate().take(last + 3).skip(first.saturating_sub(2)) {
            let f = &analysis.features[i];
            let cos: f32 = analysis.embeddings[i].iter().zip(&centroid).map(|(a, b)| a * b).sum();
            let inside = if (first..=last).contains(&i) { "|" } else { " " };
            println!(
                "   {inside} brk {:.2} cos {cos:.2} cont {:.1} sub {:.2} setup {:.2} land {:.2} hk {:.2} tr {:.2} dang {} unres {} q {} | {}",
                analysis.breaks[i],
                f.continues,
                f.substance(),
                f.roles.setup,
                f.roles.landing,
                f.housekeeping(),
                f.transition(),
                u8::from(f.dangling_opener),
                u8::from(f.unresolved_opener),
                u8::from(f.question),
                sentence.text.chars().take(80).collect::<String>()
            );
        }
        for (name, a, b) in variants {
            if a < 0 || b as usize >= s.len() || a > b {
                continue;
            }
            let (scored, _) = reelcut_moments::score_window(&analysis, a as usize, b as usize, None);
            let sub = scored.sub_scores;
            println!(
                "    {name:<8} {:>6.1}-{:<6.1} {:>5.1} h{:.0} s{:.0} p{:.0} e{:.0} c{:.0} {:?}",
                s[a as usize].start,
                s[b as usize].end,
                scored.score,
                sub.hook,
                sub.self_contained,
                sub.payoff,
                sub.energy,
                sub.clarity,
                scored.cues
            );
        }
    }
}

#[cfg(not(feature = "asr"))]
async fn transcribe(_: &talkset::Talk, _: &Processes) -> Transcript {
    eprintln!("--asr needs Whisper: run with `--features asr` (bench/moments/run.sh does)");
    std::process::exit(2)
}

/// Whisper's transcript of a talk, cached by the audio's content under the fixtures
/// dir (`asr-cache/`): the voices are deterministic, so a rerun that changes only the
/// moments room measures it in seconds instead of transcribing every talk again.
#[cfg(feature = "asr")]
async fn transcribe(talk: &talkset::Talk, processes: &Processes) -> Transcript {
    use std::hash::{Hash, Hasher};
    let audio = std::fs::read(&talk.wav).expect("the talk's audio");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    audio.hash(&mut hasher);
    let dir = reelcut_testkit::fixtures_dir().join("asr-cache");
    let cached = dir.join(format!("{}-{:016x}.json", talk.script.id, hasher.finish()));
    if let Some(mut transcript) = std::fs::read(&cached)
        .ok()
        .and_then(|b| serde_json::from_slice::<Transcript>(&b).ok())
    {
        // The cache keeps Whisper's words; the sentences are split again, so a change to
        // the splitter is measured too.
        transcript.sentences = reelcut_transcript::sentences::split(&transcript.words);
        return transcript;
    }
    let transcript = transcribe_now(talk, processes).await;
    std::fs::create_dir_all(&dir).ok();
    std::fs::write(&cached, serde_json::to_vec(&transcript).expect("a transcript serialises")).ok();
    transcript
}

#[cfg(feature = "asr")]
async fn transcribe_now(talk: &talkset::Talk, processes: &Processes) -> Transcript {
    let settings = reelcut_core::Settings {
        models_dir: reelcut_testkit::models_dir(),
        ..Default::default()
    };
    reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: &settings,
        processes,
        input: &talk.wav,
        cancel: tokio_util::sync::CancellationToken::new(),
        progress: None,
        task: reelcut_speech::Task::Transcribe,
    })
    .await
    .expect("transcribes")
}

/// Scores a ≥ 60-minute talk (the sets' talks back to back, repeated) and, as the
/// baseline in the same process, the first talk alone.
fn bench_hour(embedder: &Embedder, talks: &[(Transcript, FrameTrack)]) {
    let (mut words, mut joined) = (Vec::new(), FrameTrack::default());
    let mut offset = 0.0;
    // Talks back to back until just past an hour (every split together is three).
    for (t, track) in talks.iter().cycle() {
        if offset >= 3600.0 {
            break;
        }
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
        joined.level_db.extend(level);
        joined.pitch_hz.extend(pitch);
        offset += frames as f64 * FrameTrack::seconds_per_frame();
    }
    let hour = Transcript::assemble("en".into(), 1.0, offset, "bench".into(), vec![words]);
    let request = Request {
        durations: vec![reelcut_moments::DurationType::S30, reelcut_moments::DurationType::S60],
        prompt: Some("what to do about sleep and money".into()),
        max_clips: None,
        rank_by: reelcut_moments::RankBy::Virality,
    };
    let time = |t: &Transcript, track: &FrameTrack| {
        let started = Instant::now();
        let m = reelcut_moments::find(t, Some(track), embedder, &request).unwrap();
        (started.elapsed().as_secs_f64(), m.moments.len())
    };
    let (base_s, _) = time(&talks[0].0, &talks[0].1);
    let (hour_s, clips) = time(&hour, &joined);
    println!(
        "\nscoring: {:.1}-min talk {:.2}s (baseline); {:.1}-min talk {:.2}s = {:.1}x baseline for {:.1}x the length; {} clips; target < 10 s on 2 cores",
        talks[0].0.duration / 60.0,
        base_s,
        offset / 60.0,
        hour_s,
        hour_s / base_s,
        offset / talks[0].0.duration,
        clips
    );
}
