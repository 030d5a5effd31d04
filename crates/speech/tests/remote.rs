//! The OpenAI-compatible backend against a local server replaying real responses:
//! `faster-whisper-server-0.0.3-jfk.verbose.json` was recorded from faster-whisper-server
//! 0.0.3 (PyPI) serving whisper-base on jfk.wav — a server that ignores word
//! granularity; `openai-format-jfk.verbose.json` has OpenAI's verbose_json layout
//! (language name, bare words, punctuated segments) with faster-whisper's real word
//! timings for the same audio.
// Tests start from the defaults and change what they are about.
#![allow(clippy::field_reassign_with_default)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use reelcut_core::settings::AsrBackend;
use reelcut_core::{Code, ErrorCode, Settings};
use reelcut_speech::{SpeechError, Transcript};
use reelcut_testkit::{fixture, normalise};

mod common;

#[derive(Default, Debug)]
struct Seen {
    fields: Vec<(String, String)>,
    file_bytes: usize,
    file_magic: Vec<u8>,
    authorization: Option<String>,
}

#[derive(Clone)]
struct Replay {
    status: StatusCode,
    body: &'static str,
    seen: Arc<Mutex<Seen>>,
}

async fn handle(State(replay): State<Replay>, headers: HeaderMap, mut form: Multipart) -> (StatusCode, String) {
    // Collected before locking: a std mutex guard must not live across an await.
    let mut seen = Seen {
        authorization: headers.get("authorization").map(|v| v.to_str().unwrap().to_string()),
        ..Default::default()
    };
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let bytes = field.bytes().await.unwrap();
            seen.file_bytes = bytes.len();
            seen.file_magic = bytes[..4.min(bytes.len())].to_vec();
        } else {
            let value = field.text().await.unwrap();
            seen.fields.push((name, value));
        }
    }
    *replay.seen.lock().unwrap() = seen;
    (replay.status, replay.body.to_string())
}

async fn serve(status: StatusCode, body: &'static str) -> (SocketAddr, Arc<Mutex<Seen>>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let app = Router::new().route("/v1/audio/transcriptions", post(handle)).with_state(Replay {
        status,
        body,
        seen: seen.clone(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, seen)
}

async fn run(address: SocketAddr) -> Result<Transcript, SpeechError> {
    let mut settings = Settings::default();
    settings.speech.backend = AsrBackend::Remote;
    settings.speech.remote.url = format!("http://{address}/");
    settings.speech.remote.api_key = Some("sk-local".into());
    common::transcribe_file(&settings, &fixture("jfk.wav")).await
}

#[tokio::test]
async fn words_come_back_with_their_punctuation() {
    let (address, seen) = serve(StatusCode::OK, include_str!("fixtures/remote/openai-format-jfk.verbose.json")).await;
    let transcript = run(address).await.unwrap();
    assert_eq!(transcript.language, "en");
    assert_eq!(transcript.words.len(), 22);
    assert_eq!(transcript.words[4].text, "Americans,");
    assert_eq!(transcript.words.last().unwrap().text, "country.");
    assert_eq!(normalise(&transcript.words[0].text), "and");
    assert!(transcript.model.starts_with("remote:"));
    assert_eq!(transcript.sentences.len(), 1);

    let seen = seen.lock().unwrap();
    assert_eq!(seen.file_magic, b"fLaC", "audio is sent as FLAC");
    assert!(seen.file_bytes > 10_000);
    assert_eq!(seen.authorization.as_deref(), Some("Bearer sk-local"));
    let has = |k: &str, v: &str| seen.fields.iter().any(|(a, b)| a == k && b == v);
    assert!(
        has("response_format", "verbose_json") && has("timestamp_granularities[]", "word"),
        "{:?}",
        seen.fields
    );
}

#[tokio::test]
async fn a_server_without_word_timestamps_is_named() {
    let (address, _) = serve(
        StatusCode::OK,
        include_str!("fixtures/remote/faster-whisper-server-0.0.3-jfk.verbose.json"),
    )
    .await;
    let err = run(address).await.unwrap_err();
    assert_eq!(err.code(), Code::UpstreamFailed);
    assert!(err.to_string().contains("no word timestamps"), "{err}");
}

#[tokio::test]
async fn server_errors_and_garbage_are_upstream_failures() {
    let (address, _) = serve(StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":\"out of memory\"}").await;
    let err = run(address).await.unwrap_err();
    assert_eq!(err.code(), Code::UpstreamFailed);
    assert!(
        err.to_string().contains("500") && err.to_string().contains("out of memory"),
        "{err}"
    );
    let (address, _) = serve(StatusCode::OK, "<html>proxy login</html>").await;
    let err = run(address).await.unwrap_err();
    assert!(err.to_string().contains("not a verbose_json response"), "{err}");
}
