//! Piper narration heard back: Whisper transcribes what the voice said, and the word
//! timings the voice reports sit where Whisper hears the words.

use reelcut_voice::{Delivery, Voice, DEFAULT_VOICE};

const TEXT: &str = "Offline sync keeps your notes safe when the network drops. \
    Every change is saved on the phone first, then sent to the server when you are back online. \
    If two people edit the same note, the app keeps both versions and asks which one wins.";

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(reelcut_testkit::normalise)
        .filter(|w| !w.is_empty())
        .collect()
}

#[tokio::test]
async fn whisper_hears_the_narration_where_the_voice_says_it_is() {
    let models = reelcut_testkit::models_dir();
    let mut voice = Voice::load(&models, DEFAULT_VOICE).expect("the Piper voice is installed (reelcut models fetch)");
    let speech = voice.speak(TEXT, Delivery::default()).unwrap();
    assert_eq!(speech.words.len(), words(TEXT).len(), "one timed word per written word");
    assert_eq!(speech.sentences.len(), 3);
    assert!(speech
        .words
        .windows(2)
        .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].start + 0.05));
    let dir = reelcut_testkit::tempdir();
    let wav = dir.path().join("narration.wav");
    speech.write_wav(&wav).unwrap();
    assert!((reelcut_testkit::duration(&wav) - speech.duration()).abs() < 0.05);

    let settings = reelcut_core::Settings {
        models_dir: models.clone(),
        ..Default::default()
    };
    let processes = reelcut_media::Processes::new(2);
    let heard = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: &settings,
        processes: &processes,
        input: &wav,
        cancel: tokio_util::sync::CancellationToken::new(),
        progress: None,
        task: reelcut_speech::Task::Transcribe,
    })
    .await
    .unwrap();
    let heard_words: Vec<String> = heard.words.iter().map(|w| reelcut_testkit::normalise(&w.text)).collect();
    let error = reelcut_testkit::word_error_rate(&words(TEXT), &heard_words);
    assert!(error <= 0.10, "word error rate {error:.2}: heard {heard_words:?}");

    // Where both agree on a word, Whisper's start is within 150 ms of the voice's.
    let mut offsets = Vec::new();
    for w in &heard.words {
        let n = reelcut_testkit::normalise(&w.text);
        if let Some(ours) = speech
            .words
            .iter()
            .filter(|s| reelcut_testkit::normalise(&s.text) == n)
            .min_by(|a, b| (a.start - w.start).abs().total_cmp(&(b.start - w.start).abs()))
        {
            offsets.push((ours.start - w.start).abs());
        }
    }
    offsets.sort_by(f64::total_cmp);
    let median = offsets[offsets.len() / 2];
    assert!(
        offsets.len() >= 30 && median <= 0.15,
        "median start offset {median:.3} s over {} words",
        offsets.len()
    );
}
