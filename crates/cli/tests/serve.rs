//! `reelcut serve` as a process: kill -9 in the middle of a job, start it again, and the
//! job completes without redoing the parts it had finished (their artifacts are read
//! back from the blob store): the task that was running is claimed again once its lease
//! ran out, the stretch already transcribed is not transcribed again.

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

    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = reelcut_store::Store::connect(&reelcut_store::Store::default_sqlite_url(&data))
            .await
            .unwrap();
        let ws = store.ensure_workspace("restart").await.unwrap();
        let attempts = |task: &str| {
            let (store, ws) = (&store, &ws);
            let id = format!("{id}-{task}");
            async move { store.get_job(&ws.id, &id).await.unwrap().attempts }
        };
        assert_eq!(attempts("c001").await, 2, "the running clip task was claimed again after the crash");
        assert_eq!(attempts("s000").await, 1, "the finished stretch was not transcribed again");
        let stages: Value = serde_json::from_str(store.get_job(&ws.id, &id).await.unwrap().stages.as_deref().unwrap()).unwrap();
        let count = |name: &str| stages.as_array().unwrap().iter().filter(|s| s["stage"] == json!(name)).count();
        assert_eq!((count("transcribe"), count("moments"), count("render")), (1, 1, 1), "{stages}");
    });
}
