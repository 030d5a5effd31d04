//! Routing and waking on the queue, on every backend: a worker that takes only some
//! kinds of job never claims another kind, and on Postgres a queued job wakes a
//! listening worker at once (SQLite has no notices: its workers wait out their poll).

use std::time::{Duration, Instant};

use reelcut_core::JobKind;
use reelcut_store::{Dialect, NewJob, Store};

mod backends;
use backends::on_every_backend;

on_every_backend!(claims_only_the_kinds_asked_for, a_queued_job_wakes_a_listener);

fn new_job(workspace_id: &str, kind: JobKind) -> NewJob<'_> {
    NewJob {
        workspace_id,
        kind,
        title: None,
        input_language: None,
        request: &serde_json::Value::Null,
        callback_url: None,
        callback_id: None,
        max_attempts: 3,
        held: false,
        parent_id: None,
    }
}

async fn claims_only_the_kinds_asked_for(store: &Store) {
    let ws = store.ensure_workspace("acme").await.unwrap();
    let clip = store.insert_job(new_job(&ws.id, JobKind::AiClipping)).await.unwrap();
    let render = store.insert_job(new_job(&ws.id, JobKind::HyperframesRender)).await.unwrap();
    let none = store.claim_job_of("agents-only", 60_000, &[JobKind::VideoAgent]).await.unwrap();
    assert!(none.is_none(), "no agent job is queued");
    let taken = store
        .claim_job_of("no-clipping", 60_000, &[JobKind::HyperframesRender, JobKind::VideoAgent])
        .await
        .unwrap()
        .expect("the render job");
    assert_eq!(taken.job.id, render.id, "the older clipping job is not this worker's kind");
    let taken = store.claim_job_of("any", 60_000, &[]).await.unwrap().expect("the clipping job");
    assert_eq!(taken.job.id, clip.id);
}

async fn a_queued_job_wakes_a_listener(store: &Store) {
    let ws = store.ensure_workspace("acme").await.unwrap();
    let mut wakeup = store.wakeup().await;
    let listens = store.dialect() == Dialect::Postgres;
    assert_eq!(wakeup.listens(), listens);
    let poll = if listens {
        Duration::from_secs(30)
    } else {
        Duration::from_millis(400)
    };
    let waiter = tokio::spawn(async move {
        let started = Instant::now();
        wakeup.wait(poll).await;
        started.elapsed()
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    store.insert_job(new_job(&ws.id, JobKind::AiClipping)).await.unwrap();
    let waited = waiter.await.unwrap();
    if listens {
        assert!(
            waited < Duration::from_secs(5),
            "the notice should end the wait; it took {waited:?}"
        );
    } else {
        assert!(waited >= poll, "SQLite waits out its poll ({waited:?})");
    }
}
