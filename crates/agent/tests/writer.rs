//! Plans written by a text model, against an OpenAI-compatible chat endpoint served in
//! the test (axum) that answers from a script, so every branch is exercised on
//! purpose: an answer that puts an invented figure on screen is refused and asked for
//! again; the next, usable one becomes the storyboard with the brief's settings; an
//! outline never goes to the model; a server whose answers are all unusable leaves the
//! templates' plan, with a note saying so. (The chat client itself is tested against
//! llama-cpp-python's real server in crates/llm/tests/remote.rs.)

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use reelcut_agent::writer;
use reelcut_agent::{Brief, Orientation, Visual};
use reelcut_core::settings::LlmSettings;
use serde_json::{json, Value};

#[derive(Clone, Default)]
struct Script {
    replies: Arc<Mutex<Vec<String>>>,
    requests: Arc<Mutex<Vec<Value>>>,
}

async fn chat(State(script): State<Script>, Json(body): Json<Value>) -> Json<Value> {
    script.requests.lock().unwrap().push(body);
    let mut replies = script.replies.lock().unwrap();
    let content = if replies.len() > 1 { replies.remove(0) } else { replies[0].clone() };
    Json(json!({ "choices": [{ "message": { "role": "assistant", "content": content } }] }))
}

async fn server(replies: Vec<String>) -> (LlmSettings, Script) {
    let script = Script {
        replies: Arc::new(Mutex::new(replies)),
        ..Default::default()
    };
    let app = Router::new().route("/v1/chat/completions", post(chat)).with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let settings = LlmSettings {
        url,
        model: "scripted".into(),
        ..Default::default()
    };
    (settings, script)
}

const BRIEF: &str = "A 30-second portrait explainer on why our notes app syncs offline: notes save on the phone \
                     first, sync runs in the background, and support tickets fell 40% after the switch.";

fn storyboard(figure: &str) -> String {
    let sentence = "Your notes save on the phone first, so nothing waits for the network. Sync runs quietly in the background whenever a connection comes back.";
    json!({
        "title": "Why your notes work offline",
        "scenes": [
            { "narration": "Why do your notes work without a signal? Here is how offline first works.", "visual": { "kind": "title_card", "title": "Notes that work offline", "subtitle": null } },
            { "narration": sentence, "visual": { "kind": "key_point", "text": "Saved on the phone first", "label": null } },
            { "narration": "And it shows. After the switch, support tickets fell sharply, because nothing was lost while people were offline.", "visual": { "kind": "big_number", "value": figure, "label": "fewer support tickets" } },
            { "narration": "Try it on your next flight and see for yourself.", "visual": { "kind": "call_to_action", "text": "Try it offline" } }
        ]
    })
    .to_string()
}

fn brief(prompt: &str) -> Brief {
    Brief {
        prompt: prompt.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_invented_figure_is_refused_and_the_next_answer_is_used() {
    let (settings, script) = server(vec![storyboard("73%"), storyboard("40%")]).await;
    let backend = writer::backend(&settings);
    let board = writer::plan(&brief(BRIEF), backend.as_ref()).await;
    let requests = script.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "the first answer (73%, not in the brief) was asked again");
    assert_eq!(requests[0]["response_format"], json!({ "type": "json_object" }));
    assert!(requests[0]["messages"][1]["content"].as_str().unwrap().contains("about 30 seconds"));
    assert_eq!(board.title, "Why your notes work offline");
    assert!(matches!(&board.scenes[2].visual, Visual::BigNumber { value, .. } if value == "40%"));
    // The brief's settings stay: portrait and 30 s, read from the brief itself.
    assert_eq!((board.orientation, board.target_duration), (Orientation::Portrait, Some(30.0)));
    assert!(
        board.notes.iter().any(|n| n.contains("text model (llm:scripted) wrote the script")),
        "{:?}",
        board.notes
    );
    assert!(!board.notes.iter().any(|n| n.starts_with("No text model")), "{:?}", board.notes);
}

#[tokio::test]
async fn an_outline_is_used_as_written_without_asking_the_model() {
    let (settings, script) = server(vec![storyboard("40%")]).await;
    let backend = writer::backend(&settings);
    let board = writer::plan(
        &brief("Offline notes\n- Saved on the phone first\n- Synced in the background"),
        backend.as_ref(),
    )
    .await;
    assert!(script.requests.lock().unwrap().is_empty());
    assert!(board.scenes.iter().any(|s| s.narration.contains("Saved on the phone first")));
}

#[tokio::test]
async fn unusable_answers_leave_the_templates_plan_and_say_so() {
    let (settings, script) = server(vec!["I would love to help! Here is a storyboard: scene one…".into()]).await;
    let backend = writer::backend(&settings);
    let board = writer::plan(&brief(BRIEF), backend.as_ref()).await;
    assert_eq!(script.requests.lock().unwrap().len(), 3, "three tries");
    assert!(
        board.notes.iter().any(|n| n.contains("no usable storyboard in 3 tries")),
        "{:?}",
        board.notes
    );
    // No model at all: the planner's own note.
    let offline = writer::plan(&brief(BRIEF), None).await;
    assert!(offline.notes.iter().any(|n| n.starts_with("No text model")), "{:?}", offline.notes);
}
