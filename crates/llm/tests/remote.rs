//! The remote backend against a real OpenAI-compatible server: llama-cpp-python's
//! server (scripts/llama-server.sh) serving the same SmolLM2 GGUF the embedded backend
//! runs. A chat answer comes back; a hook is either the model's (and passes the checks)
//! or the extractive line; a server that is gone is an `upstream_failed` error naming
//! its URL, and hooks still come out.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reelcut_core::settings::LlmSettings;
use reelcut_core::{Code, ErrorCode};
use reelcut_llm::{hooks, Ask, Backend, HookSource, Tone};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn venv_python() -> PathBuf {
    let venv = std::env::var_os("LLAMA_SERVER_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache/reelcut-llama-server"));
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "llama-cpp-python's server is not installed in {}: run scripts/llama-server.sh",
        venv.display()
    );
    python
}

fn model() -> PathBuf {
    let path = reelcut_llm::embedded::model_path(&reelcut_testkit::models_dir());
    assert!(
        path.is_file(),
        "{} is missing: run `reelcut models fetch smollm2-135m-instruct`",
        path.display()
    );
    path
}

async fn start() -> (Server, String) {
    let port = reelcut_testkit::free_port();
    let child = Command::new(venv_python())
        .args(["-m", "llama_cpp.server", "--model"])
        .arg(model())
        .args([
            "--model_alias",
            "smollm2",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--n_ctx",
            "2048",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let server = Server(child);
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{url}/v1/models")).await {
            if r.status().is_success() {
                break;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(90), "the server did not answer within 90 s");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    (server, url)
}

fn settings(url: &str) -> LlmSettings {
    LlmSettings {
        url: url.into(),
        model: "smollm2".into(),
        timeout_s: 60,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_answers_and_a_dead_one_is_a_clear_error() {
    let (server, url) = start().await;
    let backend = Backend::Remote(settings(&url));
    let answer = backend
        .complete(&Ask {
            system: "You are a helpful assistant.",
            user: "Name one colour of the sky.",
            max_tokens: 24,
            temperature: 0.0,
            json: false,
        })
        .await
        .expect("an answer");
    assert!(!answer.trim().is_empty());

    let sentences: Vec<String> = [
        "Your body clock does not know it is the weekend.",
        "Sleeping two extra hours on Saturday is like flying two time zones west.",
        "The fix is boring but it works: get up at the same time every day.",
    ]
    .map(String::from)
    .to_vec();
    let source = HookSource {
        sentences: &sentences,
        question: "",
        keywords: Some("sleep"),
    };
    let written = hooks::write_with(&backend, &source, Tone::Excited).await;
    if written.by_model {
        assert!(hooks::acceptable(&written.text, &source).is_ok(), "{}", written.text);
    } else {
        assert_eq!(written.text, hooks::write(&source, Tone::Excited));
    }

    drop(server);
    let error = backend
        .complete(&Ask {
            system: "s",
            user: "u",
            max_tokens: 4,
            temperature: 0.0,
            json: false,
        })
        .await
        .expect_err("the server is gone");
    assert_eq!(error.code(), Code::UpstreamFailed);
    assert!(error.to_string().contains(&url), "{error}");
    let fallback = hooks::write_with(&backend, &source, Tone::Calm).await;
    assert!(!fallback.by_model && fallback.text.starts_with("Take a breath."), "{fallback:?}");
}
