//! `reelcut serve` as a process: kill -9 in the middle of a job, start it again, and the
//! job completes without redoing the stages it had finished (their artifacts are read
//! back from the stage cache), after its lease ran out and a new worker claimed it.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reelcut_testkit::{models_dir, tempdir};
use serde_json::{json, Value};

fn port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn reelcut(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reelcut"));
    command
        .arg("--config")
        .arg(config)
        .env("REELCUT_MODELS", models_dir())
        .env_remove("REELCUT_CACHE_DIR");
    command
}

fn serve(config: &Path, base: &str) -> Child {
    let child = reelcut(config).arg("serve").spawn().unwrap();
    let client = reqwest::blocking::Client::new();
    let started = Instant::now();
    while client
        .get(format!("{base}/readyz"))
        .send()
        .map(|r| !r.status().is_success())
        .unwrap_or(true)
    {
        assert!(started.elapsed() < Duration::from_secs(30), "server did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

fn job(client: &reqwest::blocking::Client, base: &str, key: &str, id: &str) -> Value {
    let reply: Value = client
        .get(format!("{base}/v3/ai-clipping/{id}"))
        .header("x-api-key", key)
        .send()
        .unwrap()
        .json()
        .unwrap();
    reply["data"].clone()
}

fn wait(client: &reqwest::blocking::Client, base: &str, key: &str, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let job = job(client, base, key, id);
        if done(&job) {
            return job;
        }
        assert!(!matches!(job["status"].as_str(), Some("failed" | "cancelled")), "{job}");
        assert!(started.elapsed() < Duration::from_secs(600), "{job}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_job_killed_mid_run_resumes_from_its_stored_stages() {
    let dir = tempdir();
    let data = dir.path().join("data");
    let port = port();
    let base = format!("http://127.0.0.1:{port}");
    let config = dir.path().join("reelcut.toml");
    std::fs::write(
        &config,
        format!(
            "cache_dir = {:?}\n[service]\ndata_dir = {:?}\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"{base}\"\nlease_s = 3\nclip_resolution = \"480p\"\nworkers = 1\n",
            dir.path().join("stages"),
            data
        ),
    )
    .unwrap();
    let keys = reelcut(&config)
        .args(["keys", "create", "--workspace", "restart"])
        .output()
        .unwrap();
    assert!(keys.status.success(), "{}", String::from_utf8_lossy(&keys.stderr));
    let key = String::from_utf8(keys.stdout).unwrap().trim().to_string();

    let mut server = serve(&config, &base);
    let client = reqwest::blocking::Client::new();
    let talk = reelcut_testkit::talk_video(dir.path(), reelcut_testkit::SHORT_TALK);
    let form = reqwest::blocking::multipart::Form::new().file("file", &talk).unwrap();
    let asset: Value = client
        .post(format!("{base}/v3/assets"))
        .header("x-api-key", &key)
        .multipart(form)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let created: Value = client
        .post(format!("{base}/v3/ai-clipping"))
        .header("authorization", format!("Bearer {key}"))
        .json(&json!({ "video": { "type": "asset_id", "asset_id": asset["data"]["asset_id"] }, "output_settings": { "duration_types": ["30"] } }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = created["data"]["ai_clipping_id"].as_str().unwrap().to_string();

    // Past transcription and moment selection (progress 55 starts the look stage).
    let before = wait(&client, &base, &key, &id, |j| {
        j["progress"].as_i64().unwrap_or(0) >= 55 || j["status"] == json!("completed")
    });
    assert_eq!(before["status"], json!("running"), "killed mid-run, not after: {before}");
    server.kill().unwrap(); // SIGKILL: no shutdown path runs
    server.wait().unwrap();

    let mut server = serve(&config, &base);
    let after = wait(&client, &base, &key, &id, |j| j["status"] == json!("completed"));
    assert!(!after["clips"].as_array().unwrap().is_empty(), "{after}");
    server.kill().unwrap();
    server.wait().unwrap();

    let stages = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = reelcut_store::Store::connect(&reelcut_store::Store::default_sqlite_url(&data))
            .await
            .unwrap();
        let ws = store.ensure_workspace("restart").await.unwrap();
        let row = store.get_job(&ws.id, &id).await.unwrap();
        assert_eq!(row.attempts, 2, "claimed again after the crash");
        serde_json::from_str::<Value>(row.stages.as_deref().unwrap()).unwrap()
    });
    let cached = |name: &str| stages.as_array().unwrap().iter().find(|s| s["stage"] == json!(name)).unwrap()["cached"].clone();
    assert_eq!(
        (cached("transcribe"), cached("moments")),
        (json!(true), json!(true)),
        "finished stages were not redone: {stages}"
    );
}
