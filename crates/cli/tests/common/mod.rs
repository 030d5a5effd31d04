//! Helpers for the suites that run `reelcut serve` and `reelcut worker` as processes:
//! a free port, the binary with a config file, a server that is up, and polling a
//! clipping job through the API.
#![allow(dead_code)]

pub mod cluster;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub use reelcut_testkit::free_port as port;
use reelcut_testkit::models_dir;
use serde_json::Value;

pub fn reelcut(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reelcut"));
    command
        .arg("--config")
        .arg(config)
        .env("REELCUT_MODELS", models_dir())
        .env_remove("REELCUT_CACHE_DIR");
    command
}

/// `reelcut serve` with `config`, once `/readyz` answers.
pub fn serve(config: &Path, base: &str) -> Child {
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

/// A new API key for `workspace`, made by `reelcut keys create`.
pub fn api_key(config: &Path, workspace: &str) -> String {
    let keys = reelcut(config).args(["keys", "create", "--workspace", workspace]).output().unwrap();
    assert!(keys.status.success(), "{}", String::from_utf8_lossy(&keys.stderr));
    String::from_utf8(keys.stdout).unwrap().trim().to_string()
}

pub fn job(client: &reqwest::blocking::Client, base: &str, key: &str, id: &str) -> Value {
    let reply: Value = client
        .get(format!("{base}/v3/ai-clipping/{id}"))
        .header("x-api-key", key)
        .send()
        .unwrap()
        .json()
        .unwrap();
    reply["data"].clone()
}

/// Polls the clipping job until `done` says so (failing on failed or cancelled).
pub fn wait(client: &reqwest::blocking::Client, base: &str, key: &str, id: &str, done: impl Fn(&Value) -> bool) -> Value {
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

/// Uploads `video` as an asset and starts a clipping job on it; the job's id.
pub fn start_clipping(client: &reqwest::blocking::Client, base: &str, key: &str, video: &Path, durations: &[&str]) -> String {
    start_clipping_with(
        client,
        base,
        key,
        video,
        serde_json::json!({ "output_settings": { "duration_types": durations } }),
    )
}

pub use reelcut_testkit::client::start_clipping_with;

/// One value (or rows, one per line) from `sql` on `database`.
pub fn psql(database: &str, sql: &str) -> String {
    let out = Command::new("psql").args([database, "-tAc", sql]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
