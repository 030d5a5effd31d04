//! A job spread over workers, on every backend: its tasks are queued once however often
//! a step queues them, the job parks while they run and wakes when the last one ends,
//! its progress is its tasks', and a cancel reaches tasks that no worker of the job holds.

use reelcut_core::{JobKind, JobStatus};
use reelcut_store::{Claimed, Finish, NewJob, Store};

mod backends;
use backends::on_every_backend;

on_every_backend!(
    a_parked_job_wakes_when_its_last_task_ends,
    a_cancel_reaches_the_tasks_of_a_parked_job,
    tasks_that_ended_before_the_job_parked_leave_it_claimable,
);

const LEASE: i64 = 60_000;

async fn claimed_job(store: &Store) -> Claimed {
    let ws = store.ensure_workspace("spread").await.unwrap();
    store
        .insert_job(NewJob {
            workspace_id: &ws.id,
            kind: JobKind::AiClipping,
            title: None,
            input_language: None,
            request: &serde_json::json!({}),
            callback_url: None,
            callback_id: None,
            max_attempts: 3,
            held: false,
            parent_id: None,
        })
        .await
        .unwrap();
    store.claim_job_of("host-a", LEASE, &[JobKind::AiClipping]).await.unwrap().unwrap()
}

async fn claim_task(store: &Store, worker: &str) -> Option<Claimed> {
    store.claim_job_of(worker, LEASE, &[JobKind::AiClippingTask]).await.unwrap()
}

async fn complete(store: &Store, task: &Claimed) {
    let finish = Finish {
        status: JobStatus::Completed,
        error: None,
        clips: &[],
        event: None,
    };
    assert!(store.finish_job(task, finish).await.unwrap());
}

async fn claim_parent(store: &Store) -> Option<Claimed> {
    store.claim_job_of("host-c", LEASE, &[JobKind::AiClipping]).await.unwrap()
}

async fn a_parked_job_wakes_when_its_last_task_ends(store: &Store) {
    let job = claimed_job(store).await;
    for name in ["s000", "s001", "s000"] {
        store.insert_task(&job.job, name, &serde_json::json!({}), 3).await.unwrap();
    }
    assert_eq!(
        store.tasks_of(&job.job.id).await.unwrap().len(),
        2,
        "a task queued twice is queued once"
    );
    assert!(store.park_job(&job, LEASE).await.unwrap());
    assert!(claim_parent(store).await.is_none(), "parked while its tasks run");
    assert_eq!(
        store.get_job(&job.job.workspace_id, &job.job.id).await.unwrap().status(),
        JobStatus::Running
    );

    let first = claim_task(store, "host-a").await.unwrap();
    let second = claim_task(store, "host-b").await.unwrap();
    assert_eq!(first.job.parent_id.as_deref(), Some(job.job.id.as_str()));
    store.set_progress(&first, 50, "transcribe").await.unwrap();
    store.set_parent_progress(&first, 4, 50, "transcribe").await.unwrap();
    let parent = store.get_job(&job.job.workspace_id, &job.job.id).await.unwrap();
    // 4 + 46 × mean(50, 0) / 100.
    assert_eq!((parent.progress, parent.stage.as_deref()), (16, Some("transcribe")));

    complete(store, &first).await;
    assert!(claim_parent(store).await.is_none(), "one task still runs");
    complete(store, &second).await;
    let woken = claim_parent(store).await.expect("the last task wakes the job");
    assert_eq!(woken.job.id, job.job.id);
    assert_eq!(woken.job.attempts, 1, "parking gives the next step its own attempts");
}

async fn a_cancel_reaches_the_tasks_of_a_parked_job(store: &Store) {
    let job = claimed_job(store).await;
    for name in ["c001", "c002"] {
        store.insert_task(&job.job, name, &serde_json::json!({}), 3).await.unwrap();
    }
    assert!(store.park_job(&job, LEASE).await.unwrap());
    let running = claim_task(store, "host-b").await.unwrap();
    store.request_cancel(&job.job.workspace_id, &job.job.id).await.unwrap();

    assert_eq!(
        store.heartbeat(&running, LEASE).await.unwrap(),
        Some(true),
        "the running task is told to stop"
    );
    let tasks = store.tasks_of(&job.job.id).await.unwrap();
    assert_eq!(tasks[1].status(), JobStatus::Cancelled, "the pending task ends at once");
    let woken = claim_parent(store).await.expect("the parked job wakes to end");
    assert_eq!(woken.job.cancel_requested, 1);
}

async fn tasks_that_ended_before_the_job_parked_leave_it_claimable(store: &Store) {
    let job = claimed_job(store).await;
    store.insert_task(&job.job, "s000", &serde_json::json!({}), 3).await.unwrap();
    let task = claim_task(store, "host-b").await.unwrap();
    complete(store, &task).await;
    assert!(claim_parent(store).await.is_none(), "still held by its worker");
    assert!(store.park_job(&job, LEASE).await.unwrap());
    assert!(claim_parent(store).await.is_some(), "nothing to wait for: claimable at once");
}
