//! The LLM pass against a local OpenAI-compatible chat server: a good reply reranks and
//! retitles without moving cuts; a bad reply, a timeout or a dead server keep the
//! extractive result and say why.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::{Json, Router};
use reelcut_core::settings::LlmSettings;
use reelcut_moments::{DurationType, Hooks, Moment, Moments, SubScores};
use serde_json::{json, Value};

fn moment(rank: usize, start: f64, title: &str) -> Moment {
    Moment {
        rank,
        duration_type: DurationType::S30,
        start,
        end: start + 30.0,
        duration: 30.0,
        speech_start: start + 0.2,
        speech_end: start + 29.7,
        first_sentence: rank * 5,
        sentence_count: 4,
        virality_score: 80 - rank as u8 * 5,
        sub_scores: SubScores {
            hook: 70.0,
            self_contained: 70.0,
            payoff: 60.0,
            energy: 50.0,
            clarity: 90.0,
            relevance: None,
        },
        reason: "Carried by hook 70".into(),
        title: title.into(),
        hooks: Hooks {
            question: "Q?".into(),
            statement: "S.".into(),
        },
        tags: vec!["x".into()],
        description: "d".into(),
        emotions: Default::default(),
        transcript: format!("transcript of clip {rank}"),
    }
}

fn extractive() -> Moments {
    Moments {
        moments: vec![moment(1, 10.0, "one"), moment(2, 100.0, "two"), moment(3, 200.0, "three")],
        notes: vec![],
        speech_seconds: 600.0,
        method: "extractive".into(),
    }
}

/// A chat server whose message content is `content`, after `delay`; records requests.
async fn serve(content: &'static str, delay: Duration) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move |Json(body): Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body);
                tokio::time::sleep(delay).await;
                Json(json!({"choices": [{"message": {"role": "assistant", "content": content}}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), seen)
}

fn settings(url: &str, timeout_s: u64) -> LlmSettings {
    LlmSettings {
        url: url.into(),
        model: "local-model".into(),
        api_key: Some("k".into()),
        timeout_s,
        candidates: 12,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_good_reply_reranks_and_retitles_without_moving_cuts() {
    let reply = r#"Sure! ```json
{"clips": [{"id": 2, "score": 90, "title": "The third clip wins", "hook_question": "Why three?", "hook_statement": "Three beats one.", "reason": "Opens on a question and pays off."},
           {"id": 0, "score": 70, "title": "First"}]}
```"#;
    let (url, seen) = serve(reply, Duration::ZERO).await;
    let out = reelcut_moments::llm::refine(&settings(&url, 5), extractive(), 2).await;
    assert_eq!(out.method, "llm:local-model");
    assert_eq!(out.moments.len(), 2);
    assert_eq!(out.moments[0].start, 200.0, "cuts stay where they were");
    assert_eq!(out.moments[0].rank, 1);
    assert_eq!(out.moments[0].title, "The third clip wins");
    assert_eq!(out.moments[0].hooks.question, "Why three?");
    assert_eq!(
        out.moments[0].virality_score,
        (65 + 90) / 2 + 1,
        "half measured, half model, rounded"
    );
    assert!(out.moments[0].reason.starts_with("Opens on a question") && out.moments[0].reason.contains("measured: Carried by hook"));
    let request = &seen.lock().unwrap()[0];
    assert_eq!(request["model"], "local-model");
    assert!(request["messages"][1]["content"].as_str().unwrap().contains("transcript of clip 3"));
}

#[tokio::test]
async fn failures_keep_the_extractive_result_and_say_why() {
    let (bad_json, _) = serve("I think clip two is nice.", Duration::ZERO).await;
    let out = reelcut_moments::llm::refine(&settings(&bad_json, 5), extractive(), 2).await;
    assert_eq!(out.method, "extractive");
    assert_eq!(out.moments.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["one", "two"]);
    assert!(out.notes[0].contains("no JSON object"), "{:?}", out.notes);

    let (unknown_id, _) = serve(r#"{"clips": [{"id": 9}]}"#, Duration::ZERO).await;
    let out = reelcut_moments::llm::refine(&settings(&unknown_id, 5), extractive(), 2).await;
    assert!(out.notes[0].contains("does not exist"), "{:?}", out.notes);

    let (slow, _) = serve(r#"{"clips": []}"#, Duration::from_secs(5)).await;
    let out = reelcut_moments::llm::refine(&settings(&slow, 1), extractive(), 3).await;
    assert_eq!(out.moments.len(), 3);
    assert!(out.notes[0].contains("timed out"), "{:?}", out.notes);

    let out = reelcut_moments::llm::refine(&settings("http://127.0.0.1:9", 2), extractive(), 3).await;
    assert!(out.notes[0].contains("unreachable"), "{:?}", out.notes);
}
