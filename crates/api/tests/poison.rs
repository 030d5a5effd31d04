//! A poison job: its worker dies under it (the whole runtime is dropped, as when the
//! process is killed) again and again. After `MAX_ATTEMPTS` runs the next worker fails
//! it with `internal_error` and a reason a caller can read, instead of dying in turn.

mod common;

use std::time::{Duration, Instant};

use reelcut_core::JobStatus;
use reelcut_jobs::{Service, WorkerOptions, MAX_ATTEMPTS};
use serde_json::json;
use tokio_util::sync::CancellationToken;

/// A runtime of its own with its own service, like a separate `reelcut worker` process.
fn start_worker(settings: reelcut_core::Settings) -> tokio::runtime::Runtime {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.spawn(async move {
        let service = Service::open(settings).await.unwrap();
        let options = WorkerOptions {
            idle_poll: Duration::from_millis(50),
            ..WorkerOptions::new(1, reelcut_api::announcer())
        };
        reelcut_jobs::run_workers(service, options, CancellationToken::new()).await;
    });
    runtime
}

#[test]
fn a_job_whose_worker_keeps_dying_stops_after_its_attempts() {
    let main = tokio::runtime::Runtime::new().unwrap();
    // The input URL answers nothing, ever: each run sits in its download until killed.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/talk.mp4", silent.local_addr().unwrap());
    let tweak = |s: &mut reelcut_core::Settings| {
        s.service.lease_s = 2;
        s.service.fetch_allow = vec!["127.0.0.1".into()];
    };
    let app = main.block_on(common::app(tweak));
    let settings = common::settings(app.dir.path(), tweak);
    let key = main.block_on(app.key("acme"));
    let created = main.block_on(app.call(
        "POST",
        "/v3/ai-clipping",
        Some(&key),
        Some(json!({ "video": { "type": "url", "url": url } })),
    ));
    let id = created.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    let workspace = main.block_on(app.service.store.ensure_workspace("acme")).unwrap().id;
    let job = |app: &common::TestApp| main.block_on(app.service.store.get_job(&workspace, &id)).unwrap();

    for run in 1..=MAX_ATTEMPTS {
        let worker = start_worker(settings.clone());
        let started = Instant::now();
        while !(job(&app).status() == JobStatus::Running && job(&app).attempts == run) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "run {run} never started: {:?}",
                job(&app)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        worker.shutdown_background(); // killed: no heartbeat, no outcome recorded
    }

    let survivor = start_worker(settings.clone());
    let started = Instant::now();
    while job(&app).status() != JobStatus::Failed {
        assert!(started.elapsed() < Duration::from_secs(30), "never given up: {:?}", job(&app));
        std::thread::sleep(Duration::from_millis(50));
    }
    let error = job(&app).stored_error().unwrap();
    assert_eq!(error.code, "internal_error");
    assert!(error.message.contains("worker stopped each time"), "{}", error.message);
    let view = main.block_on(app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(&key), None));
    assert_eq!(view.json["data"]["status"], "failed");
    assert_eq!(view.json["data"]["failure_message"], error.message.as_str());
    // The survivor is alive and idle, and the job ran no more than its budget.
    assert_eq!(job(&app).attempts, MAX_ATTEMPTS + 1);
    survivor.shutdown_background();
    drop(silent);
}
