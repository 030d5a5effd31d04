//! A ≥ 10-minute input built from speech pieces separated by silences must lose or
//! double no word at chunk cuts, judged against the pieces transcribed one by one.
// Tests start from the defaults and change what they are about.
#![allow(clippy::field_reassign_with_default)]

use std::path::{Path, PathBuf};

use reelcut_core::Settings;
use reelcut_speech::Transcript;
use reelcut_testkit::{duration, ffmpeg, fixture, models_dir, normalise, speak, tempdir};

const LINES: &[&str] = &[
    "The river rose slowly through the night, and by morning the bridge was under water.",
    "Nobody in the village had seen a flood like it since the winter of nineteen sixty two.",
    "The baker opened his shop anyway, because people still needed bread and somewhere warm to talk.",
    "Children carried sandbags in a long line from the square to the church steps.",
    "By noon the rain had stopped, but the water kept climbing for another three hours.",
    "The radio said the dam upstream was holding, which was the only good news all day.",
    "Farmers moved their cattle to the high field behind the old school.",
    "In the evening the mayor thanked everyone and promised to rebuild the bridge in stone.",
    "Scientists say the climate is changing faster than our models predicted ten years ago.",
    "Here is the surprising part: most of the extra heat went into the deep ocean.",
    "If you remember one number from this talk, remember this one: ninety percent.",
    "That is how much of the excess energy the oceans have absorbed since nineteen seventy.",
];
const VOICES: &[&str] = &["en-us", "en", "en-us+m3", "en+f3"];

struct Piece {
    path: PathBuf,
    start: f64,
}

mod common;

async fn run(path: &Path, settings: &Settings) -> Transcript {
    common::transcribe_file(settings, path).await.expect("transcribes")
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_minutes_of_pieces_lose_and_double_no_word() {
    let dir = tempdir();
    let jfk = fixture("jfk.wav");
    // Pieces: two or three sentences each, varied voices and rates, plus the real JFK recording.
    let mut pieces = Vec::new();
    let mut concat = String::new();
    let mut t = 0.0;
    let mut i = 0;
    while t < 610.0 {
        let path = dir.path().join(format!("piece{i:03}.wav"));
        if i % 7 == 3 {
            std::fs::copy(&jfk, &path).unwrap();
        } else {
            let text = format!("{} {}", LINES[i % LINES.len()], LINES[(i * 5 + 1) % LINES.len()]);
            speak(&text, VOICES[i % VOICES.len()], 150 + (i as u32 % 4) * 15, &path);
        }
        let length = duration(&path);
        // Silences from 0.3 s (shorter than a sentence pause) to 3 s.
        let silence = [0.3, 1.0, 2.2, 0.6, 3.0, 0.45][i % 6];
        let gap = dir.path().join(format!("gap{i:03}.wav"));
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=16000:cl=mono",
            "-t",
            &silence.to_string(),
            gap.to_str().unwrap(),
        ]);
        concat.push_str(&format!("file '{}'\nfile '{}'\n", path.display(), gap.display()));
        pieces.push(Piece { path, start: t });
        t += length + silence;
        i += 1;
    }
    let list = dir.path().join("list.txt");
    std::fs::write(&list, concat).unwrap();
    let long = dir.path().join("long.wav");
    ffmpeg(&[
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        list.to_str().unwrap(),
        "-c",
        "copy",
        long.to_str().unwrap(),
    ]);
    assert!(duration(&long) >= 600.0);
    // Set REELCUT_KEEP_MEDIA=DIR to keep the generated input for a closer look.
    if let Some(keep) = std::env::var_os("REELCUT_KEEP_MEDIA") {
        std::fs::copy(&long, Path::new(&keep).join("long_form.wav")).unwrap();
    }

    let mut settings = Settings::default();
    settings.models_dir = models_dir();
    // The default model and beam: tiny.en on these synthetic voices skips whole
    // sentences even when decoded alone, which would drown the signal this test is for.
    let whole = run(&long, &settings).await;
    assert!(whole.segments.len() >= 20, "a 10-minute input is cut into many chunks");

    // Reference: each piece transcribed alone, placed on the long input's clock. Each
    // gets half a second of silence on both sides, as it has inside the long input:
    // speech that starts on the very first sample makes Whisper invent a word.
    const LEAD_S: f64 = 0.5;
    let mut reference: Vec<(String, f64)> = Vec::new();
    for piece in &pieces {
        let padded = piece.path.with_extension("padded.wav");
        ffmpeg(&[
            "-i",
            piece.path.to_str().unwrap(),
            "-af",
            "adelay=500:all=1,apad=pad_dur=0.5",
            padded.to_str().unwrap(),
        ]);
        let alone = run(&padded, &settings).await;
        reference.extend(
            alone
                .words
                .iter()
                .map(|w| (normalise(&w.text), piece.start - LEAD_S + w.start))
                .filter(|(w, _)| !w.is_empty()),
        );
    }
    let hypothesis: Vec<(String, f64)> = whole
        .words
        .iter()
        .map(|w| (normalise(&w.text), w.start))
        .filter(|(w, _)| !w.is_empty())
        .collect();

    // Where the long run was cut: between consecutive chunks' words.
    let cuts: Vec<(f64, f64)> = whole.segments.windows(2).map(|p| (p[0].end, p[1].start)).collect();
    let near_cut = |t: f64| cuts.iter().any(|(a, b)| t >= a - 1.0 && t <= b + 1.0);

    // A decoder words a piece slightly differently with other audio around it ("come
    // carrying" for "coming"); that is not what this test is about. A word *lost* at a
    // cut leaves its time without any word in the long run; a word *doubled* at a cut
    // appears on both sides of it.
    let edits = align(&reference, &hypothesis);
    let worded = |t: f64| whole.words.iter().any(|w| t >= w.start - 0.3 && t <= w.end + 0.3);
    let spoken_in = |word: &str, from: f64, to: f64| hypothesis.iter().any(|(w, s)| w == word && *s >= from && *s <= to);
    let doubled = |word: &str, t: f64| {
        cuts.iter()
            .filter(|(a, b)| (t - a).abs() < 1.5 || (t - b).abs() < 1.5)
            .any(|(a, b)| spoken_in(word, a - 1.5, a + 0.05) && spoken_in(word, b - 0.05, b + 1.5))
    };
    let at_cuts: Vec<String> = edits
        .iter()
        .filter(|e| near_cut(e.time))
        .filter(|e| match e.kind {
            Edit::Delete => !worded(e.time),
            Edit::Insert => doubled(&e.word, e.time),
            Edit::Substitute => false,
        })
        .map(|e| format!("{:?} `{}` at {:.2}s", e.kind, e.word, e.time))
        .collect();
    let word_error_rate = edits.len() as f64 / reference.len() as f64;
    eprintln!(
        "{} pieces, {} chunks, {} words; differences from the pieces alone: {} ({:.1}%), lost or doubled at cuts: {}",
        pieces.len(),
        whole.segments.len(),
        hypothesis.len(),
        edits.len(),
        word_error_rate * 100.0,
        at_cuts.len()
    );
    if !at_cuts.is_empty() {
        let around = |words: &[(String, f64)], t: f64| {
            words
                .iter()
                .filter(|(_, s)| (s - t).abs() < 4.0)
                .map(|(w, s)| format!("{w}@{s:.1}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let first = edits
            .iter()
            .find(|e| at_cuts[0].contains(&format!("`{}` at {:.2}s", e.word, e.time)))
            .unwrap();
        panic!(
            "words lost or doubled at chunk cuts: {at_cuts:#?}\ncuts: {cuts:.1?}\naround the first:\n  pieces: {}\n  long:   {}",
            around(&reference, first.time),
            around(&hypothesis, first.time)
        );
    }
    assert!(
        word_error_rate < 0.15,
        "the long run should read like the pieces: {:.1}% differ",
        word_error_rate * 100.0
    );
}

#[derive(Debug, PartialEq)]
enum Edit {
    Substitute,
    /// In the reference, missing from the long run.
    Delete,
    /// In the long run, not in the reference.
    Insert,
}

struct Difference {
    kind: Edit,
    word: String,
    time: f64,
}

/// Levenshtein alignment of two timed word sequences; returns the edits.
fn align(reference: &[(String, f64)], hypothesis: &[(String, f64)]) -> Vec<Difference> {
    let (n, m) = (reference.len(), hypothesis.len());
    let mut cost = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in cost[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let same = reference[i - 1].0 == hypothesis[j - 1].0;
            cost[i][j] = (cost[i - 1][j - 1] + u32::from(!same))
                .min(cost[i - 1][j] + 1)
                .min(cost[i][j - 1] + 1);
        }
    }
    let (mut i, mut j) = (n, m);
    let mut edits = Vec::new();
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + u32::from(reference[i - 1].0 != hypothesis[j - 1].0) {
            if reference[i - 1].0 != hypothesis[j - 1].0 {
                edits.push(Difference {
                    kind: Edit::Substitute,
                    word: reference[i - 1].0.clone(),
                    time: reference[i - 1].1,
                });
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && cost[i][j] == cost[i - 1][j] + 1 {
            edits.push(Difference {
                kind: Edit::Delete,
                word: reference[i - 1].0.clone(),
                time: reference[i - 1].1,
            });
            i -= 1;
        } else {
            edits.push(Difference {
                kind: Edit::Insert,
                word: hypothesis[j - 1].0.clone(),
                time: hypothesis[j - 1].1,
            });
            j -= 1;
        }
    }
    edits
}
