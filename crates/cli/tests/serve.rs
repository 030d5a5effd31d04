//! `reelcut serve` as a process: kill -9 in the middle of a job, start it again, and the
//! job completes without redoing the stages it had finished (their artifacts are read
//! back from the stage cache), after its lease ran out and a new worker claimed it.

mod common;

use common::{api_key, serve, start_clipping, wait};
use reelcut_testkit::tempdir;
use serde_json::{json, Value};

#[test]
fn a_job_killed_mid_run_resumes_from_its_stored_stages() {
    let dir = tempdir();
    let data = dir.path().join("data");
    let port = common::port();
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
    let key = api_key(&config, "restart");

    let mut server = serve(&config, &base);
    let client = reqwest::blocking::Client::new();
    let talk = reelcut_testkit::talk_video(dir.path(), reelcut_testkit::SHORT_TALK);
    let id = start_clipping(&client, &base, &key, &talk, &["30"]);

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
