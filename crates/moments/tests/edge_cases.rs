//! Inputs at the edges: a 90-second talk, a transcript without punctuation, and
//! editorial prompts that match something or nothing (music with no speech is tested in
//! the clipping room, which links Whisper).

mod talkset;

use reelcut_moments::{DurationType, Embedder, Request};
use reelcut_transcript::Transcript;

fn embedder() -> Embedder {
    Embedder::load(&reelcut_testkit::models_dir()).expect("MiniLM is installed")
}

fn script(id: &str) -> talkset::Script {
    talkset::scripts().into_iter().find(|s| s.id == id).unwrap()
}

fn request(durations: &[DurationType], prompt: Option<&str>) -> Request {
    Request {
        durations: durations.to_vec(),
        prompt: prompt.map(str::to_string),
        max_clips: None,
        rank_by: reelcut_moments::RankBy::Virality,
    }
}

#[test]
fn a_ninety_second_talk_gets_the_clips_that_fit_and_says_why_not_the_rest() {
    let mut s = script("sleep");
    // Keep whole paragraphs up to ~230 words (about 90 s voiced).
    let mut words = 0;
    s.paragraphs.retain(|p| {
        words += p.sentences.iter().map(|x| x.split_whitespace().count()).sum::<usize>();
        words <= 230
    });
    let dir = reelcut_testkit::tempdir();
    let talk = talkset::voice(s, dir.path());
    assert!((60.0..=120.0).contains(&talk.transcript.duration), "{}", talk.transcript.duration);
    let all = [DurationType::S30, DurationType::S60, DurationType::S180, DurationType::Long];
    let moments = reelcut_moments::find(&talk.transcript, None, &embedder(), &request(&all, None)).unwrap();
    assert!(!moments.moments.is_empty());
    assert!(moments
        .moments
        .iter()
        .all(|m| matches!(m.duration_type, DurationType::S30 | DurationType::S60)));
    assert!(moments.moments.iter().all(|m| m.end <= talk.transcript.duration + 1e-9));
    let notes = moments.notes.join("\n");
    assert!(notes.contains("no `180` clip") && notes.contains("no `long` clip"), "{notes}");
}

#[test]
fn a_transcript_without_punctuation_is_cut_at_pauses() {
    let dir = reelcut_testkit::tempdir();
    let talk = talkset::voice(script("money"), dir.path());
    let mut words = talk.transcript.words.clone();
    for w in &mut words {
        w.text = w
            .text
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '\'')
            .collect::<String>()
            .to_lowercase();
    }
    let bare = Transcript::assemble("en".into(), 1.0, talk.transcript.duration, "bare".into(), vec![words.clone()]);
    let moments = reelcut_moments::find(&bare, None, &embedder(), &request(&[DurationType::S30, DurationType::S60], None)).unwrap();
    assert!(moments.moments.len() >= 3, "{:?}", moments.notes);
    assert!(
        moments.notes.iter().any(|n| n.contains("no sentence punctuation")),
        "{:?}",
        moments.notes
    );
    for m in &moments.moments {
        // Each edge sits at a pause: the word before the clip ends ≥ 0.45 s before it starts.
        let first = words.iter().position(|w| (w.start - m.speech_start).abs() < 1e-9).unwrap();
        let last = words.iter().position(|w| (w.end - m.speech_end).abs() < 1e-9).unwrap();
        assert!(first == 0 || words[first].start - words[first - 1].end >= 0.45);
        assert!(last + 1 == words.len() || words[last + 1].start - words[last].end >= 0.45);
    }
}

#[test]
fn prompts_steer_the_ranking_and_a_prompt_matching_nothing_is_reported() {
    let dir = reelcut_testkit::tempdir();
    let talk = talkset::voice(script("sleep"), dir.path());
    let embedder = embedder();
    let durations = [DurationType::S30, DurationType::S60];
    let caffeine = talk.planted.iter().copied().find(|&(a, b)| {
        let text: String = talk
            .transcript
            .words
            .iter()
            .filter(|w| w.start >= a && w.end <= b)
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        text.contains("caffeine")
    });
    let caffeine = caffeine.expect("the caffeine passage is planted");
    let steered = reelcut_moments::find(
        &talk.transcript,
        None,
        &embedder,
        &request(&durations, Some("coffee and caffeine in the afternoon")),
    )
    .unwrap();
    let top = &steered.moments[0];
    assert!(
        talkset::matches((top.start, top.end), caffeine),
        "top clip {:.1}-{:.1} is not the caffeine passage {caffeine:?}",
        top.start,
        top.end
    );
    assert!(top.sub_scores.relevance.unwrap() >= 50.0, "{:?}", top.sub_scores);

    let nothing = reelcut_moments::find(
        &talk.transcript,
        None,
        &embedder,
        &request(&durations, Some("bowling tactics in test match cricket")),
    )
    .unwrap();
    assert!(!nothing.moments.is_empty(), "clips still come back");
    assert!(
        nothing.notes.iter().any(|n| n.contains("matches the prompt")),
        "{:?}",
        nothing.notes
    );
    assert!(nothing.moments.iter().all(|m| m.sub_scores.relevance.unwrap() < 35.0));

    let too_long = "x".repeat(501);
    let err = reelcut_moments::find(&talk.transcript, None, &embedder, &request(&durations, Some(&too_long))).unwrap_err();
    assert_eq!(reelcut_core::ErrorCode::param(&err), Some("prompt"));
}
