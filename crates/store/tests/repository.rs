//! One repository suite, run against every backend (conventions #13): each test body
//! runs on a fresh SQLite file and on a fresh Postgres database (127.0.0.1:5432, trust
//! auth; `REELCUT_TEST_POSTGRES` overrides the server URL).

use reelcut_core::{JobKind, JobStatus, StoredError};
use reelcut_store::{Finish, IdempotencyOutcome, NewClip, NewEndpoint, NewJob, OutboxEvent, Store, StoredResponse};

mod backends;
use backends::on_every_backend;

on_every_backend!(
    keys_authenticate_and_revoke,
    jobs_are_scoped_to_their_workspace,
    list_pages_newest_first,
    claim_is_exclusive_and_stale_leases_are_reclaimed,
    finish_writes_clips_and_outbox_atomically,
    cancel_and_delete,
    idempotency_keys,
    webhook_endpoints_and_delivery_backoff,
    held_jobs_wait_and_clips_can_be_edited,
);

/// A held job is not claimed until its request is set and it is released; a finished
/// job runs again without its clips; clips take a new title and record, and go.
async fn held_jobs_wait_and_clips_can_be_edited(store: &Store) {
    let ws = store.ensure_workspace("acme").await.unwrap();
    let held = store
        .insert_job(NewJob {
            workspace_id: &ws.id,
            kind: JobKind::AiClipping,
            title: None,
            input_language: None,
            request: &request(),
            callback_url: None,
            callback_id: None,
            max_attempts: 3,
            held: true,
            parent_id: None,
        })
        .await
        .unwrap();
    assert!(held.held());
    assert!(store.claim_job("w", 60_000).await.unwrap().is_none(), "a held job waits");
    let changed = serde_json::json!({ "video": { "type": "asset_id", "asset_id": "b" } });
    let still = store.set_request(&ws.id, &held.id, &changed, false).await.unwrap();
    assert!(still.held() && still.request.contains("\"b\""));
    let released = store.set_request(&ws.id, &held.id, &changed, true).await.unwrap();
    assert!(!released.held());
    let claimed = store.claim_job("w", 60_000).await.unwrap().expect("released");
    assert_eq!(claimed.job.id, held.id);
    assert!(
        store.set_request(&ws.id, &held.id, &changed, true).await.is_err(),
        "running: too late"
    );
    let clip = NewClip {
        id: reelcut_store::new_id(),
        idx: 1,
        status: "completed".into(),
        duration_seconds: Some(30.0),
        aspect_ratio: Some("portrait".into()),
        title: Some("before".into()),
        virality_score: Some(70),
        video_key: None,
        thumbnail_key: None,
        detail: serde_json::json!({ "favorited": false }),
    };
    let finish = Finish {
        status: JobStatus::Completed,
        error: None,
        clips: std::slice::from_ref(&clip),
        event: None,
    };
    assert!(store.finish_job(&claimed, finish).await.unwrap());
    let edited = store
        .update_clip(&ws.id, &clip.id, Some("after"), &serde_json::json!({ "favorited": true }))
        .await
        .unwrap();
    assert_eq!(edited.title.as_deref(), Some("after"));
    assert!(edited.detail.contains("true"));
    let other = store.ensure_workspace("other").await.unwrap();
    assert!(store.update_clip(&other.id, &clip.id, None, &serde_json::json!({})).await.is_err());
    assert!(store.delete_clip(&other.id, &clip.id).await.is_err(), "another workspace's clip");
    let again = store.rerun_job(&ws.id, &held.id).await.unwrap();
    assert_eq!((again.status(), again.progress), (JobStatus::Pending, 0));
    assert!(store.get_clip(&ws.id, &clip.id).await.is_err(), "a rerun starts without clips");
    assert!(store.rerun_job(&ws.id, &held.id).await.is_err(), "pending: nothing to rerun");
    let key = store.create_api_key_shaped(&ws.id, "sr_live_", 24).await.unwrap();
    assert!(key.secret.starts_with("sr_live_") && key.secret.len() == 8 + 48);
    assert_eq!(store.authenticate(&key.secret).await.unwrap().map(|k| k.1), Some(ws.id.clone()));
}

fn request() -> serde_json::Value {
    serde_json::json!({ "video": { "type": "asset_id", "asset_id": "a" } })
}

async fn job(store: &Store, workspace_id: &str) -> reelcut_store::JobRow {
    store
        .insert_job(NewJob {
            workspace_id,
            kind: JobKind::AiClipping,
            title: Some("talk"),
            input_language: None,
            request: &request(),
            callback_url: Some("http://127.0.0.1:9/callback"),
            callback_id: Some("cb-1"),
            max_attempts: 3,
            held: false,
            parent_id: None,
        })
        .await
        .unwrap()
}

async fn keys_authenticate_and_revoke(store: &Store) {
    let ws = store.ensure_workspace("acme").await.unwrap();
    assert_eq!(store.ensure_workspace("acme").await.unwrap(), ws, "idempotent");
    let key = store.create_api_key(&ws.id).await.unwrap();
    assert_eq!(
        store.authenticate(&key.secret).await.unwrap(),
        Some((key.id.clone(), ws.id.clone()))
    );
    assert_eq!(store.authenticate("rk_wrong").await.unwrap(), None);
    store.revoke_api_key(&key.id).await.unwrap();
    assert_eq!(store.authenticate(&key.secret).await.unwrap(), None);
}

async fn jobs_are_scoped_to_their_workspace(store: &Store) {
    let a = store.ensure_workspace("a").await.unwrap();
    let b = store.ensure_workspace("b").await.unwrap();
    let job = job(store, &a.id).await;
    assert_eq!(job.status(), JobStatus::Pending);
    assert!(store.get_job(&a.id, &job.id).await.is_ok());
    assert!(store.get_job(&b.id, &job.id).await.is_err(), "B cannot read A's job");
    assert!(store.delete_job(&b.id, &job.id).await.is_err(), "B cannot delete A's job");
    assert!(store.request_cancel(&b.id, &job.id).await.is_err(), "B cannot cancel A's job");
    assert!(store
        .list_jobs(&b.id, JobKind::AiClipping, 10, None)
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn list_pages_newest_first(store: &Store) {
    let ws = store.ensure_workspace("pages").await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(job(store, &ws.id).await.id);
    }
    ids.reverse();
    let first = store.list_jobs(&ws.id, JobKind::AiClipping, 2, None).await.unwrap();
    assert!(first.has_more);
    let second = store
        .list_jobs(&ws.id, JobKind::AiClipping, 2, Some(&first.items[1].id))
        .await
        .unwrap();
    let third = store
        .list_jobs(&ws.id, JobKind::AiClipping, 2, Some(&second.items[1].id))
        .await
        .unwrap();
    assert!(!third.has_more);
    let seen: Vec<String> = [first.items, second.items, third.items]
        .concat()
        .into_iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(seen, ids);
}

async fn claim_is_exclusive_and_stale_leases_are_reclaimed(store: &Store) {
    let ws = store.ensure_workspace("queue").await.unwrap();
    let job = job(store, &ws.id).await;
    let (first, second) = tokio::join!(store.claim_job("w1", 60_000), store.claim_job("w2", 60_000));
    let claims: Vec<_> = [first.unwrap(), second.unwrap()].into_iter().flatten().collect();
    assert_eq!(claims.len(), 1, "exactly one worker wins the claim");
    assert_eq!(claims[0].job.id, job.id);
    assert_eq!(claims[0].job.attempts, 1);
    assert_eq!(store.heartbeat(&claims[0], 60_000).await.unwrap(), Some(false));

    // A lease that runs out (the worker died) makes the job claimable again.
    assert_eq!(store.heartbeat(&claims[0], -1).await.unwrap(), Some(false));
    let again = store.claim_job("w3", 60_000).await.unwrap().expect("stale job re-claimed");
    assert_eq!(again.job.id, job.id);
    assert_eq!(again.job.attempts, 2);
    assert_eq!(
        store.heartbeat(&claims[0], 60_000).await.unwrap(),
        None,
        "the old worker lost its lease"
    );

    let error = StoredError {
        code: "upstream_failed".into(),
        message: "asr down".into(),
        param: None,
    };
    assert!(store.retry_job(&again, &error, 60_000).await.unwrap());
    assert!(store.claim_job("w4", 60_000).await.unwrap().is_none(), "not before its back-off");
    let row = store.get_job(&ws.id, &job.id).await.unwrap();
    assert_eq!(row.status(), JobStatus::Pending);
    assert_eq!(row.stored_error(), Some(error));
}

fn clip(idx: i64) -> NewClip {
    NewClip {
        id: reelcut_store::new_id(),
        idx,
        status: "completed".into(),
        duration_seconds: Some(31.5),
        aspect_ratio: Some("portrait".into()),
        title: Some(format!("clip {idx}")),
        virality_score: Some(77),
        video_key: Some(format!("k/{idx}.mp4")),
        thumbnail_key: Some(format!("k/{idx}.jpg")),
        detail: serde_json::json!({ "reason": "strong hook" }),
    }
}

async fn finish_writes_clips_and_outbox_atomically(store: &Store) {
    let ws = store.ensure_workspace("finish").await.unwrap();
    let endpoint = store
        .create_endpoint(
            &ws.id,
            NewEndpoint {
                url: "http://127.0.0.1:9/hook",
                events: None,
            },
        )
        .await
        .unwrap();
    let only_fail = ["ai_clipping.fail".to_string()];
    store
        .create_endpoint(
            &ws.id,
            NewEndpoint {
                url: "http://127.0.0.1:9/other",
                events: Some(&only_fail),
            },
        )
        .await
        .unwrap();
    let job = job(store, &ws.id).await;
    let claimed = store.claim_job("w1", 60_000).await.unwrap().unwrap();
    store.set_progress(&claimed, 42, "transcribe").await.unwrap();
    store.set_source(&claimed, 300.5, Some("en")).await.unwrap();
    assert_eq!(store.get_job(&ws.id, &job.id).await.unwrap().progress, 42);

    let clips = [clip(0), clip(1)];
    let event = OutboxEvent {
        event_type: "ai_clipping.success".into(),
        entity_id: job.id.clone(),
        payload: serde_json::json!({ "event_type": "ai_clipping.success" }),
        callback_url: job.callback_url.clone(),
        retry_for_ms: 3_600_000,
    };
    let stale = reelcut_store::Claimed {
        job: claimed.job.clone(),
        worker_id: "someone-else".into(),
    };
    assert!(!store
        .finish_job(
            &stale,
            Finish {
                status: JobStatus::Completed,
                error: None,
                clips: &clips,
                event: Some(event.clone())
            }
        )
        .await
        .unwrap());
    assert!(
        store
            .clips_for_jobs(&ws.id, std::slice::from_ref(&job.id))
            .await
            .unwrap()
            .is_empty(),
        "nothing written without the lease"
    );

    assert!(store
        .finish_job(
            &claimed,
            Finish {
                status: JobStatus::Completed,
                error: None,
                clips: &clips,
                event: Some(event)
            }
        )
        .await
        .unwrap());
    let row = store.get_job(&ws.id, &job.id).await.unwrap();
    assert_eq!(
        (row.status(), row.progress, row.source_duration, row.input_language.as_deref()),
        (JobStatus::Completed, 100, Some(300.5), Some("en"))
    );
    let stored = store.clips_for_jobs(&ws.id, std::slice::from_ref(&job.id)).await.unwrap();
    assert_eq!(stored.iter().map(|c| c.idx).collect::<Vec<_>>(), vec![0, 1]);
    // The one-round-trip read gives exactly the two reads' rows; a job without clips,
    // its row alone; another workspace, nothing.
    assert_eq!(
        store.get_job_with_clips(&ws.id, &job.id).await.unwrap(),
        (row.clone(), stored.clone())
    );
    let bare = self::job(store, &ws.id).await;
    assert_eq!(store.get_job_with_clips(&ws.id, &bare.id).await.unwrap(), (bare, Vec::new()));
    let other = store.ensure_workspace("other-ws").await.unwrap();
    assert!(store.get_job_with_clips(&other.id, &job.id).await.is_err());
    assert_eq!(store.get_clip(&ws.id, &stored[0].id).await.unwrap().virality_score, Some(77));

    let events = store
        .list_events(&ws.id, Some("ai_clipping.success"), Some(&job.id), 10, None)
        .await
        .unwrap();
    assert_eq!(events.items.len(), 1);
    let deliveries = store.deliveries_for_event(&events.items[0].id).await.unwrap();
    let mut targets: Vec<(Option<String>, String)> = deliveries.iter().map(|d| (d.endpoint_id.clone(), d.url.clone())).collect();
    targets.sort();
    assert_eq!(
        targets,
        vec![
            (None, "http://127.0.0.1:9/callback".to_string()),
            (Some(endpoint.id), "http://127.0.0.1:9/hook".to_string())
        ],
        "the subscribed endpoint and the callback URL; not the fail-only endpoint"
    );
}

async fn cancel_and_delete(store: &Store) {
    let ws = store.ensure_workspace("cancel").await.unwrap();
    let pending = job(store, &ws.id).await;
    assert_eq!(
        store.request_cancel(&ws.id, &pending.id).await.unwrap().status(),
        JobStatus::Cancelled
    );
    assert!(
        store.claim_job("w", 60_000).await.unwrap().is_none(),
        "a cancelled job is never claimed"
    );

    let running = job(store, &ws.id).await;
    let claimed = store.claim_job("w", 60_000).await.unwrap().unwrap();
    store.request_cancel(&ws.id, &running.id).await.unwrap();
    assert_eq!(
        store.heartbeat(&claimed, 60_000).await.unwrap(),
        Some(true),
        "the worker sees the cancel at its heartbeat"
    );

    store.delete_job(&ws.id, &running.id).await.unwrap();
    assert!(store.get_job(&ws.id, &running.id).await.is_err());
    assert!(store.delete_job(&ws.id, &running.id).await.is_err(), "deleting twice is not found");
}

async fn idempotency_keys(store: &Store) {
    let ws = store.ensure_workspace("idem").await.unwrap();
    assert_eq!(
        store.begin_idempotent(&ws.id, "k1", "h1").await.unwrap(),
        IdempotencyOutcome::Proceed
    );
    assert_eq!(
        store.begin_idempotent(&ws.id, "k1", "h1").await.unwrap(),
        IdempotencyOutcome::InProgress
    );
    assert_eq!(
        store.begin_idempotent(&ws.id, "k1", "h2").await.unwrap(),
        IdempotencyOutcome::InProgress
    );
    let response = StoredResponse {
        status: 200,
        body: "{\"data\":1}".into(),
    };
    store.complete_idempotent(&ws.id, "k1", &response).await.unwrap();
    assert_eq!(
        store.begin_idempotent(&ws.id, "k1", "h1").await.unwrap(),
        IdempotencyOutcome::Replay(response)
    );
    assert_eq!(
        store.begin_idempotent(&ws.id, "k1", "h2").await.unwrap(),
        IdempotencyOutcome::Mismatch
    );
    let other = store.ensure_workspace("idem-other").await.unwrap();
    assert_eq!(
        store.begin_idempotent(&other.id, "k1", "h1").await.unwrap(),
        IdempotencyOutcome::Proceed,
        "keys are per workspace"
    );
    store.abandon_idempotent(&other.id, "k1").await.unwrap();
    assert_eq!(
        store.begin_idempotent(&other.id, "k1", "h1").await.unwrap(),
        IdempotencyOutcome::Proceed
    );
}

async fn webhook_endpoints_and_delivery_backoff(store: &Store) {
    let ws = store.ensure_workspace("hooks").await.unwrap();
    let endpoint = store
        .create_endpoint(
            &ws.id,
            NewEndpoint {
                url: "http://127.0.0.1:9/a",
                events: None,
            },
        )
        .await
        .unwrap();
    assert!(endpoint.secret.starts_with("whsec_"));
    let rotated = store.rotate_endpoint_secret(&ws.id, &endpoint.id).await.unwrap();
    assert_ne!(rotated.secret, endpoint.secret);
    let disabled = store
        .update_endpoint(&ws.id, &endpoint.id, None, None, Some("disabled"))
        .await
        .unwrap();
    assert_eq!(disabled.status, "disabled");
    store
        .update_endpoint(&ws.id, &endpoint.id, None, None, Some("enabled"))
        .await
        .unwrap();

    job(store, &ws.id).await;
    let claimed = store.claim_job("w", 60_000).await.unwrap().unwrap();
    let event = OutboxEvent {
        event_type: "ai_clipping.fail".into(),
        entity_id: claimed.job.id.clone(),
        payload: serde_json::json!({}),
        callback_url: None,
        retry_for_ms: 10_000,
    };
    let error = StoredError {
        code: "invalid_media".into(),
        message: "not a video".into(),
        param: Some("video".into()),
    };
    store
        .finish_job(
            &claimed,
            Finish {
                status: JobStatus::Failed,
                error: Some(&error),
                clips: &[],
                event: Some(event),
            },
        )
        .await
        .unwrap();

    let batch = store.claim_deliveries(10, 60_000).await.unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!(
        batch[0].2.as_deref(),
        Some(rotated.secret.as_str()),
        "signed with the current secret"
    );
    assert!(
        store.claim_deliveries(10, 60_000).await.unwrap().is_empty(),
        "a claimed delivery is not handed out twice"
    );
    store.mark_attempt_failed(&batch[0].0, "HTTP 503", 0).await.unwrap();
    let retry = store.claim_deliveries(10, 60_000).await.unwrap();
    assert_eq!(retry.len(), 1, "due again after its back-off");
    store.mark_attempt_failed(&retry[0].0, "HTTP 503", 60_000).await.unwrap();
    let delivery = &store.deliveries_for_event(&retry[0].1.id).await.unwrap()[0];
    assert_eq!(
        (delivery.status.as_str(), delivery.attempts),
        ("failed", 2),
        "past its give-up time it fails for good"
    );

    store.delete_endpoint(&ws.id, &endpoint.id).await.unwrap();
    assert!(store.list_endpoints(&ws.id, 10, None).await.unwrap().items.is_empty());
}
