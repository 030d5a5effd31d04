//! Deleting a clipping job through the API marks its row; the worker's periodic sweep
//! then removes its blobs, and leaves every other job's alone.

mod common;

use reelcut_core::JobKind;
use reelcut_store::NewJob;

#[tokio::test]
async fn a_deleted_jobs_blobs_are_swept() {
    let app = common::app(|_| {}).await;
    let key = app.key("acme").await;
    let ws = app.service.store.ensure_workspace("acme").await.unwrap();
    let request = serde_json::json!({ "video": { "type": "url", "url": "https://example.com/talk.mp4" } });
    let mut jobs = Vec::new();
    for title in ["deleted", "kept"] {
        let job = app
            .service
            .store
            .insert_job(NewJob {
                workspace_id: &ws.id,
                kind: JobKind::AiClipping,
                title: Some(title),
                input_language: None,
                request: &request,
                callback_url: None,
                callback_id: None,
                max_attempts: 3,
                held: true,
                parent_id: None,
            })
            .await
            .unwrap();
        for file in ["clip-01.mp4", "clip-01.jpg"] {
            let source = app.dir.path().join(file);
            std::fs::write(&source, b"bytes").unwrap();
            let blob = format!("ws/{}/jobs/{}/{file}", ws.id, job.id);
            app.service.blobs.put_file(&blob, &source).await.unwrap();
        }
        jobs.push(job.id);
    }
    let reply = app.call("DELETE", &format!("/v3/ai-clipping/{}", jobs[0]), Some(&key), None).await;
    assert!(reply.status.is_success(), "{}", reply.json);

    let removed = reelcut_jobs::sweep::blobs(&app.service).await;
    assert_eq!(removed, 2);
    let left = app.service.blobs.list("ws/").await.unwrap();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.iter().all(|k| k.contains(&jobs[1])), "{left:?}");
    assert_eq!(reelcut_jobs::sweep::blobs(&app.service).await, 0, "nothing more to sweep");
}
