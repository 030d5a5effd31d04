//! Real speech with a known transcript: the JFK sample (whisper.cpp's jfk.wav).
// Tests start from the defaults and change what they are about.
#![allow(clippy::field_reassign_with_default)]

use reelcut_core::Settings;
use reelcut_speech::Transcript;
use reelcut_testkit::{fixture, models_dir, normalise};
use serde::Deserialize;

const JFK: &str = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.";

mod common;

async fn run(model: &str) -> Transcript {
    let mut settings = Settings::default();
    settings.models_dir = models_dir();
    settings.speech.model = model.into();
    common::transcribe_file(&settings, &fixture("jfk.wav")).await.expect("transcribes")
}

fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace().map(normalise).collect()
}

#[derive(Deserialize)]
struct Reference {
    words: Vec<ReferenceWord>,
}
#[derive(Deserialize)]
struct ReferenceWord {
    word: String,
    start: f64,
}

#[tokio::test]
async fn base_model_has_zero_word_errors_and_faster_whisper_timings() {
    let transcript = run("base").await;
    assert_eq!(transcript.language, "en", "language is detected");
    let got: Vec<String> = transcript.words.iter().map(|w| normalise(&w.text)).collect();
    assert_eq!(got, words_of(JFK));
    assert_eq!(transcript.sentences.len(), 1);
    assert!(
        transcript.words.iter().any(|w| w.text == "Americans,"),
        "punctuation stays on its word"
    );

    let reference: Reference = serde_json::from_str(include_str!("fixtures/jfk.faster-whisper-base.json")).unwrap();
    assert_eq!(reference.words.len(), transcript.words.len());
    let mut worst = 0.0f64;
    for (ours, theirs) in transcript.words.iter().zip(&reference.words) {
        assert_eq!(normalise(&ours.text), normalise(&theirs.word));
        let delta = (ours.start - theirs.start).abs();
        worst = worst.max(delta);
        assert!(
            delta <= 0.25,
            "`{}` starts at {:.2}s, faster-whisper says {:.2}s",
            ours.text,
            ours.start,
            theirs.start
        );
        assert!(ours.end >= ours.start && ours.probability > 0.0 && ours.probability <= 1.0);
    }
    eprintln!("worst word-start difference from faster-whisper: {worst:.3}s");
}

#[tokio::test]
async fn english_only_model_uses_its_own_prompt() {
    let transcript = run("tiny.en").await;
    assert_eq!(transcript.language, "en");
    let got: Vec<String> = transcript.words.iter().map(|w| normalise(&w.text)).collect();
    let expected = words_of(JFK);
    let errors = got.iter().zip(&expected).filter(|(a, b)| a != b).count() + got.len().abs_diff(expected.len());
    assert!(errors <= 1, "tiny.en: {got:?}");
}

#[tokio::test]
async fn a_forced_language_the_model_lacks_is_refused() {
    let mut settings = Settings::default();
    settings.models_dir = models_dir();
    settings.speech.model = "tiny.en".into();
    settings.speech.language = Some("de".into());
    let err = common::transcribe_file(&settings, &fixture("jfk.wav")).await.unwrap_err();
    assert!(err.to_string().contains("`de`"), "{err}");
}
